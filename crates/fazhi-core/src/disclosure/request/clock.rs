//! The request's clocks as facts for the one deadline engine
//! ([`crate::calendar::compute`]). Nothing here counts a day: each function
//! only says which events are a trigger, a pause, a restart, an extension or
//! the stop.
use chrono::NaiveDate;

use super::{Action, ActionKind, Request};
use crate::calendar::{Deadline, Extension, Pause, Restart, Unit};

/// art.33: answer within 20 working days of 收到日期.
pub const ANSWER_DAYS: u32 = 20;
/// art.30: the correction notice within 7 working days of 收到日期.
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// art.33: an extension adds at most 20 working days.
pub const EXTENSION_MAX_DAYS: u32 = 20;
/// arts.32 and 34: the third party / other agency has 15 working days.
pub const CONSULTATION_DAYS: u32 = 15;
/// Payment window of a fee notice. Spec §2 marks it unconfirmed (\[U\]): 109号's wording
/// was not checked; 20 working days is the common practice.
pub const FEE_PAYMENT_DAYS: u32 = 20;

const PAUSE_CORRECTION: &str = "等待申请人补正";
const PAUSE_THIRD_PARTY: &str = "征求第三方意见";
const PAUSE_CO_AGENCY: &str = "征求其他机关意见";
const PAUSE_FEE: &str = "等待申请人缴纳信息处理费";

impl Request {
    /// The answer deadline (答复期限): 20 WD from 收到日期 (art.33).
    ///
    /// - 补正: the clock waits from the notice (an open pause, so a request
    ///   waiting for the applicant never shows overdue); when the correction
    ///   arrives the pause is dropped and the period restarts from that day
    ///   (art.30 "答复期限自收到补正的申请之日起计算").
    /// - Consultations (arts.32–34) and the fee notice are pauses from the day
    ///   the letter/notice went out to the day the reply/payment came in, both
    ///   days not counted.
    /// - An approved extension continues after the due date in force.
    /// - Answering (on the spot or not) or being deemed abandoned stops it.
    pub fn deadline(&self) -> Deadline {
        let mut deadline = Deadline::new(self.received_on(), Unit::WorkingDays, ANSWER_DAYS)
            .with_labels("收到日期", "答复期限");
        let mut open: Option<Pause> = None;
        for event in self.events() {
            let on = event.on;
            match &event.action {
                Action::RequestCorrection { .. } => open = Some(pause(on, PAUSE_CORRECTION)),
                Action::CorrectionReceived => {
                    open = None;
                    deadline.restarts.push(Restart {
                        on,
                        reason: "收到申请人补正".into(),
                    });
                }
                Action::StartThirdPartyConsultation { .. } => {
                    open = Some(pause(on, PAUSE_THIRD_PARTY))
                }
                Action::StartCoAgencyConsultation { .. } => open = Some(pause(on, PAUSE_CO_AGENCY)),
                Action::IssueFeeNotice { .. } => open = Some(pause(on, PAUSE_FEE)),
                Action::EndThirdPartyConsultation { .. }
                | Action::EndCoAgencyConsultation { .. }
                | Action::FeePaid => {
                    if let Some(mut closed) = open.take() {
                        closed.until = Some(on);
                        deadline.pauses.push(closed);
                    }
                }
                Action::Extend { days, .. } => deadline.extensions.push(Extension {
                    days: *days,
                    unit: None,
                    granted_on: on,
                    reason: "经政府信息公开工作机构负责人同意".into(),
                }),
                Action::AnswerOnSpot { .. }
                | Action::Respond { .. }
                | Action::MarkAbandoned
                | Action::FeeNotPaid => deadline.stopped_on = Some(on),
                Action::AcceptForReview | Action::Archive => {}
            }
        }
        deadline.pauses.extend(open);
        deadline
    }

    /// The art.30 limit for the correction notice: 7 WD from 收到日期. It
    /// stops when the notice is sent or the request is answered, since after
    /// either it no longer binds anyone.
    pub fn correction_deadline(&self) -> Deadline {
        let mut deadline = Deadline::new(
            self.received_on(),
            Unit::WorkingDays,
            CORRECTION_NOTICE_DAYS,
        )
        .with_labels("收到日期", "补正告知期限");
        deadline.stopped_on = self
            .events()
            .iter()
            .find(|e| {
                matches!(
                    e.action.kind(),
                    ActionKind::RequestCorrection | ActionKind::AnswerOnSpot | ActionKind::Respond
                )
            })
            .map(|e| e.on);
        deadline
    }

    /// The 15 WD of the latest consultation (arts.32, 34), counted from the
    /// day the letter went out (record the day it was delivered, if known, as
    /// the start). `None` if there was none.
    pub fn consultation_deadline(&self) -> Option<Deadline> {
        let (start, end) = self.window(
            |k| {
                matches!(
                    k,
                    ActionKind::StartThirdPartyConsultation | ActionKind::StartCoAgencyConsultation
                )
            },
            |k| {
                matches!(
                    k,
                    ActionKind::EndThirdPartyConsultation | ActionKind::EndCoAgencyConsultation
                )
            },
        )?;
        let mut deadline = Deadline::new(start, Unit::WorkingDays, CONSULTATION_DAYS)
            .with_labels("发出征求意见书日期", "提出意见期限");
        deadline.stopped_on = end;
        Some(deadline)
    }

    /// The payment window of the fee notice. `None` if no fee was asked.
    pub fn fee_deadline(&self) -> Option<Deadline> {
        let (start, end) = self.window(
            |k| k == ActionKind::IssueFeeNotice,
            |k| matches!(k, ActionKind::FeePaid | ActionKind::FeeNotPaid),
        )?;
        let mut deadline = Deadline::new(start, Unit::WorkingDays, FEE_PAYMENT_DAYS)
            .with_labels("发出收费通知日期", "缴费期限");
        deadline.stopped_on = end;
        Some(deadline)
    }

    /// The latest start event and the end event that followed it, if any.
    fn window(
        &self,
        starts: impl Fn(ActionKind) -> bool,
        ends: impl Fn(ActionKind) -> bool,
    ) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let index = self
            .events()
            .iter()
            .rposition(|e| starts(e.action.kind()))?;
        let end = self.events()[index + 1..]
            .iter()
            .find(|e| ends(e.action.kind()))
            .map(|e| e.on);
        Some((self.events()[index].on, end))
    }
}

fn pause(from: NaiveDate, reason: &str) -> Pause {
    Pause {
        from,
        until: None,
        reason: reason.into(),
    }
}
