//! 办理结果: the leaf rows of section 三 of Table 三 (国办公开办函〔2021〕30号).
//!
//! Every answered request carries exactly one outcome, so the annual report is
//! a count, never a re-classification. How the art.36 answer types (the kind
//! of 告知书) fall into rows — one row may take several answer types:
//!
//! | code | row | answer types |
//! |---|---|---|
//! | 1 | （一）予以公开 | 可以公开 art.36(二); 已主动公开 art.36(一) — the applicant gets the information, so it counts as 予以公开 |
//! | 2 | （二）部分公开 | 区分处理 art.37 — only this row, whatever the withheld part's reason |
//! | 3.1–3.7 | （三）不予公开 | 不予公开 art.36(三), the row chosen by the ground: art.14 (3.1–3.3), art.15 (3.4), art.16 (3.5–3.7) |
//! | 3.8 | 属于行政查询事项 | 工商、不动产登记资料等 art.36(七): the report counts special-regime information here |
//! | 4.1 | 本机关不掌握相关政府信息 | 信息不存在 art.36(四); 非本机关负责公开 art.36(五) |
//! | 4.2 | 没有现成信息需要另行制作 | art.38 |
//! | 4.3 | 补正后申请内容仍不明确 | art.30, only after a correction was received |
//! | 5.1 | 信访举报投诉类申请 | art.39 第一款 |
//! | 5.2 | 重复申请 | art.36(六) |
//! | 5.3 | 要求提供公开出版物 | art.39 第二款 |
//! | 5.4 | 无正当理由大量反复申请 | art.35 |
//! | 5.5 | 要求行政机关确认或重新出具已获取信息 | the report's own category; no article of the 条例 names it |
//! | 6.1 | 逾期不补正 | art.30, only via the abandonment step |
//! | 6.2 | 逾期未缴费 | art.42 + 国办函〔2020〕109号, only via the fee step |
//! | 6.3 | 其他 | free text |
use std::fmt;

use serde::{Deserialize, Serialize};

use super::AnswerType;
use crate::disclosure::DisclosureError;

/// The six groups of section 三, as headed in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeGroup {
    Disclosed,
    PartlyDisclosed,
    Withheld,
    Unavailable,
    NotProcessed,
    Other,
}

impl OutcomeGroup {
    pub const ALL: [OutcomeGroup; 6] = [
        OutcomeGroup::Disclosed,
        OutcomeGroup::PartlyDisclosed,
        OutcomeGroup::Withheld,
        OutcomeGroup::Unavailable,
        OutcomeGroup::NotProcessed,
        OutcomeGroup::Other,
    ];

    /// The group heading exactly as printed (full-width brackets kept).
    pub fn label(self) -> &'static str {
        match self {
            OutcomeGroup::Disclosed => "（一）予以公开",
            OutcomeGroup::PartlyDisclosed => {
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
            }
            OutcomeGroup::Withheld => "（三）不予公开",
            OutcomeGroup::Unavailable => "（四）无法提供",
            OutcomeGroup::NotProcessed => "（五）不予处理",
            OutcomeGroup::Other => "（六）其他处理",
        }
    }

    /// The heading without its number, for lists: "不予公开".
    pub fn name(self) -> &'static str {
        match self {
            OutcomeGroup::Disclosed => "予以公开",
            OutcomeGroup::PartlyDisclosed => "部分公开",
            OutcomeGroup::Withheld => "不予公开",
            OutcomeGroup::Unavailable => "无法提供",
            OutcomeGroup::NotProcessed => "不予处理",
            OutcomeGroup::Other => "其他处理",
        }
    }

    /// The leaf rows under this heading, in table order.
    pub fn outcomes(self) -> impl Iterator<Item = Outcome> {
        Outcome::ALL.into_iter().filter(move |o| o.group() == self)
    }
}

/// One leaf row of section 三. Stored as its code ("1", "2", "3.1" … "6.3").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Outcome {
    /// 1 （一）予以公开
    Disclosed,
    /// 2 （二）部分公开
    PartlyDisclosed,
    /// 3.1 属于国家秘密
    WithheldStateSecret,
    /// 3.2 其他法律行政法规禁止公开
    WithheldProhibitedByLaw,
    /// 3.3 危及“三安全一稳定”
    WithheldSecurityAndStability,
    /// 3.4 保护第三方合法权益
    WithheldThirdPartyRights,
    /// 3.5 属于三类内部事务信息
    WithheldInternalAffairs,
    /// 3.6 属于四类过程性信息
    WithheldProcessInformation,
    /// 3.7 属于行政执法案卷
    WithheldEnforcementFile,
    /// 3.8 属于行政查询事项
    WithheldAdministrativeQuery,
    /// 4.1 本机关不掌握相关政府信息
    UnavailableNotHeld,
    /// 4.2 没有现成信息需要另行制作
    UnavailableNeedsCreation,
    /// 4.3 补正后申请内容仍不明确
    UnavailableStillUnclear,
    /// 5.1 信访举报投诉类申请
    NotProcessedPetition,
    /// 5.2 重复申请
    NotProcessedRepeated,
    /// 5.3 要求提供公开出版物
    NotProcessedPublication,
    /// 5.4 无正当理由大量反复申请
    NotProcessedExcessive,
    /// 5.5 要求行政机关确认或重新出具已获取信息
    NotProcessedConfirmation,
    /// 6.1 逾期不补正
    OtherCorrectionOverdue,
    /// 6.2 逾期未缴费
    OtherFeeUnpaid,
    /// 6.3 其他
    OtherOther,
}

impl Outcome {
    /// In table order.
    pub const ALL: [Outcome; 21] = [
        Outcome::Disclosed,
        Outcome::PartlyDisclosed,
        Outcome::WithheldStateSecret,
        Outcome::WithheldProhibitedByLaw,
        Outcome::WithheldSecurityAndStability,
        Outcome::WithheldThirdPartyRights,
        Outcome::WithheldInternalAffairs,
        Outcome::WithheldProcessInformation,
        Outcome::WithheldEnforcementFile,
        Outcome::WithheldAdministrativeQuery,
        Outcome::UnavailableNotHeld,
        Outcome::UnavailableNeedsCreation,
        Outcome::UnavailableStillUnclear,
        Outcome::NotProcessedPetition,
        Outcome::NotProcessedRepeated,
        Outcome::NotProcessedPublication,
        Outcome::NotProcessedExcessive,
        Outcome::NotProcessedConfirmation,
        Outcome::OtherCorrectionOverdue,
        Outcome::OtherFeeUnpaid,
        Outcome::OtherOther,
    ];

    /// Stable code: the group number, then the item number within the group.
    pub fn code(self) -> &'static str {
        self.row().0
    }

    /// The leaf text without its number, e.g. "属于国家秘密".
    pub fn label(self) -> &'static str {
        self.row().1
    }

    fn row(self) -> (&'static str, &'static str) {
        match self {
            Outcome::Disclosed => ("1", "予以公开"),
            Outcome::PartlyDisclosed => ("2", "部分公开"),
            Outcome::WithheldStateSecret => ("3.1", "属于国家秘密"),
            Outcome::WithheldProhibitedByLaw => ("3.2", "其他法律行政法规禁止公开"),
            Outcome::WithheldSecurityAndStability => ("3.3", "危及“三安全一稳定”"),
            Outcome::WithheldThirdPartyRights => ("3.4", "保护第三方合法权益"),
            Outcome::WithheldInternalAffairs => ("3.5", "属于三类内部事务信息"),
            Outcome::WithheldProcessInformation => ("3.6", "属于四类过程性信息"),
            Outcome::WithheldEnforcementFile => ("3.7", "属于行政执法案卷"),
            Outcome::WithheldAdministrativeQuery => ("3.8", "属于行政查询事项"),
            Outcome::UnavailableNotHeld => ("4.1", "本机关不掌握相关政府信息"),
            Outcome::UnavailableNeedsCreation => ("4.2", "没有现成信息需要另行制作"),
            Outcome::UnavailableStillUnclear => ("4.3", "补正后申请内容仍不明确"),
            Outcome::NotProcessedPetition => ("5.1", "信访举报投诉类申请"),
            Outcome::NotProcessedRepeated => ("5.2", "重复申请"),
            Outcome::NotProcessedPublication => ("5.3", "要求提供公开出版物"),
            Outcome::NotProcessedExcessive => ("5.4", "无正当理由大量反复申请"),
            Outcome::NotProcessedConfirmation => ("5.5", "要求行政机关确认或重新出具已获取信息"),
            Outcome::OtherCorrectionOverdue => (
                "6.1",
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            Outcome::OtherFeeUnpaid => (
                "6.2",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            Outcome::OtherOther => ("6.3", "其他"),
        }
    }

    pub fn group(self) -> OutcomeGroup {
        match self.code().as_bytes()[0] {
            b'1' => OutcomeGroup::Disclosed,
            b'2' => OutcomeGroup::PartlyDisclosed,
            b'3' => OutcomeGroup::Withheld,
            b'4' => OutcomeGroup::Unavailable,
            b'5' => OutcomeGroup::NotProcessed,
            _ => OutcomeGroup::Other,
        }
    }

    /// The row label exactly as printed in Table 三: the group heading for
    /// （一）/（二）, "1.属于国家秘密" for numbered items.
    pub fn row_label(self) -> String {
        match self.code().split_once('.') {
            None => self.group().label().to_string(),
            Some((_, item)) => format!("{item}.{}", self.label()),
        }
    }

    /// Group and item for lists and notices: "不予公开：属于国家秘密".
    pub fn full_label(self) -> String {
        match self.code().split_once('.') {
            None => self.group().name().to_string(),
            Some(_) => format!("{}：{}", self.group().name(), self.label()),
        }
    }

    /// The art.36-style answer types this row may be answered with; the first
    /// is the default. See the module docs for the mapping and its reasons.
    pub fn answer_types(self) -> &'static [AnswerType] {
        use AnswerType as A;
        match self {
            Outcome::Disclosed => &[A::Granted, A::AlreadyPublic],
            Outcome::PartlyDisclosed => &[A::PartlyGranted],
            Outcome::WithheldStateSecret
            | Outcome::WithheldProhibitedByLaw
            | Outcome::WithheldSecurityAndStability
            | Outcome::WithheldThirdPartyRights
            | Outcome::WithheldInternalAffairs
            | Outcome::WithheldProcessInformation
            | Outcome::WithheldEnforcementFile => &[A::Withheld],
            Outcome::WithheldAdministrativeQuery => &[A::SpecialRegime],
            Outcome::UnavailableNotHeld => &[A::NotExist, A::NotThisAgency],
            Outcome::UnavailableNeedsCreation => &[A::NoDutyToCreate],
            Outcome::UnavailableStillUnclear => &[A::StillUnclear],
            Outcome::NotProcessedPetition => &[A::NotADisclosureRequest],
            Outcome::NotProcessedRepeated => &[A::Repeated],
            Outcome::NotProcessedPublication => &[A::Publication],
            Outcome::NotProcessedExcessive => &[A::Excessive],
            Outcome::NotProcessedConfirmation => &[A::ConfirmOrReissue],
            Outcome::OtherCorrectionOverdue => &[A::CorrectionOverdue],
            Outcome::OtherFeeUnpaid => &[A::FeeUnpaid],
            Outcome::OtherOther => &[A::Other],
        }
    }

    /// The answer type used when the staff did not choose one.
    pub fn default_answer(self) -> AnswerType {
        self.answer_types()[0]
    }

    /// The substantive ground of a 不予公开 row (arts.14–16), cited before the
    /// answer's own article; `None` for other rows.
    pub fn ground(self) -> Option<&'static str> {
        Some(match self {
            Outcome::WithheldStateSecret
            | Outcome::WithheldProhibitedByLaw
            | Outcome::WithheldSecurityAndStability => "第十四条",
            Outcome::WithheldThirdPartyRights => "第十五条、第三十二条",
            Outcome::WithheldInternalAffairs => "第十六条第一款",
            Outcome::WithheldProcessInformation | Outcome::WithheldEnforcementFile => {
                "第十六条第二款"
            }
            _ => return None,
        })
    }

    /// The legal basis to print on the 告知书 for this row answered as
    /// `answer`, e.g. "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项".
    /// `None` where no article applies (5.5, 6.3): staff state it in the reason.
    pub fn legal_basis(self, answer: AnswerType) -> Option<String> {
        let articles: Vec<&str> = self.ground().into_iter().chain(answer.article()).collect();
        let mut basis = if articles.is_empty() {
            String::new()
        } else {
            format!("《中华人民共和国政府信息公开条例》{}", articles.join("、"))
        };
        if let Some(extra) = answer.other_basis() {
            if !basis.is_empty() {
                basis.push('、');
            }
            basis.push_str(extra);
        }
        (!basis.is_empty()).then_some(basis)
    }

    /// Whether a reason text is required when answering with this row: every
    /// row that does not give the applicant the information in full, except
    /// 6.1/6.2 whose reason is the recorded lapse itself.
    pub fn needs_reason(self) -> bool {
        !matches!(
            self,
            Outcome::Disclosed | Outcome::OtherCorrectionOverdue | Outcome::OtherFeeUnpaid
        )
    }

    /// The applicant receives (part of) the information.
    pub fn is_disclosure(self) -> bool {
        matches!(self, Outcome::Disclosed | Outcome::PartlyDisclosed)
    }

    /// The inverse of [`Outcome::code`].
    pub fn parse(code: &str) -> Result<Outcome, DisclosureError> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "outcome",
                what: "办理结果",
                code: code.to_string(),
            })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full_label())
    }
}

impl TryFrom<String> for Outcome {
    type Error = DisclosureError;
    fn try_from(code: String) -> Result<Outcome, DisclosureError> {
        Outcome::parse(&code)
    }
}

impl From<Outcome> for String {
    fn from(outcome: Outcome) -> String {
        outcome.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_round_trip_and_serialize_as_codes() {
        let mut codes: Vec<_> = Outcome::ALL.iter().map(|o| o.code()).collect();
        assert_eq!(codes.first(), Some(&"1"));
        assert_eq!(codes.last(), Some(&"6.3"));
        codes.dedup();
        assert_eq!(codes.len(), 21);
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.code()).unwrap(), o);
            let json = serde_json::to_string(&o).unwrap();
            assert_eq!(json, format!("\"{}\"", o.code()));
            assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), o);
        }
        assert!(serde_json::from_str::<Outcome>("\"3.9\"").is_err());
        assert_eq!(
            Outcome::parse("7").unwrap_err().to_string(),
            "未知的办理结果代码「7」"
        );
    }

    #[test]
    fn groups_hold_the_rows_of_the_report_format() {
        let counts: Vec<usize> = OutcomeGroup::ALL
            .iter()
            .map(|g| g.outcomes().count())
            .collect();
        assert_eq!(counts, [1, 1, 8, 3, 5, 3]);
        for o in Outcome::ALL {
            let number = o.code().split('.').next().unwrap();
            assert_eq!(
                OutcomeGroup::ALL[number.parse::<usize>().unwrap() - 1],
                o.group()
            );
        }
    }

    #[test]
    fn row_labels_are_printed_as_in_the_table() {
        assert_eq!(Outcome::Disclosed.row_label(), "（一）予以公开");
        assert_eq!(
            Outcome::PartlyDisclosed.row_label(),
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        );
        assert_eq!(
            Outcome::WithheldSecurityAndStability.row_label(),
            "3.危及“三安全一稳定”"
        );
        assert_eq!(
            Outcome::WithheldAdministrativeQuery.row_label(),
            "8.属于行政查询事项"
        );
        assert_eq!(
            Outcome::OtherFeeUnpaid.row_label(),
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        );
        assert_eq!(
            Outcome::NotProcessedRepeated.full_label(),
            "不予处理：重复申请"
        );
        assert_eq!(Outcome::Disclosed.to_string(), "予以公开");
    }

    #[test]
    fn answer_mapping_covers_every_answer_type_and_picks_a_default() {
        for answer in AnswerType::ALL {
            assert!(
                Outcome::ALL
                    .iter()
                    .any(|o| o.answer_types().contains(&answer)),
                "{answer:?} has no row"
            );
        }
        assert_eq!(Outcome::Disclosed.default_answer(), AnswerType::Granted);
        assert!(
            Outcome::Disclosed
                .answer_types()
                .contains(&AnswerType::AlreadyPublic)
        );
        assert_eq!(
            Outcome::UnavailableNotHeld.answer_types(),
            &[AnswerType::NotExist, AnswerType::NotThisAgency]
        );
        assert_eq!(
            Outcome::WithheldAdministrativeQuery.answer_types(),
            &[AnswerType::SpecialRegime]
        );
    }

    #[test]
    fn legal_basis_cites_ground_then_answer() {
        assert_eq!(
            Outcome::WithheldStateSecret
                .legal_basis(AnswerType::Withheld)
                .unwrap(),
            "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"
        );
        assert_eq!(
            Outcome::Disclosed
                .legal_basis(AnswerType::AlreadyPublic)
                .unwrap(),
            "《中华人民共和国政府信息公开条例》第三十六条第（一）项"
        );
        assert_eq!(
            Outcome::OtherFeeUnpaid
                .legal_basis(AnswerType::FeeUnpaid)
                .unwrap(),
            "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        );
        assert_eq!(Outcome::OtherOther.legal_basis(AnswerType::Other), None);
        assert_eq!(
            Outcome::NotProcessedConfirmation.legal_basis(AnswerType::ConfirmOrReissue),
            None
        );
    }

    #[test]
    fn reasons_are_needed_unless_the_applicant_gets_everything() {
        let without: Vec<_> = Outcome::ALL
            .into_iter()
            .filter(|o| !o.needs_reason())
            .collect();
        assert_eq!(
            without,
            [
                Outcome::Disclosed,
                Outcome::OtherCorrectionOverdue,
                Outcome::OtherFeeUnpaid
            ]
        );
        assert!(
            Outcome::PartlyDisclosed.needs_reason() && Outcome::PartlyDisclosed.is_disclosure()
        );
    }
}
