//! M2 政务公开, disclosure requests (依申请公开, 条例 chapter 4): storage and
//! services around the pure rules of `fazhi_core::disclosure::request`.
//!
//! - `service` — registering a request (staff: paper, post, fax, e-mail with
//!   the art.31 收到日期 rule; the public: online, rate-limited), and [`act`]:
//!   every step of the workflow through one function that loads the
//!   [`Request`](fazhi_core::disclosure::Request) aggregate, `apply`s the step
//!   with the calendar, stores the event, puts the answer clock
//!   (`Request::deadline` → `platform::calendar::put_clock_in`) and the to-do
//!   item, all in one audited write. Extensions need the head's approval
//!   (`Permission::DisclosureExtensionApprove`); the office may propose one.
//! - `public` — the tracking page's data: by code plus the secret shown once
//!   (stored as its SM3 hash, compared in constant time) or the phone number
//!   (blind index), with failures rate-limited per code and per address.
//! - `letters` — 告知书 as DOCX (answer, correction notice, extension notice).
//! - `stats` — on-time statistics per office and period, XLSX export, and
//!   [`summaries_for_year`] for the annual report's Table 三.
//! - `cases` — 行政复议 / 行政诉讼 about requests, [`review_cases`] for Table 四.
//! - `demo` — 西联镇's 2021 requests and this year's in every state.
//!
//! Applicant name, ID/credit code, phone, address and e-mail are encrypted
//! (`platform::personal`); pages show them masked, and the full values only
//! through an audited unmask (`Permission::PersonalDataUnmask`).
mod cases;
pub mod demo;
mod letters;
mod public;
mod service;
mod stats;
mod store;
mod text;

pub use cases::{CaseForm, CaseRow, add_case, cases_for_year, cases_of_request, part_choices, result_choices, review_cases, update_case};
pub use letters::{LetterKind, letter};
pub use public::{Proof, PublicAnswer, PublicStep, Tracking, submit_public, track};
pub use service::{
    ActionForm, Created, EventView, RequestForm, Revealed, Settings, SettingsForm, StaffView, Step, act, decline_extension, propose_extension, register,
    reveal, save_settings, settings, staff_view,
};
pub use store::{EventRow, Proposal, RequestRow};
pub(crate) use service::synthesize_credit_code;
pub use stats::{Dashboard, OfficeStats, Period, QueueRow, StatsReport, dashboard, stats, stats_xlsx, summaries_for_year};
pub use text::{normalize_code, outcome_choices, reply_choices, state_sql};

/// The entity name of a request (audit, clock, to-do).
pub const ENTITY: &str = "disclosure_request";
/// The name of the answer clock (art.33).
pub const CLOCK: &str = "答复期限";
/// To-do kind: answer the request (open from receipt until it is finished).
pub const TODO_ANSWER: &str = "request_answer";
/// To-do kind: the head decides on a proposed extension.
pub const TODO_EXTENSION: &str = "request_extension";

/// The console page of a request.
pub fn console_url(id: i64) -> String {
    format!("/console/disclosure/requests/{id}")
}
