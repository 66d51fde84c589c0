//! The one deadline function: facts + calendar + today → due date, status
//! and explanation.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::count::{Reach, Walker};
use super::explain::{Explanation, Step};
use super::{Calendar, CalendarError, Deadline, Extension, Pause, Period, Unit};

/// Where a clock stands as of `today`. A paused clock is never overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockStatus {
    /// Due today or later. `working_days_left` counts working days in
    /// (today, due], so 0 means "due today"; `None` if that stretch is not
    /// fully covered by the calendar.
    Running {
        calendar_days_left: u32,
        working_days_left: Option<u32>,
    },
    /// Past the due date by this many calendar days / working days in
    /// (due, today] (`None` if not covered by the calendar).
    Overdue {
        calendar_days: u32,
        working_days: Option<u32>,
    },
    /// Stopped by an open pause; see `Computation::paused`.
    Paused,
    /// Finished on `on` (`Deadline::stopped_on`); `on_time` compares with
    /// the due date (a matter finished while paused is on time).
    Completed { on: NaiveDate, on_time: bool },
}

/// A clock stopped by an open pause: no due date can be given until it resumes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PausedClock {
    /// First day not counted.
    pub since: NaiveDate,
    /// What is still to run after resumption (base remainder, then any
    /// extensions; consecutive periods of one unit are merged).
    pub left: Vec<Period>,
}

/// The result of `compute`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computation {
    /// The effective trigger (the latest restart, else the start).
    pub trigger: NaiveDate,
    /// Due date of the base period alone, before extensions.
    pub base_due: Option<NaiveDate>,
    /// Final due date; `None` exactly when the clock is paused.
    pub due: Option<NaiveDate>,
    /// Set exactly when an open pause stopped the clock before it ran out.
    pub paused: Option<PausedClock>,
    /// Where the clock stands as of `today`.
    pub status: ClockStatus,
    /// Every fact used, for display and for checking by hand.
    pub explanation: Explanation,
}

/// Computes a deadline. Rules (民法典 arts.201–203 and practice, spec §0):
/// the trigger day is not counted; the latest restart replaces the trigger;
/// days inside a pause `[from, until]` are not counted; extensions (sorted by
/// grant date) continue counting after the due date in force before them.
///
/// Fails with `BeyondCalendar` when any needed day lies in a year that is not
/// loaded: the app shows such a deadline as "日历未载入" and never guesses.
pub fn compute(
    deadline: &Deadline,
    cal: &Calendar,
    today: NaiveDate,
) -> Result<Computation, CalendarError> {
    for pause in &deadline.pauses {
        if let Some(until) = pause.until
            && until < pause.from
        {
            return Err(CalendarError::InvalidPause {
                from: pause.from,
                until,
            });
        }
    }
    let trigger = deadline.trigger();
    let mut walker = Walker::new(cal, &deadline.pauses);
    let mut paused: Option<PausedClock> = None;
    let mut cursor = trigger;
    let mut base_due = None;
    match walker.advance(trigger, deadline.unit, deadline.days)? {
        Reach::Due(date) => {
            cursor = date;
            base_due = Some(date);
        }
        Reach::Paused { since, left } => {
            paused = Some(PausedClock {
                since,
                left: vec![Period::new(deadline.unit, left)],
            });
        }
    }
    let mut extensions: Vec<&Extension> = deadline.extensions.iter().collect();
    extensions.sort_by_key(|extension| extension.granted_on);
    for extension in extensions {
        let unit = extension.unit.unwrap_or(deadline.unit);
        let key = paused.as_ref().map_or(cursor, |clock| clock.since);
        walker.events.push((
            key,
            Step::Extension {
                granted_on: extension.granted_on,
                days: extension.days,
                unit,
                reason: extension.reason.clone(),
                granted_after_due: paused.is_none() && extension.granted_on > cursor,
            },
        ));
        if let Some(clock) = &mut paused {
            push_merged(&mut clock.left, Period::new(unit, extension.days));
            continue;
        }
        match walker.advance(cursor, unit, extension.days)? {
            Reach::Due(date) => cursor = date,
            Reach::Paused { since, left } => {
                paused = Some(PausedClock {
                    since,
                    left: vec![Period::new(unit, left)],
                });
            }
        }
    }
    let due = paused.is_none().then_some(cursor);

    let status = match (deadline.stopped_on, due) {
        (Some(on), _) => ClockStatus::Completed {
            on,
            on_time: due.is_none_or(|due| on <= due),
        },
        (None, None) => ClockStatus::Paused,
        (None, Some(due)) if today <= due => ClockStatus::Running {
            calendar_days_left: days_between(today, due),
            working_days_left: working_days_between(cal, &deadline.pauses, today.max(trigger), due),
        },
        (None, Some(due)) => ClockStatus::Overdue {
            calendar_days: days_between(due, today),
            working_days: working_days_between(cal, &[], due, today),
        },
    };

    let explanation = explain(deadline, trigger, due, paused.as_ref(), walker);
    Ok(Computation {
        trigger,
        base_due,
        due,
        paused,
        status,
        explanation,
    })
}

fn explain(
    deadline: &Deadline,
    trigger: NaiveDate,
    due: Option<NaiveDate>,
    paused: Option<&PausedClock>,
    walker: Walker<'_>,
) -> Explanation {
    let label = |text: &str, fallback: &str| {
        if text.is_empty() {
            fallback.to_string()
        } else {
            text.to_string()
        }
    };
    let mut steps = vec![Step::Trigger {
        date: deadline.start,
        label: label(&deadline.trigger_label, "起算日期"),
    }];

    let mut restarts: Vec<_> = deadline.restarts.iter().collect();
    restarts.sort_by_key(|restart| restart.on);
    let effective = restarts.iter().rposition(|restart| restart.on == trigger);
    for (i, restart) in restarts.iter().enumerate() {
        steps.push(Step::Restart {
            on: restart.on,
            reason: restart.reason.clone(),
            effective: Some(i) == effective,
        });
    }
    steps.push(Step::Term {
        unit: deadline.unit,
        days: deadline.days,
    });

    // The counted span is (trigger, end]; pauses outside it changed nothing.
    let end = due.or(paused.map(|clock| clock.since)).unwrap_or(trigger);
    let mut events = walker.events;
    let mut outside = Vec::new();
    for (i, pause) in deadline.pauses.iter().enumerate() {
        let tally = walker.tallies[i];
        let relevant = pause.from <= end && pause.until.is_none_or(|until| until > trigger);
        let step = pause_step(
            pause,
            tally.unit.unwrap_or(deadline.unit),
            tally.not_counted,
            relevant,
        );
        if relevant {
            events.push((pause.from.max(trigger), step));
        } else {
            outside.push((pause.from, step));
        }
    }
    // Stable: a pause goes first among steps of its day, others keep walk order.
    events.sort_by_key(|(date, step)| (*date, !matches!(step, Step::Pause { .. })));
    steps.extend(events.into_iter().map(|(_, step)| step));

    match (due, paused) {
        (Some(date), _) => steps.push(Step::Due {
            date,
            label: label(&deadline.due_label, "期限届满日"),
        }),
        (None, Some(clock)) => steps.push(Step::PausedNow {
            since: clock.since,
            left: clock.left.clone(),
        }),
        (None, None) => {}
    }
    if let Some(on) = deadline.stopped_on {
        steps.push(Step::Stopped {
            on,
            on_time: due.is_none_or(|due| on <= due),
        });
    }
    outside.sort_by_key(|(date, _)| *date);
    steps.extend(outside.into_iter().map(|(_, step)| step));
    Explanation { steps }
}

fn pause_step(pause: &Pause, unit: Unit, not_counted: u32, relevant: bool) -> Step {
    Step::Pause {
        from: pause.from,
        until: pause.until,
        reason: pause.reason.clone(),
        unit,
        not_counted,
        relevant,
    }
}

fn push_merged(left: &mut Vec<Period>, period: Period) {
    match left.last_mut() {
        Some(last) if last.unit == period.unit => last.days = last.days.saturating_add(period.days),
        _ => left.push(period),
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days()).unwrap_or(u32::MAX)
}

/// Working days in (from, to] outside the pauses; `None` if the calendar does
/// not cover that whole stretch.
fn working_days_between(
    cal: &Calendar,
    pauses: &[Pause],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<u32> {
    let in_pause = |day: NaiveDate| {
        pauses
            .iter()
            .any(|p| p.from <= day && p.until.is_none_or(|until| day <= until))
    };
    let mut count = 0;
    for day in from.iter_days().skip(1).take_while(|day| *day <= to) {
        if cal.is_workday(day).ok()? && !in_pause(day) {
            count += 1;
        }
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::super::{Restart, official_calendar};
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn request(start: NaiveDate) -> Deadline {
        Deadline::new(start, Unit::WorkingDays, 20).with_labels("收到日期", "答复期限")
    }

    fn pause(from: NaiveDate, until: Option<NaiveDate>) -> Pause {
        Pause {
            from,
            until,
            reason: "征求第三方意见".into(),
        }
    }

    #[test]
    fn plain_request_matches_add_working_days_and_explains_itself() {
        let cal = official_calendar();
        let result = compute(&request(d(2024, 2, 8)), &cal, d(2024, 3, 1)).unwrap();
        assert_eq!(result.due, Some(d(2024, 3, 13)));
        assert_eq!(result.base_due, Some(d(2024, 3, 13)));
        assert_eq!(
            result.status,
            ClockStatus::Running {
                calendar_days_left: 12,
                working_days_left: Some(8)
            }
        );
        assert_eq!(
            result.explanation.to_chinese_lines(),
            vec![
                "收到日期 2024年2月8日（当日不计入）",
                "期限 20 个工作日",
                "跳过 2024年2月10日至2月17日 春节假期",
                "2024年2月18日（星期日）为春节调休上班日，计入",
                "其间周六、周日共 6 天不计入",
                "答复期限：2024年3月13日",
            ]
        );
    }

    #[test]
    fn due_today_is_running_with_nothing_left_and_tomorrow_is_overdue() {
        let cal = official_calendar();
        let deadline = request(d(2024, 2, 8));
        let on_the_day = compute(&deadline, &cal, d(2024, 3, 13)).unwrap();
        assert_eq!(
            on_the_day.status,
            ClockStatus::Running {
                calendar_days_left: 0,
                working_days_left: Some(0)
            }
        );
        let late = compute(&deadline, &cal, d(2024, 3, 18)).unwrap();
        assert_eq!(
            late.status,
            ClockStatus::Overdue {
                calendar_days: 5,
                working_days: Some(3)
            }
        );
    }

    #[test]
    fn pause_excludes_both_boundary_days() {
        let cal = official_calendar();
        // Without a pause: 2024-03-01 + 20 WD = 2024-03-29.
        let plain = compute(&request(d(2024, 3, 1)), &cal, d(2024, 3, 1)).unwrap();
        assert_eq!(plain.due, Some(d(2024, 3, 29)));
        // Paused Tue 3/5 to Thu 3/7: three working days not counted.
        let mut deadline = request(d(2024, 3, 1));
        deadline
            .pauses
            .push(pause(d(2024, 3, 5), Some(d(2024, 3, 7))));
        let result = compute(&deadline, &cal, d(2024, 3, 8)).unwrap();
        assert_eq!(result.due, Some(d(2024, 4, 3)));
        assert!(result.explanation.to_chinese_lines().contains(
            &"征求第三方意见 2024年3月5日至3月7日 暂停计算，共 3 个工作日不计入".to_string()
        ));
        // A one-day pause still removes that day.
        let mut one_day = request(d(2024, 3, 1));
        one_day
            .pauses
            .push(pause(d(2024, 3, 5), Some(d(2024, 3, 5))));
        assert_eq!(
            compute(&one_day, &cal, d(2024, 3, 8)).unwrap().due,
            Some(d(2024, 4, 1))
        );
    }

    #[test]
    fn an_open_pause_has_no_due_date_and_is_never_overdue() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 3, 1));
        deadline.pauses.push(pause(d(2024, 3, 5), None));
        let result = compute(&deadline, &cal, d(2025, 12, 31)).unwrap();
        assert_eq!(result.due, None);
        assert_eq!(result.status, ClockStatus::Paused);
        // Counted so far: 3/4 only (3/2–3/3 weekend), so 19 WD are left.
        assert_eq!(
            result.paused,
            Some(PausedClock {
                since: d(2024, 3, 5),
                left: vec![Period::new(Unit::WorkingDays, 19)]
            })
        );
        let lines = result.explanation.to_chinese_lines();
        assert!(
            lines.contains(&"征求第三方意见 自 2024年3月5日 起暂停计算，尚未恢复".to_string()),
            "{lines:?}"
        );
        assert_eq!(
            lines.last().unwrap(),
            "自 2024年3月5日 起暂停计算，恢复后尚余 19 个工作日，届满日待恢复后确定"
        );
    }

    #[test]
    fn a_pause_opened_after_the_due_date_does_not_save_an_overdue_clock() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 2, 8));
        deadline.pauses.push(pause(d(2024, 3, 20), None));
        let result = compute(&deadline, &cal, d(2024, 3, 25)).unwrap();
        assert_eq!(result.due, Some(d(2024, 3, 13)));
        assert!(matches!(result.status, ClockStatus::Overdue { .. }));
        let lines = result.explanation.to_chinese_lines();
        assert_eq!(
            lines.last().unwrap(),
            "征求第三方意见 自 2024年3月20日 起暂停，不在计算期间内，不影响期限"
        );
    }

    #[test]
    fn restart_resets_the_trigger_and_earlier_pauses_are_irrelevant() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 3, 1));
        deadline
            .pauses
            .push(pause(d(2024, 3, 4), Some(d(2024, 3, 6))));
        deadline.restarts.push(Restart {
            on: d(2024, 3, 8),
            reason: "申请人补正".into(),
        });
        deadline.restarts.push(Restart {
            on: d(2024, 3, 6),
            reason: "申请人补正".into(),
        });
        let result = compute(&deadline, &cal, d(2024, 3, 8)).unwrap();
        assert_eq!(result.trigger, d(2024, 3, 8));
        // 2024-03-08 + 20 WD: 4/4–6 清明 off, Sunday 4/7 worked.
        assert_eq!(result.due, Some(d(2024, 4, 8)));
        let lines = result.explanation.to_chinese_lines();
        assert_eq!(
            lines[1],
            "申请人补正，曾于 2024年3月6日 重新起算，已被其后的重新起算取代"
        );
        assert_eq!(
            lines[2],
            "申请人补正，于 2024年3月8日 重新起算（当日不计入）"
        );
        assert!(lines.contains(
            &"征求第三方意见 2024年3月4日至3月6日 暂停，不在计算期间内，不影响期限".to_string()
        ));
    }

    #[test]
    fn extensions_continue_from_the_base_due_date() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 2, 8));
        deadline.extensions.push(Extension {
            days: 20,
            unit: None,
            granted_on: d(2024, 3, 12),
            reason: "经负责人批准".into(),
        });
        let result = compute(&deadline, &cal, d(2024, 3, 14)).unwrap();
        assert_eq!(result.base_due, Some(d(2024, 3, 13)));
        // 3/13 + 20 WD: 4/4–6 off, 4/7 worked → 4/11.
        assert_eq!(result.due, Some(d(2024, 4, 11)));
        assert_eq!(result.due, add_wd(&cal, d(2024, 3, 13), 20));
        let lines = result.explanation.to_chinese_lines();
        assert!(
            lines.contains(&"2024年3月12日 经负责人批准，延长 20 个工作日".to_string()),
            "{lines:?}"
        );
        assert!(lines.contains(&"跳过 2024年4月4日至4月6日 清明节假期".to_string()));
        assert!(lines.contains(&"2024年4月7日（星期日）为清明节调休上班日，计入".to_string()));
    }

    fn add_wd(cal: &Calendar, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        super::super::add_working_days(cal, start, n).ok()
    }

    #[test]
    fn late_extension_is_applied_but_flagged() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 2, 8));
        deadline.extensions.push(Extension {
            days: 5,
            unit: None,
            granted_on: d(2024, 3, 15),
            reason: "经负责人批准".into(),
        });
        let result = compute(&deadline, &cal, d(2024, 3, 15)).unwrap();
        assert_eq!(result.due, Some(d(2024, 3, 20)));
        assert!(result.explanation.steps.iter().any(|s| matches!(
            s,
            Step::Extension {
                granted_after_due: true,
                ..
            }
        )));
    }

    #[test]
    fn extension_in_another_unit_and_extension_while_paused() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 2, 8));
        deadline.extensions.push(Extension {
            days: 10,
            unit: Some(Unit::CalendarDays),
            granted_on: d(2024, 3, 1),
            reason: String::new(),
        });
        // 3/13 + 10 d = Saturday 3/23 → Monday 3/25.
        assert_eq!(
            compute(&deadline, &cal, d(2024, 3, 1)).unwrap().due,
            Some(d(2024, 3, 25))
        );
        deadline.pauses.push(pause(d(2024, 3, 1), None));
        let paused = compute(&deadline, &cal, d(2024, 3, 1)).unwrap();
        assert_eq!(
            paused.paused.unwrap().left,
            vec![
                Period::new(Unit::WorkingDays, 9),
                Period::new(Unit::CalendarDays, 10)
            ]
        );
    }

    #[test]
    fn calendar_day_period_ending_on_a_sunday_moves_to_monday() {
        let cal = official_calendar();
        let deadline = Deadline::new(d(2024, 2, 9), Unit::CalendarDays, 30);
        let result = compute(&deadline, &cal, d(2024, 2, 9)).unwrap();
        assert_eq!(result.due, Some(d(2024, 3, 11)));
        let lines = result.explanation.to_chinese_lines();
        assert_eq!(
            lines,
            vec![
                "起算日期 2024年2月9日（当日不计入）",
                "期限 30 日（自然日）",
                "期限末日 2024年3月10日（星期日）为休息日，顺延至 2024年3月11日（星期一）",
                "期限届满日：2024年3月11日",
            ]
        );
    }

    #[test]
    fn calendar_day_period_ending_in_a_holiday_moves_past_it() {
        let cal = official_calendar();
        // 2023-09-01 + 30 d = 10/1, inside 中秋节、国庆节 9/29–10/6; Saturday 10/7 is worked.
        let result = compute(
            &Deadline::new(d(2023, 9, 1), Unit::CalendarDays, 30),
            &cal,
            d(2023, 9, 1),
        )
        .unwrap();
        assert_eq!(result.due, Some(d(2023, 10, 7)));
        assert!(result.explanation.to_chinese_lines().contains(
            &"期限末日 2023年10月1日（星期日）为中秋节、国庆节假期，顺延至 2023年10月7日（星期六）".to_string()
        ));
    }

    #[test]
    fn completed_clock_reports_timeliness() {
        let cal = official_calendar();
        let mut deadline = request(d(2024, 2, 8));
        deadline.stopped_on = Some(d(2024, 3, 13));
        let result = compute(&deadline, &cal, d(2024, 6, 1)).unwrap();
        assert_eq!(
            result.status,
            ClockStatus::Completed {
                on: d(2024, 3, 13),
                on_time: true
            }
        );
        deadline.stopped_on = Some(d(2024, 3, 14));
        let result = compute(&deadline, &cal, d(2024, 6, 1)).unwrap();
        assert_eq!(
            result.status,
            ClockStatus::Completed {
                on: d(2024, 3, 14),
                on_time: false
            }
        );
        assert_eq!(
            result.explanation.to_chinese_lines().last().unwrap(),
            "已于 2024年3月14日 办结，超过期限"
        );
    }

    #[test]
    fn deadline_running_into_2027_is_flagged_not_guessed() {
        let cal = official_calendar();
        // 2026-12-10 + 20 WD needs January 2027, which is not published yet.
        let err = compute(&request(d(2026, 12, 10)), &cal, d(2026, 12, 10)).unwrap_err();
        assert_eq!(
            err,
            CalendarError::BeyondCalendar {
                date: d(2027, 1, 1),
                last_loaded_year: Some(2026)
            }
        );
        // Once 2027 is loaded the same deadline computes.
        let cal = Calendar::new(super::super::official_days(), 2021..=2027).unwrap();
        assert!(compute(&request(d(2026, 12, 10)), &cal, d(2026, 12, 10)).is_ok());
    }

    #[test]
    fn a_pause_ending_before_it_starts_is_rejected() {
        let mut deadline = request(d(2024, 3, 1));
        deadline
            .pauses
            .push(pause(d(2024, 3, 5), Some(d(2024, 3, 4))));
        assert_eq!(
            compute(&deadline, &official_calendar(), d(2024, 3, 5)),
            Err(CalendarError::InvalidPause {
                from: d(2024, 3, 5),
                until: d(2024, 3, 4)
            })
        );
    }
}
