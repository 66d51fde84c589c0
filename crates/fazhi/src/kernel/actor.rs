use fazhi_core::access::{Actor, Grant, Role};
use fazhi_core::org::OrgPath;

use crate::db::col;
use crate::error::{AppError, AppResult};
use crate::kernel::App;

/// Loads a user and all their grants in one query.
pub async fn load_actor(app: &App, user_id: i64) -> AppResult<Option<Actor>> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.org_id, g.role, g.org_id AS grant_org, o.path, o.name AS org_name
         FROM app_user u
         LEFT JOIN role_grant g ON g.user_id = u.id
         LEFT JOIN org_unit o ON o.id = g.org_id
         WHERE u.id = $1 AND u.active = TRUE",
    )
    .bind(user_id)
    .fetch_all(&app.db.pool)
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let mut actor = Actor {
        user_id: col(first, "id")?,
        username: col(first, "username")?,
        display_name: col(first, "display_name")?,
        home_org_id: col(first, "org_id")?,
        grants: Vec::new(),
    };
    for r in &rows {
        let role: Option<String> = col(r, "role")?;
        let Some(role) = role else { continue };
        let path: String = col(r, "path")?;
        actor.grants.push(Grant {
            role: Role::parse(&role)?,
            org_id: col(r, "grant_org")?,
            org_path: OrgPath::parse(&path).ok_or_else(|| AppError::internal("bad org path"))?,
            org_name: col(r, "org_name")?,
        });
    }
    Ok(Some(actor))
}
