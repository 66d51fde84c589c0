//! The people's mediation committee (人民调解委员会) and its mediators.
//!
//! 人民调解法 art.8: three to nine members, one 主任 (副主任 if needed),
//! women among the members (and members of smaller ethnic groups where
//! several live — not checked: the register holds no ethnicity); art.9:
//! a three-year term, re-election allowed; arts.13–14: mediators are members
//! or persons the committee appoints, adult citizens.
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::personal::Sex;

pub const MIN_MEMBERS: usize = 3;
pub const MAX_MEMBERS: usize = 9;
pub const TERM_YEARS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// 主任.
    Director,
    /// 副主任.
    DeputyDirector,
    /// 委员.
    Member,
}

impl Position {
    pub fn label(self) -> &'static str {
        match self {
            Position::Director => "主任",
            Position::DeputyDirector => "副主任",
            Position::Member => "委员",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub sex: Sex,
    pub position: Position,
}

/// One term of a committee as elected (推选).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committee {
    pub name: String,
    pub members: Vec<Member>,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
}

/// The last day of a term starting on `start`: the day before the third
/// anniversary (民法典 art.202: a period in years ends on the corresponding day).
pub fn term_end(start: NaiveDate) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(12 * TERM_YEARS))?.pred_opt()
}

impl Committee {
    /// Every rule the committee breaks, in Chinese; empty = valid.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let n = self.members.len();
        if !(MIN_MEMBERS..=MAX_MEMBERS).contains(&n) {
            out.push(format!("人民调解委员会应由委员三至九人组成，现为{n}人（人民调解法第八条）"));
        }
        let directors = self.members.iter().filter(|m| m.position == Position::Director).count();
        if directors != 1 {
            out.push(format!("人民调解委员会应设主任一人，现为{directors}人（人民调解法第八条）"));
        }
        if !self.members.iter().any(|m| m.sex == Sex::Female) {
            out.push("人民调解委员会应当有妇女成员（人民调解法第八条）".into());
        }
        let mut names: Vec<&str> = self.members.iter().map(|m| m.name.trim()).collect();
        if names.iter().any(|n| n.is_empty()) {
            out.push("委员姓名不能为空".into());
        }
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1] && !w[0].is_empty()) {
            out.push("委员名单中有重复的姓名".into());
        }
        match term_end(self.term_start) {
            _ if self.term_end < self.term_start => out.push("任期结束日期早于开始日期".into()),
            Some(max) if self.term_end > max => {
                out.push(format!("人民调解委员会委员每届任期三年（人民调解法第九条），本届最迟至 {max}"));
            }
            _ => {}
        }
        out
    }

    /// Whether the term still runs on `today` (else: 换届选举 is due).
    pub fn in_term(&self, today: NaiveDate) -> bool {
        (self.term_start..=self.term_end).contains(&today)
    }
}

/// Whether a person may mediate: a member, or appointed (聘任) by the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediatorKind {
    /// 委员 (art.13).
    Member,
    /// 聘任的人民调解员 (art.13).
    Appointed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mediator {
    pub name: String,
    pub kind: MediatorKind,
    pub birth_date: NaiveDate,
}

impl Mediator {
    /// art.14: an adult citizen (18 or over on `today`).
    pub fn problems(&self, today: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push("调解员姓名不能为空".into());
        }
        if today.years_since(self.birth_date).unwrap_or(0) < 18 {
            out.push("人民调解员应当是成年公民（人民调解法第十四条）".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn member(name: &str, sex: Sex, position: Position) -> Member {
        Member { name: name.into(), sex, position }
    }

    fn committee(members: Vec<Member>) -> Committee {
        Committee { name: "西联村人民调解委员会".into(), members, term_start: d(2021, 3, 1), term_end: d(2024, 2, 29) }
    }

    #[test]
    fn a_proper_committee() {
        let c = committee(vec![
            member("甲", Sex::Male, Position::Director),
            member("乙", Sex::Female, Position::Member),
            member("丙", Sex::Male, Position::Member),
        ]);
        assert_eq!(c.problems(), Vec::<String>::new());
        assert!(c.in_term(d(2024, 2, 29)) && !c.in_term(d(2024, 3, 1)));
        assert_eq!(term_end(d(2021, 3, 1)), Some(d(2024, 2, 29)));
    }

    #[test]
    fn size_women_director_and_term() {
        let mut c = committee(vec![member("甲", Sex::Male, Position::Member), member("丙", Sex::Male, Position::Member)]);
        c.term_end = d(2025, 1, 1);
        assert_eq!(
            c.problems(),
            vec![
                "人民调解委员会应由委员三至九人组成，现为2人（人民调解法第八条）",
                "人民调解委员会应设主任一人，现为0人（人民调解法第八条）",
                "人民调解委员会应当有妇女成员（人民调解法第八条）",
                "人民调解委员会委员每届任期三年（人民调解法第九条），本届最迟至 2024-02-29",
            ]
        );
    }

    #[test]
    fn mediators_are_adults() {
        let m = Mediator { name: "丁".into(), kind: MediatorKind::Appointed, birth_date: d(2004, 6, 2) };
        assert_eq!(m.problems(d(2022, 6, 1)).len(), 1);
        assert!(m.problems(d(2022, 6, 2)).is_empty());
    }

    proptest! {
        #[test]
        fn size_rule(n in 0usize..12, women in 0usize..3) {
            let members: Vec<Member> = (0..n)
                .map(|i| member(&format!("委员{i}"), if i < women { Sex::Female } else { Sex::Male }, if i == 0 { Position::Director } else { Position::Member }))
                .collect();
            let problems = committee(members).problems();
            let valid = (3..=9).contains(&n) && women >= 1;
            prop_assert_eq!(problems.is_empty(), valid, "{:?}", problems);
        }
    }
}
