//! 公开属性 of a proactive-catalogue item: decided (and reasoned) when the
//! document is made, so the 保密审查 and the annual report can rely on it.
use serde::{Deserialize, Serialize};

use super::{Outcome, filled};
use crate::disclosure::DisclosureError;

/// Why information is not disclosed (条例 arts.14–16). Each ground is one
/// 不予公开 row of Table 三, so a request for a withheld item is counted under
/// the same reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithholdGround {
    /// art.14 依法确定为国家秘密
    StateSecret,
    /// art.14 法律、行政法规禁止公开
    ProhibitedByLaw,
    /// art.14 公开后可能危及国家安全、公共安全、经济安全、社会稳定
    SecurityAndStability,
    /// art.15 商业秘密、个人隐私等，公开会损害第三方合法权益
    ThirdPartyRights,
    /// art.16 第一款 内部事务信息
    InternalAffairs,
    /// art.16 第二款 过程性信息
    ProcessInformation,
    /// art.16 第二款 行政执法案卷信息
    EnforcementFile,
}

impl WithholdGround {
    pub const ALL: [WithholdGround; 7] = [
        WithholdGround::StateSecret,
        WithholdGround::ProhibitedByLaw,
        WithholdGround::SecurityAndStability,
        WithholdGround::ThirdPartyRights,
        WithholdGround::InternalAffairs,
        WithholdGround::ProcessInformation,
        WithholdGround::EnforcementFile,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WithholdGround::StateSecret => "state_secret",
            WithholdGround::ProhibitedByLaw => "prohibited_by_law",
            WithholdGround::SecurityAndStability => "security_and_stability",
            WithholdGround::ThirdPartyRights => "third_party_rights",
            WithholdGround::InternalAffairs => "internal_affairs",
            WithholdGround::ProcessInformation => "process_information",
            WithholdGround::EnforcementFile => "enforcement_file",
        }
    }

    /// The ground in the 条例's words.
    pub fn label(self) -> &'static str {
        match self {
            WithholdGround::StateSecret => "依法确定为国家秘密",
            WithholdGround::ProhibitedByLaw => "法律、行政法规禁止公开",
            WithholdGround::SecurityAndStability => {
                "公开后可能危及国家安全、公共安全、经济安全、社会稳定"
            }
            WithholdGround::ThirdPartyRights => {
                "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"
            }
            WithholdGround::InternalAffairs => "内部事务信息（人事管理、后勤管理、内部工作流程等）",
            WithholdGround::ProcessInformation => {
                "过程性信息（讨论记录、过程稿、磋商信函、请示报告等）"
            }
            WithholdGround::EnforcementFile => "行政执法案卷信息",
        }
    }

    /// The article, e.g. "第十六条第二款".
    pub fn article(self) -> &'static str {
        match self {
            WithholdGround::StateSecret
            | WithholdGround::ProhibitedByLaw
            | WithholdGround::SecurityAndStability => "第十四条",
            WithholdGround::ThirdPartyRights => "第十五条",
            WithholdGround::InternalAffairs => "第十六条第一款",
            WithholdGround::ProcessInformation | WithholdGround::EnforcementFile => {
                "第十六条第二款"
            }
        }
    }

    /// The Table 三 row (3.1–3.7) a request refused on this ground is counted in.
    pub fn outcome(self) -> Outcome {
        match self {
            WithholdGround::StateSecret => Outcome::WithheldStateSecret,
            WithholdGround::ProhibitedByLaw => Outcome::WithheldProhibitedByLaw,
            WithholdGround::SecurityAndStability => Outcome::WithheldSecurityAndStability,
            WithholdGround::ThirdPartyRights => Outcome::WithheldThirdPartyRights,
            WithholdGround::InternalAffairs => Outcome::WithheldInternalAffairs,
            WithholdGround::ProcessInformation => Outcome::WithheldProcessInformation,
            WithholdGround::EnforcementFile => Outcome::WithheldEnforcementFile,
        }
    }

    pub fn parse(code: &str) -> Result<WithholdGround, DisclosureError> {
        WithholdGround::ALL
            .into_iter()
            .find(|g| g.code() == code.trim())
            .ok_or_else(|| DisclosureError::UnknownCode {
                field: "withhold_ground",
                what: "不予公开理由",
                code: code.to_string(),
            })
    }
}

/// 公开属性. Anything not proactively published carries a written reason
/// (公开为常态、不公开为例外, art.5): 不予公开 names its art.14–16 ground and
/// explains how the item falls under it; 依申请公开 explains why the item is
/// not of the art.19 kind that must be published proactively.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Publicity {
    /// 主动公开
    Proactive,
    /// 依申请公开
    OnRequest { reason: String },
    /// 不予公开
    Withheld {
        ground: WithholdGround,
        reason: String,
    },
}

impl Publicity {
    pub fn code(&self) -> &'static str {
        match self {
            Publicity::Proactive => "proactive",
            Publicity::OnRequest { .. } => "on_request",
            Publicity::Withheld { .. } => "withheld",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Publicity::Proactive => "主动公开",
            Publicity::OnRequest { .. } => "依申请公开",
            Publicity::Withheld { .. } => "不予公开",
        }
    }

    /// The reason as printed next to the attribute; `None` for 主动公开.
    pub fn reason_text(&self) -> Option<String> {
        match self {
            Publicity::Proactive => None,
            Publicity::OnRequest { reason } => Some(reason.clone()),
            Publicity::Withheld { ground, reason } => Some(format!(
                "依据《中华人民共和国政府信息公开条例》{}，属于{}：{}",
                ground.article(),
                ground.label(),
                reason
            )),
        }
    }

    /// Builds the attribute from form fields (codes as in [`Publicity::code`]
    /// and [`WithholdGround::code`]); the reason is trimmed and required
    /// unless the item is 主动公开.
    pub fn from_form(
        code: &str,
        ground: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Publicity, DisclosureError> {
        let reason = || {
            filled(reason)
                .map(str::to_string)
                .ok_or(DisclosureError::missing("publicity_reason", "不公开理由"))
        };
        match code.trim() {
            "proactive" => Ok(Publicity::Proactive),
            "on_request" => Ok(Publicity::OnRequest { reason: reason()? }),
            "withheld" => {
                let ground = filled(ground)
                    .ok_or(DisclosureError::missing("withhold_ground", "不予公开依据"))
                    .and_then(WithholdGround::parse)?;
                Ok(Publicity::Withheld {
                    ground,
                    reason: reason()?,
                })
            }
            other => Err(DisclosureError::UnknownCode {
                field: "publicity",
                what: "公开属性",
                code: other.to_string(),
            }),
        }
    }

    /// Checks a value built in code or loaded from storage.
    pub fn validate(&self) -> Result<(), DisclosureError> {
        match self {
            Publicity::Proactive => Ok(()),
            Publicity::OnRequest { reason } | Publicity::Withheld { reason, .. } => {
                filled(Some(reason))
                    .map(|_| ())
                    .ok_or(DisclosureError::missing("publicity_reason", "不公开理由"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_public_needs_a_reason_and_withheld_a_ground() {
        assert_eq!(
            Publicity::from_form("proactive", None, None).unwrap(),
            Publicity::Proactive
        );
        assert_eq!(
            Publicity::from_form("on_request", None, Some("  ")).unwrap_err(),
            DisclosureError::missing("publicity_reason", "不公开理由")
        );
        assert_eq!(
            Publicity::from_form("withheld", None, Some("会议纪要讨论稿")).unwrap_err(),
            DisclosureError::missing("withhold_ground", "不予公开依据")
        );
        let p = Publicity::from_form(
            "withheld",
            Some("process_information"),
            Some(" 会议讨论稿 "),
        )
        .unwrap();
        assert_eq!(
            p,
            Publicity::Withheld {
                ground: WithholdGround::ProcessInformation,
                reason: "会议讨论稿".into()
            }
        );
        assert_eq!(
            p.reason_text().unwrap(),
            "依据《中华人民共和国政府信息公开条例》第十六条第二款，属于过程性信息（讨论记录、过程稿、磋商信函、请示报告等）：会议讨论稿"
        );
        assert!(Publicity::from_form("secret", None, None).is_err());
        assert!(
            Publicity::OnRequest {
                reason: String::new()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn grounds_map_onto_the_withheld_rows_in_order() {
        let codes: Vec<_> = WithholdGround::ALL
            .iter()
            .map(|g| g.outcome().code())
            .collect();
        assert_eq!(codes, ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]);
        for g in WithholdGround::ALL {
            assert_eq!(WithholdGround::parse(g.code()).unwrap(), g);
            // The ground's article is the one the row cites.
            assert!(
                g.outcome().ground().unwrap().starts_with(g.article()),
                "{g:?}"
            );
        }
    }

    #[test]
    fn serializes_with_a_kind_tag() {
        let p = Publicity::OnRequest {
            reason: "仅涉及特定对象".into(),
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"kind":"on_request","reason":"仅涉及特定对象"}"#);
        assert_eq!(serde_json::from_str::<Publicity>(&json).unwrap(), p);
    }
}
