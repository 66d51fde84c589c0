//! The one counting engine: walks day by day from a trigger, skipping what
//! does not count, and records why. Every due date in the system comes from
//! here, directly (`add_working_days`, `add_calendar_days`) or via `compute`.
use chrono::{Datelike, NaiveDate};

use super::explain::Step;
use super::{Calendar, CalendarError, DayKind, Pause, Unit};

/// `n` working days after `start` (which is not counted). A start on a rest
/// day simply counts from the next working day; `n == 0` returns `start`.
pub fn add_working_days(
    cal: &Calendar,
    start: NaiveDate,
    n: u32,
) -> Result<NaiveDate, CalendarError> {
    Walker::new(cal, &[])
        .advance(start, Unit::WorkingDays, n)
        .map(Reach::expect_due)
}

/// `n` calendar days after `start`; if that day is not a working day the
/// period ends on the next working day (民法典 art.203).
pub fn add_calendar_days(
    cal: &Calendar,
    start: NaiveDate,
    n: u32,
) -> Result<NaiveDate, CalendarError> {
    Walker::new(cal, &[])
        .advance(start, Unit::CalendarDays, n)
        .map(Reach::expect_due)
}

/// Where a counting run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    Due(NaiveDate),
    /// An open pause stopped the clock on `since` with `left` units to go.
    Paused {
        since: NaiveDate,
        left: u32,
    },
}

impl Reach {
    fn expect_due(self) -> NaiveDate {
        match self {
            Reach::Due(date) => date,
            Reach::Paused { .. } => unreachable!("a walk without pauses cannot pause"),
        }
    }
}

enum PauseHit {
    Free,
    Closed(usize),
    Open,
}

/// Per-pause tally of days that would have counted but fell in the pause.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PauseTally {
    pub not_counted: u32,
    /// Unit of the segment in which the pause was met.
    pub unit: Option<Unit>,
}

/// Counting state shared by the segments of one deadline (base period, then
/// each extension), so pauses and the explanation span all of them.
pub(crate) struct Walker<'a> {
    cal: &'a Calendar,
    pauses: &'a [Pause],
    /// Explanation steps keyed by the date they belong to.
    pub events: Vec<(NaiveDate, Step)>,
    pub tallies: Vec<PauseTally>,
}

impl<'a> Walker<'a> {
    pub fn new(cal: &'a Calendar, pauses: &'a [Pause]) -> Walker<'a> {
        Walker {
            cal,
            pauses,
            events: Vec::new(),
            tallies: vec![PauseTally::default(); pauses.len()],
        }
    }

    /// Counts `n` units after `from` (not counted).
    pub fn advance(&mut self, from: NaiveDate, unit: Unit, n: u32) -> Result<Reach, CalendarError> {
        match unit {
            Unit::WorkingDays => self.advance_working(from, n),
            Unit::CalendarDays => self.advance_calendar(from, n),
        }
    }

    fn advance_working(&mut self, from: NaiveDate, n: u32) -> Result<Reach, CalendarError> {
        let mut day = from;
        let mut counted = 0;
        while counted < n {
            day = self.next_day(day)?;
            let hit = self.pause_at(day);
            if let PauseHit::Open = hit {
                return Ok(Reach::Paused {
                    since: day,
                    left: n - counted,
                });
            }
            let kind = self.cal.kind(day)?;
            if let PauseHit::Closed(i) = hit {
                self.tally(i, Unit::WorkingDays, kind.is_working());
                continue;
            }
            if kind.is_working() {
                counted += 1;
                if kind == DayKind::MakeupWorkday {
                    let name = self.name(day);
                    self.events
                        .push((day, Step::MakeupCounted { date: day, name }));
                }
            } else {
                self.record_skip(day, kind);
            }
        }
        Ok(Reach::Due(day))
    }

    fn advance_calendar(&mut self, from: NaiveDate, n: u32) -> Result<Reach, CalendarError> {
        let mut day = from;
        let mut counted = 0;
        while counted < n {
            day = self.next_day(day)?;
            match self.pause_at(day) {
                PauseHit::Open => {
                    return Ok(Reach::Paused {
                        since: day,
                        left: n - counted,
                    });
                }
                PauseHit::Closed(i) => self.tally(i, Unit::CalendarDays, true),
                PauseHit::Free => counted += 1,
            }
        }
        // 民法典 art.203: a last day that is a rest day moves to the next
        // working day (paused days are skipped the same way).
        let nominal = day;
        let mut end = nominal;
        loop {
            match self.pause_at(end) {
                PauseHit::Open => {
                    return Ok(Reach::Paused {
                        since: end,
                        left: 0,
                    });
                }
                PauseHit::Closed(_) => {}
                PauseHit::Free if self.cal.is_workday(end)? => break,
                PauseHit::Free => {}
            }
            end = self.next_day(end)?;
        }
        if end != nominal {
            let kind = self.cal.kind(nominal)?;
            let name = self.name(nominal);
            self.events.push((
                nominal,
                Step::RolledForward {
                    nominal,
                    to: end,
                    kind,
                    name,
                },
            ));
        }
        Ok(Reach::Due(end))
    }

    /// The next day, refusing to walk past the last loaded year: the result
    /// would need a day of that year anyway, so stop early (this also bounds
    /// the walk for huge `n`).
    fn next_day(&self, day: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let next = day.succ_opt().ok_or(CalendarError::DateOverflow)?;
        match self.cal.last_loaded_year() {
            Some(year) if next.year() <= year => Ok(next),
            last_loaded_year => Err(CalendarError::BeyondCalendar {
                date: next,
                last_loaded_year,
            }),
        }
    }

    /// Open pauses win (the clock is stopped for good); among closed pauses
    /// the earliest-starting one is credited with the day.
    fn pause_at(&self, day: NaiveDate) -> PauseHit {
        let mut closed: Option<usize> = None;
        for (i, pause) in self.pauses.iter().enumerate() {
            if day < pause.from {
                continue;
            }
            match pause.until {
                None => return PauseHit::Open,
                Some(until) if day <= until => {
                    if closed.is_none_or(|c| pause.from < self.pauses[c].from) {
                        closed = Some(i);
                    }
                }
                Some(_) => {}
            }
        }
        closed.map_or(PauseHit::Free, PauseHit::Closed)
    }

    fn tally(&mut self, pause: usize, unit: Unit, would_count: bool) {
        let tally = &mut self.tallies[pause];
        tally.unit.get_or_insert(unit);
        if would_count {
            tally.not_counted += 1;
        }
    }

    fn name(&self, day: NaiveDate) -> String {
        self.cal
            .entry(day)
            .map(|row| row.name.clone())
            .unwrap_or_default()
    }

    /// Adds `day` to the previous skipped range when adjacent and alike.
    fn record_skip(&mut self, day: NaiveDate, kind: DayKind) {
        let name = self.name(day);
        if let Some((
            _,
            Step::Skipped {
                to,
                kind: last_kind,
                name: last_name,
                days,
                ..
            },
        )) = self.events.last_mut()
            && *last_kind == kind
            && *last_name == name
            && to.succ_opt() == Some(day)
        {
            *to = day;
            *days += 1;
            return;
        }
        self.events.push((
            day,
            Step::Skipped {
                from: day,
                to: day,
                kind,
                name,
                days: 1,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::official_calendar;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spring_festival_2024() {
        // 2/9 (除夕) counts, 2/10–17 off, Sunday 2/18 is a make-up workday.
        assert_eq!(
            add_working_days(&official_calendar(), d(2024, 2, 8), 20),
            Ok(d(2024, 3, 13))
        );
    }

    #[test]
    fn national_day_2021() {
        let cal = official_calendar();
        assert_eq!(
            add_working_days(&cal, d(2021, 9, 30), 1),
            Ok(d(2021, 10, 8))
        );
        // Saturday 2021-10-09 is a make-up workday.
        assert_eq!(
            add_working_days(&cal, d(2021, 9, 30), 2),
            Ok(d(2021, 10, 9))
        );
        assert_eq!(
            add_working_days(&cal, d(2021, 9, 30), 3),
            Ok(d(2021, 10, 11))
        );
    }

    #[test]
    fn new_year_2023_starts_on_the_last_day_of_2022() {
        let cal = official_calendar();
        // Friday 2022-12-30 + 1 WD: 12/31–1/2 are off, so Tuesday 1/3.
        assert_eq!(
            add_working_days(&cal, d(2022, 12, 30), 1),
            Ok(d(2023, 1, 3))
        );
        // 30 calendar days from 2022-12-01 end on Saturday 12/31 (元旦 range): moved to 1/3.
        assert_eq!(
            add_calendar_days(&cal, d(2022, 12, 1), 30),
            Ok(d(2023, 1, 3))
        );
    }

    #[test]
    fn calendar_period_ending_on_a_sunday_moves_to_monday() {
        let cal = official_calendar();
        // 2024-02-09 + 30 d = Sunday 2024-03-10 (an ordinary weekend): Monday 3/11.
        assert_eq!(
            add_calendar_days(&cal, d(2024, 2, 9), 30),
            Ok(d(2024, 3, 11))
        );
        assert_eq!(d(2024, 3, 10).weekday(), chrono::Weekday::Sun);
    }

    #[test]
    fn calendar_period_ending_on_a_makeup_saturday_stays() {
        // 2021-09-09 + 30 d = Saturday 2021-10-09, a make-up workday.
        assert_eq!(
            add_calendar_days(&official_calendar(), d(2021, 9, 9), 30),
            Ok(d(2021, 10, 9))
        );
    }

    #[test]
    fn start_on_a_rest_day_counts_from_the_next_working_day() {
        // Received Saturday 2024-03-09: the first counted day is Monday 3/11.
        assert_eq!(
            add_working_days(&official_calendar(), d(2024, 3, 9), 1),
            Ok(d(2024, 3, 11))
        );
    }

    #[test]
    fn zero_days_is_the_start_itself() {
        assert_eq!(
            add_working_days(&official_calendar(), d(2024, 3, 9), 0),
            Ok(d(2024, 3, 9))
        );
    }

    #[test]
    fn walking_into_2027_is_refused() {
        let cal = official_calendar();
        let beyond = CalendarError::BeyondCalendar {
            date: d(2027, 1, 1),
            last_loaded_year: Some(2026),
        };
        assert_eq!(
            add_working_days(&cal, d(2026, 12, 15), 20),
            Err(beyond.clone())
        );
        assert_eq!(
            add_calendar_days(&cal, d(2026, 12, 15), 20),
            Err(beyond.clone())
        );
        // Huge periods stop at the edge instead of walking for ever.
        assert_eq!(
            add_calendar_days(&cal, d(2026, 12, 15), u32::MAX),
            Err(beyond)
        );
        // Still inside 2026: fine.
        assert_eq!(
            add_working_days(&cal, d(2026, 12, 15), 5),
            Ok(d(2026, 12, 22))
        );
    }

    #[test]
    fn a_gap_year_is_refused_with_its_first_needed_day() {
        let cal = Calendar::new([], [2024, 2026]).unwrap();
        assert_eq!(
            add_working_days(&cal, d(2024, 12, 30), 5),
            Err(CalendarError::BeyondCalendar {
                date: d(2025, 1, 1),
                last_loaded_year: Some(2026)
            })
        );
    }

    #[test]
    fn a_local_holiday_row_shifts_the_date() {
        let mut rows = super::super::official_days();
        rows.push(super::super::CalendarDay::new(
            d(2024, 3, 12),
            DayKind::Holiday,
            "地方民族节日",
        ));
        let cal = Calendar::new(rows, 2021..=2026).unwrap();
        assert_eq!(
            add_working_days(&cal, d(2024, 2, 8), 20),
            Ok(d(2024, 3, 14))
        );
    }

    #[test]
    fn skipped_days_are_grouped_into_ranges() {
        let cal = official_calendar();
        let mut walker = Walker::new(&cal, &[]);
        walker
            .advance(d(2024, 2, 8), Unit::WorkingDays, 20)
            .unwrap();
        let steps: Vec<&Step> = walker.events.iter().map(|(_, step)| step).collect();
        assert_eq!(
            steps[0],
            &Step::Skipped {
                from: d(2024, 2, 10),
                to: d(2024, 2, 17),
                kind: DayKind::Holiday,
                name: "春节".into(),
                days: 8
            }
        );
        assert_eq!(
            steps[1],
            &Step::MakeupCounted {
                date: d(2024, 2, 18),
                name: "春节调休上班".into()
            }
        );
        assert_eq!(
            steps[2],
            &Step::Skipped {
                from: d(2024, 2, 24),
                to: d(2024, 2, 25),
                kind: DayKind::Weekend,
                name: String::new(),
                days: 2
            }
        );
    }
}
