//! The three grid levels of the seed (居委会主任——社区工作人员——楼栋长)
//! and the escalation ladder events climb when a time limit passes.
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::org::OrgKind;

/// Who works at which level (spec §10). L1 is the top of the grid system
/// inside a community; the town (镇综治中心) sits above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridLevel {
    /// 一级网格: the community/village, led by the 居委会主任.
    Community,
    /// 二级网格: a grid, kept by a 社区工作人员（网格员）.
    Grid,
    /// 三级网格: a building, kept by a 楼栋长.
    Building,
}

impl GridLevel {
    pub const ALL: [GridLevel; 3] = [GridLevel::Community, GridLevel::Grid, GridLevel::Building];

    pub fn code(self) -> &'static str {
        match self {
            GridLevel::Community => "community",
            GridLevel::Grid => "grid",
            GridLevel::Building => "building",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GridLevel::Community => "一级网格（村居）",
            GridLevel::Grid => "二级网格",
            GridLevel::Building => "三级网格（楼栋）",
        }
    }

    /// The role that keeps this level.
    pub fn role(self) -> Role {
        match self {
            GridLevel::Community => Role::CommunityDirector,
            GridLevel::Grid => Role::GridWorker,
            GridLevel::Building => Role::BuildingSteward,
        }
    }

    /// The level a grid role works at; `None` for town and district roles.
    pub fn of_role(role: Role) -> Option<GridLevel> {
        GridLevel::ALL.into_iter().find(|l| l.role() == role)
    }
}

/// Where an event sits or is escalated to: the grid levels that handle
/// events, then the town (镇综治中心). Buildings report, they do not handle,
/// so the ladder starts at the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlingLevel {
    /// 网格: the grid worker.
    Grid,
    /// 村（社区）: the community committee director.
    Community,
    /// 镇（街道）: the town's 综治中心.
    Town,
}

impl HandlingLevel {
    pub const ALL: [HandlingLevel; 3] = [HandlingLevel::Grid, HandlingLevel::Community, HandlingLevel::Town];

    pub fn code(self) -> &'static str {
        match self {
            HandlingLevel::Grid => "grid",
            HandlingLevel::Community => "community",
            HandlingLevel::Town => "town",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HandlingLevel::Grid => "网格",
            HandlingLevel::Community => "村（社区）",
            HandlingLevel::Town => "镇综治中心",
        }
    }

    /// The next rung up; `None` at the town (county departments are reached
    /// by dispatch to an office, not by escalation).
    pub fn up(self) -> Option<HandlingLevel> {
        match self {
            HandlingLevel::Grid => Some(HandlingLevel::Community),
            HandlingLevel::Community => Some(HandlingLevel::Town),
            HandlingLevel::Town => None,
        }
    }

    /// The org level whose unit receives items at this rung.
    pub fn org_kind(self) -> OrgKind {
        match self {
            HandlingLevel::Grid => OrgKind::Grid,
            HandlingLevel::Community => OrgKind::Community,
            HandlingLevel::Town => OrgKind::Town,
        }
    }

    /// The rungs above `self`, nearest first.
    pub fn above(self) -> impl Iterator<Item = HandlingLevel> {
        std::iter::successors(self.up(), |l| l.up())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_levels_match_the_seed() {
        assert_eq!(GridLevel::of_role(Role::CommunityDirector), Some(GridLevel::Community));
        assert_eq!(GridLevel::of_role(Role::GridWorker), Some(GridLevel::Grid));
        assert_eq!(GridLevel::of_role(Role::BuildingSteward), Some(GridLevel::Building));
        assert_eq!(GridLevel::of_role(Role::TownOffice), None);
    }

    #[test]
    fn the_ladder_climbs_grid_community_town() {
        assert_eq!(HandlingLevel::Grid.above().collect::<Vec<_>>(), vec![HandlingLevel::Community, HandlingLevel::Town]);
        assert_eq!(HandlingLevel::Town.above().count(), 0);
        assert!(HandlingLevel::Grid < HandlingLevel::Town);
    }
}
