use serde::Serialize;

use super::Quorum;
use crate::DomainError;

/// One member's position on one item (逐项表决).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Agree,
    Disagree,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Agree, Choice::Disagree, Choice::Abstain];
    pub fn code(self) -> &'static str {
        match self {
            Choice::Agree => "agree",
            Choice::Disagree => "disagree",
            Choice::Abstain => "abstain",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Choice::Agree => "同意",
            Choice::Disagree => "不同意",
            Choice::Abstain => "弃权",
        }
    }
    pub fn parse(code: &str) -> Result<Choice, DomainError> {
        Choice::ALL.into_iter().find(|c| c.code() == code).ok_or_else(|| DomainError::invalid("choice", "请选择表决意见：同意、不同意或弃权"))
    }
}

/// The decision on an item (决定).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 通过.
    Adopt,
    /// 不通过.
    Reject,
    /// 暂缓决定，修改完善后再次上会.
    Defer,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Adopt, Outcome::Reject, Outcome::Defer];
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Adopt => "adopt",
            Outcome::Reject => "reject",
            Outcome::Defer => "defer",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Adopt => "通过",
            Outcome::Reject => "不通过",
            Outcome::Defer => "暂缓决定",
        }
    }
    pub fn parse(code: &str) -> Result<Outcome, DomainError> {
        Outcome::ALL.into_iter().find(|c| c.code() == code).ok_or_else(|| DomainError::invalid("outcome", "请选择「决定」"))
    }
}

/// A present voting member and their position so far on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub user_id: i64,
    pub name: String,
    pub principal: bool,
    pub choice: Option<Choice>,
}

/// The count of one item's votes against the body's voting members.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// 应到: voting members of the meeting (attendees excluded).
    pub members: u32,
    /// 实到: present voting members.
    pub present: u32,
    pub agree: u32,
    pub disagree: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn of(members: u32, ballots: &[Ballot]) -> Tally {
        let mut t = Tally { members, present: ballots.len() as u32, ..Tally::default() };
        for b in ballots {
            match b.choice {
                Some(Choice::Agree) => t.agree += 1,
                Some(Choice::Disagree) => t.disagree += 1,
                Some(Choice::Abstain) => t.abstain += 1,
                None => {}
            }
        }
        t
    }
    pub fn voted(&self) -> u32 {
        self.agree + self.disagree + self.abstain
    }
    pub fn not_voted(&self) -> u32 {
        self.present.saturating_sub(self.voted())
    }
    pub fn label(&self) -> String {
        format!("应到 {} 人，实到 {} 人；同意 {} 票，不同意 {} 票，弃权 {} 票", self.members, self.present, self.agree, self.disagree, self.abstain)
    }
}

/// The majority result of a tally: adopted when more than half of the voting
/// members (应到会成员过半数) agree, otherwise not adopted. Abstentions and
/// absences therefore count against adoption, as in the usual 议事规则.
pub fn majority(t: &Tally) -> Outcome {
    if t.members > 0 && t.agree * 2 > t.members { Outcome::Adopt } else { Outcome::Reject }
}

/// A vote may be taken only with a quorum present.
pub fn check_vote_allowed(t: &Tally, quorum: &Quorum) -> Result<(), DomainError> {
    quorum.check(t.present, t.members)
}

/// 末位表态: the principal leader states a position only after every other
/// present voting member has stated theirs. `voter` is the member about to vote.
pub fn check_principal_last(ballots: &[Ballot], voter: i64) -> Result<(), DomainError> {
    let Some(me) = ballots.iter().find(|b| b.user_id == voter) else {
        return Err(DomainError::refused("meeting_vote", "您不是本次会议出席的表决成员，不能表决"));
    };
    if !me.principal {
        return Ok(());
    }
    let waiting: Vec<&str> = ballots.iter().filter(|b| !b.principal && b.choice.is_none()).map(|b| b.name.as_str()).collect();
    if waiting.is_empty() {
        Ok(())
    } else {
        Err(DomainError::refused(
            "meeting_principal_last",
            format!("主要负责人应末位表态：尚有 {} 名出席成员（{}）未表态，请待其他成员表态后再表态", waiting.len(), waiting.join("、")),
        ))
    }
}

/// The decision on an item: every present voting member must have voted; a
/// decision contrary to the majority needs the reason stated at the meeting
/// (令713 art.30). Returns whether the decision is contrary to the majority.
pub fn check_decision(t: &Tally, outcome: Outcome, reason: Option<&str>) -> Result<bool, DomainError> {
    if t.not_voted() > 0 {
        return Err(DomainError::refused("meeting_decision", format!("尚有 {} 名出席成员未表决，不能作出决定", t.not_voted())));
    }
    let contrary = (outcome == Outcome::Adopt) != (majority(t) == Outcome::Adopt);
    if contrary && reason.map(str::trim).is_none_or(str::is_empty) {
        return Err(DomainError::invalid(
            "contrary_reason",
            format!("该决定与多数成员意见（{}）不一致，应当在会上说明理由：请填写「不采纳多数意见的理由」", majority(t).label()),
        ));
    }
    Ok(contrary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(id: i64, principal: bool, c: Option<Choice>) -> Ballot {
        Ballot { user_id: id, name: format!("成员{id}"), principal, choice: c }
    }

    #[test]
    fn principal_last() {
        let ballots = vec![b(1, true, None), b(2, false, Some(Choice::Agree)), b(3, false, None)];
        let e = check_principal_last(&ballots, 1).unwrap_err();
        assert!(e.to_string().contains("成员3"), "{e}");
        assert!(check_principal_last(&ballots, 3).is_ok());
        let ballots = vec![b(1, true, None), b(2, false, Some(Choice::Agree)), b(3, false, Some(Choice::Disagree))];
        assert!(check_principal_last(&ballots, 1).is_ok());
        assert!(check_principal_last(&ballots, 9).is_err());
    }

    #[test]
    fn majority_of_members() {
        let t = Tally { members: 7, present: 5, agree: 4, disagree: 1, abstain: 0 };
        assert_eq!(majority(&t), Outcome::Adopt);
        let t = Tally { members: 7, present: 5, agree: 3, disagree: 1, abstain: 1 };
        assert_eq!(majority(&t), Outcome::Reject);
    }

    #[test]
    fn contrary_needs_reason() {
        let t = Tally { members: 5, present: 5, agree: 2, disagree: 3, abstain: 0 };
        assert!(check_decision(&t, Outcome::Adopt, None).is_err());
        assert!(check_decision(&t, Outcome::Adopt, Some("  ")).is_err());
        assert!(check_decision(&t, Outcome::Adopt, Some("汛期临近，须立即实施")).unwrap());
        assert!(!check_decision(&t, Outcome::Reject, None).unwrap());
        assert!(!check_decision(&t, Outcome::Defer, None).unwrap());
    }

    #[test]
    fn decision_waits_for_all_votes() {
        let t = Tally { members: 5, present: 5, agree: 3, disagree: 0, abstain: 0 };
        assert!(check_decision(&t, Outcome::Adopt, None).unwrap_err().to_string().contains("2 名"));
    }
}
