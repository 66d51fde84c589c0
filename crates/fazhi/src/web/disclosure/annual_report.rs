//! The annual disclosure report: console (draft, edit, approve, publish, DOCX),
//! portal (published reports only) and the public JSON API.
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::Datelike;
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use serde::Deserialize;

use crate::disclosure::annual_report::{self as report, ReportBody, ReportView};
use crate::kernel::App;
use crate::web::disclosure::pages::Column;
use crate::web::pages::{Nav, render, today};
use crate::web::{ApiError, CurrentUser, PageError};

pub fn page_routes() -> Router<App> {
    Router::new()
        .route("/console/disclosure/reports", get(console_page).post(create))
        .route("/console/disclosure/reports/{id}/sections", post(save_sections))
        .route("/console/disclosure/reports/{id}/table2", post(fill_cell))
        .route("/console/disclosure/reports/{id}/approve", post(approve))
        .route("/console/disclosure/reports/{id}/publish", post(publish))
        .route("/console/disclosure/reports/{id}/report.docx", get(docx))
        .route("/portal/{code}/disclosure/reports", get(portal_list))
        .route("/portal/{code}/disclosure/reports/{year}", get(portal_report))
}

pub fn api_routes() -> Router<App> {
    Router::new().route("/disclosure/reports/{year}", get(api_report))
}

#[derive(Template)]
#[template(path = "disclosure/report_console.html")]
struct ConsolePage {
    nav: Nav,
    towns: Vec<(i64, String)>,
    town_id: i64,
    year: i32,
    years: Vec<i32>,
    report: Option<ReportView>,
    can_edit: bool,
    can_review: bool,
    can_publish: bool,
}

#[derive(Deserialize)]
pub struct ConsoleQuery {
    town: Option<i64>,
    year: Option<i32>,
}

pub async fn console_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<ConsoleQuery>) -> Result<Response, PageError> {
    let towns = crate::disclosure::towns_in_scope(&app, &auth.actor, Permission::DisclosureRead).await?;
    let Some(first) = towns.first() else { return Err(DomainError::forbidden("您没有查看政务公开台账的权限").into()) };
    let town_id = q.town.filter(|t| towns.iter().any(|(id, _)| id == t)).unwrap_or(first.0);
    let this_year = today().year();
    let year = q.year.unwrap_or(this_year - 1).clamp(2008, this_year);
    let report = report::view(&app, &auth.actor, town_id, year).await?;
    let town = crate::kernel::load_org(&app, town_id).await?;
    render(ConsolePage {
        nav: Nav::new(&auth, "disclosure_reports"),
        towns,
        town_id,
        year,
        years: (2021..=this_year).rev().collect(),
        report,
        can_edit: auth.actor.can(Permission::DisclosureEdit, &town.path),
        can_review: auth.actor.can(Permission::DisclosureReview, &town.path),
        can_publish: auth.actor.can(Permission::DisclosurePublish, &town.path),
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    town_id: i64,
    year: i32,
}

fn back(town: i64, year: i32) -> Response {
    Redirect::to(&format!("/console/disclosure/reports?town={town}&year={year}")).into_response()
}

async fn where_is(app: &App, id: i64) -> Result<(i64, i32), PageError> {
    let r = sqlx::query("SELECT town_id, year FROM disclosure_annual_report WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await.map_err(crate::error::AppError::from)?;
    let r = r.ok_or_else(|| DomainError::not_found("年度报告"))?;
    Ok((crate::db::col(&r, "town_id")?, crate::db::col::<i64>(&r, "year")? as i32))
}

pub async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<CreateForm>) -> Result<Response, PageError> {
    report::ensure_draft(&app, &auth.actor, f.town_id, f.year).await?;
    Ok(back(f.town_id, f.year))
}

pub async fn save_sections(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<BTreeMap<String, String>>) -> Result<Response, PageError> {
    let texts: Vec<(String, String)> = report::SECTIONS.iter().filter_map(|(k, _)| f.get(*k).map(|v| (k.to_string(), v.replace("\r\n", "\n")))).collect();
    report::save_sections(&app, &auth.actor, id, &texts).await?;
    let (t, y) = where_is(&app, id).await?;
    Ok(back(t, y))
}

#[derive(Deserialize)]
pub struct CellForm {
    #[serde(default)]
    item: String,
    #[serde(default)]
    value: String,
}

pub async fn fill_cell(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<CellForm>) -> Result<Response, PageError> {
    report::fill_cell(&app, &auth.actor, id, &f.item, &f.value).await?;
    let (t, y) = where_is(&app, id).await?;
    Ok(back(t, y))
}

pub async fn approve(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    report::approve(&app, &auth.actor, id).await?;
    let (t, y) = where_is(&app, id).await?;
    Ok(back(t, y))
}

pub async fn publish(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    report::publish(&app, &auth.actor, id).await?;
    let (t, y) = where_is(&app, id).await?;
    Ok(back(t, y))
}

pub async fn docx(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (t, y) = where_is(&app, id).await?;
    let v = report::view(&app, &auth.actor, t, y).await?.ok_or_else(|| DomainError::not_found("年度报告"))?;
    let bytes = report::to_docx(&v.body)?;
    Ok(crate::platform::docx::docx_response(bytes, &format!("{}{}年政府信息公开工作年度报告.docx", v.body.town, y)))
}

#[derive(Template)]
#[template(path = "disclosure/report_portal_list.html")]
struct PortalList {
    col: Column,
    years: Vec<i32>,
}

pub async fn portal_list(State(app): State<App>, Path(code): Path<String>) -> Result<Response, PageError> {
    let town = crate::disclosure::town_by_code(&app, &code).await?;
    let years = report::published_years(&app, town.id).await?;
    render(PortalList { col: Column { code, town: town.name, active: "reports" }, years })
}

#[derive(Template)]
#[template(path = "disclosure/report_portal.html")]
struct PortalReport {
    col: Column,
    body: ReportBody,
    published_on: String,
}

pub async fn portal_report(State(app): State<App>, Path((code, year)): Path<(String, i32)>) -> Result<Response, PageError> {
    let town = crate::disclosure::town_by_code(&app, &code).await?;
    let (body, at) = report::published(&app, town.id, year).await?.ok_or_else(|| DomainError::not_found(format!("{year}年度报告")))?;
    render(PortalReport { col: Column { code, town: town.name, active: "reports" }, body, published_on: crate::disclosure::local_date(&at) })
}

#[derive(Deserialize)]
pub struct ApiQuery {
    town: String,
}

/// Public: the published report's tables as JSON.
pub async fn api_report(State(app): State<App>, Path(year): Path<i32>, q: Result<Query<ApiQuery>, axum::extract::rejection::QueryRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = q.map_err(|_| DomainError::invalid("town", "请用 town 参数指定镇（街道）代码，如 ?town=440203103"))?;
    let town = crate::disclosure::town_by_code(&app, &q.town).await?;
    let (body, at) = report::published(&app, town.id, year).await?.ok_or_else(|| DomainError::not_found(format!("{year}年度报告")))?;
    Ok(Json(serde_json::json!({"town": body.town, "year": body.year, "published_at": at, "sections": body.sections, "table2": body.table2, "table3": {"columns": body.table3_columns, "rows": body.table3}, "table4": body.table4})))
}
