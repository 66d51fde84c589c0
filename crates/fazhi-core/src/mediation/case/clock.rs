//! The case's clocks as facts for the one deadline engine.
use chrono::{Months, NaiveDate};

use super::{Action, ActionKind, Case};
use crate::calendar::{Deadline, Unit};

/// 司法部《人民调解工作若干规定》(2002) art.33: a dispute is generally
/// settled within one month of registration (spec §9, target not statute).
pub const TARGET_MONTHS: u32 = 1;
/// 人民调解法 art.33: joint application for 司法确认 within 30 days of the
/// agreement taking effect (calendar days; a last day off work moves on).
pub const CONFIRMATION_WINDOW_DAYS: u32 = 30;

impl Case {
    /// 调解期限 (target): one month from 登记受理, stopped when the case ends
    /// in agreement or termination. A period in months ends on the
    /// corresponding day of the next month (民法典 art.202; the month end if
    /// there is none); the engine counts that many calendar days, which also
    /// applies art.203 when the day is a holiday. `None` before registration.
    pub fn target_deadline(&self) -> Option<Deadline> {
        let start = self.registered_on()?;
        let end = month_later(start);
        let days = u32::try_from((end - start).num_days()).ok()?;
        let mut deadline = Deadline::new(start, Unit::CalendarDays, days).with_labels("登记受理日期", "调解期限（一个月）");
        deadline.stopped_on = self.concluded_on();
        Some(deadline)
    }

    /// 司法确认申请期限: 30 days from the day the agreement took effect,
    /// stopped by the application. `None` while no agreement is effective.
    pub fn confirmation_deadline(&self) -> Option<Deadline> {
        let effective_on = self.effectiveness()?.effective_on?;
        let mut deadline =
            Deadline::new(effective_on, Unit::CalendarDays, CONFIRMATION_WINDOW_DAYS).with_labels("调解协议生效日期", "司法确认申请期限");
        deadline.stopped_on = self.entries().iter().find(|e| e.action.kind() == ActionKind::ApplyForConfirmation).map(|e| e.on);
        Some(deadline)
    }

    pub(crate) fn registered_on(&self) -> Option<NaiveDate> {
        self.entries().iter().find(|e| matches!(e.action, Action::Register { .. })).map(|e| e.on)
    }
}

/// The corresponding day one month later, or that month's last day.
fn month_later(start: NaiveDate) -> NaiveDate {
    start.checked_add_months(Months::new(TARGET_MONTHS)).unwrap_or(start)
}
