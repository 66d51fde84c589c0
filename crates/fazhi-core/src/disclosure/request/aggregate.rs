//! The request aggregate: 收到日期 + dated events; the state is their fold.
use chrono::NaiveDate;

use super::{Action, ActionKind, ConsultationReply, Event, RequestState, Response, next};
use crate::calendar::Calendar;
use crate::disclosure::DisclosureError;
use crate::disclosure::model::Outcome;

/// One 政府信息公开申请 as facts. Who applied, what for and how are stored
/// beside it (they do not drive the workflow); the receipt date comes from
/// [`receipt_date`](crate::disclosure::receipt_date).
///
/// Built with [`Request::new`] and grown with [`Request::apply`], which checks
/// everything including calendar time limits; rebuilt from storage with
/// [`Request::restore`], which re-checks the table and history but not the
/// time limits — those were decided against the calendar of the day, and a
/// later calendar correction must not make a stored request unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    received_on: NaiveDate,
    events: Vec<Event>,
    state: RequestState,
}

impl Request {
    /// A request just registered, with its art.31 收到日期.
    pub fn new(received_on: NaiveDate) -> Request {
        Request {
            received_on,
            events: Vec::new(),
            state: RequestState::Received,
        }
    }

    /// Replays stored events (table, order, payload and history rules).
    pub fn restore(
        received_on: NaiveDate,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<Request, DisclosureError> {
        let mut request = Request::new(received_on);
        for event in events {
            request.state = request.admit(event.on, &event.action)?;
            request.events.push(event);
        }
        Ok(request)
    }

    /// Whether `action` on `on` would be accepted, and the state it leads to.
    pub fn check(
        &self,
        on: NaiveDate,
        action: &Action,
        cal: &Calendar,
    ) -> Result<RequestState, DisclosureError> {
        let to = self.admit(on, action)?;
        self.check_timing(on, action, cal)?;
        Ok(to)
    }

    /// Records `action` as done on `on` if every rule allows it.
    pub fn apply(
        &mut self,
        on: NaiveDate,
        action: Action,
        cal: &Calendar,
    ) -> Result<RequestState, DisclosureError> {
        self.state = self.check(on, &action, cal)?;
        self.events.push(Event { on, action });
        Ok(self.state)
    }

    /// The transition table, the date order, the payload and the history
    /// rules: everything that does not need the calendar.
    fn admit(&self, on: NaiveDate, action: &Action) -> Result<RequestState, DisclosureError> {
        let to = next(self.state, action)?;
        let previous = self.events.last().map_or(self.received_on, |e| e.on);
        if on < previous {
            return Err(DisclosureError::OutOfOrder { on, previous });
        }
        self.check_payload(on, action)?;
        self.check_history(on, action)?;
        Ok(to)
    }

    pub fn received_on(&self) -> NaiveDate {
        self.received_on
    }

    pub fn state(&self) -> RequestState {
        self.state
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The last event of a kind.
    pub fn last(&self, kind: ActionKind) -> Option<&Event> {
        self.events.iter().rev().find(|e| e.action.kind() == kind)
    }

    /// The answer given (on the spot or after review).
    pub fn response(&self) -> Option<&Response> {
        self.events.iter().rev().find_map(|e| match &e.action {
            Action::Respond { response } | Action::AnswerOnSpot { response } => Some(response),
            _ => None,
        })
    }

    /// The Table 三 row the request is counted in once finished: the answer's
    /// row, or 6.1 / 6.2 when it was deemed abandoned.
    pub fn outcome(&self) -> Option<Outcome> {
        self.closing().map(|(_, outcome)| outcome)
    }

    /// The day the request was finished (答复, 当场答复 or 视为放弃).
    pub fn closed_on(&self) -> Option<NaiveDate> {
        self.closing().map(|(on, _)| on)
    }

    fn closing(&self) -> Option<(NaiveDate, Outcome)> {
        self.events.iter().find_map(|e| match &e.action {
            Action::Respond { response } | Action::AnswerOnSpot { response } => {
                Some((e.on, response.outcome))
            }
            Action::MarkAbandoned => Some((e.on, Outcome::OtherCorrectionOverdue)),
            Action::FeeNotPaid => Some((e.on, Outcome::OtherFeeUnpaid)),
            _ => None,
        })
    }

    /// The approved extension: (grant day, working days).
    pub fn extension(&self) -> Option<(NaiveDate, u32)> {
        self.events.iter().find_map(|e| match e.action {
            Action::Extend { days, .. } => Some((e.on, days)),
            _ => None,
        })
    }

    pub fn is_extended(&self) -> bool {
        self.extension().is_some()
    }

    /// The correction notice: (day sent, last day of the period it gave).
    pub fn correction_request(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.events.iter().find_map(|e| match e.action {
            Action::RequestCorrection { reply_by, .. } => Some((e.on, reply_by)),
            _ => None,
        })
    }

    /// The day the corrected request arrived.
    pub fn correction_received_on(&self) -> Option<NaiveDate> {
        self.last(ActionKind::CorrectionReceived).map(|e| e.on)
    }

    /// The latest third-party reply, which decides whether full disclosure
    /// needs a public-interest reason (art.32).
    pub fn third_party_reply(&self) -> Option<ConsultationReply> {
        self.events.iter().rev().find_map(|e| match e.action {
            Action::EndThirdPartyConsultation { reply } => Some(reply),
            _ => None,
        })
    }
}
