use chrono::NaiveDate;

use crate::DomainError;

/// The outcome of checking a notice's lead time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeCheck {
    OnTime,
    /// Sent late; the recorded reason.
    Late { days_before: i64, reason: String },
}

/// A notice sent on `sent` for a sitting on `meeting` must come at least
/// `lead_days` calendar days before (提前通知); a late notice is allowed only with
/// a recorded reason (e.g. 紧急事项临时召集), and never after the sitting day.
pub fn check_notice(sent: NaiveDate, meeting: NaiveDate, lead_days: u32, late_reason: Option<&str>) -> Result<NoticeCheck, DomainError> {
    let days_before = (meeting - sent).num_days();
    if days_before < 0 {
        return Err(DomainError::refused("meeting_notice", "会议日期已过，不能再发送会议通知"));
    }
    if days_before >= i64::from(lead_days) {
        return Ok(NoticeCheck::OnTime);
    }
    match late_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Ok(NoticeCheck::Late { days_before, reason: r.to_string() }),
        None => Err(DomainError::invalid(
            "late_reason",
            format!("会议通知应至少提前 {lead_days} 天发出（现距会议 {days_before} 天），请填写「未按期通知原因」"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn on_time_and_late() {
        assert_eq!(check_notice(d("2021-03-05"), d("2021-03-08"), 3, None).unwrap(), NoticeCheck::OnTime);
        assert!(check_notice(d("2021-03-06"), d("2021-03-08"), 3, None).is_err());
        assert_eq!(
            check_notice(d("2021-03-07"), d("2021-03-08"), 3, Some("防汛紧急事项临时召集")).unwrap(),
            NoticeCheck::Late { days_before: 1, reason: "防汛紧急事项临时召集".into() }
        );
        assert!(check_notice(d("2021-03-09"), d("2021-03-08"), 1, Some("x")).is_err());
    }
}
