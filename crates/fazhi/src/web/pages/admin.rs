use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::access::{Permission, Role};
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::orgs::{self, NewOrg, OrgRow};
use crate::platform::users::{self, NewUser, UserRow};
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/orgs.html")]
struct OrgsPage {
    nav: Nav,
    orgs: Vec<OrgRow>,
    can_manage: bool,
}

pub async fn orgs(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let orgs = orgs::list_in_scope(&app, &auth.actor).await?;
    render(OrgsPage { nav: Nav::new(&auth, "orgs"), orgs, can_manage: auth.actor.has(Permission::OrgManage) })
}

#[derive(Deserialize)]
pub struct OrgForm {
    parent_id: i64,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

pub async fn create_org(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<OrgForm>) -> Result<Response, PageError> {
    orgs::create_org(&app, &auth.actor, NewOrg { parent_id: f.parent_id, kind: &f.kind, code: &f.code, name: &f.name }).await?;
    Ok(Redirect::to("/console/orgs").into_response())
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct UsersPage {
    nav: Nav,
    users: Vec<UserRow>,
    orgs: Vec<OrgRow>,
    roles: Vec<(&'static str, &'static str)>,
    /// Masked phones by user id (and whether the viewer may see them in full).
    phones: std::collections::HashMap<i64, users::PhoneCell>,
}

impl UsersPage {
    fn phone(&self, user_id: &i64) -> Option<&users::PhoneCell> {
        self.phones.get(user_id)
    }
}

pub async fn users(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::UserManage)?;
    let users = users::list_users(&app, &auth.actor).await?;
    let orgs = orgs::list_in_scope(&app, &auth.actor).await?;
    let roles = Role::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let phones = users::phone_cells(&app, &auth.actor).await?;
    render(UsersPage { nav: Nav::new(&auth, "users"), users, orgs, roles, phones })
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    title: String,
    org_id: i64,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// Creates the user with the chosen role on their own unit, in one write.
pub async fn create_user(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<UserForm>) -> Result<Response, PageError> {
    let new = NewUser { username: &f.username, display_name: &f.display_name, org_id: f.org_id, title: &f.title, password: &f.password, role: Some(&f.role) };
    users::create_user(&app, &auth.actor, new).await?;
    Ok(Redirect::to("/console/users").into_response())
}
