//! Buildings (楼栋, 三级网格), their 楼栋长 and households (户).
//!
//! A building belongs to a grid (an org unit of kind `grid`); a 楼栋长 is a
//! user holding a `building_steward` grant on that grid, appointed to one or
//! more of its buildings (`grid_steward`, what `grid::scope` reads). A
//! household is a door number in a building, stored encrypted with a blind
//! index (`residents::seal_door`), found or created when a resident is
//! registered or moves in.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission, Role};
use fazhi_core::grid::Place;
use fazhi_core::org::OrgKind;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_org};

use super::{BUILDING, scope};

/// One building of a grid as the grid page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct BuildingView {
    pub id: i64,
    pub name: String,
    /// (user id, display name) of its 楼栋长.
    pub stewards: Vec<(i64, String)>,
    pub residents: i64,
}

/// A user who may be appointed 楼栋长 of the grid's buildings.
#[derive(Debug, Clone, Serialize)]
pub struct StewardCandidate {
    pub user_id: i64,
    pub name: String,
}

/// The grid org unit `grid_id`, refused unless it is a grid.
pub async fn grid_org(app: &App, grid_id: i64) -> AppResult<OrgRef> {
    let org = load_org(app, grid_id).await.map_err(|_| AppError::from(DomainError::invalid("grid_id", "「网格」不存在")))?;
    if org.kind != OrgKind::Grid {
        return Err(DomainError::invalid("grid_id", format!("「{}」不是网格，请选择一个网格", org.name)).into());
    }
    Ok(org)
}

/// The grids (id, name) where the actor holds `perm` (whole subtrees only:
/// a 楼栋长 never chooses a grid).
pub async fn grids_for(app: &App, actor: &Actor, perm: Permission) -> AppResult<Vec<(i64, String)>> {
    let gs = scope::scope_of(app, actor, perm).await?;
    let (cond, params) = crate::kernel::scope_sql(gs.subtrees(), "o.path", 1);
    let sql = format!("SELECT o.id, o.name FROM org_unit o WHERE o.kind = 'grid' AND {cond} ORDER BY o.path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    rows.iter().map(|r| Ok((col(r, "id")?, col(r, "name")?))).collect()
}

/// The buildings of a grid the actor may see (a 楼栋长: only theirs), with
/// their stewards and number of residents.
pub async fn buildings_of(app: &App, actor: &Actor, grid: &OrgRef) -> AppResult<Vec<BuildingView>> {
    let gs = scope::scope_of(app, actor, Permission::GridRead).await?;
    let rows = sqlx::query(
        "SELECT b.id, b.name, (SELECT COUNT(*) FROM grid_resident r WHERE r.building_id = b.id AND r.active = TRUE) AS n \
         FROM grid_building b WHERE b.grid_id = $1 ORDER BY b.id",
    )
    .bind(grid.id)
    .fetch_all(&app.db.pool)
    .await?;
    let stewards = sqlx::query(
        "SELECT s.building_id, u.id, u.display_name FROM grid_steward s JOIN grid_building b ON b.id = s.building_id \
         JOIN app_user u ON u.id = s.user_id WHERE b.grid_id = $1 ORDER BY u.display_name",
    )
    .bind(grid.id)
    .fetch_all(&app.db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = col(r, "id")?;
        if !gs.covers(&Place { grid: grid.path.clone(), building_id: Some(id) }) {
            continue;
        }
        let mut sv = Vec::new();
        for s in &stewards {
            if col::<i64>(s, "building_id")? == id {
                sv.push((col(s, "id")?, col(s, "display_name")?));
            }
        }
        out.push(BuildingView { id, name: col(r, "name")?, stewards: sv, residents: col(r, "n")? });
    }
    Ok(out)
}

/// Users with a 楼栋长 grant on this grid.
pub async fn steward_candidates(app: &App, grid: &OrgRef) -> AppResult<Vec<StewardCandidate>> {
    let rows = sqlx::query("SELECT u.id, u.display_name FROM role_grant g JOIN app_user u ON u.id = g.user_id WHERE g.role = $1 AND g.org_id = $2 ORDER BY u.display_name")
        .bind(Role::BuildingSteward.code())
        .bind(grid.id)
        .fetch_all(&app.db.pool)
        .await?;
    rows.iter().map(|r| Ok(StewardCandidate { user_id: col(r, "id")?, name: col(r, "display_name")? })).collect()
}

fn building_name(input: &str) -> AppResult<String> {
    let name: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() {
        return Err(DomainError::invalid("building", "「楼栋」不能为空，如 3栋").into());
    }
    if name.chars().count() > 30 {
        return Err(DomainError::invalid("building", "「楼栋」不能超过30字").into());
    }
    Ok(name)
}

/// The building `name` of the grid, created (and audited) when missing.
/// Names are compared without spaces ("3 栋" = "3栋").
pub async fn building_in(w: &mut Write<'_>, grid_id: i64, name: &str) -> AppResult<i64> {
    let name = building_name(name)?;
    if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM grid_building WHERE grid_id = $1 AND name = $2").bind(grid_id).bind(&name).fetch_optional(w.conn()).await? {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO grid_building (grid_id, name, is_demo, created_at) VALUES ($1, $2, FALSE, $3) RETURNING id")
        .bind(grid_id)
        .bind(&name)
        .bind(now_text())
        .fetch_one(w.conn())
        .await?;
    w.record(Change::create(BUILDING, id, &serde_json::json!({"grid_id": grid_id, "name": name})));
    Ok(id)
}

/// The household at `door` of the building, created when missing. The door
/// is found by its blind index and stored encrypted (`residents::seal_door`).
pub async fn household_in(app: &App, conn: &mut AnyConnection, building_id: i64, door: &str) -> AppResult<i64> {
    let (door_enc, door_idx) = super::residents::seal_door(app, door);
    if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM grid_household WHERE building_id = $1 AND door_idx = $2").bind(building_id).bind(&door_idx).fetch_optional(&mut *conn).await? {
        return Ok(id);
    }
    Ok(sqlx::query_scalar("INSERT INTO grid_household (building_id, door_enc, door_idx, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(building_id)
        .bind(door_enc)
        .bind(door_idx)
        .bind(now_text())
        .fetch_one(&mut *conn)
        .await?)
}

/// Adds a building to a grid (director, grid worker, town: `ResidentEdit`).
pub async fn create_building(app: &App, actor: &Actor, grid_id: i64, name: &str) -> AppResult<i64> {
    let grid = grid_org(app, grid_id).await?;
    let name = building_name(name)?;
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &grid).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM grid_building WHERE grid_id = $1 AND name = $2").bind(grid.id).bind(&name).fetch_optional(w.conn()).await?;
    if exists.is_some() {
        return Err(DomainError::conflict(format!("本网格已有「{name}」，楼栋名称不能重复")).into());
    }
    let id = building_in(&mut w, grid.id, &name).await?;
    w.commit().await?;
    Ok(id)
}

/// The building's grid (404 when missing).
pub async fn building_grid(app: &App, building_id: i64) -> AppResult<(OrgRef, String)> {
    let r = sqlx::query("SELECT grid_id, name FROM grid_building WHERE id = $1")
        .bind(building_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("楼栋"))?;
    Ok((load_org(app, col(&r, "grid_id")?).await?, col(&r, "name")?))
}

/// Appoints a 楼栋长: the user must hold a 楼栋长 grant on the building's grid.
pub async fn appoint_steward(app: &App, actor: &Actor, building_id: i64, user_id: i64, on: &str) -> AppResult<()> {
    let (grid, name) = building_grid(app, building_id).await?;
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &grid).await?;
    let granted: Option<i64> = sqlx::query_scalar("SELECT id FROM role_grant WHERE user_id = $1 AND role = $2 AND org_id = $3")
        .bind(user_id)
        .bind(Role::BuildingSteward.code())
        .bind(grid.id)
        .fetch_optional(w.conn())
        .await?;
    if granted.is_none() {
        return Err(DomainError::invalid("user_id", format!("该用户没有「{}」的楼栋长角色，请先在用户管理中授予", grid.name)).into());
    }
    let already: Option<i64> = sqlx::query_scalar("SELECT user_id FROM grid_steward WHERE building_id = $1 AND user_id = $2").bind(building_id).bind(user_id).fetch_optional(w.conn()).await?;
    if already.is_some() {
        return Err(DomainError::conflict(format!("该用户已是「{name}」的楼栋长")).into());
    }
    sqlx::query("INSERT INTO grid_steward (building_id, user_id, appointed_on) VALUES ($1, $2, $3)").bind(building_id).bind(user_id).bind(on).execute(w.conn()).await?;
    w.record(Change::action("appoint_steward", BUILDING, building_id, &serde_json::json!({"user_id": user_id, "building": name, "on": on})));
    w.commit().await
}

/// Removes a 楼栋长 from a building.
pub async fn remove_steward(app: &App, actor: &Actor, building_id: i64, user_id: i64) -> AppResult<()> {
    let (grid, name) = building_grid(app, building_id).await?;
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &grid).await?;
    let n = sqlx::query("DELETE FROM grid_steward WHERE building_id = $1 AND user_id = $2").bind(building_id).bind(user_id).execute(w.conn()).await?.rows_affected();
    if n == 0 {
        return Err(DomainError::not_found("楼栋长").into());
    }
    w.record(Change::action("remove_steward", BUILDING, building_id, &serde_json::json!({"user_id": user_id, "building": name})));
    w.commit().await
}

/// Demo buildings of 西联镇's grids (1栋…6栋 in 西联社区, 村民小组 in the
/// villages) and the demo 楼栋长 appointed to 1栋 of 西联社区第一网格.
pub const DEMO_BUILDINGS: &[(&str, &[&str])] = &[
    ("440203103-01-01", &["1栋", "2栋", "3栋", "4栋", "5栋", "6栋"]),
    ("440203103-01-02", &["7栋", "8栋", "9栋", "10栋"]),
    ("440203103-01-03", &["11栋", "12栋", "13栋"]),
    ("440203103-02-01", &["上村村民小组", "下村村民小组", "新屋村民小组"]),
    ("440203103-03-01", &["岭头村民小组", "岭背村民小组"]),
];

/// The demo 楼栋长 and their building.
pub const DEMO_STEWARD: (&str, &str, &str) = ("xilian-steward", "440203103-01-01", "1栋");

/// Demo data of this part (see `grid::demo`).
pub async fn demo(app: &App) -> AppResult<()> {
    let mut tx = app.db.begin_write().await?;
    let t = now_text();
    for (code, names) in DEMO_BUILDINGS {
        let grid_id: i64 = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(*code).fetch_one(&mut **tx).await?;
        for name in *names {
            sqlx::query("INSERT INTO grid_building (grid_id, name, is_demo, created_at) VALUES ($1, $2, TRUE, $3)").bind(grid_id).bind(*name).bind(&t).execute(&mut **tx).await?;
        }
    }
    let (user, code, building) = DEMO_STEWARD;
    let user_id: Option<i64> = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(user).fetch_optional(&mut **tx).await?;
    if let Some(user_id) = user_id {
        let building_id: i64 = sqlx::query_scalar("SELECT b.id FROM grid_building b JOIN org_unit o ON o.id = b.grid_id WHERE o.code = $1 AND b.name = $2")
            .bind(code)
            .bind(building)
            .fetch_one(&mut **tx)
            .await?;
        sqlx::query("INSERT INTO grid_steward (building_id, user_id, appointed_on) VALUES ($1, $2, $3)")
            .bind(building_id)
            .bind(user_id)
            .bind(crate::web::pages::today().to_string())
            .execute(&mut **tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
