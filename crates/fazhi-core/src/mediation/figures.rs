//! The mediation figures (cases by type and source, success rate, average
//! duration, follow-ups) as pure aggregation over case summaries, so the
//! dashboard, the annual report and the API show the same numbers.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{CaseSource, DisputeType};

/// How a case ended (an archived case keeps its outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still being handled.
    Open,
    /// 调解成功: an agreement was reached.
    Agreement,
    /// 调解不成 / 终止.
    Terminated,
    /// 不予调解 (refusal, art.17; or art.18).
    Declined,
}

/// One case as the figures need it (`Case::summary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    pub dispute_type: DisputeType,
    pub source: CaseSource,
    pub outcome: Outcome,
    pub registered_on: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
    pub follow_ups: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Figures {
    pub total: u32,
    /// In [`DisputeType::ALL`] order, zero rows included.
    pub by_type: Vec<(DisputeType, u32)>,
    /// In [`CaseSource::ALL`] order, zero rows included.
    pub by_source: Vec<(CaseSource, u32)>,
    pub open: u32,
    pub agreed: u32,
    pub terminated: u32,
    pub declined: u32,
    /// 调解成功率 = agreed ÷ (agreed + terminated), in per mille; cases never
    /// mediated (declined) and open ones are left out. `None` with no ended case.
    pub success_permille: Option<u32>,
    /// Average calendar days from 登记受理 to the end of mediation, in
    /// tenths of a day, over agreed and terminated cases. `None` if none.
    pub average_days_tenths: Option<u32>,
    /// 回访 visits recorded, all cases.
    pub follow_ups_done: u32,
    /// Agreed cases with at least one follow-up (art.31).
    pub agreements_followed_up: u32,
}

impl Figures {
    /// "85.7%" or "—".
    pub fn success_rate_text(&self) -> String {
        self.success_permille.map_or("—".into(), |p| format!("{}.{}%", p / 10, p % 10))
    }

    /// "12.5 天" or "—".
    pub fn average_days_text(&self) -> String {
        self.average_days_tenths.map_or("—".into(), |t| format!("{}.{} 天", t / 10, t % 10))
    }
}

pub fn figures(cases: &[CaseSummary]) -> Figures {
    let mut by_type: BTreeMap<DisputeType, u32> = BTreeMap::new();
    let mut by_source: BTreeMap<CaseSource, u32> = BTreeMap::new();
    let mut f = Figures::default();
    let (mut days_sum, mut days_n) = (0i64, 0i64);
    for c in cases {
        f.total += 1;
        *by_type.entry(c.dispute_type).or_default() += 1;
        *by_source.entry(c.source).or_default() += 1;
        match c.outcome {
            Outcome::Open => f.open += 1,
            Outcome::Agreement => f.agreed += 1,
            Outcome::Terminated => f.terminated += 1,
            Outcome::Declined => f.declined += 1,
        }
        f.follow_ups_done += c.follow_ups;
        if c.outcome == Outcome::Agreement && c.follow_ups > 0 {
            f.agreements_followed_up += 1;
        }
        if matches!(c.outcome, Outcome::Agreement | Outcome::Terminated)
            && let (Some(from), Some(to)) = (c.registered_on, c.concluded_on)
        {
            days_sum += (to - from).num_days().max(0);
            days_n += 1;
        }
    }
    let ended = f.agreed + f.terminated;
    f.success_permille = (ended > 0).then(|| round_div(u64::from(f.agreed) * 1000, u64::from(ended)));
    f.average_days_tenths = (days_n > 0).then(|| round_div(days_sum as u64 * 10, days_n as u64));
    f.by_type = DisputeType::ALL.iter().map(|t| (*t, by_type.get(t).copied().unwrap_or(0))).collect();
    f.by_source = CaseSource::ALL.iter().map(|s| (*s, by_source.get(s).copied().unwrap_or(0))).collect();
    f
}

fn round_div(n: u64, d: u64) -> u32 {
    u32::try_from((n + d / 2) / d).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, day).unwrap()
    }

    fn case(t: DisputeType, s: CaseSource, outcome: Outcome, days: Option<i64>, follow_ups: u32) -> CaseSummary {
        CaseSummary {
            dispute_type: t,
            source: s,
            outcome,
            registered_on: days.map(|_| d(3, 1)),
            concluded_on: days.map(|n| d(3, 1) + chrono::Days::new(n as u64)),
            follow_ups,
        }
    }

    #[test]
    fn the_figures_of_a_small_year() {
        let cases = [
            case(DisputeType::Neighbour, CaseSource::GridEvent, Outcome::Agreement, Some(10), 1),
            case(DisputeType::Neighbour, CaseSource::Visit, Outcome::Agreement, Some(5), 0),
            case(DisputeType::MarriageFamily, CaseSource::Call, Outcome::Terminated, Some(20), 0),
            case(DisputeType::Labour, CaseSource::Referral, Outcome::Declined, None, 0),
            case(DisputeType::Labour, CaseSource::Visit, Outcome::Open, Some(0), 0),
        ];
        let f = figures(&cases);
        assert_eq!((f.total, f.open, f.agreed, f.terminated, f.declined), (5, 1, 2, 1, 1));
        assert_eq!(f.success_rate_text(), "66.7%");
        assert_eq!(f.average_days_text(), "11.7 天");
        assert_eq!((f.follow_ups_done, f.agreements_followed_up), (1, 1));
        assert_eq!(f.by_type[1], (DisputeType::Neighbour, 2));
        assert_eq!(f.by_source.iter().find(|(s, _)| *s == CaseSource::Visit).unwrap().1, 2);
        assert_eq!(f.by_type.len(), DisputeType::ALL.len());
    }

    #[test]
    fn no_cases_no_rates() {
        let f = figures(&[]);
        assert_eq!((f.success_rate_text(), f.average_days_text()), ("—".to_string(), "—".to_string()));
    }

    proptest! {
        #[test]
        fn rows_add_up(rows in proptest::collection::vec((0usize..11, 0usize..5, 0usize..4, 0i64..60, 0u32..3), 0..40)) {
            let outcomes = [Outcome::Open, Outcome::Agreement, Outcome::Terminated, Outcome::Declined];
            let cases: Vec<_> = rows.iter().map(|(t, s, o, n, f)| case(DisputeType::ALL[*t], CaseSource::ALL[*s], outcomes[*o], Some(*n), *f)).collect();
            let f = figures(&cases);
            prop_assert_eq!(f.by_type.iter().map(|r| r.1).sum::<u32>(), f.total);
            prop_assert_eq!(f.by_source.iter().map(|r| r.1).sum::<u32>(), f.total);
            prop_assert_eq!(f.open + f.agreed + f.terminated + f.declined, f.total);
            prop_assert!(f.success_permille.is_none_or(|p| p <= 1000));
            prop_assert!(f.average_days_tenths.is_none_or(|t| t <= 600));
        }
    }
}
