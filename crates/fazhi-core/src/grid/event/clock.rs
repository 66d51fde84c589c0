//! The handling clock as facts for the one deadline engine. Nothing here
//! counts a day.
use super::Event;
use crate::calendar::{Deadline, Unit};

impl Event {
    /// 处置期限: the category's limit in working days from the report day
    /// (the day itself not counted), stopped by handling (or by 不予受理).
    /// A rework reopens it: the clock runs on from the same report day, so a
    /// badly handled matter shows overdue rather than getting fresh time.
    pub fn deadline(&self) -> Deadline {
        self.stage_deadline(1)
    }

    /// The deadline of the `stage`-th breach: `stage` × the limit. Stage 1
    /// is the limit itself; each further stage climbs one rung more.
    pub(crate) fn stage_deadline(&self, stage: u32) -> Deadline {
        let mut deadline = Deadline::new(self.reported_on(), Unit::WorkingDays, self.limit_days().saturating_mul(stage))
            .with_labels("上报日期", if stage == 1 { "处置期限" } else { "逐级上报期限" });
        deadline.stopped_on = self.handled_on();
        deadline
    }
}
