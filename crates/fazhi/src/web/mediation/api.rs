//! JSON API of 人民调解 (staff: bearer token or session), scoped to the units
//! the caller may read; parties are masked (full data only through the
//! audited unmask on the console).
//!
//! - `GET /mediation/cases` — the ledger (`mediation_cases` list: filters
//!   `f_state`, `f_dispute_type`, `f_source`, `f_committee`; keyset `after`).
//! - `POST /mediation/cases` — open a case → 201 `{id, code, state}`.
//! - `GET /mediation/cases/{id}` — the case with effectiveness and clocks.
//! - `POST /mediation/cases/{id}/act` — record a step (same fields as the console form).
//! - `GET /mediation/figures?from&to` — the figures.
use std::collections::BTreeMap;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;

use crate::kernel::App;
use crate::web::api::{bad_json, to_json};
use crate::mediation::{self as med, ActionForm, CaseInput};
use crate::platform::lists;
use crate::web::pages::today;
use crate::web::{ApiError, CurrentUser};

type ApiResult = Result<Json<serde_json::Value>, ApiError>;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/mediation/cases", get(ledger).post(open))
        .route("/mediation/cases/{id}", get(case))
        .route("/mediation/cases/{id}/act", post(act))
        .route("/mediation/figures", get(figures))
}



async fn ledger(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> ApiResult {
    crate::web::api::list_page(&app, &auth.actor, &lists::MEDIATION_CASES, &params).await
}

async fn open(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<CaseInput>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(bad_json)?;
    let id = med::open_case(&app, &auth.actor, &input).await?;
    let v = med::staff_view(&app, &auth.actor, id).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"id": id, "code": v.code, "state": v.state, "state_label": v.state_label}))).into_response())
}

async fn case(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    let v = med::staff_view(&app, &auth.actor, id).await?;
    Ok(Json(to_json(&v)?))
}

async fn act(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ActionForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let step = f.to_step(&auth.actor, today())?;
    let acted = med::act(&app, &auth.actor, id, step).await?;
    let v = med::staff_view(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::json!({"id": id, "state": acted.state, "effects": acted.effects, "agreement": v.agreement, "target": v.target, "confirmation": v.confirmation})))
}

async fn figures(State(app): State<App>, CurrentUser(auth): CurrentUser, q: Result<Query<super::pages::PeriodQuery>, QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(|e| ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into()))?;
    auth.actor.require_anywhere(Permission::MediationRead)?;
    let (from, to) = super::pages::period(&q)?;
    let r = med::figures_for(&app, &auth.actor, from, to).await?;
    Ok(Json(to_json(&r)?))
}

/// The OpenAPI paths of this module (merged into `/api/v1/openapi.json`).
pub fn openapi_paths() -> serde_json::Value {
    let err = serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let str_ = |d: &str| serde_json::json!({"type": "string", "description": d});
    let states: Vec<&str> = fazhi_core::mediation::case::CaseState::ALL.iter().map(|s| s.code()).collect();
    let types: Vec<&str> = fazhi_core::mediation::model::DisputeType::ALL.iter().map(|t| t.code()).collect();
    let sources: Vec<&str> = fazhi_core::mediation::model::CaseSource::ALL.iter().filter(|s| **s != fazhi_core::mediation::model::CaseSource::GridEvent).map(|s| s.code()).collect();
    let actions: Vec<&str> = fazhi_core::mediation::case::ActionKind::ALL.iter().map(|k| k.code()).collect();
    let tag = serde_json::json!(["人民调解"]);
    let list = serde_json::json!({
        "summary": "人民调解案件台账（限本人有权查看的单位；不含当事人个人信息）",
        "tags": tag,
        "parameters": [
            {"name": "f_state", "in": "query", "required": false, "schema": {"type": "string", "enum": states}, "description": "状态"},
            {"name": "f_dispute_type", "in": "query", "required": false, "schema": {"type": "string", "enum": types}, "description": "纠纷类型"},
            {"name": "f_source", "in": "query", "required": false, "schema": {"type": "string"}, "description": "案件来源"},
            {"name": "f_committee", "in": "query", "required": false, "schema": {"type": "string"}, "description": "人民调解委员会名称（包含）"},
            {"name": "after", "in": "query", "required": false, "schema": {"type": "string"}, "description": "上一页返回的 next"}
        ],
        "responses": {"200": {"description": "案件列表", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "items": {"type": "array", "items": {"type": "object"}}, "next": {"type": ["string", "null"]}}}}}}, "4XX": err.clone()}
    });
    let party = serde_json::json!({"type": "object", "required": ["name"], "properties": {
        "name": str_("姓名或名称"), "id_number": str_("居民身份证号码（选填，校验校验码；加密保存）"), "phone": str_("联系电话（选填；加密保存）"), "address": str_("住址（选填；加密保存）")}});
    let create = serde_json::json!({
        "summary": "登记调解申请（来访、来电、移交、主动调解）",
        "description": "需要该调解委员会所在单位的“办理人民调解案件”权限。网格事件转来的案件由网格模块在事件分拨时创建。当事人依次称甲方、乙方……",
        "tags": tag,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
            "required": ["committee_id", "source", "dispute_type", "facts", "issues", "parties"],
            "properties": {
                "committee_id": {"type": "integer", "description": "人民调解委员会编号"},
                "source": {"type": "string", "enum": sources, "description": "案件来源"},
                "source_note": str_("来源说明（选填）"),
                "dispute_type": {"type": "string", "enum": types, "description": "纠纷类型"},
                "applied_on": {"type": "string", "format": "date", "description": "申请日期（默认今天）"},
                "facts": str_("纠纷主要事实"),
                "issues": str_("争议事项"),
                "parties": {"type": "array", "minItems": 2, "items": party}
            }}}}},
        "responses": {"201": {"description": "已登记", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "id": {"type": "integer"}, "code": str_("案件编号，如 西联镇调〔2026〕3号"), "state": {"type": "string", "enum": states}, "state_label": {"type": "string"}}}}}}, "4XX": err.clone()}
    });
    let get_case = serde_json::json!({
        "summary": "人民调解案件详情（当事人信息脱敏；含协议是否生效及缺少的签署、调解期限和司法确认申请期限）",
        "tags": tag,
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "案件", "content": {"application/json": {}}}, "4XX": err.clone()}
    });
    let act = serde_json::json!({
        "summary": "办理一个步骤（登记受理、调解记录、达成协议、签署、印章、风险、终止、回访、司法确认、归档）",
        "description": "字段与控制台表单相同：action 为步骤；execute 用 by（party/mediator/seal/oral）、party（甲方…）、mark（signature/seal/thumbprint）；terminate 用 termination 与 route_arbitration/route_administrative/route_judicial（非空即已告知）。",
        "tags": tag,
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action"], "properties": {
            "action": {"type": "string", "enum": actions}, "on": {"type": "string", "format": "date"}}}}}},
        "responses": {"200": {"description": "新状态、执行的效果、协议生效情况和期限", "content": {"application/json": {}}}, "4XX": err.clone()}
    });
    let figures = serde_json::json!({
        "summary": "调解工作统计：按类型、来源的件数，调解成功率，平均调解用时，回访",
        "tags": tag,
        "parameters": [
            {"name": "from", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "description": "申请日期起（默认本年1月1日）"},
            {"name": "to", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "description": "申请日期止（默认今天）"}
        ],
        "responses": {"200": {"description": "统计", "content": {"application/json": {}}}, "4XX": err}
    });
    serde_json::json!({
        "/mediation/cases": {"get": list, "post": create},
        "/mediation/cases/{id}": {"get": get_case},
        "/mediation/cases/{id}/act": {"post": act},
        "/mediation/figures": {"get": figures}
    })
}
