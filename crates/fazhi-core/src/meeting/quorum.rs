use serde::Serialize;

use crate::DomainError;

/// The quorum of a meeting type: `num/den` of the voting members, either "more than"
/// (`strict`, e.g. 过半数) or "at least" (e.g. 三分之二以上).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quorum {
    pub num: u32,
    pub den: u32,
    pub strict: bool,
}

impl Default for Quorum {
    /// 应到会成员过半数到会方能召开.
    fn default() -> Self {
        Quorum { num: 1, den: 2, strict: true }
    }
}

impl Quorum {
    pub fn new(num: u32, den: u32, strict: bool) -> Result<Quorum, DomainError> {
        if den == 0 || num == 0 || num > den {
            return Err(DomainError::invalid("quorum", "「到会人数要求」应为不大于 1 的分数，如 1/2、2/3"));
        }
        Ok(Quorum { num, den, strict })
    }

    /// The fewest present voting members that make a quorum out of `members`.
    pub fn required(&self, members: u32) -> u32 {
        let prod = u64::from(members) * u64::from(self.num);
        let den = u64::from(self.den);
        let r = if self.strict { prod / den + 1 } else { prod.div_ceil(den) };
        // Never more than everyone (a strict 1/1 would otherwise be unreachable).
        (r.min(u64::from(members))) as u32
    }

    pub fn met(&self, present: u32, members: u32) -> bool {
        members > 0 && present >= self.required(members)
    }

    pub fn label(&self) -> String {
        let frac = if self.num * 2 == self.den { "半数".to_string() } else { format!("{}分之{}", cn(self.den), cn(self.num)) };
        if self.strict { format!("超过{frac}") } else { format!("{frac}以上") }
    }

    /// The refusal when a vote is attempted below quorum.
    pub fn check(&self, present: u32, members: u32) -> Result<(), DomainError> {
        if self.met(present, members) {
            Ok(())
        } else {
            Err(DomainError::refused(
                "meeting_quorum",
                format!("到会表决成员 {present} 人，未达到应到会成员（{members} 人）{}的要求（至少 {} 人），不能进行表决", self.label(), self.required(members)),
            ))
        }
    }
}

fn cn(n: u32) -> String {
    const D: [&str; 11] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    if n <= 10 { D[n as usize].to_string() } else { n.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_half() {
        let q = Quorum::default();
        assert_eq!(q.required(7), 4);
        assert_eq!(q.required(8), 5);
        assert!(q.met(4, 7));
        assert!(!q.met(4, 8));
        assert!(q.check(3, 7).unwrap_err().to_string().contains("超过半数"));
    }

    #[test]
    fn two_thirds_at_least() {
        let q = Quorum::new(2, 3, false).unwrap();
        assert_eq!(q.required(9), 6);
        assert_eq!(q.required(10), 7);
        assert_eq!(q.label(), "三分之二以上");
    }

    #[test]
    fn no_members_no_quorum() {
        assert!(!Quorum::default().met(0, 0));
    }
}
