//! 重大行政决策 on the public portal (no JavaScript, phone width): the town's
//! decision catalogues per year and its decisions out for comment or
//! published; a decision page with the draft, the comment form, the approved
//! comments, the adoption explanation and the published decision.
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;

use crate::kernel::App;
use crate::major_decision::catalogue::{self, Catalogue, Item};
use crate::major_decision::comments::{self, CommentForm, CommentRow};
use crate::major_decision::store::{self, DecisionRow};
use crate::web::auth::{MaybeUser, client_ip};
use crate::web::pages::{render, today};
use crate::web::PageError;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/portal/{code}/decisions", get(home))
        .route("/portal/{code}/decisions/{id}", get(decision).post(comment))
}

#[derive(Template)]
#[template(path = "major_decision/portal_home.html")]
struct HomePage {
    code: String,
    town: String,
    catalogues: Vec<(Catalogue, Vec<Item>)>,
    open: Vec<DecisionRow>,
    published: Vec<DecisionRow>,
}

async fn home(State(app): State<App>, Path(code): Path<String>) -> Result<Response, PageError> {
    let town = crate::disclosure::town_by_code(&app, &code).await?;
    let mut catalogues = Vec::new();
    for c in catalogue::public_list(&app, town.id).await? {
        let items = catalogue::items(&app, c.id).await?;
        catalogues.push((c, items));
    }
    let t = today().to_string();
    let all = store::public_list(&app, town.id, &t).await?;
    let (published, open): (Vec<DecisionRow>, Vec<DecisionRow>) = all.into_iter().filter(|d| d.published() || d.comment_open(&t)).partition(|d| d.published());
    render(HomePage { code, town: town.name, catalogues, open, published })
}

#[derive(Template)]
#[template(path = "major_decision/portal_decision.html")]
struct DecisionPage {
    code: String,
    town: String,
    d: DecisionRow,
    open: bool,
    comments: Vec<CommentRow>,
    f: CommentForm,
    error: Option<String>,
    sent: bool,
    csrf: Option<String>,
}

impl DecisionPage {
    fn paragraphs(&self, text: &str) -> Vec<String> {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
    }
}

async fn page(app: &App, code: &str, id: i64, f: CommentForm, error: Option<String>, sent: bool, csrf: Option<String>) -> Result<Response, PageError> {
    let town = crate::disclosure::town_by_code(app, code).await?;
    let t = today().to_string();
    let d = store::public_one(app, town.id, id, &t).await?;
    let comments = comments::approved(app, d.id).await?;
    render(DecisionPage { code: code.to_string(), town: town.name, open: d.comment_open(&t), d, comments, f, error, sent, csrf })
}

async fn decision(State(app): State<App>, Path((code, id)): Path<(String, i64)>, MaybeUser(user): MaybeUser) -> Result<Response, PageError> {
    page(&app, &code, id, CommentForm::default(), None, false, user.and_then(|u| u.csrf)).await
}

async fn comment(
    State(app): State<App>,
    Path((code, id)): Path<(String, i64)>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<CommentForm>,
) -> Result<Response, PageError> {
    let ip = client_ip(&headers, &ext);
    let csrf = user.and_then(|u| u.csrf);
    match comments::submit(&app, &code, id, &f, &ip).await {
        Ok(_) => page(&app, &code, id, CommentForm::default(), None, true, csrf).await,
        Err(e) => {
            let status = e.status();
            if status >= 500 || status == 404 {
                return Err(PageError(e));
            }
            let r = page(&app, &code, id, f, Some(e.message()), false, csrf).await;
            r.map(|mut resp| {
                *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
                resp
            })
        }
    }
}
