//! Why a deadline falls where it does, as data and as plain Chinese.
//!
//! Citizens and supervisors must be able to check a due date by hand, so the
//! engine records every fact it used: the trigger, each holiday skipped, each
//! make-up workday counted, pauses, restarts, extensions, roll-forwards.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{DayKind, Period, Unit};

/// One fact of an explanation. Steps after the head (trigger, restarts,
/// period) are in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The original trigger date and what it is called (e.g. "收到日期").
    Trigger { date: NaiveDate, label: String },
    /// A restart; only the latest (`effective`) one sets the trigger.
    Restart {
        on: NaiveDate,
        reason: String,
        effective: bool,
    },
    /// The base period.
    Term { unit: Unit, days: u32 },
    /// Consecutive non-working days of one kind and name that were not
    /// counted in a working-day period (`kind` is `Holiday` or `Weekend`).
    Skipped {
        from: NaiveDate,
        to: NaiveDate,
        kind: DayKind,
        name: String,
        days: u32,
    },
    /// A 调休上班 day counted as a working day.
    MakeupCounted { date: NaiveDate, name: String },
    /// A pause; `not_counted` days (in `unit`) fell inside it. A pause wholly
    /// outside the counted span is listed with `relevant: false`.
    Pause {
        from: NaiveDate,
        until: Option<NaiveDate>,
        reason: String,
        unit: Unit,
        not_counted: u32,
        relevant: bool,
    },
    /// An extension; `granted_after_due` flags a grant after the period had
    /// already run out.
    Extension {
        granted_on: NaiveDate,
        days: u32,
        unit: Unit,
        reason: String,
        granted_after_due: bool,
    },
    /// A calendar-day period whose last day (`nominal`) was not a working day.
    RolledForward {
        nominal: NaiveDate,
        to: NaiveDate,
        kind: DayKind,
        name: String,
    },
    /// The final due date.
    Due { date: NaiveDate, label: String },
    /// The clock is stopped by an open pause; `left` is still to run.
    PausedNow { since: NaiveDate, left: Vec<Period> },
    /// The matter was finished on `on`.
    Stopped { on: NaiveDate, on_time: bool },
}

/// The ordered facts behind one computed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Explanation {
    pub steps: Vec<Step>,
}

impl Explanation {
    /// Plain sentences a citizen can read, one per line. Weekend days skipped
    /// are summed into one line rather than listed week by week.
    pub fn to_chinese_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let weekend_days: u32 = self
            .steps
            .iter()
            .map(|step| match step {
                Step::Skipped {
                    kind: DayKind::Weekend,
                    days,
                    ..
                } => *days,
                _ => 0,
            })
            .sum();
        for step in &self.steps {
            if matches!(step, Step::Due { .. } | Step::PausedNow { .. }) && weekend_days > 0 {
                lines.push(format!("其间周六、周日共 {weekend_days} 天不计入"));
            }
            if let Some(line) = line_for(step) {
                lines.push(line);
            }
        }
        lines
    }
}

fn line_for(step: &Step) -> Option<String> {
    Some(match step {
        Step::Trigger { date, label } => format!("{label} {}（当日不计入）", cn_date(*date)),
        Step::Restart {
            on,
            reason,
            effective: true,
        } => {
            format!(
                "{}于 {} 重新起算（当日不计入）",
                prefix(reason, "，"),
                cn_date(*on)
            )
        }
        Step::Restart {
            on,
            reason,
            effective: false,
        } => {
            format!(
                "{}曾于 {} 重新起算，已被其后的重新起算取代",
                prefix(reason, "，"),
                cn_date(*on)
            )
        }
        Step::Term { unit, days } => format!("期限 {}", cn_period(*unit, *days, true)),
        Step::Skipped {
            kind: DayKind::Weekend,
            ..
        } => return None,
        Step::Skipped { from, to, name, .. } => {
            format!("跳过 {} {}", cn_range(*from, *to), holiday_name(name))
        }
        Step::MakeupCounted { date, name } => {
            let name = if name.is_empty() {
                "调休上班"
            } else {
                name.as_str()
            };
            format!(
                "{}（{}）为{name}日，计入",
                cn_date(*date),
                cn_weekday(*date)
            )
        }
        Step::Pause {
            from,
            until: Some(until),
            reason,
            relevant: false,
            ..
        } => {
            format!(
                "{}{} 暂停，不在计算期间内，不影响期限",
                prefix(reason, " "),
                cn_range(*from, *until)
            )
        }
        Step::Pause {
            from,
            until: None,
            reason,
            relevant: false,
            ..
        } => {
            format!(
                "{}自 {} 起暂停，不在计算期间内，不影响期限",
                prefix(reason, " "),
                cn_date(*from)
            )
        }
        Step::Pause {
            from,
            until: Some(until),
            reason,
            unit,
            not_counted,
            relevant: true,
        } => format!(
            "{}{} 暂停计算，共 {}不计入",
            prefix(reason, " "),
            cn_range(*from, *until),
            cn_period(*unit, *not_counted, false)
        ),
        Step::Pause {
            from,
            until: None,
            reason,
            relevant: true,
            ..
        } => {
            format!(
                "{}自 {} 起暂停计算，尚未恢复",
                prefix(reason, " "),
                cn_date(*from)
            )
        }
        Step::Extension {
            granted_on,
            days,
            unit,
            reason,
            granted_after_due,
        } => {
            let late = if *granted_after_due {
                "（注意：批准时原期限已届满）"
            } else {
                ""
            };
            format!(
                "{} {}延长 {}{late}",
                cn_date(*granted_on),
                prefix(reason, "，"),
                cn_period(*unit, *days, true)
            )
        }
        Step::RolledForward {
            nominal,
            to,
            kind,
            name,
        } => {
            let what = match kind {
                DayKind::Holiday => holiday_name(name),
                _ => "休息日".to_string(),
            };
            format!(
                "期限末日 {}（{}）为{what}，顺延至 {}（{}）",
                cn_date(*nominal),
                cn_weekday(*nominal),
                cn_date(*to),
                cn_weekday(*to)
            )
        }
        Step::Due { date, label } => format!("{label}：{}", cn_date(*date)),
        Step::PausedNow { since, left } => {
            let left: Vec<String> = left
                .iter()
                .map(|p| cn_period(p.unit, p.days, true))
                .collect();
            format!(
                "自 {} 起暂停计算，恢复后尚余 {}，届满日待恢复后确定",
                cn_date(*since),
                left.join("又 ")
            )
        }
        Step::Stopped { on, on_time: true } => format!("已于 {} 办结，未超过期限", cn_date(*on)),
        Step::Stopped { on, on_time: false } => format!("已于 {} 办结，超过期限", cn_date(*on)),
    })
}

fn prefix(text: &str, separator: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{text}{separator}")
    }
}

fn holiday_name(name: &str) -> String {
    match name {
        "" => "法定节假日".to_string(),
        _ if name.ends_with('假') || name.ends_with("假期") => name.to_string(),
        _ => format!("{name}假期"),
    }
}

/// "20 个工作日" / "30 日"; `explicit` adds "（自然日）" to make the unit
/// unmistakable where the period is announced.
fn cn_period(unit: Unit, days: u32, explicit: bool) -> String {
    match (unit, explicit) {
        (Unit::WorkingDays, _) => format!("{days} 个工作日"),
        (Unit::CalendarDays, true) => format!("{days} 日（自然日）"),
        (Unit::CalendarDays, false) => format!("{days} 日"),
    }
}

/// "2024年2月8日".
pub(crate) fn cn_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// "2024年2月10日至2月17日"; the year is repeated only when it changes.
pub(crate) fn cn_range(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        cn_date(from)
    } else if from.year() == to.year() {
        format!("{}至{}月{}日", cn_date(from), to.month(), to.day())
    } else {
        format!("{}至{}", cn_date(from), cn_date(to))
    }
}

/// "星期日".
pub(crate) fn cn_weekday(date: NaiveDate) -> &'static str {
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][date.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_and_ranges_read_naturally() {
        assert_eq!(cn_date(d(2024, 2, 8)), "2024年2月8日");
        assert_eq!(
            cn_range(d(2024, 2, 10), d(2024, 2, 17)),
            "2024年2月10日至2月17日"
        );
        assert_eq!(
            cn_range(d(2022, 12, 31), d(2023, 1, 2)),
            "2022年12月31日至2023年1月2日"
        );
        assert_eq!(cn_range(d(2024, 1, 1), d(2024, 1, 1)), "2024年1月1日");
        assert_eq!(cn_weekday(d(2024, 2, 18)), "星期日");
    }

    #[test]
    fn lines_for_each_step_kind() {
        let explanation = Explanation {
            steps: vec![
                Step::Trigger {
                    date: d(2024, 2, 8),
                    label: "收到日期".into(),
                },
                Step::Term {
                    unit: Unit::WorkingDays,
                    days: 20,
                },
                Step::Skipped {
                    from: d(2024, 2, 10),
                    to: d(2024, 2, 17),
                    kind: DayKind::Holiday,
                    name: "春节".into(),
                    days: 8,
                },
                Step::MakeupCounted {
                    date: d(2024, 2, 18),
                    name: "春节调休上班".into(),
                },
                Step::Skipped {
                    from: d(2024, 2, 24),
                    to: d(2024, 2, 25),
                    kind: DayKind::Weekend,
                    name: String::new(),
                    days: 2,
                },
                Step::Pause {
                    from: d(2024, 3, 1),
                    until: Some(d(2024, 3, 5)),
                    reason: "征求第三方意见".into(),
                    unit: Unit::WorkingDays,
                    not_counted: 3,
                    relevant: true,
                },
                Step::Extension {
                    granted_on: d(2024, 3, 10),
                    days: 20,
                    unit: Unit::WorkingDays,
                    reason: "经负责人批准".into(),
                    granted_after_due: false,
                },
                Step::Due {
                    date: d(2024, 3, 13),
                    label: "答复期限".into(),
                },
            ],
        };
        assert_eq!(
            explanation.to_chinese_lines(),
            vec![
                "收到日期 2024年2月8日（当日不计入）",
                "期限 20 个工作日",
                "跳过 2024年2月10日至2月17日 春节假期",
                "2024年2月18日（星期日）为春节调休上班日，计入",
                "征求第三方意见 2024年3月1日至3月5日 暂停计算，共 3 个工作日不计入",
                "2024年3月10日 经负责人批准，延长 20 个工作日",
                "其间周六、周日共 2 天不计入",
                "答复期限：2024年3月13日",
            ]
        );
    }

    #[test]
    fn roll_forward_and_paused_lines() {
        let rolled = Step::RolledForward {
            nominal: d(2024, 3, 10),
            to: d(2024, 3, 11),
            kind: DayKind::Weekend,
            name: String::new(),
        };
        assert_eq!(
            line_for(&rolled).unwrap(),
            "期限末日 2024年3月10日（星期日）为休息日，顺延至 2024年3月11日（星期一）"
        );
        let paused = Step::PausedNow {
            since: d(2024, 3, 1),
            left: vec![
                Period::new(Unit::WorkingDays, 12),
                Period::new(Unit::CalendarDays, 10),
            ],
        };
        assert_eq!(
            line_for(&paused).unwrap(),
            "自 2024年3月1日 起暂停计算，恢复后尚余 12 个工作日又 10 日（自然日），届满日待恢复后确定"
        );
    }
}
