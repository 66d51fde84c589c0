//! Patrol coverage by day and the missed-working-day rule.
//!
//! The seed: "每位社区工作人员都将巡查作为日常工作，坚持每天巡查". The rule
//! the platform enforces (project's reading): every grid has at least one
//! patrol on every WORKING day of the calendar; a grid without one is put on
//! the community director's to-do list the next morning. Weekends and
//! holidays are shown but never flagged; a day whose year is not loaded in
//! the calendar is reported as unknown, never guessed.
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{Calendar, CalendarError, DayKind};

/// A grid's org id.
pub type GridId = i64;

/// One grid on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    /// At least one patrol (on any kind of day).
    Patrolled { patrols: u32 },
    /// A working day without a patrol.
    Missed,
    /// A weekend or holiday without a patrol: not required.
    NotRequired,
    /// No patrol, and the calendar does not know whether the day is working.
    Unknown,
}

/// One row of the coverage table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCoverage {
    pub date: NaiveDate,
    /// `None` when the day's year is not loaded.
    pub kind: Option<DayKind>,
    /// In the order of the `grids` argument.
    pub cells: Vec<(GridId, Cell)>,
}

impl DayCoverage {
    /// Share of grids patrolled, in per mille (for the dashboard bar).
    pub fn patrolled_permille(&self) -> u32 {
        if self.cells.is_empty() {
            return 0;
        }
        let done = self.cells.iter().filter(|(_, c)| matches!(c, Cell::Patrolled { .. })).count();
        (done * 1000 / self.cells.len()) as u32
    }
}

/// A grid to put on the director's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissedPatrol {
    pub grid: GridId,
    pub day: NaiveDate,
}

impl MissedPatrol {
    /// The to-do title; with the grid name filled in by the caller.
    pub fn title(&self, grid_name: &str) -> String {
        format!("{grid_name} {} 未巡查", self.day.format("%Y-%m-%d"))
    }

    /// A stable key so the same flag is never opened twice.
    pub fn key(&self) -> String {
        format!("patrol-missed:{}:{}", self.grid, self.day)
    }
}

/// Coverage of `grids` for every day in `[from, to]`, from the (grid, day)
/// of each recorded patrol (patrols of other grids are ignored).
pub fn coverage(grids: &[GridId], patrols: &[(GridId, NaiveDate)], from: NaiveDate, to: NaiveDate, cal: &Calendar) -> Vec<DayCoverage> {
    let mut counts: HashMap<(GridId, NaiveDate), u32> = HashMap::new();
    for (grid, day) in patrols {
        if (from..=to).contains(day) {
            *counts.entry((*grid, *day)).or_default() += 1;
        }
    }
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            let kind = cal.kind(date).ok();
            let cells = grids
                .iter()
                .map(|grid| {
                    let cell = match (counts.get(&(*grid, date)), kind) {
                        (Some(n), _) => Cell::Patrolled { patrols: *n },
                        (None, None) => Cell::Unknown,
                        (None, Some(k)) if k.is_working() => Cell::Missed,
                        (None, Some(_)) => Cell::NotRequired,
                    };
                    (*grid, cell)
                })
                .collect();
            DayCoverage { date, kind, cells }
        })
        .collect()
}

/// The flags the morning job raises on `morning`: grids with no patrol on
/// the day before, if that was a working day. A day beyond the calendar is
/// an error the job reports ("日历未载入"), not a flag and not a pass.
pub fn missed_yesterday(grids: &[GridId], patrols: &[(GridId, NaiveDate)], morning: NaiveDate, cal: &Calendar) -> Result<Vec<MissedPatrol>, CalendarError> {
    let day = morning.pred_opt().ok_or(CalendarError::DateOverflow)?;
    missed_on(grids, patrols, day, cal)
}

/// Grids with no patrol on `day` if it is a working day; none otherwise.
/// A job that did not run for a while calls this for each missed morning.
pub fn missed_on(grids: &[GridId], patrols: &[(GridId, NaiveDate)], day: NaiveDate, cal: &Calendar) -> Result<Vec<MissedPatrol>, CalendarError> {
    if !cal.is_workday(day)? {
        return Ok(Vec::new());
    }
    Ok(grids
        .iter()
        .filter(|g| !patrols.iter().any(|(pg, pd)| pg == *g && *pd == day))
        .map(|grid| MissedPatrol { grid: *grid, day })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::official_calendar;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_working_day_without_a_patrol_is_flagged_the_next_morning() {
        let cal = official_calendar();
        // 2021-09-17 is a Friday; grid 2 patrolled, grid 1 did not.
        let patrols = [(2, d(2021, 9, 17))];
        let flags = missed_yesterday(&[1, 2], &patrols, d(2021, 9, 18), &cal).unwrap();
        assert_eq!(flags, vec![MissedPatrol { grid: 1, day: d(2021, 9, 17) }]);
        assert_eq!(flags[0].key(), "patrol-missed:1:2021-09-17");
        assert_eq!(flags[0].title("第一网格"), "第一网格 2021-09-17 未巡查");
    }

    #[test]
    fn holidays_and_weekends_are_not_flagged_but_makeup_workdays_are() {
        let cal = official_calendar();
        // 2021-09-20 中秋节 and 10-02 国庆 are holidays; Saturday 9/18 is a 调休上班 day.
        assert!(missed_on(&[1], &[], d(2021, 9, 20), &cal).unwrap().is_empty());
        assert!(missed_on(&[1], &[], d(2021, 10, 2), &cal).unwrap().is_empty());
        assert_eq!(missed_on(&[1], &[], d(2021, 9, 18), &cal).unwrap().len(), 1);
    }

    #[test]
    fn a_day_beyond_the_calendar_is_unknown_not_guessed() {
        let cal = official_calendar();
        let beyond = d(cal.last_loaded_year().unwrap() + 1, 3, 3);
        assert!(matches!(missed_on(&[1], &[], beyond, &cal), Err(CalendarError::BeyondCalendar { .. })));
        let table = coverage(&[1, 2], &[(2, beyond)], beyond, beyond, &cal);
        assert_eq!(table[0].kind, None);
        assert_eq!(table[0].cells, vec![(1, Cell::Unknown), (2, Cell::Patrolled { patrols: 1 })]);
    }

    #[test]
    fn coverage_table() {
        let cal = official_calendar();
        let patrols = [(1, d(2021, 10, 8)), (1, d(2021, 10, 8)), (2, d(2021, 10, 9)), (9, d(2021, 10, 8))];
        let table = coverage(&[1, 2], &patrols, d(2021, 10, 7), d(2021, 10, 10), &cal);
        let cells: Vec<_> = table.iter().map(|row| row.cells.clone()).collect();
        assert_eq!(
            cells,
            vec![
                vec![(1, Cell::NotRequired), (2, Cell::NotRequired)],          // 国庆
                vec![(1, Cell::Patrolled { patrols: 2 }), (2, Cell::Missed)], // Friday
                vec![(1, Cell::Missed), (2, Cell::Patrolled { patrols: 1 })], // 调休上班 Saturday
                vec![(1, Cell::NotRequired), (2, Cell::NotRequired)],          // Sunday
            ]
        );
        assert_eq!(table[1].patrolled_permille(), 500);
    }

    proptest! {
        /// The flags of a day are exactly the coverage table's missed cells.
        #[test]
        fn flags_agree_with_coverage(offset in 0u64..700, patrolled in proptest::collection::vec(any::<bool>(), 1..6)) {
            let cal = official_calendar();
            let day = d(2021, 1, 1) + chrono::Days::new(offset);
            let grids: Vec<GridId> = (1..=patrolled.len() as i64).collect();
            let patrols: Vec<_> = grids.iter().zip(&patrolled).filter(|(_, p)| **p).map(|(g, _)| (*g, day)).collect();
            let flagged: Vec<GridId> = missed_on(&grids, &patrols, day, &cal).unwrap().into_iter().map(|m| m.grid).collect();
            let table = coverage(&grids, &patrols, day, day, &cal);
            let missed: Vec<GridId> = table[0].cells.iter().filter(|(_, c)| *c == Cell::Missed).map(|(g, _)| *g).collect();
            prop_assert_eq!(flagged, missed);
        }
    }
}
