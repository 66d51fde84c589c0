//! HTTP for 重大行政决策 (M5): console pages (`pages`), the portal column
//! (`portal`, no JavaScript) and the public JSON API (`api`). Handlers parse,
//! call `crate::major_decision` and render; no rule lives here.
pub mod api;
pub mod pages;
pub mod portal;
