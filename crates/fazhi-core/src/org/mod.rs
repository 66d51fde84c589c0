//! The org tree: 省/市/区/镇街/村居/网格. Every record belongs to one unit; a
//! permission granted on a unit covers its whole subtree, so the tree's shape is
//! a domain rule, not a storage detail.
mod kind;
mod path;

pub use kind::OrgKind;
pub use path::OrgPath;
