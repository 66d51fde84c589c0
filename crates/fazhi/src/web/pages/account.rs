use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::users;
use crate::web::pages::{Nav, render};
use crate::web::{Auth, CurrentUser, PageError};

#[derive(Template)]
#[template(path = "console/account.html")]
struct AccountPage {
    nav: Nav,
    grants: Vec<String>,
    notice: Option<String>,
}

fn page_for(auth: &Auth, notice: Option<String>) -> Result<Response, PageError> {
    let grants = auth.actor.grants.iter().map(|g| format!("{}：{}", g.org_name, g.role.label())).collect();
    render(AccountPage { nav: Nav::new(auth, "account"), grants, notice })
}

pub async fn page(CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    page_for(&auth, None)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn password(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<PasswordForm>) -> Result<Response, PageError> {
    let keep = auth.session_token.as_deref().map(fazhi_crypto::token_hash);
    users::change_password(&app, &auth.actor, &f.current_password, &f.new_password, keep.as_deref()).await?;
    page_for(&auth, Some("密码已修改，其他设备上的登录已失效。".into()))
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn token(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<TokenForm>) -> Result<Response, PageError> {
    let t = users::issue_api_token(&app, &auth.actor, &f.name).await?;
    page_for(&auth, Some(format!("新令牌（只显示这一次）：{t}")))
}
