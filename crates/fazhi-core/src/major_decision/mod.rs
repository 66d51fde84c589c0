//! 重大行政决策 (module M5): the pure rules of 《重大行政决策程序暂行条例》
//! (国务院令第713号), which a township follows by 参照 (art.42).
//!
//! - [`step`]: the procedure as an ordered list of steps, each required or
//!   optional according to the decision's attributes (hearing planned,
//!   technical, risk).
//! - [`gate`]: [`next_allowed`] refuses any step whose required earlier steps are
//!   not complete, naming the missing step in Chinese; [`schedulable`] is the
//!   gate for putting a decision on a meeting agenda; [`timeline`] explains
//!   each step's standing.
//! - [`participation`]: the comment period (≥ 30 days unless an urgent reason
//!   is recorded, art.15) and the hearing's notice rule (art.17).
pub mod gate;
pub mod participation;
pub mod step;

pub use gate::{Entry, EntryState, Legality, Record, Standing, adjust_allowed, after_adjust, next_allowed, schedulable, stage, timeline};
pub use participation::{HEARING_NOTICE_DAYS, MIN_COMMENT_DAYS, check_comment_period, check_hearing, comment_closed};
pub use step::{AdjustKind, Attrs, Step, plan};
