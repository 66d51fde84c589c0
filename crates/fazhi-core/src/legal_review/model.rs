//! The vocabulary of a legality review (合法性审查): what is reviewed, what the
//! reviewer concludes, and where a review stands. Codes are what the database
//! and the API store; labels are the standard Chinese terms.
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// What is put to review. Other modules attach their records by kind and id;
/// a contract may be submitted on its own (no id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// 重大行政决策 (令713 arts.25–28: mandatory, ≥ 7 个工作日).
    Decision,
    /// 行政规范性文件.
    Document,
    /// 合同 (协议), reviewed before signing.
    Contract,
    /// 重大行政执法决定 (法制审核).
    Enforcement,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 4] = [SubjectKind::Decision, SubjectKind::Document, SubjectKind::Contract, SubjectKind::Enforcement];

    pub fn code(self) -> &'static str {
        match self {
            SubjectKind::Decision => "decision",
            SubjectKind::Document => "document",
            SubjectKind::Contract => "contract",
            SubjectKind::Enforcement => "enforcement",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SubjectKind::Decision => "重大行政决策",
            SubjectKind::Document => "规范性文件",
            SubjectKind::Contract => "合同",
            SubjectKind::Enforcement => "行政执法决定",
        }
    }

    pub fn parse(code: &str) -> Result<SubjectKind, DomainError> {
        SubjectKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
            .ok_or_else(|| DomainError::invalid("subject_kind", "请选择「审查事项类别」（重大行政决策、规范性文件、合同或行政执法决定）"))
    }
}

/// The reviewer's conclusion (审查结论).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// 合法.
    Lawful,
    /// 修改后合法: lawful once the listed points are changed.
    LawfulWithChanges,
    /// 不合法: the subject may not go ahead (a decision cannot go to the meeting).
    Unlawful,
}

impl Conclusion {
    pub const ALL: [Conclusion; 3] = [Conclusion::Lawful, Conclusion::LawfulWithChanges, Conclusion::Unlawful];

    pub fn code(self) -> &'static str {
        match self {
            Conclusion::Lawful => "lawful",
            Conclusion::LawfulWithChanges => "lawful_with_changes",
            Conclusion::Unlawful => "unlawful",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Conclusion::Lawful => "合法",
            Conclusion::LawfulWithChanges => "修改后合法",
            Conclusion::Unlawful => "不合法",
        }
    }

    pub fn parse(code: &str) -> Result<Conclusion, DomainError> {
        Conclusion::ALL
            .into_iter()
            .find(|c| c.code() == code.trim())
            .ok_or_else(|| DomainError::invalid("conclusion", "请选择「审查结论」（合法、修改后合法或不合法）"))
    }

    /// Whether an opinion with this conclusion must give reasons and cite articles.
    pub fn needs_grounds(self) -> bool {
        !matches!(self, Conclusion::Lawful)
    }
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// 待审查: submitted, the reviewer's period is running.
    Requested,
    /// 已出具意见: the opinion is given; points (if any) await the requester's response.
    Opined,
    /// 已反馈: the requester answered every point (adopted / not adopted with reason).
    Responded,
    /// 已撤回: the requester withdrew it before an opinion.
    Withdrawn,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [ReviewState::Requested, ReviewState::Opined, ReviewState::Responded, ReviewState::Withdrawn];

    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Requested => "requested",
            ReviewState::Opined => "opined",
            ReviewState::Responded => "responded",
            ReviewState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Requested => "待审查",
            ReviewState::Opined => "已出具意见",
            ReviewState::Responded => "已反馈采纳情况",
            ReviewState::Withdrawn => "已撤回",
        }
    }

    pub fn parse(code: &str) -> Result<ReviewState, DomainError> {
        ReviewState::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
            .ok_or_else(|| DomainError::invalid("state", "「审查状态」不正确"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_are_the_standard_terms() {
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::parse(k.code()).unwrap(), k);
        }
        for c in Conclusion::ALL {
            assert_eq!(Conclusion::parse(c.code()).unwrap(), c);
        }
        for s in ReviewState::ALL {
            assert_eq!(ReviewState::parse(s.code()).unwrap(), s);
        }
        assert_eq!(SubjectKind::Decision.label(), "重大行政决策");
        assert_eq!(SubjectKind::Document.label(), "规范性文件");
        assert_eq!(SubjectKind::Contract.label(), "合同");
        assert_eq!(SubjectKind::Enforcement.label(), "行政执法决定");
        assert_eq!(Conclusion::LawfulWithChanges.code(), "lawful_with_changes");
        assert_eq!(Conclusion::Unlawful.label(), "不合法");
        assert!(SubjectKind::parse("meeting").is_err());
        assert!(matches!(Conclusion::parse("maybe"), Err(DomainError::Invalid { field, .. }) if field == "conclusion"));
    }

    #[test]
    fn only_lawful_needs_no_grounds() {
        assert!(!Conclusion::Lawful.needs_grounds());
        assert!(Conclusion::LawfulWithChanges.needs_grounds());
        assert!(Conclusion::Unlawful.needs_grounds());
    }
}
