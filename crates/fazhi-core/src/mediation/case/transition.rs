//! The transition table of a mediation case, in one place.
use super::{Action, ActionKind, CaseState};
use crate::DomainError;

/// The gate name of a refused step.
pub const GATE: &str = "mediation_case";

/// The state after `action`, or a refusal naming what has to happen first.
pub fn next(state: CaseState, action: &Action) -> Result<CaseState, DomainError> {
    let kind = action.kind();
    target(state, kind).ok_or_else(|| {
        DomainError::refused(GATE, format!("案件当前为「{}」，不能{}：{}", state.label(), kind.label(), hint(state, kind)))
    })
}

/// The steps the table allows from `state`, in display order.
pub fn allowed_actions(state: CaseState) -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL.into_iter().filter(move |k| target(state, *k).is_some())
}

fn target(state: CaseState, kind: ActionKind) -> Option<CaseState> {
    use ActionKind as K;
    use CaseState as S;
    Some(match (state, kind) {
        (S::Applied, K::Register) => S::Registered,
        // Art.17: a party's express refusal ends it before mediation starts;
        // once under way, a party stops it by termination (art.23).
        (S::Applied | S::Registered, K::RecordRefusal) => S::Declined,
        (S::Applied, K::Decline) => S::Declined,
        (S::Registered | S::Mediating, K::HoldSession) => S::Mediating,
        (S::Mediating, K::ReachAgreement) => S::Agreed,
        (S::Agreed, K::Execute | K::FollowUp | K::ApplyForConfirmation) => S::Agreed,
        // From Agreed only while the agreement is not in force (a party will
        // not sign after all); the aggregate checks that.
        (S::Registered | S::Mediating | S::Agreed, K::Terminate) => S::Terminated,
        (S::Applied | S::Registered | S::Mediating | S::Agreed, K::FlagRisk) => state,
        (S::Agreed | S::Terminated | S::Declined, K::Archive) => S::Archived,
        _ => return None,
    })
}

fn hint(state: CaseState, kind: ActionKind) -> &'static str {
    use ActionKind as K;
    use CaseState as S;
    match (state, kind) {
        (S::Archived, _) => "案件已归档，不能再办理",
        (S::Declined, _) => "当事人拒绝调解或不属于调解范围的纠纷不得调解（人民调解法第十七条、第十八条），只能归档",
        (S::Terminated, _) => "调解已终止，只能归档",
        (_, K::Archive) => "请先达成调解协议或终止调解",
        (S::Applied, _) => "请先登记受理（当事人明确拒绝的，登记拒绝调解）",
        (S::Mediating | S::Registered, K::RecordRefusal) => "调解已开始，当事人要求终止的，请选择终止调解（人民调解法第二十三条）",
        (S::Registered, K::ReachAgreement) => "请先登记调解记录",
        (S::Registered | S::Mediating, _) => "请先达成调解协议",
        (S::Agreed, _) => "已达成调解协议，请登记协议签署、回访或申请司法确认",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mediation::agreement::{AgreementForm, Execution};
    use crate::mediation::case::{Performance, RiskKind, Route, TerminationReason};

    fn sample(kind: ActionKind) -> Action {
        match kind {
            ActionKind::Register => Action::Register { mediators: vec!["王某".into()] },
            ActionKind::RecordRefusal => Action::RecordRefusal { party: "张某".into(), statement: "不同意调解".into() },
            ActionKind::Decline => Action::Decline { reason: "已起诉".into() },
            ActionKind::HoldSession => Action::HoldSession { record: "记录".into(), public: false },
            ActionKind::ReachAgreement => Action::ReachAgreement { form: AgreementForm::Written, content: "协议".into() },
            ActionKind::Execute => Action::Execute { execution: Execution::CommitteeSeal },
            ActionKind::Terminate => Action::Terminate { reason: TerminationReason::NoAgreement, note: String::new(), routes_told: Route::ALL.to_vec() },
            ActionKind::FlagRisk => Action::FlagRisk { kind: RiskKind::Escalation, note: "双方情绪激动".into() },
            ActionKind::FollowUp => Action::FollowUp { performance: Performance::Performed, note: "已履行".into() },
            ActionKind::ApplyForConfirmation => Action::ApplyForConfirmation { court: "武江区人民法院".into() },
            ActionKind::Archive => Action::Archive,
        }
    }

    #[test]
    fn the_table_as_a_whole() {
        use CaseState as S;
        let expected: Vec<(S, Vec<&str>)> = vec![
            (S::Applied, vec!["register", "record_refusal", "decline", "flag_risk"]),
            (S::Declined, vec!["archive"]),
            (S::Registered, vec!["record_refusal", "hold_session", "terminate", "flag_risk"]),
            (S::Mediating, vec!["hold_session", "reach_agreement", "terminate", "flag_risk"]),
            (S::Agreed, vec!["execute", "terminate", "flag_risk", "follow_up", "apply_for_confirmation", "archive"]),
            (S::Terminated, vec!["archive"]),
            (S::Archived, vec![]),
        ];
        for (state, actions) in expected {
            assert_eq!(allowed_actions(state).map(ActionKind::code).collect::<Vec<_>>(), actions, "{state:?}");
        }
    }

    #[test]
    fn every_refusal_explains_itself() {
        for state in CaseState::ALL {
            for kind in ActionKind::ALL {
                let r = next(state, &sample(kind));
                assert_eq!(r.is_ok(), allowed_actions(state).any(|k| k == kind));
            }
        }
        let e = next(CaseState::Declined, &sample(ActionKind::HoldSession)).unwrap_err();
        assert!(e.to_string().contains("第十七条"), "{e}");
    }
}
