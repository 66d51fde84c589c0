//! JSON API of 合法性审查 (bearer token, or session + CSRF like every API write):
//!
//! - `POST /legal-reviews` → 201 `{id, due_date, working_days, state}`
//! - `GET /legal-reviews` (scoped; `state`, `subject_kind`, `subject_id`, `before`, `limit`)
//! - `GET /legal-reviews/{id}` (scoped; 404 outside the caller's units)
//! - `POST /legal-reviews/{id}/opinion`, `POST /legal-reviews/{id}/response`
//! - `GET /legal-reviews/figures`
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::legal_review::{Conclusion, RawAnswer, SubjectKind};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::kernel::App;
use crate::legal_review::service::{self, NewOpinion, NewReview};
use crate::legal_review::{figures, store};
use crate::web::{ApiError, CurrentUser};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/legal-reviews", get(list).post(create))
        .route("/legal-reviews/figures", get(figures_json))
        .route("/legal-reviews/{id}", get(one))
        .route("/legal-reviews/{id}/opinion", post(opinion))
        .route("/legal-reviews/{id}/response", post(response))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| ApiError(DomainError::invalid("body", format!("请求体不是有效的 JSON：{}", e.body_text())).into()))
}

#[derive(Deserialize)]
struct Create {
    org_id: Option<i64>,
    #[serde(default)]
    subject_kind: String,
    subject_id: Option<i64>,
    #[serde(default)]
    subject_title: String,
    #[serde(default)]
    materials: String,
    #[serde(default)]
    questions: String,
    due_date: Option<String>,
    adviser_id: Option<i64>,
    reviewer_id: Option<i64>,
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, b: Result<Json<Create>, JsonRejection>) -> Result<Response, ApiError> {
    let c = body(b)?;
    let kind = SubjectKind::parse(&c.subject_kind)?;
    let org_id = c.org_id.ok_or_else(|| DomainError::invalid("org_id", "请填写「org_id」（提请单位）"))?;
    let due: Option<NaiveDate> = match c.due_date.as_deref() {
        Some(s) => fazhi_core::form::optional_date("due_date", "审查期限", s)?,
        None => None,
    };
    let input = NewReview {
        subject_id: c.subject_id,
        materials: &c.materials,
        due_date: due,
        adviser_id: c.adviser_id,
        reviewer_id: c.reviewer_id,
        ..NewReview::new(org_id, kind, &c.subject_title, &c.questions)
    };
    let id = service::request(&app, &auth.actor, input).await?;
    let v = store::get(&app, &auth.actor, id).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id, "due_date": v.due_date, "working_days": v.working_days, "state": v.state, "submitted_on": v.submitted_on}))).into_response())
}

fn item(v: &store::ReviewView) -> Value {
    json!({
        "id": v.id, "org_id": v.org_id, "org": v.org_name,
        "subject_kind": v.subject_kind, "subject_kind_label": v.subject_kind.label(), "subject_id": v.subject_id, "subject_title": v.subject_title,
        "materials": v.materials, "questions": v.questions,
        "requested_by": v.requester_name, "requested_at": v.requested_at, "submitted_on": v.submitted_on,
        "working_days": v.working_days, "due_date": v.due_date,
        "state": v.state, "state_label": v.state.label(),
        "adviser_id": v.adviser_id, "adviser": v.adviser_name, "reviewer_id": v.reviewer_id, "reviewer": v.reviewer_name,
        "conclusion": v.conclusion, "conclusion_label": v.conclusion.map(|c| c.label()),
        "reasons": v.reasons, "articles": v.articles, "opined_by": v.opiner_name, "opined_at": v.opined_at, "opined_on": v.opined_on, "on_time": v.on_time,
        "responded_at": v.responded_at, "withdrawn_at": v.withdrawn_at, "withdraw_reason": v.withdraw_reason,
        "points": v.points,
    })
}

async fn list(State(app): State<App>, CurrentUser(auth): CurrentUser, q: Result<Query<store::ListQuery>, QueryRejection>) -> Result<Json<Value>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into()))?;
    let rows = store::list(&app, &auth.actor, &q).await?;
    let next = rows.last().map(|r| r.id);
    Ok(Json(json!({"items": rows.iter().map(item).collect::<Vec<_>>(), "next_before": next})))
}

async fn one(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Json<Value>, ApiError> {
    Ok(Json(item(&store::get(&app, &auth.actor, id).await?)))
}

#[derive(Deserialize)]
struct OpinionBody {
    #[serde(default)]
    conclusion: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    articles: String,
    #[serde(default)]
    points: Vec<String>,
}

async fn opinion(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, b: Result<Json<OpinionBody>, JsonRejection>) -> Result<Json<Value>, ApiError> {
    let o = body(b)?;
    let conclusion = Conclusion::parse(&o.conclusion)?;
    let points = o.points.iter().map(String::as_str).collect();
    service::opine(&app, &auth.actor, id, NewOpinion { conclusion, reasons: &o.reasons, articles: &o.articles, points, at: None }).await?;
    Ok(Json(item(&store::get(&app, &auth.actor, id).await?)))
}

#[derive(Deserialize)]
struct Answer {
    adopted: Option<bool>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
struct ResponseBody {
    #[serde(default)]
    answers: Vec<Answer>,
}

async fn response(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, b: Result<Json<ResponseBody>, JsonRejection>) -> Result<Json<Value>, ApiError> {
    let r = body(b)?;
    let raw: Vec<RawAnswer> = r.answers.iter().map(|a| RawAnswer { adopted: a.adopted, note: &a.note }).collect();
    service::respond(&app, &auth.actor, id, &raw, None).await?;
    Ok(Json(item(&store::get(&app, &auth.actor, id).await?)))
}

async fn figures_json(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Json<figures::Figures>, ApiError> {
    auth.actor.require_anywhere(fazhi_core::access::Permission::LegalReviewRead)?;
    Ok(Json(figures::compute(&app, &auth.actor).await?))
}

fn id_param() -> Value {
    json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}])
}

fn op(summary: &str) -> Value {
    json!({"summary": summary, "tags": ["合法性审查"], "responses": {"200": {"description": "成功", "content": {"application/json": {}}},
        "4XX": {"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}})
}

/// The paths of this API for the hand-written OpenAPI document.
pub fn openapi_paths() -> Value {
    let mut create = op("提请合法性审查（重大行政决策的审查期限不少于 7 个工作日；不填 due_date 则按法定最短期限或默认期限）");
    create["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["org_id", "subject_kind", "subject_title", "questions"], "properties": {
        "org_id": {"type": "integer", "description": "提请单位"},
        "subject_kind": {"type": "string", "enum": ["decision", "document", "contract", "enforcement"], "description": "重大行政决策、规范性文件、合同、行政执法决定"},
        "subject_id": {"type": ["integer", "null"], "description": "关联事项编号（如决策编号）；单独送审的合同可不填"},
        "subject_title": {"type": "string"}, "materials": {"type": "string", "description": "送审材料说明（文件通过 /attachments 上传，entity=legal_review）"},
        "questions": {"type": "string", "description": "提请审查的问题"},
        "due_date": {"type": "string", "format": "date", "description": "审查期限（须为工作日）"},
        "adviser_id": {"type": "integer", "description": "法律顾问（聘用期内）"}, "reviewer_id": {"type": "integer", "description": "审查人员账号（司法所等）"}}}}}});
    create["responses"]["201"] = json!({"description": "已提请", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}, "due_date": {"type": "string", "format": "date"}, "working_days": {"type": "integer"}, "state": {"type": "string"}, "submitted_on": {"type": "string", "format": "date"}}}}}});
    let mut list = op("合法性审查（有权查看的单位范围内，按 id 倒序，before 翻页）");
    list["parameters"] = json!([
        {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["requested", "opined", "responded", "withdrawn"]}},
        {"name": "subject_kind", "in": "query", "schema": {"type": "string", "enum": ["decision", "document", "contract", "enforcement"]}},
        {"name": "subject_id", "in": "query", "schema": {"type": "integer"}},
        {"name": "before", "in": "query", "description": "上一页的 next_before", "schema": {"type": "integer"}},
        {"name": "limit", "in": "query", "description": "1–200，默认 50", "schema": {"type": "integer"}}
    ]);
    let mut one = op("合法性审查详情（含审查意见及逐条采纳情况；超出范围返回 404）");
    one["parameters"] = id_param();
    let mut opinion = op("出具审查意见（不合法、修改后合法须写明理由和法律依据；修改后合法须逐条列明修改意见；不得审查本人提请的事项）");
    opinion["parameters"] = id_param();
    opinion["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["conclusion"], "properties": {
        "conclusion": {"type": "string", "enum": ["lawful", "lawful_with_changes", "unlawful"]}, "reasons": {"type": "string"}, "articles": {"type": "string"},
        "points": {"type": "array", "items": {"type": "string"}}}}}}});
    let mut response = op("反馈采纳情况（逐条；未采纳的须说明理由）");
    response["parameters"] = id_param();
    response["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["answers"], "properties": {
        "answers": {"type": "array", "items": {"type": "object", "required": ["adopted"], "properties": {"adopted": {"type": "boolean"}, "note": {"type": "string"}}}}}}}}});
    json!({
        "/legal-reviews": {"get": list, "post": create},
        "/legal-reviews/figures": {"get": op("合法性审查统计：年度审查件数、决策与合同审查情况、按期出具率、意见采纳率、法律顾问参与率")},
        "/legal-reviews/{id}": {"get": one},
        "/legal-reviews/{id}/opinion": {"post": opinion},
        "/legal-reviews/{id}/response": {"post": response},
    })
}
