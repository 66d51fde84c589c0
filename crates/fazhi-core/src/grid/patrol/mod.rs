//! Daily patrols (巡查): the record a grid worker makes on the phone, and
//! coverage by day with the missed-working-day rule.
mod coverage;
mod record;

pub use coverage::{Cell, DayCoverage, GridId, MissedPatrol, coverage, missed_on, missed_yesterday};
pub use record::{BACKFILL_DAYS, MAX_PHOTOS, Patrol, PatrolInput, validate_patrol};
