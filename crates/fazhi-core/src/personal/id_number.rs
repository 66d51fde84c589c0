//! 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence
//! (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (0–9 or X).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{PersonalError, mask::mask_id_number, to_half_width};

/// A valid 18-character ID number, stored with an uppercase `X`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

/// Sex as encoded in the 17th digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The label used on forms and in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Weights 2^(17-i) mod 11 of ISO 7064 MOD 11-2 for the 17 body digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each value of the weighted sum mod 11.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// Province-level prefixes of GB/T 2260, plus 81/82/83 used by residence permits of Hong Kong,
/// Macao and Taiwan residents. Catches a wrong first digit before the check digit does, with a
/// clearer message.
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// Nobody on a township's books was born before this year; an earlier date is a typo.
const MIN_BIRTH_YEAR: i32 = 1900;

impl IdNumber {
    /// Parses user input: surrounding and inner spaces are ignored, full-width characters and a
    /// lowercase `x` are accepted. Checks length, characters, region, that the birth date is a
    /// real calendar date (from 1900 on) and the check digit. Does not check the date against
    /// today; use [`IdNumber::parse_as_of`] for data entry.
    ///
    /// # Errors
    /// The first problem found, in the order above.
    pub fn parse(input: &str) -> Result<IdNumber, PersonalError> {
        let s: String = input
            .chars()
            .map(to_half_width)
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == 'x' { 'X' } else { c })
            .collect();
        let actual = s.chars().count();
        if actual != 18 {
            return Err(PersonalError::IdLength { actual });
        }
        let bytes = s.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(PersonalError::IdCharacters);
        }
        if !PROVINCES.contains(&&s[..2]) {
            return Err(PersonalError::IdRegion);
        }
        birth_date_of(&s[6..14]).ok_or(PersonalError::IdBirthDate)?;
        if check_char(&bytes[..17]) != bytes[17] {
            return Err(PersonalError::IdCheckDigit);
        }
        Ok(IdNumber(s))
    }

    /// [`IdNumber::parse`], and also refuses a birth date after `today`.
    ///
    /// # Errors
    /// As [`IdNumber::parse`], or [`PersonalError::IdBirthInFuture`].
    pub fn parse_as_of(input: &str, today: NaiveDate) -> Result<IdNumber, PersonalError> {
        let id = Self::parse(input)?;
        if id.birth_date() > today {
            return Err(PersonalError::IdBirthInFuture);
        }
        Ok(id)
    }

    /// Builds a valid number for demo data, computing the check digit.
    ///
    /// # Panics
    /// If `region6` is not 6 digits with a known province prefix, `birth` is before 1900 or
    /// after 9999, or `seq3` is above 999: demo data is written by us, so this is a bug.
    #[must_use]
    pub fn synthesize(region6: &str, birth: NaiveDate, seq3: u16) -> IdNumber {
        assert!(
            region6.len() == 6
                && region6.bytes().all(|b| b.is_ascii_digit())
                && PROVINCES.contains(&&region6[..2]),
            "region code must be 6 digits with a known province prefix: {region6:?}"
        );
        assert!(
            (MIN_BIRTH_YEAR..=9999).contains(&birth.year()),
            "birth year out of range: {birth}"
        );
        assert!(seq3 <= 999, "sequence must be 0..=999: {seq3}");
        let mut s = format!("{region6}{}{seq3:03}", birth.format("%Y%m%d"));
        let check = check_char(s.as_bytes());
        s.push(char::from(check));
        IdNumber(s)
    }

    /// The full number. Use only where the full value is needed; show [`IdNumber::masked`].
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `440203********1234`.
    #[must_use]
    pub fn masked(&self) -> String {
        mask_id_number(&self.0)
    }

    /// The 6-digit administrative division code of the place of first registration.
    #[must_use]
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    #[must_use]
    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0[6..14]).expect("validated when parsed")
    }

    /// Odd 17th digit: male; even: female.
    #[must_use]
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Full years of age on `date`; 0 before the birth date.
    #[must_use]
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        date.years_since(self.birth_date()).unwrap_or(0)
    }
}

/// Debug is masked so that logs never carry a full ID number.
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl TryFrom<String> for IdNumber {
    type Error = PersonalError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IdNumber::parse(&value)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

fn check_char(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// `yyyymmdd` (already known to be digits) as a real date from 1900 on.
fn birth_date_of(yyyymmdd: &str) -> Option<NaiveDate> {
    let y: i32 = yyyymmdd[..4].parse().ok()?;
    let m: u32 = yyyymmdd[4..6].parse().ok()?;
    let d: u32 = yyyymmdd[6..8].parse().ok()?;
    if y < MIN_BIRTH_YEAR {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    // Published example in GB 11643-1999 and widely used test number.
    const SAMPLE: &str = "11010519491231002X";

    #[test]
    fn parses_standard_example() {
        let id = IdNumber::parse(SAMPLE).unwrap();
        assert_eq!(id.as_str(), SAMPLE);
        assert_eq!(id.region_code(), "110105");
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.sex().label(), "女");
    }

    #[test]
    fn lowercase_x_spaces_and_full_width_are_normalised() {
        let id = IdNumber::parse(" 110105 19491231 002x ").unwrap();
        assert_eq!(id.as_str(), SAMPLE);
        let id = IdNumber::parse("１１０１０５１９４９１２３１００２ｘ").unwrap();
        assert_eq!(id.as_str(), SAMPLE);
    }

    #[test]
    fn male_when_17th_digit_is_odd() {
        let id = IdNumber::synthesize("440203", date(1990, 1, 1), 123);
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.sex().to_string(), "男");
        assert_eq!(&id.as_str()[..17], "44020319900101123");
    }

    #[test]
    fn wrong_length() {
        let e = IdNumber::parse("11010519491231002").unwrap_err();
        assert_eq!(e, PersonalError::IdLength { actual: 17 });
        assert!(e.to_string().starts_with("身份证号码应为18位"));
        assert_eq!(
            IdNumber::parse("").unwrap_err(),
            PersonalError::IdLength { actual: 0 }
        );
        // Old 15-digit numbers are not accepted.
        assert!(matches!(
            IdNumber::parse("110105491231002"),
            Err(PersonalError::IdLength { actual: 15 })
        ));
    }

    #[test]
    fn wrong_characters() {
        assert_eq!(
            IdNumber::parse("1101051949123100X2"),
            Err(PersonalError::IdCharacters)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002Y"),
            Err(PersonalError::IdCharacters)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002-"),
            Err(PersonalError::IdCharacters)
        );
        // 18 characters, but not all ASCII: must not panic on byte slicing.
        assert_eq!(
            IdNumber::parse("11010519491231002中"),
            Err(PersonalError::IdCharacters)
        );
    }

    #[test]
    fn unknown_province() {
        assert_eq!(
            IdNumber::parse("99010519491231002X"),
            Err(PersonalError::IdRegion)
        );
        assert_eq!(
            IdNumber::parse("00010519491231002X"),
            Err(PersonalError::IdRegion)
        );
    }

    #[test]
    fn impossible_birth_dates() {
        for body in [
            "11010519490230002",
            "11010519491301002",
            "11010518991231002",
            "11010520230229002",
        ] {
            let mut s = body.to_string();
            s.push(char::from(check_char(body.as_bytes())));
            let e = IdNumber::parse(&s).unwrap_err();
            assert_eq!(e, PersonalError::IdBirthDate, "{s}");
            assert!(e.to_string().contains("出生日期无效"));
        }
        // 29 February exists in a leap year.
        assert!(
            IdNumber::synthesize("110105", date(2000, 2, 29), 1).birth_date() == date(2000, 2, 29)
        );
    }

    #[test]
    fn wrong_check_digit() {
        let e = IdNumber::parse("110105194912310021").unwrap_err();
        assert_eq!(e, PersonalError::IdCheckDigit);
        assert!(e.to_string().starts_with("身份证号码校验位错误"));
    }

    #[test]
    fn future_birth_date_refused_as_of_today() {
        let id = IdNumber::synthesize("440203", date(2030, 6, 1), 7);
        assert!(IdNumber::parse(id.as_str()).is_ok());
        assert_eq!(
            IdNumber::parse_as_of(id.as_str(), date(2026, 1, 1)),
            Err(PersonalError::IdBirthInFuture)
        );
        assert!(IdNumber::parse_as_of(id.as_str(), date(2030, 6, 1)).is_ok());
    }

    #[test]
    fn age() {
        let id = IdNumber::synthesize("440203", date(2008, 3, 15), 2);
        assert_eq!(id.age_on(date(2026, 3, 14)), 17);
        assert_eq!(id.age_on(date(2026, 3, 15)), 18);
        assert_eq!(id.age_on(date(2000, 1, 1)), 0);
    }

    #[test]
    fn debug_is_masked() {
        let id = IdNumber::parse(SAMPLE).unwrap();
        assert_eq!(format!("{id:?}"), "IdNumber(110105********002X)");
    }

    #[test]
    fn deserializing_validates() {
        use serde::de::{IntoDeserializer, value::Error};
        let de = |s: &'static str| {
            IdNumber::deserialize(IntoDeserializer::<Error>::into_deserializer(s))
        };
        assert_eq!(de("11010519491231002x").unwrap().as_str(), SAMPLE);
        assert!(
            de("110105194912310021")
                .unwrap_err()
                .to_string()
                .contains("校验位错误")
        );
        assert_eq!(String::from(IdNumber::parse(SAMPLE).unwrap()), SAMPLE);
    }

    #[test]
    #[should_panic(expected = "region code")]
    fn synthesize_refuses_bad_region() {
        let _ = IdNumber::synthesize("4402", date(1990, 1, 1), 1);
    }

    fn region() -> impl Strategy<Value = String> {
        (prop::sample::select(PROVINCES.to_vec()), 0u32..10_000)
            .prop_map(|(p, rest)| format!("{p}{rest:04}"))
    }

    fn birth() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 through 2099-12-31.
        (0i64..73_049).prop_map(|days| date(1900, 1, 1) + chrono::Duration::days(days))
    }

    proptest! {
        #[test]
        fn synthesized_ids_parse_and_round_trip(region in region(), birth in birth(), seq in 0u16..1000) {
            let id = IdNumber::synthesize(&region, birth, seq);
            let parsed = IdNumber::parse(id.as_str()).unwrap();
            prop_assert_eq!(&parsed, &id);
            prop_assert_eq!(parsed.birth_date(), birth);
            prop_assert_eq!(parsed.region_code(), region.as_str());
            prop_assert_eq!(parsed.sex(), if seq % 2 == 1 { Sex::Male } else { Sex::Female });
            let lower = id.as_str().to_lowercase();
            prop_assert_eq!(IdNumber::parse(&lower).unwrap(), id);
        }

        #[test]
        fn any_single_substitution_is_detected(
            region in region(), birth in birth(), seq in 0u16..1000, pos in 0usize..18, digit in 0u8..11
        ) {
            let id = IdNumber::synthesize(&region, birth, seq);
            let mut bytes = id.as_str().as_bytes().to_vec();
            let new = if digit == 10 { b'X' } else { b'0' + digit };
            prop_assume!(bytes[pos] != new);
            bytes[pos] = new;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(IdNumber::parse(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn any_adjacent_transposition_is_detected(
            region in region(), birth in birth(), seq in 0u16..1000, pos in 0usize..17
        ) {
            let id = IdNumber::synthesize(&region, birth, seq);
            let mut bytes = id.as_str().as_bytes().to_vec();
            prop_assume!(bytes[pos] != bytes[pos + 1]);
            bytes.swap(pos, pos + 1);
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(IdNumber::parse(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = IdNumber::parse(&s);
        }

        #[test]
        fn accepted_ids_are_canonical(s in "[0-9]{17}[0-9Xx]") {
            if let Ok(id) = IdNumber::parse(&s) {
                prop_assert_eq!(id.as_str(), s.to_uppercase());
                prop_assert_eq!(check_char(&id.as_str().as_bytes()[..17]), id.as_str().as_bytes()[17]);
            }
        }
    }
}
