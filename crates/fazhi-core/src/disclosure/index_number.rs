//! 索引号 of proactive items (art.12 目录: 索引, 名称, 内容概述, 生成日期).
//!
//! Provinces and counties prescribe different shapes, so the scheme is a
//! per-town template, e.g. `{org_code}/{year}-{seq:05}` → `035210000/2025-00016`.
//! Placeholders: `{org_code}` (机构代码), `{category}` (分类代码), `{year}`
//! (4 digits), `{seq}` or `{seq:N}` (sequence, zero-padded to N digits, never
//! truncated). Formatting and parsing are exact inverses: a number is valid
//! only if re-formatting its parts gives it back.
//!
//! Town admins may write the Chinese names instead, which is what the settings
//! page shows: `{机构代码}`, `{分类}`, `{年度}`, `{序号}` (= `{seq:05}`, the
//! usual five digits) or `{序号:N}`; `{机构代码}/{年度}-{序号}` is the default
//! written that way.
use serde::{Deserialize, Serialize};

use super::DisclosureError;

/// The values a number is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexParts {
    pub org_code: String,
    /// Required iff the scheme has `{category}`.
    #[serde(default)]
    pub category: Option<String>,
    /// Ignored by schemes without `{year}` (parsing then gives 0).
    pub year: i32,
    /// From 1.
    pub seq: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    OrgCode,
    Category,
    Year,
    Seq { width: usize },
}

impl Part {
    /// Parts whose length is not fixed must be followed by a literal (or end
    /// the template), or a number could not be split back into its parts.
    fn is_variable(&self) -> bool {
        matches!(self, Part::OrgCode | Part::Category | Part::Seq { .. })
    }
}

/// A checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexScheme {
    template: String,
    parts: Vec<Part>,
}

impl IndexScheme {
    /// The common national shape: 机构代码/年份-5位流水号.
    pub const DEFAULT_TEMPLATE: &'static str = "{org_code}/{year}-{seq:05}";

    /// Checks a template: known placeholders, each at most once, `{seq}`
    /// present, and every variable-length part followed by fixed text.
    pub fn parse(template: &str) -> Result<IndexScheme, DisclosureError> {
        let bad = |why: String| {
            DisclosureError::invalid(
                "index_scheme",
                format!("索引号规则「{template}」无效：{why}"),
            )
        };
        let mut parts = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after
                    .find('}')
                    .ok_or_else(|| bad("“{”没有对应的“}”".into()))?;
                let name = &after[..end];
                let part = match name {
                    "org_code" | "机构代码" => Part::OrgCode,
                    "category" | "分类" => Part::Category,
                    "year" | "年度" => Part::Year,
                    "seq" => Part::Seq { width: 1 },
                    "序号" => Part::Seq { width: 5 },
                    _ => match name
                        .strip_prefix("seq:")
                        .or_else(|| name.strip_prefix("序号:"))
                    {
                        Some(width) => match width.parse::<usize>() {
                            Ok(width @ 1..=9) => Part::Seq { width },
                            _ => return Err(bad(format!("流水号位数「{width}」应为 1 到 9"))),
                        },
                        None => return Err(bad(format!("未知的占位符「{{{name}}}」"))),
                    },
                };
                let kind = std::mem::discriminant(&part);
                if parts.iter().any(|p| std::mem::discriminant(p) == kind) {
                    return Err(bad(format!("占位符「{{{name}}}」重复")));
                }
                parts.push(part);
                rest = &after[end + 1..];
            } else {
                let end = rest.find(['{', '}']).unwrap_or(rest.len());
                if end == 0 {
                    return Err(bad("“}”没有对应的“{”".into()));
                }
                parts.push(Part::Literal(rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
        if !parts.iter().any(|p| matches!(p, Part::Seq { .. })) {
            return Err(bad("缺少流水号 {seq}".into()));
        }
        for pair in parts.windows(2) {
            if pair[0].is_variable() && !matches!(pair[1], Part::Literal(_)) {
                return Err(bad("机构代码、分类代码和流水号之后须有分隔符".into()));
            }
        }
        Ok(IndexScheme {
            template: template.to_string(),
            parts,
        })
    }

    pub fn template(&self) -> &str {
        &self.template
    }

    /// Whether numbers of this scheme carry a category.
    pub fn has_category(&self) -> bool {
        self.parts.contains(&Part::Category)
    }

    /// The number for `parts`.
    pub fn format(&self, parts: &IndexParts) -> Result<String, DisclosureError> {
        if parts.seq == 0 {
            return Err(DisclosureError::invalid("seq", "流水号应从 1 开始"));
        }
        if self.parts.contains(&Part::Year) && !(1000..=9999).contains(&parts.year) {
            return Err(DisclosureError::invalid(
                "year",
                format!("年份 {} 应为四位数", parts.year),
            ));
        }
        let mut out = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Year => out.push_str(&parts.year.to_string()),
                Part::Seq { width } => out.push_str(&format!("{:0width$}", parts.seq)),
                Part::OrgCode => {
                    out.push_str(self.text(i, "org_code", "机构代码", Some(&parts.org_code))?)
                }
                Part::Category => {
                    out.push_str(self.text(i, "category", "分类代码", parts.category.as_deref())?)
                }
            }
        }
        Ok(out)
    }

    /// A text part must be filled, plain, and not contain the separator that
    /// follows it (or the number could not be parsed back).
    fn text<'a>(
        &self,
        i: usize,
        field: &'static str,
        label: &'static str,
        value: Option<&'a str>,
    ) -> Result<&'a str, DisclosureError> {
        let value = value
            .filter(|v| !v.is_empty())
            .ok_or(DisclosureError::missing(field, label))?;
        let separator = match self.parts.get(i + 1) {
            Some(Part::Literal(text)) => Some(text.as_str()),
            _ => None,
        };
        let plain = value
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '{' && c != '}');
        if !plain || separator.is_some_and(|s| value.contains(s)) {
            return Err(DisclosureError::invalid(
                field,
                format!(
                    "「{label}」「{value}」不能含有空白、花括号或分隔符「{}」",
                    separator.unwrap_or("")
                ),
            ));
        }
        Ok(value)
    }

    /// Splits a number back into its parts; refuses anything that is not
    /// exactly what [`IndexScheme::format`] would produce.
    pub fn parse_number(&self, number: &str) -> Result<IndexParts, DisclosureError> {
        let bad = || {
            DisclosureError::invalid(
                "index_number",
                format!(
                    "索引号「{number}」不符合本单位的索引号规则「{}」",
                    self.template
                ),
            )
        };
        let mut parts = IndexParts {
            org_code: String::new(),
            category: None,
            year: 0,
            seq: 0,
        };
        let mut rest = number;
        for (i, part) in self.parts.iter().enumerate() {
            // A variable part runs to the next literal, or to the end.
            let take_variable = |rest: &str| match self.parts.get(i + 1) {
                Some(Part::Literal(text)) => rest.find(text.as_str()),
                _ => Some(rest.len()),
            };
            match part {
                Part::Literal(text) => rest = rest.strip_prefix(text.as_str()).ok_or_else(bad)?,
                Part::Year => {
                    let year = rest
                        .get(..4)
                        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                        .ok_or_else(bad)?;
                    parts.year = year.parse().map_err(|_| bad())?;
                    rest = &rest[4..];
                }
                Part::Seq { .. } | Part::OrgCode | Part::Category => {
                    let end = take_variable(rest).ok_or_else(bad)?;
                    let value = &rest[..end];
                    match part {
                        Part::Seq { .. } => {
                            if !value.bytes().all(|b| b.is_ascii_digit()) {
                                return Err(bad());
                            }
                            parts.seq = value.parse().map_err(|_| bad())?;
                        }
                        Part::OrgCode => parts.org_code = value.to_string(),
                        _ => parts.category = Some(value.to_string()),
                    }
                    rest = &rest[end..];
                }
            }
        }
        if !rest.is_empty() || self.format(&parts).ok().as_deref() != Some(number) {
            return Err(bad());
        }
        Ok(parts)
    }

    /// The next sequence number for `org_code` (and `category`) in `year`,
    /// given the numbers already issued; numbers of other schemes are ignored.
    /// Numbering restarts each year only if the scheme contains `{year}`.
    pub fn next_seq<'a>(
        &self,
        existing: impl IntoIterator<Item = &'a str>,
        org_code: &str,
        category: Option<&str>,
        year: i32,
    ) -> u32 {
        let yearly = self.parts.contains(&Part::Year);
        existing
            .into_iter()
            .filter_map(|number| self.parse_number(number).ok())
            .filter(|p| {
                p.org_code == org_code
                    && p.category.as_deref() == category.filter(|_| self.has_category())
            })
            .filter(|p| !yearly || p.year == year)
            .map(|p| p.seq)
            .max()
            .map_or(1, |max| max.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(org: &str, year: i32, seq: u32) -> IndexParts {
        IndexParts {
            org_code: org.into(),
            category: None,
            year,
            seq,
        }
    }

    #[test]
    fn default_scheme_formats_and_parses() {
        let scheme = IndexScheme::parse(IndexScheme::DEFAULT_TEMPLATE).unwrap();
        let number = scheme.format(&parts("035210000", 2025, 16)).unwrap();
        assert_eq!(number, "035210000/2025-00016");
        assert_eq!(
            scheme.parse_number(&number).unwrap(),
            parts("035210000", 2025, 16)
        );
        // Overflowing the width is printed in full, not truncated.
        assert_eq!(
            scheme.format(&parts("X", 2025, 123_456)).unwrap(),
            "X/2025-123456"
        );
    }

    #[test]
    fn schemes_with_categories() {
        let scheme = IndexScheme::parse("{org_code}-{category}-{year}-{seq:04}").unwrap();
        assert!(scheme.has_category());
        let p = IndexParts {
            org_code: "11440203MB2C12345X".into(),
            category: Some("0501".into()),
            year: 2024,
            seq: 7,
        };
        let number = scheme.format(&p).unwrap();
        assert_eq!(number, "11440203MB2C12345X-0501-2024-0007");
        assert_eq!(scheme.parse_number(&number).unwrap(), p);
        let missing = IndexParts {
            category: None,
            ..p.clone()
        };
        assert_eq!(
            scheme.format(&missing).unwrap_err(),
            DisclosureError::missing("category", "分类代码")
        );
        let ambiguous = IndexParts {
            org_code: "A-B".into(),
            ..p
        };
        assert_eq!(
            scheme.format(&ambiguous).unwrap_err().field(),
            Some("org_code")
        );
    }

    #[test]
    fn bad_templates_are_refused_with_the_reason() {
        let cases = [
            ("{org_code}/{year}", "缺少流水号"),
            ("{org_code}{seq}", "之后须有分隔符"),
            ("{org}/{seq}", "未知的占位符「{org}」"),
            ("{seq}-{seq}", "重复"),
            ("{seq:0}", "应为 1 到 9"),
            ("{seq", "没有对应的“}”"),
            ("a}{seq}", "没有对应的“{”"),
        ];
        for (template, why) in cases {
            let err = IndexScheme::parse(template).unwrap_err();
            assert_eq!(err.field(), Some("index_scheme"));
            assert!(err.to_string().contains(why), "{template}: {err}");
        }
        // A fixed-width year may touch the sequence.
        assert!(IndexScheme::parse("{org_code}/{year}{seq:05}").is_ok());
    }

    #[test]
    fn chinese_placeholders_mean_the_same() {
        let chinese = IndexScheme::parse("{机构代码}/{年度}-{序号}").unwrap();
        let english = IndexScheme::parse(IndexScheme::DEFAULT_TEMPLATE).unwrap();
        let p = parts("035210000", 2025, 16);
        assert_eq!(chinese.format(&p).unwrap(), english.format(&p).unwrap());
        assert_eq!(chinese.parse_number("035210000/2025-00016").unwrap(), p);
        let wide = IndexScheme::parse("{分类}-{机构代码}-{年度}-{序号:3}").unwrap();
        assert!(wide.has_category());
        assert!(IndexScheme::parse("{序号}{序号:4}").is_err());
    }

    #[test]
    fn non_canonical_numbers_are_refused() {
        let scheme = IndexScheme::parse(IndexScheme::DEFAULT_TEMPLATE).unwrap();
        for number in [
            "035210000/2025-16",
            "035210000/2025-00016-1",
            "035210000/25-00016",
            "035210000-2025-00016",
            "/2025-00016",
            "035210000/2025-0001a",
            "035210000/2025-00000",
        ] {
            let err = scheme.parse_number(number).unwrap_err();
            assert_eq!(err.field(), Some("index_number"), "{number}");
        }
        assert_eq!(
            scheme.parse_number("x").unwrap_err().to_string(),
            "索引号「x」不符合本单位的索引号规则「{org_code}/{year}-{seq:05}」"
        );
    }

    #[test]
    fn next_seq_counts_per_org_and_year() {
        let scheme = IndexScheme::parse(IndexScheme::DEFAULT_TEMPLATE).unwrap();
        let existing = [
            "035210000/2025-00016",
            "035210000/2025-00003",
            "035210000/2024-00099",
            "999999999/2025-00500",
            "garbage",
        ];
        assert_eq!(scheme.next_seq(existing, "035210000", None, 2025), 17);
        assert_eq!(scheme.next_seq(existing, "035210000", None, 2026), 1);
        let running = IndexScheme::parse("{org_code}-{seq:06}").unwrap();
        assert_eq!(
            running.next_seq(["A-000041", "A-000007"], "A", None, 2030),
            42
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn format_then_parse_is_identity(
            org in "[0-9A-Z]{1,18}",
            category in "[0-9]{1,4}",
            year in 1000i32..=9999,
            seq in 1u32..10_000_000,
            width in 1usize..=9,
        ) {
            for template in [format!("{{org_code}}/{{year}}-{{seq:{width}}}"), format!("{{category}}.{{org_code}}_{{seq:{width}}}({{year}})")] {
                let scheme = IndexScheme::parse(&template).unwrap();
                let p = IndexParts {
                    org_code: org.clone(),
                    category: scheme.has_category().then(|| category.clone()),
                    year,
                    seq,
                };
                let number = scheme.format(&p).unwrap();
                prop_assert_eq!(scheme.parse_number(&number).unwrap(), p);
            }
        }
    }
}
