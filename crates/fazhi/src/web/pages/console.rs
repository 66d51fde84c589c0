use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::access::Permission;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::orgs::{self, OrgRow};
use crate::platform::search::{self, Audience, Hit};
use crate::platform::todo::{self, NewAssignment, TodoRow};
use crate::web::pages::{Nav, render, today};
use crate::web::{CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    nav: Nav,
    today: String,
    todos: Vec<TodoRow>,
    open_count: usize,
    overdue_count: usize,
    org_count: usize,
}

pub async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let todos = todo::list_open(&app, &auth.actor, today(), false, 200).await?;
    let orgs = orgs::list_in_scope(&app, &auth.actor).await?;
    let overdue_count = todos.iter().filter(|t| t.overdue).count();
    let open_count = todos.len();
    render(HomePage {
        nav: Nav::new(&auth, "home"),
        today: today().format("%Y年%m月%d日").to_string(),
        todos: todos.into_iter().take(10).collect(),
        open_count,
        overdue_count,
        org_count: orgs.len(),
    })
}

#[derive(Template)]
#[template(path = "console/todo.html")]
struct TodoPage {
    nav: Nav,
    todos: Vec<TodoRow>,
    everyone: bool,
    can_assign: bool,
    orgs: Vec<OrgRow>,
    people: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct TodoQuery {
    all: Option<String>,
}

pub async fn todo(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(q): Query<TodoQuery>) -> Result<Response, PageError> {
    let everyone = q.all.is_some();
    let todos = todo::list_open(&app, &auth.actor, today(), everyone, 500).await?;
    let scope = auth.actor.scope(Permission::TodoAssign);
    let orgs = orgs::list_in_scope(&app, &auth.actor).await?.into_iter().filter(|o| fazhi_core::org::OrgPath::parse(&o.path).is_some_and(|p| scope.covers(&p))).collect::<Vec<_>>();
    let people = if orgs.is_empty() { Vec::new() } else { todo::assignable_users(&app, &auth.actor).await? };
    render(TodoPage { nav: Nav::new(&auth, "todo"), todos, everyone, can_assign: !orgs.is_empty(), orgs, people })
}

#[derive(Deserialize)]
pub struct AssignForm {
    org_id: i64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    due_date: String,
    #[serde(default)]
    due_workdays: String,
    #[serde(default)]
    assignee_id: String,
}

pub async fn assign(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<AssignForm>) -> Result<Response, PageError> {
    let assignee_id = if f.assignee_id.is_empty() { None } else { Some(fazhi_core::form::integer("assignee_id", "承办人", &f.assignee_id, 1, i64::MAX)?) };
    todo::assign(&app, &auth.actor, NewAssignment { org_id: f.org_id, title: &f.title, detail: &f.detail, due_date: &f.due_date, due_workdays: &f.due_workdays, assignee_id }).await?;
    Ok(Redirect::to("/console/todo?all=1").into_response())
}

pub async fn done(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    todo::complete(&app, &auth.actor, id).await?;
    Ok(Redirect::to("/console/todo").into_response())
}

#[derive(Template)]
#[template(path = "console/search.html")]
struct SearchPage {
    nav: Nav,
    q: String,
    hits: Vec<Hit>,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn search(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(sq): Query<SearchQuery>) -> Result<Response, PageError> {
    let q: String = sq.q.trim().chars().take(50).collect();
    let hits = if q.is_empty() { Vec::new() } else { search::search(&app, Audience::Staff(&auth.actor), &q, 100).await? };
    render(SearchPage { nav: Nav::new(&auth, "search"), q, hits })
}
