//! The request workflow (依申请公开, 条例 chapter 4; spec §2).
//!
//! - [`next`] is the whole transition table: which step may follow which
//!   state, with a Chinese refusal naming what has to happen first.
//! - [`Request`] is the aggregate: the 收到日期 plus the dated [`Event`]s. Its
//!   state is the fold of `next` over the events, and it enforces the rules
//!   that need history or the calendar (one correction notice within 7 WD,
//!   one extension of ≤ 20 WD before the due date, "no reply" only after the
//!   15 WD, non-payment only after the payment window).
//! - [`Request::deadline`] turns the events into facts for the one deadline
//!   engine ([`crate::calendar::compute`]); this module never counts days.
mod action;
mod aggregate;
mod checks;
mod clock;
mod state;
mod transition;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use action::{Action, ConsultationReply, Event, Response};
pub use aggregate::Request;
pub use clock::{
    ANSWER_DAYS, CONSULTATION_DAYS, CORRECTION_NOTICE_DAYS, EXTENSION_MAX_DAYS, FEE_PAYMENT_DAYS,
};
pub use state::{ActionKind, RequestState};
pub use transition::{allowed_actions, next};
