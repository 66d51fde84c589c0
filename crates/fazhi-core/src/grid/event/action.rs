//! The steps recorded on an event, with their data. Stored as JSON
//! (`{"on": "2021-10-08", "action": "dispatch", "to": {…}}`).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ActionKind;
use crate::grid::HandlingLevel;

/// One recorded step and its legal date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub on: NaiveDate,
    #[serde(flatten)]
    pub action: Action,
}

/// Where an event is sent (分拨).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DispatchTarget {
    /// A named person (usually the grid worker of the place).
    Person { user_id: i64, name: String },
    /// A town office or county department (e.g. 镇城管办, 区消防救援大队).
    Office { org_id: i64, name: String },
    /// Up one rung of the ladder: the event now sits at the level above.
    NextLevel,
    /// People's mediation: the case opened from this dispute event.
    Mediation { case_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// 受理.
    Accept,
    /// 不予受理: a duplicate, not a grid matter, or no facts; the reason is
    /// shown to the reporter.
    Decline { reason: String },
    /// 分拨 (again after a rework, to someone else if need be).
    Dispatch { to: DispatchTarget },
    /// 处置: what was done.
    Handle { result: String },
    /// 反馈 to the reporter and the dispatcher.
    Feedback { text: String },
    /// 核查通过 on site.
    Verify { note: String },
    /// 退回重办: verification found the matter not resolved.
    ReturnForRework { reason: String },
    /// 办结.
    Close,
    /// Automatic escalation after a breach of the time limit: a to-do at
    /// `to`; the handler does not change.
    Escalate { to: HandlingLevel, breached_on: NaiveDate },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Accept => ActionKind::Accept,
            Action::Decline { .. } => ActionKind::Decline,
            Action::Dispatch { .. } => ActionKind::Dispatch,
            Action::Handle { .. } => ActionKind::Handle,
            Action::Feedback { .. } => ActionKind::Feedback,
            Action::Verify { .. } => ActionKind::Verify,
            Action::ReturnForRework { .. } => ActionKind::ReturnForRework,
            Action::Close => ActionKind::Close,
            Action::Escalate { .. } => ActionKind::Escalate,
        }
    }

    /// The text a step must carry, with its field name and Chinese label.
    pub(crate) fn required_text(&self) -> Option<(&'static str, &'static str, &str)> {
        match self {
            Action::Decline { reason } => Some(("reason", "不予受理理由", reason)),
            Action::Handle { result } => Some(("result", "处置情况", result)),
            Action::Feedback { text } => Some(("text", "反馈内容", text)),
            Action::ReturnForRework { reason } => Some(("reason", "退回理由", reason)),
            Action::Dispatch { to: DispatchTarget::Person { name, .. } | DispatchTarget::Office { name, .. } } => Some(("to", "分拨对象", name)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_stored_as_flat_json() {
        let e = Entry { on: NaiveDate::from_ymd_opt(2021, 10, 8).unwrap(), action: Action::Dispatch { to: DispatchTarget::Mediation { case_id: 7 } } };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"on":"2021-10-08","action":"dispatch","to":{"kind":"mediation","case_id":7}}"#);
        assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), e);
    }
}
