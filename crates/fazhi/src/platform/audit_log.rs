//! Reading the audit trail: scoped by AuditRead over the record's org, newest
//! first, keyset-paginated by id (no OFFSET on a table that only grows).
use fazhi_core::access::{Actor, Permission};
use fazhi_core::audit::AuditEntry;

use crate::error::AppResult;
use crate::kernel::{App, audit, scope_sql};

pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

pub struct AuditPage {
    pub rows: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

pub async fn list(app: &App, actor: &Actor, f: &AuditFilter) -> AppResult<AuditPage> {
    actor.require_anywhere(Permission::AuditRead)?;
    let mut conds = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    if let Some(e) = &f.entity {
        binds.push(e.clone());
        conds.push(format!("a.entity = ${}", binds.len()));
    }
    if let Some(id) = &f.entity_id {
        binds.push(id.clone());
        conds.push(format!("a.entity_id = ${}", binds.len()));
    }
    let mut before_idx = None;
    if f.before.is_some() {
        before_idx = Some(binds.len() + 1);
        conds.push(format!("a.id < ${}", binds.len() + 1));
    }
    let first = binds.len() + 1 + usize::from(before_idx.is_some());
    let (scope, params) = scope_sql(&actor.scope(Permission::AuditRead), "o.path", first);
    conds.push(scope);
    let cols = audit::ENTRY_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ");
    let limit = f.limit.clamp(1, 500);
    let sql = format!("SELECT {cols} FROM audit_record a JOIN org_unit o ON o.id = a.org_id WHERE {} ORDER BY a.id DESC LIMIT {}", conds.join(" AND "), limit + 1);
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        q = q.bind(b);
    }
    if let Some(b) = f.before {
        q = q.bind(b);
    }
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    let mut out: Vec<AuditEntry> = rows.iter().map(audit::entry_from_row).collect::<AppResult<_>>()?;
    let next_before = if out.len() as i64 > limit {
        out.truncate(limit as usize);
        out.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditPage { rows: out, next_before })
}
