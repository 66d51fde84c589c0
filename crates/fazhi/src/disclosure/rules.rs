//! The pure rules proactive publication stands on, adapted to this service's
//! needs. The rules themselves live in `fazhi_core::disclosure`:
//! `redaction` (marks `【隐去：张三】`, the public text, the unmarked-number
//! scan), `index_number` (the town's 索引号 scheme) and `model::Publicity`
//! (公开属性 with its art.14–16 ground). What is added here: a marked text
//! split into segments for the staff view, form-field errors, and the hash
//! of what a reviewer saw.
use fazhi_core::DomainError;
use fazhi_core::disclosure::index_number::{IndexParts, IndexScheme};
use fazhi_core::disclosure::redaction::{self, FindingKind};

/// How staff mark personal information (shown on forms).
pub const MARK_EXAMPLE: &str = "【隐去：张三】";

/// One piece of a marked text: plain, or a marked (hidden) span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hidden: bool,
}

/// A staff text split into plain pieces and marked spans, for highlighting.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut from = 0;
    for span in redaction::marked_spans(text) {
        if span.range.start > from {
            out.push(Segment { text: text[from..span.range.start].to_string(), hidden: false });
        }
        out.push(Segment { text: span.content, hidden: true });
        from = span.range.end;
    }
    if from < text.len() {
        out.push(Segment { text: text[from..].to_string(), hidden: false });
    }
    out
}

/// What publication shows of a staff text.
pub fn public_text(text: &str) -> String {
    redaction::public_text(text)
}

/// How many marks a text has.
pub fn marks(text: &str) -> usize {
    redaction::marked_spans(text).len()
}

/// A broken mark (unclosed or nested) is a form error on `field`.
pub fn check_marks(field: &str, label: &str, text: &str) -> Result<(), DomainError> {
    match redaction::suspicious(text).into_iter().find(|f| matches!(f.kind, FindingKind::UnclosedMark | FindingKind::NestedMark)) {
        Some(f) => Err(DomainError::invalid(field, format!("「{label}」{}", f.message))),
        None => Ok(()),
    }
}

/// The first unmarked personal number (身份证号, mobile) in a staff text, as a
/// message naming the field; such a text must not be published.
pub fn unmarked_personal(label: &str, text: &str) -> Option<String> {
    redaction::suspicious(text)
        .into_iter()
        .find(|f| matches!(f.kind, FindingKind::IdNumber | FindingKind::Mobile))
        .map(|f| format!("「{label}」{}", f.message))
}

/// The placeholders of a 索引号 scheme, as the settings page explains them.
pub const INDEX_TOKENS: &str = "{机构代码}、{分类}、{年度}、{序号}（5 位流水号）或 {序号:N}";
/// The default scheme, written with the Chinese placeholders.
pub const DEFAULT_INDEX_PATTERN: &str = "{机构代码}/{年度}-{序号}";

/// Checks a town's 索引号 scheme (errors name the `index_pattern` field).
pub fn check_index_pattern(pattern: &str) -> Result<IndexScheme, DomainError> {
    IndexScheme::parse(pattern.trim()).map_err(|e| DomainError::invalid("index_pattern", e.to_string()))
}

/// Whether numbers of the scheme restart every year (it contains the year).
pub fn yearly(scheme: &IndexScheme) -> bool {
    scheme.template().contains("{year}") || scheme.template().contains("{年度}")
}

/// A 索引号 of the scheme.
pub fn index_number(scheme: &IndexScheme, org_code: &str, year: i32, category_code: &str, seq: i64) -> Result<String, DomainError> {
    let parts = IndexParts { org_code: org_code.to_string(), category: scheme.has_category().then(|| category_code.to_string()), year, seq: u32::try_from(seq).unwrap_or(u32::MAX) };
    scheme.format(&parts).map_err(|e| DomainError::invalid("index_pattern", e.to_string()))
}

/// SM3 over what a reviewer saw: any later change to the text, the 公开属性 or
/// the files makes the review no longer cover the version.
pub fn content_hash(parts: &[&str]) -> String {
    let mut h = fazhi_crypto::Sm3Hasher::new();
    for p in parts {
        h.update(&(p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    h.finalize_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_the_original_and_mark_the_hidden_spans() {
        let s = segments("低保对象【隐去：张三丰】，西联村。");
        assert_eq!(s.len(), 3);
        assert!(s[1].hidden && s[1].text == "张三丰");
        assert_eq!(public_text("低保对象【隐去：张三丰】。"), "低保对象＊＊＊。");
        assert_eq!(marks("【隐去：甲】和【隐去:乙】"), 2);
    }

    #[test]
    fn broken_marks_and_unmarked_numbers_are_reported() {
        assert!(check_marks("body", "正文", "未闭合【隐去：张三").unwrap_err().to_string().contains("正文"));
        assert!(check_marks("body", "正文", "【隐去：张三】").is_ok());
        assert!(unmarked_personal("正文", "电话13812345678").unwrap().contains("138****5678"));
        assert!(unmarked_personal("正文", "电话【隐去：13812345678】").is_none());
        assert!(unmarked_personal("正文", "文号韶武西府〔2021〕12号，金额 1234567.00 元").is_none());
    }

    #[test]
    fn index_numbers_follow_the_scheme() {
        let s = check_index_pattern(DEFAULT_INDEX_PATTERN).unwrap();
        assert!(yearly(&s));
        assert_eq!(index_number(&s, "11440203MB2D0001X", 2021, "03", 12).unwrap(), "11440203MB2D0001X/2021-00012");
        let c = check_index_pattern("XL-{分类}-{年度}-{序号}").unwrap();
        assert_eq!(index_number(&c, "x", 2021, "06", 3).unwrap(), "XL-06-2021-00003");
        assert!(check_index_pattern("{机构代码}").is_err());
    }
}
