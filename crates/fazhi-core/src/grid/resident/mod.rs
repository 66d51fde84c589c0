//! The resident basic information table (居民基础信息表) and its import.
//!
//! - [`COLUMNS`]: the town's XLSX layout, the one place it is written down
//!   (template download, import and export all read it).
//! - [`validate_row`]: raw cells → a checked [`ResidentRow`] or every problem
//!   of the row, each naming its column in Chinese.
//! - [`ImportTally`] and [`decide`]: the batch rules (duplicates by ID number,
//!   "all or nothing" or "valid rows only") as pure functions over a report
//!   that grows row by row, so the server can stream a file of any size.
//! - [`to_cells`]: the export row, masked by default, in the import layout.
//! - [`plan_move`]: moving between households/grids appends to the history.
//!
//! Which fields the seed names and which are the project's choice is said on
//! each field. Sex and birth date are never typed: they come from the 身份证号.
mod batch;
mod columns;
mod export;
mod items;
mod moves;
mod relation;
mod residence;
mod row;

pub use batch::{ImportDecision, ImportMode, ImportTally, MAX_REPORTED, RowVerdict, check_headers, decide, dedup_key};
pub use columns::{COLUMNS, Column};
pub use export::{Masking, to_cells};
pub use items::{Attention, ItemEntry, WorkItem, WorkItems};
pub use moves::{Residence, plan_move, residence_on};
pub use relation::{HouseholdRelation, RELATIONS};
pub use residence::ResidenceStatus;
pub use row::{CellError, ResidentRow, validate_row};
