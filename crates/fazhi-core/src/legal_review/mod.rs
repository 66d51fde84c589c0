//! 合法性审查 (legality review) and the legal advisers (法律顾问): one
//! mechanism that decisions (§7), normative documents (§6), contracts and
//! major enforcement decisions (§8 法制审核) attach to.
//!
//! - `model` — subject kinds, conclusions, states (codes and Chinese labels);
//! - `period` — the reviewer's period (≥ 7 个工作日 for decisions) on the one
//!   counting engine;
//! - `opinion` — what an opinion and the requester's point-by-point response
//!   must contain;
//! - `workflow` — transitions, the reviewer's independence, and
//!   `permits_scheduling`, the gate a decision passes before the meeting.
mod model;
mod opinion;
mod period;
mod workflow;

pub use model::{Conclusion, ReviewState, SubjectKind};
pub use opinion::{MAX_POINTS, Opinion, PointAnswer, RawAnswer, check_opinion, check_response};
pub use period::{DECISION_MIN_WORKING_DAYS, MAX_WORKING_DAYS, ReviewPeriod, default_working_days, minimum_due, minimum_working_days, plan};
pub use workflow::{Action, check_reviewer, permits_scheduling, transition};
