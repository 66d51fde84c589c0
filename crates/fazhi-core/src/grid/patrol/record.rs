//! One patrol as the grid worker records it (time, what was checked,
//! findings, photos).
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::grid::event::EventCategory;
use crate::{DomainError, form};

/// Photos per patrol (a phone upload of a few pictures; project's choice).
pub const MAX_PHOTOS: usize = 9;
/// How many days back a patrol may be entered (补录), e.g. when the phone had
/// no signal. Longer would let a missed day be papered over (project's choice).
pub const BACKFILL_DAYS: i64 = 3;

/// The raw input (local times of the town).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PatrolInput {
    pub started_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    /// Which of the six work lines were checked.
    #[serde(default)]
    pub checked: Vec<EventCategory>,
    #[serde(default)]
    pub route: String,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub photos: usize,
}

/// A checked patrol; its day is `started_at.date()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patrol {
    pub started_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
    pub checked: Vec<EventCategory>,
    pub route: Option<String>,
    /// `None` = 未发现问题.
    pub findings: Option<String>,
    pub photos: usize,
}

pub fn validate_patrol(input: &PatrolInput, now: NaiveDateTime) -> Result<Patrol, DomainError> {
    let started_at = input.started_at.ok_or_else(|| DomainError::invalid("started_at", "请填写「巡查时间」"))?;
    if started_at > now + Duration::minutes(5) {
        return Err(DomainError::invalid("started_at", "「巡查时间」不能晚于现在"));
    }
    if now.date() - started_at.date() > Duration::days(BACKFILL_DAYS) {
        return Err(DomainError::invalid("started_at", format!("巡查记录最多补录 {BACKFILL_DAYS} 天内的")));
    }
    if let Some(end) = input.ended_at
        && (end < started_at || end - started_at > Duration::hours(24))
    {
        return Err(DomainError::invalid("ended_at", "「结束时间」应在开始时间之后的 24 小时内"));
    }
    let mut checked = input.checked.clone();
    checked.sort();
    checked.dedup();
    if checked.is_empty() {
        return Err(DomainError::invalid("checked", "请选择本次巡查的内容（至少一项）"));
    }
    if input.photos > MAX_PHOTOS {
        return Err(DomainError::invalid("photos", format!("每次巡查最多上传 {MAX_PHOTOS} 张照片")));
    }
    Ok(Patrol {
        started_at,
        ended_at: input.ended_at,
        checked,
        route: form::optional_text("route", "巡查路线", &input.route, 500)?,
        findings: form::optional_text("findings", "发现问题", &input.findings, 2000)?,
        photos: input.photos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2021, 9, day).unwrap().and_hms_opt(h, 0, 0).unwrap()
    }

    fn input() -> PatrolInput {
        PatrolInput { started_at: Some(at(17, 9)), ended_at: Some(at(17, 11)), checked: vec![EventCategory::FireSafety, EventCategory::Sanitation, EventCategory::FireSafety], route: String::new(), findings: "3栋楼道堆放纸箱".into(), photos: 2 }
    }

    #[test]
    fn a_patrol_is_recorded() {
        let p = validate_patrol(&input(), at(17, 12)).unwrap();
        assert_eq!(p.checked, vec![EventCategory::Sanitation, EventCategory::FireSafety]);
        assert_eq!((p.route, p.findings.as_deref()), (None, Some("3栋楼道堆放纸箱")));
    }

    #[test]
    fn each_rule_names_its_field() {
        let now = at(17, 12);
        let field = |i: PatrolInput| match validate_patrol(&i, now).unwrap_err() {
            DomainError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(PatrolInput { started_at: None, ..input() }), "started_at");
        assert_eq!(field(PatrolInput { started_at: Some(at(17, 13)), ended_at: None, ..input() }), "started_at");
        assert_eq!(field(PatrolInput { started_at: Some(at(13, 9)), ended_at: None, ..input() }), "started_at");
        assert_eq!(field(PatrolInput { ended_at: Some(at(17, 8)), ..input() }), "ended_at");
        assert_eq!(field(PatrolInput { checked: vec![], ..input() }), "checked");
        assert_eq!(field(PatrolInput { photos: 10, ..input() }), "photos");
        assert!(validate_patrol(&PatrolInput { started_at: Some(at(14, 9)), ended_at: None, ..input() }, now).is_ok(), "three days back is allowed");
    }
}
