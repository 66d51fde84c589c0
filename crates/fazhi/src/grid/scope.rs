//! The grid scope on the server: who sees which residents, patrols and
//! events (rule: `fazhi_core::grid::GridScope`). Org grants cover subtrees;
//! a 楼栋长's grant counts only for the buildings they are appointed to
//! (`grid_steward`). Every grid read and write goes through here, never
//! through `Actor::can` alone (which would let a steward see the whole grid).
use fazhi_core::access::{Actor, Permission, Role, Scope};
use fazhi_core::grid::{GridScope, Place, Stewardship};
use fazhi_core::org::OrgPath;

use crate::db::col;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, scope_sql};

/// The actor's stewardship rows (building → grid path).
pub async fn stewardships(app: &App, user_id: i64) -> AppResult<Vec<Stewardship>> {
    let rows = sqlx::query(
        "SELECT s.building_id, o.path FROM grid_steward s JOIN grid_building b ON b.id = s.building_id \
         JOIN org_unit o ON o.id = b.grid_id WHERE s.user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&app.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let path: String = col(r, "path")?;
            Ok(Stewardship {
                user_id,
                grid: OrgPath::parse(&path).ok_or_else(|| AppError::internal(format!("org path {path}")))?,
                building_id: col(r, "building_id")?,
            })
        })
        .collect()
}

/// The places `actor` may see (or change, for a write permission).
pub async fn scope_of(app: &App, actor: &Actor, perm: Permission) -> AppResult<GridScope> {
    let rows = if actor.has_role(Role::BuildingSteward) { stewardships(app, actor.user_id).await? } else { Vec::new() };
    Ok(GridScope::of(actor, perm, &rows))
}

/// Refuses (403, naming the permission) unless `place` is in the actor's grid scope.
pub async fn require_place(app: &App, actor: &Actor, perm: Permission, place: &Place) -> AppResult<()> {
    if scope_of(app, actor, perm).await?.covers(place) {
        Ok(())
    } else {
        Err(fazhi_core::DomainError::forbidden(format!("您没有该网格（楼栋）「{}」的权限", perm.label())).into())
    }
}

/// SQL condition for lists: rows whose grid path (`path_col`) lies in a
/// whole-subtree grant, or whose building (`building_col`) the actor stewards
/// inside a steward grant. Binds start at `$first`; ids are integers.
pub fn scope_condition(actor: &Actor, perm: Permission, path_col: &str, building_col: &str, first: usize) -> (String, Vec<String>) {
    let whole = GridScope::of(actor, perm, &[]);
    let (mut sql, mut binds) = scope_sql(whole.subtrees(), path_col, first);
    let steward_grids: Vec<OrgPath> = actor
        .grants
        .iter()
        .filter(|g| g.role == Role::BuildingSteward && g.role.permits(perm))
        .map(|g| g.org_path.clone())
        .collect();
    if !steward_grids.is_empty() && !building_col.is_empty() {
        let (grids, more) = scope_sql(&Scope::new(steward_grids), path_col, first + binds.len());
        sql = format!(
            "({sql} OR ({grids} AND {building_col} IN (SELECT gs.building_id FROM grid_steward gs WHERE gs.user_id = {})))",
            actor.user_id
        );
        binds.extend(more);
    }
    (sql, binds)
}
