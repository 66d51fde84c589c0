//! The resident's side: a report on the portal (no account; rate-limited per
//! address; tracking code + secret shown once) and the tracking page (status
//! in public words, dates — no personal data, no staff names). A failed
//! look-up says nothing about whether the code exists; failures are
//! rate-limited per code and per address. The attempts share the portal's
//! attempt log (`disclosure_request_attempt`) under their own kinds.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Grant, Permission, Role};
use fazhi_core::grid::event::{Action, DispatchTarget, EventSource, ReportInput, validate_report};
use fazhi_core::tracking::{normalize_code, normalize_secret};
use serde::{Deserialize, Serialize};

use super::service::{Created, NewEvent, report_in};
use super::store;
use crate::error::AppResult;
use crate::platform::rate_limit::{attempts, note_attempt};
use crate::kernel::{App, OrgRef, Write};

/// Reports allowed per address per hour.
pub const SUBMISSIONS_PER_HOUR: i64 = 5;
const FAILURES_PER_CODE: i64 = 5;
const FAILURES_PER_IP: i64 = 20;
const FAILURE_WINDOW_MINUTES: i64 = 15;
const KIND_SUBMIT: &str = "grid_submit";
const KIND_TRACK_FAIL: &str = "grid_track_fail";




/// The portal form (and the public API body).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PublicReport {
    /// The town's code (API only; the portal has it in the path).
    #[serde(default)]
    pub town: String,
    #[serde(default, deserialize_with = "loose")]
    pub grid_id: Option<i64>,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

fn loose<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum L {
        N(i64),
        S(String),
    }
    Ok(match Option::<L>::deserialize(d)? {
        Some(L::N(n)) => Some(n),
        Some(L::S(s)) => s.trim().parse().ok(),
        None => None,
    })
}

/// The actor of a public report: it writes the event into the town's audit
/// chain, and exists only inside this call.
fn public_actor(grid: &OrgRef) -> Actor {
    Actor {
        user_id: 0,
        username: "public".into(),
        display_name: "群众（网上报告）".into(),
        home_org_id: grid.id,
        grants: vec![Grant { role: Role::GridWorker, org_id: grid.id, org_path: grid.path.clone(), org_name: grid.name.clone() }],
    }
}

/// A resident reports a problem on the portal of town `town_code`.
pub async fn submit_public(app: &App, town_code: &str, f: &PublicReport, ip: &str) -> AppResult<Created> {
    let town = crate::disclosure::town_by_code(app, town_code.trim()).await?;
    let grid = crate::grid::patrols::grid_org(app, f.grid_id).await?;
    if grid.town_id != Some(town.id) {
        return Err(DomainError::invalid("grid_id", format!("请选择{}的村（社区）网格", town.name)).into());
    }
    let input = ReportInput { category: f.category.clone(), description: f.description.clone(), location: f.location.clone(), phone: f.phone.clone(), photos: 0 };
    let r = validate_report(&input, EventSource::Portal)?;
    let name = fazhi_core::form::optional_text("name", "您的姓名", &f.name, 50)?;
    if attempts(app, KIND_SUBMIT, "ip", ip, 60).await? >= SUBMISSIONS_PER_HOUR {
        return Err(DomainError::TooMany { message: format!("同一网络地址每小时最多报告 {SUBMISSIONS_PER_HOUR} 件事情，请稍后再试，或拨打村（社区）电话反映") }.into());
    }
    let actor = public_actor(&grid);
    let mut w = Write::begin(app, &actor, Permission::EventReport, &grid).await?;
    let c = report_in(&mut w, &grid, &NewEvent { source: EventSource::Portal, report: r, building_id: None, patrol_id: None, reporter_name: name, reported_on: crate::web::pages::today() }).await?;
    w.commit().await?;
    note_attempt(app, KIND_SUBMIT, c.tracking_code.as_deref(), ip).await?;
    Ok(c)
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicStep {
    pub on: String,
    pub text: String,
}

/// What the reporter reads: no names, no phones, no internal notes.
#[derive(Debug, Clone, Serialize)]
pub struct PublicStatus {
    pub code: String,
    pub category: &'static str,
    pub location: String,
    pub reported_on: String,
    pub status: &'static str,
    pub closed: bool,
    pub steps: Vec<PublicStep>,
}

fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn public_text(a: &Action) -> Option<String> {
    Some(match a {
        Action::Accept => "已受理".into(),
        Action::Decline { reason } => format!("不予受理：{reason}"),
        Action::Dispatch { to: DispatchTarget::Mediation { .. } } => "已转人民调解委员会调解".into(),
        Action::Dispatch { to: DispatchTarget::NextLevel } => "已报上一级办理".into(),
        Action::Dispatch { .. } => "已分派办理".into(),
        Action::Handle { .. } => "已处置".into(),
        Action::Feedback { text } => format!("处置情况反馈：{text}"),
        Action::Verify { .. } => "已现场核查".into(),
        Action::ReturnForRework { .. } => "核查未通过，正在重新办理".into(),
        Action::Close => "已办结".into(),
        Action::Escalate { .. } => "办理超过时限，已报上级督办".into(),
    })
}

/// Looks an event up for its reporter. `town_code` limits the look-up to one
/// town (the portal); the API passes `None`.
pub async fn track(app: &App, town_code: Option<&str>, code: &str, secret: &str, ip: &str) -> AppResult<PublicStatus> {
    let code = normalize_code(code);
    if code.is_empty() || code.len() > 40 {
        return Err(DomainError::invalid("code", "请填写「查询编号」").into());
    }
    if attempts(app, KIND_TRACK_FAIL, "code", &code, FAILURE_WINDOW_MINUTES).await? >= FAILURES_PER_CODE
        || attempts(app, KIND_TRACK_FAIL, "ip", ip, FAILURE_WINDOW_MINUTES).await? >= FAILURES_PER_IP
    {
        return Err(DomainError::TooMany { message: format!("查询失败次数过多，请 {FAILURE_WINDOW_MINUTES} 分钟后再试") }.into());
    }
    let id: Option<i64> = match town_code {
        Some(t) => sqlx::query_scalar("SELECT e.id FROM grid_event e JOIN org_unit o ON o.id = e.grid_id JOIN org_unit t ON t.id = o.town_id WHERE e.tracking_code = $1 AND t.code = $2")
            .bind(&code)
            .bind(t)
            .fetch_optional(&app.db.pool)
            .await?,
        None => sqlx::query_scalar("SELECT id FROM grid_event WHERE tracking_code = $1").bind(&code).fetch_optional(&app.db.pool).await?,
    };
    let mut conn = app.db.pool.acquire().await?;
    let row = match id {
        Some(id) => Some(store::load(&mut conn, id).await?),
        None => None,
    };
    let dummy = "0".repeat(64);
    let s = normalize_secret(secret);
    let ok = !s.is_empty() & same(&fazhi_crypto::token_hash(&s), row.as_ref().and_then(|r| r.secret_hash.as_deref()).unwrap_or(dummy.as_str()));
    let row = match (ok, row) {
        (true, Some(r)) => r,
        _ => {
            drop(conn);
            note_attempt(app, KIND_TRACK_FAIL, Some(&code), ip).await?;
            return Err(DomainError::forbidden("查询编号与查询密码不匹配，请核对后重试").into());
        }
    };
    let entries = store::entries(&mut conn, row.id).await?;
    drop(conn);
    let event = store::aggregate(&row, &entries)?;
    Ok(PublicStatus {
        code,
        category: row.category.label(),
        location: row.location.clone(),
        reported_on: row.reported_on.to_string(),
        status: event.state().public_label(),
        closed: event.closed_on().is_some(),
        steps: event.entries().iter().filter_map(|e| public_text(&e.action).map(|text| PublicStep { on: e.on.to_string(), text })).collect(),
    })
}
