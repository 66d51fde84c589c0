//! 合法性审查 console pages: the module page (the reviewer's queue and the
//! requester's pending responses), the request form, a review's page (facts,
//! clock, materials, opinion and response forms, history) and the figures.
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::legal_review::{self as rules, Conclusion, RawAnswer, ReviewState, SubjectKind};
use serde::Deserialize;

use crate::error::AppError;
use crate::kernel::App;
use crate::legal_review::figures::{self, Figures};
use crate::legal_review::service::{self, NewOpinion, NewReview, Withdrawal};
use crate::legal_review::store::{self, HistoryLine, QueueRow, ReviewView};
use crate::legal_review::{ENTITY, advisers};
use crate::platform::attachments::{self, AttachmentFilter, AttachmentRow};
use crate::web::api::attachments as upload;
use crate::web::pages::{Nav, render, today, with_status};
use crate::web::{Auth, CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/legal-reviews", get(home).post(create))
        .route("/console/legal-reviews/new", get(new_form))
        .route("/console/legal-reviews/figures", get(figures_page))
        .route("/console/legal-reviews/{id}", get(detail))
        .route("/console/legal-reviews/{id}/opinion", post(opinion))
        .route("/console/legal-reviews/{id}/opinion.docx", get(opinion_docx))
        .route("/console/legal-reviews/{id}/response", post(response))
        .route("/console/legal-reviews/{id}/withdraw", post(withdraw))
        .route("/console/legal-reviews/{id}/files", post(add_file).layer(axum::extract::DefaultBodyLimit::disable()))
}

fn to_detail(id: i64) -> Response {
    Redirect::to(&format!("/console/legal-reviews/{id}")).into_response()
}

/// A refusal or input error shown on the page (with its status); anything else is an error page.
fn user_error(e: AppError) -> Result<(StatusCode, String), PageError> {
    let status = e.status();
    if status >= 500 || status == 401 {
        return Err(PageError(e));
    }
    Ok((StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY), e.message()))
}


// ───────────────────────────── module page ─────────────────────────────

#[derive(Template)]
#[template(path = "legal_review/home.html")]
struct HomePage {
    nav: Nav,
    queue: Vec<QueueRow>,
    awaiting: Vec<ReviewView>,
    recent: Vec<ReviewView>,
    can_opine: bool,
    can_request: bool,
    overdue: usize,
    today: String,
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let a = &auth.actor;
    a.require_anywhere(Permission::LegalReviewRead)?;
    let can_opine = a.has(Permission::LegalReviewOpine);
    let can_request = a.has(Permission::LegalReviewRequest);
    let queue = if can_opine { store::queue(&app, a, today()).await? } else { Vec::new() };
    let awaiting = if can_request { store::awaiting_response(&app, a).await? } else { Vec::new() };
    let recent = store::list(&app, a, &store::ListQuery { limit: Some(10), ..Default::default() }).await?;
    let overdue = queue.iter().filter(|q| q.overdue).count();
    render(HomePage { nav: Nav::new(&auth, "legal_review"), queue, awaiting, recent, can_opine, can_request, overdue, today: today().to_string() })
}

// ───────────────────────────── request form ─────────────────────────────

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub subject_kind: String,
    #[serde(default)]
    pub subject_title: String,
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub questions: String,
    #[serde(default)]
    pub due_date: String,
    /// "adviser:ID", "user:ID" or "" (any reviewer of the unit).
    #[serde(default)]
    pub reviewer: String,
}

/// The reviewer choice of the form: (adviser_id, reviewer user id).
pub fn parse_reviewer(v: &str) -> Result<(Option<i64>, Option<i64>), DomainError> {
    let bad = || DomainError::invalid("reviewer", "「审查人员」选择有误");
    match v.trim().split_once(':') {
        None if v.trim().is_empty() => Ok((None, None)),
        Some(("adviser", id)) => Ok((Some(id.parse().map_err(|_| bad())?), None)),
        Some(("user", id)) => Ok((None, Some(id.parse().map_err(|_| bad())?))),
        _ => Err(bad()),
    }
}

#[derive(Template)]
#[template(path = "legal_review/new.html")]
struct NewPage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    kinds: Vec<(&'static str, &'static str, String)>,
    reviewers: Vec<(String, String)>,
    f: RequestForm,
    error: Option<String>,
}

impl NewPage {
    fn kind_checked(&self, code: &str) -> bool {
        self.f.subject_kind == code
    }
    fn reviewer_selected(&self, v: &str) -> bool {
        self.f.reviewer == v
    }
}

async fn new_page(app: &App, auth: &Auth, f: RequestForm, error: Option<String>) -> Result<Response, PageError> {
    let towns = crate::disclosure::towns_in_scope(app, &auth.actor, Permission::LegalReviewRequest).await?;
    let Some(first) = towns.first() else {
        return Err(DomainError::forbidden("您没有在任何镇（街道）提请合法性审查的权限").into());
    };
    let town_id = f.org_id.filter(|id| towns.iter().any(|t| t.0 == *id)).unwrap_or(first.0);
    let cal = crate::platform::calendar::load(&app.db).await?;
    let day = today();
    let kinds = SubjectKind::ALL
        .iter()
        .map(|k| {
            let hint = match rules::plan(*k, day, None, &cal) {
                Ok(p) => match rules::minimum_working_days(*k) {
                    Some(n) => format!("法定不少于 {n} 个工作日，今日提请最早至 {}", p.due),
                    None => format!("默认 {} 个工作日，今日提请至 {}", p.working_days, p.due),
                },
                Err(e) => e.to_string(),
            };
            (k.code(), k.label(), hint)
        })
        .collect();
    let mut reviewers = Vec::new();
    for a in advisers::serving(app, town_id, day).await? {
        reviewers.push((format!("adviser:{}", a.id), format!("法律顾问 {}（{}）", a.name, a.firm)));
    }
    for (id, label) in advisers::reviewer_accounts(app, town_id).await? {
        if id != auth.actor.user_id {
            reviewers.push((format!("user:{id}"), label));
        }
    }
    render(NewPage { nav: Nav::new(auth, "legal_review"), towns, town_id, kinds, reviewers, f, error })
}

#[derive(Deserialize)]
struct NewQuery {
    kind: Option<String>,
    org_id: Option<i64>,
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    let f = RequestForm { subject_kind: q.kind.unwrap_or_else(|| "contract".into()), org_id: q.org_id, ..Default::default() };
    new_page(&app, &auth, f, None).await
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<RequestForm>) -> Result<Response, PageError> {
    let result = async {
        let kind = SubjectKind::parse(&f.subject_kind)?;
        let org_id = f.org_id.ok_or_else(|| DomainError::invalid("org_id", "请选择「提请单位」"))?;
        let due = fazhi_core::form::optional_date("due_date", "审查期限", &f.due_date)?;
        let (adviser_id, reviewer_id) = parse_reviewer(&f.reviewer)?;
        let input = NewReview { materials: &f.materials, due_date: due, adviser_id, reviewer_id, ..NewReview::new(org_id, kind, &f.subject_title, &f.questions) };
        service::request(&app, &auth.actor, input).await
    }
    .await;
    match result {
        Ok(id) => Ok(to_detail(id)),
        Err(e) => {
            let (status, message) = user_error(e)?;
            with_status(status, new_page(&app, &auth, f, Some(message)).await)
        }
    }
}

// ───────────────────────────── a review ─────────────────────────────

#[derive(Template)]
#[template(path = "legal_review/review.html")]
struct ReviewPage {
    nav: Nav,
    v: ReviewView,
    files: Vec<AttachmentRow>,
    history: Vec<HistoryLine>,
    can_opine: bool,
    can_respond: bool,
    can_withdraw: bool,
    can_upload: bool,
    overdue: bool,
    conclusions: Vec<(&'static str, &'static str)>,
    error: Option<(String, &'static str)>,
    accept: String,
}

impl ReviewPage {
    fn failed(&self, step: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.1 == step)
    }
}

async fn review_page(app: &App, auth: &Auth, id: i64, error: Option<(String, &'static str)>) -> Result<Response, PageError> {
    let a = &auth.actor;
    let v = store::get(app, a, id).await?;
    let org = crate::kernel::load_org(app, v.org_id).await?;
    let can_opine = v.state == ReviewState::Requested
        && a.can(Permission::LegalReviewOpine, &org.path)
        && rules::check_reviewer(v.requested_by, v.reviewer_id, a.user_id).is_ok();
    let may_request = a.can(Permission::LegalReviewRequest, &org.path);
    let can_respond = may_request && v.awaiting_response();
    let can_withdraw = may_request && v.state == ReviewState::Requested;
    let can_upload = a.can(Permission::AttachmentWrite, &org.path) && (may_request || can_opine) && v.state != ReviewState::Withdrawn;
    let files = if a.can(Permission::AttachmentRead, &org.path) {
        attachments::list(app, a, &AttachmentFilter { entity: Some(ENTITY.into()), entity_id: Some(id.to_string()) }).await?
    } else {
        Vec::new()
    };
    let history = store::history(app, id).await?;
    let overdue = v.state == ReviewState::Requested && v.due_date < today().to_string();
    let conclusions = Conclusion::ALL.iter().map(|c| (c.code(), c.label())).collect();
    render(ReviewPage {
        nav: Nav::new(auth, "legal_review"),
        v,
        files,
        history,
        can_opine,
        can_respond,
        can_withdraw,
        can_upload,
        overdue,
        conclusions,
        error,
        accept: attachments::accept_attr(),
    })
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    review_page(&app, &auth, id, None).await
}

async fn after(app: &App, auth: &Auth, id: i64, step: &'static str, r: Result<(), AppError>) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(to_detail(id)),
        Err(e) => {
            let (status, message) = user_error(e)?;
            with_status(status, review_page(app, auth, id, Some((message, step))).await)
        }
    }
}

#[derive(Deserialize)]
struct OpinionForm {
    #[serde(default)]
    conclusion: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    articles: String,
    /// One point per line.
    #[serde(default)]
    points: String,
}

async fn opinion(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<OpinionForm>) -> Result<Response, PageError> {
    let r = async {
        let conclusion = Conclusion::parse(&f.conclusion)?;
        let points: Vec<&str> = f.points.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        service::opine(&app, &auth.actor, id, NewOpinion { conclusion, reasons: &f.reasons, articles: &f.articles, points, at: None }).await
    }
    .await;
    after(&app, &auth, id, "opinion", r).await
}

/// Reads `adopted_N` ("1"/"0") and `note_N` for points 1..=n from the form pairs.
pub fn answers_from_pairs(pairs: &[(String, String)]) -> Vec<(Option<bool>, String)> {
    let n = pairs.iter().filter_map(|(k, _)| k.strip_prefix("adopted_").or_else(|| k.strip_prefix("note_")).and_then(|s| s.parse::<usize>().ok())).max().unwrap_or(0);
    (1..=n)
        .map(|i| {
            let get = |key: String| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
            let adopted = get(format!("adopted_{i}")).and_then(|v| match v.as_str() {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            });
            (adopted, get(format!("note_{i}")).unwrap_or_default())
        })
        .collect()
}

async fn response(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(pairs): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let answers = answers_from_pairs(&pairs);
    let raw: Vec<RawAnswer> = answers.iter().map(|(a, n)| RawAnswer { adopted: *a, note: n }).collect();
    let r = service::respond(&app, &auth.actor, id, &raw, None).await;
    after(&app, &auth, id, "response", r).await
}

async fn opinion_docx(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (bytes, name) = crate::legal_review::letter::opinion_docx(&app, &auth.actor, id).await?;
    Ok(crate::platform::docx::docx_response(bytes, &name))
}

#[derive(Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

async fn withdraw(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<WithdrawForm>) -> Result<Response, PageError> {
    let r = service::withdraw(&app, &auth.actor, id, Withdrawal { reason: &f.reason, at: None }).await;
    after(&app, &auth, id, "withdraw", r).await
}

async fn add_file(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    let v = store::get(&app, &auth.actor, id).await?;
    let r = async {
        if v.state == ReviewState::Withdrawn {
            return Err(DomainError::refused("state", "该审查申请已撤回，不能再上传材料").into());
        }
        let mp = mp.map_err(upload::rejection)?;
        let mut form = upload::read_upload(&app, mp).await?;
        form.org_id = Some(v.org_id);
        form.entity = ENTITY.into();
        form.entity_id = id.to_string();
        upload::store_upload(&app, &auth.actor, form).await.map(|_| ())
    }
    .await;
    after(&app, &auth, id, "files", r).await
}

// ───────────────────────────── figures ─────────────────────────────

#[derive(Template)]
#[template(path = "legal_review/figures.html")]
struct FiguresPage {
    nav: Nav,
    f: Figures,
}

async fn figures_page(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::LegalReviewRead)?;
    let f = figures::compute(&app, &auth.actor).await?;
    render(FiguresPage { nav: Nav::new(&auth, "legal_review"), f })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewer_choice_and_answers_parse() {
        assert_eq!(parse_reviewer("").unwrap(), (None, None));
        assert_eq!(parse_reviewer("adviser:3").unwrap(), (Some(3), None));
        assert_eq!(parse_reviewer("user:9").unwrap(), (None, Some(9)));
        assert!(parse_reviewer("root:1").is_err());
        let pairs: Vec<(String, String)> =
            [("_csrf", "x"), ("adopted_1", "1"), ("note_1", ""), ("adopted_2", "0"), ("note_2", "理由"), ("note_3", "")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let a = answers_from_pairs(&pairs);
        assert_eq!(a, vec![(Some(true), String::new()), (Some(false), "理由".to_string()), (None, String::new())]);
    }
}
