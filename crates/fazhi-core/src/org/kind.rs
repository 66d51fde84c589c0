use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Level of an org unit. The order is the tree's order: a child is always one of
/// the levels below its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Province,
    City,
    District,
    Town,
    Community,
    Grid,
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        OrgKind::Province,
        OrgKind::City,
        OrgKind::District,
        OrgKind::Town,
        OrgKind::Community,
        OrgKind::Grid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Province => "province",
            OrgKind::City => "city",
            OrgKind::District => "district",
            OrgKind::Town => "town",
            OrgKind::Community => "community",
            OrgKind::Grid => "grid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Province => "省",
            OrgKind::City => "市",
            OrgKind::District => "区（县）",
            OrgKind::Town => "镇（街道）",
            OrgKind::Community => "村（社区）",
            OrgKind::Grid => "网格",
        }
    }

    pub fn parse(code: &str) -> Result<OrgKind, DomainError> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.code() == code || k.label() == code)
            .ok_or_else(|| DomainError::invalid("kind", "单位层级不存在"))
    }

    /// A child may sit one or more levels below its parent (a city may run a
    /// unit directly), never at or above it.
    pub fn may_contain(self, child: OrgKind) -> bool {
        child > self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_nest_downwards_only() {
        assert!(OrgKind::Town.may_contain(OrgKind::Community));
        assert!(OrgKind::Town.may_contain(OrgKind::Grid));
        assert!(!OrgKind::Town.may_contain(OrgKind::Town));
        assert!(!OrgKind::Grid.may_contain(OrgKind::Town));
    }

    #[test]
    fn parses_code_and_label() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.code()).unwrap(), k);
            assert_eq!(OrgKind::parse(k.label()).unwrap(), k);
        }
        assert!(OrgKind::parse("乡").is_err());
    }
}
