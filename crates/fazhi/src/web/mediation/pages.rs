//! 人民调解 console pages: the work page, registering an application, the
//! case page with one form per step the table allows now (sessions, the
//! agreement and each signature and the seal, risk flags, termination,
//! follow-ups, 司法确认), the agreement DOCX, the audited unmask, the
//! committees, and the figures.
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::mediation::case::{ActionKind, CaseState};
use fazhi_core::mediation::model::{CaseSource, DisputeType};
use serde::Deserialize;

use crate::db::{col, flag};
use crate::error::AppError;
use crate::kernel::{App, scope_sql};
use crate::mediation::{self as med, ActionForm, CaseInput, CaseView, CommitteeForm, CommitteeView, MediatorForm, PartyInput};
use crate::web::pages::{Nav, render, today, user_error, with_status};
use crate::web::{CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/mediation", get(home))
        .route("/console/mediation/cases", post(create))
        .route("/console/mediation/cases/new", get(new_form))
        .route("/console/mediation/cases/{id}", get(detail))
        .route("/console/mediation/cases/{id}/act", post(act))
        .route("/console/mediation/cases/{id}/reveal", post(reveal))
        .route("/console/mediation/cases/{id}/agreement.docx", get(agreement))
        .route("/console/mediation/committees", get(committees).post(create_committee))
        .route("/console/mediation/committees/{id}/mediators", post(add_mediator))
        .route("/console/mediation/figures", get(figures))
}

const NAV: &str = "mediation";



// ───────────────────────────── home ─────────────────────────────

struct OpenRow {
    id: i64,
    code: String,
    dispute_type: &'static str,
    source: &'static str,
    state: &'static str,
    due: String,
    late: bool,
    risk: bool,
    committee: String,
}

#[derive(Template)]
#[template(path = "mediation/home.html")]
struct HomePage {
    nav: Nav,
    can_manage: bool,
    counts: Vec<(&'static str, &'static str, i64)>,
    open: Vec<OpenRow>,
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::MediationRead)?;
    let (cond, params) = scope_sql(&auth.actor.scope(Permission::MediationRead), "o.path", 1);
    let sql = format!(
        "SELECT c.id, c.code, c.dispute_type, c.source, c.state, CASE WHEN c.risk_flagged THEN 1 ELSE 0 END AS risk_flagged, m.name AS committee, CASE WHEN k.stopped_at IS NULL THEN k.due_date END AS due
         FROM mediation_case c JOIN org_unit o ON o.id = c.org_id JOIN mediation_committee m ON m.id = c.committee_id
         LEFT JOIN clock k ON k.entity = 'mediation_case' AND k.entity_id = CAST(c.id AS TEXT) AND k.name = '调解期限'
         WHERE {cond} ORDER BY c.id"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await.map_err(AppError::from)?;
    let now = today().to_string();
    let mut counts: Vec<(&'static str, &'static str, i64)> = CaseState::ALL.iter().map(|s| (s.code(), s.label(), 0)).collect();
    let mut open = Vec::new();
    for r in &rows {
        let state: String = col(r, "state").map_err(AppError::from)?;
        let Some(s) = CaseState::ALL.into_iter().find(|s| s.code() == state) else { continue };
        if let Some(c) = counts.iter_mut().find(|c| c.0 == s.code()) {
            c.2 += 1;
        }
        if s.is_open() {
            let due: Option<String> = col(r, "due").map_err(AppError::from)?;
            let source: String = col(r, "source").map_err(AppError::from)?;
            let dispute: String = col(r, "dispute_type").map_err(AppError::from)?;
            open.push(OpenRow {
                id: col(r, "id").map_err(AppError::from)?,
                code: col(r, "code").map_err(AppError::from)?,
                dispute_type: DisputeType::parse(&dispute).map(|d| d.label()).unwrap_or("其他纠纷"),
                source: CaseSource::parse(&source).map(|s| s.label()).unwrap_or(""),
                state: s.label(),
                late: due.as_deref().is_some_and(|d| d < now.as_str()),
                due: due.unwrap_or_else(|| "登记受理后起算".into()),
                risk: flag(r, "risk_flagged").map_err(AppError::from)?,
                committee: col(r, "committee").map_err(AppError::from)?,
            });
        }
    }
    open.sort_by_key(|r| (!r.late, r.due.clone()));
    render(HomePage { nav: Nav::new(&auth, NAV), can_manage: auth.actor.has(Permission::MediationManage), counts, open })
}

// ───────────────────────────── new case ─────────────────────────────

/// The console form: up to four parties as flat fields.
#[derive(Debug, Clone, Default, Deserialize)]
struct NewCaseForm {
    /// A string: with `flatten`, every value arrives as text.
    #[serde(default)]
    committee_id: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    source_note: String,
    #[serde(default)]
    dispute_type: String,
    #[serde(default)]
    applied_on: String,
    #[serde(default)]
    facts: String,
    #[serde(default)]
    issues: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

const FORM_PARTIES: usize = 4;

impl NewCaseForm {
    fn party(&self, i: usize) -> PartyInput {
        let g = |k: &str| self.rest.get(&format!("p{i}_{k}")).cloned().unwrap_or_default();
        PartyInput { name: g("name"), id_number: g("id"), phone: g("phone"), address: g("address") }
    }

    fn input(&self) -> CaseInput {
        CaseInput {
            committee_id: self.committee_id.trim().parse().ok(),
            source: self.source.clone(),
            source_note: self.source_note.clone(),
            dispute_type: self.dispute_type.clone(),
            applied_on: self.applied_on.clone(),
            facts: self.facts.clone(),
            issues: self.issues.clone(),
            parties: (1..=FORM_PARTIES).map(|i| self.party(i)).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "mediation/case_new.html")]
struct NewPage {
    nav: Nav,
    committees: Vec<(i64, String)>,
    sources: Vec<(&'static str, &'static str)>,
    types: Vec<(&'static str, &'static str)>,
    f: CaseInput,
    parties: Vec<(&'static str, PartyInput)>,
    error: Option<String>,
    field: Option<String>,
}

impl NewPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
    fn committee_selected(&self, id: &i64) -> bool {
        self.f.committee_id == Some(*id)
    }
}

async fn new_page(app: &App, auth: &crate::web::Auth, f: CaseInput, error: Option<(String, Option<String>)>) -> Result<Response, PageError> {
    let committees: Vec<(i64, String)> = med::committees_in_scope(app, &auth.actor, Permission::MediationManage).await?.into_iter().map(|c| (c.id, c.name)).collect();
    if committees.is_empty() {
        return Err(DomainError::forbidden("您没有在任何人民调解委员会办理调解案件的权限").into());
    }
    let (error, field) = match error {
        Some((m, f)) => (Some(m), f),
        None => (None, None),
    };
    let mut parties: Vec<(&'static str, PartyInput)> = med::DESIGNATIONS.iter().take(FORM_PARTIES).map(|d| (*d, PartyInput::default())).collect();
    for (slot, p) in parties.iter_mut().zip(&f.parties) {
        slot.1 = p.clone();
    }
    render(NewPage {
        nav: Nav::new(auth, NAV),
        committees,
        sources: CaseSource::ALL.iter().filter(|s| **s != CaseSource::GridEvent).map(|s| (s.code(), s.label())).collect(),
        types: DisputeType::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        f,
        parties,
        error,
        field,
    })
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let f = CaseInput { source: "visit".into(), dispute_type: "neighbour".into(), applied_on: today().to_string(), ..CaseInput::default() };
    new_page(&app, &auth, f, None).await
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<NewCaseForm>) -> Result<Response, PageError> {
    let input = f.input();
    match med::open_case(&app, &auth.actor, &input).await {
        Ok(id) => Ok(Redirect::to(&med::console_url(id)).into_response()),
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            with_status(status, new_page(&app, &auth, input, Some((message, field))).await)
        }
    }
}

// ───────────────────────────── case page ─────────────────────────────

#[derive(Template)]
#[template(path = "mediation/case_detail.html")]
struct DetailPage {
    nav: Nav,
    v: CaseView,
    can_manage: bool,
    can_unmask: bool,
    today: String,
    error: Option<String>,
    error_action: String,
}

impl DetailPage {
    fn can(&self, code: &str) -> bool {
        self.v.can(code)
    }
    fn label(&self, code: &str) -> &'static str {
        ActionKind::ALL.iter().find(|k| k.code() == code).map(|k| k.label()).unwrap_or("")
    }
    fn failed(&self, code: &str) -> bool {
        self.error_action == code
    }
}

async fn detail_page(app: &App, auth: &crate::web::Auth, id: i64, error: Option<(String, String)>) -> Result<Response, PageError> {
    let v = med::staff_view(app, &auth.actor, id).await?;
    let org = crate::kernel::load_org(app, v.org_id).await?;
    let (error, error_action) = error.unwrap_or_default();
    render(DetailPage {
        can_manage: auth.actor.can(Permission::MediationManage, &org.path),
        can_unmask: auth.actor.can(Permission::PersonalDataUnmask, &org.path),
        today: today().to_string(),
        error: (!error.is_empty()).then_some(error),
        error_action,
        nav: Nav::new(auth, NAV),
        v,
    })
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    detail_page(&app, &auth, id, None).await
}

async fn act(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ActionForm>) -> Result<Response, PageError> {
    let result = match f.to_step(&auth.actor, today()) {
        Ok(step) => med::act(&app, &auth.actor, id, step).await.map(|_| ()),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&med::console_url(id)).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some((message, f.action.clone()))).await)
        }
    }
}

#[derive(Template)]
#[template(path = "mediation/reveal.html")]
struct RevealPage {
    nav: Nav,
    id: i64,
    r: Vec<med::Revealed>,
}

async fn reveal(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let r = med::reveal(&app, &auth.actor, id).await?;
    render(RevealPage { nav: Nav::new(&auth, NAV), id, r })
}

async fn agreement(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (bytes, name) = med::agreement_docx(&app, &auth.actor, id).await?;
    Ok(crate::platform::docx::docx_response(bytes, &name))
}

// ───────────────────────────── committees ─────────────────────────────

#[derive(Template)]
#[template(path = "mediation/committees.html")]
struct CommitteesPage {
    nav: Nav,
    committees: Vec<CommitteeView>,
    orgs: Vec<(i64, String)>,
    can_manage: bool,
    error: Option<String>,
}

async fn committees_page(app: &App, auth: &crate::web::Auth, error: Option<String>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::MediationRead)?;
    let committees = med::committees_in_scope(app, &auth.actor, Permission::MediationRead).await?;
    let (cond, params) = scope_sql(&auth.actor.scope(Permission::MediationManage), "o.path", 1);
    let sql = format!("SELECT o.id, o.name FROM org_unit o WHERE o.kind IN ('town', 'community') AND {cond} ORDER BY o.path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let orgs = q
        .fetch_all(&app.db.pool)
        .await
        .map_err(AppError::from)?
        .iter()
        .map(|r| Ok((col(r, "id")?, col(r, "name")?)))
        .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()
        .map_err(AppError::from)?;
    render(CommitteesPage { nav: Nav::new(auth, NAV), committees, can_manage: auth.actor.has(Permission::MediationManage), orgs, error })
}

async fn committees(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    committees_page(&app, &auth, None).await
}

async fn create_committee(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<CommitteeForm>) -> Result<Response, PageError> {
    match med::create_committee(&app, &auth.actor, &f).await {
        Ok(_) => Ok(Redirect::to("/console/mediation/committees").into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, committees_page(&app, &auth, Some(message)).await)
        }
    }
}

async fn add_mediator(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<MediatorForm>) -> Result<Response, PageError> {
    match med::add_mediator(&app, &auth.actor, id, &f).await {
        Ok(_) => Ok(Redirect::to("/console/mediation/committees").into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, committees_page(&app, &auth, Some(message)).await)
        }
    }
}

// ───────────────────────────── figures ─────────────────────────────

#[derive(Deserialize, Default)]
pub(crate) struct PeriodQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// The period asked for; the current year to today by default.
pub(crate) fn period(q: &PeriodQuery) -> Result<(NaiveDate, NaiveDate), DomainError> {
    let t = today();
    let from = fazhi_core::form::optional_date("from", "起始日期", &q.from)?.unwrap_or_else(|| NaiveDate::from_ymd_opt(t.year(), 1, 1).unwrap_or(t));
    let to = fazhi_core::form::optional_date("to", "截止日期", &q.to)?.unwrap_or(t);
    if to < from {
        return Err(DomainError::invalid("to", "截止日期早于起始日期"));
    }
    Ok((from, to))
}

#[derive(Template)]
#[template(path = "mediation/figures.html")]
struct FiguresPage {
    nav: Nav,
    r: med::FigureReport,
}

async fn figures(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<PeriodQuery>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::MediationRead)?;
    let (from, to) = period(&q)?;
    let r = med::figures_for(&app, &auth.actor, from, to).await?;
    render(FiguresPage { nav: Nav::new(&auth, NAV), r })
}
