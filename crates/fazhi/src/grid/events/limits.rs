//! The per-town table of handling limits (working days per category). A
//! category without a row uses `EventCategory::default_limit`.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::grid::event::{EventCategory, Limits};
use fazhi_core::org::OrgKind;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::{col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org};

#[derive(Debug, Clone, Serialize)]
pub struct LimitRow {
    pub code: &'static str,
    pub label: &'static str,
    pub days: u32,
    pub default_days: u32,
}

pub(crate) async fn load_in(conn: &mut AnyConnection, town_id: Option<i64>) -> AppResult<Limits> {
    let mut limits = Limits::default();
    let Some(town) = town_id else { return Ok(limits) };
    let rows = sqlx::query("SELECT category, days FROM grid_event_limit WHERE org_id = $1").bind(town).fetch_all(conn).await?;
    for r in rows {
        let c: String = col(&r, "category")?;
        let d: i64 = col(&r, "days")?;
        if let (Ok(c), Ok(d)) = (EventCategory::parse(&c), u32::try_from(d)) {
            limits.set(c, d).ok();
        }
    }
    Ok(limits)
}

/// The town's table, row per category.
pub async fn limits_for(app: &App, town_id: i64) -> AppResult<Vec<LimitRow>> {
    let mut conn = app.db.pool.acquire().await?;
    let l = load_in(&mut conn, Some(town_id)).await?;
    Ok(EventCategory::ALL.iter().map(|c| LimitRow { code: c.code(), label: c.label(), days: l.get(*c), default_days: c.default_limit() }).collect())
}

/// Saves the table (EventDispatch at the town). `values` are (category code, days as typed).
pub async fn save_limits(app: &App, actor: &Actor, town_id: i64, values: &[(String, String)]) -> AppResult<()> {
    let town = load_org(app, town_id).await.map_err(|_| DomainError::invalid("town_id", "「镇（街道）」不存在"))?;
    if town.kind != OrgKind::Town {
        return Err(DomainError::invalid("town_id", "处置时限按镇（街道）设置").into());
    }
    let mut limits = Limits::default();
    for (code, days) in values {
        let c = EventCategory::parse(code)?;
        let n = fazhi_core::form::integer(c.code(), &format!("{}处置时限", c.label()), days, 1, 60)?;
        limits.set(c, n as u32)?;
    }
    let mut w = Write::begin(app, actor, Permission::EventDispatch, &town).await?;
    let before = load_in(w.conn(), Some(town.id)).await?;
    for c in EventCategory::ALL {
        sqlx::query(
            "INSERT INTO grid_event_limit (org_id, category, days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (org_id, category) DO UPDATE SET days = excluded.days, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(town.id)
        .bind(c.code())
        .bind(i64::from(limits.get(c)))
        .bind(actor.user_id)
        .bind(now_text())
        .execute(w.conn())
        .await?;
    }
    w.record(Change::update("grid_event_limit", town.id, &before, &limits));
    w.commit().await?;
    Ok(())
}
