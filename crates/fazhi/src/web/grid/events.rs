//! Event pages (register a call or a finding, the phone-friendly event page
//! with one form per step the table allows now, the hand-over to people's
//! mediation, the town's time limits) and the JSON API:
//!
//! - `POST /grid/events` — staff with a token: a phone call or a finding;
//!   without a token: a resident's report (→ tracking code + secret, rate-limited).
//! - `GET /grid/events/{id}` — the event (staff, grid scope).
//! - `POST /grid/events/{id}/act` — a step (same fields as the page's forms).
//! - `POST /grid/events/track` — public status by code + secret.
use askama::Template;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::grid::Place;
use fazhi_core::grid::event::{ActionKind, EventState};
use fazhi_core::mediation::model::DisputeType;
use serde::Deserialize;

use crate::db::col;
use crate::error::AppError;
use crate::grid::events::{self as ev, ActForm, EventView, LimitRow, PublicReport, StaffReport};
use crate::grid::{patrols, scope};
use crate::kernel::{App, scope_sql};
use crate::web::auth::{MaybeUser, client_ip};
use crate::web::pages::{Nav, render, today, user_error, with_status};
use crate::web::{ApiError, CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/grid/events", get(|| async { Redirect::to("/console/lists/grid_events") }).post(create))
        .route("/console/grid/events/new", get(new_form))
        .route("/console/grid/events/{id}", get(detail))
        .route("/console/grid/events/{id}/act", post(act))
        .route("/console/grid/limits", get(limits).post(save_limits))
}

pub fn api_routes() -> Router<App> {
    Router::new()
        .route("/grid/events", post(api_report))
        .route("/grid/events/track", post(api_track))
        .route("/grid/events/{id}", get(api_event))
        .route("/grid/events/{id}/act", post(api_act))
}

const NAV: &str = "grid";




// ───────────────────────────── new event (staff) ─────────────────────────────

/// Buildings the actor may report for, as (id, "grid · building").
async fn buildings(app: &App, actor: &fazhi_core::access::Actor) -> Result<Vec<(i64, String)>, AppError> {
    let (cond, params) = scope::scope_condition(actor, Permission::EventReport, "o.path", "b.id", 1);
    let sql = format!("SELECT b.id, o.name AS grid, b.name FROM grid_building b JOIN org_unit o ON o.id = b.grid_id WHERE {cond} ORDER BY o.path, b.name LIMIT 500");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    Ok(q.fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| Ok((col(r, "id")?, format!("{} · {}", col::<String>(r, "grid")?, col::<String>(r, "name")?))))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

#[derive(Template)]
#[template(path = "grid/event_new.html")]
struct NewPage {
    nav: Nav,
    grids: Vec<(i64, String)>,
    buildings: Vec<(i64, String)>,
    categories: Vec<(&'static str, &'static str)>,
    f: StaffReport,
    error: Option<String>,
    field: Option<String>,
}

impl NewPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
    fn grid_selected(&self, id: &i64) -> bool {
        self.f.grid_id == Some(*id)
    }
    fn building_selected(&self, id: &i64) -> bool {
        self.f.building_id == Some(*id)
    }
}

async fn new_page(app: &App, auth: &crate::web::Auth, f: StaffReport, error: Option<(String, Option<String>)>) -> Result<Response, PageError> {
    let grids = patrols::grids_in_scope(app, &auth.actor, Permission::EventReport).await?;
    if grids.is_empty() {
        return Err(DomainError::forbidden("您没有在任何网格上报事件的权限").into());
    }
    let (error, field) = error.map_or((None, None), |(m, f)| (Some(m), f));
    render(NewPage { nav: Nav::new(auth, NAV), grids, buildings: buildings(app, &auth.actor).await?, categories: super::patrols::categories(), f, error, field })
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    new_page(&app, &auth, StaffReport { source: "phone".into(), ..StaffReport::default() }, None).await
}

/// The form sends the ids as text (an empty select is "").
#[derive(Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    grid_id: String,
    #[serde(default)]
    building_id: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<NewForm>) -> Result<Response, PageError> {
    let r = StaffReport {
        grid_id: f.grid_id.trim().parse().ok(),
        building_id: f.building_id.trim().parse().ok(),
        source: f.source,
        category: f.category,
        description: f.description,
        location: f.location,
        name: f.name,
        phone: f.phone,
    };
    match ev::report(&app, &auth.actor, &r).await {
        Ok(c) => Ok(Redirect::to(&ev::console_url(c.id)).into_response()),
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            with_status(status, new_page(&app, &auth, r, Some((message, field))).await)
        }
    }
}

// ───────────────────────────── event page ─────────────────────────────

#[derive(Template)]
#[template(path = "grid/event_detail.html")]
struct DetailPage {
    nav: Nav,
    v: EventView,
    can_dispatch: bool,
    can_handle: bool,
    handlers: Vec<(i64, String)>,
    committees: Vec<(i64, String)>,
    dispute_types: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
    error_action: String,
}

impl DetailPage {
    fn can(&self, code: &str) -> bool {
        let dispatcher = matches!(code, "accept" | "decline" | "dispatch" | "verify" | "return_for_rework" | "close");
        self.v.can(code) && if dispatcher { self.can_dispatch } else { self.can_handle }
    }
    fn label(&self, code: &str) -> &'static str {
        ActionKind::ALL.iter().find(|k| k.code() == code).map(|k| k.label()).unwrap_or("")
    }
    fn failed(&self, code: &str) -> bool {
        self.error_action == code
    }
    fn can_mediate(&self) -> bool {
        self.v.is_dispute && self.v.mediation.is_none() && self.can_dispatch && self.v.can("dispatch") && !self.committees.is_empty()
    }
    fn any_step(&self) -> bool {
        ["accept", "decline", "dispatch", "handle", "feedback", "verify", "return_for_rework", "close"].iter().any(|c| self.can(c))
    }
}

async fn detail_page(app: &App, auth: &crate::web::Auth, id: i64, error: Option<(String, String)>) -> Result<Response, PageError> {
    let v = ev::staff_view(app, &auth.actor, id).await?;
    let grid = crate::kernel::load_org(app, v.grid_id).await?;
    let place = Place { grid: grid.path.clone(), building_id: None };
    let can_dispatch = auth.actor.can(Permission::EventDispatch, &grid.path);
    let can_handle = can_dispatch || scope::scope_of(app, &auth.actor, Permission::EventReport).await?.covers(&place);
    let handlers = if can_dispatch { crate::grid::events::handlers(app, grid.path.as_str()).await? } else { Vec::new() };
    let committees = if can_dispatch && v.is_dispute {
        crate::mediation::committees_in_scope(app, &auth.actor, Permission::EventDispatch).await?.into_iter().map(|c| (c.id, c.name)).collect()
    } else {
        Vec::new()
    };
    let (error, error_action) = error.unwrap_or_default();
    render(DetailPage {
        nav: Nav::new(auth, NAV),
        v,
        can_dispatch,
        can_handle,
        handlers,
        committees,
        dispute_types: DisputeType::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        today: today().to_string(),
        error: (!error.is_empty()).then_some(error),
        error_action,
    })
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    detail_page(&app, &auth, id, None).await
}

async fn act(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ActForm>) -> Result<Response, PageError> {
    let result = match f.to_step(&app, id, today()).await {
        Ok((on, step)) => ev::act(&app, &auth.actor, id, on, step).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&ev::console_url(id)).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some((message, f.action.clone()))).await)
        }
    }
}

// ───────────────────────────── time limits ─────────────────────────────

#[derive(Template)]
#[template(path = "grid/event_limits.html")]
struct LimitsPage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    rows: Vec<LimitRow>,
    saved: bool,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct TownQuery {
    #[serde(default)]
    town: String,
    #[serde(default)]
    saved: String,
}

async fn towns(app: &App, actor: &fazhi_core::access::Actor) -> Result<Vec<(i64, String)>, AppError> {
    let (cond, params) = scope_sql(&actor.scope(Permission::EventDispatch), "o.path", 1);
    let sql = format!("SELECT o.id, o.name FROM org_unit o WHERE o.kind = 'town' AND {cond} ORDER BY o.path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    Ok(q.fetch_all(&app.db.pool).await?.iter().map(|r| Ok((col(r, "id")?, col(r, "name")?))).collect::<Result<Vec<_>, sqlx::Error>>()?)
}

async fn limits_page(app: &App, auth: &crate::web::Auth, town: Option<i64>, saved: bool, error: Option<String>) -> Result<Response, PageError> {
    let towns = towns(app, &auth.actor).await?;
    let Some(first) = towns.first() else {
        return Err(DomainError::forbidden("设置网格事件处置时限需要镇（街道）一级的“受理、分拨、核查网格事件”权限").into());
    };
    let town_id = town.filter(|t| towns.iter().any(|x| x.0 == *t)).unwrap_or(first.0);
    let rows = ev::limits_for(app, town_id).await?;
    render(LimitsPage { nav: Nav::new(auth, NAV), towns, town_id, rows, saved, error })
}

async fn limits(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<TownQuery>) -> Result<Response, PageError> {
    limits_page(&app, &auth, q.town.trim().parse().ok(), q.saved == "1", None).await
}

async fn save_limits(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<std::collections::HashMap<String, String>>) -> Result<Response, PageError> {
    let town: Option<i64> = f.get("town_id").and_then(|t| t.trim().parse().ok());
    let values: Vec<(String, String)> = fazhi_core::grid::event::EventCategory::ALL.iter().map(|c| (c.code().to_string(), f.get(c.code()).cloned().unwrap_or_default())).collect();
    let Some(town_id) = town else { return limits_page(&app, &auth, None, false, Some("请选择「镇（街道）」".into())).await };
    match ev::save_limits(&app, &auth.actor, town_id, &values).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/grid/limits?town={town_id}&saved=1")).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, limits_page(&app, &auth, Some(town_id), false, Some(message)).await)
        }
    }
}

// ───────────────────────────── API ─────────────────────────────

async fn api_report(State(app): State<App>, MaybeUser(user): MaybeUser, headers: HeaderMap, ext: axum::http::Extensions, body: Result<Json<serde_json::Value>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(crate::web::api::bad_json)?;
    let parse = |e: serde_json::Error| ApiError(DomainError::invalid("body", format!("请求体字段有误：{e}")).into());
    match user {
        Some(auth) => {
            let f: StaffReport = serde_json::from_value(body).map_err(parse)?;
            let c = ev::report(&app, &auth.actor, &f).await?;
            Ok((StatusCode::CREATED, Json(serde_json::json!({"id": c.id, "state": EventState::Reported.code(), "tracking_code": c.tracking_code, "secret": c.secret}))).into_response())
        }
        None => {
            let f: PublicReport = serde_json::from_value(body).map_err(parse)?;
            if f.town.trim().is_empty() {
                return Err(ApiError(DomainError::invalid("town", "请填写「town」（镇（街道）代码）").into()));
            }
            let ip = client_ip(&headers, &ext);
            let c = ev::submit_public(&app, &f.town, &f, &ip).await?;
            Ok((StatusCode::CREATED, Json(serde_json::json!({"tracking_code": c.tracking_code, "secret": c.secret, "reported_on": c.reported_on}))).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
struct TrackBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    secret: String,
}

async fn api_track(State(app): State<App>, headers: HeaderMap, ext: axum::http::Extensions, body: Result<Json<TrackBody>, JsonRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(b) = body.map_err(crate::web::api::bad_json)?;
    let ip = client_ip(&headers, &ext);
    let s = ev::track(&app, None, &b.code, &b.secret, &ip).await?;
    Ok(Json(serde_json::to_value(&s).map_err(|e| ApiError(AppError::internal(e)))?))
}

async fn api_event(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Json<serde_json::Value>, ApiError> {
    let v = ev::staff_view(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::to_value(&v).map_err(|e| ApiError(AppError::internal(e)))?))
}

async fn api_act(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ActForm>, JsonRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(f) = body.map_err(crate::web::api::bad_json)?;
    let (on, step) = f.to_step(&app, id, today()).await?;
    let state = ev::act(&app, &auth.actor, id, on, step).await?;
    let v = ev::staff_view(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::json!({"id": id, "state": state.code(), "state_label": state.label(), "allowed": v.allowed, "mediation": v.mediation, "clock": {"status": v.clock_status, "due": v.clock_due}})))
}

pub fn openapi_paths() -> serde_json::Value {
    let err = serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let cats: Vec<&str> = fazhi_core::grid::event::EventCategory::ALL.iter().map(|c| c.code()).collect();
    let states: Vec<&str> = EventState::ALL.iter().map(|s| s.code()).collect();
    let types: Vec<&str> = DisputeType::ALL.iter().map(|t| t.code()).collect();
    let tag = serde_json::json!(["网格化管理"]);
    let s = |d: &str| serde_json::json!({"type": "string", "description": d});
    serde_json::json!({
        "/grid/events": {"post": {
            "summary": "上报网格事件（工作人员登记来电或巡查发现；群众不带令牌报告，返回查询编号和查询密码）",
            "description": "带令牌：需要该网格的“上报、处置网格事件”权限，字段 grid_id、building_id（楼栋长必填其楼栋）、source（phone/patrol）、category、description、location、name、phone（来电必填）。不带令牌：群众报告，字段 town（镇代码）、grid_id、category、description、location、phone（必填）、name（选填）；同一网络地址每小时最多 5 件；查询密码只返回这一次。姓名、电话加密保存。",
            "tags": tag,
            "security": [{}, {"bearer": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["grid_id", "category", "description", "location"], "properties": {
                "town": s("镇（街道）代码（群众报告必填）"), "grid_id": {"type": "integer"}, "building_id": {"type": "integer"},
                "source": {"type": "string", "enum": ["phone", "patrol"]}, "category": {"type": "string", "enum": cats},
                "description": s("事件描述"), "location": s("事件地点"), "name": s("报告人姓名（选填，加密保存）"), "phone": s("联系电话（加密保存）")}}}}},
            "responses": {"201": {"description": "已上报", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "id": {"type": "integer"}, "tracking_code": s("查询编号，如 XLWG2026-000017"), "secret": s("查询密码（只显示一次）")}}}}}, "4XX": err.clone()}
        }},
        "/grid/events/track": {"post": {
            "summary": "群众凭查询编号和查询密码查询办理进度（不含个人信息和工作人员姓名）",
            "tags": tag, "security": [{}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["code", "secret"], "properties": {"code": s("查询编号"), "secret": s("查询密码")}}}}},
            "responses": {"200": {"description": "办理进度", "content": {"application/json": {}}}, "4XX": err.clone()}
        }},
        "/grid/events/{id}": {"get": {
            "summary": "网格事件详情（限本人网格范围；楼栋长只能看本楼栋的事件；报告人电话脱敏）",
            "tags": tag,
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "事件：状态、时间线、当前可办理的步骤、处置期限及计算过程、转人民调解的案件", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "state_code": {"type": "string", "enum": states}, "allowed": {"type": "array", "items": {"type": "string"}}}}}}}, "4XX": err.clone()}
        }},
        "/grid/events/{id}/act": {"post": {
            "summary": "办理一个步骤：受理、不予受理、分拨、登记处置结果、反馈、核查通过、退回重办、办结、转人民调解",
            "description": "action：accept、decline（reason）、dispatch（to = person 且 user_id / office 且 office / next_level）、handle（result）、feedback（text）、verify（note）、return_for_rework（reason）、close、to_mediation（committee_id、dispute_type、facts、issues、p1_name、p1_phone、p2_name、p2_phone，仅矛盾纠纷类）。不按顺序办理的步骤被拒绝（409），说明应先办理哪一步。超时上报由系统自动办理。",
            "tags": tag,
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action"], "properties": {
                "action": {"type": "string", "enum": ["accept", "decline", "dispatch", "handle", "feedback", "verify", "return_for_rework", "close", "to_mediation"]},
                "on": {"type": "string", "format": "date"}, "to": {"type": "string", "enum": ["person", "office", "next_level"]}, "user_id": {"type": "integer"},
                "office": {"type": "string"}, "dispute_type": {"type": "string", "enum": types}, "committee_id": {"type": "integer"}}}}}},
            "responses": {"200": {"description": "新状态", "content": {"application/json": {}}}, "4XX": err}
        }}
    })
}
