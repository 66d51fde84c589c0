//! The rules of each step beyond the transition table: what its data must
//! contain, what the history allows, and the time limits (the only part that
//! needs the calendar).
use chrono::NaiveDate;

use super::{Action, ActionKind, ConsultationReply, Request, Response};
use crate::calendar::{Calendar, compute};
use crate::disclosure::DisclosureError;
use crate::disclosure::model::{Outcome, filled};

use super::clock::EXTENSION_MAX_DAYS;

impl Request {
    /// The step's own data.
    pub(super) fn check_payload(
        &self,
        on: NaiveDate,
        action: &Action,
    ) -> Result<(), DisclosureError> {
        match action {
            Action::AnswerOnSpot { response } | Action::Respond { response } => response.validate(),
            Action::RequestCorrection { items, reply_by } => {
                if items.is_empty() || items.iter().any(|item| item.trim().is_empty()) {
                    return Err(DisclosureError::missing("items", "补正事项"));
                }
                if *reply_by <= on {
                    return Err(DisclosureError::invalid(
                        "reply_by",
                        format!(
                            "「补正期限」{reply_by} 应晚于补正通知日期 {on}，并给申请人合理的补正时间"
                        ),
                    ));
                }
                Ok(())
            }
            Action::Extend {
                days,
                approver,
                reason,
                notified_on,
            } => {
                if !(1..=EXTENSION_MAX_DAYS).contains(days) {
                    return Err(DisclosureError::invalid(
                        "days",
                        format!(
                            "延长的期限最长不得超过 {EXTENSION_MAX_DAYS} 个工作日（条例第三十三条），应填写 1 到 {EXTENSION_MAX_DAYS}"
                        ),
                    ));
                }
                if filled(Some(approver)).is_none() {
                    return Err(DisclosureError::missing(
                        "approver",
                        "批准人（政府信息公开工作机构负责人）",
                    ));
                }
                if filled(Some(reason)).is_none() {
                    return Err(DisclosureError::missing("reason", "延长理由"));
                }
                if *notified_on < on {
                    return Err(DisclosureError::invalid(
                        "notified_on",
                        format!("「告知申请人日期」{notified_on} 不能早于批准延长的日期 {on}"),
                    ));
                }
                Ok(())
            }
            Action::StartThirdPartyConsultation { third_party }
                if filled(Some(third_party)).is_none() =>
            {
                Err(DisclosureError::missing("third_party", "第三方名称"))
            }
            Action::StartCoAgencyConsultation { agency } if filled(Some(agency)).is_none() => {
                Err(DisclosureError::missing("agency", "被征求意见机关"))
            }
            Action::IssueFeeNotice { amount_fen: 0 } => Err(DisclosureError::invalid(
                "amount_fen",
                "收费金额应大于零；不收费的无需发出收费通知",
            )),
            _ => Ok(()),
        }
    }

    /// Rules that depend on what happened before.
    pub(super) fn check_history(
        &self,
        on: NaiveDate,
        action: &Action,
    ) -> Result<(), DisclosureError> {
        match action {
            Action::AnswerOnSpot { response } => {
                if on != self.received_on() {
                    return Err(DisclosureError::OnSpotNotSameDay {
                        received_on: self.received_on(),
                    });
                }
                self.check_response(response)
            }
            Action::Respond { response } => self.check_response(response),
            Action::RequestCorrection { .. } => match self.correction_request() {
                Some((sent, _)) => Err(DisclosureError::CorrectionAlreadyRequested { on: sent }),
                None => Ok(()),
            },
            Action::MarkAbandoned => match self.correction_request() {
                Some((_, reply_by)) if on <= reply_by => {
                    Err(DisclosureError::CorrectionPeriodRunning { until: reply_by })
                }
                _ => Ok(()),
            },
            Action::Extend { .. } => match self.extension() {
                Some((granted, _)) => Err(DisclosureError::ExtensionAlreadyGranted { on: granted }),
                None => Ok(()),
            },
            Action::IssueFeeNotice { .. } => match self.last(ActionKind::IssueFeeNotice) {
                Some(event) => Err(DisclosureError::FeeNoticeAlreadyIssued { on: event.on }),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn check_response(&self, response: &Response) -> Result<(), DisclosureError> {
        match response.outcome {
            Outcome::OtherCorrectionOverdue => Err(DisclosureError::OutcomeNeedsStep {
                outcome: response.outcome,
                via: ActionKind::MarkAbandoned,
            }),
            Outcome::OtherFeeUnpaid => Err(DisclosureError::OutcomeNeedsStep {
                outcome: response.outcome,
                via: ActionKind::FeeNotPaid,
            }),
            Outcome::UnavailableStillUnclear if self.correction_received_on().is_none() => {
                Err(DisclosureError::NoCorrectionReceived)
            }
            // Full disclosure over a reasoned objection (art.32). 部分公开 is
            // allowed without: the third party's part is usually what is withheld.
            Outcome::Disclosed
                if self.third_party_reply()
                    == Some(ConsultationReply::Objection { reasonable: true })
                    && filled(response.public_interest.as_deref()).is_none() =>
            {
                Err(DisclosureError::invalid(
                    "public_interest",
                    "第三方不同意公开且有合理理由，决定予以公开须说明不公开可能对公共利益造成的重大影响，并将决定公开的内容和理由书面告知第三方（条例第三十二条）",
                ))
            }
            _ => Ok(()),
        }
    }

    /// The time limits, computed by the one deadline engine.
    pub(super) fn check_timing(
        &self,
        on: NaiveDate,
        action: &Action,
        cal: &Calendar,
    ) -> Result<(), DisclosureError> {
        let due_of = |deadline| compute(&deadline, cal, on).map(|c| c.due);
        match action {
            Action::RequestCorrection { .. } => {
                if let Some(deadline) = due_of(self.correction_deadline())?
                    && on > deadline
                {
                    return Err(DisclosureError::CorrectionTooLate { deadline });
                }
            }
            Action::Extend { .. } => {
                if let Some(due) = due_of(self.deadline())?
                    && on > due
                {
                    return Err(DisclosureError::ExtensionAfterDue { due });
                }
            }
            Action::EndThirdPartyConsultation {
                reply: ConsultationReply::NoReply,
            }
            | Action::EndCoAgencyConsultation {
                reply: ConsultationReply::NoReply,
            } => {
                if let Some(deadline) = self.consultation_deadline()
                    && let Some(until) = due_of(deadline)?
                    && on <= until
                {
                    return Err(DisclosureError::ConsultationPeriodRunning { until });
                }
            }
            Action::FeeNotPaid => {
                if let Some(deadline) = self.fee_deadline()
                    && let Some(until) = due_of(deadline)?
                    && on <= until
                {
                    return Err(DisclosureError::FeeWindowRunning { until });
                }
            }
            _ => {}
        }
        Ok(())
    }
}
