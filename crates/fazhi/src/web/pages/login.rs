use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::session;
use crate::web::auth::{SESSION_COOKIE, client_ip, cookie};
use crate::web::PageError;
use crate::web::pages::render;

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    next: String,
    username: String,
    message: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    expired: Option<String>,
}

/// Only local paths, so the login form cannot be used to redirect elsewhere.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/console".into(),
    }
}

pub async fn form(Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    let message = q.expired.map(|_| "登录已过期或已在其他地方退出，请重新登录。".to_string());
    render(LoginPage { next: safe_next(q.next.as_deref()), username: String::new(), message })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub fn session_cookie(app: &App, token: &str, max_age: i64) -> String {
    let secure = if app.cfg.cookie_secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub async fn submit(State(app): State<App>, headers: HeaderMap, ext: axum::http::Extensions, Form(f): Form<LoginForm>) -> Result<Response, PageError> {
    let ip = client_ip(&headers, &ext);
    let next = safe_next(f.next.as_deref());
    match session::authenticate(&app, &f.username, &f.password, &ip).await {
        Ok(actor) => {
            let s = session::create_session(&app, actor, &ip).await?;
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().insert(header::SET_COOKIE, session_cookie(&app, &s.token, app.cfg.session_hours * 3600).parse().unwrap());
            Ok(res)
        }
        Err(e) if e.status() < 500 => {
            let status = axum::http::StatusCode::from_u16(e.status()).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
            let mut res = render(LoginPage { next, username: f.username, message: Some(e.message()) })?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(State(app): State<App>, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some(t) = cookie(&headers, SESSION_COOKIE) {
        session::end_session(&app, t).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().insert(header::SET_COOKIE, session_cookie(&app, "", 0).parse().unwrap());
    Ok(res)
}
