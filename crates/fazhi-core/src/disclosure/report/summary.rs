//! What Table 三 needs to know about one request.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::disclosure::model::{ApplicantType, Outcome};
use crate::disclosure::request::Request;

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub outcome: Outcome,
    /// 答复, 当场答复 or 视为放弃 date: decides the report year it counts in.
    pub on: NaiveDate,
}

/// One request as the report counts it. Which report rows it falls in follows
/// from the dates alone: 新收 in its receipt year, 上年结转 in every later year
/// it was still open at the start of, a result in its closing year, 结转下年度
/// in every year it was still open at the end of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub applicant: ApplicantType,
    pub received_on: NaiveDate,
    /// `None` = still open.
    pub closed: Option<Closure>,
}

impl RequestSummary {
    /// The summary of a request aggregate.
    pub fn of(applicant: ApplicantType, request: &Request) -> RequestSummary {
        RequestSummary {
            applicant,
            received_on: request.received_on(),
            closed: request
                .outcome()
                .zip(request.closed_on())
                .map(|(outcome, on)| Closure { outcome, on }),
        }
    }
}
