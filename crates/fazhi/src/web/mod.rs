//! HTTP: the public portal (plain HTML forms, no JavaScript needed), the staff
//! console and the JSON API. Handlers parse input, call a service and render;
//! no rule lives here.
pub mod api;
mod assets;
pub mod auth;
pub mod disclosure;
pub mod legal_review;
pub mod grid;
pub mod mediation;
pub mod major_decision;
pub(crate) mod error;
mod headers;
pub mod meeting;
pub mod pages;

use axum::Router;
use axum::routing::get;

pub use auth::{Auth, CurrentUser};
pub use error::{ApiError, PageError};

use crate::kernel::App;

pub fn router(app: App) -> Router {
    let max_body = (app.cfg.max_upload_mb as usize) * 1024 * 1024;
    Router::new()
        .route("/healthz", get(healthz))
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(api::docs_routes())
        .route("/assets/{*file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), auth::authenticate))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .with_state(app)
}

async fn healthz(axum::extract::State(app): axum::extract::State<App>) -> Result<&'static str, ApiError> {
    sqlx::query("SELECT 1").execute(&app.db.pool).await.map_err(crate::error::AppError::from)?;
    Ok("ok")
}
