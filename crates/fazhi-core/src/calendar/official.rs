//! The national holiday arrangements 2021–2026 (国务院办公厅 yearly notices),
//! as listed in the domain spec §0. This is seed data: the app copies it into
//! an editable table, and later years are loaded there, never added here.
use std::ops::RangeInclusive;

use chrono::{Days, NaiveDate};

use super::{Calendar, CalendarDay, DayKind};

/// Years whose arrangement `official_days` fully describes.
pub const OFFICIAL_YEARS: RangeInclusive<i32> = 2021..=2026;

type Ymd = (i32, u32, u32);

/// Off ranges (放假, weekend days inside a range included) with festival names.
const OFF_RANGES: &[(Ymd, Ymd, &str)] = &[
    ((2021, 1, 1), (2021, 1, 3), "元旦"),
    ((2021, 2, 11), (2021, 2, 17), "春节"),
    ((2021, 4, 3), (2021, 4, 5), "清明节"),
    ((2021, 5, 1), (2021, 5, 5), "劳动节"),
    ((2021, 6, 12), (2021, 6, 14), "端午节"),
    ((2021, 9, 19), (2021, 9, 21), "中秋节"),
    ((2021, 10, 1), (2021, 10, 7), "国庆节"),
    ((2022, 1, 1), (2022, 1, 3), "元旦"),
    ((2022, 1, 31), (2022, 2, 6), "春节"),
    ((2022, 4, 3), (2022, 4, 5), "清明节"),
    ((2022, 4, 30), (2022, 5, 4), "劳动节"),
    ((2022, 6, 3), (2022, 6, 5), "端午节"),
    ((2022, 9, 10), (2022, 9, 12), "中秋节"),
    ((2022, 10, 1), (2022, 10, 7), "国庆节"),
    // 2023's 元旦 range begins on a Saturday of 2022.
    ((2022, 12, 31), (2023, 1, 2), "元旦"),
    ((2023, 1, 21), (2023, 1, 27), "春节"),
    ((2023, 4, 5), (2023, 4, 5), "清明节"),
    ((2023, 4, 29), (2023, 5, 3), "劳动节"),
    ((2023, 6, 22), (2023, 6, 24), "端午节"),
    ((2023, 9, 29), (2023, 10, 6), "中秋节、国庆节"),
    ((2024, 1, 1), (2024, 1, 1), "元旦"),
    // 除夕 2024-02-09 was a working day (a day off was only encouraged).
    ((2024, 2, 10), (2024, 2, 17), "春节"),
    ((2024, 4, 4), (2024, 4, 6), "清明节"),
    ((2024, 5, 1), (2024, 5, 5), "劳动节"),
    ((2024, 6, 10), (2024, 6, 10), "端午节"),
    ((2024, 9, 15), (2024, 9, 17), "中秋节"),
    ((2024, 10, 1), (2024, 10, 7), "国庆节"),
    ((2025, 1, 1), (2025, 1, 1), "元旦"),
    ((2025, 1, 28), (2025, 2, 4), "春节"),
    ((2025, 4, 4), (2025, 4, 6), "清明节"),
    ((2025, 5, 1), (2025, 5, 5), "劳动节"),
    ((2025, 5, 31), (2025, 6, 2), "端午节"),
    ((2025, 10, 1), (2025, 10, 8), "国庆节、中秋节"),
    ((2026, 1, 1), (2026, 1, 3), "元旦"),
    ((2026, 2, 15), (2026, 2, 23), "春节"),
    ((2026, 4, 4), (2026, 4, 6), "清明节"),
    ((2026, 5, 1), (2026, 5, 5), "劳动节"),
    ((2026, 6, 19), (2026, 6, 21), "端午节"),
    ((2026, 9, 25), (2026, 9, 27), "中秋节"),
    ((2026, 10, 1), (2026, 10, 7), "国庆节"),
];

/// 调休上班 days with the festival they pay for.
const MAKEUP_DAYS: &[(Ymd, &str)] = &[
    ((2021, 2, 7), "春节"),
    ((2021, 2, 20), "春节"),
    ((2021, 4, 25), "劳动节"),
    ((2021, 5, 8), "劳动节"),
    ((2021, 9, 18), "中秋节"),
    ((2021, 9, 26), "国庆节"),
    ((2021, 10, 9), "国庆节"),
    ((2022, 1, 29), "春节"),
    ((2022, 1, 30), "春节"),
    ((2022, 4, 2), "清明节"),
    ((2022, 4, 24), "劳动节"),
    ((2022, 5, 7), "劳动节"),
    ((2022, 10, 8), "国庆节"),
    ((2022, 10, 9), "国庆节"),
    ((2023, 1, 28), "春节"),
    ((2023, 1, 29), "春节"),
    ((2023, 4, 23), "劳动节"),
    ((2023, 5, 6), "劳动节"),
    ((2023, 6, 25), "端午节"),
    ((2023, 10, 7), "中秋节、国庆节"),
    ((2023, 10, 8), "中秋节、国庆节"),
    ((2024, 2, 4), "春节"),
    ((2024, 2, 18), "春节"),
    ((2024, 4, 7), "清明节"),
    ((2024, 4, 28), "劳动节"),
    ((2024, 5, 11), "劳动节"),
    ((2024, 9, 14), "中秋节"),
    ((2024, 9, 29), "国庆节"),
    ((2024, 10, 12), "国庆节"),
    ((2025, 1, 26), "春节"),
    ((2025, 2, 8), "春节"),
    ((2025, 4, 27), "劳动节"),
    ((2025, 9, 28), "国庆节、中秋节"),
    ((2025, 10, 11), "国庆节、中秋节"),
    ((2026, 1, 4), "元旦"),
    ((2026, 2, 14), "春节"),
    ((2026, 2, 28), "春节"),
    ((2026, 5, 9), "劳动节"),
    ((2026, 9, 20), "国庆节"),
    ((2026, 10, 10), "国庆节"),
];

fn ymd((y, m, d): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("official calendar table holds valid dates")
}

/// The official rows for 2021–2026, one per day, in date order: every day of
/// every off range as `Holiday` named after its festival, and every 调休上班
/// day as `MakeupWorkday` named e.g. "春节调休上班".
pub fn official_days() -> Vec<CalendarDay> {
    let mut days = Vec::new();
    for &(from, to, name) in OFF_RANGES {
        let (from, to) = (ymd(from), ymd(to));
        let mut date = from;
        while date <= to {
            days.push(CalendarDay::new(date, DayKind::Holiday, name));
            date = date + Days::new(1);
        }
    }
    for &(date, festival) in MAKEUP_DAYS {
        days.push(CalendarDay::new(
            ymd(date),
            DayKind::MakeupWorkday,
            format!("{festival}调休上班"),
        ));
    }
    days.sort_by_key(|day| day.date);
    days
}

/// The national calendar for `OFFICIAL_YEARS`, for tests and as the seed the
/// app starts from before any local edits.
pub fn official_calendar() -> Calendar {
    Calendar::new(official_days(), OFFICIAL_YEARS).expect("official rows do not conflict")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::{Datelike, Weekday};

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rows_are_unique_per_date() {
        let days = official_days();
        let dates: BTreeSet<_> = days.iter().map(|day| day.date).collect();
        assert_eq!(dates.len(), days.len());
    }

    #[test]
    fn every_makeup_day_is_a_weekend_day() {
        for day in official_days()
            .iter()
            .filter(|day| day.kind == DayKind::MakeupWorkday)
        {
            assert!(
                matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun),
                "{day:?}"
            );
            assert!(day.name.ends_with("调休上班"));
        }
    }

    #[test]
    fn counts_per_year_match_the_spec_table() {
        // (off days, make-up days) per notice year; 2022-12-31 belongs to 2023's notice.
        let mut counts: BTreeMap<i32, (u32, u32)> = BTreeMap::new();
        for day in official_days() {
            let year = if day.date == d(2022, 12, 31) {
                2023
            } else {
                day.date.year()
            };
            let entry = counts.entry(year).or_default();
            match day.kind {
                DayKind::Holiday => entry.0 += 1,
                DayKind::MakeupWorkday => entry.1 += 1,
                _ => unreachable!(),
            }
        }
        let expected = BTreeMap::from([
            (2021, (31, 7)),
            (2022, (31, 7)),
            (2023, (27, 7)),
            (2024, (28, 8)),
            (2025, (28, 5)),
            (2026, (33, 6)),
        ]);
        assert_eq!(counts, expected);
    }

    #[test]
    fn spot_checks() {
        let cal = official_calendar();
        // 2024 除夕 was a working day; the 2/4 and 2/18 Sundays were worked.
        assert!(cal.is_workday(d(2024, 2, 9)).unwrap());
        assert!(cal.is_workday(d(2024, 2, 4)).unwrap());
        assert!(cal.is_workday(d(2024, 2, 18)).unwrap());
        assert!(!cal.is_workday(d(2024, 2, 10)).unwrap());
        assert_eq!(cal.entry(d(2022, 12, 31)).unwrap().name, "元旦");
        assert_eq!(cal.entry(d(2025, 10, 8)).unwrap().name, "国庆节、中秋节");
        assert_eq!(cal.entry(d(2026, 9, 25)).unwrap().name, "中秋节");
        assert_eq!(cal.entry(d(2021, 10, 9)).unwrap().name, "国庆节调休上班");
        assert!(cal.covers(d(2021, 1, 1)) && cal.covers(d(2026, 12, 31)));
        assert!(!cal.covers(d(2027, 1, 1)) && !cal.covers(d(2020, 12, 31)));
    }
}
