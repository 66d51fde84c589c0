//! 与户主关系 as the standard codes of GB/T 4761-2008 家庭关系代码.
//!
//! A subset of the standard (the codes a resident table uses: the group
//! codes and the common single relations), agreeing with public code tables
//! that transcribe it; the standard text itself was not checked (\[U\]). It
//! is data, so adding a code is one line. A cell may hold the code ("02") or
//! the name ("户主").
use serde::{Deserialize, Serialize};

/// (code, name) in code order.
pub const RELATIONS: [(&str, &str); 31] = [
    ("01", "本人"),
    ("02", "户主"),
    ("10", "配偶"),
    ("11", "夫"),
    ("12", "妻"),
    ("20", "子"),
    ("27", "养子或继子"),
    ("28", "女婿"),
    ("30", "女"),
    ("37", "养女或继女"),
    ("38", "儿媳"),
    ("40", "孙子、孙女或外孙子、外孙女"),
    ("41", "孙子"),
    ("42", "孙女"),
    ("43", "外孙子"),
    ("44", "外孙女"),
    ("50", "父母"),
    ("51", "父亲"),
    ("52", "母亲"),
    ("53", "公公"),
    ("54", "婆婆"),
    ("55", "岳父"),
    ("56", "岳母"),
    ("60", "祖父母或外祖父母"),
    ("70", "兄弟姐妹"),
    ("71", "兄"),
    ("73", "弟"),
    ("75", "姐姐"),
    ("77", "妹妹"),
    ("97", "其他亲属"),
    ("99", "非亲属"),
];

/// A checked relation code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HouseholdRelation(&'static str);

impl HouseholdRelation {
    pub const HEAD: HouseholdRelation = HouseholdRelation("02");

    /// Reads a code or a name; a single-digit code is read with its leading
    /// zero (spreadsheets drop it: "2" → "02").
    pub fn parse(input: &str) -> Option<HouseholdRelation> {
        let s = input.trim();
        let padded = if s.len() == 1 && s.bytes().all(|b| b.is_ascii_digit()) { format!("0{s}") } else { s.to_string() };
        RELATIONS
            .iter()
            .find(|(code, name)| *code == padded || *name == s)
            .map(|(code, _)| HouseholdRelation(code))
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    pub fn label(self) -> &'static str {
        RELATIONS.iter().find(|(c, _)| *c == self.0).map_or("", |(_, n)| n)
    }

    /// 户主 or 本人 (a one-person household).
    pub fn is_head(self) -> bool {
        matches!(self.0, "01" | "02")
    }
}

impl TryFrom<String> for HouseholdRelation {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        HouseholdRelation::parse(&value).ok_or_else(|| format!("与户主关系代码「{value}」不在 GB/T 4761 代码表中"))
    }
}

impl From<HouseholdRelation> for String {
    fn from(r: HouseholdRelation) -> String {
        r.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_both_read() {
        for (code, name) in RELATIONS {
            assert_eq!(HouseholdRelation::parse(code).unwrap().label(), name);
            assert_eq!(HouseholdRelation::parse(name).unwrap().code(), code);
        }
        assert_eq!(HouseholdRelation::parse("2"), Some(HouseholdRelation::HEAD));
        assert_eq!(HouseholdRelation::parse("04"), None);
        assert_eq!(HouseholdRelation::parse("表哥"), None);
        assert!(HouseholdRelation::HEAD.is_head());
    }

    #[test]
    fn the_table_is_ordered_and_unique() {
        assert!(RELATIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn serde_uses_the_code() {
        let r = HouseholdRelation::parse("配偶").unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"10\"");
        assert_eq!(serde_json::from_str::<HouseholdRelation>("\"10\"").unwrap(), r);
        assert!(serde_json::from_str::<HouseholdRelation>("\"04\"").is_err());
    }
}
