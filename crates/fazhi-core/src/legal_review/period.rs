//! The reviewer's period. For a major decision the reviewer must be given at
//! least 7 working days (《重大行政决策程序暂行条例》第二十七条); for the other
//! kinds no statute fixes a minimum, so the form proposes a default the
//! requester may change. Every date comes from the one counting engine
//! (`calendar::add_working_days`) on the loaded calendar.
use chrono::NaiveDate;

use super::SubjectKind;
use crate::DomainError;
use crate::calendar::{Calendar, CalendarError, Deadline, Unit, add_working_days};

/// 令713 art.27: "一般不少于7个工作日".
pub const DECISION_MIN_WORKING_DAYS: u32 = 7;
/// The longest period the form accepts (a year's working days): beyond it is a typing error.
pub const MAX_WORKING_DAYS: u32 = 250;

/// The statutory minimum in working days, where a statute sets one.
pub fn minimum_working_days(kind: SubjectKind) -> Option<u32> {
    match kind {
        SubjectKind::Decision => Some(DECISION_MIN_WORKING_DAYS),
        _ => None,
    }
}

/// What the request form proposes: the minimum for decisions; 5 working days
/// for documents and contracts (the 国办发〔2018〕115号 practice of 5–15 WD);
/// 3 for an enforcement decision's 法制审核, which holds up a running case.
pub fn default_working_days(kind: SubjectKind) -> u32 {
    match kind {
        SubjectKind::Decision => DECISION_MIN_WORKING_DAYS,
        SubjectKind::Document | SubjectKind::Contract => 5,
        SubjectKind::Enforcement => 3,
    }
}

/// A checked period: `working_days` after the submission date, ending on `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPeriod {
    pub submitted_on: NaiveDate,
    pub working_days: u32,
    pub due: NaiveDate,
}

impl ReviewPeriod {
    /// The clock stored for the review (the trigger day is not counted).
    pub fn deadline(&self) -> Deadline {
        Deadline::new(self.submitted_on, Unit::WorkingDays, self.working_days).with_labels("提请日期", "审查期限")
    }
}

fn calendar_refusal(e: CalendarError) -> DomainError {
    DomainError::refused("calendar", e.to_string())
}

/// The earliest due date the requester may set (None: no statutory minimum).
pub fn minimum_due(kind: SubjectKind, submitted_on: NaiveDate, cal: &Calendar) -> Result<Option<NaiveDate>, DomainError> {
    minimum_working_days(kind).map(|n| add_working_days(cal, submitted_on, n).map_err(calendar_refusal)).transpose()
}

/// Checks the requested due date (or proposes the default when none is given).
/// The due date must be a working day after the submission; for a decision it
/// may not come before the statutory minimum.
pub fn plan(kind: SubjectKind, submitted_on: NaiveDate, requested_due: Option<NaiveDate>, cal: &Calendar) -> Result<ReviewPeriod, DomainError> {
    let Some(due) = requested_due else {
        let n = default_working_days(kind);
        let due = add_working_days(cal, submitted_on, n).map_err(calendar_refusal)?;
        return Ok(ReviewPeriod { submitted_on, working_days: n, due });
    };
    if due <= submitted_on {
        return Err(DomainError::invalid("due_date", format!("「审查期限」应晚于提请日期 {submitted_on}")));
    }
    if !cal.is_workday(due).map_err(calendar_refusal)? {
        return Err(DomainError::invalid("due_date", format!("「审查期限」{due} 不是工作日，请选择工作日")));
    }
    // Count by asking the engine for successive due dates: no second counting rule.
    let mut n = 0;
    let working_days = loop {
        n += 1;
        if n > MAX_WORKING_DAYS {
            return Err(DomainError::invalid("due_date", format!("「审查期限」不能超过 {MAX_WORKING_DAYS} 个工作日")));
        }
        let d = add_working_days(cal, submitted_on, n).map_err(calendar_refusal)?;
        if d == due {
            break n;
        }
    };
    if let Some(min) = minimum_working_days(kind)
        && working_days < min
    {
        let earliest = add_working_days(cal, submitted_on, min).map_err(calendar_refusal)?;
        return Err(DomainError::invalid(
            "due_date",
            format!(
                "{}的合法性审查期限不得少于 {min} 个工作日（《重大行政决策程序暂行条例》第二十七条）：{submitted_on} 提请，审查期限最早为 {earliest}，所填 {due} 仅 {working_days} 个工作日",
                kind.label()
            ),
        ));
    }
    Ok(ReviewPeriod { submitted_on, working_days, due })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::official_calendar;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn decisions_default_to_seven_working_days_across_holidays() {
        let cal = official_calendar();
        // Submitted Thu 2021-09-16: 9/17 (1), 9/18 调休上班 (2), 9/19–21 中秋, 9/22 (3), 23 (4), 24 (5), 9/26 调休上班 (6), 9/27 (7).
        let p = plan(SubjectKind::Decision, d(2021, 9, 16), None, &cal).unwrap();
        assert_eq!((p.working_days, p.due), (7, d(2021, 9, 27)));
        assert_eq!(minimum_due(SubjectKind::Decision, d(2021, 9, 16), &cal).unwrap(), Some(d(2021, 9, 27)));
        assert_eq!(minimum_due(SubjectKind::Contract, d(2021, 9, 16), &cal).unwrap(), None);
    }

    #[test]
    fn a_decision_may_not_get_less_than_seven_working_days() {
        let cal = official_calendar();
        let e = plan(SubjectKind::Decision, d(2021, 9, 16), Some(d(2021, 9, 24)), &cal).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("不得少于 7 个工作日"), "{msg}");
        assert!(msg.contains("2021-09-27"), "{msg}");
        assert!(matches!(e, DomainError::Invalid { ref field, .. } if field == "due_date"));
        let ok = plan(SubjectKind::Decision, d(2021, 9, 16), Some(d(2021, 9, 29)), &cal).unwrap();
        assert_eq!(ok.working_days, 9);
        assert_eq!(ok.deadline().days, 9);
    }

    #[test]
    fn other_kinds_may_be_short_but_due_after_submission_on_a_working_day() {
        let cal = official_calendar();
        let p = plan(SubjectKind::Enforcement, d(2021, 3, 1), Some(d(2021, 3, 2)), &cal).unwrap();
        assert_eq!(p.working_days, 1);
        assert!(plan(SubjectKind::Contract, d(2021, 3, 1), Some(d(2021, 3, 1)), &cal).is_err());
        let e = plan(SubjectKind::Contract, d(2021, 3, 1), Some(d(2021, 3, 6)), &cal).unwrap_err();
        assert!(e.to_string().contains("不是工作日"));
        assert_eq!(plan(SubjectKind::Document, d(2021, 3, 1), None, &cal).unwrap().due, d(2021, 3, 8));
    }

    #[test]
    fn no_guessing_beyond_the_loaded_calendar() {
        let cal = official_calendar();
        let e = plan(SubjectKind::Decision, d(2026, 12, 28), None, &cal).unwrap_err();
        assert!(matches!(e, DomainError::Refused { .. }));
    }
}
