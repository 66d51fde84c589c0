//! The steps staff record, with the data each one needs. Events are stored as
//! JSON (`{"on": "2024-03-01", "action": "extend", …}`), so field names are
//! part of the storage format.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ActionKind;
use crate::disclosure::DisclosureError;
use crate::disclosure::model::{AnswerType, Outcome, filled};

/// One recorded step and the day it happened (the legal date: the letter's
/// date, the day a reply arrived …), which is what the clock uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub on: NaiveDate,
    #[serde(flatten)]
    pub action: Action,
}

/// A step of the workflow. See [`next`](super::next) for where each may occur.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// 受理审查: the request cannot be answered on the spot.
    AcceptForReview,
    /// 当场答复 (art.33 第一款), on the day of receipt.
    AnswerOnSpot { response: Response },
    /// 补正通知 (art.30): every item at once, with the period given.
    RequestCorrection {
        /// 需要补正的事项, all of them (the notice is one-time).
        items: Vec<String>,
        /// The last day of the 合理的补正期限 stated in the notice.
        reply_by: NaiveDate,
    },
    /// The corrected request arrived: the answer clock restarts from `on`.
    CorrectionReceived,
    /// 逾期未补正，视为放弃申请 (art.30) → Table 三 row 6.1.
    MarkAbandoned,
    /// 延长答复期限 (art.33 第二款).
    Extend {
        /// Working days added, 1 to 20.
        days: u32,
        /// The 政府信息公开工作机构负责人 who approved.
        approver: String,
        /// Why the 20 working days do not suffice.
        reason: String,
        /// The day the applicant was told.
        notified_on: NaiveDate,
    },
    /// 书面征求第三方意见 (art.32).
    StartThirdPartyConsultation { third_party: String },
    /// The third party's answer, or its silence after 15 working days.
    EndThirdPartyConsultation { reply: ConsultationReply },
    /// 征求其他机关意见 (art.34).
    StartCoAgencyConsultation { agency: String },
    /// The other agency's answer; silence after 15 working days = consent.
    EndCoAgencyConsultation { reply: ConsultationReply },
    /// 收费通知 (art.42, 109号), amount in fen (see `fees`).
    IssueFeeNotice { amount_fen: u64 },
    /// The fee was paid on `on`; the clock resumes.
    FeePaid,
    /// 逾期未缴费，视为放弃申请 → Table 三 row 6.2.
    FeeNotPaid,
    /// 答复.
    Respond { response: Response },
    /// 归档 (art.45).
    Archive,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::AcceptForReview => ActionKind::AcceptForReview,
            Action::AnswerOnSpot { .. } => ActionKind::AnswerOnSpot,
            Action::RequestCorrection { .. } => ActionKind::RequestCorrection,
            Action::CorrectionReceived => ActionKind::CorrectionReceived,
            Action::MarkAbandoned => ActionKind::MarkAbandoned,
            Action::Extend { .. } => ActionKind::Extend,
            Action::StartThirdPartyConsultation { .. } => ActionKind::StartThirdPartyConsultation,
            Action::EndThirdPartyConsultation { .. } => ActionKind::EndThirdPartyConsultation,
            Action::StartCoAgencyConsultation { .. } => ActionKind::StartCoAgencyConsultation,
            Action::EndCoAgencyConsultation { .. } => ActionKind::EndCoAgencyConsultation,
            Action::IssueFeeNotice { .. } => ActionKind::IssueFeeNotice,
            Action::FeePaid => ActionKind::FeePaid,
            Action::FeeNotPaid => ActionKind::FeeNotPaid,
            Action::Respond { .. } => ActionKind::Respond,
            Action::Archive => ActionKind::Archive,
        }
    }
}

/// What a third party or another agency answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConsultationReply {
    /// 同意公开.
    Consent,
    /// 不同意公开. For a third party, `reasonable` records whether the office
    /// found the objection reasoned (合理理由): then the information is
    /// withheld unless the public interest outweighs it (art.32).
    Objection { reasonable: bool },
    /// 逾期未提出意见: for a third party the office decides (art.32); for
    /// another agency it counts as consent (art.34).
    NoReply,
}

impl ConsultationReply {
    pub fn label(self) -> &'static str {
        match self {
            ConsultationReply::Consent => "同意公开",
            ConsultationReply::Objection { reasonable: true } => "不同意公开（有合理理由）",
            ConsultationReply::Objection { reasonable: false } => "不同意公开",
            ConsultationReply::NoReply => "逾期未提出意见",
        }
    }
}

/// The answer: the Table 三 row, the kind of 告知书, and the texts the row
/// requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub outcome: Outcome,
    /// Must be one of `outcome.answer_types()`.
    pub answer: AnswerType,
    /// 理由/说明: required when `outcome.needs_reason()`.
    #[serde(default)]
    pub reason: Option<String>,
    /// 非本机关负责公开: the responsible agency's name and contact (art.36(五)).
    #[serde(default)]
    pub responsible_agency: Option<String>,
    /// Disclosing in full over a third party's reasoned objection: why
    /// withholding would seriously harm the public interest (art.32).
    #[serde(default)]
    pub public_interest: Option<String>,
}

impl Response {
    /// A response with the row's default answer type and no texts yet.
    pub fn new(outcome: Outcome) -> Response {
        Response {
            outcome,
            answer: outcome.default_answer(),
            reason: None,
            responsible_agency: None,
            public_interest: None,
        }
    }

    pub fn with_answer(mut self, answer: AnswerType) -> Response {
        self.answer = answer;
        self
    }

    pub fn with_reason(mut self, reason: impl Into<String>) -> Response {
        self.reason = Some(reason.into());
        self
    }

    pub fn with_responsible_agency(mut self, agency: impl Into<String>) -> Response {
        self.responsible_agency = Some(agency.into());
        self
    }

    pub fn with_public_interest(mut self, why: impl Into<String>) -> Response {
        self.public_interest = Some(why.into());
        self
    }

    /// The checks that need nothing but the response itself; the aggregate
    /// adds those that depend on the request's history.
    pub fn validate(&self) -> Result<(), DisclosureError> {
        if !self.outcome.answer_types().contains(&self.answer) {
            return Err(DisclosureError::invalid(
                "answer",
                format!(
                    "答复类型「{}」不能计入办理结果「{}」，可选：{}",
                    self.answer.label(),
                    self.outcome.full_label(),
                    self.outcome
                        .answer_types()
                        .iter()
                        .map(|a| a.label())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            ));
        }
        if self.outcome.needs_reason() && filled(self.reason.as_deref()).is_none() {
            return Err(DisclosureError::invalid(
                "reason",
                format!("办理结果为「{}」，须填写理由", self.outcome.full_label()),
            ));
        }
        if self.answer == AnswerType::NotThisAgency
            && filled(self.responsible_agency.as_deref()).is_none()
        {
            return Err(DisclosureError::invalid(
                "responsible_agency",
                "不属于本机关负责公开的，须告知负责公开该信息的机关名称和联系方式（条例第三十六条第（五）项）",
            ));
        }
        Ok(())
    }

    /// The citation for the 告知书; see [`Outcome::legal_basis`].
    pub fn legal_basis(&self) -> Option<String> {
        self.outcome.legal_basis(self.answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    #[test]
    fn responses_check_answer_reason_and_agency() {
        assert!(Response::new(Outcome::Disclosed).validate().is_ok());
        assert!(
            Response::new(Outcome::Disclosed)
                .with_answer(AnswerType::AlreadyPublic)
                .validate()
                .is_ok()
        );
        let wrong = Response::new(Outcome::Disclosed).with_answer(AnswerType::Withheld);
        let err = wrong.validate().unwrap_err();
        assert_eq!(err.field(), Some("answer"));
        assert!(
            err.to_string().contains("可选：予以公开、已主动公开"),
            "{err}"
        );

        let err = Response::new(Outcome::WithheldStateSecret)
            .with_reason("  ")
            .validate()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "办理结果为「不予公开：属于国家秘密」，须填写理由"
        );
        for o in [
            Outcome::PartlyDisclosed,
            Outcome::UnavailableNeedsCreation,
            Outcome::NotProcessedRepeated,
            Outcome::OtherOther,
        ] {
            assert_eq!(
                Response::new(o).validate().unwrap_err().field(),
                Some("reason"),
                "{o:?}"
            );
        }

        let elsewhere = Response::new(Outcome::UnavailableNotHeld)
            .with_answer(AnswerType::NotThisAgency)
            .with_reason("该信息由区自然资源局制作");
        assert_eq!(
            elsewhere.validate().unwrap_err().field(),
            Some("responsible_agency")
        );
        assert!(
            elsewhere
                .with_responsible_agency("区自然资源局，电话 0751-8888888")
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn events_serialize_flat_with_an_action_tag() {
        let event = Event {
            on: d(3, 1),
            action: Action::Extend {
                days: 20,
                approver: "李主任".into(),
                reason: "涉及档案调取".into(),
                notified_on: d(3, 1),
            },
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["action"], "extend");
        assert_eq!(json["on"], "2024-03-01");
        assert_eq!(json["days"], 20);
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), event);

        let respond = Event {
            on: d(3, 2),
            action: Action::Respond {
                response: Response::new(Outcome::WithheldThirdPartyRights)
                    .with_reason("涉及个人隐私"),
            },
        };
        let json = serde_json::to_string(&respond).unwrap();
        assert!(json.contains(r#""outcome":"3.4""#), "{json}");
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), respond);

        let reply = Event {
            on: d(3, 3),
            action: Action::EndThirdPartyConsultation {
                reply: ConsultationReply::Objection { reasonable: true },
            },
        };
        let json = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), reply);
        for a in [Action::AcceptForReview, Action::FeePaid, Action::Archive] {
            assert_eq!(a.kind().code(), serde_json::to_value(&a).unwrap()["action"]);
        }
    }
}
