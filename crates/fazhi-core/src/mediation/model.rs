//! Where a mediation case comes from and what the dispute is about.
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// How a case reached the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSource {
    /// 网格事件: a dispute event turned into a case (the event keeps the link).
    GridEvent,
    /// 来访: a party came to the committee (当事人申请, art.17).
    Visit,
    /// 来电.
    Call,
    /// 移交: referred by a court, the police, 信访 or a town office.
    Referral,
    /// 主动调解: the committee took it up itself (art.17 "也可以主动调解";
    /// a source the project adds to the four).
    Initiative,
}

impl CaseSource {
    pub const ALL: [CaseSource; 5] = [CaseSource::GridEvent, CaseSource::Visit, CaseSource::Call, CaseSource::Referral, CaseSource::Initiative];

    pub fn code(self) -> &'static str {
        match self {
            CaseSource::GridEvent => "grid_event",
            CaseSource::Visit => "visit",
            CaseSource::Call => "call",
            CaseSource::Referral => "referral",
            CaseSource::Initiative => "initiative",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseSource::GridEvent => "网格事件",
            CaseSource::Visit => "来访",
            CaseSource::Call => "来电",
            CaseSource::Referral => "移交",
            CaseSource::Initiative => "主动调解",
        }
    }

    pub fn parse(input: &str) -> Result<CaseSource, DomainError> {
        let s = input.trim();
        CaseSource::ALL.into_iter().find(|c| c.code() == s || c.label() == s).ok_or_else(|| DomainError::invalid("source", "请选择案件来源"))
    }
}

/// 纠纷类型. Neither the spec nor the glossary fixes a list; this is the
/// issue's list, which follows the categories of the 司法部 people's-mediation
/// statistics, plus 物业纠纷 and 道路交通事故纠纷 that those statistics also
/// count (\[U\]: the statistical form itself was not checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeType {
    MarriageFamily,
    Neighbour,
    HouseAndHomestead,
    Contract,
    DamageCompensation,
    Labour,
    LandAcquisition,
    ForestAndLand,
    Property,
    TrafficAccident,
    Other,
}

impl DisputeType {
    pub const ALL: [DisputeType; 11] = [
        DisputeType::MarriageFamily,
        DisputeType::Neighbour,
        DisputeType::HouseAndHomestead,
        DisputeType::Contract,
        DisputeType::DamageCompensation,
        DisputeType::Labour,
        DisputeType::LandAcquisition,
        DisputeType::ForestAndLand,
        DisputeType::Property,
        DisputeType::TrafficAccident,
        DisputeType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DisputeType::MarriageFamily => "marriage_family",
            DisputeType::Neighbour => "neighbour",
            DisputeType::HouseAndHomestead => "house_and_homestead",
            DisputeType::Contract => "contract",
            DisputeType::DamageCompensation => "damage_compensation",
            DisputeType::Labour => "labour",
            DisputeType::LandAcquisition => "land_acquisition",
            DisputeType::ForestAndLand => "forest_and_land",
            DisputeType::Property => "property",
            DisputeType::TrafficAccident => "traffic_accident",
            DisputeType::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DisputeType::MarriageFamily => "婚姻家庭纠纷",
            DisputeType::Neighbour => "邻里纠纷",
            DisputeType::HouseAndHomestead => "房屋宅基地纠纷",
            DisputeType::Contract => "合同纠纷",
            DisputeType::DamageCompensation => "损害赔偿纠纷",
            DisputeType::Labour => "劳动争议纠纷",
            DisputeType::LandAcquisition => "征地拆迁纠纷",
            DisputeType::ForestAndLand => "山林土地纠纷",
            DisputeType::Property => "物业纠纷",
            DisputeType::TrafficAccident => "道路交通事故纠纷",
            DisputeType::Other => "其他纠纷",
        }
    }

    pub fn parse(input: &str) -> Result<DisputeType, DomainError> {
        let s = input.trim();
        DisputeType::ALL
            .into_iter()
            .find(|t| t.code() == s || t.label() == s || t.label().trim_end_matches("纠纷") == s)
            .ok_or_else(|| DomainError::invalid("dispute_type", "请选择纠纷类型"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse() {
        for t in DisputeType::ALL {
            assert_eq!(DisputeType::parse(t.code()).unwrap(), t);
            assert_eq!(DisputeType::parse(t.label()).unwrap(), t);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.code()));
        }
        assert_eq!(DisputeType::parse("邻里").unwrap(), DisputeType::Neighbour);
        assert_eq!(DisputeType::parse("劳动争议").unwrap(), DisputeType::Labour);
        for s in CaseSource::ALL {
            assert_eq!(CaseSource::parse(s.label()).unwrap(), s);
        }
        assert!(CaseSource::parse("信件").is_err());
    }
}
