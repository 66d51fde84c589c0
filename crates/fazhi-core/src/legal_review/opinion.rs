//! The opinion (审查意见) and the requester's response (采纳情况反馈).
//!
//! An opinion that does not simply say 合法 must say why and on which
//! articles; a 修改后合法 opinion lists the changes as numbered points. The
//! requester then answers every point: adopted, or not adopted with a reason —
//! the record that shows whether the adviser's work was used (the 2021 report's
//! own weakness: "没有充分发挥法律顾问作用").
use serde::{Deserialize, Serialize};

use super::Conclusion;
use crate::DomainError;
use crate::form;

pub const MAX_POINTS: usize = 30;
const REASONS_MAX: usize = 5000;
const ARTICLES_MAX: usize = 2000;
const POINT_MAX: usize = 1000;
const RESPONSE_REASON_MAX: usize = 1000;

/// A checked opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub conclusion: Conclusion,
    /// 审查理由.
    pub reasons: Option<String>,
    /// 法律依据 (the articles cited), one per line as entered.
    pub articles: Option<String>,
    /// 修改意见, in order; the requester answers each.
    pub points: Vec<String>,
}

/// Checks an opinion. `points` are the texts as entered; blank ones are dropped.
pub fn check_opinion(conclusion: Conclusion, reasons: &str, articles: &str, points: &[&str]) -> Result<Opinion, DomainError> {
    let reasons = form::optional_text("reasons", "审查理由", reasons, REASONS_MAX)?;
    let articles = form::optional_text("articles", "法律依据", articles, ARTICLES_MAX)?;
    let mut checked = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if let Some(p) = form::optional_text(&format!("points[{i}]"), &format!("第 {} 条修改意见", i + 1), p, POINT_MAX)? {
            checked.push(p);
        }
    }
    if checked.len() > MAX_POINTS {
        return Err(DomainError::invalid("points", format!("「修改意见」不能超过 {MAX_POINTS} 条")));
    }
    if conclusion.needs_grounds() {
        if reasons.is_none() {
            return Err(DomainError::invalid("reasons", format!("审查结论为「{}」的，应当写明「审查理由」", conclusion.label())));
        }
        if articles.is_none() {
            return Err(DomainError::invalid("articles", format!("审查结论为「{}」的，应当列明所依据的法律条文（「法律依据」）", conclusion.label())));
        }
    }
    if conclusion == Conclusion::LawfulWithChanges && checked.is_empty() {
        return Err(DomainError::invalid("points", "审查结论为「修改后合法」的，应当逐条列明「修改意见」"));
    }
    Ok(Opinion { conclusion, reasons, articles, points: checked })
}

/// The requester's answer to one point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointAnswer {
    pub adopted: bool,
    /// Required when not adopted (why not); optional note when adopted (how).
    pub note: Option<String>,
}

/// One raw answer as entered: `adopted` is None when nothing was chosen.
#[derive(Debug, Clone, Copy)]
pub struct RawAnswer<'a> {
    pub adopted: Option<bool>,
    pub note: &'a str,
}

/// Checks a response: exactly one answer per point, in order; a point not
/// adopted needs its reason.
pub fn check_response(points: usize, answers: &[RawAnswer<'_>]) -> Result<Vec<PointAnswer>, DomainError> {
    if points == 0 {
        return Err(DomainError::refused("no_points", "该审查意见没有修改意见，无需反馈采纳情况"));
    }
    if answers.len() != points {
        return Err(DomainError::invalid("answers", format!("审查意见共 {points} 条，应逐条反馈采纳情况（已填 {} 条）", answers.len())));
    }
    answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let n = i + 1;
            let adopted = a.adopted.ok_or_else(|| DomainError::invalid(&format!("answers[{i}].adopted"), format!("请选择第 {n} 条意见「是否采纳」")))?;
            let note = form::optional_text(&format!("answers[{i}].note"), &format!("第 {n} 条意见的说明"), a.note, RESPONSE_REASON_MAX)?;
            if !adopted && note.is_none() {
                return Err(DomainError::invalid(&format!("answers[{i}].note"), format!("第 {n} 条意见未采纳的，应当说明理由")));
            }
            Ok(PointAnswer { adopted, note })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lawful_needs_nothing_more() {
        let o = check_opinion(Conclusion::Lawful, "", "", &[]).unwrap();
        assert_eq!(o.points.len(), 0);
        assert_eq!(o.reasons, None);
    }

    #[test]
    fn changes_and_unlawful_need_reasons_articles_and_for_changes_points() {
        for c in [Conclusion::LawfulWithChanges, Conclusion::Unlawful] {
            let e = check_opinion(c, "", "《中华人民共和国民法典》第一百五十三条", &["改"]).unwrap_err();
            assert!(matches!(e, DomainError::Invalid { ref field, .. } if field == "reasons"), "{e:?}");
            let e = check_opinion(c, "理由", " ", &["改"]).unwrap_err();
            assert!(matches!(e, DomainError::Invalid { ref field, .. } if field == "articles"), "{e:?}");
        }
        let e = check_opinion(Conclusion::LawfulWithChanges, "理由", "条文", &["  ", ""]).unwrap_err();
        assert!(matches!(e, DomainError::Invalid { ref field, .. } if field == "points"));
        let o = check_opinion(Conclusion::LawfulWithChanges, "理由", "条文", &["删除第五条", " ", "补充救济途径"]).unwrap();
        assert_eq!(o.points, vec!["删除第五条", "补充救济途径"]);
        assert!(check_opinion(Conclusion::Unlawful, "超越职权", "《行政处罚法》第二十二条", &[]).is_ok());
    }

    #[test]
    fn every_point_is_answered_and_refusals_give_reasons() {
        let yes = RawAnswer { adopted: Some(true), note: "" };
        let no = RawAnswer { adopted: Some(false), note: "" };
        let no_why = RawAnswer { adopted: Some(false), note: "该条款系上级文件原文" };
        let blank = RawAnswer { adopted: None, note: "" };
        assert!(matches!(check_response(0, &[]), Err(DomainError::Refused { .. })));
        assert!(check_response(2, &[yes]).is_err());
        let e = check_response(2, &[yes, no]).unwrap_err();
        assert!(matches!(e, DomainError::Invalid { ref field, .. } if field == "answers[1].note"), "{e:?}");
        assert!(e.to_string().contains("第 2 条"));
        assert!(check_response(1, &[blank]).is_err());
        let ok = check_response(2, &[yes, no_why]).unwrap();
        assert_eq!(ok[1], PointAnswer { adopted: false, note: Some("该条款系上级文件原文".into()) });
    }
}
