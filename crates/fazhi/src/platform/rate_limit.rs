//! Rate limits of the public forms (filing, reporting, tracking by code):
//! attempts are counted per kind and per address or code within a window.
//! Every portal form uses these two functions; the attempts live in
//! `disclosure_request_attempt` (the first module to need it), each module
//! with its own `kind`.
use chrono::Duration;

use crate::db::{now, now_text};
use crate::error::AppResult;
use crate::kernel::App;

fn since(minutes: i64) -> String {
    (now() - Duration::minutes(minutes)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Attempts of `kind` whose `column` ("ip" or "code", code constants) equals
/// `value` within the last `minutes`.
pub async fn attempts(app: &App, kind: &str, column: &'static str, value: &str, minutes: i64) -> AppResult<i64> {
    let sql = format!("SELECT COUNT(*) FROM disclosure_request_attempt WHERE kind = $1 AND {column} = $2 AND at > $3");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(kind).bind(value).bind(since(minutes)).fetch_one(&app.db.pool).await?)
}

/// Records an attempt, and forgets those older than a day (far longer than any window).
pub async fn note_attempt(app: &App, kind: &str, code: Option<&str>, ip: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO disclosure_request_attempt (kind, code, ip, at) VALUES ($1, $2, $3, $4)").bind(kind).bind(code).bind(ip).bind(now_text()).execute(&app.db.pool).await?;
    sqlx::query("DELETE FROM disclosure_request_attempt WHERE at < $1").bind(since(24 * 60)).execute(&app.db.pool).await?;
    Ok(())
}
