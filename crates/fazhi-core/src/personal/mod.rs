//! Personal data of residents and parties: 身份证号 and phone numbers as types that cannot hold
//! invalid values, and the masking rules for showing them to roles that do not need them in full.
//!
//! Typed values print masked in `Debug`, so a stray `{:?}` in a log never leaks a full number;
//! call `as_str()` where the full value is really needed (encryption, an audited unmasked view).

pub mod id_number;
pub mod mask;
pub mod phone;

pub use id_number::{IdNumber, Sex};
pub use mask::{mask_address, mask_id_number, mask_name, mask_phone};
pub use phone::{Phone, PhoneKind};

use crate::DomainError;

/// Why a personal-data value was refused. Messages are shown to users as-is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonalError {
    #[error("身份证号码应为18位，当前为{actual}位")]
    IdLength { actual: usize },
    #[error("身份证号码前17位应为数字，最后一位应为数字或X")]
    IdCharacters,
    #[error("身份证号码前6位地区码无效")]
    IdRegion,
    #[error("身份证号码中的出生日期无效")]
    IdBirthDate,
    #[error("身份证号码中的出生日期晚于今天")]
    IdBirthInFuture,
    #[error("身份证号码校验位错误，请核对号码")]
    IdCheckDigit,
    #[error("手机号码格式不正确，应为1开头的11位数字，如13812345678")]
    MobileFormat,
    #[error("固定电话格式不正确，应为区号加7至8位号码，如0751-8888888")]
    LandlineFormat,
    #[error("电话号码格式不正确，应为11位手机号码或带区号的固定电话，如0751-8888888")]
    PhoneFormat,
}

impl PersonalError {
    /// The same refusal as a form error pointing at `field`.
    #[must_use]
    pub fn for_field(&self, field: &str) -> DomainError {
        DomainError::invalid(field, self.to_string())
    }
}

/// Input typed on a Chinese IME often carries full-width digits, letters or spaces; map them to
/// ASCII so "４４０２…" is read like "4402…".
pub(crate) fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_field_keeps_the_message() {
        let e = PersonalError::IdCheckDigit.for_field("id_number");
        assert_eq!(
            e,
            DomainError::invalid("id_number", "身份证号码校验位错误，请核对号码")
        );
    }

    #[test]
    fn half_width_mapping() {
        let s: String = "４４０２ｘＸ（）－\u{3000}a"
            .chars()
            .map(to_half_width)
            .collect();
        assert_eq!(s, "4402xX()- a");
    }
}
