//! A mediation case (人民调解案件) from application to archive (spec §9).
//!
//! - [`next`]: the transition table; refusals name the missing step and the article.
//! - [`Case`]: the aggregate (parties, source, dated [`Entry`]s); `apply`
//!   returns the [`Effect`]s the server must carry out (a to-do for 综治, a
//!   report to the police, the linked grid event handled).
//! - [`Case::target_deadline`] (one-month target) and
//!   [`Case::confirmation_deadline`] (30 days for 司法确认) as facts for
//!   [`crate::calendar::compute`].
mod action;
mod aggregate;
mod clock;
mod state;
mod transition;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use action::{Action, Effect, Entry, Performance, RiskKind, Route, TerminationReason};
pub use aggregate::Case;
pub use clock::{CONFIRMATION_WINDOW_DAYS, TARGET_MONTHS};
pub use state::{ActionKind, CaseState};
pub use transition::{GATE, allowed_actions, next};
