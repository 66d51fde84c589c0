//! The public OParl 1.1 endpoints (`/api/v1/oparl/…`), no account needed: only
//! meetings whose minutes are approved (see `crate::meeting::oparl` for what is public).
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use fazhi_core::DomainError;

use crate::error::AppError;
use crate::kernel::App;
use crate::meeting::oparl::{self, ListParams};
use crate::web::ApiError;

type R = Result<Json<serde_json::Value>, ApiError>;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/oparl", get(|| async { axum::response::Redirect::to("/api/v1/oparl/system") }))
        .route("/oparl/system", get(system))
        .route("/oparl/body", get(bodies))
        .route("/oparl/body/{id}", get(body))
        .route("/oparl/body/{id}/organization", get(organizations))
        .route("/oparl/body/{id}/person", get(persons))
        .route("/oparl/body/{id}/meeting", get(meetings))
        .route("/oparl/body/{id}/agendaItem", get(agenda_items))
        .route("/oparl/body/{id}/paper", get(papers))
        .route("/oparl/body/{id}/file", get(files))
        .route("/oparl/organization/{id}", get(organization))
        .route("/oparl/person/{id}", get(person))
        .route("/oparl/meeting/{id}", get(meeting))
        .route("/oparl/agendaItem/{id}", get(agenda_item))
        .route("/oparl/paper/{id}", get(paper))
        .route("/oparl/file/{id}", get(file))
        .route("/oparl/file/{id}/download", get(download))
}

/// The absolute base of OParl ids (OParl ids are URLs), from the request's Host.
fn base(h: &HeaderMap) -> String {
    let host = h.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let proto = h.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).filter(|p| *p == "https").unwrap_or("http");
    format!("{proto}://{host}/api/v1/oparl")
}

fn params(q: Result<Query<ListParams>, QueryRejection>) -> Result<ListParams, ApiError> {
    q.map(|Query(p)| p).map_err(|e| ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into()))
}

async fn system(h: HeaderMap) -> R {
    Ok(Json(oparl::system(&base(&h))))
}
async fn bodies(State(app): State<App>, h: HeaderMap, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::bodies(&app, &base(&h), &params(q)?).await?))
}
async fn body(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::body(&app, &base(&h), id).await?))
}
async fn organizations(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::organizations(&app, &base(&h), id, &params(q)?).await?))
}
async fn persons(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::persons(&app, &base(&h), id, &params(q)?).await?))
}
async fn meetings(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::meetings(&app, &base(&h), id, &params(q)?).await?))
}
async fn agenda_items(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::agenda_items(&app, &base(&h), id, &params(q)?).await?))
}
async fn papers(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::papers(&app, &base(&h), id, &params(q)?).await?))
}
async fn files(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>, q: Result<Query<ListParams>, QueryRejection>) -> R {
    Ok(Json(oparl::files(&app, &base(&h), id, &params(q)?).await?))
}
async fn organization(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::organization(&app, &base(&h), id).await?))
}
async fn person(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::person(&app, &base(&h), id).await?))
}
async fn meeting(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::meeting(&app, &base(&h), id).await?))
}
async fn agenda_item(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::agenda_item(&app, &base(&h), id).await?))
}
async fn paper(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::paper(&app, &base(&h), id).await?))
}
async fn file(State(app): State<App>, h: HeaderMap, Path(id): Path<i64>) -> R {
    Ok(Json(oparl::file(&app, &base(&h), id).await?))
}

async fn download(State(app): State<App>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let (name, mime, path) = oparl::file_content(&app, id).await?;
    let bytes = tokio::fs::read(&path).await.map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"file\"; filename*=UTF-8''{}", crate::platform::listing::enc(&name))),
        ],
        bytes,
    )
        .into_response())
}
