//! 答复类型: what the 告知书 tells the applicant (条例 art.36 and the
//! neighbouring articles 30, 35, 37–39, 42). Which Table 三 row each type is
//! counted in is [`Outcome::answer_types`](super::Outcome::answer_types).
use serde::{Deserialize, Serialize};

use super::Outcome;
use crate::disclosure::DisclosureError;

/// The remedies sentence every written answer ends with (复议法 2023 art.20:
/// 60 日; 行政诉讼法 art.46: 6 个月).
pub const REMEDIES_NOTICE: &str = "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内依法提起行政诉讼。";

/// The kind of answer, i.e. which standard 告知书 text applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerType {
    /// art.36(一) 已主动公开: tell where and how to get it.
    AlreadyPublic,
    /// art.36(二) 可以公开: provide it, or tell how, where and when.
    Granted,
    /// art.37 区分处理: provide the part that can be disclosed, reason the rest.
    PartlyGranted,
    /// art.36(三) 不予公开, with the reason (ground: arts.14–16).
    Withheld,
    /// art.36(四) 经检索没有所申请公开信息: the information does not exist.
    NotExist,
    /// art.36(五) 不属于本机关负责公开: say why and, where known, name the
    /// agency that is responsible and how to reach it.
    NotThisAgency,
    /// art.36(六) 重复申请: not handled again.
    Repeated,
    /// art.36(七) 工商、不动产登记资料等: follow the special law.
    SpecialRegime,
    /// art.38: would need processing or analysis of existing information.
    NoDutyToCreate,
    /// art.30: still unclear after the correction.
    StillUnclear,
    /// art.39 第一款: a petition, complaint or report in the form of a request.
    NotADisclosureRequest,
    /// art.39 第二款: asks for a public publication; tell where to get it.
    Publication,
    /// art.35: volume or frequency clearly beyond reason, reason not accepted.
    Excessive,
    /// Asks the office to confirm or re-issue information already obtained
    /// (a category of the 2021 report format, not an article of the 条例).
    ConfirmOrReissue,
    /// art.30: no correction in time; deemed abandoned.
    CorrectionOverdue,
    /// art.42, 109号: fee not paid in time; deemed abandoned.
    FeeUnpaid,
    /// Anything else, described by staff.
    Other,
}

impl AnswerType {
    pub const ALL: [AnswerType; 17] = [
        AnswerType::AlreadyPublic,
        AnswerType::Granted,
        AnswerType::PartlyGranted,
        AnswerType::Withheld,
        AnswerType::NotExist,
        AnswerType::NotThisAgency,
        AnswerType::Repeated,
        AnswerType::SpecialRegime,
        AnswerType::NoDutyToCreate,
        AnswerType::StillUnclear,
        AnswerType::NotADisclosureRequest,
        AnswerType::Publication,
        AnswerType::Excessive,
        AnswerType::ConfirmOrReissue,
        AnswerType::CorrectionOverdue,
        AnswerType::FeeUnpaid,
        AnswerType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AnswerType::AlreadyPublic => "already_public",
            AnswerType::Granted => "granted",
            AnswerType::PartlyGranted => "partly_granted",
            AnswerType::Withheld => "withheld",
            AnswerType::NotExist => "not_exist",
            AnswerType::NotThisAgency => "not_this_agency",
            AnswerType::Repeated => "repeated",
            AnswerType::SpecialRegime => "special_regime",
            AnswerType::NoDutyToCreate => "no_duty_to_create",
            AnswerType::StillUnclear => "still_unclear",
            AnswerType::NotADisclosureRequest => "not_a_disclosure_request",
            AnswerType::Publication => "publication",
            AnswerType::Excessive => "excessive",
            AnswerType::ConfirmOrReissue => "confirm_or_reissue",
            AnswerType::CorrectionOverdue => "correction_overdue",
            AnswerType::FeeUnpaid => "fee_unpaid",
            AnswerType::Other => "other",
        }
    }

    /// Short name for select boxes and lists.
    pub fn label(self) -> &'static str {
        match self {
            AnswerType::AlreadyPublic => "已主动公开",
            AnswerType::Granted => "予以公开",
            AnswerType::PartlyGranted => "部分公开（区分处理）",
            AnswerType::Withheld => "不予公开",
            AnswerType::NotExist => "信息不存在",
            AnswerType::NotThisAgency => "非本机关负责公开",
            AnswerType::Repeated => "重复申请",
            AnswerType::SpecialRegime => "依照有关法律、行政法规办理（工商、不动产登记资料等）",
            AnswerType::NoDutyToCreate => "需要加工、分析或另行制作",
            AnswerType::StillUnclear => "补正后申请内容仍不明确",
            AnswerType::NotADisclosureRequest => "不作为政府信息公开申请处理（信访、投诉、举报）",
            AnswerType::Publication => "公开出版物",
            AnswerType::Excessive => "数量、频次明显超过合理范围",
            AnswerType::ConfirmOrReissue => "要求确认或重新出具已获取信息",
            AnswerType::CorrectionOverdue => "逾期未补正，视为放弃申请",
            AnswerType::FeeUnpaid => "逾期未缴纳信息处理费，视为放弃申请",
            AnswerType::Other => "其他",
        }
    }

    /// The article of the 条例 the answer rests on, without the statute name.
    pub fn article(self) -> Option<&'static str> {
        Some(match self {
            AnswerType::AlreadyPublic => "第三十六条第（一）项",
            AnswerType::Granted => "第三十六条第（二）项",
            AnswerType::PartlyGranted => "第三十七条",
            AnswerType::Withheld => "第三十六条第（三）项",
            AnswerType::NotExist => "第三十六条第（四）项",
            AnswerType::NotThisAgency => "第三十六条第（五）项",
            AnswerType::Repeated => "第三十六条第（六）项",
            AnswerType::SpecialRegime => "第三十六条第（七）项",
            AnswerType::NoDutyToCreate => "第三十八条",
            AnswerType::StillUnclear | AnswerType::CorrectionOverdue => "第三十条",
            AnswerType::NotADisclosureRequest => "第三十九条第一款",
            AnswerType::Publication => "第三十九条第二款",
            AnswerType::Excessive => "第三十五条",
            AnswerType::FeeUnpaid => "第四十二条",
            AnswerType::ConfirmOrReissue | AnswerType::Other => return None,
        })
    }

    /// A basis outside the 条例, cited after it.
    pub fn other_basis(self) -> Option<&'static str> {
        match self {
            AnswerType::FeeUnpaid => {
                Some("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）")
            }
            _ => None,
        }
    }

    /// The standard sentence the 告知书 opens with; staff add the specifics
    /// (where to get it, the reason, the responsible agency). Empty for
    /// [`AnswerType::Other`], whose text is written by hand.
    pub fn notice_text(self) -> &'static str {
        match self {
            AnswerType::AlreadyPublic => "您申请获取的政府信息已经主动公开，获取的方式和途径如下：",
            AnswerType::Granted => {
                "经审查，您申请获取的政府信息可以公开，现予提供（或告知获取的方式、途径和时间）如下："
            }
            AnswerType::PartlyGranted => {
                "您申请获取的信息中含有不应当公开或者不属于政府信息的内容，经区分处理，现向您提供可以公开的内容；对不予公开的内容，理由如下："
            }
            AnswerType::Withheld => "经审查，您申请获取的政府信息属于不予公开的范围，理由如下：",
            AnswerType::NotExist => "经检索，本机关没有您所申请公开的信息，该政府信息不存在。",
            AnswerType::NotThisAgency => "您所申请公开的信息不属于本机关负责公开，理由如下：",
            AnswerType::Repeated => {
                "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。"
            }
            AnswerType::SpecialRegime => {
                "您所申请公开的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请依照有关法律、行政法规的规定办理。"
            }
            AnswerType::NoDutyToCreate => {
                "您所申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。"
            }
            AnswerType::StillUnclear => "您补正后的申请内容仍不明确，本机关无法提供。",
            AnswerType::NotADisclosureRequest => {
                "您以政府信息公开申请的形式提出信访、投诉、举报等事项，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。"
            }
            AnswerType::Publication => {
                "您申请获取的是政府公报、报刊、书籍等公开出版物，获取的途径如下："
            }
            AnswerType::Excessive => {
                "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，不予处理。"
            }
            AnswerType::ConfirmOrReissue => {
                "您要求本机关确认或重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。"
            }
            AnswerType::CorrectionOverdue => {
                "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"
            }
            AnswerType::FeeUnpaid => {
                "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"
            }
            AnswerType::Other => "",
        }
    }

    /// The Table 三 rows this answer type is counted in.
    pub fn outcomes(self) -> impl Iterator<Item = Outcome> {
        Outcome::ALL
            .into_iter()
            .filter(move |o| o.answer_types().contains(&self))
    }

    pub fn parse(code: &str) -> Result<AnswerType, DisclosureError> {
        AnswerType::ALL
            .into_iter()
            .find(|a| a.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "answer",
                what: "答复类型",
                code: code.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for a in AnswerType::ALL {
            assert_eq!(AnswerType::parse(a.code()).unwrap(), a);
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.code())
            );
        }
    }

    #[test]
    fn withheld_spans_the_grounds_and_the_rest_are_one_row_except_two() {
        let withheld: Vec<_> = AnswerType::Withheld.outcomes().map(Outcome::code).collect();
        assert_eq!(withheld, ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]);
        for a in AnswerType::ALL {
            if a != AnswerType::Withheld {
                assert_eq!(a.outcomes().count(), 1, "{a:?}");
            }
        }
        assert_eq!(
            AnswerType::AlreadyPublic.outcomes().next(),
            Some(Outcome::Disclosed)
        );
        assert_eq!(
            AnswerType::NotThisAgency.outcomes().next(),
            Some(Outcome::UnavailableNotHeld)
        );
    }

    #[test]
    fn every_answer_but_other_has_a_notice_text() {
        for a in AnswerType::ALL {
            assert_eq!(a.notice_text().is_empty(), a == AnswerType::Other, "{a:?}");
        }
        assert!(REMEDIES_NOTICE.contains("60日") && REMEDIES_NOTICE.contains("6个月"));
    }
}
