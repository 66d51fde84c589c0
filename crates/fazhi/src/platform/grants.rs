//! Reading a user's role grants (granting and revoking are in `users`).
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission, Role};
use serde::Serialize;

use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, load_org};

#[derive(Debug, Clone, Serialize)]
pub struct GrantRow {
    pub id: i64,
    pub role: String,
    pub role_label: &'static str,
    pub org_id: i64,
    pub org_name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserDetail {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub org_name: String,
    pub grants: Vec<GrantRow>,
}

/// A user and their grants, if the user's home unit is in the actor's UserManage scope.
pub async fn user_detail(app: &App, actor: &Actor, user_id: i64) -> AppResult<UserDetail> {
    let u = sqlx::query("SELECT u.id, u.username, u.display_name, u.org_id, o.name AS org_name FROM app_user u JOIN org_unit o ON o.id = u.org_id WHERE u.id = $1")
        .bind(user_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("用户"))?;
    let org = load_org(app, col(&u, "org_id")?).await?;
    actor.require(Permission::UserManage, &org.path)?;
    let rows = sqlx::query("SELECT g.id, g.role, g.org_id, o.name AS org_name, g.created_at FROM role_grant g JOIN org_unit o ON o.id = g.org_id WHERE g.user_id = $1 ORDER BY g.id")
        .bind(user_id)
        .fetch_all(&app.db.pool)
        .await?;
    let grants = rows
        .iter()
        .map(|r| {
            let role: String = col(r, "role")?;
            Ok(GrantRow {
                id: col(r, "id")?,
                role_label: Role::parse(&role)?.label(),
                role,
                org_id: col(r, "org_id")?,
                org_name: col(r, "org_name")?,
                created_at: col(r, "created_at")?,
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(UserDetail { id: user_id, username: col(&u, "username")?, display_name: col(&u, "display_name")?, org_name: col(&u, "org_name")?, grants })
}
