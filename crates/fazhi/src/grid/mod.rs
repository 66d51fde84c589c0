//! M10 网格化管理 (spec §10): storage and services around the pure rules of
//! `fazhi_core::grid`.
//!
//! - `scope` — who sees which grid, building and resident (楼栋长 only their buildings).
//! - `places` — buildings (三级网格), their 楼栋长, households.
//! - `residents` — the 居民基础信息表: register, edit, move, masked lists, audited unmask, XLSX export.
//! - `xlsx_read` + `import` — streaming XLSX import with a per-row report (background job).
//! - `patrols` — daily patrols and the missed-working-day to-do.
//! - `events` — events from report to close, escalation, public reports with a tracking code,
//!   hand-over of a dispute to people's mediation.
//! - `demo` — 西联镇's buildings, residents, patrols and events.
pub mod demo;
pub mod events;
pub mod import;
pub mod patrols;
pub mod places;
pub mod residents;
pub mod scope;
pub mod xlsx_read;

/// The module name (to-do, clocks).
pub const MODULE: &str = "grid";
/// Entity names (audit, clocks, to-do).
pub const RESIDENT: &str = "grid_resident";
pub const EVENT: &str = "grid_event";
pub const PATROL: &str = "grid_patrol";
pub const BUILDING: &str = "grid_building";
