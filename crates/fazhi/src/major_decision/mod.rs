//! M5 重大行政决策 (major administrative decisions), following
//! 《重大行政决策程序暂行条例》 (国务院令第713号) by 参照:
//!
//! - `catalogue` — the annual decision catalogue (决策事项目录): drafted by the
//!   office, approved after the Party committee's consent, published on the portal.
//! - `store` — reading decisions and their step records; building the pure
//!   gate's [`fazhi_core::major_decision::Record`].
//! - `service` — creating a decision (launch) and recording each step through
//!   the pure gate, the comment period, the legality-review request.
//! - `comments` — public comments on a draft (portal, rate-limited, moderated).
//! - `gate` — [`gate::check_schedulable`], the seam the meetings module calls
//!   before accepting a decision onto an agenda.
//! - `archive` — the decision archive (决策档案): the page's data and the ZIP export.
//! - `demo` — 西联镇 2021, written through the services.
pub mod archive;
pub mod catalogue;
pub mod comments;
pub mod demo;
pub mod gate;
pub mod service;
pub mod store;

/// The entity name of a decision (audit, attachments, search).
pub const ENTITY: &str = "major_decision";

/// The attachment `entity_id` of a step's materials: `<id>-<step>`; the
/// decision's general materials use `<id>`.
pub fn material_key(decision_id: i64, step: Option<fazhi_core::major_decision::Step>) -> String {
    match step {
        Some(s) => format!("{decision_id}-{}", s.code()),
        None => decision_id.to_string(),
    }
}
