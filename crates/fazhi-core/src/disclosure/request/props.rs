//! Property tests: random histories built through `Request::apply` against
//! the official calendar, checked with the one deadline engine.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::calendar::{ClockStatus, compute, official_calendar};
use crate::disclosure::model::{AnswerType, Outcome};

#[derive(Debug, Clone)]
enum Step {
    Accept,
    Correct { period: u64 },
    CorrectionIn,
    Abandon,
    Extend { days: u32 },
    ThirdParty,
    ThirdPartyEnd(ConsultationReply),
    CoAgency,
    CoAgencyEnd(ConsultationReply),
    Fee,
    Paid,
    NotPaid,
    Respond(usize),
}

fn reply() -> impl Strategy<Value = ConsultationReply> {
    prop_oneof![
        Just(ConsultationReply::Consent),
        any::<bool>().prop_map(|reasonable| ConsultationReply::Objection { reasonable }),
        Just(ConsultationReply::NoReply),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::Accept),
        2 => (1u64..30).prop_map(|period| Step::Correct { period }),
        2 => Just(Step::CorrectionIn),
        1 => Just(Step::Abandon),
        3 => (1u32..=20).prop_map(|days| Step::Extend { days }),
        2 => Just(Step::ThirdParty),
        2 => reply().prop_map(Step::ThirdPartyEnd),
        2 => Just(Step::CoAgency),
        2 => reply().prop_map(Step::CoAgencyEnd),
        1 => Just(Step::Fee),
        1 => Just(Step::Paid),
        1 => Just(Step::NotPaid),
        1 => (0usize..Outcome::ALL.len()).prop_map(Step::Respond),
    ]
}

fn action(step: &Step, on: NaiveDate) -> Action {
    match step {
        Step::Accept => Action::AcceptForReview,
        Step::Correct { period } => Action::RequestCorrection {
            items: vec!["信息名称".into()],
            reply_by: on + Days::new(*period),
        },
        Step::CorrectionIn => Action::CorrectionReceived,
        Step::Abandon => Action::MarkAbandoned,
        Step::Extend { days } => Action::Extend {
            days: *days,
            approver: "负责人".into(),
            reason: "情况复杂".into(),
            notified_on: on,
        },
        Step::ThirdParty => Action::StartThirdPartyConsultation {
            third_party: "第三方".into(),
        },
        Step::ThirdPartyEnd(reply) => Action::EndThirdPartyConsultation { reply: *reply },
        Step::CoAgency => Action::StartCoAgencyConsultation {
            agency: "其他机关".into(),
        },
        Step::CoAgencyEnd(reply) => Action::EndCoAgencyConsultation { reply: *reply },
        Step::Fee => Action::IssueFeeNotice { amount_fen: 10_000 },
        Step::Paid => Action::FeePaid,
        Step::NotPaid => Action::FeeNotPaid,
        Step::Respond(i) => {
            let outcome = Outcome::ALL[*i];
            let answer = *outcome.answer_types().last().unwrap_or(&AnswerType::Other);
            Action::Respond {
                response: Response::new(outcome)
                    .with_answer(answer)
                    .with_reason("理由")
                    .with_responsible_agency("区某局")
                    .with_public_interest("公共利益"),
            }
        }
    }
}

/// Receipt dates from 2021 to mid-2026; histories stay short enough to remain
/// inside the loaded calendar (a `BeyondCalendar` ends the run).
fn received() -> impl Strategy<Value = NaiveDate> {
    (0u64..1950).prop_map(|offset| NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + Days::new(offset))
}

fn is_overdue(status: &ClockStatus) -> bool {
    matches!(status, ClockStatus::Overdue { .. })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    /// A request waiting for someone (补正, consultation, fee) whose wait began
    /// before its deadline ran out is never overdue, however long the wait;
    /// an extension never brings the due date forward, and up to the extended
    /// due date the request is running, not overdue.
    #[test]
    fn paused_or_extended_requests_never_come_out_overdue(
        start in received(),
        steps in prop::collection::vec((0u64..8, step()), 0..20),
        later in prop::sample::select(vec![0u64, 1, 7, 30, 365, 2000]),
    ) {
        let cal = official_calendar();
        let mut request = Request::new(start);
        request.apply(start, Action::AcceptForReview, &cal).unwrap();
        let mut on = start;
        let mut wait_began_in_time = false;
        for (gap, step) in &steps {
            on = on + Days::new(*gap);
            let Ok(before) = compute(&request.deadline(), &cal, on) else { break };
            let was_waiting = request.state().is_waiting();
            if request.apply(on, action(step, on), &cal).is_err() {
                continue;
            }
            let deadline = request.deadline();
            if request.state().is_waiting() && !was_waiting {
                wait_began_in_time = !is_overdue(&before.status);
            }
            if request.state().is_waiting() && wait_began_in_time {
                let waiting = compute(&deadline, &cal, on + Days::new(later)).unwrap();
                prop_assert_eq!(waiting.status, ClockStatus::Paused, "{:?}", request.events());
                prop_assert_eq!(waiting.due, None);
            }
            if let Step::Extend { .. } = step {
                let Ok(now) = compute(&deadline, &cal, on) else { break };
                prop_assert!(!is_overdue(&now.status));
                if let (Some(old), Some(new)) = (before.due, now.due) {
                    prop_assert!(new > old, "extension moved {old} to {new}");
                    for today in [on, on + Days::new((new - on).num_days() as u64 / 2), new] {
                        let status = compute(&deadline, &cal, today).unwrap().status;
                        prop_assert!(matches!(status, ClockStatus::Running { .. }), "{today}: {status:?}");
                    }
                }
            }
        }
    }

    /// Whatever was accepted can be stored and replayed to the same request,
    /// its deadline facts are always valid for the engine, and a finished
    /// request has exactly one outcome and a closing date.
    #[test]
    fn accepted_histories_replay_and_compute(
        start in received(),
        steps in prop::collection::vec((0u64..10, step()), 0..16),
    ) {
        let cal = official_calendar();
        let mut request = Request::new(start);
        let mut on = start;
        for (gap, step) in &steps {
            on = on + Days::new(*gap);
            let _ = request.apply(on, action(step, on), &cal);
        }
        let json = serde_json::to_string(request.events()).unwrap();
        let events: Vec<Event> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&Request::restore(start, events).unwrap(), &request);
        match compute(&request.deadline(), &cal, on) {
            Ok(_) | Err(crate::calendar::CalendarError::BeyondCalendar { .. }) => {}
            Err(other) => prop_assert!(false, "engine refused the facts: {other}"),
        }
        prop_assert_eq!(request.state().is_finished(), request.outcome().is_some());
        prop_assert_eq!(request.outcome().is_some(), request.closed_on().is_some());
        if let Some(closed) = request.closed_on() {
            prop_assert!(closed >= start);
        }
    }
}
