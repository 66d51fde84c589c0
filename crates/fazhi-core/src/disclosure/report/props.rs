//! Any set of consistent request records gives a Table 三 that cross-foots.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::disclosure::model::{ApplicantType, Outcome};

fn summary() -> impl Strategy<Value = RequestSummary> {
    (
        0usize..ApplicantType::ALL.len(),
        0u64..(8 * 366),
        prop::option::of((0usize..Outcome::ALL.len(), 0u64..800)),
    )
        .prop_map(|(applicant, offset, closed)| {
            let received_on = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Days::new(offset);
            RequestSummary {
                applicant: ApplicantType::ALL[applicant],
                received_on,
                closed: closed.map(|(outcome, after)| Closure {
                    outcome: Outcome::ALL[outcome],
                    on: received_on + Days::new(after),
                }),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn computed_tables_always_pass_check(
        requests in prop::collection::vec(summary(), 0..60),
        year in 2018i32..2029,
    ) {
        let table = Table3::compute(year, &requests);
        prop_assert_eq!(check(&table), vec![]);
        // Year to year, 结转下年度 becomes the next 上年结转.
        let next = Table3::compute(year + 1, &requests);
        prop_assert_eq!(next.row(Table3Row::CarriedOver), table.row(Table3Row::CarriedForward));
        // Over all years each request is new exactly once and has at most one result.
        let over_years = |row| -> u32 {
            (2018..2030).map(|y| Table3::compute(y, &requests).get(row, Column::Total)).sum()
        };
        prop_assert_eq!(over_years(Table3Row::NewlyReceived) as usize, requests.len());
        let closed = requests.iter().filter(|r| r.closed.is_some()).count();
        prop_assert_eq!(over_years(Table3Row::ResultTotal) as usize, closed);
    }
}
