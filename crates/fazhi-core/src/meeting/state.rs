use serde::Serialize;

use crate::DomainError;

/// Where a meeting stands. Only forward: a sitting that has ended is never reopened,
/// and once the minutes are approved the record changes only by a correction (更正).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingState {
    /// 筹备: agenda being assembled.
    Preparing,
    /// 已通知: notice sent to members.
    Notified,
    /// 召开中: attendance, discussion, votes, decisions.
    InSession,
    /// 已结束: minutes drafted from the record, awaiting approval.
    Ended,
    /// 纪要已审定: votes and minutes immutable.
    Approved,
}

/// What someone wants to do to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    SendNotice,
    Start,
    End,
    ApproveMinutes,
}

impl MeetingState {
    pub const ALL: [MeetingState; 5] = [MeetingState::Preparing, MeetingState::Notified, MeetingState::InSession, MeetingState::Ended, MeetingState::Approved];

    pub fn code(self) -> &'static str {
        match self {
            MeetingState::Preparing => "preparing",
            MeetingState::Notified => "notified",
            MeetingState::InSession => "in_session",
            MeetingState::Ended => "ended",
            MeetingState::Approved => "approved",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeetingState::Preparing => "筹备",
            MeetingState::Notified => "已通知",
            MeetingState::InSession => "召开中",
            MeetingState::Ended => "已结束",
            MeetingState::Approved => "纪要已审定",
        }
    }
    pub fn parse(code: &str) -> Result<MeetingState, DomainError> {
        MeetingState::ALL.into_iter().find(|s| s.code() == code).ok_or_else(|| DomainError::invalid("state", "会议状态不正确"))
    }

    /// The agenda may still change (accepting and ordering 议题).
    pub fn agenda_open(self) -> bool {
        matches!(self, MeetingState::Preparing | MeetingState::Notified)
    }

    /// The state after `step`, or a refusal naming what is missing.
    pub fn next(self, step: Step) -> Result<MeetingState, DomainError> {
        use MeetingState::*;
        match (self, step) {
            (Preparing, Step::SendNotice) => Ok(Notified),
            (Notified, Step::SendNotice) => Err(DomainError::refused("meeting_notice", "会议通知已发出，无需重复发送")),
            (Preparing, Step::Start) => Err(DomainError::refused("meeting_notice", "会议尚未发出通知，不能开始：请先发送会议通知（提前通知）")),
            (Notified, Step::Start) => Ok(InSession),
            (InSession, Step::End) => Ok(Ended),
            (Ended, Step::ApproveMinutes) => Ok(Approved),
            (Approved, _) => Err(DomainError::refused("meeting_approved", "会议纪要已审定，记录不可修改；如有错误请办理更正")),
            (s, Step::ApproveMinutes) => Err(DomainError::refused("meeting_state", format!("会议处于「{}」状态，会议结束后方可审定纪要", s.label()))),
            (s, Step::End) => Err(DomainError::refused("meeting_state", format!("会议处于「{}」状态，不能结束会议", s.label()))),
            (s, step) => Err(DomainError::refused("meeting_state", format!("会议处于「{}」状态，不能{}", s.label(), step_label(step)))),
        }
    }
}

fn step_label(s: Step) -> &'static str {
    match s {
        Step::SendNotice => "发送会议通知",
        Step::Start => "开始会议",
        Step::End => "结束会议",
        Step::ApproveMinutes => "审定纪要",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn happy_path() {
        let s = MeetingState::Preparing.next(Step::SendNotice).unwrap();
        let s = s.next(Step::Start).unwrap();
        let s = s.next(Step::End).unwrap();
        assert_eq!(s.next(Step::ApproveMinutes).unwrap(), MeetingState::Approved);
    }

    #[test]
    fn cannot_start_without_notice() {
        let e = MeetingState::Preparing.next(Step::Start).unwrap_err();
        assert!(e.to_string().contains("尚未发出通知"), "{e}");
    }

    #[test]
    fn approved_is_final() {
        for step in [Step::SendNotice, Step::Start, Step::End, Step::ApproveMinutes] {
            assert!(MeetingState::Approved.next(step).unwrap_err().to_string().contains("更正"));
        }
    }

    #[test]
    fn codes_roundtrip() {
        for s in MeetingState::ALL {
            assert_eq!(MeetingState::parse(s.code()).unwrap(), s);
        }
    }
}
