use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use fazhi_core::DomainError;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::audit_log::{self, AuditFilter};
use crate::platform::search::{self, Audience};
use crate::platform::{calendar, orgs, todo};
use crate::web::pages::today;
use crate::web::{ApiError, CurrentUser};

type ApiResult = Result<Json<serde_json::Value>, ApiError>;

fn bad_query(e: axum::extract::rejection::QueryRejection) -> ApiError {
    ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into())
}

#[derive(Deserialize)]
pub struct AuditQuery {
    entity: Option<String>,
    entity_id: Option<String>,
    before: Option<i64>,
    limit: Option<i64>,
}

pub async fn audit(State(app): State<App>, CurrentUser(auth): CurrentUser, q: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let page = audit_log::list(&app, &auth.actor, &AuditFilter { entity: q.entity, entity_id: q.entity_id, before: q.before, limit: q.limit.unwrap_or(50) }).await?;
    Ok(Json(serde_json::json!({"items": page.rows, "next_before": page.next_before})))
}

pub async fn orgs(State(app): State<App>, CurrentUser(auth): CurrentUser) -> ApiResult {
    Ok(Json(serde_json::json!({"items": orgs::list_in_scope(&app, &auth.actor).await?})))
}

/// One unit; outside the caller's scope the answer is 403.
pub async fn org(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    let org = crate::kernel::load_org(&app, id).await?;
    auth.actor.require(fazhi_core::access::Permission::OrgRead, &org.path)?;
    Ok(Json(serde_json::to_value(&org).map_err(crate::error::AppError::internal)?))
}

#[derive(Deserialize)]
pub struct TodoQuery {
    all: Option<bool>,
}

pub async fn todos(State(app): State<App>, CurrentUser(auth): CurrentUser, q: Result<Query<TodoQuery>, axum::extract::rejection::QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let items = todo::list_open(&app, &auth.actor, today(), q.all.unwrap_or(false), 500).await?;
    Ok(Json(serde_json::json!({"items": items})))
}

#[derive(Deserialize)]
pub struct AssignBody {
    org_id: i64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    due_date: String,
    #[serde(default)]
    due_workdays: Option<u32>,
    assignee_id: Option<i64>,
}

pub async fn assign(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<AssignBody>, axum::extract::rejection::JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(|e| DomainError::invalid("body", format!("请求体不是有效的 JSON：{}", e.body_text())))?;
    let id = todo::assign(&app, &auth.actor, todo::NewAssignment { org_id: b.org_id, title: &b.title, detail: &b.detail, due_date: &b.due_date, due_workdays: &b.due_workdays.map(|n| n.to_string()).unwrap_or_default(), assignee_id: b.assignee_id }).await?;
    Ok(Json(serde_json::json!({"id": id})))
}

pub async fn done(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    todo::complete(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "done"})))
}

#[derive(Deserialize)]
pub struct AddWorkdays {
    start: String,
    days: u32,
}

/// The deadline engine as a service: due date plus the explanation.
pub async fn add_workdays(State(app): State<App>, q: Result<Query<AddWorkdays>, axum::extract::rejection::QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let start = NaiveDate::parse_from_str(&q.start, "%Y-%m-%d").map_err(|_| DomainError::invalid("start", "「起算日期」格式应为 2024-02-08"))?;
    let r = calendar::explain_workdays(&app, start, q.days).await?;
    Ok(Json(r))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: String,
}

pub async fn search(State(app): State<App>, CurrentUser(auth): CurrentUser, q: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let hits = search::search(&app, Audience::Staff(&auth.actor), &q.q, 100).await?;
    Ok(Json(serde_json::json!({"items": hits})))
}
