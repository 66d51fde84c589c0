//! Chinese full-text search. Text is segmented with jieba (search mode, so
//! "最低生活保障" also yields "生活", "保障" …) and stored as space-separated
//! tokens; SQLite FTS5 or PostgreSQL tsvector('simple') index them. Modules call
//! `index_in` inside their own write so the index never lags the record.
use fazhi_core::access::{Actor, Permission};
use serde::Serialize;

use crate::db::{Dialect, col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Write, scope_sql};

pub struct SearchDoc<'a> {
    pub org_id: i64,
    pub module: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub url: &'a str,
    pub is_public: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub module: String,
    pub entity: String,
    pub entity_id: String,
    pub title: String,
    pub snippet: String,
    pub url: String,
}

/// Tokens for the index: words and their sub-words, lower-cased, de-duplicated
/// per position is unnecessary (FTS counts them), punctuation dropped.
pub fn index_tokens(app: &App, text: &str) -> String {
    app.jieba
        .cut_for_search(text, true)
        .into_iter()
        .map(|t| t.word.trim().to_lowercase())
        .filter(|t| t.chars().any(|c| c.is_alphanumeric()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Query words: the query segmented the same way, each word required.
fn query_words(app: &App, q: &str) -> Vec<String> {
    let mut words: Vec<String> = app
        .jieba
        .cut(q, true)
        .into_iter()
        .map(|t| t.word.trim().to_lowercase())
        .filter(|t| t.chars().any(|c| c.is_alphanumeric()))
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).collect())
        .collect();
    words.dedup();
    words.truncate(12);
    words
}

pub async fn index_in(w: &mut Write<'_>, doc: SearchDoc<'_>) -> AppResult<()> {
    let tokens = index_tokens(w.app(), &format!("{} {}", doc.title, doc.body));
    let snippet: String = doc.body.chars().take(120).collect();
    sqlx::query(
        "INSERT INTO search_doc (org_id, module, entity, entity_id, title, snippet, url, is_public, tokens, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (entity, entity_id) DO UPDATE SET org_id = excluded.org_id, title = excluded.title, snippet = excluded.snippet,
           url = excluded.url, is_public = excluded.is_public, tokens = excluded.tokens, updated_at = excluded.updated_at",
    )
    .bind(doc.org_id)
    .bind(doc.module)
    .bind(doc.entity)
    .bind(doc.entity_id)
    .bind(doc.title)
    .bind(&snippet)
    .bind(doc.url)
    .bind(doc.is_public)
    .bind(&tokens)
    .bind(now_text())
    .execute(w.conn())
    .await?;
    Ok(())
}

pub async fn remove_in(w: &mut Write<'_>, entity: &str, entity_id: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM search_doc WHERE entity = $1 AND entity_id = $2").bind(entity).bind(entity_id).execute(w.conn()).await?;
    Ok(())
}

/// Who is searching: the public sees public documents (optionally of one
/// town); staff see what their OrgRead scope covers.
pub enum Audience<'a> {
    Public { town_path: Option<String> },
    Staff(&'a Actor),
}

/// On SQLite, a query with at least this many matches is "common" (see `search`).
const COMMON_MATCHES: i64 = 2000;

pub async fn search(app: &App, who: Audience<'_>, q: &str, limit: i64) -> AppResult<Vec<Hit>> {
    let words = query_words(app, q);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let (match_sql, match_param) = match app.db.dialect {
        Dialect::Sqlite => {
            let fts = words.iter().map(|w| format!("\"{}\"", w.replace('"', ""))).collect::<Vec<_>>().join(" AND ");
            // SQLite's planner cannot tell a rare word from a common one. For a
            // rare one, looking up each match and sorting is cheapest; for a
            // common one (低保 in 30,000 items) sorting every match costs ~100 ms,
            // while walking search_doc by updated_at (the unary + keeps the
            // planner off the rowid lookups) meets the page size within a few
            // thousand rows. Counting matches up to the threshold decides.
            let capped: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH $1 LIMIT $2) m")
                .bind(&fts)
                .bind(COMMON_MATCHES)
                .fetch_one(&app.db.pool)
                .await?;
            let lookup = if capped >= COMMON_MATCHES { "+d.id" } else { "d.id" };
            (format!("{lookup} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH $1)"), fts)
        }
        Dialect::Postgres => ("d.tsv @@ to_tsquery('simple', $1)".to_string(), words.iter().map(|w| format!("'{}'", w.replace(['\'', '\\'], ""))).collect::<Vec<_>>().join(" & ")),
    };
    // The org condition comes first and as `d.org_id IN (…)`, so the planner
    // can use search_doc's (org_id, updated_at) index instead of joining org_unit.
    let (filter, params) = match who {
        Audience::Public { town_path } => match town_path {
            Some(p) => ("d.org_id IN (SELECT o.id FROM org_unit o WHERE o.path LIKE $2) AND d.is_public = TRUE".to_string(), vec![format!("{p}%")]),
            None => ("d.is_public = TRUE".to_string(), vec![]),
        },
        Audience::Staff(actor) => {
            let (cond, params) = scope_sql(&actor.scope(Permission::OrgRead), "o.path", 2);
            (format!("d.org_id IN (SELECT o.id FROM org_unit o WHERE {cond})"), params)
        }
    };
    let sql = format!(
        "SELECT d.module, d.entity, d.entity_id, d.title, d.snippet, d.url FROM search_doc d
         WHERE {filter} AND {match_sql} ORDER BY d.updated_at DESC LIMIT {limit}"
    );
    // Not a prepared statement on PostgreSQL: a cached generic plan cannot know
    // whether the words are rare (use the GIN index) or common (walk updated_at
    // and stop at the limit); an unnamed statement is planned with the values.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(match_param).persistent(app.db.dialect == Dialect::Sqlite);
    for p in &params {
        query = query.bind(p);
    }
    let rows = query.fetch_all(&app.db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(Hit {
                module: col(r, "module")?,
                entity: col(r, "entity")?,
                entity_id: col(r, "entity_id")?,
                title: col(r, "title")?,
                snippet: col(r, "snippet")?,
                url: col(r, "url")?,
            })
        })
        .collect()
}
