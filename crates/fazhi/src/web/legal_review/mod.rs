//! HTTP for 合法性审查 and the advisers' register: console pages (`pages`,
//! `advisers`) and the JSON API (`api`). Handlers parse, call
//! `crate::legal_review` and render; no rule lives here.
pub mod advisers;
pub mod api;
pub mod pages;
