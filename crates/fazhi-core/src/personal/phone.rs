//! Phone numbers: mainland mobiles (`1[3-9]` + 9 digits) and landlines with area code
//! (`0751-8888888`). Stored in one canonical spelling so equal numbers compare and index equal.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{PersonalError, mask::mask_phone, to_half_width};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// A valid phone number, canonical: `13812345678` or `0751-8888888`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts what people type: spaces and dashes inside mobiles, a `+86`/`0086` prefix,
    /// landlines as `0751-8888888`, `(0751)8888888`, `0751 8888888` or `07518888888`,
    /// full-width digits.
    ///
    /// # Errors
    /// [`PersonalError::MobileFormat`] when it looks like a mobile, [`PersonalError::LandlineFormat`]
    /// when it starts with an area code, else [`PersonalError::PhoneFormat`].
    pub fn parse(input: &str) -> Result<Phone, PersonalError> {
        let s: String = input.chars().map(to_half_width).collect();
        let s = s.trim();
        let s = s
            .strip_prefix("+86")
            .or_else(|| s.strip_prefix("0086"))
            .map_or(s, str::trim_start);
        let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if compact.starts_with('1') && compact.bytes().all(|b| b.is_ascii_digit()) {
            return parse_mobile_digits(&compact);
        }
        if s.starts_with('0') || s.starts_with('(') {
            return parse_landline(s);
        }
        Err(PersonalError::PhoneFormat)
    }

    /// Like [`Phone::parse`] but only a mobile will do (e.g. for SMS notices).
    ///
    /// # Errors
    /// [`PersonalError::MobileFormat`] for anything else.
    pub fn parse_mobile(input: &str) -> Result<Phone, PersonalError> {
        match Self::parse(input) {
            Ok(p) if p.is_mobile() => Ok(p),
            _ => Err(PersonalError::MobileFormat),
        }
    }

    /// The full number. Use only where needed; show [`Phone::masked`].
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn kind(&self) -> PhoneKind {
        if self.0.contains('-') {
            PhoneKind::Landline
        } else {
            PhoneKind::Mobile
        }
    }

    #[must_use]
    pub fn is_mobile(&self) -> bool {
        self.kind() == PhoneKind::Mobile
    }

    /// The landline area code, e.g. `0751`.
    #[must_use]
    pub fn area_code(&self) -> Option<&str> {
        self.0.split_once('-').map(|(area, _)| area)
    }

    /// `138****5678` or `0751-****888`.
    #[must_use]
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// Debug is masked so that logs never carry a full number.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl TryFrom<String> for Phone {
    type Error = PersonalError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

fn parse_mobile_digits(digits: &str) -> Result<Phone, PersonalError> {
    let b = digits.as_bytes();
    if b.len() == 11 && (b'3'..=b'9').contains(&b[1]) {
        Ok(Phone(digits.to_owned()))
    } else {
        Err(PersonalError::MobileFormat)
    }
}

/// 010 and 02x are the only 3-digit area codes; every other one has 4 digits. This is what
/// lets `07518888888` be split without a separator.
fn area_code_len(digits: &str) -> usize {
    if digits.starts_with("010") || digits.starts_with("02") {
        3
    } else {
        4
    }
}

fn parse_landline(s: &str) -> Result<Phone, PersonalError> {
    let groups: Vec<&str> = s
        .split([' ', '-', '(', ')'])
        .filter(|g| !g.is_empty())
        .collect();
    if !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(PersonalError::LandlineFormat);
    }
    let (area, local) = match groups.as_slice() {
        [all] if all.len() > 4 => all.split_at(area_code_len(all)),
        [area, local] => (*area, *local),
        _ => return Err(PersonalError::LandlineFormat),
    };
    let area_ok = area.starts_with('0') && area.len() >= 3 && area.len() == area_code_len(area);
    let local_ok = matches!(local.len(), 7 | 8) && !local.starts_with(['0', '1']);
    if area_ok && local_ok {
        Ok(Phone(format!("{area}-{local}")))
    } else {
        Err(PersonalError::LandlineFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(s: &str) -> String {
        Phone::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).0
    }

    #[test]
    fn mobiles() {
        assert_eq!(ok("13812345678"), "13812345678");
        assert_eq!(ok(" 138 1234 5678 "), "13812345678");
        assert_eq!(ok("138-1234-5678"), "13812345678");
        assert_eq!(ok("+86 138 1234 5678"), "13812345678");
        assert_eq!(ok("008613812345678"), "13812345678");
        assert_eq!(ok("１３８１２３４５６７８"), "13812345678");
        assert_eq!(ok("19912345678"), "19912345678");
        assert!(Phone::parse("13812345678").unwrap().is_mobile());
    }

    #[test]
    fn bad_mobiles() {
        for s in [
            "1381234567",
            "138123456789",
            "12812345678",
            "10012345678",
            "+86 1281234567",
        ] {
            let e = Phone::parse(s).unwrap_err();
            assert_eq!(e, PersonalError::MobileFormat, "{s}");
            assert!(e.to_string().starts_with("手机号码格式不正确"));
        }
    }

    #[test]
    fn landlines() {
        assert_eq!(ok("0751-8888888"), "0751-8888888");
        assert_eq!(ok("(0751)8888888"), "0751-8888888");
        assert_eq!(ok("（0751）8888888"), "0751-8888888");
        assert_eq!(ok("0751 88888888"), "0751-88888888");
        assert_eq!(ok("07518888888"), "0751-8888888");
        assert_eq!(ok("010-62345678"), "010-62345678");
        assert_eq!(ok("02087654321"), "020-87654321");
        let p = Phone::parse("0751-8888888").unwrap();
        assert_eq!(p.kind(), PhoneKind::Landline);
        assert_eq!(p.area_code(), Some("0751"));
    }

    #[test]
    fn bad_landlines() {
        for s in [
            "0751-888888",    // local too short
            "0751-888888888", // local too long
            "0751-0888888",   // local cannot start with 0
            "075-8888888",    // 075 is not a 3-digit area code
            "0201-8888888",   // 02x area codes have 3 digits
            "07-8888888",
            "0751-8888888-12",
            "0751-88a8888",
        ] {
            assert_eq!(Phone::parse(s), Err(PersonalError::LandlineFormat), "{s}");
        }
    }

    #[test]
    fn neither() {
        for s in ["", "abc", "8888888", "+1 202 555 0100", "电话"] {
            assert_eq!(Phone::parse(s), Err(PersonalError::PhoneFormat), "{s}");
        }
    }

    #[test]
    fn parse_mobile_refuses_landlines() {
        assert_eq!(
            Phone::parse_mobile("0751-8888888"),
            Err(PersonalError::MobileFormat)
        );
        assert!(Phone::parse_mobile("13812345678").is_ok());
    }

    #[test]
    fn debug_is_masked() {
        assert_eq!(
            format!("{:?}", Phone::parse("13812345678").unwrap()),
            "Phone(138****5678)"
        );
    }

    proptest! {
        #[test]
        fn valid_mobiles_parse_to_themselves(s in "1[3-9][0-9]{9}") {
            prop_assert_eq!(ok(&s), s);
        }

        #[test]
        fn canonical_form_is_a_fixed_point(s in "\\PC{0,20}") {
            if let Ok(p) = Phone::parse(&s) {
                prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            }
        }
    }
}
