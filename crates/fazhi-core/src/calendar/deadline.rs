//! The deadline model: the recorded facts a clock is computed from.
//!
//! A deadline is stored as facts (trigger, length, extensions, pauses,
//! restarts, stop) and its due date is always recomputed by
//! [`compute`](super::compute), never stored, so a calendar correction or a
//! late-recorded pause fixes every dependent date at once.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a period is counted: statutes say 工作日 or 日 (calendar days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 工作日: only working days are counted.
    WorkingDays,
    /// 日: every day is counted; a last day that is not a working day moves
    /// to the next working day (民法典 art.203).
    CalendarDays,
}

/// A length of time in one unit, e.g. "20 个工作日".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// How the days are counted.
    pub unit: Unit,
    /// How many units.
    pub days: u32,
}

impl Period {
    /// Shorthand constructor.
    pub fn new(unit: Unit, days: u32) -> Period {
        Period { unit, days }
    }
}

/// An approved extension (延长), e.g. art.33's "+20 WD with 负责人 approval".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Added length, counted after the due date in force before it.
    pub days: u32,
    /// `None` = the base period's unit.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Legally it must be granted before the period runs out; a later grant
    /// is still applied but flagged in the explanation.
    pub granted_on: NaiveDate,
    /// Shown to citizens, e.g. "经负责人批准".
    pub reason: String,
}

/// Time that does not count (征求第三方意见, 缴费, 听证, 鉴定 …).
///
/// Boundary rule: the clock stops on `from` and resumes the day after
/// `until`, so both `from` and `until` are excluded from the count. `until`
/// is the last paused day (e.g. the day the third party's reply arrived),
/// mirroring "the trigger day itself is not counted".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    /// First day not counted (e.g. the day the consultation letter went out).
    pub from: NaiveDate,
    /// `None` = still paused: no due date can be given yet.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Shown to citizens, e.g. "征求第三方意见".
    pub reason: String,
}

/// A restart (重新起算), e.g. the receipt of a 补正 (corrected application):
/// the period is counted afresh from `on` (not itself counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restart {
    /// The new trigger day (e.g. the day the 补正 arrived); not counted.
    pub on: NaiveDate,
    /// Shown to citizens, e.g. "申请人提交补正材料".
    pub reason: String,
}

/// The facts of one deadline.
///
/// `stopped_on` records when the matter was finished (答复/决定/办结): the
/// clock then reports `Completed` with whether it was on time, instead of
/// running or becoming overdue. Facts are taken as recorded; `today` given to
/// `compute` only decides the status, not which facts apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The trigger date (收到日期, 立案日期 …); it is not counted itself.
    pub start: NaiveDate,
    /// The statute's unit (工作日 or 日).
    pub unit: Unit,
    /// The statute's length, e.g. 20.
    pub days: u32,
    /// Approved extensions, applied in order of grant date.
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// Pause windows; they may overlap, and may lie outside the counted span.
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// Restarts; only the latest matters, all are shown.
    #[serde(default)]
    pub restarts: Vec<Restart>,
    /// The day the matter was finished; see the type's docs.
    #[serde(default)]
    pub stopped_on: Option<NaiveDate>,
    /// What the trigger is called for citizens, e.g. "收到日期"; empty = "起算日期".
    #[serde(default)]
    pub trigger_label: String,
    /// What the due date is called, e.g. "答复期限"; empty = "期限届满日".
    #[serde(default)]
    pub due_label: String,
}

impl Deadline {
    /// A plain deadline with no events yet.
    pub fn new(start: NaiveDate, unit: Unit, days: u32) -> Deadline {
        Deadline {
            start,
            unit,
            days,
            extensions: Vec::new(),
            pauses: Vec::new(),
            restarts: Vec::new(),
            stopped_on: None,
            trigger_label: String::new(),
            due_label: String::new(),
        }
    }

    /// Sets the citizen-facing names of the trigger and of the due date.
    pub fn with_labels(mut self, trigger: impl Into<String>, due: impl Into<String>) -> Deadline {
        self.trigger_label = trigger.into();
        self.due_label = due.into();
        self
    }

    /// The date counting starts after: the latest restart wins, and a restart
    /// dated before `start` cannot move the trigger backwards.
    pub fn trigger(&self) -> NaiveDate {
        self.restarts
            .iter()
            .map(|r| r.on)
            .fold(self.start, NaiveDate::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn latest_restart_is_the_trigger() {
        let mut deadline = Deadline::new(d(2024, 3, 1), Unit::WorkingDays, 20);
        assert_eq!(deadline.trigger(), d(2024, 3, 1));
        deadline.restarts.push(Restart {
            on: d(2024, 3, 8),
            reason: "补正".into(),
        });
        deadline.restarts.push(Restart {
            on: d(2024, 3, 5),
            reason: "补正".into(),
        });
        deadline.restarts.push(Restart {
            on: d(2024, 2, 1),
            reason: "录入错误".into(),
        });
        assert_eq!(deadline.trigger(), d(2024, 3, 8));
    }

    #[test]
    fn model_types_are_serde_types() {
        // serde_json is not a dependency of this crate; the app round-trips
        // these through its own storage. Here we only pin the trait bounds.
        fn assert_serde<T: Serialize + for<'de> Deserialize<'de>>() {}
        assert_serde::<Deadline>();
        assert_serde::<Period>();
    }

    #[test]
    fn labels_are_set_by_the_builder() {
        let deadline =
            Deadline::new(d(2024, 2, 8), Unit::WorkingDays, 20).with_labels("收到日期", "答复期限");
        assert_eq!(
            (deadline.trigger_label.as_str(), deadline.due_label.as_str()),
            ("收到日期", "答复期限")
        );
    }
}
