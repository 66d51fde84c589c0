//! What kind of day a date is, per locality and per year.
//!
//! The holiday arrangement changes every year (国务院办公厅通知) and may
//! differ by locality (少数民族 holidays), so the calendar is data: a list of
//! override rows plus the set of years those rows fully describe. Dates in
//! other years are refused, never guessed.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::CalendarError;

/// The kind of a day. Only `Holiday` and `MakeupWorkday` normally appear as
/// listed rows; `Workday` and `Weekend` are what an unlisted date is by its
/// weekday (a listed row of those kinds is honoured as written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday.
    Workday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// 法定节假日 (part of an official off range, weekend days included).
    Holiday,
    /// 调休上班: a Saturday or Sunday worked in exchange for a holiday.
    MakeupWorkday,
}

impl DayKind {
    /// Whether the day counts as a working day (工作日).
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday)
    }
}

/// One override row, as stored in the calendar table an admin may edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// The day this row overrides (unique per calendar).
    pub date: NaiveDate,
    /// Usually `Holiday` or `MakeupWorkday`.
    pub kind: DayKind,
    /// Shown to citizens, e.g. "春节" or "春节调休上班".
    pub name: String,
}

impl CalendarDay {
    /// Shorthand for building rows in code and tests.
    pub fn new(date: NaiveDate, kind: DayKind, name: impl Into<String>) -> CalendarDay {
        CalendarDay {
            date,
            kind,
            name: name.into(),
        }
    }
}

/// A working-day calendar: override rows plus the years they cover.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
    years: BTreeSet<i32>,
}

impl Calendar {
    /// Builds a calendar from arbitrary rows (e.g. the DB table) and the years
    /// whose arrangement is complete. Rows may lie outside those years (2023's
    /// 元旦 starts on 2022-12-31); they are kept but only consulted for covered
    /// dates. Exact duplicate rows are tolerated, conflicting ones are not.
    pub fn new(
        days: impl IntoIterator<Item = CalendarDay>,
        years: impl IntoIterator<Item = i32>,
    ) -> Result<Calendar, CalendarError> {
        let mut map = BTreeMap::new();
        for day in days {
            match map.get(&day.date) {
                Some(existing) if *existing != day => {
                    return Err(CalendarError::ConflictingDay { date: day.date });
                }
                Some(_) => {}
                None => {
                    map.insert(day.date, day);
                }
            }
        }
        Ok(Calendar {
            days: map,
            years: years.into_iter().collect(),
        })
    }

    /// Whether the arrangement for `date`'s year is loaded, i.e. whether the
    /// calendar may answer for it.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    /// The covered years, ascending.
    pub fn loaded_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The latest covered year, for "loaded until …" messages.
    pub fn last_loaded_year(&self) -> Option<i32> {
        self.years.last().copied()
    }

    /// The listed row for `date`, if any (gives the festival name).
    pub fn entry(&self, date: NaiveDate) -> Option<&CalendarDay> {
        self.days.get(&date)
    }

    /// All listed rows in date order, e.g. to seed or display the table.
    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> + '_ {
        self.days.values()
    }

    /// The kind of `date`; refuses dates in years that are not loaded.
    pub fn kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        if !self.covers(date) {
            return Err(CalendarError::BeyondCalendar {
                date,
                last_loaded_year: self.last_loaded_year(),
            });
        }
        Ok(match self.days.get(&date) {
            Some(row) => row.kind,
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        })
    }

    /// Whether `date` is a working day: (Mon–Fri and not a holiday) or a
    /// make-up workday. Refuses dates in years that are not loaded.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.kind(date).map(DayKind::is_working)
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn sample() -> Calendar {
        Calendar::new(
            [
                CalendarDay::new(d(2024, 2, 12), DayKind::Holiday, "春节"),
                CalendarDay::new(d(2024, 2, 18), DayKind::MakeupWorkday, "春节调休上班"),
            ],
            [2024],
        )
        .unwrap()
    }

    #[test]
    fn unlisted_days_follow_the_weekday() {
        let cal = sample();
        assert_eq!(cal.kind(d(2024, 2, 13)).unwrap(), DayKind::Workday);
        assert_eq!(cal.kind(d(2024, 2, 17)).unwrap(), DayKind::Weekend);
    }

    #[test]
    fn listed_rows_override_the_weekday() {
        let cal = sample();
        assert!(!cal.is_workday(d(2024, 2, 12)).unwrap());
        assert!(cal.is_workday(d(2024, 2, 18)).unwrap());
        assert_eq!(cal.entry(d(2024, 2, 18)).unwrap().name, "春节调休上班");
    }

    #[test]
    fn unloaded_years_are_refused_not_guessed() {
        let cal = sample();
        assert!(!cal.covers(d(2025, 1, 2)));
        assert_eq!(
            cal.is_workday(d(2025, 1, 2)),
            Err(CalendarError::BeyondCalendar {
                date: d(2025, 1, 2),
                last_loaded_year: Some(2024)
            })
        );
        let empty = Calendar::default();
        assert_eq!(
            empty.kind(d(2024, 1, 2)),
            Err(CalendarError::BeyondCalendar {
                date: d(2024, 1, 2),
                last_loaded_year: None
            })
        );
    }

    #[test]
    fn conflicting_rows_are_rejected_and_exact_duplicates_tolerated() {
        let row = CalendarDay::new(d(2024, 3, 1), DayKind::Holiday, "地方节日");
        assert!(Calendar::new([row.clone(), row.clone()], [2024]).is_ok());
        let other = CalendarDay::new(d(2024, 3, 1), DayKind::Workday, "地方节日");
        assert_eq!(
            Calendar::new([row, other], [2024]),
            Err(CalendarError::ConflictingDay {
                date: d(2024, 3, 1)
            })
        );
    }

    #[test]
    fn covered_years_may_have_gaps() {
        let cal = Calendar::new([], [2021, 2023]).unwrap();
        assert!(cal.covers(d(2021, 6, 1)));
        assert!(!cal.covers(d(2022, 6, 1)));
        assert_eq!(cal.loaded_years().collect::<Vec<_>>(), vec![2021, 2023]);
        assert_eq!(cal.last_loaded_year(), Some(2023));
    }
}
