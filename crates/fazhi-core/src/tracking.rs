//! Public tracking codes (受理编号 / 查询码) given to citizens who file
//! something on the portal, in one place for every module.
//!
//! The scheme is the one the disclosure requests already use
//! (`{town prefix}{year}-{seq:06}`, e.g. `XL2026-000123`, with a secret shown
//! once in groups of four); a module that needs its own series adds a fixed
//! [`Series`] marker after the town prefix, e.g. grid events `XLWG2026-000017`.
//! Codes of different series live in different tables, so a town prefix that
//! happens to end in a series marker cannot make one look-up find the other.
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Which register a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// 政府信息公开申请: no marker (the existing codes).
    DisclosureRequest,
    /// 网格事件 reported by a resident: marker `WG` (网格).
    GridEvent,
}

impl Series {
    pub fn marker(self) -> &'static str {
        match self {
            Series::DisclosureRequest => "",
            Series::GridEvent => "WG",
        }
    }
}

/// A parsed tracking code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TrackingCode {
    /// The town's prefix (1–4 capital letters, e.g. XL for 西联镇).
    pub prefix: String,
    pub series: Series,
    pub year: i32,
    /// The number within (prefix, series, year), from 1.
    pub seq: u64,
}

impl TrackingCode {
    pub fn new(prefix: &str, series: Series, year: i32, seq: u64) -> Result<TrackingCode, DomainError> {
        let prefix = valid_prefix(prefix)?;
        Ok(TrackingCode { prefix, series, year, seq })
    }

    /// Reads a code as a citizen typed it (spaces, lower case tolerated).
    /// The series decides how the letters split into prefix and marker.
    pub fn parse(input: &str, series: Series) -> Option<TrackingCode> {
        let code = normalize_code(input);
        let (head, seq) = code.split_once('-')?;
        if seq.len() < 6 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let letters = head.trim_end_matches(|c: char| c.is_ascii_digit());
        let year = &head[letters.len()..];
        if year.len() != 4 {
            return None;
        }
        let prefix = letters.strip_suffix(series.marker())?;
        let prefix = valid_prefix(prefix).ok()?;
        Some(TrackingCode { prefix, series, year: year.parse().ok()?, seq: seq.parse().ok()? })
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}-{:06}", self.prefix, self.series.marker(), self.year, self.seq)
    }
}

/// The town prefix rule of the disclosure settings: 1 to 4 letters A–Z.
pub fn valid_prefix(input: &str) -> Result<String, DomainError> {
    let prefix = input.trim().to_ascii_uppercase();
    if !(1..=4).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(DomainError::invalid("prefix", "「受理编号前缀」应为 1 到 4 个英文字母，如西联镇用 XL"));
    }
    Ok(prefix)
}

/// A tracking code as typed: upper case, no spaces.
pub fn normalize_code(input: &str) -> String {
    input.trim().chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

/// The tracking secret as shown: groups of four.
pub fn format_secret(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The secret as typed: letters and digits only, lower case.
pub fn normalize_secret(input: &str) -> String {
    input.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn disclosure_codes_keep_their_shape() {
        let code = TrackingCode::new("xl", Series::DisclosureRequest, 2026, 123).unwrap();
        assert_eq!(code.to_string(), "XL2026-000123");
        assert_eq!(TrackingCode::parse(" xl2026-000123 ", Series::DisclosureRequest), Some(code));
    }

    #[test]
    fn grid_events_carry_their_marker() {
        let code = TrackingCode::new("XL", Series::GridEvent, 2021, 17).unwrap();
        assert_eq!(code.to_string(), "XLWG2021-000017");
        assert_eq!(TrackingCode::parse("XLWG2021-000017", Series::GridEvent), Some(code));
        assert_eq!(TrackingCode::parse("XL2021-000017", Series::GridEvent), None);
    }

    #[test]
    fn malformed_codes_are_not_codes() {
        for bad in ["", "XL", "XL2026", "XL2026-12", "XL26-000001", "2026-000001", "XLXLX2026-000001", "XL2026-00000A"] {
            assert_eq!(TrackingCode::parse(bad, Series::DisclosureRequest), None, "{bad}");
        }
        assert!(TrackingCode::new("X1", Series::GridEvent, 2026, 1).is_err());
    }

    #[test]
    fn secrets_are_grouped_and_read_back() {
        assert_eq!(format_secret("abcdefghijklmnop"), "abcd-efgh-ijkl-mnop");
        assert_eq!(normalize_secret(" ABCD-efgh ijkl-mnop "), "abcdefghijklmnop");
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(prefix in "[A-Z]{1,4}", year in 2000i32..2100, seq in 1u64..10_000_000, grid in any::<bool>()) {
            let series = if grid { Series::GridEvent } else { Series::DisclosureRequest };
            let code = TrackingCode::new(&prefix, series, year, seq).unwrap();
            prop_assert_eq!(TrackingCode::parse(&code.to_string().to_lowercase(), series), Some(code));
        }
    }
}
