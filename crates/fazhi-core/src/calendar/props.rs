//! Property tests of the counting rules over the official 2021–2026 data.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Start dates from 2021-01-01 to mid-2026, so ≤ 120 working days stay loaded.
fn start() -> impl Strategy<Value = NaiveDate> {
    (0u64..1900).prop_map(|offset| d(2021, 1, 1) + Days::new(offset))
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::WorkingDays), Just(Unit::CalendarDays)]
}

fn due_of(deadline: &Deadline, cal: &Calendar) -> Option<NaiveDate> {
    compute(deadline, cal, deadline.start).unwrap().due
}

fn closed_pause(from: NaiveDate, len: u64) -> Pause {
    Pause {
        from,
        until: Some(from + Days::new(len)),
        reason: "暂停".into(),
    }
}

proptest! {
    // Failures are reported, not persisted into files beside the crate.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn working_days_add_up(s in start(), n in 0u32..60, m in 0u32..60) {
        let cal = official_calendar();
        let step = add_working_days(&cal, s, n).unwrap();
        prop_assert_eq!(add_working_days(&cal, step, m).unwrap(), add_working_days(&cal, s, n + m).unwrap());
    }

    #[test]
    fn working_day_due_is_a_working_day(s in start(), n in 1u32..120) {
        let cal = official_calendar();
        let due = add_working_days(&cal, s, n).unwrap();
        prop_assert!(cal.is_workday(due).unwrap());
    }

    #[test]
    fn due_is_strictly_monotonic_in_n(s in start(), n in 0u32..100) {
        let cal = official_calendar();
        prop_assert!(add_working_days(&cal, s, n).unwrap() < add_working_days(&cal, s, n + 1).unwrap());
        prop_assert!(add_calendar_days(&cal, s, n).unwrap() <= add_calendar_days(&cal, s, n + 1).unwrap());
    }

    #[test]
    fn working_days_in_the_span_equal_n(s in start(), n in 1u32..120) {
        let cal = official_calendar();
        let due = add_working_days(&cal, s, n).unwrap();
        let counted = s.iter_days().skip(1).take_while(|day| *day <= due).filter(|day| cal.is_workday(*day).unwrap()).count();
        prop_assert_eq!(counted, n as usize);
    }

    #[test]
    fn calendar_due_is_the_first_working_day_from_the_nominal_end(s in start(), n in 0u32..200) {
        let cal = official_calendar();
        let due = add_calendar_days(&cal, s, n).unwrap();
        let nominal = s + Days::new(u64::from(n));
        prop_assert!(due >= nominal);
        prop_assert!(cal.is_workday(due).unwrap());
        for day in nominal.iter_days().take_while(|day| *day < due) {
            prop_assert!(!cal.is_workday(day).unwrap());
        }
    }

    #[test]
    fn compute_without_events_uses_the_same_engine(s in start(), u in unit(), n in 0u32..120) {
        let cal = official_calendar();
        let expected = match u {
            Unit::WorkingDays => add_working_days(&cal, s, n).unwrap(),
            Unit::CalendarDays => add_calendar_days(&cal, s, n).unwrap(),
        };
        prop_assert_eq!(due_of(&Deadline::new(s, u, n), &cal), Some(expected));
    }

    #[test]
    fn a_pause_never_makes_the_due_date_earlier(
        s in start(), u in unit(), n in 1u32..60, offset in 0u64..120, len in 0u64..30,
    ) {
        let cal = official_calendar();
        let plain = due_of(&Deadline::new(s, u, n), &cal).unwrap();
        let mut paused = Deadline::new(s, u, n);
        let from = s + Days::new(offset);
        paused.pauses.push(closed_pause(from, len));
        let with_pause = due_of(&paused, &cal).unwrap();
        prop_assert!(with_pause >= plain);
        if from > plain {
            prop_assert_eq!(with_pause, plain);
        }
    }

    #[test]
    fn paused_working_days_are_exactly_the_ones_not_counted(
        s in start(), n in 1u32..60, offset in 0u64..90, len in 0u64..30,
    ) {
        let cal = official_calendar();
        let pause = closed_pause(s + Days::new(offset), len);
        let (from, until) = (pause.from, pause.until.unwrap());
        let mut deadline = Deadline::new(s, Unit::WorkingDays, n);
        deadline.pauses.push(pause);
        let result = compute(&deadline, &cal, s).unwrap();
        let due = result.due.unwrap();
        let outside = |day: &NaiveDate| *day < from || *day > until;
        prop_assert!(cal.is_workday(due).unwrap() && outside(&due));
        let counted = s.iter_days().skip(1).take_while(|day| *day <= due)
            .filter(|day| outside(day) && cal.is_workday(*day).unwrap()).count();
        prop_assert_eq!(counted, n as usize);
        let inside = s.iter_days().skip(1).take_while(|day| *day <= due)
            .filter(|day| !outside(day) && cal.is_workday(*day).unwrap()).count() as u32;
        let reported = result.explanation.steps.iter().find_map(|step| match step {
            Step::Pause { not_counted, .. } => Some(*not_counted),
            _ => None,
        });
        prop_assert_eq!(reported, Some(inside));
    }

    #[test]
    fn a_paused_clock_is_never_overdue(s in start(), n in 1u32..60, offset in 1u64..20, later in 0u64..2000) {
        let cal = official_calendar();
        let mut deadline = Deadline::new(s, Unit::WorkingDays, n);
        deadline.pauses.push(Pause { from: s + Days::new(offset), until: None, reason: "缴费".into() });
        let plain_due = add_working_days(&cal, s, n).unwrap();
        let result = compute(&deadline, &cal, s + Days::new(later)).unwrap();
        if s + Days::new(offset) <= plain_due {
            prop_assert_eq!(result.status, ClockStatus::Paused);
            prop_assert_eq!(result.due, None);
        } else {
            prop_assert_eq!(result.due, Some(plain_due));
        }
    }

    #[test]
    fn a_later_restart_never_makes_the_due_date_earlier(
        s in start(), u in unit(), n in 1u32..60, r1 in 0u64..60, extra in 0u64..60,
    ) {
        let cal = official_calendar();
        let with_restart = |offset: u64| {
            let mut deadline = Deadline::new(s, u, n);
            deadline.restarts.push(Restart { on: s + Days::new(offset), reason: "补正".into() });
            due_of(&deadline, &cal).unwrap()
        };
        prop_assert!(with_restart(r1) <= with_restart(r1 + extra));
    }

    #[test]
    fn an_extension_continues_from_the_base_due_date(s in start(), n in 1u32..60, e in 0u32..40) {
        let cal = official_calendar();
        let mut deadline = Deadline::new(s, Unit::WorkingDays, n);
        deadline.extensions.push(Extension { days: e, unit: None, granted_on: s, reason: "经负责人批准".into() });
        let result = compute(&deadline, &cal, s).unwrap();
        let base = result.base_due.unwrap();
        prop_assert_eq!(base, add_working_days(&cal, s, n).unwrap());
        prop_assert_eq!(result.due.unwrap(), add_working_days(&cal, base, e).unwrap());
    }

    #[test]
    fn explanation_accounts_for_every_day(s in start(), n in 1u32..120) {
        let cal = official_calendar();
        let result = compute(&Deadline::new(s, Unit::WorkingDays, n), &cal, s).unwrap();
        let due = result.due.unwrap();
        let skipped: u32 = result.explanation.steps.iter().map(|step| match step {
            Step::Skipped { from, to, days, .. } => {
                assert_eq!(i64::from(*days), (*to - *from).num_days() + 1);
                *days
            }
            _ => 0,
        }).sum();
        prop_assert_eq!(i64::from(n + skipped), (due - s).num_days());
        let makeups = result.explanation.steps.iter().filter(|step| matches!(step, Step::MakeupCounted { .. })).count();
        let expected = s.iter_days().skip(1).take_while(|day| *day <= due)
            .filter(|day| cal.kind(*day).unwrap() == DayKind::MakeupWorkday).count();
        prop_assert_eq!(makeups, expected);
    }

    #[test]
    fn beyond_calendar_date_is_a_lower_bound(offset in 0u64..60, u in unit(), n in 1u32..40) {
        let official = official_calendar();
        let s = d(2026, 11, 15) + Days::new(offset);
        let deadline = Deadline::new(s, u, n);
        match compute(&deadline, &official, s) {
            Ok(result) => prop_assert!(result.due.unwrap() <= d(2026, 12, 31)),
            Err(CalendarError::BeyondCalendar { date, last_loaded_year }) => {
                // The first day needed: 2027-01-01, or the day after a start already in 2027.
                let first_needed = d(2027, 1, 1).max(s.succ_opt().unwrap());
                prop_assert_eq!((date, last_loaded_year), (first_needed, Some(2026)));
                let extended = Calendar::new(official_days(), 2021..=2027).unwrap();
                prop_assert!(due_of(&deadline, &extended).unwrap() >= date);
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }
}
