//! Public participation: the comment period (art.15) and the hearing's
//! notice (art.17). Both are calendar-day rules (30日, 7日 are 日, not 工作日).
use chrono::NaiveDate;

use crate::DomainError;

/// 征求意见期限一般不少于30日 (art.15).
pub const MIN_COMMENT_DAYS: i64 = 30;
/// 提前7日通知听证参加人并送达相关材料 (art.17).
pub const HEARING_NOTICE_DAYS: i64 = 7;

/// Checks a comment period and returns its length in days. The period is the
/// days on which the public can comment, both ends included (a notice saying
/// "3月1日至3月30日" gives 30 days). Shorter than 30 days only with a stated
/// urgent reason (因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明).
pub fn check_comment_period(start: NaiveDate, end: NaiveDate, urgent_reason: Option<&str>) -> Result<i64, DomainError> {
    if end < start {
        return Err(DomainError::invalid("comment_end", "「征求意见截止日期」不能早于开始日期"));
    }
    let days = (end - start).num_days() + 1;
    let urgent = urgent_reason.map(str::trim).filter(|r| !r.is_empty());
    if days < MIN_COMMENT_DAYS && urgent.is_none() {
        return Err(DomainError::refused(
            "comment_period",
            format!(
                "征求意见期限为 {days} 日，少于 {MIN_COMMENT_DAYS} 日：因情况紧急等原因需要缩短期限的，应当填写并公开说明缩短期限的理由（《重大行政决策程序暂行条例》第十五条）"
            ),
        ));
    }
    Ok(days)
}

/// Public participation can be closed only after the period has run out: the
/// draft stays open to comments until the last day ends.
pub fn comment_closed(end: NaiveDate, on: NaiveDate) -> Result<(), DomainError> {
    if on <= end {
        return Err(DomainError::refused(
            "comment_period",
            format!("征求意见期至 {end} 届满，期满之前不能结束公开征求意见"),
        ));
    }
    Ok(())
}

/// A hearing: the draft and the hearing's time and place are announced first
/// (art.16); participants receive the materials at least 7 days before it (art.17).
pub fn check_hearing(announced_on: NaiveDate, materials_sent_on: NaiveDate, hearing_on: NaiveDate) -> Result<(), DomainError> {
    if materials_sent_on < announced_on {
        return Err(DomainError::invalid("materials_sent_on", "「材料送达日期」不能早于听证公告日期：应先公布决策草案及听证时间、地点，再确定并通知听证参加人"));
    }
    let ahead = (hearing_on - materials_sent_on).num_days();
    if ahead < HEARING_NOTICE_DAYS {
        return Err(DomainError::refused(
            "hearing_notice",
            format!(
                "听证材料于 {materials_sent_on} 送达，距听证日 {hearing_on} 仅 {ahead} 日：应当提前 {HEARING_NOTICE_DAYS} 日通知听证参加人并送达相关材料（《重大行政决策程序暂行条例》第十七条）"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn thirty_days_or_an_urgent_reason() {
        assert_eq!(check_comment_period(d("2021-03-01"), d("2021-03-30"), None), Ok(30));
        let e = check_comment_period(d("2021-03-01"), d("2021-03-29"), None).unwrap_err();
        assert!(matches!(e, DomainError::Refused { .. }));
        assert!(e.to_string().contains("29 日") && e.to_string().contains("第十五条"));
        assert!(check_comment_period(d("2021-03-01"), d("2021-03-29"), Some("  ")).is_err());
        assert_eq!(check_comment_period(d("2021-03-01"), d("2021-03-29"), Some("汛期前须完成")), Ok(29));
        assert!(check_comment_period(d("2021-03-02"), d("2021-03-01"), Some("急")).is_err());
        // Across February: 2021-02-01 .. 2021-03-02 is 30 days.
        assert_eq!(check_comment_period(d("2021-02-01"), d("2021-03-02"), None), Ok(30));
    }

    #[test]
    fn the_period_must_run_out() {
        assert!(comment_closed(d("2021-03-30"), d("2021-03-30")).is_err());
        assert!(comment_closed(d("2021-03-30"), d("2021-03-31")).is_ok());
    }

    #[test]
    fn hearing_materials_seven_days_ahead() {
        assert!(check_hearing(d("2021-04-01"), d("2021-04-05"), d("2021-04-12")).is_ok());
        let e = check_hearing(d("2021-04-01"), d("2021-04-06"), d("2021-04-12")).unwrap_err();
        assert!(e.to_string().contains("第十七条"));
        assert!(check_hearing(d("2021-04-05"), d("2021-04-01"), d("2021-04-12")).is_err());
    }
}
