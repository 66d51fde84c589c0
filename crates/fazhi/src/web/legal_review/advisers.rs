//! The advisers' register (法律顾问): list, add, edit.
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use fazhi_core::access::Permission;

use crate::kernel::App;
use crate::legal_review::advisers::{self, Adviser, AdviserForm};
use crate::web::pages::{Nav, render};
use crate::web::{Auth, CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new().route("/console/legal-advisers", get(list).post(create)).route("/console/legal-advisers/{id}", get(edit_form).post(update))
}

#[derive(Template)]
#[template(path = "legal_review/advisers.html")]
struct ListPage {
    nav: Nav,
    advisers: Vec<Adviser>,
    towns: Vec<(i64, String)>,
    can_manage: bool,
    f: AdviserForm,
    error: Option<String>,
    today: String,
}

impl ListPage {
    fn serving(&self, a: &Adviser) -> bool {
        a.serving_on(advisers::today())
    }
}

async fn list_page(app: &App, auth: &Auth, f: AdviserForm, error: Option<String>) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::LegalReviewRead)?;
    let towns = crate::disclosure::towns_in_scope(app, &auth.actor, Permission::LegalAdviserManage).await?;
    let advisers = advisers::list(app, &auth.actor).await?;
    render(ListPage { nav: Nav::new(auth, "legal_advisers"), can_manage: !towns.is_empty(), advisers, towns, f, error, today: advisers::today().to_string() })
}

async fn list(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    list_page(&app, &auth, AdviserForm::default(), None).await
}

fn refusal(e: crate::error::AppError) -> Result<(StatusCode, String), PageError> {
    let status = e.status();
    if status >= 500 || status == 401 {
        return Err(PageError(e));
    }
    Ok((StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY), e.message()))
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<AdviserForm>) -> Result<Response, PageError> {
    match advisers::save(&app, &auth.actor, None, &f).await {
        Ok(_) => Ok(Redirect::to("/console/legal-advisers").into_response()),
        Err(e) => {
            let (status, message) = refusal(e)?;
            let mut r = list_page(&app, &auth, f, Some(message)).await?;
            *r.status_mut() = status;
            Ok(r)
        }
    }
}

#[derive(Template)]
#[template(path = "legal_review/adviser_edit.html")]
struct EditPage {
    nav: Nav,
    a: Adviser,
    f: AdviserForm,
    error: Option<String>,
}

fn form_of(a: &Adviser) -> AdviserForm {
    AdviserForm {
        org_id: Some(a.org_id),
        name: a.name.clone(),
        licence_no: a.licence_no.clone(),
        firm: a.firm.clone(),
        contract_start: a.contract_start.clone(),
        contract_end: a.contract_end.clone(),
        scope: a.scope.clone(),
        username: a.username.clone().unwrap_or_default(),
        active: a.active.then(|| "1".to_string()),
    }
}

async fn edit_page(app: &App, auth: &Auth, id: i64, f: Option<AdviserForm>, error: Option<String>) -> Result<Response, PageError> {
    let a = advisers::get(app, &auth.actor, id).await?;
    let org = crate::kernel::load_org(app, a.org_id).await?;
    auth.actor.require(Permission::LegalAdviserManage, &org.path)?;
    let f = f.unwrap_or_else(|| form_of(&a));
    render(EditPage { nav: Nav::new(auth, "legal_advisers"), a, f, error })
}

async fn edit_form(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    edit_page(&app, &auth, id, None, None).await
}

async fn update(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<AdviserForm>) -> Result<Response, PageError> {
    match advisers::save(&app, &auth.actor, Some(id), &f).await {
        Ok(_) => Ok(Redirect::to("/console/legal-advisers").into_response()),
        Err(e) => {
            let (status, message) = refusal(e)?;
            let mut r = edit_page(&app, &auth, id, Some(f), Some(message)).await?;
            *r.status_mut() = status;
            Ok(r)
        }
    }
}
