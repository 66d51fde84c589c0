//! 会议制度: the rules of a collective-discussion meeting (领导班子联席会议, 党委会,
//! 镇长办公会), no I/O. domain.md §7 and 令713 art.30:
//!
//! - `state` — 筹备 → 已通知 → 召开中 → 已结束 → 纪要已审定; the notice must go out
//!   before the sitting starts (late notice only with a recorded reason).
//! - `quorum` — how many voting members must be present (more than half by default).
//! - `vote` — 逐项表决 (agree / disagree / abstain per item per member), the tally and
//!   the majority result, 末位表态 (the principal leader states last), and the
//!   decision check (a decision contrary to the majority needs a recorded reason).
//! - `notice` — the configured lead time of a meeting type's notice.
mod notice;
mod quorum;
mod state;
mod vote;

#[cfg(test)]
mod props;

pub use notice::{NoticeCheck, check_notice};
pub use quorum::Quorum;
pub use state::{MeetingState, Step};
pub use vote::{Ballot, Choice, Outcome, Tally, check_decision, check_principal_last, check_vote_allowed, majority};

/// The part a person plays at a meeting (会议成员角色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// 主要负责人: chairs, states position last, makes the decision.
    Principal,
    /// 班子成员: votes.
    Member,
    /// 列席 (e.g. the legal adviser): present, may speak, never votes.
    Attendee,
}

impl MemberRole {
    pub const ALL: [MemberRole; 3] = [MemberRole::Principal, MemberRole::Member, MemberRole::Attendee];
    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Principal => "principal",
            MemberRole::Member => "member",
            MemberRole::Attendee => "attendee",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MemberRole::Principal => "主持人（主要负责人）",
            MemberRole::Member => "班子成员",
            MemberRole::Attendee => "列席人员（无表决权）",
        }
    }
    pub fn votes(self) -> bool {
        !matches!(self, MemberRole::Attendee)
    }
    pub fn parse(code: &str) -> Result<MemberRole, crate::DomainError> {
        MemberRole::ALL.into_iter().find(|r| r.code() == code).ok_or_else(|| crate::DomainError::invalid("role", "请选择「会议角色」"))
    }
}

/// Attendance of one member (出席 / 缺席 / 请假).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Present,
    Absent,
    Leave,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Present, Presence::Absent, Presence::Leave];
    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Absent => "absent",
            Presence::Leave => "leave",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Presence::Present => "出席",
            Presence::Absent => "缺席",
            Presence::Leave => "请假",
        }
    }
    pub fn parse(code: &str) -> Result<Presence, crate::DomainError> {
        Presence::ALL.into_iter().find(|p| p.code() == code).ok_or_else(|| crate::DomainError::invalid("presence", "请选择「出席情况」"))
    }
    /// Absence and leave are recorded with a reason (缺席、请假须注明原因).
    pub fn needs_reason(self) -> bool {
        !matches!(self, Presence::Present)
    }
}
