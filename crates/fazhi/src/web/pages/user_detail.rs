//! One user's grants: admins grant a role on a unit, or revoke one.
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::access::Role;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::grants::{self, UserDetail};
use crate::platform::orgs::{self, OrgRow};
use crate::platform::users;
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/user.html")]
struct UserPage {
    nav: Nav,
    user: UserDetail,
    orgs: Vec<OrgRow>,
    roles: Vec<(&'static str, &'static str)>,
}

pub async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let user = grants::user_detail(&app, &auth.actor, id).await?;
    let orgs = orgs::list_in_scope(&app, &auth.actor).await?;
    render(UserPage { nav: Nav::new(&auth, "users"), user, orgs, roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect() })
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    role: String,
    org_id: i64,
}

pub async fn grant(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<GrantForm>) -> Result<Response, PageError> {
    users::grant_role(&app, &auth.actor, id, &f.role, f.org_id).await?;
    Ok(Redirect::to(&format!("/console/users/{id}")).into_response())
}

pub async fn revoke(State(app): State<App>, CurrentUser(auth): CurrentUser, Path((id, grant_id)): Path<(i64, i64)>) -> Result<Response, PageError> {
    users::revoke_grant(&app, &auth.actor, grant_id).await?;
    Ok(Redirect::to(&format!("/console/users/{id}")).into_response())
}
