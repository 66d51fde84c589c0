//! JSON API of 依申请公开, public (no account): submit a request, and track it
//! by code with the secret (or the phone number given in the request).
//!
//! - `POST /disclosure/requests` → 201 `{tracking_code, secret, due_date, received_on, town, track_url}`
//! - `GET /disclosure/requests/{code}` with `X-Request-Secret: …` (or `?secret=`, or `?phone=`)
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_core::DomainError;
use serde::Deserialize;

use crate::disclosure::requests::{self as req, Proof, RequestForm};
use crate::kernel::App;
use crate::web::ApiError;
use crate::web::auth::client_ip;

pub fn routes() -> Router<App> {
    Router::new().route("/disclosure/requests", post(submit)).route("/disclosure/requests/{code}", get(track))
}

#[derive(Deserialize)]
struct Submit {
    /// The town's code, e.g. 440203103.
    #[serde(default)]
    town: String,
    #[serde(flatten)]
    form: RequestForm,
}

async fn submit(State(app): State<App>, headers: HeaderMap, ext: axum::http::Extensions, body: Result<Json<Submit>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(s) = body.map_err(|e| ApiError(DomainError::invalid("body", format!("请求体不是有效的 JSON：{}", e.body_text())).into()))?;
    if s.town.trim().is_empty() {
        return Err(ApiError(DomainError::invalid("town", "请填写「town」（镇、街道代码，如 440203103）").into()));
    }
    let ip = client_ip(&headers, &ext);
    let c = req::submit_public(&app, &s.town, &s.form, &ip).await?;
    let body = serde_json::json!({
        "tracking_code": c.code,
        "secret": c.secret,
        "due_date": c.due_date,
        "received_on": c.received_on,
        "town": c.town_name,
        "track_url": format!("/portal/{}/disclosure/track?code={}", c.town_code, c.code),
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Deserialize, Default)]
struct TrackQuery {
    secret: Option<String>,
    phone: Option<String>,
}

async fn track(State(app): State<App>, Path(code): Path<String>, headers: HeaderMap, ext: axum::http::Extensions, q: Result<Query<TrackQuery>, QueryRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into()))?;
    let header = headers.get("x-request-secret").and_then(|v| v.to_str().ok()).map(str::to_string);
    let ip = client_ip(&headers, &ext);
    let proof = match (header.or(q.secret), q.phone) {
        (Some(s), _) => Some(s),
        (None, Some(p)) => return Ok(Json(serde_json::to_value(req::track(&app, None, &code, Proof::Phone(&p), &ip).await?).map_err(crate::error::AppError::internal)?)),
        (None, None) => None,
    };
    let Some(secret) = proof else {
        return Err(ApiError(DomainError::invalid("secret", "请在请求头 X-Request-Secret（或参数 secret）中提供查询密码，或以参数 phone 提供申请时填写的联系电话").into()));
    };
    let t = req::track(&app, None, &code, Proof::Secret(&secret), &ip).await?;
    Ok(Json(serde_json::to_value(t).map_err(crate::error::AppError::internal)?))
}

/// The OpenAPI paths of this module, merged into `/api/v1/openapi.json`.
pub fn openapi_paths() -> serde_json::Value {
    let err = serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let str_ = |d: &str| serde_json::json!({"type": "string", "description": d});
    let applicant_types: Vec<&str> = fazhi_core::disclosure::ApplicantType::ALL.iter().map(|t| t.code()).collect();
    let forms: Vec<&str> = fazhi_core::disclosure::Form::ALL.iter().map(|t| t.code()).collect();
    let deliveries: Vec<&str> = fazhi_core::disclosure::Delivery::ALL.iter().map(|t| t.code()).collect();
    let states: Vec<&str> = fazhi_core::disclosure::RequestState::ALL.iter().map(|t| t.code()).collect();
    let submit = serde_json::json!({
        "summary": "提交政府信息公开申请（公开，无需登录；同一网络地址每小时最多 5 件）",
        "description": "收到日期为提交当日（平台即时确认，条例第三十一条第（三）项）。返回的 secret 只显示这一次，请妥善保存；查询进度时需要受理编号和 secret（或申请时填写的联系电话）。",
        "tags": ["政务公开·依申请公开"],
        "security": [],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
            "required": ["town", "applicant_type", "name", "id_number", "phone", "description", "form", "delivery"],
            "properties": {
                "town": str_("受理的镇（街道）代码，如 440203103"),
                "applicant_type": {"type": "string", "enum": applicant_types, "description": "申请人类型（年度报告表三的列）"},
                "name": str_("姓名或者名称"),
                "id_number": str_("自然人：居民身份证号码；法人或其他组织：统一社会信用代码"),
                "phone": str_("联系电话"),
                "address": str_("通信地址（选择邮寄时必填）"),
                "email": str_("电子邮箱（选择电子邮件时必填）"),
                "description": str_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
                "purpose": str_("申请用途（选填）"),
                "form": {"type": "string", "enum": forms, "description": "信息的载体形式"},
                "delivery": {"type": "string", "enum": deliveries, "description": "获取信息的方式"}
            }}}}},
        "responses": {
            "201": {"description": "已受理", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "tracking_code": str_("受理编号，如 XL2026-000123"),
                "secret": str_("查询密码（只返回这一次；服务器只保存其 SM3 摘要）"),
                "due_date": {"type": ["string", "null"], "format": "date", "description": "答复期限（收到之日起 20 个工作日，按工作日历计算）"},
                "received_on": {"type": "string", "format": "date"},
                "town": str_("受理机关"),
                "track_url": str_("门户查询页面地址")
            }}}}},
            "4XX": err.clone()
        }
    });
    let track = serde_json::json!({
        "summary": "查询政府信息公开申请的办理进度（公开；须提供查询密码或联系电话）",
        "description": "查询密码错误、编号不存在或与电话不符时一律返回 403，且不说明原因；同一编号或同一网络地址 15 分钟内失败过多返回 429。返回内容不含内部备注，申请人姓名已脱敏。",
        "tags": ["政务公开·依申请公开"],
        "security": [],
        "parameters": [
            {"name": "code", "in": "path", "required": true, "description": "受理编号", "schema": {"type": "string"}},
            {"name": "X-Request-Secret", "in": "header", "required": false, "description": "查询密码（推荐放在请求头，避免出现在访问日志中）", "schema": {"type": "string"}},
            {"name": "secret", "in": "query", "required": false, "description": "查询密码（也可用请求头 X-Request-Secret）", "schema": {"type": "string"}},
            {"name": "phone", "in": "query", "required": false, "description": "申请时填写的联系电话（代替查询密码）", "schema": {"type": "string"}}
        ],
        "responses": {
            "200": {"description": "办理进度", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "tracking_code": {"type": "string"},
                "state": {"type": "string", "enum": states},
                "state_label": str_("状态（中文）"),
                "received_on": {"type": "string", "format": "date"},
                "due_date": {"type": ["string", "null"], "format": "date", "description": "答复期限；计时暂停时为 null"},
                "due_text": str_("答复期限，或如“计时暂停（征求第三方意见中）”"),
                "status": str_("计时状态"),
                "paused": {"type": "boolean"},
                "extended": {"type": "boolean"},
                "explanation": {"type": "array", "items": {"type": "string"}, "description": "答复期限的计算过程：起算日、跳过的节假日、暂停、重新起算、延长"},
                "history": {"type": "array", "items": {"type": "object", "properties": {"on": {"type": "string", "format": "date"}, "text": {"type": "string"}, "detail": {"type": ["string", "null"]}}}},
                "answer": {"type": ["object", "null"], "description": "答复内容：办理结果、告知书正文、理由、依据、救济途径"}
            }}}}},
            "4XX": err
        }
    });
    serde_json::json!({
        "/disclosure/requests": {"post": submit},
        "/disclosure/requests/{code}": {"get": track}
    })
}
