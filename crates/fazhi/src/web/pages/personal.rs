//! Users' phones on the console: set (admin), and "查看完整号码" (audited unmask).
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::users;
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

#[derive(Deserialize)]
pub struct PhoneForm {
    user_id: i64,
    #[serde(default)]
    phone: String,
}

pub async fn set_phone(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<PhoneForm>) -> Result<Response, PageError> {
    users::set_phone(&app, &auth.actor, f.user_id, &f.phone).await?;
    Ok(Redirect::to("/console/users").into_response())
}

#[derive(Template)]
#[template(path = "console/phone_reveal.html")]
struct RevealPage {
    nav: Nav,
    name: String,
    phone: String,
}

/// Shows the full number once; the viewing is in the audit trail.
pub async fn reveal(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let phone = users::reveal_phone(&app, &auth.actor, id).await?;
    let name: String = sqlx::query_scalar("SELECT display_name FROM app_user WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.map_err(crate::error::AppError::from)?;
    render(RevealPage { nav: Nav::new(&auth, "users"), name, phone })
}
