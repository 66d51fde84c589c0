//! Grid events (网格事件) from report to close, around the pure rules of
//! `fazhi_core::grid::event`.
//!
//! - `store` — the row and its entries; the aggregate is their fold.
//! - `service` — [`report_in`] (patrol, phone, portal) and [`act`]: every step
//!   (accept, dispatch to a person / a town office / the level above /
//!   people's mediation, handle, feedback, verify, rework, close) through one
//!   function in one audited write, with the handling clock and the to-dos.
//! - `escalate` — the periodic job: a breach of the limit is recorded once per
//!   rung of the ladder (网格 → 村（社区）→ 镇) with a to-do at that rung.
//! - `limits` — the per-town table of limits (`grid_event_limit`).
//! - `public` — the resident's report on the portal (tracking code + secret
//!   shown once, rate-limited) and the tracking page (no personal data).
//! - `view` — the event page's data.
//! - `demo` — events in every state and category.
mod demo;
mod escalate;
mod limits;
mod public;
mod service;
mod store;
mod view;

pub use demo::{demo, hand_over_to_mediation};
pub use escalate::escalate_due;
pub use limits::{LimitRow, limits_for, save_limits};
pub use public::{PublicReport, PublicStatus, PublicStep, SUBMISSIONS_PER_HOUR, submit_public, track};
pub use service::{ActForm, Created, NewEvent, StaffReport, Step, act, act_at, report, report_in};
pub use view::{EventView, MediationLink, staff_view};
pub(crate) use service::handlers_for as handlers;

/// The handling clock's name (clock table, `/console/clocks/{id}`).
pub const CLOCK: &str = "处置期限";
/// To-do kinds.
pub const TODO_ACCEPT: &str = "grid_event_accept";
pub const TODO_HANDLE: &str = "grid_event_handle";
pub const TODO_ESCALATED: &str = "grid_event_escalated";

/// The console page of an event.
pub fn console_url(id: i64) -> String {
    format!("/console/grid/events/{id}")
}
