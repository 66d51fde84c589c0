//! Input parsing shared by every form and JSON body: each helper turns raw text
//! into a checked value or an error that names the field in Chinese.
use chrono::NaiveDate;

use crate::DomainError;

/// Trimmed, non-empty, at most `max` characters.
pub fn required_text(field: &str, label: &str, value: &str, max: usize) -> Result<String, DomainError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(field, format!("「{label}」不能为空")));
    }
    optional_text(field, label, v, max).map(|o| o.unwrap_or_default())
}

/// Trimmed; empty becomes None; at most `max` characters.
pub fn optional_text(field: &str, label: &str, value: &str, max: usize) -> Result<Option<String>, DomainError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(DomainError::invalid(field, format!("「{label}」不能超过 {max} 个字")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(DomainError::invalid(field, format!("「{label}」含有不可见的控制字符")));
    }
    Ok(if v.is_empty() { None } else { Some(v.to_string()) })
}

/// A date as `YYYY-MM-DD`.
pub fn date(field: &str, label: &str, value: &str) -> Result<NaiveDate, DomainError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(field, format!("「{label}」不能为空")));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| DomainError::invalid(field, format!("「{label}」应为日期，格式如 2026-03-01")))
}

pub fn optional_date(field: &str, label: &str, value: &str) -> Result<Option<NaiveDate>, DomainError> {
    if value.trim().is_empty() { Ok(None) } else { date(field, label, value).map(Some) }
}

/// A whole number within bounds.
pub fn integer(field: &str, label: &str, value: &str, min: i64, max: i64) -> Result<i64, DomainError> {
    let n: i64 = value
        .trim()
        .parse()
        .map_err(|_| DomainError::invalid(field, format!("「{label}」应为整数")))?;
    if n < min || n > max {
        return Err(DomainError::invalid(field, format!("「{label}」应在 {min} 到 {max} 之间")));
    }
    Ok(n)
}

/// Login names: 3–32 of a-z, 0-9, '-', '_', '.'.
pub fn username(field: &str, value: &str) -> Result<String, DomainError> {
    let v = value.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
    if ok { Ok(v) } else { Err(DomainError::invalid(field, "「用户名」应为 3 到 32 位小写字母、数字或 - _ .")) }
}

/// Passwords: at least 10 characters of at least two classes (letters,
/// digits, symbols); a government system is a target.
pub fn new_password(field: &str, value: &str) -> Result<String, DomainError> {
    let n = value.chars().count();
    if !(10..=128).contains(&n) {
        return Err(DomainError::invalid(field, "「新密码」长度应为 10 到 128 位"));
    }
    let classes = [value.chars().any(|c| c.is_alphabetic()), value.chars().any(|c| c.is_ascii_digit()), value.chars().any(|c| !c.is_alphanumeric())];
    if classes.iter().filter(|x| **x).count() < 2 {
        return Err(DomainError::invalid(field, "「新密码」须包含字母、数字、符号中的至少两类"));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field() {
        let e = required_text("title", "标题", "  ", 10).unwrap_err();
        assert_eq!(e, DomainError::invalid("title", "「标题」不能为空"));
        let e = date("due", "办理期限", "2026/3/1").unwrap_err();
        assert!(e.to_string().contains("办理期限"));
        assert!(required_text("t", "标题", "一二三", 2).is_err());
        assert_eq!(required_text("t", "标题", " 一二 ", 2).unwrap(), "一二");
    }

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(username("u", "Xilian-Office").unwrap(), "xilian-office");
        assert!(username("u", "张三").is_err());
        assert!(new_password("p", "short1").is_err());
        assert!(new_password("p", "onlyletters").is_err());
        assert!(new_password("p", "fazhi-demo").is_ok());
        assert!(new_password("p", "letters12345").is_ok());
    }
}
