//! HTTP for 网格化管理 (M10): console pages, the public report/track pages and
//! the JSON API. Handlers parse, call `crate::grid` and render; no rule lives here.
pub mod dashboard;
pub mod events;
pub mod import;
pub mod patrols;
pub mod portal;
pub mod residents;

use axum::Router;

use crate::kernel::App;

/// Console and portal pages.
pub fn page_routes() -> Router<App> {
    Router::new()
        .merge(dashboard::routes())
        .merge(residents::routes())
        .merge(import::routes())
        .merge(patrols::routes())
        .merge(events::routes())
        .merge(portal::routes())
}

/// `/api/v1/grid/...`.
pub fn api_routes() -> Router<App> {
    Router::new().merge(residents::api_routes()).merge(patrols::api_routes()).merge(events::api_routes())
}

/// The grid part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Value {
    let mut all = serde_json::Map::new();
    for part in [residents::openapi_paths(), patrols::openapi_paths(), events::openapi_paths()] {
        if let serde_json::Value::Object(m) = part {
            all.extend(m);
        }
    }
    serde_json::Value::Object(all)
}
