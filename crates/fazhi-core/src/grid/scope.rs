//! Who sees which residents, patrols and events: the grid scope rule.
//!
//! Org grants already cover subtrees (`access::Actor::scope`). The grid adds
//! one finer rule: a 楼栋长 is granted on a grid (buildings are not org
//! units) but sees only the buildings they steward. Every other role with the
//! permission sees its whole subtree, so a grid worker granted on two grids
//! sees exactly those two grids, and a director the whole community.
use serde::Serialize;

use crate::access::{Actor, Permission, Role, Scope};
use crate::org::OrgPath;

/// Where a record lives in the grid: its grid's org path and, for residents
/// and building-level reports, the building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub grid: OrgPath,
    pub building_id: Option<i64>,
}

/// A building a 楼栋长 keeps, as stored beside the grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stewardship {
    pub user_id: i64,
    pub grid: OrgPath,
    pub building_id: i64,
}

/// The places an actor may see or act on for one permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridScope {
    /// Whole subtrees (grid workers, directors, town roles).
    subtrees: Scope,
    /// Single buildings (building stewards), outside `subtrees`.
    buildings: Vec<(OrgPath, i64)>,
}

impl GridScope {
    /// The scope of `actor` for `permission`. Building-steward grants count
    /// only through the actor's stewardship rows that lie inside such a grant,
    /// so a stale row cannot widen the scope, and a steward with no building
    /// sees nothing.
    pub fn of(actor: &Actor, permission: Permission, stewardships: &[Stewardship]) -> GridScope {
        let whole: Vec<OrgPath> = actor
            .grants
            .iter()
            .filter(|g| g.role != Role::BuildingSteward && g.role.permits(permission))
            .map(|g| g.org_path.clone())
            .collect();
        let subtrees = Scope::new(whole);
        let steward_grids: Vec<&OrgPath> = actor
            .grants
            .iter()
            .filter(|g| g.role == Role::BuildingSteward && g.role.permits(permission))
            .map(|g| &g.org_path)
            .collect();
        let mut buildings: Vec<(OrgPath, i64)> = stewardships
            .iter()
            .filter(|s| s.user_id == actor.user_id)
            .filter(|s| steward_grids.iter().any(|g| g.covers(&s.grid)))
            .filter(|s| !subtrees.covers(&s.grid))
            .map(|s| (s.grid.clone(), s.building_id))
            .collect();
        buildings.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
        buildings.dedup();
        GridScope { subtrees, buildings }
    }

    /// Whether a record at `place` is visible (or writable, for a write permission).
    /// A record with no building is only visible through a whole subtree.
    pub fn covers(&self, place: &Place) -> bool {
        self.subtrees.covers(&place.grid)
            || place
                .building_id
                .is_some_and(|b| self.buildings.iter().any(|(g, id)| *g == place.grid && *id == b))
    }

    /// The whole subtrees, for `kernel::scope_sql`.
    pub fn subtrees(&self) -> &Scope {
        &self.subtrees
    }

    /// The single buildings, for an `OR (grid, building) IN (…)` condition.
    pub fn buildings(&self) -> &[(OrgPath, i64)] {
        &self.buildings
    }

    pub fn is_empty(&self) -> bool {
        self.subtrees.is_empty() && self.buildings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use proptest::prelude::*;

    fn actor(id: i64, grants: &[(Role, &OrgPath)]) -> Actor {
        Actor {
            user_id: id,
            username: "u".into(),
            display_name: "u".into(),
            home_org_id: 1,
            grants: grants
                .iter()
                .map(|(r, p)| Grant { role: *r, org_id: p.ids().last().unwrap(), org_path: (*p).clone(), org_name: String::new() })
                .collect(),
        }
    }

    fn place(grid: &OrgPath, building: Option<i64>) -> Place {
        Place { grid: grid.clone(), building_id: building }
    }

    #[test]
    fn each_level_sees_its_own() {
        let community = OrgPath::root(1).child(2).child(3);
        let (g1, g2) = (community.child(10), community.child(11));
        let director = actor(1, &[(Role::CommunityDirector, &community)]);
        let worker = actor(2, &[(Role::GridWorker, &g1)]);
        let steward = actor(3, &[(Role::BuildingSteward, &g1)]);
        let rows = [Stewardship { user_id: 3, grid: g1.clone(), building_id: 100 }];
        let p = Permission::GridRead;
        let d = GridScope::of(&director, p, &rows);
        let w = GridScope::of(&worker, p, &rows);
        let s = GridScope::of(&steward, p, &rows);
        assert!(d.covers(&place(&g1, Some(101))) && d.covers(&place(&g2, None)));
        assert!(w.covers(&place(&g1, Some(101))) && w.covers(&place(&g1, None)));
        assert!(!w.covers(&place(&g2, Some(100))));
        assert!(s.covers(&place(&g1, Some(100))));
        assert!(!s.covers(&place(&g1, Some(101))), "another building of the same grid");
        assert!(!s.covers(&place(&g1, None)), "grid-level records are not the steward's");
        assert!(!s.covers(&place(&g2, Some(100))), "same building id in another grid");
    }

    #[test]
    fn stewardship_rows_do_not_widen_a_scope() {
        let g1 = OrgPath::root(1).child(10);
        let g2 = OrgPath::root(1).child(11);
        let steward = actor(3, &[(Role::BuildingSteward, &g1)]);
        let rows = [
            Stewardship { user_id: 3, grid: g2.clone(), building_id: 5 },
            Stewardship { user_id: 4, grid: g1.clone(), building_id: 6 },
        ];
        let s = GridScope::of(&steward, Permission::GridRead, &rows);
        assert!(s.is_empty());
        assert!(!s.covers(&place(&g2, Some(5))) && !s.covers(&place(&g1, Some(6))));
    }

    #[test]
    fn a_steward_cannot_write_residents() {
        let g1 = OrgPath::root(1).child(10);
        let steward = actor(3, &[(Role::BuildingSteward, &g1)]);
        let rows = [Stewardship { user_id: 3, grid: g1.clone(), building_id: 5 }];
        assert!(GridScope::of(&steward, Permission::ResidentEdit, &rows).is_empty());
    }

    proptest! {
        /// For non-steward roles the grid scope is exactly the org scope.
        #[test]
        fn whole_subtree_roles_agree_with_the_org_scope(grids in proptest::collection::vec(1i64..6, 0..4), target in 1i64..6, building in proptest::option::of(1i64..4)) {
            let root = OrgPath::root(1);
            let paths: Vec<OrgPath> = grids.iter().map(|g| root.child(*g)).collect();
            let who = actor(9, &paths.iter().map(|p| (Role::GridWorker, p)).collect::<Vec<_>>());
            let t = root.child(target).child(target);
            let scope = GridScope::of(&who, Permission::GridRead, &[]);
            prop_assert_eq!(scope.covers(&place(&t, building)), who.can(Permission::GridRead, &t));
        }
    }
}
