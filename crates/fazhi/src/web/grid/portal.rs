//! The public pages (no JavaScript; 375 px): a resident reports a problem
//! (`/portal/{town}/grid/report`) and gets a tracking code and a secret shown
//! once; `/portal/{town}/grid/track` shows the status in public words.
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use crate::db::col;
use crate::error::AppError;
use crate::grid::events::{self as ev, Created, PublicReport, PublicStatus};
use crate::kernel::App;
use crate::web::PageError;
use crate::web::auth::{MaybeUser, client_ip};
use crate::web::pages::{render, user_error, with_status};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/portal/{code}/grid/report", get(report_form).post(report))
        .route("/portal/{code}/grid/track", get(track_form).post(track))
}

struct Town {
    code: String,
    name: String,
}

async fn town(app: &App, code: &str) -> Result<(i64, Town), PageError> {
    let t = crate::disclosure::town_by_code(app, code.trim()).await?;
    Ok((t.id, Town { code: code.trim().to_string(), name: t.name }))
}

#[derive(Template)]
#[template(path = "portal/grid_report.html")]
struct ReportPage {
    town: Town,
    grids: Vec<(i64, String)>,
    categories: Vec<(&'static str, &'static str)>,
    f: PublicReport,
    csrf: Option<String>,
    error: Option<String>,
    field: Option<String>,
}

impl ReportPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
    fn grid_selected(&self, id: &i64) -> bool {
        self.f.grid_id == Some(*id)
    }
}

async fn report_page(app: &App, code: &str, f: PublicReport, csrf: Option<String>, error: Option<(String, Option<String>)>) -> Result<Response, PageError> {
    let (town_id, town) = town(app, code).await?;
    let grids = sqlx::query("SELECT o.id, c.name AS community, o.name FROM org_unit o JOIN org_unit c ON c.id = o.parent_id WHERE o.kind = 'grid' AND o.town_id = $1 ORDER BY o.path")
        .bind(town_id)
        .fetch_all(&app.db.pool)
        .await
        .map_err(AppError::from)?
        .iter()
        .map(|r| Ok((col(r, "id")?, col::<String>(r, "name")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)?;
    let (error, field) = error.map_or((None, None), |(m, f)| (Some(m), f));
    render(ReportPage { town, grids, categories: super::patrols::categories(), f, csrf, error, field })
}

async fn report_form(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser) -> Result<Response, PageError> {
    report_page(&app, &code, PublicReport::default(), user.and_then(|u| u.csrf), None).await
}

#[derive(Template)]
#[template(path = "portal/grid_done.html")]
struct DonePage {
    town: Town,
    c: Created,
}

async fn report(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser, headers: HeaderMap, ext: axum::http::Extensions, Form(f): Form<PublicReport>) -> Result<Response, PageError> {
    let ip = client_ip(&headers, &ext);
    match ev::submit_public(&app, &code, &f, &ip).await {
        Ok(c) => {
            let (_, town) = town(&app, &code).await?;
            render(DonePage { town, c })
        }
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            with_status(status, report_page(&app, &code, f, user.and_then(|u| u.csrf), Some((message, field))).await)
        }
    }
}

#[derive(Template)]
#[template(path = "portal/grid_track.html")]
struct TrackPage {
    town: Town,
    code: String,
    csrf: Option<String>,
    error: Option<String>,
    s: Option<PublicStatus>,
}

#[derive(Deserialize, Default)]
struct TrackQuery {
    #[serde(default)]
    code: String,
}

async fn track_form(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser, Query(q): Query<TrackQuery>) -> Result<Response, PageError> {
    let (_, town) = town(&app, &code).await?;
    render(TrackPage { town, code: fazhi_core::tracking::normalize_code(&q.code), csrf: user.and_then(|u| u.csrf), error: None, s: None })
}

#[derive(Deserialize, Default)]
struct TrackForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    secret: String,
}

async fn track(State(app): State<App>, Path(code): Path<String>, MaybeUser(user): MaybeUser, headers: HeaderMap, ext: axum::http::Extensions, Form(f): Form<TrackForm>) -> Result<Response, PageError> {
    let (_, t) = town(&app, &code).await?;
    let ip = client_ip(&headers, &ext);
    let csrf = user.and_then(|u| u.csrf);
    match ev::track(&app, Some(&code), &f.code, &f.secret, &ip).await {
        Ok(s) => render(TrackPage { town: t, code: s.code.clone(), csrf, error: None, s: Some(s) }),
        Err(e) => {
            let (status, message, _) = user_error(e)?;
            with_status(status, render(TrackPage { town: t, code: fazhi_core::tracking::normalize_code(&f.code), csrf, error: Some(message), s: None }))
        }
    }
}
