//! M9 人民调解 (人民调解法, spec §9): storage and services around the pure
//! rules of `fazhi_core::mediation`.
//!
//! - `committees` — 人民调解委员会 of the town and its communities (members
//!   with sex for the art.8 rule, three-year term) and their mediators.
//! - `service` — opening a case (visit, call, referral, own initiative; or
//!   [`open_from_grid_event_in`] inside the grid's write) and [`act`]: every
//!   step through one function that loads the [`Case`](fazhi_core::mediation::case::Case)
//!   aggregate, `apply`s the step with the calendar, stores the entry, carries
//!   out the returned effects (综治 to-do, police report, grid hand-back), puts
//!   the one-month target and the 30-day 司法确认 clocks — one audited write.
//! - `view` — the case page's data: masked parties, the agreement's
//!   effectiveness with what is missing, both clocks explained.
//! - `agreement_doc` — 人民调解协议书 as DOCX (`platform::docx`).
//! - `stats` — the figures for a period (pure `figures`).
//! - `demo` — 西联镇's committees, mediators and cases in every state.
//!
//! Parties appear in steps only by designation (甲方、乙方…); their names,
//! 身份证号, phones and addresses are encrypted (`platform::personal`) and
//! shown masked, in full only through an audited unmask.
mod agreement_doc;
mod committees;
pub mod demo;
mod service;
mod stats;
mod store;
mod view;

pub use agreement_doc::agreement_docx;
pub use committees::{CommitteeForm, CommitteeView, MediatorForm, add_mediator, committees_in_scope, create_committee};
pub use service::{Acted, ActionForm, CaseInput, PartyInput, Step, act, act_at, open_case, open_from_grid_event_in, reveal, Revealed};
pub use stats::{FigureReport, figures_for};
pub use view::{CaseView, staff_view};

/// The entity name of a case (audit, clock, to-do).
pub const ENTITY: &str = "mediation_case";
/// The module name (to-do, clocks).
pub const MODULE: &str = "mediation";
/// 调解期限: the one-month target (司法部《人民调解工作若干规定》art.33).
pub const TARGET_CLOCK: &str = "调解期限";
/// 司法确认申请期限 (人民调解法 art.33).
pub const CONFIRMATION_CLOCK: &str = "司法确认申请期限";
/// To-do kind: handle the case (open from registration until mediation ends).
pub const TODO_HANDLE: &str = "mediation_handle";
/// To-do kind: a risk flag for the 综治 office (矛盾升级 / 可能引起刑事案件).
pub const TODO_RISK: &str = "mediation_risk";

/// The console page of a case.
pub fn console_url(id: i64) -> String {
    format!("/console/mediation/cases/{id}")
}

/// Party designations in documents, in order (甲方、乙方 …).
pub const DESIGNATIONS: [&str; 6] = ["甲方", "乙方", "丙方", "丁方", "戊方", "己方"];
