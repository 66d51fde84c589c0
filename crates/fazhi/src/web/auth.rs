//! Who is calling: a session cookie (console) or a bearer token (API), resolved
//! once per request; and the CSRF check for every state-changing request.
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::DomainError;
use fazhi_core::access::Actor;

use crate::error::AppError;
use crate::kernel::App;
use crate::platform::session;
use crate::web::{ApiError, PageError};

pub const SESSION_COOKIE: &str = "fazhi_session";

#[derive(Clone)]
pub struct Auth {
    pub actor: Actor,
    /// The session's CSRF token; None for bearer-token (API) calls.
    pub csrf: Option<String>,
    pub session_token: Option<String>,
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim).filter(|t| !t.is_empty())
}

pub fn client_ip(req_headers: &HeaderMap, ext: &axum::http::Extensions) -> String {
    let _ = req_headers;
    ext.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn refuse(path: &str, message: &str) -> Response {
    let e = AppError::from(DomainError::forbidden(message));
    if is_api(path) { ApiError(e).into_response() } else { PageError(e).into_response() }
}

/// A request from another site is refused outright (Fetch Metadata, then Origin).
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    if let (Some(origin), Some(host)) = (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        let o = origin.split_once("://").map(|x| x.1).unwrap_or(origin);
        return o != host;
    }
    false
}

fn form_field<'a>(body: &'a [u8], name: &str) -> Option<&'a str> {
    std::str::from_utf8(body).ok()?.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

pub async fn authenticate(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let mut auth: Option<Auth> = None;
    let mut expired = false;
    if let Some(t) = bearer(&headers) {
        match session::lookup_api_token(&app, t).await {
            Ok(Some(actor)) => auth = Some(Auth { actor, csrf: None, session_token: None }),
            Ok(None) => return ApiError(DomainError::Unauthenticated.into()).into_response(),
            Err(e) => return ApiError(e).into_response(),
        }
    } else if let Some(t) = cookie(&headers, SESSION_COOKIE) {
        match session::lookup_session(&app, t).await {
            Ok(Some(s)) => auth = Some(Auth { actor: s.actor, csrf: Some(s.csrf), session_token: Some(t.to_string()) }),
            Ok(None) => {
                expired = true;
            }
            Err(e) => return PageError(e).into_response(),
        }
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method {
        if cross_site(&headers) {
            return refuse(&path, "跨站请求已被拒绝");
        }
        // Cookie-authenticated writes must also carry the session's CSRF token.
        if let Some(Auth { csrf: Some(expected), .. }) = &auth {
            let from_header = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
            let from_query = req.uri().query().and_then(|q| form_field(q.as_bytes(), "_csrf")).map(str::to_string);
            let is_form = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
            let mut presented = from_header.or(from_query);
            if presented.is_none() && is_form {
                let (parts, body) = req.into_parts();
                let Ok(bytes) = axum::body::to_bytes(body, 2 * 1024 * 1024).await else {
                    return PageError(DomainError::invalid("body", "提交的内容过大").into()).into_response();
                };
                presented = form_field(&bytes, "_csrf").map(str::to_string);
                req = Request::from_parts(parts, Body::from(bytes));
            }
            if presented.as_deref() != Some(expected.as_str()) {
                return refuse(&path, "页面已过期或请求来源无法验证，请刷新页面后重试");
            }
        }
    }
    if let Some(a) = auth {
        req.extensions_mut().insert(a);
    } else if expired {
        req.extensions_mut().insert(SessionExpired);
    }
    next.run(req).await
}

/// Marks a request that carried a session cookie the server no longer knows
/// (expired or ended), so the login page can say why it is shown.
#[derive(Clone, Copy)]
pub struct SessionExpired;

/// The signed-in user; pages redirect to the login form, the API answers 401.
pub struct CurrentUser(pub Auth);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Auth>() {
            Some(a) => Ok(CurrentUser(a.clone())),
            None if is_api(parts.extensions.get::<axum::extract::OriginalUri>().map(|u| u.0.path()).unwrap_or(parts.uri.path())) => Err(ApiError(DomainError::Unauthenticated.into()).into_response()),
            None => {
                let uri = parts.extensions.get::<axum::extract::OriginalUri>().map(|u| u.0.clone()).unwrap_or_else(|| parts.uri.clone());
                let next = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/console");
                let enc: String = next.bytes().map(|b| if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
                let flag = if parts.extensions.get::<SessionExpired>().is_some() { "&expired=1" } else { "" };
                Err(Redirect::to(&format!("/login?next={enc}{flag}")).into_response())
            }
        }
    }
}

/// The caller if signed in (public pages show a console link).
pub struct MaybeUser(pub Option<Auth>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<Auth>().cloned()))
    }
}
