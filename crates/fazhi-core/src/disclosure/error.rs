//! Why a disclosure step or input was refused.
//!
//! Variants are specific where callers (and tests) need to tell refusals apart
//! — the once-only and time-limit rules of the 条例 — and generic for plain bad
//! input. Every message is Chinese, says which rule applies and what is
//! missing, and is shown to staff as-is.
use chrono::NaiveDate;

use super::model::Outcome;
use super::request::{ActionKind, RequestState};
use crate::DomainError;
use crate::calendar::CalendarError;

/// A refused disclosure step or a bad input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisclosureError {
    /// A required input is empty. `field` is the form/JSON field name.
    #[error("「{label}」不能为空")]
    Missing {
        field: &'static str,
        label: &'static str,
    },
    /// Any other bad input; the message names the field in Chinese.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// A stored or submitted code is not one of ours.
    #[error("未知的{what}代码「{code}」")]
    UnknownCode {
        field: &'static str,
        what: &'static str,
        code: String,
    },
    /// The transition table has no such step from this state; `hint` says
    /// what has to happen first.
    #[error("申请当前为「{}」，不能{}：{hint}", .state.label(), .action.label())]
    NotAllowed {
        state: RequestState,
        action: ActionKind,
        hint: &'static str,
    },
    /// Art.30: the correction notice is given once, with every item.
    #[error(
        "补正通知应一次性告知全部补正事项（条例第三十条），本申请已于 {on} 发出过补正通知，不能再次要求补正"
    )]
    CorrectionAlreadyRequested { on: NaiveDate },
    /// Art.30: the correction notice is due within 7 working days of receipt.
    #[error(
        "补正通知应自收到申请之日起 7 个工作日内发出（条例第三十条），该期限已于 {deadline} 届满"
    )]
    CorrectionTooLate { deadline: NaiveDate },
    /// Art.30: only an applicant who let the period given in the notice pass
    /// is deemed to have abandoned the request.
    #[error("补正通知给出的补正期限至 {until} 届满，期满前不能按视为放弃申请处理")]
    CorrectionPeriodRunning { until: NaiveDate },
    /// Art.33: one extension of at most 20 working days.
    #[error("答复期限只能延长一次（条例第三十三条），本申请已于 {on} 延长")]
    ExtensionAlreadyGranted { on: NaiveDate },
    /// Art.33: an extension is decided within the answer period.
    #[error(
        "答复期限已于 {due} 届满，不能再延长（延长须在答复期限内经负责人同意，条例第三十三条）"
    )]
    ExtensionAfterDue { due: NaiveDate },
    /// Arts.32/34: "逾期未提出意见" can only be recorded once the 15 working
    /// days have passed.
    #[error("征求意见期限至 {until} 届满（15 个工作日），期满前不能登记为逾期未提出意见")]
    ConsultationPeriodRunning { until: NaiveDate },
    /// 109号: non-payment only after the payment window has passed.
    #[error("缴费期限至 {until} 届满，期满前不能按逾期未缴费处理")]
    FeeWindowRunning { until: NaiveDate },
    /// 109号: one fee per request; a second notice would charge twice.
    #[error("本申请已于 {on} 发出收费通知，同一申请不能再次收费")]
    FeeNoticeAlreadyIssued { on: NaiveDate },
    /// 6.1 and 6.2 are the result of the abandonment steps, not a free choice.
    #[error("「{}」只能通过“{}”形成，不能直接作为答复结果", .outcome.full_label(), .via.label())]
    OutcomeNeedsStep { outcome: Outcome, via: ActionKind },
    /// 4.3 presupposes a correction that was received.
    #[error(
        "本申请未经补正，不能以「补正后申请内容仍不明确」答复；内容不明确的应先发出补正通知（条例第三十条）"
    )]
    NoCorrectionReceived,
    /// Art.33: "当场答复" is given on the day the request is received.
    #[error("当场答复只能在收到申请当日（{received_on}）作出，之后请受理审查后答复")]
    OnSpotNotSameDay { received_on: NaiveDate },
    /// Steps are recorded in order; a step dated before the previous one is a
    /// data-entry mistake.
    #[error("办理日期 {on} 早于上一步的日期 {previous}，请核对")]
    OutOfOrder { on: NaiveDate, previous: NaiveDate },
    /// The working-day calendar could not answer (e.g. the year is not loaded).
    #[error("{0}")]
    Calendar(#[from] CalendarError),
}

impl DisclosureError {
    /// Shorthand for [`DisclosureError::Invalid`].
    pub fn invalid(field: &'static str, message: impl Into<String>) -> DisclosureError {
        DisclosureError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// Shorthand for [`DisclosureError::Missing`].
    pub fn missing(field: &'static str, label: &'static str) -> DisclosureError {
        DisclosureError::Missing { field, label }
    }

    /// The form field a bad-input error points at; `None` for workflow refusals.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            DisclosureError::Missing { field, .. }
            | DisclosureError::Invalid { field, .. }
            | DisclosureError::UnknownCode { field, .. } => Some(field),
            DisclosureError::OutOfOrder { .. } | DisclosureError::OnSpotNotSameDay { .. } => {
                Some("on")
            }
            _ => None,
        }
    }

    /// The stable gate name of a workflow refusal; `None` for bad input.
    pub fn gate(&self) -> Option<&'static str> {
        Some(match self {
            DisclosureError::Missing { .. }
            | DisclosureError::Invalid { .. }
            | DisclosureError::UnknownCode { .. }
            | DisclosureError::OutOfOrder { .. }
            | DisclosureError::OnSpotNotSameDay { .. } => return None,
            DisclosureError::NotAllowed { .. } => "disclosure.transition",
            DisclosureError::CorrectionAlreadyRequested { .. } => "disclosure.correction_once",
            DisclosureError::CorrectionTooLate { .. } => "disclosure.correction_deadline",
            DisclosureError::CorrectionPeriodRunning { .. } => "disclosure.correction_period",
            DisclosureError::ExtensionAlreadyGranted { .. } => "disclosure.extension_once",
            DisclosureError::ExtensionAfterDue { .. } => "disclosure.extension_deadline",
            DisclosureError::ConsultationPeriodRunning { .. } => "disclosure.consultation_period",
            DisclosureError::FeeWindowRunning { .. } => "disclosure.fee_window",
            DisclosureError::FeeNoticeAlreadyIssued { .. } => "disclosure.fee_once",
            DisclosureError::OutcomeNeedsStep { .. } => "disclosure.outcome_step",
            DisclosureError::NoCorrectionReceived => "disclosure.outcome_correction",
            DisclosureError::Calendar(_) => "calendar",
        })
    }
}

impl From<DisclosureError> for DomainError {
    fn from(error: DisclosureError) -> DomainError {
        let message = error.to_string();
        match (error.field(), error.gate()) {
            (Some(field), _) => DomainError::invalid(field, message),
            (None, Some(gate)) => DomainError::refused(gate, message),
            (None, None) => DomainError::refused("disclosure", message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn bad_input_becomes_an_invalid_field() {
        let e: DomainError = DisclosureError::missing("reason", "理由").into();
        assert_eq!(e, DomainError::invalid("reason", "「理由」不能为空"));
        let e: DomainError = DisclosureError::UnknownCode {
            field: "outcome",
            what: "办理结果",
            code: "9.9".into(),
        }
        .into();
        assert_eq!(
            e,
            DomainError::invalid("outcome", "未知的办理结果代码「9.9」")
        );
    }

    #[test]
    fn workflow_refusals_become_refused_with_a_gate() {
        let e: DomainError =
            DisclosureError::CorrectionAlreadyRequested { on: d(2024, 3, 1) }.into();
        match e {
            DomainError::Refused { gate, message } => {
                assert_eq!(gate, "disclosure.correction_once");
                assert!(message.contains("2024-03-01"), "{message}");
                assert!(message.contains("第三十条"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn not_allowed_names_state_action_and_what_is_missing() {
        let e = DisclosureError::NotAllowed {
            state: RequestState::Received,
            action: ActionKind::Respond,
            hint: "请先受理审查",
        };
        assert_eq!(
            e.to_string(),
            "申请当前为「已收到」，不能作出答复：请先受理审查"
        );
    }

    #[test]
    fn calendar_errors_keep_their_message() {
        let e: DisclosureError = CalendarError::DateOverflow.into();
        assert_eq!(e.to_string(), "日期超出可计算范围");
        assert_eq!(
            DomainError::from(e),
            DomainError::refused("calendar", "日期超出可计算范围")
        );
    }
}
