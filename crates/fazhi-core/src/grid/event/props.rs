//! Property tests: random step sequences and job days; escalation is never
//! repeated and never reaches a rung at or below the event's level.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::calendar::official_calendar;
use crate::grid::HandlingLevel;

fn step() -> impl Strategy<Value = (u64, u8)> {
    (0u64..6, 0u8..8)
}

fn action(code: u8, case: i64) -> Action {
    match code {
        0 => Action::Accept,
        1 => Action::Dispatch { to: DispatchTarget::Person { user_id: 1, name: "甲".into() } },
        2 => Action::Dispatch { to: DispatchTarget::NextLevel },
        3 => Action::Dispatch { to: DispatchTarget::Mediation { case_id: case } },
        4 => Action::Handle { result: "已处置".into() },
        5 => Action::Feedback { text: "已反馈".into() },
        6 => Action::ReturnForRework { reason: "未处置到位".into() },
        _ => Action::Verify { note: String::new() },
    }
}

proptest! {
    #[test]
    fn escalations_are_recorded_once_per_rung(
        category in 0usize..6,
        steps in proptest::collection::vec(step(), 0..12),
        job_days in proptest::collection::vec(0u64..40, 1..10),
    ) {
        let cal = official_calendar();
        let start = NaiveDate::from_ymd_opt(2021, 9, 1).unwrap();
        let mut e = Event::report(EventCategory::ALL[category], EventSource::Patrol, start, HandlingLevel::Grid, &Limits::default());
        let mut on = start;
        let mut jobs = job_days.clone();
        jobs.sort_unstable();
        let mut jobs = jobs.into_iter().peekable();
        for (i, (gap, code)) in steps.iter().enumerate() {
            on = on + Days::new(*gap);
            // The morning job runs for every day up to now.
            while let Some(day) = jobs.next_if(|d| start + Days::new(*d) <= on) {
                let today = start + Days::new(day);
                for x in escalations_due(&e, today, &cal).unwrap() {
                    prop_assert!(x.to > e.level());
                    e.apply(today.max(e.entries().last().map_or(start, |l| l.on)), Action::Escalate { to: x.to, breached_on: x.breached_on }).unwrap();
                }
            }
            let on_now = on.max(e.entries().last().map_or(start, |l| l.on));
            let _ = e.apply(on_now, action(*code, i as i64));
            on = on_now;
        }
        let mut seen: Vec<HandlingLevel> = e.escalated_to().collect();
        let n = seen.len();
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len(), n, "an escalation was repeated");
        // Whatever happened, the job finds nothing already recorded.
        for x in escalations_due(&e, start + Days::new(60), &cal).unwrap() {
            prop_assert!(!e.escalated_to().any(|l| l == x.to));
        }
    }
}
