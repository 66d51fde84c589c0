//! Why a date or a deadline could not be computed.
use chrono::NaiveDate;

/// Failure of a calendar computation. Nothing here is ever papered over with
/// a guess: a deadline that needs an unpublished holiday arrangement is an
/// error the caller shows as "日历未载入".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The computation needed `date`, whose year is not loaded. Days are
    /// examined in order, so `date` is a lower bound of the real due date:
    /// while today is before it the deadline is certainly not overdue.
    #[error("日历未载入：计算需要 {date} 的节假日安排，{}", loaded_hint(.last_loaded_year))]
    BeyondCalendar {
        date: NaiveDate,
        last_loaded_year: Option<i32>,
    },
    /// Two calendar rows for one date disagree; the admin must fix the data.
    #[error("节假日数据冲突：{date} 有多条不一致的记录")]
    ConflictingDay { date: NaiveDate },
    /// A pause that resumes before it starts is a data-entry mistake.
    #[error("暂停区间无效：恢复日期 {until} 早于暂停日期 {from}")]
    InvalidPause { from: NaiveDate, until: NaiveDate },
    /// Only reachable with absurd inputs (dates near chrono's limits).
    #[error("日期超出可计算范围")]
    DateOverflow,
}

fn loaded_hint(last: &Option<i32>) -> String {
    match last {
        Some(year) => format!("目前只载入到 {year} 年"),
        None => "目前没有载入任何年度".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beyond_calendar_message_names_the_date_and_the_last_year() {
        let err = CalendarError::BeyondCalendar {
            date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            last_loaded_year: Some(2026),
        };
        assert_eq!(
            err.to_string(),
            "日历未载入：计算需要 2027-01-01 的节假日安排，目前只载入到 2026 年"
        );
    }
}
