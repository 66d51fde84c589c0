//! The single write path. A service function does:
//!
//! ```ignore
//! let mut w = Write::begin(app, actor, Permission::TodoAssign, &org).await?; // authorize + BEGIN
//! /* validate input into domain types (before or after begin), then apply: */
//! sqlx::query("INSERT …").execute(w.conn()).await?;
//! w.record(Change::create("todo_item", id, &after));
//! w.commit().await?; // appends the audit records, then COMMIT
//! ```
//!
//! Dropping a `Write` without `commit` rolls everything back, so an error at
//! any step leaves nothing half-written. `commit` refuses a write that recorded
//! no change: every state change is audited.
use fazhi_core::access::{Actor, Permission};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::WriteTx;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, OrgRef, audit, chain_key};

/// One audited change: what happened to which record, with its state before and after.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The org the record belongs to, when it differs from the write's target.
    pub org: Option<OrgRef>,
}

fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

impl Change {
    pub fn create<T: Serialize>(entity: &str, id: impl ToString, after: &T) -> Change {
        Change { action: "create".into(), entity: entity.into(), entity_id: id.to_string(), before: None, after: json(after), org: None }
    }
    pub fn update<B: Serialize, A: Serialize>(entity: &str, id: impl ToString, before: &B, after: &A) -> Change {
        Change { action: "update".into(), entity: entity.into(), entity_id: id.to_string(), before: json(before), after: json(after), org: None }
    }
    pub fn delete<B: Serialize>(entity: &str, id: impl ToString, before: &B) -> Change {
        Change { action: "delete".into(), entity: entity.into(), entity_id: id.to_string(), before: json(before), after: None, org: None }
    }
    /// A named action (e.g. "unmask", "password_change", "transition:approve").
    pub fn action<A: Serialize>(action: &str, entity: &str, id: impl ToString, detail: &A) -> Change {
        Change { action: action.into(), entity: entity.into(), entity_id: id.to_string(), before: None, after: json(detail), org: None }
    }
    pub fn in_org(mut self, org: &OrgRef) -> Change {
        self.org = Some(org.clone());
        self
    }
}

pub struct Write<'a> {
    app: &'a App,
    actor: &'a Actor,
    org: OrgRef,
    tx: WriteTx,
    changes: Vec<Change>,
}

impl<'a> Write<'a> {
    /// Checks the permission on the target org's subtree, then opens the transaction.
    pub async fn begin(app: &'a App, actor: &'a Actor, perm: Permission, org: &OrgRef) -> AppResult<Write<'a>> {
        actor.require(perm, &org.path)?;
        let tx = app.db.begin_write().await?;
        Ok(Write { app, actor, org: org.clone(), tx, changes: Vec::new() })
    }

    /// For system-wide tables (the calendar): the permission must be held somewhere;
    /// the audit record goes to the chain of the actor's home unit.
    pub async fn begin_global(app: &'a App, actor: &'a Actor, perm: Permission) -> AppResult<Write<'a>> {
        actor.require_anywhere(perm)?;
        let org = crate::kernel::load_org(app, actor.home_org_id).await?;
        let tx = app.db.begin_write().await?;
        Ok(Write { app, actor, org, tx, changes: Vec::new() })
    }

    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx.tx
    }

    pub fn org(&self) -> &OrgRef {
        &self.org
    }

    pub fn actor(&self) -> &Actor {
        self.actor
    }

    pub fn app(&self) -> &App {
        self.app
    }

    pub fn record(&mut self, change: Change) {
        self.changes.push(change);
    }

    pub async fn commit(mut self) -> AppResult<()> {
        if self.changes.is_empty() {
            return Err(AppError::internal("write without an audited change"));
        }
        let changes = std::mem::take(&mut self.changes);
        for c in changes {
            let org = c.org.clone().unwrap_or_else(|| self.org.clone());
            audit::append(&mut self.tx.tx, self.app.db.dialect, &self.app.keys, &chain_key(&org), self.actor, org.id, &c).await?;
        }
        self.tx.commit().await?;
        Ok(())
    }
}
