//! The transition table of a request, in one place so a reviewer reads the
//! whole workflow at once. Rules that need dates, history or the calendar
//! live in the aggregate; this table only knows states.
use super::{Action, ActionKind, RequestState};
use crate::disclosure::DisclosureError;

/// The state after `action`, or a refusal naming what has to happen first.
pub fn next(state: RequestState, action: &Action) -> Result<RequestState, DisclosureError> {
    let kind = action.kind();
    target(state, kind).ok_or(DisclosureError::NotAllowed {
        state,
        action: kind,
        hint: hint(state, kind),
    })
}

/// The steps the table allows from `state`, in display order (for buttons).
pub fn allowed_actions(state: RequestState) -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(move |kind| target(state, *kind).is_some())
}

fn target(state: RequestState, kind: ActionKind) -> Option<RequestState> {
    use ActionKind as K;
    use RequestState as S;
    Some(match (state, kind) {
        (S::Received, K::AcceptForReview) => S::UnderReview,
        (S::Received, K::AnswerOnSpot) => S::OnSpotAnswered,
        (S::Received | S::UnderReview, K::RequestCorrection) => S::CorrectionRequested,
        (S::CorrectionRequested, K::CorrectionReceived) => S::UnderReview,
        (S::CorrectionRequested, K::MarkAbandoned) => S::Abandoned,
        // An extension is a fact on the clock, not a state of its own.
        (
            S::UnderReview | S::ThirdPartyConsultation | S::CoAgencyConsultation | S::FeeNotice,
            K::Extend,
        ) => state,
        (S::UnderReview, K::StartThirdPartyConsultation) => S::ThirdPartyConsultation,
        (S::ThirdPartyConsultation, K::EndThirdPartyConsultation) => S::UnderReview,
        (S::UnderReview, K::StartCoAgencyConsultation) => S::CoAgencyConsultation,
        (S::CoAgencyConsultation, K::EndCoAgencyConsultation) => S::UnderReview,
        (S::UnderReview, K::IssueFeeNotice) => S::FeeNotice,
        (S::FeeNotice, K::FeePaid) => S::UnderReview,
        (S::FeeNotice, K::FeeNotPaid) => S::Abandoned,
        (S::UnderReview, K::Respond) => S::Responded,
        (S::OnSpotAnswered | S::Responded | S::Abandoned, K::Archive) => S::Archived,
        _ => return None,
    })
}

/// What is missing, most specific first.
fn hint(state: RequestState, kind: ActionKind) -> &'static str {
    use ActionKind as K;
    use RequestState as S;
    match (state, kind) {
        (S::Archived, _) => "申请已归档，不能再办理",
        (_, K::Archive) => "只有已答复、已当场答复或视为放弃的申请才能归档，请先作出答复",
        (S::OnSpotAnswered | S::Responded | S::Abandoned, _) => "申请已办结，只能归档",
        (S::CorrectionRequested, K::RequestCorrection) => "补正通知已发出，正在等待申请人补正",
        (S::CorrectionRequested, _) => {
            "正在等待申请人补正，请先登记收到补正，或在补正期限届满后按视为放弃申请处理"
        }
        (S::ThirdPartyConsultation, _) => "正在征求第三方意见，请先登记第三方意见",
        (S::CoAgencyConsultation, _) => "正在征求其他机关意见，请先登记其他机关意见",
        (S::FeeNotice, _) => {
            "正在等待申请人缴纳信息处理费，请先登记已缴费，或在缴费期限届满后按逾期未缴费处理"
        }
        (_, K::CorrectionReceived | K::MarkAbandoned) => "本申请没有待补正的补正通知",
        (_, K::EndThirdPartyConsultation) => "本申请没有正在进行的第三方意见征求",
        (_, K::EndCoAgencyConsultation) => "本申请没有正在进行的其他机关意见征求",
        (_, K::FeePaid | K::FeeNotPaid) => "本申请没有待缴费的收费通知",
        (S::UnderReview, K::AnswerOnSpot) => "申请已受理审查，请通过“作出答复”答复",
        (S::UnderReview, K::AcceptForReview) => "申请已在审查办理中",
        (S::Received, _) => "请先受理审查（能够当场答复的，请选择当场答复）",
        _ => "该步骤不适用于当前状态",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::model::Outcome;
    use crate::disclosure::request::{ConsultationReply, Response};

    fn sample(kind: ActionKind) -> Action {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        match kind {
            ActionKind::AcceptForReview => Action::AcceptForReview,
            ActionKind::AnswerOnSpot => Action::AnswerOnSpot {
                response: Response::new(Outcome::Disclosed),
            },
            ActionKind::RequestCorrection => Action::RequestCorrection {
                items: vec!["信息名称".into()],
                reply_by: day,
            },
            ActionKind::CorrectionReceived => Action::CorrectionReceived,
            ActionKind::MarkAbandoned => Action::MarkAbandoned,
            ActionKind::Extend => Action::Extend {
                days: 20,
                approver: "负责人".into(),
                reason: "理由".into(),
                notified_on: day,
            },
            ActionKind::StartThirdPartyConsultation => Action::StartThirdPartyConsultation {
                third_party: "某公司".into(),
            },
            ActionKind::EndThirdPartyConsultation => Action::EndThirdPartyConsultation {
                reply: ConsultationReply::Consent,
            },
            ActionKind::StartCoAgencyConsultation => Action::StartCoAgencyConsultation {
                agency: "区自然资源局".into(),
            },
            ActionKind::EndCoAgencyConsultation => Action::EndCoAgencyConsultation {
                reply: ConsultationReply::NoReply,
            },
            ActionKind::IssueFeeNotice => Action::IssueFeeNotice { amount_fen: 10_000 },
            ActionKind::FeePaid => Action::FeePaid,
            ActionKind::FeeNotPaid => Action::FeeNotPaid,
            ActionKind::Respond => Action::Respond {
                response: Response::new(Outcome::Disclosed),
            },
            ActionKind::Archive => Action::Archive,
        }
    }

    #[test]
    fn the_table_as_a_whole() {
        use RequestState as S;
        let expected: Vec<(S, Vec<&str>)> = vec![
            (
                S::Received,
                vec!["accept_for_review", "answer_on_spot", "request_correction"],
            ),
            (S::OnSpotAnswered, vec!["archive"]),
            (
                S::UnderReview,
                vec![
                    "request_correction",
                    "extend",
                    "start_third_party_consultation",
                    "start_co_agency_consultation",
                    "issue_fee_notice",
                    "respond",
                ],
            ),
            (
                S::CorrectionRequested,
                vec!["correction_received", "mark_abandoned"],
            ),
            (S::Abandoned, vec!["archive"]),
            (
                S::ThirdPartyConsultation,
                vec!["extend", "end_third_party_consultation"],
            ),
            (
                S::CoAgencyConsultation,
                vec!["extend", "end_co_agency_consultation"],
            ),
            (S::FeeNotice, vec!["extend", "fee_paid", "fee_not_paid"]),
            (S::Responded, vec!["archive"]),
            (S::Archived, vec![]),
        ];
        for (state, actions) in expected {
            let got: Vec<_> = allowed_actions(state).map(ActionKind::code).collect();
            assert_eq!(got, actions, "{state:?}");
        }
    }

    #[test]
    fn next_agrees_with_allowed_actions_and_every_refusal_explains_itself() {
        for state in RequestState::ALL {
            for kind in ActionKind::ALL {
                let result = next(state, &sample(kind));
                assert_eq!(result.is_ok(), allowed_actions(state).any(|k| k == kind));
                if let Err(DisclosureError::NotAllowed { hint, .. }) = &result {
                    assert_ne!(*hint, "该步骤不适用于当前状态", "{state:?} {kind:?}");
                }
            }
        }
    }

    #[test]
    fn typical_refusals_read_well() {
        let err = next(RequestState::Received, &sample(ActionKind::Respond)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "申请当前为「已收到」，不能作出答复：请先受理审查（能够当场答复的，请选择当场答复）"
        );
        let err = next(
            RequestState::ThirdPartyConsultation,
            &sample(ActionKind::Respond),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "申请当前为「征求第三方意见中」，不能作出答复：正在征求第三方意见，请先登记第三方意见"
        );
        let err = next(RequestState::UnderReview, &sample(ActionKind::FeePaid)).unwrap_err();
        assert!(
            err.to_string().ends_with("本申请没有待缴费的收费通知"),
            "{err}"
        );
        let err = next(RequestState::Archived, &sample(ActionKind::Archive)).unwrap_err();
        assert!(err.to_string().ends_with("申请已归档，不能再办理"), "{err}");
    }

    #[test]
    fn extension_keeps_the_state() {
        for state in [
            RequestState::UnderReview,
            RequestState::ThirdPartyConsultation,
            RequestState::CoAgencyConsultation,
            RequestState::FeeNotice,
        ] {
            assert_eq!(next(state, &sample(ActionKind::Extend)).unwrap(), state);
        }
    }
}
