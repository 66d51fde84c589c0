use serde::Serialize;

use super::{Permission, Role};
use crate::DomainError;
use crate::org::OrgPath;

/// A role granted on one org unit; it covers the unit's subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub org_id: i64,
    pub org_path: OrgPath,
    pub org_name: String,
}

/// The signed-in user with every grant they hold: what the kernel checks against.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    /// 0 for the system itself (demo loader, migrations), never a real user.
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub home_org_id: i64,
    pub grants: Vec<Grant>,
}

/// The org subtrees in which an actor holds one permission. Queries are built
/// from a Scope, so a list can only ever show rows inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope {
    paths: Vec<OrgPath>,
}

impl Scope {
    /// Keeps only the topmost paths: a subtree inside another adds nothing.
    pub fn new(mut paths: Vec<OrgPath>) -> Scope {
        paths.sort_by_key(|p| p.depth());
        let mut kept: Vec<OrgPath> = Vec::new();
        for p in paths {
            if !kept.iter().any(|k| k.covers(&p)) {
                kept.push(p);
            }
        }
        Scope { paths: kept }
    }
    pub fn paths(&self) -> &[OrgPath] {
        &self.paths
    }
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
    pub fn covers(&self, target: &OrgPath) -> bool {
        self.paths.iter().any(|p| p.covers(target))
    }
}

impl Actor {
    pub fn system(root: OrgPath, root_id: i64) -> Actor {
        Actor {
            user_id: 0,
            username: "system".into(),
            display_name: "系统".into(),
            home_org_id: root_id,
            grants: vec![Grant { role: Role::SystemAdmin, org_id: root_id, org_path: root, org_name: "系统".into() }],
        }
    }

    pub fn can(&self, p: Permission, target: &OrgPath) -> bool {
        self.grants.iter().any(|g| g.role.permits(p) && g.org_path.covers(target))
    }

    pub fn require(&self, p: Permission, target: &OrgPath) -> Result<(), DomainError> {
        if self.can(p, target) {
            Ok(())
        } else {
            Err(DomainError::forbidden(format!("您没有在该单位「{}」的权限", p.label())))
        }
    }

    /// Holds the permission somewhere (menus, system-wide tables such as the calendar).
    pub fn has(&self, p: Permission) -> bool {
        self.grants.iter().any(|g| g.role.permits(p))
    }

    pub fn require_anywhere(&self, p: Permission) -> Result<(), DomainError> {
        if self.has(p) { Ok(()) } else { Err(DomainError::forbidden(format!("您没有「{}」的权限", p.label()))) }
    }

    pub fn has_role(&self, r: Role) -> bool {
        self.grants.iter().any(|g| g.role == r)
    }

    pub fn scope(&self, p: Permission) -> Scope {
        Scope::new(self.grants.iter().filter(|g| g.role.permits(p)).map(|g| g.org_path.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(grants: &[(Role, &OrgPath)]) -> Actor {
        Actor {
            user_id: 7,
            username: "u".into(),
            display_name: "u".into(),
            home_org_id: 1,
            grants: grants
                .iter()
                .map(|(r, p)| Grant { role: *r, org_id: p.ids().last().unwrap(), org_path: (*p).clone(), org_name: String::new() })
                .collect(),
        }
    }

    #[test]
    fn town_office_stays_in_its_town() {
        let district = OrgPath::root(1).child(2);
        let xilian = district.child(3);
        let longgui = district.child(4);
        let office = actor(&[(Role::TownOffice, &xilian)]);
        assert!(office.can(Permission::TodoAssign, &xilian.child(9)));
        assert!(!office.can(Permission::TodoAssign, &longgui));
        assert!(!office.can(Permission::OrgRead, &district));
        let sup = actor(&[(Role::DistrictSupervisor, &district)]);
        assert!(sup.can(Permission::TodoAssign, &longgui));
        assert!(!sup.can(Permission::OrgManage, &longgui));
    }

    #[test]
    fn scope_keeps_topmost_paths() {
        let a = OrgPath::root(1).child(2);
        let b = a.child(3);
        let c = OrgPath::root(1).child(5);
        let s = Scope::new(vec![b.clone(), a.clone(), c.clone()]);
        assert_eq!(s.paths(), &[a, c]);
    }

    proptest! {
        /// Scope-based filtering and the per-record check never disagree.
        #[test]
        fn scope_agrees_with_can(ids in proptest::collection::vec((1i64..6, 1i64..6), 0..4), target in (1i64..6, 1i64..6, 1i64..6)) {
            let root = OrgPath::root(1);
            let paths: Vec<OrgPath> = ids.iter().map(|(a, b)| root.child(*a).child(*b)).collect();
            let grants: Vec<(Role, &OrgPath)> = paths.iter().map(|p| (Role::TownOffice, p)).collect();
            let who = actor(&grants);
            let t = root.child(target.0).child(target.1).child(target.2);
            prop_assert_eq!(who.scope(Permission::OrgRead).covers(&t), who.can(Permission::OrgRead, &t));
        }
    }
}
