//! Personal information in text about to be published (公开前的个人信息处理).
//!
//! Staff keep the full text and mark what must not be published:
//! `【隐去：张三】` (a half-width colon `【隐去:张三】` is accepted too). A mark
//! runs to the first `】` after it and cannot be nested. The published text
//! replaces every mark with `＊＊＊` whatever its length, so the mask gives no
//! hint of the hidden name's length. A mark left open hides everything after
//! it: publishing too little is recoverable, publishing too much is not.
//!
//! [`suspicious`] warns the reviewer before publishing about what looks like
//! personal data left unmarked: valid 18-character 身份证号 (check digit
//! verified with [`IdNumber`]) and valid mobile numbers (11 digits, also
//! written 3-4-4 with spaces or hyphens), in half- or full-width digits.
use std::ops::Range;

use serde::Serialize;

use crate::personal::{IdNumber, Phone};

/// What a published mark is replaced with.
pub const MASK: &str = "＊＊＊";
const OPEN: [&str; 2] = ["【隐去：", "【隐去:"];
const CLOSE: char = '】';

/// One mark in the staff text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkedSpan {
    /// Byte range of the whole mark, brackets included.
    pub range: Range<usize>,
    /// The hidden text.
    pub content: String,
    /// `false` when the closing `】` is missing (the mark runs to the end).
    pub closed: bool,
}

/// What [`suspicious`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    IdNumber,
    Mobile,
    UnclosedMark,
    NestedMark,
}

/// A warning for the reviewer. It never carries the full number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// Byte range in the staff text.
    pub range: Range<usize>,
    /// 1-based line, for the message.
    pub line: usize,
    /// The number masked (`440203********1234`, `138****5678`); empty for marks.
    pub masked: String,
    pub message: String,
}

/// The marks in `text`, in order.
pub fn marked_spans(text: &str) -> Vec<MarkedSpan> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some((start, open)) = next_open(text, from) {
        let body = start + open.len();
        match text[body..].find(CLOSE) {
            Some(offset) => {
                let end = body + offset + CLOSE.len_utf8();
                spans.push(MarkedSpan {
                    range: start..end,
                    content: text[body..body + offset].to_string(),
                    closed: true,
                });
                from = end;
            }
            None => {
                spans.push(MarkedSpan {
                    range: start..text.len(),
                    content: text[body..].to_string(),
                    closed: false,
                });
                break;
            }
        }
    }
    spans
}

fn next_open(text: &str, from: usize) -> Option<(usize, &'static str)> {
    OPEN.iter()
        .filter_map(|open| text[from..].find(open).map(|i| (from + i, *open)))
        .min_by_key(|(i, _)| *i)
}

/// The text to publish: every mark replaced by [`MASK`].
pub fn public_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for span in marked_spans(text) {
        out.push_str(&text[from..span.range.start]);
        out.push_str(MASK);
        from = span.range.end;
    }
    out.push_str(&text[from..]);
    out
}

/// Unmarked personal numbers and broken marks, in text order.
pub fn suspicious(text: &str) -> Vec<Finding> {
    let spans = marked_spans(text);
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let mut findings = Vec::new();
    for span in &spans {
        let line = line_of(span.range.start);
        if !span.closed {
            findings.push(Finding {
                kind: FindingKind::UnclosedMark,
                range: span.range.clone(),
                line,
                masked: String::new(),
                message: format!("第 {line} 行的「【隐去：」标记缺少「】」，其后全部内容将被隐去"),
            });
        }
        if OPEN.iter().any(|open| span.content.contains(open)) {
            findings.push(Finding {
                kind: FindingKind::NestedMark,
                range: span.range.clone(),
                line,
                masked: String::new(),
                message: format!(
                    "第 {line} 行的隐去标记内又出现「【隐去：」，标记不能嵌套，请拆开分别标记"
                ),
            });
        }
    }
    let runs: Vec<Run> = digit_runs(text)
        .into_iter()
        .filter(|run| {
            !spans
                .iter()
                .any(|s| s.range.start <= run.range.start && run.range.end <= s.range.end)
        })
        .collect();
    let mut used = vec![false; runs.len()];
    for (i, run) in runs.iter().enumerate() {
        // A mobile written 3-4-4 with one repeated separator.
        if let [a, b, c] = runs.get(i..i + 3).unwrap_or_default()
            && (a.digits.len(), b.digits.len(), c.digits.len()) == (3, 4, 4)
            && let Some(sep) = separator(text, a, b)
            && separator(text, b, c) == Some(sep)
        {
            let digits = format!("{}{}{}", a.digits, b.digits, c.digits);
            if let Ok(phone) = Phone::parse_mobile(&digits) {
                let range = a.range.start..c.range.end;
                findings.push(mobile(&phone, range.clone(), line_of(range.start)));
                used[i..i + 3].fill(true);
                continue;
            }
        }
        if used[i] {
            continue;
        }
        let line = line_of(run.range.start);
        if run.digits.len() == 18
            && let Ok(id) = IdNumber::parse(&run.digits)
        {
            findings.push(Finding {
                kind: FindingKind::IdNumber,
                range: run.range.clone(),
                line,
                masked: id.masked(),
                message: format!(
                    "第 {line} 行有未隐去的身份证号码 {}，公开前请核实并标记隐去",
                    id.masked()
                ),
            });
        } else if run.digits.len() == 11
            && let Ok(phone) = Phone::parse_mobile(&run.digits)
        {
            findings.push(mobile(&phone, run.range.clone(), line));
        }
    }
    findings.sort_by_key(|f| f.range.start);
    findings
}

fn mobile(phone: &Phone, range: Range<usize>, line: usize) -> Finding {
    Finding {
        kind: FindingKind::Mobile,
        range,
        line,
        masked: phone.masked(),
        message: format!(
            "第 {line} 行有未隐去的手机号码 {}，公开前请核实并标记隐去",
            phone.masked()
        ),
    }
}

/// A maximal run of digits (half- or full-width) in half-width form; 17
/// digits followed by X/x keep the X as an ID check character.
struct Run {
    range: Range<usize>,
    digits: String,
}

fn digit_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut current: Option<Run> = None;
    for (at, c) in text.char_indices() {
        let half = crate::personal::to_half_width(c);
        let end = at + c.len_utf8();
        match &mut current {
            Some(run) if half.is_ascii_digit() => {
                run.digits.push(half);
                run.range.end = end;
            }
            Some(run) if matches!(half, 'X' | 'x') && run.digits.len() == 17 => {
                run.digits.push('X');
                run.range.end = end;
                runs.extend(current.take());
            }
            _ => {
                runs.extend(current.take());
                if half.is_ascii_digit() {
                    current = Some(Run {
                        range: at..end,
                        digits: half.to_string(),
                    });
                }
            }
        }
    }
    runs.extend(current);
    runs
}

/// The single separator character between two runs, if that is all there is.
fn separator(text: &str, a: &Run, b: &Run) -> Option<char> {
    let mut between = text[a.range.end..b.range.start].chars();
    match (between.next(), between.next()) {
        (Some(c @ ('-' | ' ' | '－' | '\u{3000}')), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn id() -> IdNumber {
        IdNumber::synthesize("440203", NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), 123)
    }

    #[test]
    fn marks_are_replaced_without_length_hints() {
        let text = "经查，【隐去：张三】与【隐去:欧阳某某】的宅基地申请已审核。";
        assert_eq!(
            public_text(text),
            "经查，＊＊＊与＊＊＊的宅基地申请已审核。"
        );
        let spans = marked_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].content, "张三");
        assert_eq!(spans[1].content, "欧阳某某");
        assert!(spans.iter().all(|s| s.closed));
        assert_eq!(&text[spans[0].range.clone()], "【隐去：张三】");
        assert_eq!(public_text("没有标记"), "没有标记");
        assert_eq!(public_text("【隐去：】"), MASK);
    }

    #[test]
    fn an_unclosed_mark_hides_the_rest_and_is_reported() {
        let text = "申请人【隐去：李四，住某村3组";
        assert_eq!(public_text(text), "申请人＊＊＊");
        let findings = suspicious(text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::UnclosedMark);
        assert_eq!(
            findings[0].message,
            "第 1 行的「【隐去：」标记缺少「】」，其后全部内容将被隐去"
        );
    }

    #[test]
    fn nested_marks_are_reported() {
        let findings = suspicious("【隐去：王五【隐去：电话】");
        assert_eq!(findings[0].kind, FindingKind::NestedMark);
    }

    #[test]
    fn unmarked_id_numbers_and_mobiles_are_flagged_masked() {
        let number = id();
        let text = format!(
            "申请人身份证号{}，\n联系电话13812345678，备用 139-1234-5678。",
            number.as_str()
        );
        let findings = suspicious(&text);
        let kinds: Vec<_> = findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FindingKind::IdNumber,
                FindingKind::Mobile,
                FindingKind::Mobile
            ]
        );
        assert_eq!(findings[0].masked, number.masked());
        assert_eq!(&text[findings[0].range.clone()], number.as_str());
        assert_eq!(findings[1].line, 2);
        assert_eq!(
            findings[1].message,
            "第 2 行有未隐去的手机号码 138****5678，公开前请核实并标记隐去"
        );
        assert_eq!(&text[findings[2].range.clone()], "139-1234-5678");
        for finding in &findings {
            assert!(!finding.message.contains(number.as_str()));
            assert!(!finding.message.contains("13812345678"));
        }
    }

    #[test]
    fn marked_numbers_and_look_alikes_are_not_flagged() {
        let number = id();
        let marked = format!(
            "身份证号【隐去：{}】，电话【隐去：13812345678】",
            number.as_str()
        );
        assert_eq!(suspicious(&marked), vec![]);
        assert_eq!(public_text(&marked), "身份证号＊＊＊，电话＊＊＊");
        // A wrong check digit, a longer account number, a date, a landline,
        // an 11-digit number that is not a mobile.
        let mut wrong = number.as_str().to_string();
        let last = if wrong.ends_with('0') { "1" } else { "0" };
        wrong.replace_range(17.., last);
        let text =
            format!("{wrong} 6222021234567890123 2024-03-01 0751-8888888 12345678901 138123456789");
        assert_eq!(suspicious(&text), vec![]);
    }

    #[test]
    fn full_width_digits_and_a_lowercase_x_are_read() {
        let birth = NaiveDate::from_ymd_opt(1985, 6, 15).unwrap();
        let with_x = (0..1000)
            .map(|seq| IdNumber::synthesize("110101", birth, seq))
            .find(|id| id.as_str().ends_with('X'))
            .unwrap();
        let wide: String = "１３８１２３４５６７８".to_string();
        let text = format!("电话{wide}，证件{}", with_x.as_str().to_lowercase());
        let kinds: Vec<_> = suspicious(&text).iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [FindingKind::Mobile, FindingKind::IdNumber]);
    }
}
