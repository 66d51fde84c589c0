//! 合法性审查 (legality review) and the register of legal advisers (法律顾问),
//! shared by major decisions, normative documents, contracts and enforcement.
//! The rules are in `fazhi_core::legal_review`; this is their storage:
//!
//! - `service` — request (also `request_in`, inside another module's write),
//!   opine, respond, withdraw; clocks and to-do items;
//! - `store` — reads: one review with its points, `latest_for_subject` (what
//!   another module asks before it goes ahead), queues, the API list;
//! - `advisers` — the advisers' register;
//! - `figures` — reviews per year, share reviewed, on-time rate, adoption;
//! - `demo` — a year of 西联镇 reviews in every state, written through the services.
pub mod advisers;
pub mod demo;
pub mod figures;
pub mod service;
pub mod store;

pub use fazhi_core::legal_review::{Conclusion, ReviewState, SubjectKind, permits_scheduling};
pub use service::{NewOpinion, NewReview, Withdrawal, opine, request, request_in, respond, withdraw};
pub use store::{ReviewSummary, ReviewView, get, latest_for_subject};

/// The module code on to-do items, clocks and search documents.
pub const MODULE: &str = "legal_review";
/// The entity name of a review (audit, to-do, clock, attachments).
pub const ENTITY: &str = "legal_review";
/// The clock's name.
pub const CLOCK: &str = "审查期限";
/// To-do kinds: the reviewer's opinion is due; the requester owes a response.
pub const TODO_OPINION: &str = "legal_review_opinion";
pub const TODO_RESPONSE: &str = "legal_review_response";

/// An instant as shown on pages: UTC+8, to the minute.
pub fn local_label(instant: &str) -> String {
    crate::db::parse_instant(instant).map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| instant.to_string())
}

/// The legal date (UTC+8) of an instant.
pub fn local_date(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (t + chrono::Duration::hours(8)).date_naive()
}

/// Stored instant text of a time.
pub fn instant_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
