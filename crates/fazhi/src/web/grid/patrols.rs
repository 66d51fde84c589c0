//! (to be written)
use axum::Router;

use crate::kernel::App;

pub fn routes() -> Router<App> {
    Router::new()
}

pub fn api_routes() -> Router<App> {
    Router::new()
}

pub fn openapi_paths() -> serde_json::Value {
    serde_json::json!({})
}
