//! Platform services (M0): accounts and sessions, org tree, grants, calendar,
//! to-do list, attachments, search. Module services build on these.
pub mod audit_log;
pub mod docx;
pub mod calendar;
pub mod export;
pub mod grants;
pub mod jobs;
pub mod listing;
pub mod lists;
pub mod session;
pub mod todo;
pub mod users;
pub mod orgs;
pub mod search;
pub mod attachments;
pub mod personal;
pub mod rate_limit;
