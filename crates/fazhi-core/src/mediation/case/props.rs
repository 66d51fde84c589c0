//! Property tests: random step sequences through `Case::apply`; whatever
//! happens, the statutory invariants hold.
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::calendar::official_calendar;
use crate::mediation::agreement::{AgreementForm, Execution, Mark};
use crate::mediation::model::DisputeType;

fn action(code: u8) -> Action {
    match code {
        0 => Action::Register { mediators: vec!["王某".into()] },
        1 => Action::RecordRefusal { party: "李某".into(), statement: "不同意".into() },
        2 => Action::HoldSession { record: "记录".into(), public: false },
        3 => Action::ReachAgreement { form: AgreementForm::Written, content: "协议".into() },
        4 => Action::ReachAgreement { form: AgreementForm::Oral, content: "协议".into() },
        5 => Action::Execute { execution: Execution::Party { party: "张某".into(), mark: Mark::Signature } },
        6 => Action::Execute { execution: Execution::Party { party: "李某".into(), mark: Mark::Seal } },
        7 => Action::Execute { execution: Execution::Mediator { name: "王某".into() } },
        8 => Action::Execute { execution: Execution::CommitteeSeal },
        9 => Action::Execute { execution: Execution::OralRecord { mediator: "王某".into() } },
        10 => Action::Terminate { reason: TerminationReason::NoAgreement, note: String::new(), routes_told: vec![Route::Judicial] },
        11 => Action::FlagRisk { kind: RiskKind::Escalation, note: "争吵".into() },
        12 => Action::FollowUp { performance: Performance::Performed, note: "已履行".into() },
        13 => Action::ApplyForConfirmation { court: "武江区人民法院".into() },
        _ => Action::Archive,
    }
}

proptest! {
    #[test]
    fn statutory_invariants_hold(steps in proptest::collection::vec((0u64..8, 0u8..15), 0..30)) {
        let cal = official_calendar();
        let start = NaiveDate::from_ymd_opt(2021, 3, 1).unwrap();
        let mut c = Case::from_grid_event(1, DisputeType::Neighbour, vec!["张某".into(), "李某".into()], start).unwrap();
        let mut on = start;
        for (gap, code) in steps {
            on = on + Days::new(gap);
            let before = c.clone();
            match c.apply(on, action(code), &cal) {
                Ok(effects) => {
                    // Risk flags always reach 综治.
                    if code == 11 {
                        let reaches = effects.iter().any(|e| matches!(e, Effect::ComprehensiveGovernanceTodo { .. }));
                        prop_assert!(reaches);
                    }
                }
                Err(_) => prop_assert_eq!(&c, &before, "a refused step changed the case"),
            }
        }
        // Art.17: after a refusal no session is ever held.
        if let Some(i) = c.entries().iter().position(|e| e.action.kind() == ActionKind::RecordRefusal) {
            prop_assert!(!c.entries()[i..].iter().any(|e| e.action.kind() == ActionKind::HoldSession));
        }
        // An archived agreement was effective and followed up (arts.29–31).
        if c.state() == CaseState::Archived && c.outcome() == crate::mediation::figures::Outcome::Agreement {
            prop_assert!(c.effectiveness().unwrap().is_effective());
            prop_assert!(c.follow_ups() >= 1);
        }
        // Follow-ups and confirmation only on an effective agreement.
        if c.entries().iter().any(|e| matches!(e.action.kind(), ActionKind::FollowUp | ActionKind::ApplyForConfirmation)) {
            prop_assert!(c.effectiveness().is_some_and(|e| e.is_effective()));
        }
        // Replaying the stored entries gives the same case.
        let replayed = Case::from_grid_event(1, DisputeType::Neighbour, vec!["张某".into(), "李某".into()], start).unwrap().restore(c.entries().to_vec()).unwrap();
        prop_assert_eq!(replayed, c);
    }
}
