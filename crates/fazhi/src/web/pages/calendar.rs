use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use fazhi_core::access::Permission;
use fazhi_core::form;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::calendar::{self, YearView};
use crate::web::pages::{Nav, render, today};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/calendar.html")]
struct CalendarPage {
    nav: Nav,
    view: YearView,
    years: Vec<i32>,
    can_edit: bool,
    start: String,
    days: String,
    due: Option<String>,
    lines: Vec<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct CalQuery {
    year: Option<i32>,
    start: Option<String>,
    days: Option<String>,
}

pub async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<CalQuery>) -> Result<Response, PageError> {
    let year = q.year.unwrap_or_else(|| today().year()).clamp(2000, 2100);
    let view = calendar::year_view(&app, year).await?;
    let (mut due, mut lines, mut error) = (None, Vec::new(), None);
    let start = q.start.clone().unwrap_or_default();
    let days = q.days.clone().unwrap_or_else(|| "20".into());
    if !start.is_empty() {
        let parsed = form::date("start", "起算日期", &start).and_then(|s| form::integer("days", "工作日数", &days, 1, 365).map(|n| (s, n as u32)));
        match parsed {
            Ok((s, n)) => match calendar::explain_workdays(&app, s, n).await {
                Ok(v) => {
                    due = v["due"].as_str().map(str::to_string);
                    lines = v["lines"].as_array().map(|a| a.iter().filter_map(|l| l.as_str().map(str::to_string)).collect()).unwrap_or_default();
                }
                Err(e) => error = Some(e.message()),
            },
            Err(e) => error = Some(e.to_string()),
        }
    }
    render(CalendarPage {
        nav: Nav::new(&auth, "calendar"),
        view,
        years: (2021..=today().year() + 1).collect(),
        can_edit: auth.actor.has(Permission::CalendarManage),
        start,
        days,
        due,
        lines,
        error,
    })
}

#[derive(Deserialize)]
pub struct DayForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    load_year: String,
    #[serde(default)]
    source: String,
}

/// One form for both edits: a day's entry, or marking a year's arrangement loaded.
pub async fn set_day(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<DayForm>) -> Result<Response, PageError> {
    if !f.load_year.is_empty() {
        let y = form::integer("load_year", "年度", &f.load_year, 2000, 2100)? as i32;
        calendar::load_year(&app, &auth.actor, y, &f.source).await?;
        return Ok(Redirect::to(&format!("/console/calendar?year={y}")).into_response());
    }
    let d: NaiveDate = form::date("day", "日期", &f.day)?;
    calendar::set_day(&app, &auth.actor, d, &f.kind, &f.name).await?;
    Ok(Redirect::to(&format!("/console/calendar?year={}", d.year())).into_response())
}
