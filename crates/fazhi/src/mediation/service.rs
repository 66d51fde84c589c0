//! Opening cases and recording their steps. Every change goes through
//! `kernel::Write`; every rule comes from `fazhi_core::mediation`.
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::mediation::agreement::{AgreementForm, Execution, Mark};
use fazhi_core::mediation::case::{Action, ActionKind, Case, CaseState, Effect, Performance, RiskKind, Route, TerminationReason};
use fazhi_core::mediation::figures::Outcome;
use fazhi_core::mediation::model::{CaseSource, DisputeType};
use serde::{Deserialize, Serialize};

use super::store;
use super::{CONFIRMATION_CLOCK, DESIGNATIONS, ENTITY, MODULE, TARGET_CLOCK, TODO_HANDLE, TODO_RISK, console_url};
use crate::db::now_text;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_org};
use crate::platform::personal::{self, Kind};
use crate::platform::{calendar, todo};

// ───────────────────────────── opening ─────────────────────────────

/// One party as entered. The name is required; 身份证号, phone and address
/// are optional but validated when given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PartyInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
}

/// A new case as entered on the console or through the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CaseInput {
    #[serde(default)]
    pub committee_id: Option<i64>,
    #[serde(default)]
    pub source: String,
    /// Who referred it, who called … (free text, optional).
    #[serde(default)]
    pub source_note: String,
    #[serde(default)]
    pub dispute_type: String,
    /// 申请日期; today when empty.
    #[serde(default)]
    pub applied_on: String,
    /// 纠纷主要事实.
    #[serde(default)]
    pub facts: String,
    /// 争议事项 / 当事人请求.
    #[serde(default)]
    pub issues: String,
    #[serde(default)]
    pub parties: Vec<PartyInput>,
}

struct Party {
    name: String,
    id_number: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

struct Checked {
    dispute_type: DisputeType,
    applied_on: NaiveDate,
    facts: String,
    issues: String,
    source_note: Option<String>,
    parties: Vec<Party>,
}

fn check(input: &CaseInput, today: NaiveDate) -> Result<Checked, DomainError> {
    if input.dispute_type.trim().is_empty() {
        return Err(DomainError::invalid("dispute_type", "请选择「纠纷类型」"));
    }
    let dispute_type = DisputeType::parse(&input.dispute_type)?;
    let applied_on = if input.applied_on.trim().is_empty() { today } else { form::date("applied_on", "申请日期", &input.applied_on)? };
    if applied_on > today {
        return Err(DomainError::invalid("applied_on", format!("「申请日期」{applied_on} 晚于今天，请核对")));
    }
    let facts = form::required_text("facts", "纠纷主要事实", &input.facts, 5000)?;
    let issues = form::required_text("issues", "争议事项", &input.issues, 2000)?;
    let source_note = form::optional_text("source_note", "来源说明", &input.source_note, 200)?;
    let given: Vec<&PartyInput> = input.parties.iter().filter(|p| !(p.name.trim().is_empty() && p.id_number.trim().is_empty() && p.phone.trim().is_empty())).collect();
    if given.len() < 2 {
        return Err(DomainError::invalid("parties", "请填写纠纷双方（或多方）当事人"));
    }
    if given.len() > DESIGNATIONS.len() {
        return Err(DomainError::invalid("parties", format!("当事人最多 {} 方", DESIGNATIONS.len())));
    }
    let mut parties = Vec::new();
    for (i, p) in given.iter().enumerate() {
        let d = DESIGNATIONS[i];
        let name = form::required_text("parties", &format!("{d}姓名（名称）"), &p.name, 100)?;
        let id_number = (!p.id_number.trim().is_empty()).then(|| Kind::IdNumber.parse("parties", &p.id_number)).transpose().map_err(|e| named(e, d))?;
        let phone = (!p.phone.trim().is_empty()).then(|| Kind::Phone.parse("parties", &p.phone)).transpose().map_err(|e| named(e, d))?;
        let address = form::optional_text("parties", &format!("{d}住址"), &p.address, 200)?;
        parties.push(Party { name, id_number, phone, address });
    }
    Ok(Checked { dispute_type, applied_on, facts, issues, source_note, parties })
}

fn named(e: DomainError, designation: &str) -> DomainError {
    DomainError::invalid("parties", format!("{designation}：{e}"))
}

async fn committee_org(app: &App, committee_id: Option<i64>) -> AppResult<(i64, OrgRef, String)> {
    let id = committee_id.ok_or_else(|| DomainError::invalid("committee_id", "请选择「人民调解委员会」"))?;
    let row = sqlx::query("SELECT org_id, name FROM mediation_committee WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::invalid("committee_id", "人民调解委员会不存在"))?;
    let org_id: i64 = crate::db::col(&row, "org_id")?;
    let name: String = crate::db::col(&row, "name")?;
    Ok((id, load_org(app, org_id).await?, name))
}

/// Opens a case from a visit, a call, a referral or on the committee's own initiative.
pub async fn open_case(app: &App, actor: &Actor, input: &CaseInput) -> AppResult<i64> {
    open_case_at(app, actor, input, crate::web::pages::today(), false).await
}

pub(crate) async fn open_case_at(app: &App, actor: &Actor, input: &CaseInput, today: NaiveDate, is_demo: bool) -> AppResult<i64> {
    if input.source.trim().is_empty() {
        return Err(DomainError::invalid("source", "请选择「案件来源」").into());
    }
    let source = CaseSource::parse(&input.source)?;
    if source == CaseSource::GridEvent {
        return Err(DomainError::invalid("source", "网格事件转来的案件请在网格事件中办理“转人民调解”，以保留关联").into());
    }
    let (committee_id, org, committee) = committee_org(app, input.committee_id).await?;
    let checked = check(input, today)?;
    let mut w = Write::begin(app, actor, Permission::MediationManage, &org).await?;
    let id = insert_in(&mut w, committee_id, &org, &committee, source, None, &checked, is_demo).await?;
    w.commit().await?;
    Ok(id)
}

/// For the grid module: turns a dispute event into a case inside the caller's
/// write (the event's dispatch and the case are one transaction), keeping the
/// link (`grid_event_id`). The actor needs `MediationManage` or
/// `EventDispatch` on the committee's unit. `input.source` is ignored.
pub async fn open_from_grid_event_in(w: &mut Write<'_>, event_id: i64, input: &CaseInput) -> AppResult<i64> {
    let app = w.app().clone();
    let (committee_id, org, committee) = committee_org(&app, input.committee_id).await?;
    if !(w.actor().can(Permission::MediationManage, &org.path) || w.actor().can(Permission::EventDispatch, &org.path)) {
        return Err(DomainError::forbidden(format!("您没有向{committee}转办人民调解案件的权限")).into());
    }
    let checked = check(input, crate::web::pages::today())?;
    insert_in(w, committee_id, &org, &committee, CaseSource::GridEvent, Some(event_id), &checked, false).await
}

#[allow(clippy::too_many_arguments)]
async fn insert_in(w: &mut Write<'_>, committee_id: i64, org: &OrgRef, committee: &str, source: CaseSource, grid_event: Option<i64>, c: &Checked, is_demo: bool) -> AppResult<i64> {
    let designations: Vec<String> = DESIGNATIONS.iter().take(c.parties.len()).map(|d| d.to_string()).collect();
    // The core checks the parties and gives the initial state.
    let case = match grid_event {
        Some(ev) => Case::from_grid_event(ev, c.dispute_type, designations.clone(), c.applied_on)?,
        None => Case::new(source, c.dispute_type, designations.clone(), c.applied_on)?,
    };
    let year = i64::from(c.applied_on.year());
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO mediation_case_seq (committee_id, year, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (committee_id, year) DO UPDATE SET last_seq = mediation_case_seq.last_seq + 1 RETURNING last_seq",
    )
    .bind(committee_id)
    .bind(year)
    .fetch_one(w.conn())
    .await?;
    let short = committee.trim_end_matches("人民调解委员会");
    let code = format!("{short}调〔{year}〕{seq}号");
    let t = now_text();
    let by = w.actor().user_id;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO mediation_case (org_id, committee_id, code, source, source_note, dispute_type, grid_event_id, applied_on, facts, issues, parties_json, state, outcome,
            follow_ups, risk_flagged, is_demo, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', 0, FALSE, $13, $14, $15, $15) RETURNING id",
    )
    .bind(org.id)
    .bind(committee_id)
    .bind(&code)
    .bind(source.code())
    .bind(&c.source_note)
    .bind(c.dispute_type.code())
    .bind(grid_event)
    .bind(c.applied_on.to_string())
    .bind(&c.facts)
    .bind(&c.issues)
    .bind(serde_json::to_string(&designations).map_err(AppError::internal)?)
    .bind(case.state().code())
    .bind(is_demo)
    .bind((by > 0).then_some(by))
    .bind(&t)
    .fetch_one(w.conn())
    .await?;
    for (i, p) in c.parties.iter().enumerate() {
        let app = w.app().clone();
        let name_enc = app.keys.field.encrypt(&p.name);
        let (id_enc, id_idx) = p.id_number.as_deref().map(|x| personal::protect(&app, Kind::IdNumber, x)).unzip();
        let (phone_enc, phone_idx) = p.phone.as_deref().map(|x| personal::protect(&app, Kind::Phone, x)).unzip();
        let address_enc = p.address.as_deref().map(|x| app.keys.field.encrypt(x));
        sqlx::query(
            "INSERT INTO mediation_party (case_id, seq, designation, name_enc, id_enc, id_idx, phone_enc, phone_idx, address_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(&designations[i])
        .bind(&name_enc)
        .bind(&id_enc)
        .bind(&id_idx)
        .bind(&phone_enc)
        .bind(&phone_idx)
        .bind(&address_enc)
        .execute(w.conn())
        .await?;
    }
    // The audit names the parties by designation only: no personal data in the trail.
    w.record(
        Change::create(
            ENTITY,
            id,
            &serde_json::json!({"code": code, "committee": committee, "source": source.code(), "dispute_type": c.dispute_type.code(), "grid_event_id": grid_event,
                "applied_on": c.applied_on, "parties": designations, "state": case.state().code()}),
        )
        .in_org(org),
    );
    Ok(id)
}

// ───────────────────────────── steps ─────────────────────────────

/// One step as recorded: the legal date, the core action, and what its
/// document needs beside it (session time/place/attendees; agreement terms).
#[derive(Debug, Clone)]
pub struct Step {
    pub on: NaiveDate,
    pub action: Action,
    pub detail: Option<serde_json::Value>,
}

impl Step {
    pub fn new(on: NaiveDate, action: Action) -> Step {
        Step { on, action, detail: None }
    }
}

/// What a step did: the new state and the effects carried out (the lead's
/// grid seam reads `GridEventHandled` from here).
#[derive(Debug, Clone, Serialize)]
pub struct Acted {
    pub state: CaseState,
    pub effects: Vec<Effect>,
}

async fn org_of(app: &App, id: i64) -> AppResult<OrgRef> {
    let org_id: Option<i64> = sqlx::query_scalar("SELECT org_id FROM mediation_case WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?;
    load_org(app, org_id.ok_or_else(|| DomainError::not_found("人民调解案件"))?).await
}

/// The town a unit belongs to (the 综治 to-do goes there).
fn town_of(org: &OrgRef) -> i64 {
    org.town_id.unwrap_or(org.id)
}

pub async fn act(app: &App, actor: &Actor, id: i64, step: Step) -> AppResult<Acted> {
    act_at(app, actor, id, step, crate::web::pages::today()).await
}

/// Records a step: loads the aggregate, applies it with the calendar, stores
/// the entry, carries out the effects, puts both clocks and the to-do — one
/// write, one audit trail.
pub async fn act_at(app: &App, actor: &Actor, id: i64, step: Step, today: NaiveDate) -> AppResult<Acted> {
    if step.on > today {
        return Err(DomainError::invalid("on", format!("「办理日期」{} 晚于今天，请按实际办理的日期登记", step.on)).into());
    }
    let kind = step.action.kind();
    let org = org_of(app, id).await?;
    let cal = calendar::load(&app.db).await?;
    let mut w = Write::begin(app, actor, Permission::MediationManage, &org).await?;
    store::lock(w.conn(), id, app.db.for_update()).await?;
    let row = store::load(w.conn(), id).await?;
    let events = store::events(w.conn(), id).await?;
    let mut case = store::aggregate(&row, &events)?;
    let from = case.state();
    let effects = case.apply(step.on, step.action.clone(), &cal)?;
    let to = case.state();
    let entry = case.entries().last().cloned().ok_or_else(|| AppError::internal("applied step not recorded"))?;
    sqlx::query(
        "INSERT INTO mediation_case_event (case_id, seq, on_date, action, entry_json, detail_json, actor_id, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(events.len() as i64 + 1)
    .bind(step.on.to_string())
    .bind(kind.code())
    .bind(serde_json::to_string(&entry).map_err(AppError::internal)?)
    .bind(step.detail.as_ref().map(|d| d.to_string()))
    .bind(actor.user_id)
    .bind(&actor.display_name)
    .bind(now_text())
    .execute(w.conn())
    .await?;
    let key = id.to_string();
    let town = town_of(&org);
    for effect in &effects {
        match effect {
            // No due date: preventive measures are taken at once (art.25); a
            // date would only make the item read "overdue" the next morning.
            Effect::ComprehensiveGovernanceTodo { title } => {
                let detail = format!("{}：人民调解员报告纠纷有激化可能，请综治中心会同有关方面采取预防措施（人民调解法第二十五条）。", row.code);
                let url = console_url(id);
                todo::open_in(
                    &mut w,
                    town,
                    todo::TodoSpec { module: MODULE, kind: TODO_RISK, title, detail: Some(&detail), url: Some(&url), entity: Some((ENTITY, &key)), assignee_id: None, clock_id: None, due_date: None },
                )
                .await?;
            }
            Effect::ReportToPolice { title } => {
                sqlx::query("UPDATE mediation_case SET police_reported_on = $1 WHERE id = $2").bind(step.on.to_string()).bind(id).execute(w.conn()).await?;
                w.record(Change::action("report_to_police", ENTITY, id, &serde_json::json!({"on": step.on, "title": title})));
            }
            Effect::GridEventHandled { event_id, result } => {
                sqlx::query("UPDATE mediation_case SET grid_result = $1 WHERE id = $2").bind(result).bind(id).execute(w.conn()).await?;
                w.record(Change::action("grid_event_handled", ENTITY, id, &serde_json::json!({"grid_event_id": event_id, "result": result})));
            }
            // The clock below starts from the effective date.
            Effect::ConfirmationWindowOpened { .. } => {}
        }
    }
    let mut target_clock = None;
    if let Some(d) = case.target_deadline() {
        target_clock = Some(calendar::put_clock_in(&mut w, org.id, MODULE, ENTITY, &key, TARGET_CLOCK, &d).await?);
    }
    if let Some(d) = case.confirmation_deadline() {
        calendar::put_clock_in(&mut w, org.id, MODULE, ENTITY, &key, CONFIRMATION_CLOCK, &d).await?;
    }
    if kind == ActionKind::Register {
        let title = format!("办理人民调解案件 {}（{}）", row.code, row.dispute_type.label());
        let detail = "自登记受理之日起一个月内调结（司法部《人民调解工作若干规定》第三十三条）。";
        let url = console_url(id);
        todo::open_in(
            &mut w,
            org.id,
            todo::TodoSpec { module: MODULE, kind: TODO_HANDLE, title: &title, detail: Some(detail), url: Some(&url), entity: Some((ENTITY, &key)), assignee_id: None, clock_id: target_clock, due_date: None },
        )
        .await?;
    }
    if !to.is_open() {
        todo::close_in(&mut w, ENTITY, &key, TODO_HANDLE).await?;
    }
    let summary = case.summary();
    let outcome = match summary.outcome {
        Outcome::Open => "open",
        Outcome::Agreement => "agreement",
        Outcome::Terminated => "terminated",
        Outcome::Declined => "declined",
    };
    let effective_on = case.effectiveness().and_then(|e| e.effective_on);
    sqlx::query(
        "UPDATE mediation_case SET state = $1, outcome = $2, registered_on = $3, concluded_on = $4, effective_on = $5, follow_ups = $6,
           risk_flagged = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(to.code())
    .bind(outcome)
    .bind(summary.registered_on.map(|d| d.to_string()))
    .bind(summary.concluded_on.map(|d| d.to_string()))
    .bind(effective_on.map(|d| d.to_string()))
    .bind(i64::from(summary.follow_ups))
    .bind(case.risk_flags().next().is_some())
    .bind(now_text())
    .bind(id)
    .execute(w.conn())
    .await?;
    w.record(Change::action(&format!("transition:{}", kind.code()), ENTITY, id, &serde_json::json!({"from": from.code(), "to": to.code(), "entry": entry, "detail": step.detail})));
    w.commit().await?;
    Ok(Acted { state: to, effects })
}

// ───────────────────────────── the action form ─────────────────────────────

/// Every field any step's form may send; `action` names the step.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub mediators: String,
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub mediator: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub record: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub performance: String,
    #[serde(default)]
    pub copies: String,
    /// Execute: "party", "mediator", "seal", "oral".
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub mark: String,
    #[serde(default)]
    pub termination: String,
    /// Routes told (art.26), one checkbox each: any non-empty value means told.
    #[serde(default)]
    pub route_arbitration: String,
    #[serde(default)]
    pub route_administrative: String,
    #[serde(default)]
    pub route_judicial: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub risk: String,
    #[serde(default)]
    pub court: String,
}

fn pick<T: Copy>(field: &str, label: &str, value: &str, options: &[(&str, T)]) -> Result<T, DomainError> {
    options.iter().find(|(c, _)| *c == value.trim()).map(|(_, v)| *v).ok_or_else(|| DomainError::invalid(field, format!("请选择「{label}」")))
}

impl ActionForm {
    /// The step this form describes (the workflow rules are checked by the aggregate).
    pub fn to_step(&self, actor: &Actor, today: NaiveDate) -> Result<Step, DomainError> {
        let kind = ActionKind::ALL.into_iter().find(|k| k.code() == self.action.trim()).ok_or_else(|| DomainError::invalid("action", "请选择办理步骤"))?;
        let on = if self.on.trim().is_empty() { today } else { form::date("on", "办理日期", &self.on)? };
        let mut detail = None;
        let action = match kind {
            ActionKind::Register => Action::Register {
                mediators: self.mediators.split(['、', ',', '，', '\n']).map(str::trim).filter(|m| !m.is_empty()).map(str::to_string).collect(),
            },
            ActionKind::RecordRefusal => Action::RecordRefusal {
                party: self.party.trim().to_string(),
                statement: form::required_text("statement", "拒绝调解的意思表示", &self.statement, 1000)?,
            },
            ActionKind::Decline => Action::Decline { reason: self.reason.clone() },
            ActionKind::HoldSession => {
                let time = form::required_text("time", "调解时间", &self.time, 50)?;
                let place = form::required_text("place", "调解地点", &self.place, 100)?;
                let mediator = if self.mediator.trim().is_empty() { actor.display_name.clone() } else { form::required_text("mediator", "主持调解员", &self.mediator, 50)? };
                let attendees = form::required_text("attendees", "参加人员", &self.attendees, 500)?;
                detail = Some(serde_json::json!({"time": time, "place": place, "mediator": mediator, "attendees": attendees}));
                Action::HoldSession { record: self.record.clone(), public: false }
            }
            ActionKind::ReachAgreement => {
                let form_ = pick("form", "协议形式", &self.form, &[("written", AgreementForm::Written), ("oral", AgreementForm::Oral)])?;
                if form_ == AgreementForm::Written {
                    let performance = form::required_text("performance", "履行方式、期限", &self.performance, 2000)?;
                    let copies = if self.copies.trim().is_empty() { 3 } else { form::integer("copies", "协议书份数", &self.copies, 2, 10)? };
                    detail = Some(serde_json::json!({"performance": performance, "copies": copies}));
                }
                Action::ReachAgreement { form: form_, content: self.content.clone() }
            }
            ActionKind::Execute => {
                let execution = match self.by.trim() {
                    "party" => Execution::Party {
                        party: self.party.trim().to_string(),
                        mark: pick("mark", "签署方式", &self.mark, &[("signature", Mark::Signature), ("seal", Mark::Seal), ("thumbprint", Mark::Thumbprint)])?,
                    },
                    "mediator" => Execution::Mediator { name: if self.mediator.trim().is_empty() { actor.display_name.clone() } else { self.mediator.trim().to_string() } },
                    "seal" => Execution::CommitteeSeal,
                    "oral" => Execution::OralRecord { mediator: if self.mediator.trim().is_empty() { actor.display_name.clone() } else { self.mediator.trim().to_string() } },
                    _ => return Err(DomainError::invalid("by", "请选择「签署人」")),
                };
                Action::Execute { execution }
            }
            ActionKind::Terminate => Action::Terminate {
                reason: pick(
                    "termination",
                    "终止原因",
                    &self.termination,
                    &[("no_agreement", TerminationReason::NoAgreement), ("party_stopped", TerminationReason::PartyStopped), ("other", TerminationReason::Other)],
                )?,
                note: form::optional_text("note", "说明", &self.note, 1000)?.unwrap_or_default(),
                routes_told: [(&self.route_arbitration, Route::Arbitration), (&self.route_administrative, Route::Administrative), (&self.route_judicial, Route::Judicial)]
                    .into_iter()
                    .filter(|(v, _)| !v.trim().is_empty())
                    .map(|(_, r)| r)
                    .collect(),
            },
            ActionKind::FlagRisk => Action::FlagRisk {
                kind: pick("risk", "风险类别", &self.risk, &[("escalation", RiskKind::Escalation), ("possible_crime", RiskKind::PossibleCrime)])?,
                note: self.note.clone(),
            },
            ActionKind::FollowUp => Action::FollowUp {
                performance: pick(
                    "performance",
                    "履行情况",
                    &self.performance,
                    &[("performed", Performance::Performed), ("partly_performed", Performance::PartlyPerformed), ("not_performed", Performance::NotPerformed)],
                )?,
                note: self.note.clone(),
            },
            ActionKind::ApplyForConfirmation => Action::ApplyForConfirmation { court: self.court.clone() },
            ActionKind::Archive => Action::Archive,
        };
        Ok(Step { on, action, detail })
    }
}

// ───────────────────────────── unmasking ─────────────────────────────

/// One party's data in full; each field's viewing is audited.
#[derive(Debug, Clone, Serialize)]
pub struct Revealed {
    pub designation: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// The parties in full (audited `unmask` per field), for someone with
/// `PersonalDataUnmask` on the case's unit.
pub async fn reveal(app: &App, actor: &Actor, id: i64) -> AppResult<Vec<Revealed>> {
    let org = org_of(app, id).await?;
    actor.require(Permission::MediationRead, &org.path)?;
    let mut w = Write::begin(app, actor, Permission::PersonalDataUnmask, &org).await?;
    let out = reveal_in(&mut w, id).await?;
    w.commit().await?;
    Ok(out)
}

pub(crate) async fn reveal_in(w: &mut Write<'_>, id: i64) -> AppResult<Vec<Revealed>> {
    let parties = store::parties(w.conn(), id).await?;
    let key = id.to_string();
    let mut out = Vec::new();
    for p in parties {
        let f = |x: &str| format!("{}.{x}", p.designation);
        let name = personal::reveal_in(w, ENTITY, &key, &f("name"), &p.name_enc).await?;
        let id_number = match &p.id_enc {
            Some(c) => Some(personal::reveal_in(w, ENTITY, &key, &f("id_number"), c).await?),
            None => None,
        };
        let phone = match &p.phone_enc {
            Some(c) => Some(personal::reveal_in(w, ENTITY, &key, &f("phone"), c).await?),
            None => None,
        };
        let address = match &p.address_enc {
            Some(c) => Some(personal::reveal_in(w, ENTITY, &key, &f("address"), c).await?),
            None => None,
        };
        out.push(Revealed { designation: p.designation, name, id_number, phone, address });
    }
    Ok(out)
}
