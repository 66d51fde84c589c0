//! The states of a request and the names of the steps between them.
use serde::{Deserialize, Serialize};

/// Where a request stands (spec §2). An extension does not change the state:
/// it is a fact on the clock ([`Request::is_extended`](super::Request::is_extended)),
/// and may be granted while under review, consulting or waiting for a fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// 已收到: registered with its 收到日期, not yet taken up.
    Received,
    /// 已当场答复 (art.33 第一款).
    OnSpotAnswered,
    /// 审查办理中: the 20-WD clock runs.
    UnderReview,
    /// 待申请人补正 (art.30): the clock waits and restarts on receipt.
    CorrectionRequested,
    /// 视为放弃申请: no correction (art.30) or no fee (109号) in time.
    Abandoned,
    /// 征求第三方意见中 (art.32): paused, 15 WD for the third party.
    ThirdPartyConsultation,
    /// 征求其他机关意见中 (art.34): paused, 15 WD, silence = consent.
    CoAgencyConsultation,
    /// 待缴纳信息处理费 (art.42): paused.
    FeeNotice,
    /// 已答复.
    Responded,
    /// 已归档 (art.45).
    Archived,
}

impl RequestState {
    pub const ALL: [RequestState; 10] = [
        RequestState::Received,
        RequestState::OnSpotAnswered,
        RequestState::UnderReview,
        RequestState::CorrectionRequested,
        RequestState::Abandoned,
        RequestState::ThirdPartyConsultation,
        RequestState::CoAgencyConsultation,
        RequestState::FeeNotice,
        RequestState::Responded,
        RequestState::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestState::Received => "received",
            RequestState::OnSpotAnswered => "on_spot_answered",
            RequestState::UnderReview => "under_review",
            RequestState::CorrectionRequested => "correction_requested",
            RequestState::Abandoned => "abandoned",
            RequestState::ThirdPartyConsultation => "third_party_consultation",
            RequestState::CoAgencyConsultation => "co_agency_consultation",
            RequestState::FeeNotice => "fee_notice",
            RequestState::Responded => "responded",
            RequestState::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestState::Received => "已收到",
            RequestState::OnSpotAnswered => "已当场答复",
            RequestState::UnderReview => "审查办理中",
            RequestState::CorrectionRequested => "待申请人补正",
            RequestState::Abandoned => "视为放弃申请",
            RequestState::ThirdPartyConsultation => "征求第三方意见中",
            RequestState::CoAgencyConsultation => "征求其他机关意见中",
            RequestState::FeeNotice => "待缴纳信息处理费",
            RequestState::Responded => "已答复",
            RequestState::Archived => "已归档",
        }
    }

    /// The answer clock is stopped while waiting for someone else.
    pub fn is_waiting(self) -> bool {
        matches!(
            self,
            RequestState::CorrectionRequested
                | RequestState::ThirdPartyConsultation
                | RequestState::CoAgencyConsultation
                | RequestState::FeeNotice
        )
    }

    /// The request has its result (counted in Table 三); only archiving is left.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            RequestState::OnSpotAnswered
                | RequestState::Abandoned
                | RequestState::Responded
                | RequestState::Archived
        )
    }
}

/// The name of a step, without its data: for the transition table, buttons
/// and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    AcceptForReview,
    AnswerOnSpot,
    RequestCorrection,
    CorrectionReceived,
    MarkAbandoned,
    Extend,
    StartThirdPartyConsultation,
    EndThirdPartyConsultation,
    StartCoAgencyConsultation,
    EndCoAgencyConsultation,
    IssueFeeNotice,
    FeePaid,
    FeeNotPaid,
    Respond,
    Archive,
}

impl ActionKind {
    pub const ALL: [ActionKind; 15] = [
        ActionKind::AcceptForReview,
        ActionKind::AnswerOnSpot,
        ActionKind::RequestCorrection,
        ActionKind::CorrectionReceived,
        ActionKind::MarkAbandoned,
        ActionKind::Extend,
        ActionKind::StartThirdPartyConsultation,
        ActionKind::EndThirdPartyConsultation,
        ActionKind::StartCoAgencyConsultation,
        ActionKind::EndCoAgencyConsultation,
        ActionKind::IssueFeeNotice,
        ActionKind::FeePaid,
        ActionKind::FeeNotPaid,
        ActionKind::Respond,
        ActionKind::Archive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionKind::AcceptForReview => "accept_for_review",
            ActionKind::AnswerOnSpot => "answer_on_spot",
            ActionKind::RequestCorrection => "request_correction",
            ActionKind::CorrectionReceived => "correction_received",
            ActionKind::MarkAbandoned => "mark_abandoned",
            ActionKind::Extend => "extend",
            ActionKind::StartThirdPartyConsultation => "start_third_party_consultation",
            ActionKind::EndThirdPartyConsultation => "end_third_party_consultation",
            ActionKind::StartCoAgencyConsultation => "start_co_agency_consultation",
            ActionKind::EndCoAgencyConsultation => "end_co_agency_consultation",
            ActionKind::IssueFeeNotice => "issue_fee_notice",
            ActionKind::FeePaid => "fee_paid",
            ActionKind::FeeNotPaid => "fee_not_paid",
            ActionKind::Respond => "respond",
            ActionKind::Archive => "archive",
        }
    }

    /// A verb phrase: reads after "不能".
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::AcceptForReview => "受理审查",
            ActionKind::AnswerOnSpot => "当场答复",
            ActionKind::RequestCorrection => "发出补正通知",
            ActionKind::CorrectionReceived => "登记收到补正",
            ActionKind::MarkAbandoned => "按逾期未补正视为放弃申请处理",
            ActionKind::Extend => "延长答复期限",
            ActionKind::StartThirdPartyConsultation => "书面征求第三方意见",
            ActionKind::EndThirdPartyConsultation => "登记第三方意见",
            ActionKind::StartCoAgencyConsultation => "征求其他机关意见",
            ActionKind::EndCoAgencyConsultation => "登记其他机关意见",
            ActionKind::IssueFeeNotice => "发出收费通知",
            ActionKind::FeePaid => "登记已缴费",
            ActionKind::FeeNotPaid => "按逾期未缴费视为放弃申请处理",
            ActionKind::Respond => "作出答复",
            ActionKind::Archive => "归档",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_serde_uses_them() {
        let mut codes: Vec<_> = RequestState::ALL.iter().map(|s| s.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RequestState::ALL.len());
        for s in RequestState::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        for k in ActionKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
        }
    }

    #[test]
    fn waiting_and_finished_are_disjoint() {
        for s in RequestState::ALL {
            assert!(!(s.is_waiting() && s.is_finished()), "{s:?}");
        }
        assert_eq!(
            RequestState::ALL.iter().filter(|s| s.is_waiting()).count(),
            4
        );
    }
}
