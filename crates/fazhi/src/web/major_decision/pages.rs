//! 重大行政决策 console pages: the module page (figures, catalogues,
//! decisions), a catalogue page, a decision page with the step timeline and
//! one form per step the gate allows now, the comment moderation queue, and
//! the decision archive with its ZIP export.
use askama::Template;
use axum::Form;
use axum::Router;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::major_decision::{AdjustKind, Entry, EntryState, Step};
use serde::Deserialize;
use tokio::io::AsyncReadExt;

use crate::error::AppError;
use crate::kernel::App;
use crate::major_decision::archive::{self, Archive, Material};
use crate::major_decision::catalogue::{self, Catalogue, CatalogueForm, Figures, Item, ItemForm};
use crate::major_decision::comments::{self, CommentRow, ModerateForm};
use crate::major_decision::gate::ReviewView;
use crate::major_decision::service::{self, CommentPeriodForm, DecisionForm, StepForm};
use crate::major_decision::store::{self, DecisionRow, StepRow};
use crate::major_decision::{ENTITY, material_key};
use crate::web::api::attachments as upload;
use crate::web::pages::{Nav, render, today, with_status};
use crate::web::{Auth, CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/decisions", get(home).post(launch))
        .route("/console/decisions/catalogues", post(create_catalogue))
        .route("/console/decisions/catalogues/{id}", get(catalogue_page))
        .route("/console/decisions/catalogues/{id}/items", post(add_item))
        .route("/console/decisions/catalogues/{id}/approve", post(approve))
        .route("/console/decisions/catalogues/{id}/publish", post(publish))
        .route("/console/decisions/comments", get(queue))
        .route("/console/decisions/comments/{id}", post(moderate))
        .route("/console/decisions/{id}", get(decision))
        .route("/console/decisions/{id}/steps/{step}", post(record_step))
        .route("/console/decisions/{id}/propose-to-meeting", post(propose_to_meeting))
        .route("/console/decisions/{id}/comment-period", post(open_comment))
        .route("/console/decisions/{id}/legality", post(request_legality))
        .route("/console/decisions/{id}/files", post(add_file).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/console/decisions/{id}/archive", get(archive_page))
        .route("/console/decisions/{id}/archive.zip", get(archive_zip))
}

/// A refused or invalid input is shown on the page it came from; anything
/// else becomes the error page.
fn shown(e: AppError) -> Result<(StatusCode, String), PageError> {
    let status = e.status();
    if status >= 500 || status == 401 || status == 403 || status == 404 {
        return Err(PageError(e));
    }
    Ok((StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY), e.message()))
}


// ───────────────────────────── module page ─────────────────────────────

#[derive(Template)]
#[template(path = "major_decision/console_home.html")]
struct HomePage {
    nav: Nav,
    year: i64,
    years: Vec<i64>,
    f: Figures,
    catalogues: Vec<Catalogue>,
    decisions: Vec<DecisionRow>,
    towns: Vec<(i64, String)>,
    pending: usize,
    can_manage: bool,
    error: Option<String>,
}

#[derive(Deserialize)]
struct YearQuery {
    year: Option<i64>,
}

async fn home_page(app: &App, auth: &Auth, year: Option<i64>, error: Option<String>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::DecisionRead)?;
    let catalogues = catalogue::list(app, &auth.actor).await?;
    let mut years: Vec<i64> = catalogues.iter().map(|c| c.year).collect();
    years.dedup();
    let year = year.or_else(|| years.first().copied()).unwrap_or_else(|| today().year() as i64);
    let f = catalogue::figures(app, &auth.actor, year).await?;
    let decisions = store::list(app, &auth.actor, Some(year)).await?;
    let can_manage = auth.actor.has(Permission::DecisionManage);
    let pending = if can_manage { comments::queue(app, &auth.actor).await?.len() } else { 0 };
    let towns = if can_manage { crate::disclosure::towns_in_scope(app, &auth.actor, Permission::DecisionManage).await? } else { Vec::new() };
    render(HomePage { nav: Nav::new(auth, "decisions"), year, years, f, catalogues, decisions, towns, pending, can_manage, error })
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<YearQuery>) -> Result<Response, PageError> {
    home_page(&app, &auth, q.year, None).await
}

async fn create_catalogue(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<CatalogueForm>) -> Result<Response, PageError> {
    match catalogue::create(&app, &auth.actor, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/console/decisions/catalogues/{id}")).into_response()),
        Err(e) => {
            let (s, m) = shown(e)?;
            with_status(s, home_page(&app, &auth, None, Some(m)).await)
        }
    }
}

// ───────────────────────────── catalogue ─────────────────────────────

#[derive(Template)]
#[template(path = "major_decision/console_catalogue.html")]
struct CataloguePage {
    nav: Nav,
    c: Catalogue,
    items: Vec<Item>,
    can_manage: bool,
    can_approve: bool,
    today: String,
    error: Option<String>,
}

async fn catalogue_view(app: &App, auth: &Auth, id: i64, error: Option<String>) -> Result<Response, PageError> {
    let c = catalogue::get(app, &auth.actor, id).await?;
    let items = catalogue::items(app, id).await?;
    render(CataloguePage {
        nav: Nav::new(auth, "decisions"),
        c,
        items,
        can_manage: auth.actor.has(Permission::DecisionManage),
        can_approve: auth.actor.has(Permission::DecisionApprove),
        today: today().to_string(),
        error,
    })
}

async fn catalogue_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    catalogue_view(&app, &auth, id, None).await
}

async fn after_catalogue(app: &App, auth: &Auth, id: i64, r: Result<(), AppError>) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/console/decisions/catalogues/{id}")).into_response()),
        Err(e) => {
            let (s, m) = shown(e)?;
            with_status(s, catalogue_view(app, auth, id, Some(m)).await)
        }
    }
}

async fn add_item(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ItemForm>) -> Result<Response, PageError> {
    let r = catalogue::add_item(&app, &auth.actor, id, &f).await.map(|_| ());
    after_catalogue(&app, &auth, id, r).await
}

#[derive(Deserialize)]
struct ApproveForm {
    #[serde(default)]
    party_consent_on: String,
}

async fn approve(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ApproveForm>) -> Result<Response, PageError> {
    let r = catalogue::approve(&app, &auth.actor, id, &f.party_consent_on, today()).await;
    after_catalogue(&app, &auth, id, r).await
}

async fn publish(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let r = catalogue::publish(&app, &auth.actor, id).await;
    after_catalogue(&app, &auth, id, r).await
}

#[derive(Deserialize)]
struct LaunchForm {
    #[serde(default)]
    catalogue_id: i64,
    #[serde(flatten)]
    f: DecisionForm,
}

async fn launch(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(l): Form<LaunchForm>) -> Result<Response, PageError> {
    match service::create(&app, &auth.actor, &l.f, today()).await {
        Ok(id) => Ok(Redirect::to(&format!("/console/decisions/{id}")).into_response()),
        Err(e) => {
            let (s, m) = shown(e)?;
            with_status(s, catalogue_view(&app, &auth, l.catalogue_id, Some(m)).await)
        }
    }
}

// ───────────────────────────── decision ─────────────────────────────

#[derive(Template)]
#[template(path = "major_decision/console_decision.html")]
struct DecisionPage {
    nav: Nav,
    d: DecisionRow,
    timeline: Vec<Entry>,
    steps: Vec<StepRow>,
    materials: Vec<Material>,
    comments: Vec<CommentRow>,
    legality: Option<ReviewView>,
    can_manage: bool,
    can_approve: bool,
    can_review: bool,
    today: String,
    accept: String,
    error: Option<String>,
    risk_levels: &'static [(&'static str, &'static str)],
    meeting_results: &'static [(&'static str, &'static str)],
    eval_conclusions: &'static [(&'static str, &'static str)],
    adjust_kinds: Vec<(&'static str, &'static str)>,
    step_choices: Vec<(&'static str, &'static str)>,
}

impl DecisionPage {
    /// The gate allows this step now.
    fn is_current(&self, code: &str) -> bool {
        self.timeline.iter().any(|e| e.step.code() == code && e.state == EntryState::Current)
    }
    fn comment_opened(&self) -> bool {
        self.d.comment_start.is_some()
    }
    fn pending_comments(&self) -> usize {
        self.comments.iter().filter(|c| c.status == "pending").count()
    }
    fn portal_url(&self) -> String {
        format!("/portal/{}/decisions/{}", self.d.town_code, self.d.id)
    }
    fn state_code(&self, e: &&Entry) -> &'static str {
        e.state.code()
    }
    /// Only the first blocked step carries its reason; the rest wait on it.
    fn first_missing(&self, e: &&Entry) -> bool {
        self.timeline.iter().find(|x| x.state == EntryState::Missing).is_some_and(|x| x.step == e.step)
    }
}

async fn decision_view(app: &App, auth: &Auth, id: i64, error: Option<String>) -> Result<Response, PageError> {
    let a: Archive = archive::load(app, &auth.actor, id).await?;
    render(DecisionPage {
        nav: Nav::new(auth, "decisions"),
        today: today().to_string(),
        accept: crate::platform::attachments::accept_attr(),
        can_manage: auth.actor.has(Permission::DecisionManage),
        can_approve: auth.actor.has(Permission::DecisionApprove),
        can_review: auth.actor.has(Permission::LegalReviewRequest),
        error,
        risk_levels: service::RISK_LEVELS,
        meeting_results: service::MEETING_RESULTS,
        eval_conclusions: service::EVAL_CONCLUSIONS,
        adjust_kinds: AdjustKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        step_choices: std::iter::once(("", "综合材料")).chain(Step::ALL.iter().map(|s| (s.code(), s.label()))).collect(),
        d: a.d,
        timeline: a.timeline,
        steps: a.steps,
        materials: a.materials,
        comments: a.comments,
        legality: a.legality,
    })
}

async fn decision(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    decision_view(&app, &auth, id, None).await
}

async fn after_decision<T>(app: &App, auth: &Auth, id: i64, r: Result<T, AppError>) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/console/decisions/{id}")).into_response()),
        Err(e) => {
            let (s, m) = shown(e)?;
            with_status(s, decision_view(app, auth, id, Some(m)).await)
        }
    }
}

async fn record_step(State(app): State<App>, CurrentUser(auth): CurrentUser, Path((id, step)): Path<(i64, String)>, Form(f): Form<StepForm>) -> Result<Response, PageError> {
    let step = Step::parse(&step).ok_or_else(|| PageError(DomainError::not_found("决策程序").into()))?;
    let r = service::record_step(&app, &auth.actor, id, step, &f, today()).await;
    after_decision(&app, &auth, id, r).await
}

/// 提交会议研究: on success the new agenda item's page, where the convener takes it.
async fn propose_to_meeting(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    match service::propose_to_meeting(&app, &auth.actor, id).await {
        Ok(item) => Ok(Redirect::to(&format!("/console/meetings/items/{item}")).into_response()),
        Err(e) => after_decision(&app, &auth, id, Err::<(), _>(e)).await,
    }
}

async fn open_comment(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<CommentPeriodForm>) -> Result<Response, PageError> {
    let r = service::open_comment(&app, &auth.actor, id, &f).await;
    after_decision(&app, &auth, id, r).await
}

async fn request_legality(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<service::LegalityForm>) -> Result<Response, PageError> {
    let r = service::request_legality(&app, &auth.actor, id, &f, today()).await;
    after_decision(&app, &auth, id, r).await
}

#[derive(Deserialize)]
struct FileQuery {
    #[serde(default)]
    step: String,
}

/// Upload a material (multipart; the CSRF token travels in the query string),
/// stored as a platform attachment keyed to the decision and the step.
async fn add_file(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Query(q): Query<FileQuery>, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    let step = if q.step.is_empty() { None } else { Some(Step::parse(&q.step).ok_or_else(|| PageError(DomainError::invalid("step", "请选择「所属程序」").into()))?) };
    let org_id = {
        let mut conn = app.db.pool.acquire().await.map_err(AppError::from)?;
        let d = store::load(&mut conn, id).await?;
        d.org_id
    };
    let org = crate::kernel::load_org(&app, org_id).await?;
    auth.actor.require(Permission::DecisionManage, &org.path)?;
    let mp = mp.map_err(upload::rejection)?;
    let mut form = upload::read_upload(&app, mp).await?;
    form.org_id = Some(org.id);
    form.entity = ENTITY.into();
    form.entity_id = material_key(id, step);
    let r = upload::store_upload(&app, &auth.actor, form).await;
    after_decision(&app, &auth, id, r).await
}

// ───────────────────────────── moderation ─────────────────────────────

#[derive(Template)]
#[template(path = "major_decision/console_comments.html")]
struct QueuePage {
    nav: Nav,
    items: Vec<CommentRow>,
    error: Option<String>,
}

async fn queue_view(app: &App, auth: &Auth, error: Option<String>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::DecisionManage)?;
    let items = comments::queue(app, &auth.actor).await?;
    render(QueuePage { nav: Nav::new(auth, "decisions"), items, error })
}

async fn queue(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    queue_view(&app, &auth, None).await
}

async fn moderate(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ModerateForm>) -> Result<Response, PageError> {
    match comments::moderate(&app, &auth.actor, id, &f).await {
        Ok(_) => Ok(Redirect::to("/console/decisions/comments").into_response()),
        Err(e) => {
            let (s, m) = shown(e)?;
            with_status(s, queue_view(&app, &auth, Some(m)).await)
        }
    }
}

// ───────────────────────────── archive ─────────────────────────────

#[derive(Template)]
#[template(path = "major_decision/console_archive.html")]
struct ArchivePage {
    nav: Nav,
    a: Archive,
}

async fn archive_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let a = archive::load(&app, &auth.actor, id).await?;
    render(ArchivePage { nav: Nav::new(&auth, "decisions"), a })
}

/// The ZIP, streamed from its temporary file (removed when the stream ends).
async fn archive_zip(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let x = archive::export(&app, &auth.actor, id).await?;
    let file = tokio::fs::File::open(&x.path).await.map_err(AppError::internal)?;
    let stream = futures_util::stream::unfold((file, x.path), |(mut f, p)| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buf)), (f, p)))
            }
            Err(e) => Some((Err(e), (f, p))),
        }
    });
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from_str(&x.bytes.to_string()).map_err(AppError::internal)?);
    let disp = format!("attachment; filename=\"archive.zip\"; filename*=UTF-8''{}", crate::platform::listing::enc(&x.file_name));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disp).map_err(AppError::internal)?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}
