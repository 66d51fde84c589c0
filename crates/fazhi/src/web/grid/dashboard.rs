//! `/console/grid`: patrol coverage by day for the last working days (rest
//! days shown as 休息日), open events by state and overdue, and the way into
//! the register, the import, events and patrols.
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use fazhi_core::access::Permission;
use fazhi_core::grid::event::EventState;
use fazhi_core::grid::patrol::Cell;

use crate::db::col;
use crate::error::AppError;
use crate::grid::{patrols, scope};
use crate::kernel::App;
use crate::web::pages::{Nav, render, today};
use crate::web::{CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new().route("/console/grid", get(home))
}

/// Working days shown in the coverage table.
const DAYS: usize = 10;

struct DayRow {
    date: String,
    weekday: &'static str,
    rest: bool,
    cells: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "grid/dashboard.html")]
struct Page {
    nav: Nav,
    grids: Vec<(i64, String)>,
    days: Vec<DayRow>,
    states: Vec<(&'static str, &'static str, i64)>,
    open: i64,
    overdue: i64,
    can_patrol: bool,
    can_report: bool,
    can_limits: bool,
    can_residents: bool,
}

fn weekday(d: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    ["一", "二", "三", "四", "五", "六", "日"][d.weekday().num_days_from_monday() as usize]
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::GridRead)?;
    let grids = patrols::grids_in_scope(&app, &auth.actor, Permission::GridRead).await?;
    let t = today();
    let table = patrols::coverage_for(&app, &grids, t, DAYS).await?;
    let days: Vec<DayRow> = table
        .iter()
        .rev()
        .map(|row| {
            let rest = row.kind.is_some_and(|k| !k.is_working());
            DayRow {
                date: row.date.format("%m-%d").to_string(),
                weekday: weekday(row.date),
                rest,
                cells: row
                    .cells
                    .iter()
                    .map(|(_, c)| match c {
                        Cell::Patrolled { patrols } => ("ok", format!("✓ 已巡查{}", if *patrols > 1 { format!(" {patrols} 次") } else { String::new() })),
                        Cell::Missed if row.date == t => ("", "今日待巡查".into()),
                        Cell::Missed => ("bad", "✗ 未巡查".into()),
                        Cell::NotRequired => ("", "休息日".into()),
                        Cell::Unknown => ("", "日历未载入".into()),
                    })
                    .collect(),
            }
        })
        .collect();
    // Open events by state and overdue, within the grid scope (楼栋长: their buildings).
    let (cond, params) = scope::scope_condition(&auth.actor, Permission::GridRead, "o.path", "e.building_id", 2);
    let sql = format!(
        "SELECT e.state, COUNT(*) AS n, SUM(CASE WHEN k.due_date < $1 AND k.stopped_at IS NULL THEN 1 ELSE 0 END) AS late
         FROM grid_event e JOIN org_unit o ON o.id = e.grid_id
         LEFT JOIN clock k ON k.entity = 'grid_event' AND k.entity_id = CAST(e.id AS TEXT) AND k.name = '处置期限'
         WHERE {cond} GROUP BY e.state"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(t.to_string());
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await.map_err(AppError::from)?;
    let mut states: Vec<(&'static str, &'static str, i64)> = EventState::ALL.iter().map(|s| (s.code(), s.label(), 0)).collect();
    let (mut open, mut overdue) = (0, 0);
    for r in &rows {
        let s: String = col(r, "state").map_err(AppError::from)?;
        let n: i64 = col(r, "n").map_err(AppError::from)?;
        let late: Option<i64> = col(r, "late").map_err(AppError::from)?;
        if let Some(x) = states.iter_mut().find(|x| x.0 == s) {
            x.2 = n;
        }
        if s != EventState::Closed.code() {
            open += n;
            overdue += late.unwrap_or(0);
        }
    }
    render(Page {
        nav: Nav::new(&auth, "grid"),
        grids,
        days,
        states,
        open,
        overdue,
        can_patrol: auth.actor.has(Permission::PatrolRecord),
        can_report: auth.actor.has(Permission::EventReport),
        can_limits: auth.actor.grants.iter().any(|g| g.role.permits(Permission::EventDispatch) && fazhi_core::grid::GridLevel::of_role(g.role).is_none()),
        can_residents: auth.actor.has(Permission::GridRead),
    })
}
