//! Who applied, as the columns of Table 三 of the annual report count them.
use serde::{Deserialize, Serialize};

use crate::disclosure::DisclosureError;

/// The applicant types of Table 三 (国办公开办函〔2021〕30号): 自然人, and
/// 法人或其他组织 split five ways. Recorded on the request so the report is
/// computed, never hand-counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// 自然人
    NaturalPerson,
    /// 法人或其他组织 · 商业企业
    CommercialEnterprise,
    /// 法人或其他组织 · 科研机构
    ResearchInstitution,
    /// 法人或其他组织 · 社会公益组织
    PublicWelfareOrganization,
    /// 法人或其他组织 · 法律服务机构
    LegalServiceInstitution,
    /// 法人或其他组织 · 其他
    OtherOrganization,
}

impl ApplicantType {
    /// In the column order of Table 三.
    pub const ALL: [ApplicantType; 6] = [
        ApplicantType::NaturalPerson,
        ApplicantType::CommercialEnterprise,
        ApplicantType::ResearchInstitution,
        ApplicantType::PublicWelfareOrganization,
        ApplicantType::LegalServiceInstitution,
        ApplicantType::OtherOrganization,
    ];

    /// The group heading over the five organisation columns.
    pub const ORGANIZATION_GROUP: &'static str = "法人或其他组织";

    /// Stable storage code.
    pub fn code(self) -> &'static str {
        match self {
            ApplicantType::NaturalPerson => "natural_person",
            ApplicantType::CommercialEnterprise => "commercial_enterprise",
            ApplicantType::ResearchInstitution => "research_institution",
            ApplicantType::PublicWelfareOrganization => "public_welfare_organization",
            ApplicantType::LegalServiceInstitution => "legal_service_institution",
            ApplicantType::OtherOrganization => "other_organization",
        }
    }

    /// The column heading exactly as in Table 三.
    pub fn label(self) -> &'static str {
        match self {
            ApplicantType::NaturalPerson => "自然人",
            ApplicantType::CommercialEnterprise => "商业企业",
            ApplicantType::ResearchInstitution => "科研机构",
            ApplicantType::PublicWelfareOrganization => "社会公益组织",
            ApplicantType::LegalServiceInstitution => "法律服务机构",
            ApplicantType::OtherOrganization => "其他",
        }
    }

    /// The label for a form's select box, where "其他" alone would be unclear.
    pub fn form_label(self) -> String {
        if self.is_organization() {
            format!("{}（{}）", Self::ORGANIZATION_GROUP, self.label())
        } else {
            self.label().to_string()
        }
    }

    /// Whether the column sits under 法人或其他组织.
    pub fn is_organization(self) -> bool {
        self != ApplicantType::NaturalPerson
    }

    /// The 0-based column index in Table 三 (总计 is 6).
    pub fn column(self) -> usize {
        self as usize
    }

    /// The inverse of [`ApplicantType::code`].
    pub fn parse(code: &str) -> Result<ApplicantType, DisclosureError> {
        ApplicantType::ALL
            .into_iter()
            .find(|t| t.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "applicant_type",
                what: "申请人类型",
                code: code.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_columns_follow_the_table() {
        for (i, t) in ApplicantType::ALL.into_iter().enumerate() {
            assert_eq!(ApplicantType::parse(t.code()).unwrap(), t);
            assert_eq!(t.column(), i);
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.code()));
        }
        let labels: Vec<_> = ApplicantType::ALL.iter().map(|t| t.label()).collect();
        assert_eq!(
            labels,
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他"
            ]
        );
    }

    #[test]
    fn unknown_code_is_refused_and_form_labels_disambiguate() {
        assert_eq!(
            ApplicantType::parse("company").unwrap_err().to_string(),
            "未知的申请人类型代码「company」"
        );
        assert_eq!(
            ApplicantType::OtherOrganization.form_label(),
            "法人或其他组织（其他）"
        );
        assert_eq!(ApplicantType::NaturalPerson.form_label(), "自然人");
    }
}
