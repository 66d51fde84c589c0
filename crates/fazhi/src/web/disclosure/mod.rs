//! HTTP for 政务公开 (M2), proactive publication: the console pages and the
//! public portal column (`pages`), and the JSON API (`api`). Handlers parse,
//! call `crate::disclosure` and render; no rule lives here.
pub mod api;
pub mod pages;
pub mod requests;
pub mod requests_api;
pub mod annual_report;
