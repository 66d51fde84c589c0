//! Grid management (网格化管理, spec §10; seed: 实行综治三级网格化管理).
//!
//! - [`level`]: the three grid levels (居委会主任 → 社区工作人员 → 楼栋长) and
//!   the escalation ladder (网格 → 村居 → 镇综治中心).
//! - [`scope`]: who sees which residents, patrols and events.
//! - [`resident`]: the 居民基础信息表, its row validator and import rules.
//! - [`patrol`]: daily patrol coverage and the missed-working-day rule.
//! - [`event`]: events in the six categories, their workflow, clocks and
//!   escalation.
pub mod event;
pub mod level;
pub mod patrol;
pub mod resident;
pub mod scope;

pub use level::{GridLevel, HandlingLevel};
pub use scope::{GridScope, Place, Stewardship};
