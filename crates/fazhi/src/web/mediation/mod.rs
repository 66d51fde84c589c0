//! HTTP for 人民调解 (M9): console pages (`pages`) and the JSON API (`api`).
//! Handlers parse, call `crate::mediation` and render; no rule lives here.
pub mod api;
pub mod pages;
