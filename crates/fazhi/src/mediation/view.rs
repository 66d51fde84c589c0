//! The case page's data: masked parties, the steps as text, the agreement's
//! effectiveness with what is missing, and both clocks explained in words
//! that never call a closed window "overdue".
use chrono::NaiveDate;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::calendar::{Calendar, ClockStatus, Deadline, compute};
use fazhi_core::mediation::agreement::Execution;
use fazhi_core::mediation::case::{Action, ActionKind, Case, CaseState, Entry, allowed_actions};
use fazhi_core::personal::{mask_address, mask_name};
use serde::Serialize;

use super::store::{self, EventRow};
use crate::error::AppResult;
use crate::kernel::{App, load_org};
use crate::platform::calendar;
use crate::platform::personal::{self, Kind};

#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub designation: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub on: String,
    pub title: String,
    pub text: String,
    pub lines: Vec<String>,
    pub actor: String,
}

/// A clock in words: the due date, its status, the computation.
#[derive(Debug, Clone, Serialize)]
pub struct ClockView {
    pub due: Option<String>,
    pub status: String,
    /// Only for the target when a running case is past it.
    pub late: bool,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub form: &'static str,
    pub written: bool,
    pub reached_on: String,
    pub effective_on: Option<String>,
    pub missing: Vec<String>,
    /// The executions recorded: (date, text).
    pub done: Vec<(String, String)>,
    /// Designations that have not signed yet (for the form).
    pub unsigned: Vec<String>,
    pub mediator_signed: bool,
    pub sealed: bool,
    pub content: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub committee_id: i64,
    pub committee: String,
    pub code: String,
    pub source: &'static str,
    pub source_note: Option<String>,
    pub dispute_type: &'static str,
    pub grid_event_id: Option<i64>,
    pub grid_result: Option<String>,
    pub applied_on: String,
    pub facts: String,
    pub issues: String,
    pub state: CaseState,
    pub state_label: &'static str,
    pub parties: Vec<PartyView>,
    pub steps: Vec<StepView>,
    pub allowed: Vec<ActionKind>,
    pub agreement: Option<AgreementView>,
    pub target: ClockView,
    pub confirmation: Option<ClockView>,
    pub risks: Vec<(String, &'static str)>,
    pub police_reported_on: Option<String>,
    pub follow_ups: usize,
    pub sessions: usize,
    pub mediators: Vec<String>,
    pub is_demo: bool,
}

impl CaseView {
    pub fn can(&self, code: &str) -> bool {
        self.allowed.iter().any(|k| k.code() == code)
    }
}

fn step_text(e: &Entry) -> (String, String) {
    let k = e.action.kind();
    let text = match &e.action {
        Action::Register { mediators } => format!("登记受理，指定人民调解员：{}", mediators.join("、")),
        Action::RecordRefusal { party, statement } => format!("当事人{party}明确拒绝调解：{statement}（人民调解法第十七条，不得调解）"),
        Action::Decline { reason } => format!("不予调解：{reason}"),
        Action::HoldSession { record, .. } => record.clone(),
        Action::ReachAgreement { form, content } => format!("达成{}：{content}", form.label()),
        Action::Execute { execution } => execution_text(execution),
        Action::Terminate { reason, note, routes_told } => {
            let routes: Vec<&str> = routes_told.iter().map(|r| r.label()).collect();
            let note = if note.trim().is_empty() { String::new() } else { format!("；{note}") };
            format!("终止调解（{}），已告知当事人可以依法通过{}等途径维护自己的权利（人民调解法第二十六条）{note}", reason.label(), routes.join("、"))
        }
        Action::FlagRisk { kind, note } => format!("{}：{note}", kind.label()),
        Action::FollowUp { performance, note } => format!("回访：{}。{note}", performance.label()),
        Action::ApplyForConfirmation { court } => format!("当事人共同向{court}申请司法确认（人民调解法第三十三条）"),
        Action::Archive => "立卷归档（人民调解法第二十七条）".into(),
    };
    (k.label().trim_start_matches("登记").to_string(), text)
}

fn execution_text(e: &Execution) -> String {
    match e {
        Execution::Party { party, mark } => format!("当事人{party}{}", mark.label()),
        Execution::Mediator { name } => format!("人民调解员{name}签名"),
        Execution::CommitteeSeal => "加盖人民调解委员会印章".into(),
        Execution::OralRecord { mediator } => format!("人民调解员{mediator}记录口头协议内容"),
    }
}

fn detail_lines(e: &EventRow) -> Vec<String> {
    let Some(d) = &e.detail else { return Vec::new() };
    let s = |k: &str| d.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut out = Vec::new();
    if let Some(t) = s("time") {
        out.push(format!("时间：{t}"));
    }
    if let Some(p) = s("place") {
        out.push(format!("地点：{p}"));
    }
    if let Some(m) = s("mediator") {
        out.push(format!("主持调解员：{m}"));
    }
    if let Some(a) = s("attendees") {
        out.push(format!("参加人员：{a}"));
    }
    if let Some(p) = s("performance") {
        out.push(format!("履行方式、期限：{p}"));
    }
    if let Some(n) = d.get("copies").and_then(|v| v.as_i64()) {
        out.push(format!("协议书一式{n}份"));
    }
    out
}

fn days_left(status: &ClockStatus) -> String {
    match status {
        ClockStatus::Running { calendar_days_left: 0, .. } => "今天到期".into(),
        ClockStatus::Running { calendar_days_left, .. } => format!("剩余 {calendar_days_left} 天"),
        _ => String::new(),
    }
}

pub(crate) fn target_view(case: &Case, cal: &Calendar, today: NaiveDate) -> ClockView {
    let Some(d) = case.target_deadline() else {
        let status = if case.state() == CaseState::Declined { "未受理调解，不计调解期限" } else { "登记受理后开始计算（自登记受理之日起一个月）" };
        return ClockView { due: None, status: status.into(), late: false, lines: Vec::new() };
    };
    clock_view(&d, cal, today, |c, due| match c {
        ClockStatus::Running { .. } => (format!("调解中，应于 {due} 前调结，{}", days_left(c)), false),
        ClockStatus::Overdue { calendar_days, .. } => (format!("已超过一个月的调解期限 {calendar_days} 天，请抓紧调处或依法终止调解"), true),
        ClockStatus::Completed { on, on_time } => (format!("已于 {on} 调解结束（{}）", if *on_time { "在一个月内" } else { "超过一个月" }), false),
        ClockStatus::Paused => ("暂停计时".into(), false),
    })
}

/// The 30-day window: it closes, it is never "overdue" — applying is the parties' right, not a duty.
pub(crate) fn confirmation_view(case: &Case, cal: &Calendar, today: NaiveDate) -> Option<ClockView> {
    let d: Deadline = case.confirmation_deadline()?;
    Some(clock_view(&d, cal, today, |c, due| match c {
        ClockStatus::Running { .. } => (format!("双方当事人可于 {due} 前共同向人民法院申请司法确认，{}", days_left(c)), false),
        ClockStatus::Overdue { .. } => (format!("申请司法确认的三十日期间已于 {due} 届满，当事人未申请；调解协议仍具有法律约束力（人民调解法第三十一条）"), false),
        ClockStatus::Completed { on, .. } => (format!("当事人已于 {on} 申请司法确认"), false),
        ClockStatus::Paused => ("暂停计时".into(), false),
    }))
}

fn clock_view(d: &Deadline, cal: &Calendar, today: NaiveDate, words: impl Fn(&ClockStatus, String) -> (String, bool)) -> ClockView {
    match compute(d, cal, today) {
        Ok(c) => {
            let due = c.due.map(|x| x.to_string());
            let (status, late) = words(&c.status, due.clone().unwrap_or_default());
            ClockView { due, status, late, lines: c.explanation.to_chinese_lines() }
        }
        Err(e) => ClockView { due: None, status: "日历未载入，暂不能计算".into(), late: false, lines: vec![e.to_string()] },
    }
}

fn agreement_view(case: &Case, events: &[EventRow]) -> Option<AgreementView> {
    let a = case.agreement()?;
    let eff = case.effectiveness()?;
    let content = events
        .iter()
        .find_map(|e| match &e.entry.action {
            Action::ReachAgreement { content, .. } => Some(content.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let signed = |p: &str| a.executions.iter().any(|(_, e)| matches!(e, Execution::Party { party, .. } if party == p));
    Some(AgreementView {
        form: a.form.label(),
        written: a.form == fazhi_core::mediation::agreement::AgreementForm::Written,
        reached_on: a.reached_on.to_string(),
        effective_on: eff.effective_on.map(|d| d.to_string()),
        missing: eff.missing.clone(),
        done: a.executions.iter().map(|(on, e)| (on.to_string(), execution_text(e))).collect(),
        unsigned: a.parties.iter().filter(|p| !signed(p)).cloned().collect(),
        mediator_signed: a.executions.iter().any(|(_, e)| matches!(e, Execution::Mediator { .. })),
        sealed: a.executions.iter().any(|(_, e)| matches!(e, Execution::CommitteeSeal)),
        content,
    })
}

/// The case as someone with `MediationRead` on its unit sees it; personal data masked.
pub async fn staff_view(app: &App, actor: &Actor, id: i64) -> AppResult<CaseView> {
    let today = crate::web::pages::today();
    let mut conn = app.db.pool.acquire().await?;
    let row = store::load(&mut conn, id).await?;
    let org = load_org(app, row.org_id).await?;
    actor.require(Permission::MediationRead, &org.path)?;
    let events = store::events(&mut conn, id).await?;
    let parties = store::parties(&mut conn, id).await?;
    drop(conn);
    let case = store::aggregate(&row, &events)?;
    let cal = calendar::load(&app.db).await?;
    let dec = |c: &str| app.keys.field.decrypt(c).map_err(|e| crate::error::AppError::internal(format!("personal field: {e}")));
    let parties = parties
        .iter()
        .map(|p| {
            Ok(PartyView {
                designation: p.designation.clone(),
                name: mask_name(&dec(&p.name_enc)?),
                id_number: personal::masked(app, Kind::IdNumber, p.id_enc.as_deref()),
                phone: personal::masked(app, Kind::Phone, p.phone_enc.as_deref()),
                address: p.address_enc.as_deref().map(|c| dec(c).map(|a| mask_address(&a))).transpose()?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let steps = events
        .iter()
        .map(|e| {
            let (title, text) = step_text(&e.entry);
            StepView { on: e.entry.on.to_string(), title, text, lines: detail_lines(e), actor: e.actor_name.clone() }
        })
        .collect();
    Ok(CaseView {
        id,
        org_id: row.org_id,
        org_name: row.org_name.clone(),
        committee_id: row.committee_id,
        committee: row.committee_name.clone(),
        code: row.code.clone(),
        source: row.source.label(),
        source_note: row.source_note.clone(),
        dispute_type: row.dispute_type.label(),
        grid_event_id: row.grid_event_id,
        grid_result: row.grid_result.clone(),
        applied_on: row.applied_on.to_string(),
        facts: row.facts.clone(),
        issues: row.issues.clone(),
        state: case.state(),
        state_label: case.state().label(),
        parties,
        steps,
        allowed: allowed_actions(case.state()).collect(),
        agreement: agreement_view(&case, &events),
        target: target_view(&case, &cal, today),
        confirmation: confirmation_view(&case, &cal, today),
        risks: case.risk_flags().map(|(on, k)| (on.to_string(), k.label())).collect(),
        police_reported_on: row.police_reported_on.clone(),
        follow_ups: case.follow_ups(),
        sessions: case.sessions(),
        mediators: super::committees::mediator_names(app, row.committee_id).await?,
        is_demo: row.is_demo,
    })
}
