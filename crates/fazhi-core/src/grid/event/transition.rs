//! The transition table of an event, in one place. Rules that need the
//! event's data (category, level, text) live in the aggregate.
use super::{Action, ActionKind, EventState};
use crate::DomainError;

/// The gate name of a refused step, for the web layer's error code.
pub const GATE: &str = "grid_event";

/// The state after `action`, or a refusal naming what has to happen first.
pub fn next(state: EventState, action: &Action) -> Result<EventState, DomainError> {
    let kind = action.kind();
    target(state, kind).ok_or_else(|| {
        DomainError::refused(GATE, format!("事件当前为「{}」，不能{}：{}", state.label(), kind.label(), hint(state, kind)))
    })
}

/// The steps the table allows from `state`, in display order.
pub fn allowed_actions(state: EventState) -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL.into_iter().filter(move |k| target(state, *k).is_some())
}

fn target(state: EventState, kind: ActionKind) -> Option<EventState> {
    use ActionKind as K;
    use EventState as S;
    Some(match (state, kind) {
        (S::Reported, K::Accept) => S::Accepted,
        (S::Reported, K::Decline) => S::Closed,
        (S::Accepted | S::Dispatched, K::Dispatch) => S::Dispatched,
        (S::Dispatched, K::Handle) => S::Handled,
        (S::Handled, K::Feedback) => S::Feedback,
        (S::Feedback, K::Verify) => S::Verified,
        (S::Feedback, K::ReturnForRework) => S::Dispatched,
        (S::Verified, K::Close) => S::Closed,
        // A breach is a fact for the level above, not a state of the event.
        (S::Reported | S::Accepted | S::Dispatched, K::Escalate) => state,
        _ => return None,
    })
}

fn hint(state: EventState, kind: ActionKind) -> &'static str {
    use ActionKind as K;
    use EventState as S;
    match (state, kind) {
        (S::Closed, _) => "事件已办结，不能再办理",
        (_, K::Escalate) => "事件已处置，不再超时上报",
        (S::Reported, _) => "请先受理（或不予受理）",
        (_, K::Accept | K::Decline) => "事件已受理",
        (S::Accepted, _) => "请先分拨给承办人、承办部门或上一级",
        (S::Dispatched, _) => "请先由承办人登记处置结果",
        (S::Handled, _) => "请先向群众和分拨人反馈处置情况",
        (S::Feedback, _) => "请先核查处置结果（通过或退回重办）",
        (S::Verified, _) => "事件已核查，只能办结",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::HandlingLevel;
    use crate::grid::event::DispatchTarget;

    fn sample(kind: ActionKind) -> Action {
        let day = chrono::NaiveDate::from_ymd_opt(2021, 10, 8).unwrap();
        match kind {
            ActionKind::Accept => Action::Accept,
            ActionKind::Decline => Action::Decline { reason: "重复上报".into() },
            ActionKind::Dispatch => Action::Dispatch { to: DispatchTarget::NextLevel },
            ActionKind::Handle => Action::Handle { result: "已清理".into() },
            ActionKind::Feedback => Action::Feedback { text: "已电话告知".into() },
            ActionKind::Verify => Action::Verify { note: String::new() },
            ActionKind::ReturnForRework => Action::ReturnForRework { reason: "未清理干净".into() },
            ActionKind::Close => Action::Close,
            ActionKind::Escalate => Action::Escalate { to: HandlingLevel::Community, breached_on: day },
        }
    }

    #[test]
    fn the_table_as_a_whole() {
        use EventState as S;
        let expected: Vec<(S, Vec<&str>)> = vec![
            (S::Reported, vec!["accept", "decline", "escalate"]),
            (S::Accepted, vec!["dispatch", "escalate"]),
            (S::Dispatched, vec!["dispatch", "handle", "escalate"]),
            (S::Handled, vec!["feedback"]),
            (S::Feedback, vec!["verify", "return_for_rework"]),
            (S::Verified, vec!["close"]),
            (S::Closed, vec![]),
        ];
        for (state, actions) in expected {
            assert_eq!(allowed_actions(state).map(ActionKind::code).collect::<Vec<_>>(), actions, "{state:?}");
        }
    }

    #[test]
    fn every_refusal_explains_itself() {
        for state in EventState::ALL {
            for kind in ActionKind::ALL {
                let r = next(state, &sample(kind));
                assert_eq!(r.is_ok(), allowed_actions(state).any(|k| k == kind));
                if let Err(DomainError::Refused { gate, message }) = r {
                    assert_eq!(gate, GATE);
                    assert!(message.starts_with("事件当前为「"), "{message}");
                }
            }
        }
        let e = next(EventState::Accepted, &sample(ActionKind::Handle)).unwrap_err();
        assert_eq!(e.to_string(), "事件当前为「已受理」，不能登记处置结果：请先分拨给承办人、承办部门或上一级");
    }
}
