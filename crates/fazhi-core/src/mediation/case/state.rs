//! The states of a mediation case and the names of its steps.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// 已申请 / 拟主动调解: not yet registered.
    Applied,
    /// 不予调解: a party expressly refused (art.17) or the matter may not be
    /// mediated (art.18). Only archiving is left.
    Declined,
    /// 已登记受理.
    Registered,
    /// 调解中: sessions are held.
    Mediating,
    /// 已达成协议: the agreement is executed and its performance followed up (art.31).
    Agreed,
    /// 调解终止: no agreement; the parties were told of the other routes (art.26).
    Terminated,
    /// 已归档 (art.27).
    Archived,
}

impl CaseState {
    pub const ALL: [CaseState; 7] = [
        CaseState::Applied,
        CaseState::Declined,
        CaseState::Registered,
        CaseState::Mediating,
        CaseState::Agreed,
        CaseState::Terminated,
        CaseState::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Applied => "applied",
            CaseState::Declined => "declined",
            CaseState::Registered => "registered",
            CaseState::Mediating => "mediating",
            CaseState::Agreed => "agreed",
            CaseState::Terminated => "terminated",
            CaseState::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseState::Applied => "待登记",
            CaseState::Declined => "不予调解",
            CaseState::Registered => "已登记受理",
            CaseState::Mediating => "调解中",
            CaseState::Agreed => "已达成协议",
            CaseState::Terminated => "调解终止",
            CaseState::Archived => "已归档",
        }
    }

    /// Mediation still goes on (sessions may be held, risks flagged).
    pub fn is_open(self) -> bool {
        matches!(self, CaseState::Applied | CaseState::Registered | CaseState::Mediating)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Register,
    RecordRefusal,
    Decline,
    HoldSession,
    ReachAgreement,
    Execute,
    Terminate,
    FlagRisk,
    FollowUp,
    ApplyForConfirmation,
    Archive,
}

impl ActionKind {
    pub const ALL: [ActionKind; 11] = [
        ActionKind::Register,
        ActionKind::RecordRefusal,
        ActionKind::Decline,
        ActionKind::HoldSession,
        ActionKind::ReachAgreement,
        ActionKind::Execute,
        ActionKind::Terminate,
        ActionKind::FlagRisk,
        ActionKind::FollowUp,
        ActionKind::ApplyForConfirmation,
        ActionKind::Archive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Register => "register",
            ActionKind::RecordRefusal => "record_refusal",
            ActionKind::Decline => "decline",
            ActionKind::HoldSession => "hold_session",
            ActionKind::ReachAgreement => "reach_agreement",
            ActionKind::Execute => "execute",
            ActionKind::Terminate => "terminate",
            ActionKind::FlagRisk => "flag_risk",
            ActionKind::FollowUp => "follow_up",
            ActionKind::ApplyForConfirmation => "apply_for_confirmation",
            ActionKind::Archive => "archive",
        }
    }

    /// A verb phrase: reads after "不能".
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Register => "登记受理",
            ActionKind::RecordRefusal => "登记当事人拒绝调解",
            ActionKind::Decline => "不予调解",
            ActionKind::HoldSession => "登记调解记录",
            ActionKind::ReachAgreement => "登记达成调解协议",
            ActionKind::Execute => "登记协议签署",
            ActionKind::Terminate => "终止调解",
            ActionKind::FlagRisk => "登记矛盾激化风险",
            ActionKind::FollowUp => "登记回访",
            ActionKind::ApplyForConfirmation => "登记申请司法确认",
            ActionKind::Archive => "归档",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_uses_the_codes() {
        for s in CaseState::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
        }
        for k in ActionKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.code()));
        }
    }
}
