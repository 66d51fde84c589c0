//! Who may do what, where: roles are granted on an org unit and cover its
//! subtree; each role carries a fixed set of permissions. Pure functions, so the
//! one check the kernel runs on every read and write is tested here.
mod permission;
mod role;
mod scope;

pub use permission::Permission;
pub use role::Role;
pub use scope::{Actor, Grant, Scope};
