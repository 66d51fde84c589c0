//! Login, sessions and API tokens. Sessions live in the database (any app
//! server can serve any request); cookies and tokens carry a random secret whose
//! SM3 hash is all the database keeps.
use chrono::Duration;
use fazhi_core::DomainError;
use fazhi_core::access::Actor;

use crate::db::{col, now, now_text};
use crate::error::AppResult;
use crate::kernel::{App, load_actor};

/// Failures allowed per account (and per address) within the window before logins are refused.
pub const MAX_FAILURES: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 30;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub actor: Actor,
}

pub struct SessionInfo {
    pub actor: Actor,
    pub csrf: String,
}

/// Checks throttling, then the password (constant work for unknown users).
pub async fn authenticate(app: &App, username: &str, password: &str, ip: &str) -> AppResult<Actor> {
    let username = username.trim().to_ascii_lowercase();
    if username.is_empty() {
        return Err(DomainError::invalid("username", "请输入「用户名」").into());
    }
    if password.is_empty() {
        return Err(DomainError::invalid("password", "请输入「密码」").into());
    }
    let since = (now() - Duration::minutes(FAILURE_WINDOW_MINUTES)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let by_user: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempt WHERE username = $1 AND at > $2 AND success = FALSE")
        .bind(&username)
        .bind(&since)
        .fetch_one(&app.db.pool)
        .await?;
    let by_ip: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempt WHERE ip = $1 AND at > $2 AND success = FALSE")
        .bind(ip)
        .bind(&since)
        .fetch_one(&app.db.pool)
        .await?;
    if by_user >= MAX_FAILURES || by_ip >= MAX_FAILURES_PER_IP {
        return Err(DomainError::TooMany { message: format!("登录失败次数过多，请 {FAILURE_WINDOW_MINUTES} 分钟后再试") }.into());
    }
    let row = sqlx::query("SELECT id, password_hash FROM app_user WHERE username = $1 AND active = TRUE")
        .bind(&username)
        .fetch_optional(&app.db.pool)
        .await?;
    let ok_id = match &row {
        Some(r) => {
            let hash: String = col(r, "password_hash")?;
            let pw = password.to_string();
            let ok = tokio::task::spawn_blocking(move || fazhi_crypto::verify_password(&pw, &hash).unwrap_or(false)).await.unwrap_or(false);
            if ok { Some(col::<i64>(r, "id")?) } else { None }
        }
        None => {
            let pw = password.to_string();
            tokio::task::spawn_blocking(move || fazhi_crypto::dummy_verify(&pw)).await.ok();
            None
        }
    };
    sqlx::query("INSERT INTO login_attempt (username, ip, at, success) VALUES ($1, $2, $3, $4)")
        .bind(&username)
        .bind(ip)
        .bind(now_text())
        .bind(ok_id.is_some())
        .execute(&app.db.pool)
        .await?;
    let Some(id) = ok_id else {
        return Err(DomainError::invalid("password", "用户名或密码错误").into());
    };
    load_actor(app, id).await?.ok_or_else(|| DomainError::Unauthenticated.into())
}

pub async fn create_session(app: &App, actor: Actor, ip: &str) -> AppResult<NewSession> {
    let token = fazhi_crypto::random_token(32);
    let csrf = fazhi_crypto::random_token(24);
    let expires = (now() + Duration::hours(app.cfg.session_hours)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let t = now_text();
    sqlx::query("INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) VALUES ($1, $2, $3, $4, $4, $5, $6)")
        .bind(fazhi_crypto::token_hash(&token))
        .bind(actor.user_id)
        .bind(&csrf)
        .bind(&t)
        .bind(&expires)
        .bind(ip)
        .execute(&app.db.pool)
        .await?;
    Ok(NewSession { token, csrf, actor })
}

/// Resolves a session cookie; expired or unknown gives None. Sliding expiry is
/// refreshed at most once a minute to keep reads cheap.
pub async fn lookup_session(app: &App, token: &str) -> AppResult<Option<SessionInfo>> {
    let h = fazhi_crypto::token_hash(token);
    let Some(r) = sqlx::query("SELECT user_id, csrf_token, expires_at, last_seen_at FROM user_session WHERE token_hash = $1")
        .bind(&h)
        .fetch_optional(&app.db.pool)
        .await?
    else {
        return Ok(None);
    };
    let now_t = now();
    let expires: String = col(&r, "expires_at")?;
    if crate::db::parse_instant(&expires).is_none_or(|e| e < now_t) {
        sqlx::query("DELETE FROM user_session WHERE token_hash = $1").bind(&h).execute(&app.db.pool).await?;
        return Ok(None);
    }
    let last: String = col(&r, "last_seen_at")?;
    if crate::db::parse_instant(&last).is_none_or(|l| now_t - l > Duration::minutes(1)) {
        let new_exp = (now_t + Duration::hours(app.cfg.session_hours)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        sqlx::query("UPDATE user_session SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now_text())
            .bind(new_exp)
            .bind(&h)
            .execute(&app.db.pool)
            .await?;
    }
    let user_id: i64 = col(&r, "user_id")?;
    let Some(actor) = load_actor(app, user_id).await? else { return Ok(None) };
    Ok(Some(SessionInfo { actor, csrf: col(&r, "csrf_token")? }))
}

pub async fn end_session(app: &App, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM user_session WHERE token_hash = $1").bind(fazhi_crypto::token_hash(token)).execute(&app.db.pool).await?;
    Ok(())
}

/// `Authorization: Bearer`: a personal API token, or a session token from
/// `POST /api/v1/auth/login`.
pub async fn lookup_api_token(app: &App, token: &str) -> AppResult<Option<Actor>> {
    let h = fazhi_crypto::token_hash(token);
    let Some(r) = sqlx::query("SELECT id, user_id FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(&h)
        .fetch_optional(&app.db.pool)
        .await?
    else {
        return Ok(lookup_session(app, token).await?.map(|s| s.actor));
    };
    let user_id: i64 = col(&r, "user_id")?;
    load_actor(app, user_id).await
}
