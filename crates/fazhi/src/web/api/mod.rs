//! JSON API under /api/v1. Errors are `{error: {code, message, field}}` with a
//! stable code and a Chinese message (see `web::error`).
mod account;
pub(crate) mod attachments;
mod openapi;
mod personal;
mod platform;

use axum::Router;
use axum::routing::{get, post};

use crate::kernel::App;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/auth/login", post(account::login))
        .route("/me", get(account::me))
        .route("/audit", get(platform::audit))
        .route("/orgs", get(platform::orgs))
        .route("/orgs/{id}", get(platform::org))
        .route("/todos", get(platform::todos).post(platform::assign))
        .route("/todos/{id}/done", post(platform::done))
        .route("/calendar/add-workdays", get(platform::add_workdays))
        .route("/search", get(platform::search))
        .route("/attachments", post(attachments::upload).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/attachments/{id}", get(attachments::get))
        .route("/users", get(personal::users))
        .route("/openapi.json", get(openapi::spec))
        .merge(crate::web::disclosure::api::routes())
        .merge(crate::web::disclosure::requests_api::routes())
        .merge(crate::web::disclosure::annual_report::api_routes())
        .merge(crate::web::legal_review::api::routes())
        .merge(crate::web::mediation::api::routes())
        .merge(crate::web::grid::api_routes())
        .merge(crate::web::major_decision::api::routes())
        .merge(crate::web::meeting::api::routes())
        .merge(crate::web::meeting::oparl::routes())
        .fallback(not_found)
}

pub fn docs_routes() -> Router<App> {
    Router::new().route("/api/docs", get(openapi::docs))
}

async fn not_found() -> crate::web::ApiError {
    crate::web::ApiError(fazhi_core::DomainError::not_found("接口").into())
}

/// A JSON body that did not parse: 400 naming the body.
pub fn bad_json(e: axum::extract::rejection::JsonRejection) -> crate::web::ApiError {
    crate::web::ApiError(fazhi_core::DomainError::invalid("body", format!("请求体不是有效的 JSON：{}", e.body_text())).into())
}

/// Serializes a service result for a handler.
pub fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, crate::web::ApiError> {
    serde_json::to_value(v).map_err(|e| crate::web::ApiError(crate::error::AppError::internal(e)))
}

/// One page of a registered list as JSON (`{items: [{id, <column key>: cell}], next}`),
/// with the list mechanism's filters (`f_<key>`), sort and keyset `after`: every
/// module's ledger endpoint is this.
pub async fn list_page(
    app: &App,
    actor: &fazhi_core::access::Actor,
    spec: &crate::platform::listing::ListSpec,
    params: &std::collections::BTreeMap<String, String>,
) -> Result<axum::Json<serde_json::Value>, crate::web::ApiError> {
    use crate::platform::listing;
    actor.require_anywhere(spec.perm)?;
    let q = listing::ListQuery::from_params(params);
    let page = listing::fetch(app, actor, spec, &q).await?;
    let items: Vec<serde_json::Value> = page
        .rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("id".into(), r.id.into());
            for (c, v) in spec.columns.iter().zip(&r.cells) {
                o.insert(c.key.into(), v.clone().into());
            }
            serde_json::Value::Object(o)
        })
        .collect();
    Ok(axum::Json(serde_json::json!({"items": items, "next": page.next})))
}
