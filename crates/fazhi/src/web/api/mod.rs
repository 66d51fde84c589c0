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
