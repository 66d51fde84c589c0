//! The mediation figures for a period, from the pure `figures` over the cases'
//! own summaries (cases by type and source, success rate, average duration,
//! follow-ups), so the page and the API show the same numbers.
use chrono::NaiveDate;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::mediation::figures::{Figures, figures};
use serde::Serialize;

use super::store;
use crate::error::AppResult;
use crate::kernel::{App, scope_sql};

#[derive(Debug, Clone, Serialize)]
pub struct FigureReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub figures: Figures,
    pub success_rate: String,
    pub average_days: String,
    /// (label, count) in the pure order, zero rows included.
    pub by_type: Vec<(&'static str, u32)>,
    pub by_source: Vec<(&'static str, u32)>,
}

/// Cases applied for in [from, to] in the units the actor may read.
pub async fn figures_for(app: &App, actor: &Actor, from: NaiveDate, to: NaiveDate) -> AppResult<FigureReport> {
    let (cond, params) = scope_sql(&actor.scope(Permission::MediationRead), "o.path", 3);
    let sql = format!("SELECT c.id FROM mediation_case c JOIN org_unit o ON o.id = c.org_id WHERE c.applied_on >= $1 AND c.applied_on <= $2 AND {cond} ORDER BY c.id");
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(from.to_string()).bind(to.to_string());
    for p in &params {
        q = q.bind(p);
    }
    let ids = q.fetch_all(&app.db.pool).await?;
    let mut conn = app.db.pool.acquire().await?;
    let mut summaries = Vec::with_capacity(ids.len());
    for id in ids {
        let row = store::load(&mut conn, id).await?;
        let events = store::events(&mut conn, id).await?;
        summaries.push(store::aggregate(&row, &events)?.summary());
    }
    let f = figures(&summaries);
    Ok(FigureReport {
        from,
        to,
        success_rate: f.success_rate_text(),
        average_days: f.average_days_text(),
        by_type: f.by_type.iter().map(|(t, n)| (t.label(), *n)).collect(),
        by_source: f.by_source.iter().map(|(s, n)| (s.label(), *n)).collect(),
        figures: f,
    })
}
