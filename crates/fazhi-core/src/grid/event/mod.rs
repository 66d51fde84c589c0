//! Grid events (事件): report → accept → dispatch → handle → feedback →
//! verify → close (spec §10; FixMyStreet/Open311 and the 事件上报 → 分拨 →
//! 处置 → 核查 → 办结 flow of Chinese grid systems).
//!
//! - [`EventCategory`]: the seed's six work lines, each with a configurable
//!   time limit in working days ([`Limits`]; defaults are the project's choice).
//! - [`next`]: the whole transition table, refusals naming the missing step.
//! - [`Event`]: the aggregate (report facts + dated [`Entry`]s, state = fold).
//! - [`Event::deadline`]: the handling clock as facts for
//!   [`crate::calendar::compute`]; [`escalations_due`]: which rungs of the
//!   grid ladder a breach has reached and are not yet recorded.
//! - A dispute event is dispatched to people's mediation with the case's id
//!   ([`DispatchTarget::Mediation`]), which is the link both ways.
mod action;
mod aggregate;
mod category;
mod clock;
mod escalation;
mod report;
mod state;
mod transition;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use action::{Action, DispatchTarget, Entry};
pub use aggregate::Event;
pub use category::{EventCategory, EventSource, Limits};
pub use escalation::{Escalation, escalations_due};
pub use report::{MAX_REPORT_PHOTOS, Report, ReportInput, validate_report};
pub use state::{ActionKind, EventState};
pub use transition::{allowed_actions, next};
