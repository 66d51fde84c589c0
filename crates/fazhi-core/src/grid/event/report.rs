//! A report as it arrives (portal, phone, patrol): the checked input the
//! server stores beside the [`Event`](super::Event).
use serde::{Deserialize, Serialize};

use super::{EventCategory, EventSource};
use crate::personal::Phone;
use crate::{DomainError, form};

/// Photos per report (project's choice, as for patrols).
pub const MAX_REPORT_PHOTOS: usize = 9;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportInput {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    /// Where: 楼栋/门牌 or a place name.
    #[serde(default)]
    pub location: String,
    /// The reporter's phone; required from the portal and by phone, so the
    /// grid can call back and the reporter can track by phone.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub photos: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub category: EventCategory,
    pub description: String,
    pub location: String,
    pub phone: Option<Phone>,
    pub photos: usize,
}

pub fn validate_report(input: &ReportInput, source: EventSource) -> Result<Report, DomainError> {
    let category = EventCategory::parse(&input.category)?;
    let description = form::required_text("description", "事件描述", &input.description, 1000)?;
    let location = form::required_text("location", "事件地点", &input.location, 200)?;
    let phone = match input.phone.trim() {
        "" if source.gets_tracking_code() => return Err(DomainError::invalid("phone", "请填写「联系电话」，以便网格员联系您")),
        "" => None,
        p => Some(Phone::parse(p).map_err(|e| e.for_field("phone"))?),
    };
    if input.photos > MAX_REPORT_PHOTOS {
        return Err(DomainError::invalid("photos", format!("最多上传 {MAX_REPORT_PHOTOS} 张照片")));
    }
    Ok(Report { category, description, location, phone, photos: input.photos })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ReportInput {
        ReportInput { category: "环境卫生".into(), description: "垃圾桶满溢".into(), location: "西联村3栋".into(), phone: "13812345678".into(), photos: 1 }
    }

    #[test]
    fn a_resident_report() {
        let r = validate_report(&input(), EventSource::Portal).unwrap();
        assert_eq!(r.category, EventCategory::Sanitation);
        assert!(r.phone.is_some());
    }

    #[test]
    fn residents_leave_a_phone_patrols_need_not() {
        let no_phone = ReportInput { phone: String::new(), ..input() };
        assert_eq!(validate_report(&no_phone, EventSource::Portal).unwrap_err(), DomainError::invalid("phone", "请填写「联系电话」，以便网格员联系您"));
        assert!(validate_report(&no_phone, EventSource::Patrol).is_ok());
        let bad = ReportInput { phone: "123".into(), ..input() };
        assert!(matches!(validate_report(&bad, EventSource::Patrol), Err(DomainError::Invalid { field, .. }) if field == "phone"));
        let empty = ReportInput { description: " ".into(), ..input() };
        assert!(matches!(validate_report(&empty, EventSource::Patrol), Err(DomainError::Invalid { field, .. }) if field == "description"));
        assert!(validate_report(&ReportInput { category: "其他".into(), ..input() }, EventSource::Patrol).is_err());
    }
}
