//! The periodic escalation: an event past its limit is reported up the
//! ladder (网格 → 村（社区）→ 镇综治中心) exactly once per rung
//! (`fazhi_core::grid::event::escalations_due`), recorded as an entry and a
//! to-do for the receiving level. The event row is locked and the entries
//! re-read inside the write, so concurrent or repeated runs add nothing.
use chrono::NaiveDate;
use fazhi_core::access::Permission;
use fazhi_core::grid::HandlingLevel;
use fazhi_core::grid::event::{Action, escalations_due};

use super::{TODO_ESCALATED, console_url, store};
use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::grid::{EVENT, MODULE};
use crate::kernel::{App, Change, Write, load_org};
use crate::platform::{calendar, todo};

/// Records the escalations due on `today`; returns how many were recorded.
pub async fn escalate_due(app: &App, today: NaiveDate) -> AppResult<usize> {
    let cal = calendar::load(&app.db).await?;
    let ids: Vec<i64> = sqlx::query("SELECT id FROM grid_event WHERE state IN ('reported', 'accepted', 'dispatched') ORDER BY id")
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| col(r, "id"))
        .collect::<Result<_, _>>()?;
    let mut system = None;
    let mut recorded = 0;
    for id in ids {
        // A cheap look first, outside any write.
        let (row, due) = {
            let mut conn = app.db.pool.acquire().await?;
            let row = store::load(&mut conn, id).await?;
            let entries = store::entries(&mut conn, id).await?;
            let event = store::aggregate(&row, &entries)?;
            match escalations_due(&event, today, &cal) {
                Ok(d) => (row, d),
                Err(e) => {
                    tracing::warn!("grid event {id}: {e}");
                    continue;
                }
            }
        };
        if due.is_empty() {
            continue;
        }
        if system.is_none() {
            system = Some(crate::grid::patrols::system(app).await?);
        }
        let actor = system.as_ref().ok_or_else(|| AppError::internal("no system actor"))?;
        let grid = load_org(app, row.grid_id).await?;
        let mut w = Write::begin(app, actor, Permission::EventDispatch, &grid).await?;
        store::lock(w.conn(), id, app.db.for_update()).await?;
        let entries = store::entries(w.conn(), id).await?;
        let mut event = store::aggregate(&row, &entries)?;
        let due = escalations_due(&event, today, &cal).map_err(|e| AppError::internal(e.to_string()))?;
        if due.is_empty() {
            continue; // another run recorded them meanwhile; the write rolls back
        }
        let key = id.to_string();
        let mut seq = entries.len() as i64;
        for x in due {
            let on = event.entries().last().map_or(today, |l| l.on.max(today));
            let action = Action::Escalate { to: x.to, breached_on: x.breached_on };
            event.apply(on, action)?;
            let entry = event.entries().last().cloned().ok_or_else(|| AppError::internal("escalation not recorded"))?;
            seq += 1;
            sqlx::query("INSERT INTO grid_event_entry (event_id, seq, on_date, entry_json, actor_id, created_at) VALUES ($1, $2, $3, $4, NULL, $5)")
                .bind(id)
                .bind(seq)
                .bind(on.to_string())
                .bind(serde_json::to_string(&entry).map_err(AppError::internal)?)
                .bind(now_text())
                .execute(w.conn())
                .await?;
            let org = match x.to {
                HandlingLevel::Grid => row.grid_id,
                HandlingLevel::Community => row.community_id.unwrap_or(row.grid_id),
                HandlingLevel::Town => row.town_id.unwrap_or(row.grid_id),
            };
            let title = x.title(&format!("{}（{}，{}）", row.title, row.category.label(), row.grid_name));
            let detail = format!("处置期限已过仍未处置，按网格事件逐级上报规则报{}督办（第 {} 次上报）。", x.to.label(), x.stage);
            let url = console_url(id);
            todo::open_in(
                &mut w,
                org,
                todo::TodoSpec { module: MODULE, kind: TODO_ESCALATED, title: &title, detail: Some(&detail), url: Some(&url), entity: Some((EVENT, &key)), assignee_id: None, clock_id: None, due_date: None },
            )
            .await?;
            w.record(Change::action("transition:escalate", EVENT, id, &serde_json::json!({"entry": entry, "stage": x.stage})));
            recorded += 1;
        }
        sqlx::query("UPDATE grid_event SET updated_at = $1 WHERE id = $2").bind(now_text()).bind(id).execute(w.conn()).await?;
        w.commit().await?;
    }
    Ok(recorded)
}
