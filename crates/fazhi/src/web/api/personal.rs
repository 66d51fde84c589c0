//! Users with masked phones; `?phone=` finds a user by exact number through the blind index.
use axum::Json;
use axum::extract::{Query, State};
use fazhi_core::DomainError;
use serde::Deserialize;

use crate::kernel::App;
use crate::platform::users;
use crate::web::{ApiError, CurrentUser};

#[derive(Deserialize)]
pub struct UsersQuery {
    phone: Option<String>,
}

/// `GET /api/v1/users[?phone=13812345678]` (UserManage scope; phones masked).
pub async fn users(State(app): State<App>, CurrentUser(auth): CurrentUser, q: Result<Query<UsersQuery>, axum::extract::rejection::QueryRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError(DomainError::invalid("query", format!("查询参数有误：{}", e.body_text())).into()))?;
    let items = users::list_contacts(&app, &auth.actor, q.phone.as_deref()).await?;
    Ok(Json(serde_json::json!({"items": items})))
}
