//! The event aggregate: the report's facts + dated entries; the state is
//! their fold over [`next`].
use chrono::NaiveDate;
use serde::Serialize;

use super::transition::GATE;
use super::{Action, ActionKind, DispatchTarget, Entry, EventCategory, EventSource, EventState, Limits, next};
use crate::grid::HandlingLevel;
use crate::{DomainError, form};

/// One grid event as facts. Where it happened, who reported it and the
/// photos are stored beside it; they do not drive the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    category: EventCategory,
    source: EventSource,
    reported_on: NaiveDate,
    /// The rung where the event was reported (a grid, or a community when
    /// reported straight to the committee).
    reported_at: HandlingLevel,
    /// The category's limit when the event was reported: a later change of
    /// the town's table does not move a running clock.
    limit_days: u32,
    entries: Vec<Entry>,
    state: EventState,
}

impl Event {
    /// A new report, with the limit taken from the town's table.
    pub fn report(category: EventCategory, source: EventSource, reported_on: NaiveDate, reported_at: HandlingLevel, limits: &Limits) -> Event {
        Event::new(category, source, reported_on, reported_at, limits.get(category))
    }

    /// A report with an explicit limit (as stored).
    pub fn new(category: EventCategory, source: EventSource, reported_on: NaiveDate, reported_at: HandlingLevel, limit_days: u32) -> Event {
        Event { category, source, reported_on, reported_at, limit_days, entries: Vec::new(), state: EventState::Reported }
    }

    /// Replays stored entries, re-checking every rule.
    pub fn restore(mut self, entries: impl IntoIterator<Item = Entry>) -> Result<Event, DomainError> {
        for entry in entries {
            self.apply(entry.on, entry.action)?;
        }
        Ok(self)
    }

    /// Whether `action` on `on` would be accepted, and the state it leads to.
    pub fn check(&self, on: NaiveDate, action: &Action) -> Result<EventState, DomainError> {
        let to = next(self.state, action)?;
        let previous = self.entries.last().map_or(self.reported_on, |e| e.on);
        if on < previous {
            return Err(DomainError::invalid("on", format!("日期不能早于上一步的日期 {previous}")));
        }
        if let Some((field, label, text)) = action.required_text() {
            form::required_text(field, label, text, 2000)?;
        }
        match action {
            Action::Dispatch { to: DispatchTarget::NextLevel } if self.level().up().is_none() => {
                return Err(DomainError::refused(GATE, "事件已在镇综治中心，不能再上报上一级；需要区级部门办理的，请分拨给承办部门"));
            }
            Action::Dispatch { to: DispatchTarget::Mediation { .. } } if !self.category.is_dispute() => {
                return Err(DomainError::refused(GATE, format!("只有「{}」类事件可以转人民调解", EventCategory::Dispute.label())));
            }
            Action::Dispatch { to: DispatchTarget::Mediation { .. } } if self.mediation_case().is_some() => {
                return Err(DomainError::refused(GATE, "本事件已转人民调解，不能重复转办"));
            }
            Action::Escalate { to, .. } => {
                if *to <= self.level() {
                    return Err(DomainError::refused(GATE, format!("事件已在「{}」办理，不需要再上报该级", self.level().label())));
                }
                if self.escalated_to().any(|l| l == *to) {
                    return Err(DomainError::refused(GATE, format!("已经超时上报过「{}」，同一级只上报一次", to.label())));
                }
            }
            _ => {}
        }
        Ok(to)
    }

    /// Records `action` if every rule allows it.
    pub fn apply(&mut self, on: NaiveDate, action: Action) -> Result<EventState, DomainError> {
        self.state = self.check(on, &action)?;
        self.entries.push(Entry { on, action });
        Ok(self.state)
    }

    pub fn category(&self) -> EventCategory {
        self.category
    }

    pub fn source(&self) -> EventSource {
        self.source
    }

    pub fn reported_on(&self) -> NaiveDate {
        self.reported_on
    }

    pub fn reported_at(&self) -> HandlingLevel {
        self.reported_at
    }

    pub fn limit_days(&self) -> u32 {
        self.limit_days
    }

    pub fn state(&self) -> EventState {
        self.state
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The rung the event sits at now: where it was reported, raised by
    /// each dispatch to the next level.
    pub fn level(&self) -> HandlingLevel {
        self.entries
            .iter()
            .filter(|e| matches!(e.action, Action::Dispatch { to: DispatchTarget::NextLevel }))
            .fold(self.reported_at, |level, _| level.up().unwrap_or(level))
    }

    /// The rungs already told of a breach (automatic escalations).
    pub fn escalated_to(&self) -> impl Iterator<Item = HandlingLevel> + '_ {
        self.entries.iter().filter_map(|e| match e.action {
            Action::Escalate { to, .. } => Some(to),
            _ => None,
        })
    }

    /// The current handler (the latest dispatch).
    pub fn dispatched_to(&self) -> Option<&DispatchTarget> {
        self.entries.iter().rev().find_map(|e| match &e.action {
            Action::Dispatch { to } => Some(to),
            _ => None,
        })
    }

    /// The mediation case this dispute was turned into.
    pub fn mediation_case(&self) -> Option<i64> {
        self.entries.iter().find_map(|e| match e.action {
            Action::Dispatch { to: DispatchTarget::Mediation { case_id } } => Some(case_id),
            _ => None,
        })
    }

    /// The day the matter was last handled, if it still counts (a rework
    /// after it reopens the matter).
    pub fn handled_on(&self) -> Option<NaiveDate> {
        let last_handle = self.entries.iter().rposition(|e| matches!(e.action.kind(), ActionKind::Handle | ActionKind::Decline))?;
        let reworked = self.entries[last_handle..].iter().any(|e| e.action.kind() == ActionKind::ReturnForRework);
        (!reworked).then(|| self.entries[last_handle].on)
    }

    pub fn closed_on(&self) -> Option<NaiveDate> {
        (self.state == EventState::Closed).then(|| self.entries.last().map(|e| e.on)).flatten()
    }

    /// How many times verification sent it back.
    pub fn reworks(&self) -> usize {
        self.entries.iter().filter(|e| e.action.kind() == ActionKind::ReturnForRework).count()
    }
}
