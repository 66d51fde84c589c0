//! (to be written)
use axum::Router;

use crate::kernel::App;

pub fn routes() -> Router<App> {
    Router::new()
}
