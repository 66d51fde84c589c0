//! Escalation up the grid ladder when the handling limit passes.
//!
//! Rule (spec §10 "timeout escalation" \[L\]; the ladder is the project's
//! reading of the three levels): when the limit passes unhandled, the rung
//! above the event's level is told; when a further limit passes, the next
//! rung, up to the town (rung k is owed after k limits from the report
//! day). Each rung is told exactly once: the recorded
//! [`Action::Escalate`](super::Action::Escalate) entries are never repeated,
//! whatever day the job runs and however often.
use chrono::NaiveDate;
use serde::Serialize;

use super::Event;
use crate::calendar::{Calendar, CalendarError, ClockStatus, compute};
use crate::grid::HandlingLevel;

/// One escalation the job must record (and open a to-do for at `to`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub to: HandlingLevel,
    /// The due date that passed.
    pub breached_on: NaiveDate,
    /// 1 for the first breach, 2 for the next.
    pub stage: u32,
}

impl Escalation {
    /// The to-do title at the receiving level.
    pub fn title(&self, event_label: &str) -> String {
        format!("事件超时上报：{event_label}（处置期限 {} 已过）", self.breached_on)
    }
}

/// The escalations due on `today` and not yet recorded on `event`.
///
/// A breach day in a year the calendar does not cover is not guessed: if
/// the engine needed such a day before `today`, the error is returned (the
/// job reports "日历未载入"); if that day lies after `today`, the limit has
/// certainly not passed yet and nothing is due.
pub fn escalations_due(event: &Event, today: NaiveDate, cal: &Calendar) -> Result<Vec<Escalation>, CalendarError> {
    let recorded: Vec<HandlingLevel> = event.escalated_to().collect();
    let mut due = Vec::new();
    let level = event.level();
    // Rungs are numbered from where the event was reported, so a manual
    // dispatch up does not shorten the time the higher rung is owed; rungs
    // at or below the current level are the handler itself.
    for (i, to) in event.reported_at().above().enumerate() {
        if to <= level {
            continue;
        }
        let stage = i as u32 + 1;
        let computation = match compute(&event.stage_deadline(stage), cal, today) {
            Ok(c) => c,
            Err(CalendarError::BeyondCalendar { date, .. }) if date > today => break,
            Err(e) => return Err(e),
        };
        if !matches!(computation.status, ClockStatus::Overdue { .. }) {
            break;
        }
        if !recorded.contains(&to) {
            let breached_on = computation.due.expect("an overdue clock has a due date");
            due.push(Escalation { to, breached_on, stage });
        }
    }
    Ok(due)
}
