//! The event workflow end to end, against the official calendar.
use chrono::NaiveDate;

use super::*;
use crate::DomainError;
use crate::calendar::{ClockStatus, compute, official_calendar};
use crate::grid::HandlingLevel;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn person() -> DispatchTarget {
    DispatchTarget::Person { user_id: 5, name: "网格员李明".into() }
}

fn event(category: EventCategory) -> Event {
    // Tuesday 2021-09-07.
    Event::report(category, EventSource::Portal, d(2021, 9, 7), HandlingLevel::Grid, &Limits::default())
}

#[test]
fn the_whole_flow_with_a_rework() {
    let mut e = event(EventCategory::Sanitation);
    e.apply(d(2021, 9, 7), Action::Accept).unwrap();
    e.apply(d(2021, 9, 7), Action::Dispatch { to: person() }).unwrap();
    e.apply(d(2021, 9, 8), Action::Handle { result: "垃圾已清运".into() }).unwrap();
    e.apply(d(2021, 9, 8), Action::Feedback { text: "已电话告知报告人".into() }).unwrap();
    e.apply(d(2021, 9, 9), Action::ReturnForRework { reason: "楼道仍有杂物".into() }).unwrap();
    assert_eq!(e.state(), EventState::Dispatched);
    assert_eq!(e.handled_on(), None, "a rework reopens the clock");
    e.apply(d(2021, 9, 10), Action::Handle { result: "杂物已清理".into() }).unwrap();
    e.apply(d(2021, 9, 10), Action::Feedback { text: "已告知".into() }).unwrap();
    e.apply(d(2021, 9, 10), Action::Verify { note: "现场核查".into() }).unwrap();
    assert_eq!(e.apply(d(2021, 9, 13), Action::Close).unwrap(), EventState::Closed);
    assert_eq!((e.reworks(), e.closed_on()), (1, Some(d(2021, 9, 13))));
    let c = compute(&e.deadline(), &official_calendar(), d(2021, 9, 30)).unwrap();
    // 3 WD from Tue 9/7: 9/10; handled 9/10 → on time.
    assert_eq!(c.due, Some(d(2021, 9, 10)));
    assert_eq!(c.status, ClockStatus::Completed { on: d(2021, 9, 10), on_time: true });
    // Stored and replayed.
    let replayed = event(EventCategory::Sanitation).restore(e.entries().to_vec()).unwrap();
    assert_eq!(replayed, e);
}

#[test]
fn steps_need_their_text_and_their_order() {
    let mut e = event(EventCategory::FireSafety);
    e.apply(d(2021, 9, 7), Action::Accept).unwrap();
    let err = e.check(d(2021, 9, 7), &Action::Dispatch { to: DispatchTarget::Person { user_id: 1, name: " ".into() } }).unwrap_err();
    assert_eq!(err, DomainError::invalid("to", "「分拨对象」不能为空"));
    let err = e.check(d(2021, 9, 6), &Action::Dispatch { to: person() }).unwrap_err();
    assert!(err.to_string().contains("不能早于上一步"), "{err}");
}

#[test]
fn an_event_past_its_limit_escalates_exactly_once_per_level() {
    let cal = official_calendar();
    let mut e = event(EventCategory::Sanitation); // limit 3 WD → due Fri 9/10.
    e.apply(d(2021, 9, 7), Action::Accept).unwrap();
    e.apply(d(2021, 9, 7), Action::Dispatch { to: person() }).unwrap();
    assert!(escalations_due(&e, d(2021, 9, 10), &cal).unwrap().is_empty(), "due today is not late");
    let due = escalations_due(&e, d(2021, 9, 11), &cal).unwrap();
    assert_eq!(due, vec![Escalation { to: HandlingLevel::Community, breached_on: d(2021, 9, 10), stage: 1 }]);
    for x in &due {
        e.apply(d(2021, 9, 11), Action::Escalate { to: x.to, breached_on: x.breached_on }).unwrap();
    }
    // The job runs again the same day and every day after: nothing new until the second limit.
    assert!(escalations_due(&e, d(2021, 9, 11), &cal).unwrap().is_empty());
    assert!(escalations_due(&e, d(2021, 9, 15), &cal).unwrap().is_empty());
    // 6 WD from 9/7 skips 中秋 9/19–21 and counts Saturday 9/18 (调休上班): 9/10 +3 → 9/15.
    let due = escalations_due(&e, d(2021, 9, 16), &cal).unwrap();
    assert_eq!(due, vec![Escalation { to: HandlingLevel::Town, breached_on: d(2021, 9, 15), stage: 2 }]);
    e.apply(d(2021, 9, 16), Action::Escalate { to: HandlingLevel::Town, breached_on: d(2021, 9, 15) }).unwrap();
    assert!(escalations_due(&e, d(2021, 12, 31), &cal).unwrap().is_empty(), "the town is the top");
    let err = e.check(d(2021, 9, 16), &Action::Escalate { to: HandlingLevel::Town, breached_on: d(2021, 9, 15) }).unwrap_err();
    assert!(err.to_string().contains("同一级只上报一次"), "{err}");
}

#[test]
fn a_late_job_records_both_rungs_at_once_and_handled_events_never_escalate() {
    let cal = official_calendar();
    let e = event(EventCategory::FireSafety); // 1 WD
    let due = escalations_due(&e, d(2021, 10, 30), &cal).unwrap();
    assert_eq!(due.iter().map(|x| x.to).collect::<Vec<_>>(), vec![HandlingLevel::Community, HandlingLevel::Town]);
    let mut handled = event(EventCategory::FireSafety);
    handled.apply(d(2021, 9, 7), Action::Accept).unwrap();
    handled.apply(d(2021, 9, 7), Action::Dispatch { to: person() }).unwrap();
    handled.apply(d(2021, 9, 20), Action::Handle { result: "已整改".into() }).unwrap();
    assert!(escalations_due(&handled, d(2021, 10, 30), &cal).unwrap().is_empty());
}

#[test]
fn a_dispatch_up_moves_the_level_and_the_ladder_with_it() {
    let cal = official_calendar();
    let mut e = event(EventCategory::PublicSecurity);
    e.apply(d(2021, 9, 7), Action::Accept).unwrap();
    e.apply(d(2021, 9, 7), Action::Dispatch { to: DispatchTarget::NextLevel }).unwrap();
    assert_eq!(e.level(), HandlingLevel::Community);
    // Limit 2 WD: the community (now the handler) is not told at the first
    // breach (9/9); the town is owed after two limits (9/13).
    assert!(escalations_due(&e, d(2021, 9, 10), &cal).unwrap().is_empty());
    let due = escalations_due(&e, d(2021, 9, 14), &cal).unwrap();
    assert_eq!(due, vec![Escalation { to: HandlingLevel::Town, breached_on: d(2021, 9, 13), stage: 2 }]);
    e.apply(d(2021, 9, 8), Action::Dispatch { to: DispatchTarget::NextLevel }).unwrap();
    let err = e.check(d(2021, 9, 8), &Action::Dispatch { to: DispatchTarget::NextLevel }).unwrap_err();
    assert!(err.to_string().contains("镇综治中心"), "{err}");
    assert!(escalations_due(&e, d(2021, 9, 30), &cal).unwrap().is_empty());
}

#[test]
fn beyond_the_calendar_is_not_guessed() {
    let cal = official_calendar();
    let last = cal.last_loaded_year().unwrap();
    let e = Event::new(EventCategory::Dispute, EventSource::Phone, d(last, 12, 30), HandlingLevel::Grid, 5);
    // Due in an unloaded year: before it nothing is due, after it the job is told.
    assert!(escalations_due(&e, d(last, 12, 31), &cal).unwrap().is_empty());
    assert!(escalations_due(&e, d(last + 1, 2, 1), &cal).is_err());
}

#[test]
fn disputes_turn_into_mediation_cases_once() {
    let mut e = event(EventCategory::Dispute);
    e.apply(d(2021, 9, 7), Action::Accept).unwrap();
    e.apply(d(2021, 9, 7), Action::Dispatch { to: DispatchTarget::Mediation { case_id: 42 } }).unwrap();
    assert_eq!(e.mediation_case(), Some(42));
    let err = e.check(d(2021, 9, 8), &Action::Dispatch { to: DispatchTarget::Mediation { case_id: 43 } }).unwrap_err();
    assert!(err.to_string().contains("不能重复转办"));
    let mut other = event(EventCategory::Sanitation);
    other.apply(d(2021, 9, 7), Action::Accept).unwrap();
    let err = other.check(d(2021, 9, 7), &Action::Dispatch { to: DispatchTarget::Mediation { case_id: 1 } }).unwrap_err();
    assert_eq!(err.to_string(), "只有「矛盾邻里纠纷调处」类事件可以转人民调解");
}

#[test]
fn a_declined_report_is_closed_with_its_reason() {
    let mut e = event(EventCategory::ConvenienceService);
    e.apply(d(2021, 9, 8), Action::Decline { reason: "与 XLWG2021-000012 重复".into() }).unwrap();
    assert_eq!((e.state(), e.state().public_label()), (EventState::Closed, "已办结"));
    assert!(escalations_due(&e, d(2021, 12, 1), &official_calendar()).unwrap().is_empty());
}
