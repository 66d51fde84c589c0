//! Who may move a review where, and the gate other modules ask before a
//! subject goes ahead (a decision onto a meeting agenda: 令713 第二十五条 —
//! "决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论").
use super::{Conclusion, ReviewState};
use crate::DomainError;

/// A step on a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The reviewer gives the opinion.
    Opine,
    /// The requester answers the opinion's points.
    Respond,
    /// The requester takes the request back.
    Withdraw,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Opine => "出具审查意见",
            Action::Respond => "反馈采纳情况",
            Action::Withdraw => "撤回审查申请",
        }
    }
}

/// The state after `action`, or a refusal naming why not.
pub fn transition(state: ReviewState, action: Action) -> Result<ReviewState, DomainError> {
    use ReviewState::*;
    match (state, action) {
        (Requested, Action::Opine) => Ok(Opined),
        (Requested, Action::Withdraw) => Ok(Withdrawn),
        (Opined, Action::Respond) => Ok(Responded),
        (Requested, Action::Respond) => Err(DomainError::refused("state", "审查意见尚未出具，暂不能反馈采纳情况")),
        (Opined | Responded, Action::Opine) => Err(DomainError::refused("state", "该事项已出具审查意见，不能重复出具")),
        (Opined | Responded, Action::Withdraw) => Err(DomainError::refused("state", "审查意见已出具，不能撤回审查申请")),
        (Responded, Action::Respond) => Err(DomainError::refused("state", "已反馈采纳情况，不能重复反馈")),
        (Withdrawn, a) => Err(DomainError::refused("state", format!("该审查申请已撤回，不能{}", a.label()))),
    }
}

/// The reviewer's independence: nobody reviews what they submitted; a review
/// assigned to a person is opined on by that person only.
pub fn check_reviewer(requested_by: i64, assigned_user: Option<i64>, actor: i64) -> Result<(), DomainError> {
    if requested_by == actor {
        return Err(DomainError::refused("own_request", "不能对本人提请的事项出具合法性审查意见"));
    }
    if let Some(u) = assigned_user
        && u != actor
    {
        return Err(DomainError::forbidden("该审查事项已指派给其他审查人员，由其出具意见"));
    }
    Ok(())
}

/// May the reviewed subject go ahead (a decision onto a meeting agenda)?
/// `state`/`conclusion` are those of the subject's latest review (`None` when
/// there is none). A 修改后合法 opinion must have been answered point by point.
pub fn permits_scheduling(conclusion: Option<Conclusion>, state: Option<ReviewState>) -> Result<(), DomainError> {
    const GATE: &str = "legality_review";
    let none = || {
        DomainError::refused(
            GATE,
            "缺少合法性审查：决策草案未经合法性审查的，不得提交集体讨论（《重大行政决策程序暂行条例》第二十五条），请先提请合法性审查",
        )
    };
    match (state, conclusion) {
        (None | Some(ReviewState::Withdrawn), _) => Err(none()),
        (Some(ReviewState::Requested), _) | (Some(ReviewState::Opined | ReviewState::Responded), None) => {
            Err(DomainError::refused(GATE, "合法性审查尚未完成：审查意见出具前，决策草案不得提交集体讨论"))
        }
        (Some(_), Some(Conclusion::Unlawful)) => Err(DomainError::refused(
            GATE,
            "合法性审查意见为「不合法」：决策草案不得提交集体讨论（《重大行政决策程序暂行条例》第二十五条），请修改后重新提请合法性审查",
        )),
        (Some(ReviewState::Opined), Some(Conclusion::LawfulWithChanges)) => Err(DomainError::refused(
            GATE,
            "合法性审查意见为「修改后合法」，承办单位尚未逐条反馈修改意见的采纳情况，请先反馈后再提交集体讨论",
        )),
        (Some(ReviewState::Opined | ReviewState::Responded), Some(_)) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewState::*;

    #[test]
    fn transitions() {
        assert_eq!(transition(Requested, Action::Opine).unwrap(), Opined);
        assert_eq!(transition(Requested, Action::Withdraw).unwrap(), Withdrawn);
        assert_eq!(transition(Opined, Action::Respond).unwrap(), Responded);
        for (s, a) in [
            (Requested, Action::Respond),
            (Opined, Action::Opine),
            (Opined, Action::Withdraw),
            (Responded, Action::Opine),
            (Responded, Action::Respond),
            (Responded, Action::Withdraw),
            (Withdrawn, Action::Opine),
            (Withdrawn, Action::Respond),
            (Withdrawn, Action::Withdraw),
        ] {
            assert!(matches!(transition(s, a), Err(DomainError::Refused { .. })), "{s:?} {a:?}");
        }
    }

    #[test]
    fn nobody_reviews_their_own_request() {
        assert!(matches!(check_reviewer(5, None, 5), Err(DomainError::Refused { .. })));
        assert!(matches!(check_reviewer(5, Some(7), 6), Err(DomainError::Forbidden { .. })));
        assert!(check_reviewer(5, Some(7), 7).is_ok());
        assert!(check_reviewer(5, None, 6).is_ok());
    }

    #[test]
    fn the_scheduling_gate_names_the_missing_step() {
        let msg = |c, s| permits_scheduling(c, s).unwrap_err().to_string();
        assert!(msg(None, None).contains("缺少合法性审查"));
        assert!(msg(None, Some(Withdrawn)).contains("缺少合法性审查"));
        assert!(msg(None, Some(Requested)).contains("尚未完成"));
        assert!(msg(Some(Conclusion::Unlawful), Some(Opined)).contains("不合法"));
        assert!(msg(Some(Conclusion::Unlawful), Some(Responded)).contains("不合法"));
        assert!(msg(Some(Conclusion::LawfulWithChanges), Some(Opined)).contains("采纳情况"));
        assert!(permits_scheduling(Some(Conclusion::Lawful), Some(Opined)).is_ok());
        assert!(permits_scheduling(Some(Conclusion::Lawful), Some(Responded)).is_ok());
        assert!(permits_scheduling(Some(Conclusion::LawfulWithChanges), Some(Responded)).is_ok());
        assert!(matches!(permits_scheduling(None, None), Err(DomainError::Refused { ref gate, .. }) if gate == "legality_review"));
    }
}
