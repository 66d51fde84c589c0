//! The states of an event and the names of the steps between them.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    /// 已上报.
    Reported,
    /// 已受理 (spec §10 TRIAGED).
    Accepted,
    /// 已分拨: to a person, a town office, the level above, or mediation.
    Dispatched,
    /// 已处置.
    Handled,
    /// 已反馈: the handler reported back (to the reporter and the dispatcher).
    Feedback,
    /// 已核查: the dispatcher checked the result on site.
    Verified,
    /// 已办结 (also: 不予受理, with the reason recorded).
    Closed,
}

impl EventState {
    pub const ALL: [EventState; 7] = [
        EventState::Reported,
        EventState::Accepted,
        EventState::Dispatched,
        EventState::Handled,
        EventState::Feedback,
        EventState::Verified,
        EventState::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventState::Reported => "reported",
            EventState::Accepted => "accepted",
            EventState::Dispatched => "dispatched",
            EventState::Handled => "handled",
            EventState::Feedback => "feedback",
            EventState::Verified => "verified",
            EventState::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventState::Reported => "已上报",
            EventState::Accepted => "已受理",
            EventState::Dispatched => "已分拨",
            EventState::Handled => "已处置",
            EventState::Feedback => "已反馈",
            EventState::Verified => "已核查",
            EventState::Closed => "已办结",
        }
    }

    /// What a resident tracking the event sees: the internal steps after
    /// handling read as one "处理中" until it is closed.
    pub fn public_label(self) -> &'static str {
        match self {
            EventState::Reported => "已收到，待受理",
            EventState::Accepted | EventState::Dispatched => "已受理，正在办理",
            EventState::Handled | EventState::Feedback | EventState::Verified => "已处置，正在核查",
            EventState::Closed => "已办结",
        }
    }

    /// The handling clock no longer runs.
    pub fn is_handled(self) -> bool {
        matches!(self, EventState::Handled | EventState::Feedback | EventState::Verified | EventState::Closed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Decline,
    Dispatch,
    Handle,
    Feedback,
    Verify,
    ReturnForRework,
    Close,
    Escalate,
}

impl ActionKind {
    pub const ALL: [ActionKind; 9] = [
        ActionKind::Accept,
        ActionKind::Decline,
        ActionKind::Dispatch,
        ActionKind::Handle,
        ActionKind::Feedback,
        ActionKind::Verify,
        ActionKind::ReturnForRework,
        ActionKind::Close,
        ActionKind::Escalate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Accept => "accept",
            ActionKind::Decline => "decline",
            ActionKind::Dispatch => "dispatch",
            ActionKind::Handle => "handle",
            ActionKind::Feedback => "feedback",
            ActionKind::Verify => "verify",
            ActionKind::ReturnForRework => "return_for_rework",
            ActionKind::Close => "close",
            ActionKind::Escalate => "escalate",
        }
    }

    /// A verb phrase: reads after "不能".
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Accept => "受理",
            ActionKind::Decline => "不予受理",
            ActionKind::Dispatch => "分拨",
            ActionKind::Handle => "登记处置结果",
            ActionKind::Feedback => "反馈",
            ActionKind::Verify => "核查通过",
            ActionKind::ReturnForRework => "退回重办",
            ActionKind::Close => "办结",
            ActionKind::Escalate => "超时上报上一级",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_serde_uses_them() {
        for s in EventState::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
        }
        for k in ActionKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.code()));
        }
        let mut codes: Vec<_> = ActionKind::ALL.iter().map(|k| k.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), ActionKind::ALL.len());
    }
}
