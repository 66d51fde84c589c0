//! A case from application to archive, against the official calendar.
use chrono::NaiveDate;

use super::*;
use crate::DomainError;
use crate::calendar::{ClockStatus, compute, official_calendar};
use crate::mediation::agreement::{AgreementForm, Execution, Mark};
use crate::mediation::figures::Outcome;
use crate::mediation::model::{CaseSource, DisputeType};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn parties() -> Vec<String> {
    vec!["张某".into(), "李某".into()]
}

fn registered(on: NaiveDate) -> Case {
    let mut c = Case::from_grid_event(11, DisputeType::Neighbour, parties(), on).unwrap();
    c.apply(on, Action::Register { mediators: vec!["调解员王某".into()] }, &official_calendar()).unwrap();
    c
}

fn sign_all(c: &mut Case, on: NaiveDate) -> Vec<Effect> {
    let cal = official_calendar();
    let mut effects = Vec::new();
    for exec in [
        Execution::Party { party: "张某".into(), mark: Mark::Signature },
        Execution::Party { party: "李某".into(), mark: Mark::Thumbprint },
        Execution::Mediator { name: "调解员王某".into() },
        Execution::CommitteeSeal,
    ] {
        effects.extend(c.apply(on, Action::Execute { execution: exec }, &cal).unwrap());
    }
    effects
}

#[test]
fn from_application_to_archive_with_a_written_agreement() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 5, 6));
    c.apply(d(2021, 5, 7), Action::HoldSession { record: "双方陈述，初步同意赔偿".into(), public: false }, &cal).unwrap();
    let effects = c.apply(d(2021, 5, 10), Action::ReachAgreement { form: AgreementForm::Written, content: "李某赔偿张某800元".into() }, &cal).unwrap();
    assert_eq!(effects, vec![Effect::GridEventHandled { event_id: 11, result: "经人民调解达成书面调解协议".into() }]);
    assert!(!c.effectiveness().unwrap().is_effective());
    let err = c.apply(d(2021, 5, 10), Action::FollowUp { performance: Performance::Performed, note: "已付款".into() }, &cal).unwrap_err();
    assert!(err.to_string().starts_with("调解协议尚未生效，还需：当事人张某签名、盖章或者按指印、"), "{err}");
    let effects = sign_all(&mut c, d(2021, 5, 11));
    assert_eq!(effects, vec![Effect::ConfirmationWindowOpened { effective_on: d(2021, 5, 11) }]);
    let err = c.apply(d(2021, 5, 20), Action::Archive, &cal).unwrap_err();
    assert!(err.to_string().contains("第三十一条"), "{err}");
    c.apply(d(2021, 5, 20), Action::FollowUp { performance: Performance::Performed, note: "赔偿款已付清".into() }, &cal).unwrap();
    c.apply(d(2021, 5, 21), Action::Archive, &cal).unwrap();
    assert_eq!((c.state(), c.outcome()), (CaseState::Archived, Outcome::Agreement));
    let s = c.summary();
    assert_eq!((s.registered_on, s.concluded_on, s.follow_ups), (Some(d(2021, 5, 6)), Some(d(2021, 5, 10)), 1));
    let replayed = Case::from_grid_event(11, DisputeType::Neighbour, parties(), d(2021, 5, 6)).unwrap().restore(c.entries().to_vec()).unwrap();
    assert_eq!(replayed, c);
}

#[test]
fn a_partys_express_refusal_blocks_mediation() {
    let cal = official_calendar();
    let mut c = Case::new(CaseSource::Visit, DisputeType::HouseAndHomestead, parties(), d(2021, 6, 1)).unwrap();
    let err = c.apply(d(2021, 6, 1), Action::RecordRefusal { party: "赵某".into(), statement: "不同意".into() }, &cal).unwrap_err();
    assert_eq!(err, DomainError::invalid("party", "「赵某」不是本案当事人"));
    c.apply(d(2021, 6, 2), Action::RecordRefusal { party: "李某".into(), statement: "明确表示不同意调解".into() }, &cal).unwrap();
    assert_eq!(c.state(), CaseState::Declined);
    let err = c.apply(d(2021, 6, 3), Action::HoldSession { record: "x".into(), public: false }, &cal).unwrap_err();
    assert!(matches!(err, DomainError::Refused { .. }) && err.to_string().contains("不得调解"), "{err}");
    c.apply(d(2021, 6, 3), Action::Archive, &cal).unwrap();
    assert_eq!(c.outcome(), Outcome::Declined);
}

#[test]
fn termination_tells_the_routes() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 6, 1));
    c.apply(d(2021, 6, 2), Action::HoldSession { record: "分歧较大".into(), public: true }, &cal).unwrap();
    let t = |routes: Vec<Route>| Action::Terminate { reason: TerminationReason::NoAgreement, note: String::new(), routes_told: routes };
    let err = c.apply(d(2021, 6, 3), t(vec![]), &cal).unwrap_err();
    assert!(err.to_string().contains("第二十六条"), "{err}");
    let effects = c.apply(d(2021, 6, 3), t(Route::ALL.to_vec()), &cal).unwrap();
    assert_eq!(effects, vec![Effect::GridEventHandled { event_id: 11, result: "调解终止（调解不成），已告知当事人可通过仲裁、行政、司法等途径解决".into() }]);
    assert_eq!(c.outcome(), Outcome::Terminated);
}

#[test]
fn escalation_risk_goes_to_the_comprehensive_governance_list() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 6, 1));
    let effects = c.apply(d(2021, 6, 2), Action::FlagRisk { kind: RiskKind::Escalation, note: "双方发生推搡".into() }, &cal).unwrap();
    assert_eq!(effects, vec![Effect::ComprehensiveGovernanceTodo { title: "人民调解矛盾有激化可能：邻里纠纷（双方发生推搡）".into() }]);
    let effects = c.apply(d(2021, 6, 2), Action::FlagRisk { kind: RiskKind::PossibleCrime, note: "扬言报复".into() }, &cal).unwrap();
    assert!(matches!(effects[0], Effect::ReportToPolice { .. }) && matches!(effects[1], Effect::ComprehensiveGovernanceTodo { .. }));
    assert_eq!(c.risk_flags().count(), 2);
    assert_eq!(c.state(), CaseState::Registered);
}

#[test]
fn oral_agreements_are_recorded_not_signed() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 6, 1));
    c.apply(d(2021, 6, 1), Action::HoldSession { record: "当场达成一致".into(), public: false }, &cal).unwrap();
    c.apply(d(2021, 6, 1), Action::ReachAgreement { form: AgreementForm::Oral, content: "互相道歉".into() }, &cal).unwrap();
    let err = c.apply(d(2021, 6, 1), Action::Execute { execution: Execution::CommitteeSeal }, &cal).unwrap_err();
    assert!(err.to_string().contains("第二十八条"), "{err}");
    let effects = c.apply(d(2021, 6, 2), Action::Execute { execution: Execution::OralRecord { mediator: "调解员王某".into() } }, &cal).unwrap();
    assert_eq!(effects, vec![Effect::ConfirmationWindowOpened { effective_on: d(2021, 6, 1) }]);
}

#[test]
fn judicial_confirmation_within_thirty_days_of_effect() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 8, 20));
    c.apply(d(2021, 8, 20), Action::HoldSession { record: "记录".into(), public: false }, &cal).unwrap();
    c.apply(d(2021, 8, 23), Action::ReachAgreement { form: AgreementForm::Written, content: "协议".into() }, &cal).unwrap();
    sign_all(&mut c, d(2021, 9, 1));
    let deadline = c.confirmation_deadline().unwrap();
    // 30 days after 9/1 is 10/1, in the 国庆 holidays: moves to Friday 10/8 (民法典 art.203).
    let computed = compute(&deadline, &cal, d(2021, 9, 2)).unwrap();
    assert_eq!(computed.due, Some(d(2021, 10, 8)));
    let mut late = c.clone();
    let err = late.apply(d(2021, 10, 9), Action::ApplyForConfirmation { court: "韶关市武江区人民法院".into() }, &cal).unwrap_err();
    assert!(err.to_string().contains("期限已于 2021-10-08 届满"), "{err}");
    c.apply(d(2021, 10, 8), Action::ApplyForConfirmation { court: "韶关市武江区人民法院".into() }, &cal).unwrap();
    let stopped = compute(&c.confirmation_deadline().unwrap(), &cal, d(2021, 12, 1)).unwrap();
    assert_eq!(stopped.status, ClockStatus::Completed { on: d(2021, 10, 8), on_time: true });
    let err = c.apply(d(2021, 10, 9), Action::ApplyForConfirmation { court: "法院".into() }, &cal).unwrap_err();
    assert!(err.to_string().contains("已登记申请司法确认"));
}

#[test]
fn the_one_month_target() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 1, 31));
    // One month from 1/31 is 2/28 (no 2/31); the engine counts 28 days.
    let due = compute(&c.target_deadline().unwrap(), &cal, d(2021, 2, 1)).unwrap().due;
    assert_eq!(due, Some(d(2021, 3, 1)), "2/28 is a Sunday, so it moves to Monday");
    c.apply(d(2021, 2, 1), Action::HoldSession { record: "记录".into(), public: false }, &cal).unwrap();
    c.apply(d(2021, 3, 5), Action::Terminate { reason: TerminationReason::PartyStopped, note: String::new(), routes_told: vec![Route::Judicial] }, &cal).unwrap();
    let s = compute(&c.target_deadline().unwrap(), &cal, d(2021, 3, 10)).unwrap().status;
    assert_eq!(s, ClockStatus::Completed { on: d(2021, 3, 5), on_time: false });
    let unregistered = Case::new(CaseSource::Call, DisputeType::Other, parties(), d(2021, 3, 1)).unwrap();
    assert!(unregistered.target_deadline().is_none());
}

#[test]
fn an_unsigned_agreement_may_still_end_in_termination() {
    let cal = official_calendar();
    let mut c = registered(d(2021, 6, 1));
    c.apply(d(2021, 6, 1), Action::HoldSession { record: "记录".into(), public: false }, &cal).unwrap();
    c.apply(d(2021, 6, 2), Action::ReachAgreement { form: AgreementForm::Written, content: "协议".into() }, &cal).unwrap();
    let terminate = Action::Terminate { reason: TerminationReason::PartyStopped, note: "李某反悔拒签".into(), routes_told: vec![Route::Judicial] };
    let mut signed = c.clone();
    sign_all(&mut signed, d(2021, 6, 3));
    assert!(signed.apply(d(2021, 6, 4), terminate.clone(), &cal).unwrap_err().to_string().contains("协议已生效"));
    c.apply(d(2021, 6, 4), terminate, &cal).unwrap();
    assert_eq!(c.outcome(), Outcome::Terminated);
}

#[test]
fn cases_need_two_distinct_parties() {
    assert!(Case::new(CaseSource::Visit, DisputeType::Other, vec!["张某".into()], d(2021, 1, 4)).is_err());
    assert!(Case::new(CaseSource::Visit, DisputeType::Other, vec!["张某".into(), " 张某".into()], d(2021, 1, 4)).is_err());
}
