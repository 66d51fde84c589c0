//! 依申请公开 pages. Portal (no JavaScript, phone width): the request form,
//! the page that shows the tracking code and secret once, the tracking page.
//! Console: the work page, registration (paper, post, fax …), the request page
//! with one form per step the workflow allows now, letters, statistics, the
//! 复议/诉讼 register and the town's settings. Handlers parse, call
//! `crate::disclosure::requests` and render.
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::disclosure::report::Table4;
use fazhi_core::disclosure::{ActionKind, AnswerType, ApplicantType, Channel, Delivery, Form as InfoForm};
use serde::Deserialize;

use crate::disclosure::requests::{self as req, ActionForm, CaseForm, CaseRow, Created, LetterKind, Proof, RequestForm, SettingsForm, StaffView, Tracking};
use crate::disclosure::{self, requests::Period};
use crate::kernel::App;
use crate::web::auth::{MaybeUser, client_ip};
use crate::web::disclosure::pages::Column;
use crate::web::pages::{Nav, render, today, user_error, with_status};
use crate::web::{CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        // Portal.
        .route("/portal/{code}/disclosure/apply", get(apply_form).post(apply))
        .route("/portal/{code}/disclosure/track", get(track_form).post(track))
        // Console.
        .route("/console/disclosure/requests", get(home).post(register))
        .route("/console/disclosure/requests/new", get(new_form))
        .route("/console/disclosure/requests/stats", get(stats))
        .route("/console/disclosure/requests/stats.xlsx", get(stats_xlsx))
        .route("/console/disclosure/requests/cases", get(cases))
        .route("/console/disclosure/requests/settings", get(settings_form).post(settings_save))
        .route("/console/disclosure/requests/{id}", get(detail))
        .route("/console/disclosure/requests/{id}/act", post(act))
        .route("/console/disclosure/requests/{id}/extension", post(propose_extension))
        .route("/console/disclosure/requests/{id}/extension/decline", post(decline_extension))
        .route("/console/disclosure/requests/{id}/reveal", post(reveal))
        .route("/console/disclosure/requests/{id}/cases", post(add_case))
        .route("/console/disclosure/requests/{id}/{letter}", get(letter))
        .route("/console/disclosure/cases/{id}", post(update_case))
}

/// A bad input or a refused step is shown on the form it came from; anything
/// else becomes the error page.


/// Choices shared by the portal and console forms.
pub struct Choices {
    pub applicant_types: Vec<(&'static str, String)>,
    pub forms: Vec<(&'static str, &'static str)>,
    pub deliveries: Vec<(&'static str, &'static str)>,
    pub channels: Vec<(&'static str, &'static str, &'static str)>,
}

impl Choices {
    fn new() -> Choices {
        Choices {
            applicant_types: ApplicantType::ALL.iter().map(|t| (t.code(), t.form_label())).collect(),
            forms: InfoForm::ALL.iter().map(|f| (f.code(), f.label())).collect(),
            deliveries: Delivery::ALL.iter().map(|d| (d.code(), d.label())).collect(),
            channels: Channel::ALL.iter().map(|c| (c.code(), c.label(), c.receipt_rule())).collect(),
        }
    }
}

// ───────────────────────────── portal ─────────────────────────────

async fn column(app: &App, code: &str, active: &'static str) -> Result<(crate::kernel::OrgRef, Column), PageError> {
    let town = disclosure::town_by_code(app, code).await?;
    Ok((town.clone(), Column { code: code.to_string(), town: town.name.clone(), active }))
}

#[derive(Template)]
#[template(path = "disclosure/request_portal_apply.html")]
struct ApplyPage {
    col: Column,
    f: RequestForm,
    c: Choices,
    error: Option<String>,
    field: Option<String>,
    csrf: Option<String>,
    agency: String,
    phone: String,
}

impl ApplyPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
}

async fn apply_page(app: &App, code: &str, f: RequestForm, error: Option<(String, Option<String>)>, csrf: Option<String>) -> Result<Response, PageError> {
    let (town, col) = column(app, code, "apply").await?;
    let g = disclosure::guide::load(app, &town).await?;
    let (error, field) = match error {
        Some((m, f)) => (Some(m), f),
        None => (None, None),
    };
    render(ApplyPage { col, f, c: Choices::new(), error, field, csrf, agency: g.agency_name, phone: g.phone })
}

async fn apply_form(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser) -> Result<Response, PageError> {
    let f = RequestForm { applicant_type: "natural_person".into(), form: "electronic".into(), delivery: "online".into(), ..RequestForm::default() };
    apply_page(&app, &code, f, None, user.and_then(|u| u.csrf)).await
}

#[derive(Template)]
#[template(path = "disclosure/request_portal_done.html")]
struct DonePage {
    col: Column,
    c: Created,
}

async fn apply(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser, headers: HeaderMap, ext: axum::http::Extensions, Form(f): Form<RequestForm>) -> Result<Response, PageError> {
    let ip = client_ip(&headers, &ext);
    match req::submit_public(&app, &code, &f, &ip).await {
        Ok(c) => {
            let (_, col) = column(&app, &code, "apply").await?;
            render(DonePage { col, c })
        }
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            with_status(status, apply_page(&app, &code, f, Some((message, field)), user.and_then(|u| u.csrf)).await)
        }
    }
}

#[derive(Template)]
#[template(path = "disclosure/request_portal_track.html")]
struct TrackPage {
    col: Column,
    code: String,
    by_phone: bool,
    error: Option<String>,
    csrf: Option<String>,
    t: Option<Tracking>,
}

#[derive(Deserialize, Default)]
struct TrackQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    by: String,
}

async fn track_form(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser, Query(q): Query<TrackQuery>) -> Result<Response, PageError> {
    let (_, col) = column(&app, &code, "track").await?;
    render(TrackPage { col, code: req::normalize_code(&q.code), by_phone: q.by == "phone", error: None, csrf: user.and_then(|u| u.csrf), t: None })
}

#[derive(Deserialize)]
struct TrackForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    by: String,
}

async fn track(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser, headers: HeaderMap, ext: axum::http::Extensions, Form(f): Form<TrackForm>) -> Result<Response, PageError> {
    let (_, col) = column(&app, &code, "track").await?;
    let ip = client_ip(&headers, &ext);
    let by_phone = f.by == "phone";
    let proof = if by_phone { Proof::Phone(&f.phone) } else { Proof::Secret(&f.secret) };
    let csrf = user.and_then(|u| u.csrf);
    match req::track(&app, Some(&code), &f.code, proof, &ip).await {
        Ok(t) => render(TrackPage { col, code: t.tracking_code.clone(), by_phone, error: None, csrf, t: Some(t) }),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, render(TrackPage { col, code: req::normalize_code(&f.code), by_phone, error: Some(message), csrf, t: None }))
        }
    }
}

// ───────────────────────────── console ─────────────────────────────

#[derive(Template)]
#[template(path = "disclosure/request_console_home.html")]
struct HomePage {
    nav: Nav,
    d: req::Dashboard,
    can_handle: bool,
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::DisclosureRead)?;
    let d = req::dashboard(&app, &auth.actor).await?;
    render(HomePage { can_handle: auth.actor.has(Permission::DisclosureRequestHandle), nav: Nav::new(&auth, "disclosure_requests"), d })
}

#[derive(Template)]
#[template(path = "disclosure/request_console_new.html")]
struct NewPage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    f: RequestForm,
    c: Choices,
    error: Option<String>,
    field: Option<String>,
}

impl NewPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
    fn town_selected(&self, id: &i64) -> bool {
        self.f.town_id == Some(*id)
    }
}

async fn new_page(app: &App, auth: &crate::web::Auth, f: RequestForm, error: Option<(String, Option<String>)>) -> Result<Response, PageError> {
    let towns = disclosure::towns_in_scope(app, &auth.actor, Permission::DisclosureRequestHandle).await?;
    if towns.is_empty() {
        return Err(DomainError::forbidden("您没有在任何镇（街道）办理政府信息公开申请的权限").into());
    }
    let (error, field) = match error {
        Some((m, f)) => (Some(m), f),
        None => (None, None),
    };
    render(NewPage { nav: Nav::new(auth, "disclosure_requests"), towns, f, c: Choices::new(), error, field })
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let today = today().to_string();
    let f = RequestForm { applicant_type: "natural_person".into(), form: "paper".into(), delivery: "pickup".into(), channel: "in_person".into(), submitted_on: today, ..RequestForm::default() };
    new_page(&app, &auth, f, None).await
}

#[derive(Template)]
#[template(path = "disclosure/request_console_created.html")]
struct CreatedPage {
    nav: Nav,
    c: Created,
}

async fn register(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<RequestForm>) -> Result<Response, PageError> {
    match req::register(&app, &auth.actor, &f).await {
        Ok(c) => render(CreatedPage { nav: Nav::new(&auth, "disclosure_requests"), c }),
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            with_status(status, new_page(&app, &auth, f, Some((message, field))).await)
        }
    }
}

#[derive(Template)]
#[template(path = "disclosure/request_console_detail.html")]
struct DetailPage {
    nav: Nav,
    v: StaffView,
    cases: Vec<CaseRow>,
    can_handle: bool,
    can_approve: bool,
    can_unmask: bool,
    today: String,
    error: Option<String>,
    error_action: String,
    outcomes: Vec<(&'static str, Vec<(&'static str, String)>)>,
    answers: Vec<(&'static str, &'static str)>,
    replies: [(&'static str, &'static str); 4],
    parts: Vec<(&'static str, &'static str)>,
    results: Vec<(&'static str, &'static str)>,
}

impl DetailPage {
    fn can(&self, code: &str) -> bool {
        self.v.allowed.iter().any(|k| k.code() == code)
    }
    fn label(&self, code: &str) -> &'static str {
        ActionKind::ALL.iter().find(|k| k.code() == code).map(|k| k.label()).unwrap_or("")
    }
    fn failed(&self, code: &str) -> bool {
        self.error_action == code
    }
}

async fn detail_page(app: &App, auth: &crate::web::Auth, id: i64, error: Option<(String, String)>) -> Result<Response, PageError> {
    let v = req::staff_view(app, &auth.actor, id).await?;
    let org = crate::kernel::load_org(app, v.org_id).await?;
    let a = &auth.actor;
    let (error, error_action) = match error {
        Some((m, a)) => (Some(m), a),
        None => (None, String::new()),
    };
    render(DetailPage {
        cases: req::cases_of_request(app, id).await?,
        can_handle: a.can(Permission::DisclosureRequestHandle, &org.path),
        can_approve: a.can(Permission::DisclosureExtensionApprove, &org.path),
        can_unmask: a.can(Permission::PersonalDataUnmask, &org.path),
        today: today().to_string(),
        error,
        error_action,
        outcomes: req::outcome_choices(),
        answers: AnswerType::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        replies: req::reply_choices(),
        parts: req::part_choices(),
        results: req::result_choices(),
        nav: Nav::new(auth, "disclosure_requests"),
        v,
    })
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    detail_page(&app, &auth, id, None).await
}

fn to_detail(id: i64) -> Response {
    Redirect::to(&format!("/console/disclosure/requests/{id}")).into_response()
}

async fn act(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ActionForm>) -> Result<Response, PageError> {
    let result = match f.to_step(&auth.actor, today()) {
        Ok(step) => req::act(&app, &auth.actor, id, step).await.map(|_| ()),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => Ok(to_detail(id)),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some((message, f.action.clone()))).await)
        }
    }
}

#[derive(Deserialize)]
struct ProposalForm {
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    on: String,
}

async fn propose_extension(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ProposalForm>) -> Result<Response, PageError> {
    match req::propose_extension(&app, &auth.actor, id, &f.days, &f.reason, &f.on).await {
        Ok(()) => Ok(to_detail(id)),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some((message, "propose".into()))).await)
        }
    }
}

async fn decline_extension(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ProposalForm>) -> Result<Response, PageError> {
    match req::decline_extension(&app, &auth.actor, id, &f.reason).await {
        Ok(()) => Ok(to_detail(id)),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some((message, "decline".into()))).await)
        }
    }
}

#[derive(Template)]
#[template(path = "disclosure/request_console_reveal.html")]
struct RevealPage {
    nav: Nav,
    id: i64,
    r: req::Revealed,
}

async fn reveal(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let r = req::reveal(&app, &auth.actor, id).await?;
    render(RevealPage { nav: Nav::new(&auth, "disclosure_requests"), id, r })
}

async fn letter(State(app): State<App>, CurrentUser(auth): CurrentUser, Path((id, name)): Path<(i64, String)>) -> Result<Response, PageError> {
    let kind = name.strip_suffix(".docx").and_then(LetterKind::parse).ok_or_else(|| DomainError::not_found("文书"))?;
    let (bytes, file) = req::letter(&app, &auth.actor, id, kind).await?;
    Ok(crate::platform::docx::docx_response(bytes, &file))
}

async fn add_case(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<CaseForm>) -> Result<Response, PageError> {
    match req::add_case(&app, &auth.actor, id, &f).await {
        Ok(_) => Ok(to_detail(id)),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, detail_page(&app, &auth, id, Some((message, "case".into()))).await)
        }
    }
}

async fn update_case(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<CaseForm>) -> Result<Response, PageError> {
    let request = req::update_case(&app, &auth.actor, id, &f).await?;
    Ok(match request {
        Some(r) => to_detail(r),
        None => Redirect::to("/console/disclosure/requests/cases").into_response(),
    })
}

#[derive(Deserialize, Default)]
struct StatsQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "disclosure/request_console_stats.html")]
struct StatsPage {
    nav: Nav,
    r: req::StatsReport,
    from: String,
    to: String,
    can_export: bool,
}

impl StatsPage {
    /// The figures as rows (one per measure), a column per office, then 合计
    /// when there is more than one office: reads on a phone and on paper.
    fn measures(&self) -> Vec<(String, Vec<String>)> {
        let mut columns: Vec<&req::OfficeStats> = self.r.rows.iter().collect();
        if self.r.rows.len() > 1 {
            columns.push(&self.r.total);
        }
        let row = |label: &str, f: &dyn Fn(&req::OfficeStats) -> String| (label.to_string(), columns.iter().map(|s| f(s)).collect());
        let mut out = vec![
            row("本期收到", &|s| s.received.to_string()),
            row("上期结转", &|s| s.carried_over.to_string()),
            row("本期办结", &|s| s.answered.to_string()),
            row("其中按期办结", &|s| s.on_time.to_string()),
            row("其中超期办结", &|s| s.late.to_string()),
            row("按期办结率", &|s| s.rate()),
            row("期末未办结", &|s| s.open_at_end.to_string()),
            row("当前逾期未办结", &|s| s.overdue_now.to_string()),
        ];
        for (i, g) in self.r.groups.iter().enumerate() {
            out.push(row(&format!("办结结果：{g}"), &|s| s.by_group[i].to_string()));
        }
        out
    }
}

async fn stats(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<StatsQuery>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::DisclosureRead)?;
    let period = Period::parse(&q.from, &q.to, today())?;
    let r = req::stats(&app, &auth.actor, period).await?;
    render(StatsPage { nav: Nav::new(&auth, "disclosure_requests"), from: period.from.to_string(), to: period.to.to_string(), can_export: auth.actor.has(Permission::ListExport), r })
}

async fn stats_xlsx(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<StatsQuery>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::DisclosureRead)?;
    auth.actor.require_anywhere(Permission::ListExport)?;
    let period = Period::parse(&q.from, &q.to, today())?;
    let r = req::stats(&app, &auth.actor, period).await?;
    let bytes = req::stats_xlsx(&r)?;
    let name = format!("依申请公开办理情况统计-{}至{}.xlsx", period.from, period.to);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"stats.xlsx\"; filename*=UTF-8''{}", crate::platform::listing::enc(&name))),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
struct CasesQuery {
    town_id: Option<i64>,
    year: Option<i32>,
}

#[derive(Template)]
#[template(path = "disclosure/request_console_cases.html")]
struct CasesPage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    year: i32,
    cases: Vec<CaseRow>,
    t4: Table4,
    labels: [&'static str; 5],
    can_handle: bool,
    results: Vec<(&'static str, &'static str)>,
}

impl CasesPage {
    fn blocks(&self) -> Vec<(&'static str, [u32; 5])> {
        fazhi_core::disclosure::report::Table4Part::ALL.iter().map(|p| (p.label(), self.t4.block(*p).cells())).collect()
    }
}

async fn cases(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<CasesQuery>) -> Result<Response, PageError> {
    let towns = disclosure::towns_in_scope(&app, &auth.actor, Permission::DisclosureRead).await?;
    let Some(first) = towns.first() else {
        return Err(DomainError::forbidden("您没有查看政务公开台账的权限").into());
    };
    let town_id = q.town_id.filter(|t| towns.iter().any(|x| x.0 == *t)).unwrap_or(first.0);
    let year = q.year.unwrap_or(today().year());
    let cases = req::cases_for_year(&app, &auth.actor, town_id, year).await?;
    let t4 = Table4::compute(year, &req::review_cases(&app, town_id, year).await?);
    let town = crate::kernel::load_org(&app, town_id).await?;
    render(CasesPage {
        nav: Nav::new(&auth, "disclosure_requests"),
        can_handle: auth.actor.can(Permission::DisclosureRequestHandle, &town.path),
        towns,
        town_id,
        year,
        cases,
        t4,
        labels: Table4::CELL_LABELS,
        results: req::result_choices(),
    })
}

#[derive(Deserialize, Default)]
struct TownQuery {
    town_id: Option<i64>,
    saved: Option<String>,
}

#[derive(Template)]
#[template(path = "disclosure/request_console_settings.html")]
struct SettingsPage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    s: req::Settings,
    saved: bool,
    error: Option<String>,
}

async fn settings_page(app: &App, auth: &crate::web::Auth, town_id: Option<i64>, saved: bool, error: Option<String>, form: Option<&SettingsForm>) -> Result<Response, PageError> {
    let towns = disclosure::towns_in_scope(app, &auth.actor, Permission::DisclosureRequestHandle).await?;
    let Some(first) = towns.first() else {
        return Err(DomainError::forbidden("您没有在任何镇（街道）办理政府信息公开申请的权限").into());
    };
    let town_id = town_id.filter(|t| towns.iter().any(|x| x.0 == *t)).unwrap_or(first.0);
    let town = disclosure::load_town(app, town_id).await?;
    let mut s = req::settings(app, &town).await?;
    if let Some(f) = form {
        s.prefix = f.prefix.clone();
        s.review_body = f.review_body.clone();
        s.court = Some(f.court.clone());
    }
    render(SettingsPage { nav: Nav::new(auth, "disclosure_requests"), towns, town_id, s, saved, error })
}

async fn settings_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<TownQuery>) -> Result<Response, PageError> {
    settings_page(&app, &auth, q.town_id, q.saved.is_some(), None, None).await
}

#[derive(Deserialize)]
struct SettingsSubmit {
    town_id: i64,
    #[serde(flatten)]
    f: SettingsForm,
}

async fn settings_save(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(s): Form<SettingsSubmit>) -> Result<Response, PageError> {
    match req::save_settings(&app, &auth.actor, s.town_id, &s.f).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/disclosure/requests/settings?town_id={}&saved=1", s.town_id)).into_response()),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, settings_page(&app, &auth, Some(s.town_id), false, Some(message), Some(&s.f)).await)
        }
    }
}
