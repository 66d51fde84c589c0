//! Working-day calendar and the system's single deadline function.
//!
//! Every statutory period (政府信息公开 20 个工作日, 行政许可, 行政处罚 …) is
//! a [`Deadline`] of recorded facts; [`compute`] turns it into a due date, a
//! status and an [`Explanation`] using a [`Calendar`] loaded from data
//! ([`official_days`] seeds it). Dates in years whose holiday arrangement is
//! not loaded are refused with [`CalendarError::BeyondCalendar`], never
//! guessed.
mod compute;
mod count;
mod day;
mod deadline;
mod error;
mod explain;
mod official;
#[cfg(test)]
mod props;

pub use compute::{ClockStatus, Computation, PausedClock, compute};
pub use count::{add_calendar_days, add_working_days};
pub use day::{Calendar, CalendarDay, DayKind};
pub use deadline::{Deadline, Extension, Pause, Period, Restart, Unit};
pub use error::CalendarError;
pub use explain::{Explanation, Step};
pub use official::{OFFICIAL_YEARS, official_calendar, official_days};
