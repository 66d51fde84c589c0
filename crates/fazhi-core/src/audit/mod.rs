//! The tamper-evident audit chain. Each record's MAC covers its content and the
//! previous record's MAC, per chain (one chain per town), so an edited, removed
//! or re-ordered row is found by walking the chain. The MAC function is passed
//! in: the key lives in configuration, and this crate does no crypto.
mod chain;

pub use chain::{AuditEntry, ChainBreak, ChainHead, ChainVerifier, GENESIS, verify_chain};
