use chrono::{DateTime, SecondsFormat, Utc};

/// Now, as stored: RFC 3339 UTC with microseconds, so text order is time order.
pub fn now_text() -> String {
    now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc))
}
