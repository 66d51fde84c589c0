//! JSON API of 政务公开 (proactive publication).
//!
//! Public, no account needed: `GET /disclosure/items` (published items only),
//! `GET /disclosure/items/{id}`, `GET /disclosure/categories`, `GET /disclosure/guide`.
//! Staff (bearer token or session): the ledger (`/disclosure/ledger…`) with
//! every state, the unredacted original, and the workflow actions.
use std::collections::BTreeMap;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_core::DomainError;
use serde::Deserialize;

use crate::disclosure::publication::{self, ItemForm, ReviewForm};
use crate::disclosure::{self, catalogue, guide};
use crate::kernel::App;
use crate::web::api::{bad_json, to_json};
use crate::platform::lists;
use crate::web::{ApiError, CurrentUser};

type ApiResult = Result<Json<serde_json::Value>, ApiError>;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/disclosure/items", get(items))
        .route("/disclosure/items/{id}", get(item))
        .route("/disclosure/categories", get(categories))
        .route("/disclosure/guide", get(guide_of))
        .route("/disclosure/ledger", get(ledger).post(draft))
        .route("/disclosure/ledger/{id}", get(internal))
        .route("/disclosure/ledger/{id}/edit", post(edit))
        .route("/disclosure/ledger/{id}/submit", post(submit))
        .route("/disclosure/ledger/{id}/review", post(review))
        .route("/disclosure/ledger/{id}/publish", post(publish))
        .route("/disclosure/ledger/{id}/revise", post(revise))
        .route("/disclosure/ledger/{id}/withdraw", post(withdraw))
        .route("/disclosure/ledger/{id}/reopen", post(reopen))
        .route("/disclosure/ledger/{id}/rereview", post(rereview))
}

fn bad_query(e: QueryRejection) -> ApiError {
    ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into())
}



#[derive(Deserialize)]
struct ItemsQuery {
    /// Town code (e.g. 440203103); all towns when absent.
    town: Option<String>,
    category: Option<i64>,
    year: Option<String>,
    after: Option<String>,
    limit: Option<i64>,
}

/// Published items only, newest 生成日期 first.
async fn items(State(app): State<App>, q: Result<Query<ItemsQuery>, QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let town = match q.town.as_deref().filter(|t| !t.is_empty()) {
        Some(code) => Some(disclosure::town_by_code(&app, code).await?.id),
        None => None,
    };
    let page = catalogue::page(&app, &catalogue::Query { town_id: town, category_id: q.category, year: q.year, after: q.after, limit: q.limit.unwrap_or(50) }).await?;
    Ok(Json(serde_json::json!({"items": page.entries, "next": page.next})))
}

async fn item(State(app): State<App>, Path(id): Path<i64>) -> ApiResult {
    let it = publication::public_item(&app, None, id).await?;
    Ok(Json(to_json(&it)?))
}

#[derive(Deserialize)]
struct TownQuery {
    town: String,
}

async fn categories(State(app): State<App>, q: Result<Query<TownQuery>, QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let town = disclosure::town_by_code(&app, &q.town).await?;
    Ok(Json(serde_json::json!({"items": catalogue::public_categories(&app, town.id).await?})))
}

async fn guide_of(State(app): State<App>, q: Result<Query<TownQuery>, QueryRejection>) -> ApiResult {
    let Query(q) = q.map_err(bad_query)?;
    let town = disclosure::town_by_code(&app, &q.town).await?;
    let g = guide::load(&app, &town).await?;
    let mut v = to_json(&g)?;
    v["categories"] = to_json(&catalogue::public_categories(&app, town.id).await?)?;
    v["index_example"] = serde_json::Value::from(g.index_example());
    Ok(Json(v))
}

/// The staff ledger: the list mechanism's `disclosure_items` list (filters `f_status`, `f_title` …).
async fn ledger(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> ApiResult {
    crate::web::api::list_page(&app, &auth.actor, &lists::DISCLOSURE_ITEMS, &params).await
}

async fn internal(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    let v = publication::internal(&app, &auth.actor, id).await?;
    Ok(Json(to_json(&v)?))
}

async fn draft(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<ItemForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let id = publication::draft(&app, &auth.actor, &f).await?;
    let v = publication::internal(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::json!({"id": id, "index_no": v.item.index_no, "status": v.item.status})))
}

async fn edit(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ItemForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    publication::edit(&app, &auth.actor, id, &f).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "draft"})))
}

async fn submit(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    publication::submit(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "conf_review"})))
}

async fn review(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ReviewForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let s = publication::review(&app, &auth.actor, id, &f).await?;
    Ok(Json(serde_json::json!({"id": id, "status": s})))
}

async fn rereview(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ReviewForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let s = publication::rereview(&app, &auth.actor, id, &f).await?;
    Ok(Json(serde_json::json!({"id": id, "status": s})))
}

#[derive(Deserialize, Default)]
struct PublishBody {
    /// China time, "2026-03-01 09:30"; absent = now.
    #[serde(default)]
    release_at: String,
}

async fn publish(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Option<Json<PublishBody>>) -> ApiResult {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    let p = publication::publish(&app, &auth.actor, id, &b.release_at).await?;
    Ok(Json(serde_json::json!({"id": id, "status": p.status, "at": p.at})))
}

async fn revise(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ItemForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let version = publication::revise(&app, &auth.actor, id, &f).await?;
    Ok(Json(serde_json::json!({"id": id, "version": version, "status": "draft"})))
}

#[derive(Deserialize)]
struct WithdrawBody {
    #[serde(default)]
    reason: String,
}

async fn withdraw(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<WithdrawBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    publication::withdraw(&app, &auth.actor, id, &b.reason).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "withdrawn"})))
}

async fn reopen(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    publication::reopen(&app, &auth.actor, id).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "draft"})))
}

/// The OpenAPI paths of this module (merged into `/api/v1/openapi.json`).
pub fn openapi_paths() -> serde_json::Value {
    let err = serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let op = |summary: &str, public: bool| {
        let mut o = serde_json::json!({"summary": summary, "tags": ["政务公开"], "responses": {"200": {"description": "成功", "content": {"application/json": {}}}, "4XX": err.clone()}});
        if public {
            o["security"] = serde_json::json!([]);
        }
        o
    };
    let q = |name: &str, desc: &str, required: bool, ty: &str| serde_json::json!({"name": name, "in": "query", "required": required, "description": desc, "schema": {"type": ty}});
    let id = serde_json::json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let body = |props: serde_json::Value, required: &[&str]| serde_json::json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": required, "properties": props}}}});
    let item_props = serde_json::json!({
        "town_id": {"type": "integer", "description": "所属镇（街道）单位编号（起草时必填）"},
        "category_id": {"type": "integer", "description": "目录分类（见 /disclosure/categories）"},
        "title": {"type": "string"}, "doc_no": {"type": "string", "description": "文号"}, "issuer": {"type": "string", "description": "发布机构"},
        "formed_on": {"type": "string", "format": "date", "description": "成文（生成）日期"},
        "publicity": {"type": "string", "enum": ["proactive", "on_request", "withheld"], "description": "公开属性"},
        "withhold_ground": {"type": "string", "enum": ["state_secret", "prohibited_by_law", "security_and_stability", "third_party_rights", "internal_affairs", "process_information", "enforcement_file"], "description": "不予公开依据（条例第十四至十六条；withheld 时必填）"},
        "publicity_reason": {"type": "string", "description": "不公开理由（on_request、withheld 时必填）"},
        "summary": {"type": "string", "description": "内容概述；可含隐去标记【隐去：张三】"},
        "body": {"type": "string", "description": "正文；个人信息标记为【隐去：张三】，公开时显示为＊＊＊"},
        "changed_on": {"type": "string", "format": "date", "description": "变更日期（变更时必填）"},
        "change_note": {"type": "string", "description": "变更说明（变更时必填）"}
    });
    let review_props = serde_json::json!({
        "conclusion": {"type": "string", "enum": ["approve", "approve_redacted", "escalate", "withhold", "return", "keep", "release"], "description": "审查结论（定期评估用 keep / release）"},
        "basis": {"type": "string", "description": "审查依据"}, "opinion": {"type": "string"}, "escalated_to": {"type": "string", "description": "报送的保密行政管理部门（escalate 时必填）"}
    });
    let mut items = op("已发布的主动公开信息（公开，无需登录；未审查、不予公开、已撤回的信息不会出现）", true);
    items["parameters"] = serde_json::json!([q("town", "镇（街道）代码，如 440203103", false, "string"), q("category", "目录分类编号", false, "integer"), q("year", "生成日期年度", false, "string"), q("after", "上一页返回的 next", false, "string"), q("limit", "每页条数（1–200）", false, "integer")]);
    let mut item = op("一条已发布信息（公开文本，个人信息已隐去）", true);
    item["parameters"] = serde_json::json!([id.clone()]);
    let mut cats = op("目录分类及各分类已发布条数", true);
    cats["parameters"] = serde_json::json!([q("town", "镇（街道）代码", true, "string")]);
    let mut guide = op("政府信息公开指南（条例第十二条）", true);
    guide["parameters"] = serde_json::json!([q("town", "镇（街道）代码", true, "string")]);
    let mut ledger = op("政务公开台账（全部状态，限授权范围）", false);
    ledger["parameters"] = serde_json::json!([q("f_status", "状态：draft、conf_review、escalated、approved、withheld、scheduled、published、withdrawn", false, "string"), q("f_title", "标题包含", false, "string"), q("after", "翻页游标", false, "string"), q("limit", "每页条数", false, "integer")]);
    let mut draft = op("起草（自动生成索引号；主动公开的信息开始 20 个工作日公开期限并生成待办）", false);
    draft["requestBody"] = body(item_props.clone(), &["town_id", "category_id", "title", "issuer", "formed_on", "publicity", "summary", "body"]);
    let with_id = |summary: &str, b: Option<serde_json::Value>| {
        let mut o = op(summary, false);
        o["parameters"] = serde_json::json!([id.clone()]);
        if let Some(b) = b {
            o["requestBody"] = b;
        }
        o
    };
    serde_json::json!({
        "/disclosure/items": {"get": items},
        "/disclosure/items/{id}": {"get": item},
        "/disclosure/categories": {"get": cats},
        "/disclosure/guide": {"get": guide},
        "/disclosure/ledger": {"get": ledger, "post": draft},
        "/disclosure/ledger/{id}": {"get": with_id("内部视图（含未隐去的原文、审查记录、版本）", None)},
        "/disclosure/ledger/{id}/edit": {"post": with_id("修改草稿", Some(body(item_props.clone(), &[])))},
        "/disclosure/ledger/{id}/submit": {"post": with_id("提交保密审查（公开文本含未标记的身份证号、手机号时拒绝）", None)},
        "/disclosure/ledger/{id}/review": {"post": with_id("记录保密审查结论（审查人不得为起草人）", Some(body(review_props.clone(), &["conclusion", "basis"])))},
        "/disclosure/ledger/{id}/publish": {"post": with_id("发布或定时发布（须有覆盖当前内容的“同意公开”审查结论，否则 409）", Some(serde_json::json!({"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"release_at": {"type": "string", "description": "北京时间，如 2026-03-01 09:30；留空立即发布"}}}}}})))},
        "/disclosure/ledger/{id}/revise": {"post": with_id("变更已发布信息：生成新版本，须重新审查", Some(body(item_props, &["changed_on", "change_note"])))},
        "/disclosure/ledger/{id}/withdraw": {"post": with_id("撤回公开（记录保留）", Some(body(serde_json::json!({"reason": {"type": "string"}}), &["reason"])))},
        "/disclosure/ledger/{id}/reopen": {"post": with_id("撤回到起草状态（审查中、待发布、定时发布）", None)},
        "/disclosure/ledger/{id}/rereview": {"post": with_id("不予公开信息定期评估（条例第十八条）", Some(body(review_props, &["conclusion", "basis"])))}
    })
}
