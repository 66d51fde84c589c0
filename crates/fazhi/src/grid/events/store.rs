//! The stored event: its row, its entries, and the aggregate as their fold.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::grid::event::{Entry, Event, EventCategory, EventSource};
use fazhi_core::grid::{HandlingLevel, Place};
use fazhi_core::org::OrgPath;
use sqlx::AnyConnection;

use crate::db::col;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub grid_path: OrgPath,
    pub community_id: Option<i64>,
    pub town_id: Option<i64>,
    pub building_id: Option<i64>,
    pub category: EventCategory,
    pub source: EventSource,
    pub title: String,
    pub description: String,
    pub location: String,
    pub reported_on: NaiveDate,
    pub reported_at: HandlingLevel,
    pub limit_days: u32,
    pub patrol_id: Option<i64>,
    pub mediation_case_id: Option<i64>,
    pub tracking_code: Option<String>,
    pub secret_hash: Option<String>,
    pub reporter_phone_enc: Option<String>,
    pub reporter_name_enc: Option<String>,
    pub is_demo: bool,
}

impl Row {
    pub fn place(&self) -> Place {
        Place { grid: self.grid_path.clone(), building_id: self.building_id }
    }
}

pub(crate) fn level(code: &str) -> HandlingLevel {
    HandlingLevel::ALL.into_iter().find(|l| l.code() == code).unwrap_or(HandlingLevel::Grid)
}

fn source(code: &str) -> EventSource {
    EventSource::ALL.into_iter().find(|s| s.code() == code).unwrap_or(EventSource::Phone)
}

pub(crate) fn date(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| AppError::internal(format!("bad date {s}: {e}")))
}

pub(crate) const SELECT: &str = "SELECT e.id, e.grid_id, o.name AS grid_name, o.path AS grid_path, o.parent_id AS community_id, o.town_id, e.building_id, e.category, e.source,
    e.title, e.description, e.location, e.reported_on, e.reported_at, e.limit_days, e.patrol_id, e.mediation_case_id, e.tracking_code, e.secret_hash,
    e.reporter_phone_enc, e.reporter_name_enc, CASE WHEN e.is_demo THEN 1 ELSE 0 END AS is_demo
    FROM grid_event e JOIN org_unit o ON o.id = e.grid_id";

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> AppResult<Row> {
    let path: String = col(r, "grid_path")?;
    let category: String = col(r, "category")?;
    let limit: i64 = col(r, "limit_days")?;
    Ok(Row {
        id: col(r, "id")?,
        grid_id: col(r, "grid_id")?,
        grid_name: col(r, "grid_name")?,
        grid_path: OrgPath::parse(&path).ok_or_else(|| AppError::internal("bad org path"))?,
        community_id: col(r, "community_id")?,
        town_id: col(r, "town_id")?,
        building_id: col(r, "building_id")?,
        category: EventCategory::parse(&category)?,
        source: source(&col::<String>(r, "source")?),
        title: col(r, "title")?,
        description: col(r, "description")?,
        location: col(r, "location")?,
        reported_on: date(&col::<String>(r, "reported_on")?)?,
        reported_at: level(&col::<String>(r, "reported_at")?),
        limit_days: u32::try_from(limit).unwrap_or(1),
        patrol_id: col(r, "patrol_id")?,
        mediation_case_id: col(r, "mediation_case_id")?,
        tracking_code: col(r, "tracking_code")?,
        secret_hash: col(r, "secret_hash")?,
        reporter_phone_enc: col(r, "reporter_phone_enc")?,
        reporter_name_enc: col(r, "reporter_name_enc")?,
        is_demo: crate::db::flag(r, "is_demo")?,
    })
}

pub(crate) async fn load(conn: &mut AnyConnection, id: i64) -> AppResult<Row> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await?.ok_or_else(|| DomainError::not_found("网格事件"))?;
    from_row(&r)
}

pub(crate) async fn lock(conn: &mut AnyConnection, id: i64, for_update: &str) -> AppResult<()> {
    let sql = format!("SELECT id FROM grid_event WHERE id = $1{for_update}");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await?;
    Ok(())
}

/// Stored entries with their actor's name (`None` = the system).
pub(crate) async fn entries(conn: &mut AnyConnection, id: i64) -> AppResult<Vec<(Entry, Option<String>)>> {
    let rows = sqlx::query("SELECT x.entry_json, u.display_name FROM grid_event_entry x LEFT JOIN app_user u ON u.id = x.actor_id WHERE x.event_id = $1 ORDER BY x.seq")
        .bind(id)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            let j: String = col(r, "entry_json")?;
            Ok((serde_json::from_str(&j).map_err(AppError::internal)?, col(r, "display_name")?))
        })
        .collect()
}

pub(crate) fn aggregate(row: &Row, entries: &[(Entry, Option<String>)]) -> AppResult<Event> {
    Ok(Event::new(row.category, row.source, row.reported_on, row.reported_at, row.limit_days).restore(entries.iter().map(|e| e.0.clone()))?)
}
