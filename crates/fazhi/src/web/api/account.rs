use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::session;
use crate::web::auth::client_ip;
use crate::web::{ApiError, CurrentUser};

#[derive(Deserialize)]
pub struct LoginBody {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// Returns a session token usable as `Authorization: Bearer` (and sets the
/// session cookie); it expires like a console session.
pub async fn login(State(app): State<App>, headers: HeaderMap, ext: axum::http::Extensions, body: Result<Json<LoginBody>, axum::extract::rejection::JsonRejection>) -> Result<Response, ApiError> {
    let Json(b) = body.map_err(|e| fazhi_core::DomainError::invalid("body", format!("请求体不是有效的 JSON：{}", e.body_text())))?;
    let ip = client_ip(&headers, &ext);
    let actor = session::authenticate(&app, &b.username, &b.password, &ip).await?;
    let s = session::create_session(&app, actor, &ip).await?;
    let body = serde_json::json!({"token": s.token, "csrf_token": s.csrf, "expires_in": app.cfg.session_hours * 3600, "user": user_json(&s.actor)});
    let mut res = Json(body).into_response();
    res.headers_mut().insert(header::SET_COOKIE, crate::web::pages::session_cookie(&app, &s.token, app.cfg.session_hours * 3600).parse().unwrap());
    Ok(res)
}

pub fn user_json(a: &fazhi_core::access::Actor) -> serde_json::Value {
    serde_json::json!({
        "id": a.user_id,
        "username": a.username,
        "display_name": a.display_name,
        "org_id": a.home_org_id,
        "roles": a.grants.iter().map(|g| serde_json::json!({"role": g.role.code(), "label": g.role.label(), "org_id": g.org_id, "org_name": g.org_name})).collect::<Vec<_>>(),
    })
}

pub async fn me(CurrentUser(auth): CurrentUser) -> Json<serde_json::Value> {
    Json(user_json(&auth.actor))
}
