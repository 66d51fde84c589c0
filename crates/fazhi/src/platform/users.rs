//! Accounts and role grants. Admins manage them; every user may change their
//! own password and issue their own API tokens.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission, Role};
use fazhi_core::form;
use serde::Serialize;

use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, Write, load_org};

#[derive(Debug, Clone, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub title: Option<String>,
    pub active: bool,
    pub roles: String,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub org_id: i64,
    pub title: &'a str,
    pub password: &'a str,
    /// Role granted on the user's own unit in the same write.
    pub role: Option<&'a str>,
}

/// What the audit trail keeps of a user: never the password hash.
#[derive(Serialize)]
struct UserAudit<'a> {
    username: &'a str,
    display_name: &'a str,
    org_id: i64,
    title: Option<&'a str>,
}

async fn hash_password(pw: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || fazhi_crypto::hash_password(&pw)).await.map_err(AppError::internal)?.map_err(AppError::internal)
}

pub async fn create_user(app: &App, actor: &Actor, input: NewUser<'_>) -> AppResult<i64> {
    let username = form::username("username", input.username)?;
    let display_name = form::required_text("display_name", "姓名", input.display_name, 32)?;
    let title = form::optional_text("title", "职务", input.title, 32)?;
    let password = form::new_password("password", input.password)?;
    let role = input.role.map(|r| Role::parse(r).map_err(|_| DomainError::invalid("role", "请选择「角色」"))).transpose()?;
    let org = load_org(app, input.org_id).await.map_err(|_| DomainError::invalid("org_id", "「所属单位」不存在"))?;
    let hash = hash_password(password).await?;
    let mut w = Write::begin(app, actor, Permission::UserManage, &org).await?;
    let t = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO app_user (username, display_name, org_id, title, password_hash, active, created_at, updated_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6, $6) RETURNING id",
    )
    .bind(&username)
    .bind(&display_name)
    .bind(org.id)
    .bind(&title)
    .bind(&hash)
    .bind(&t)
    .fetch_one(w.conn())
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Domain(DomainError::Conflict { .. }) => AppError::Domain(DomainError::invalid("username", "「用户名」已被使用")),
        other => other,
    })?;
    w.record(Change::create("app_user", id, &UserAudit { username: &username, display_name: &display_name, org_id: org.id, title: title.as_deref() }));
    if let Some(role) = role {
        let gid: i64 = sqlx::query_scalar("INSERT INTO role_grant (user_id, role, org_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(id)
            .bind(role.code())
            .bind(org.id)
            .bind(&t)
            .fetch_one(w.conn())
            .await?;
        w.record(Change::create("role_grant", gid, &serde_json::json!({"user_id": id, "role": role.code(), "org_id": org.id})));
    }
    w.commit().await?;
    Ok(id)
}

pub async fn grant_role(app: &App, actor: &Actor, user_id: i64, role: &str, org_id: i64) -> AppResult<i64> {
    let role = Role::parse(role)?;
    let org = load_org(app, org_id).await.map_err(|_| DomainError::invalid("org_id", "「授权单位」不存在"))?;
    let user_org: i64 = sqlx::query_scalar("SELECT org_id FROM app_user WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("用户"))?;
    // Granting needs the right on both the user's unit and the granted unit.
    actor.require(Permission::UserManage, &load_org(app, user_org).await?.path)?;
    let mut w = Write::begin(app, actor, Permission::UserManage, &org).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO role_grant (user_id, role, org_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user_id)
        .bind(role.code())
        .bind(org.id)
        .bind(now_text())
        .fetch_one(w.conn())
        .await?;
    w.record(Change::create("role_grant", id, &serde_json::json!({"user_id": user_id, "role": role.code(), "org_id": org.id})));
    w.commit().await?;
    Ok(id)
}

pub async fn revoke_grant(app: &App, actor: &Actor, grant_id: i64) -> AppResult<()> {
    let r = sqlx::query("SELECT user_id, role, org_id FROM role_grant WHERE id = $1")
        .bind(grant_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("授权"))?;
    let org = load_org(app, col(&r, "org_id")?).await?;
    let before = serde_json::json!({"user_id": col::<i64>(&r, "user_id")?, "role": col::<String>(&r, "role")?, "org_id": org.id});
    let mut w = Write::begin(app, actor, Permission::UserManage, &org).await?;
    sqlx::query("DELETE FROM role_grant WHERE id = $1").bind(grant_id).execute(w.conn()).await?;
    w.record(Change::delete("role_grant", grant_id, &before));
    w.commit().await
}

/// Changing one's own password ends every other session of that user.
pub async fn change_password(app: &App, actor: &Actor, current: &str, new: &str, keep_session_hash: Option<&str>) -> AppResult<()> {
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM app_user WHERE id = $1").bind(actor.user_id).fetch_one(&app.db.pool).await?;
    let cur = current.to_string();
    let ok = tokio::task::spawn_blocking(move || fazhi_crypto::verify_password(&cur, &hash).unwrap_or(false)).await.unwrap_or(false);
    if !ok {
        return Err(DomainError::invalid("current_password", "「当前密码」不正确").into());
    }
    let new = form::new_password("new_password", new)?;
    if new == current {
        return Err(DomainError::invalid("new_password", "「新密码」不能与当前密码相同").into());
    }
    let new_hash = hash_password(new).await?;
    let org = load_org(app, actor.home_org_id).await?;
    let mut w = Write::begin(app, actor, Permission::OrgRead, &org).await?;
    let t = now_text();
    sqlx::query("UPDATE app_user SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3")
        .bind(&new_hash)
        .bind(&t)
        .bind(actor.user_id)
        .execute(w.conn())
        .await?;
    sqlx::query("DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2")
        .bind(actor.user_id)
        .bind(keep_session_hash.unwrap_or(""))
        .execute(w.conn())
        .await?;
    w.record(Change::action("password_change", "app_user", actor.user_id, &serde_json::json!({"at": t})));
    w.commit().await
}

/// Issues a personal API token; only its hash is stored and the token is shown once.
pub async fn issue_api_token(app: &App, actor: &Actor, name: &str) -> AppResult<String> {
    let name = form::required_text("name", "令牌名称", name, 64)?;
    let token = format!("fz_{}", fazhi_crypto::random_token(32));
    let org = load_org(app, actor.home_org_id).await?;
    let mut w = Write::begin(app, actor, Permission::OrgRead, &org).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(actor.user_id)
        .bind(&name)
        .bind(fazhi_crypto::token_hash(&token))
        .bind(now_text())
        .fetch_one(w.conn())
        .await?;
    w.record(Change::create("api_token", id, &serde_json::json!({"user_id": actor.user_id, "name": name})));
    w.commit().await?;
    Ok(token)
}

/// Users whose home unit is inside the actor's UserManage scope.
pub async fn list_users(app: &App, actor: &Actor) -> AppResult<Vec<UserRow>> {
    let scope = actor.scope(Permission::UserManage);
    let (cond, params) = crate::kernel::scope_sql(&scope, "o.path", 1);
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.org_id, o.name AS org_name, u.title, CASE WHEN u.active THEN 1 ELSE 0 END AS active
         FROM app_user u JOIN org_unit o ON o.id = u.org_id WHERE {cond} ORDER BY o.path, u.username"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    // The grants of exactly these users, in one more query (no per-row look-ups).
    let grants_sql = format!("SELECT g.user_id, g.role FROM role_grant g JOIN app_user u ON u.id = g.user_id JOIN org_unit o ON o.id = u.org_id WHERE {cond}");
    let mut gq = sqlx::query(sqlx::AssertSqlSafe(grants_sql));
    for p in &params {
        gq = gq.bind(p);
    }
    let roles = gq.fetch_all(&app.db.pool).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = col(r, "id")?;
            let labels: Vec<&str> = roles
                .iter()
                .filter(|g| col::<i64>(g, "user_id").ok() == Some(id))
                .filter_map(|g| col::<String>(g, "role").ok().and_then(|c| Role::parse(&c).ok()).map(|r| r.label()))
                .collect();
            Ok(UserRow {
                id,
                username: col(r, "username")?,
                display_name: col(r, "display_name")?,
                org_id: col(r, "org_id")?,
                org_name: col(r, "org_name")?,
                title: col(r, "title")?,
                active: crate::db::flag(r, "active")?,
                roles: labels.join("、"),
            })
        })
        .collect()
}

/// A user's phone as the console shows it: masked, and whether the viewer may
/// see it in full (`PersonalDataUnmask` on the user's unit).
#[derive(Debug, Clone, Serialize)]
pub struct PhoneCell {
    pub masked: String,
    pub can_unmask: bool,
}

/// A user with their masked phone (the API's user list).
#[derive(Debug, Clone, Serialize)]
pub struct UserContact {
    #[serde(flatten)]
    pub user: UserRow,
    pub phone: Option<String>,
}

async fn user_org(app: &App, user_id: i64) -> AppResult<crate::kernel::OrgRef> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM app_user WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("用户"))?;
    load_org(app, org_id).await
}

/// Sets (or, with an empty value, clears) a user's phone: stored encrypted with
/// a blind index; the audit trail keeps only the masked numbers.
pub async fn set_phone(app: &App, actor: &Actor, user_id: i64, phone: &str) -> AppResult<()> {
    use crate::platform::personal::{self, Kind};
    let org = user_org(app, user_id).await?;
    actor.require(Permission::UserManage, &org.path)?;
    let new = if phone.trim().is_empty() { None } else { Some(Kind::Phone.parse("phone", phone)?) };
    let mut w = Write::begin(app, actor, Permission::UserManage, &org).await?;
    let before: Option<String> = sqlx::query_scalar("SELECT phone_enc FROM app_user WHERE id = $1").bind(user_id).fetch_one(w.conn()).await?;
    let (enc, idx) = match &new {
        Some(p) => {
            let (e, i) = personal::protect(app, Kind::Phone, p);
            (Some(e), Some(i))
        }
        None => (None, None),
    };
    sqlx::query("UPDATE app_user SET phone_enc = $1, phone_idx = $2, updated_at = $3 WHERE id = $4")
        .bind(&enc)
        .bind(&idx)
        .bind(now_text())
        .bind(user_id)
        .execute(w.conn())
        .await?;
    w.record(Change::update(
        "app_user",
        user_id,
        &serde_json::json!({"phone": personal::masked(app, Kind::Phone, before.as_deref())}),
        &serde_json::json!({"phone": new.as_deref().map(|p| Kind::Phone.mask(p))}),
    ));
    w.commit().await
}

/// A user's full phone, for one showing: needs `PersonalDataUnmask` on the
/// user's unit and leaves an audited `unmask` record.
pub async fn reveal_phone(app: &App, actor: &Actor, user_id: i64) -> AppResult<String> {
    let org = user_org(app, user_id).await?;
    let mut w = Write::begin(app, actor, Permission::PersonalDataUnmask, &org).await?;
    let enc: Option<String> = sqlx::query_scalar("SELECT phone_enc FROM app_user WHERE id = $1").bind(user_id).fetch_one(w.conn()).await?;
    let enc = enc.filter(|e| !e.is_empty()).ok_or_else(|| DomainError::not_found("该用户的联系电话"))?;
    let plain = crate::platform::personal::reveal_in(&mut w, "app_user", &user_id.to_string(), "phone", &enc).await?;
    w.commit().await?;
    Ok(plain)
}

/// Masked phones of the users in the actor's `UserManage` scope, by user id.
pub async fn phone_cells(app: &App, actor: &Actor) -> AppResult<std::collections::HashMap<i64, PhoneCell>> {
    use crate::platform::personal::{self, Kind};
    let (cond, params) = crate::kernel::scope_sql(&actor.scope(Permission::UserManage), "o.path", 1);
    let sql = format!("SELECT u.id, u.phone_enc, o.path FROM app_user u JOIN org_unit o ON o.id = u.org_id WHERE u.phone_enc IS NOT NULL AND {cond}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let mut out = std::collections::HashMap::new();
    for r in q.fetch_all(&app.db.pool).await? {
        let enc: Option<String> = col(&r, "phone_enc")?;
        let path: String = col(&r, "path")?;
        if let Some(masked) = personal::masked(app, Kind::Phone, enc.as_deref()) {
            let can_unmask = fazhi_core::org::OrgPath::parse(&path).is_some_and(|p| actor.can(Permission::PersonalDataUnmask, &p));
            out.insert(col::<i64>(&r, "id")?, PhoneCell { masked, can_unmask });
        }
    }
    Ok(out)
}

/// Users in the actor's `UserManage` scope with masked phones; with `phone`,
/// only those whose phone is exactly that number (found by the blind index).
pub async fn list_contacts(app: &App, actor: &Actor, phone: Option<&str>) -> AppResult<Vec<UserContact>> {
    use crate::platform::personal::{self, Kind};
    actor.require_anywhere(Permission::UserManage)?;
    let wanted = match phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            Kind::Phone.parse("phone", p)?;
            Some(personal::find_by_index(app, "app_user", "id", "phone_idx", Kind::Phone, p).await?)
        }
        None => None,
    };
    let mut phones = phone_cells(app, actor).await?;
    Ok(list_users(app, actor)
        .await?
        .into_iter()
        .filter(|u| wanted.as_ref().is_none_or(|ids| ids.contains(&u.id)))
        .map(|u| UserContact { phone: phones.remove(&u.id).map(|c| c.masked), user: u })
        .collect())
}
