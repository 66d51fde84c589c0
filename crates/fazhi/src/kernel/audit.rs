//! Appending to and verifying the audit chain (the chain rules live in
//! `fazhi_core::audit`; this is their storage).
use fazhi_core::access::Actor;
use fazhi_core::audit::{AuditEntry, ChainBreak, ChainHead, ChainVerifier, GENESIS};
use futures_util::TryStreamExt;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::db::{Dialect, col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, Keys};

pub(crate) async fn append(conn: &mut AnyConnection, dialect: Dialect, keys: &Keys, chain: &str, actor: &Actor, org_id: i64, c: &Change) -> AppResult<()> {
    // Create the head if missing, then lock it: concurrent writers to one town queue here.
    sqlx::query("INSERT INTO audit_head (chain_key, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (chain_key) DO NOTHING")
        .bind(chain)
        .bind(GENESIS)
        .execute(&mut *conn)
        .await?;
    let lock = if dialect == Dialect::Postgres { " FOR UPDATE" } else { "" };
    let head = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT seq, hash FROM audit_head WHERE chain_key = $1{lock}"))).bind(chain).fetch_one(&mut *conn).await?;
    let prev_seq: i64 = col(&head, "seq")?;
    let prev_hash: String = col(&head, "hash")?;
    let mut e = AuditEntry {
        id: 0,
        chain_key: chain.to_string(),
        seq: prev_seq + 1,
        prev_hash,
        hash: String::new(),
        at: now_text(),
        actor_id: actor.user_id,
        actor_name: actor.display_name.clone(),
        org_id,
        action: c.action.clone(),
        entity: c.entity.clone(),
        entity_id: c.entity_id.clone(),
        before_json: c.before.clone(),
        after_json: c.after.clone(),
    };
    e.hash = keys.audit_mac(&e.canonical());
    sqlx::query(
        "INSERT INTO audit_record (chain_key, seq, prev_hash, hash, at, actor_id, actor_name, org_id, action, entity, entity_id, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&e.chain_key)
    .bind(e.seq)
    .bind(&e.prev_hash)
    .bind(&e.hash)
    .bind(&e.at)
    .bind(e.actor_id)
    .bind(&e.actor_name)
    .bind(e.org_id)
    .bind(&e.action)
    .bind(&e.entity)
    .bind(&e.entity_id)
    .bind(&e.before_json)
    .bind(&e.after_json)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE chain_key = $3").bind(e.seq).bind(&e.hash).bind(chain).execute(&mut *conn).await?;
    Ok(())
}

pub fn entry_from_row(r: &AnyRow) -> AppResult<AuditEntry> {
    Ok(AuditEntry {
        id: col(r, "id")?,
        chain_key: col(r, "chain_key")?,
        seq: col(r, "seq")?,
        prev_hash: col(r, "prev_hash")?,
        hash: col(r, "hash")?,
        at: col(r, "at")?,
        actor_id: col(r, "actor_id")?,
        actor_name: col(r, "actor_name")?,
        org_id: col(r, "org_id")?,
        action: col(r, "action")?,
        entity: col(r, "entity")?,
        entity_id: col(r, "entity_id")?,
        before_json: col(r, "before_json")?,
        after_json: col(r, "after_json")?,
    })
}

pub const ENTRY_COLUMNS: &str = "id, chain_key, seq, prev_hash, hash, at, actor_id, actor_name, org_id, action, entity, entity_id, before_json, after_json";

/// Outcome of verifying every chain.
#[derive(Debug)]
pub struct VerifyReport {
    pub chains: usize,
    pub records: u64,
    pub first_break: Option<ChainBreak>,
}

/// Streams each chain in seq order (memory stays flat on big tables) and stops at the first break.
pub async fn verify_all(app: &App) -> AppResult<VerifyReport> {
    let heads: Vec<ChainHead> = sqlx::query("SELECT chain_key, seq, hash FROM audit_head ORDER BY chain_key")
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| Ok(ChainHead { chain_key: col(r, "chain_key")?, seq: col(r, "seq")?, hash: col(r, "hash")? }))
        .collect::<AppResult<_>>()?;
    let mut keys: Vec<String> = sqlx::query_scalar("SELECT DISTINCT chain_key FROM audit_record").fetch_all(&app.db.pool).await?;
    for h in &heads {
        if !keys.contains(&h.chain_key) {
            keys.push(h.chain_key.clone());
        }
    }
    keys.sort();
    let mut report = VerifyReport { chains: keys.len(), records: 0, first_break: None };
    for key in keys {
        let head = heads.iter().find(|h| h.chain_key == key).cloned().unwrap_or(ChainHead { chain_key: key.clone(), seq: 0, hash: GENESIS.into() });
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM audit_record WHERE chain_key = $1 ORDER BY seq");
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&key).fetch(&app.db.pool);
        let mut v = ChainVerifier::new(&key);
        let mut outcome = Ok(());
        while let Some(row) = rows.try_next().await? {
            if let Err(b) = v.push(&entry_from_row(&row)?, |b| app.keys.audit_mac(b)) {
                outcome = Err(b);
                break;
            }
        }
        match outcome.and_then(|_| v.finish(Some(&head))) {
            Ok(n) => report.records += n,
            Err(b) => {
                report.first_break = Some(b);
                return Ok(report);
            }
        }
    }
    Ok(report)
}
