//! Public JSON API of 重大行政决策: `GET /decisions` — the published decision
//! catalogues and the published decisions (no account needed; drafts,
//! comments under moderation and internal records never appear).
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use fazhi_core::DomainError;
use serde::Deserialize;
use serde_json::json;

use crate::kernel::App;
use crate::major_decision::catalogue;
use crate::major_decision::store;
use crate::web::ApiError;

pub fn routes() -> Router<App> {
    Router::new().route("/decisions", get(list))
}

#[derive(Deserialize)]
struct ListQuery {
    /// Town code, e.g. 440203103.
    town: String,
    year: Option<i64>,
}

async fn list(State(app): State<App>, q: Result<Query<ListQuery>, QueryRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError(DomainError::invalid("town", format!("查询参数有误：{}（town 为镇（街道）代码，必填）", e.body_text())).into()))?;
    let town = crate::disclosure::town_by_code(&app, q.town.trim()).await?;
    let mut cats = Vec::new();
    for c in catalogue::public_list(&app, town.id).await?.into_iter().filter(|c| q.year.is_none_or(|y| y == c.year)) {
        let items = catalogue::items(&app, c.id).await?;
        cats.push(json!({
            "id": c.id, "year": c.year, "title": c.title, "party_consent_on": c.party_consent_on, "published_on": c.published_label(),
            "items": items.iter().map(|i| json!({"seq": i.seq, "title": i.title, "lead_unit": i.lead_unit, "basis": i.basis, "planned": i.planned})).collect::<Vec<_>>(),
        }));
    }
    let today = crate::web::pages::today().to_string();
    let decisions: Vec<serde_json::Value> = store::public_list(&app, town.id, &today)
        .await?
        .into_iter()
        .filter(|d| d.published() && q.year.is_none_or(|y| y == d.year))
        .map(|d| {
            json!({
                "id": d.id, "year": d.year, "title": d.title, "lead_unit": d.lead_unit, "doc_no": d.doc_no, "decided_on": d.decided_on,
                "published_on": d.published_on, "standing": d.standing, "comment_period": d.comment_start.as_ref().map(|s| json!({"start": s, "end": d.comment_end, "urgent_reason": d.urgent_reason})),
                "decision_text": d.decision_text, "adoption_explanation": d.adoption_text,
                "url": format!("/portal/{}/decisions/{}", d.town_code, d.id),
            })
        })
        .collect();
    Ok(Json(json!({"town": {"code": q.town.trim(), "name": town.name}, "catalogues": cats, "decisions": decisions})))
}

pub fn openapi_paths() -> serde_json::Value {
    json!({
        "/decisions": {"get": {
            "summary": "重大行政决策：已公布的决策事项目录和已公布的决策（公开，无需登录）",
            "tags": ["重大行政决策"],
            "security": [],
            "parameters": [
                {"name": "town", "in": "query", "required": true, "description": "镇（街道）代码，如 440203103", "schema": {"type": "string"}},
                {"name": "year", "in": "query", "required": false, "description": "年度", "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": {"description": "catalogues：目录（年度、党委同意日期、事项）；decisions：已公布的决策（文号、决策日期、公布日期、执行状态 normal/suspended/stopped、决策正文、意见采纳情况说明）", "content": {"application/json": {}}},
                "4XX": {"description": "错误（JSON：error.code、error.message、error.field）", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        }}
    })
}
