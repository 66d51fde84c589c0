//! The event page's data: facts, the timeline with who did each step, the
//! steps allowed now, the handling clock explained, and the mediation link.
use fazhi_core::access::{Actor, Permission};
use fazhi_core::grid::event::{Action, ActionKind, DispatchTarget, allowed_actions};
use serde::Serialize;

use super::{CLOCK, store};
use crate::db::col;
use crate::error::AppResult;
use crate::grid::{EVENT, scope};
use crate::kernel::App;
use crate::platform::calendar;
use crate::platform::personal::{self, Kind};

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub on: String,
    pub text: String,
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediationLink {
    pub case_id: i64,
    pub code: String,
    pub state: String,
    pub grid_result: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: i64,
    pub title: String,
    pub category: &'static str,
    pub category_code: &'static str,
    pub is_dispute: bool,
    pub source: &'static str,
    pub description: String,
    pub location: String,
    pub grid_id: i64,
    pub grid: String,
    pub building: Option<String>,
    pub reported_on: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub level: &'static str,
    pub limit_days: u32,
    pub handler: Option<String>,
    pub tracking_code: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_named: bool,
    pub patrol_id: Option<i64>,
    pub timeline: Vec<TimelineEntry>,
    /// Action codes the table allows now (without `escalate`, the job's).
    pub allowed: Vec<&'static str>,
    pub escalated_to: Vec<&'static str>,
    pub reworks: usize,
    pub clock_id: Option<i64>,
    pub clock_status: String,
    pub clock_due: Option<String>,
    pub clock_lines: Vec<String>,
    pub late: bool,
    pub mediation: Option<MediationLink>,
    pub is_demo: bool,
}

impl EventView {
    pub fn can(&self, code: &str) -> bool {
        self.allowed.contains(&code)
    }
}

pub(crate) fn target_label(t: &DispatchTarget) -> String {
    match t {
        DispatchTarget::Person { name, .. } => format!("承办人 {name}"),
        DispatchTarget::Office { name, .. } => format!("承办部门 {name}"),
        DispatchTarget::NextLevel => "上一级".into(),
        DispatchTarget::Mediation { .. } => "人民调解委员会".into(),
    }
}

pub(crate) fn entry_text(a: &Action) -> String {
    match a {
        Action::Accept => "受理".into(),
        Action::Decline { reason } => format!("不予受理：{reason}"),
        Action::Dispatch { to: DispatchTarget::NextLevel } => "分拨：报上一级办理".into(),
        Action::Dispatch { to: DispatchTarget::Mediation { .. } } => "分拨：转人民调解".into(),
        Action::Dispatch { to } => format!("分拨：{}", target_label(to)),
        Action::Handle { result } => format!("处置：{result}"),
        Action::Feedback { text } => format!("反馈：{text}"),
        Action::Verify { note } if note.trim().is_empty() => "核查通过".into(),
        Action::Verify { note } => format!("核查通过：{note}"),
        Action::ReturnForRework { reason } => format!("退回重办：{reason}"),
        Action::Close => "办结".into(),
        Action::Escalate { to, breached_on } => format!("超时上报{}（处置期限 {breached_on} 已过）", to.label()),
    }
}

pub async fn staff_view(app: &App, actor: &Actor, id: i64) -> AppResult<EventView> {
    let mut conn = app.db.pool.acquire().await?;
    let row = store::load(&mut conn, id).await?;
    drop(conn);
    scope::require_place(app, actor, Permission::GridRead, &row.place()).await?;
    let mut conn = app.db.pool.acquire().await?;
    let entries = store::entries(&mut conn, id).await?;
    drop(conn);
    let event = store::aggregate(&row, &entries)?;
    let building: Option<String> = match row.building_id {
        Some(b) => sqlx::query_scalar("SELECT name FROM grid_building WHERE id = $1").bind(b).fetch_optional(&app.db.pool).await?,
        None => None,
    };
    let clock = sqlx::query("SELECT id FROM clock WHERE entity = $1 AND entity_id = $2 AND name = $3").bind(EVENT).bind(id.to_string()).bind(CLOCK).fetch_optional(&app.db.pool).await?;
    let (clock_id, clock_status, clock_due, clock_lines) = match clock {
        Some(r) => {
            let cid: i64 = col(&r, "id")?;
            let v = calendar::clock_view(app, cid).await?;
            (Some(cid), v.status, v.due, v.lines)
        }
        None => (None, String::new(), None, Vec::new()),
    };
    let cal = calendar::load(&app.db).await?;
    let late = matches!(fazhi_core::calendar::compute(&event.deadline(), &cal, crate::web::pages::today()).map(|c| c.status), Ok(fazhi_core::calendar::ClockStatus::Overdue { .. }));
    let mediation = match row.mediation_case_id {
        Some(c) => sqlx::query("SELECT id, code, state, grid_result FROM mediation_case WHERE id = $1")
            .bind(c)
            .fetch_optional(&app.db.pool)
            .await?
            .map(|r| -> AppResult<MediationLink> {
                let state: String = col(&r, "state")?;
                let label = fazhi_core::mediation::case::CaseState::ALL.iter().find(|s| s.code() == state).map(|s| s.label().to_string()).unwrap_or(state);
                Ok(MediationLink { case_id: col(&r, "id")?, code: col(&r, "code")?, state: label, grid_result: col(&r, "grid_result")? })
            })
            .transpose()?,
        None => None,
    };
    Ok(EventView {
        id,
        title: row.title.clone(),
        category: row.category.label(),
        category_code: row.category.code(),
        is_dispute: row.category.is_dispute(),
        source: row.source.label(),
        description: row.description.clone(),
        location: row.location.clone(),
        grid_id: row.grid_id,
        grid: row.grid_name.clone(),
        building,
        reported_on: row.reported_on.to_string(),
        state: event.state().label(),
        state_code: event.state().code(),
        level: event.level().label(),
        limit_days: event.limit_days(),
        handler: event.dispatched_to().map(target_label),
        tracking_code: row.tracking_code.clone(),
        reporter_phone: personal::masked(app, Kind::Phone, row.reporter_phone_enc.as_deref()),
        reporter_named: row.reporter_name_enc.is_some(),
        patrol_id: row.patrol_id,
        timeline: entries.iter().map(|(e, by)| TimelineEntry { on: e.on.to_string(), text: entry_text(&e.action), by: by.clone().unwrap_or_else(|| "系统".into()) }).collect(),
        allowed: allowed_actions(event.state()).filter(|k| *k != ActionKind::Escalate).map(|k| k.code()).collect(),
        escalated_to: event.escalated_to().map(|l| l.label()).collect(),
        reworks: event.reworks(),
        clock_id,
        clock_status,
        clock_due,
        clock_lines,
        late,
        mediation,
        is_demo: row.is_demo,
    })
}
