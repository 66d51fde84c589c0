//! The six event categories, their time limits, and where a report came from.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// The seed's six grid work lines: "从矛盾邻里纠纷调处、环境卫生、消防安全、
/// 计划生育（流动人口管理）、便民服务和治安联防6项开展网格化工作".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventCategory {
    Dispute,
    Sanitation,
    FireSafety,
    FamilyPlanning,
    ConvenienceService,
    PublicSecurity,
}

impl EventCategory {
    pub const ALL: [EventCategory; 6] = [
        EventCategory::Dispute,
        EventCategory::Sanitation,
        EventCategory::FireSafety,
        EventCategory::FamilyPlanning,
        EventCategory::ConvenienceService,
        EventCategory::PublicSecurity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventCategory::Dispute => "dispute",
            EventCategory::Sanitation => "sanitation",
            EventCategory::FireSafety => "fire_safety",
            EventCategory::FamilyPlanning => "family_planning",
            EventCategory::ConvenienceService => "convenience_service",
            EventCategory::PublicSecurity => "public_security",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventCategory::Dispute => "矛盾邻里纠纷调处",
            EventCategory::Sanitation => "环境卫生",
            EventCategory::FireSafety => "消防安全",
            EventCategory::FamilyPlanning => "计划生育（流动人口管理）",
            EventCategory::ConvenienceService => "便民服务",
            EventCategory::PublicSecurity => "治安联防",
        }
    }

    pub fn parse(input: &str) -> Result<EventCategory, DomainError> {
        let s = input.trim();
        EventCategory::ALL
            .into_iter()
            .find(|c| c.code() == s || c.label() == s)
            .ok_or_else(|| DomainError::invalid("category", "请选择事件类别"))
    }

    /// Default handling limit in working days, counted from the report day.
    /// The seed and the statutes set none (spec §10 \[L\]); these are the
    /// project's choice, to be configured per town: a fire hazard is handled
    /// the next working day, a public-security matter within two, sanitation
    /// within three, the rest within five (a dispute that needs mediation
    /// leaves this clock and runs on the mediation's own target).
    pub fn default_limit(self) -> u32 {
        match self {
            EventCategory::FireSafety => 1,
            EventCategory::PublicSecurity => 2,
            EventCategory::Sanitation => 3,
            EventCategory::Dispute | EventCategory::FamilyPlanning | EventCategory::ConvenienceService => 5,
        }
    }

    /// Only disputes may be handed to people's mediation.
    pub fn is_dispute(self) -> bool {
        self == EventCategory::Dispute
    }
}

/// The per-town table of limits; missing categories use the default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Limits {
    days: BTreeMap<EventCategory, u32>,
}

impl Limits {
    /// The range a town may configure.
    pub const RANGE: std::ops::RangeInclusive<u32> = 1..=60;

    pub fn get(&self, category: EventCategory) -> u32 {
        self.days.get(&category).copied().unwrap_or_else(|| category.default_limit())
    }

    pub fn set(&mut self, category: EventCategory, days: u32) -> Result<(), DomainError> {
        if !Self::RANGE.contains(&days) {
            return Err(DomainError::invalid(
                category.code(),
                format!("「{}」的处置时限应为 {} 到 {} 个工作日", category.label(), Self::RANGE.start(), Self::RANGE.end()),
            ));
        }
        self.days.insert(category, days);
        Ok(())
    }
}

/// How an event reached the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    /// 巡查发现: found on a patrol by the grid worker.
    Patrol,
    /// 群众网上报告: a resident's report on the portal.
    Portal,
    /// 电话: a call taken by staff.
    Phone,
}

impl EventSource {
    pub const ALL: [EventSource; 3] = [EventSource::Patrol, EventSource::Portal, EventSource::Phone];

    pub fn code(self) -> &'static str {
        match self {
            EventSource::Patrol => "patrol",
            EventSource::Portal => "portal",
            EventSource::Phone => "phone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventSource::Patrol => "巡查发现",
            EventSource::Portal => "群众网上报告",
            EventSource::Phone => "电话",
        }
    }

    /// A resident reported it, so they get a tracking code
    /// ([`crate::tracking::Series::GridEvent`]) to follow it.
    pub fn gets_tracking_code(self) -> bool {
        matches!(self, EventSource::Portal | EventSource::Phone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_seeds_six_lines() {
        let labels: Vec<_> = EventCategory::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(labels, vec!["矛盾邻里纠纷调处", "环境卫生", "消防安全", "计划生育（流动人口管理）", "便民服务", "治安联防"]);
        for c in EventCategory::ALL {
            assert_eq!(EventCategory::parse(c.code()).unwrap(), c);
            assert_eq!(EventCategory::parse(c.label()).unwrap(), c);
        }
    }

    #[test]
    fn limits_default_and_configure() {
        let mut limits = Limits::default();
        assert_eq!(limits.get(EventCategory::FireSafety), 1);
        limits.set(EventCategory::FireSafety, 2).unwrap();
        assert_eq!(limits.get(EventCategory::FireSafety), 2);
        let e = limits.set(EventCategory::Sanitation, 0).unwrap_err();
        assert_eq!(e.to_string(), "「环境卫生」的处置时限应为 1 到 60 个工作日");
    }

    #[test]
    fn residents_get_codes() {
        assert!(!EventSource::Patrol.gets_tracking_code());
        assert!(EventSource::Portal.gets_tracking_code() && EventSource::Phone.gets_tracking_code());
    }
}
