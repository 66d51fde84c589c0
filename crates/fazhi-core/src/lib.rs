//! Fazhi's domain rules in plain Rust: no I/O, no async. The server crates are
//! thin layers of storage and HTTP around what is decided here.
pub mod access;
pub mod audit;
pub mod calendar;
pub mod disclosure;
pub mod error;
pub mod form;
pub mod grid;
pub mod legal_review;
pub mod mediation;
pub mod major_decision;
pub mod meeting;
pub mod org;
pub mod personal;
pub mod tracking;

pub use error::DomainError;
