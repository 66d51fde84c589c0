//! The kernel every module stands on: the application state, the actor, the
//! org lookup and the single write path (authorize → validate → apply → audit,
//! in one transaction).
mod actor;
mod app;
pub mod audit;
mod org;
mod scope;
mod write;

pub use actor::load_actor;
pub use app::{App, Keys};
pub use org::{OrgRef, chain_key, load_org};
pub use scope::scope_sql;
pub use write::{Change, Write};
