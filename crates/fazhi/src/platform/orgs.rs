//! The org tree: reading the units in scope and adding units below one's own.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::org::OrgKind;
use serde::Serialize;

use crate::db::{col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, OrgRef, Write, load_org, scope_sql};

#[derive(Debug, Clone, Serialize)]
pub struct OrgRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub kind_label: &'static str,
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub path: String,
}

pub async fn list_in_scope(app: &App, actor: &Actor) -> AppResult<Vec<OrgRow>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::OrgRead), "path", 1);
    let sql = format!("SELECT id, parent_id, kind, code, name, path FROM org_unit WHERE {cond} ORDER BY path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    let mut out: Vec<OrgRow> = rows
        .iter()
        .map(|r| {
            let kind: String = col(r, "kind")?;
            let path: String = col(r, "path")?;
            Ok(OrgRow {
                id: col(r, "id")?,
                parent_id: col(r, "parent_id")?,
                kind_label: OrgKind::parse(&kind)?.label(),
                kind,
                code: col(r, "code")?,
                name: col(r, "name")?,
                depth: path.matches('/').count().saturating_sub(1),
                path,
            })
        })
        .collect::<AppResult<_>>()?;
    // Text order of paths is not tree order ('/1/10/' < '/1/2/'); sort by the id sequence.
    out.sort_by_key(|o| o.path.split('/').filter(|s| !s.is_empty()).map(|s| s.parse::<i64>().unwrap_or(0)).collect::<Vec<_>>());
    let min_depth = out.iter().map(|o| o.depth).min().unwrap_or(1);
    for o in &mut out {
        o.depth -= min_depth - 1;
    }
    Ok(out)
}

pub struct NewOrg<'a> {
    pub parent_id: i64,
    pub kind: &'a str,
    pub code: &'a str,
    pub name: &'a str,
}

/// Adds a unit under `parent`. The path and town are derived, never entered.
pub async fn create_org(app: &App, actor: &Actor, input: NewOrg<'_>) -> AppResult<i64> {
    let parent = load_org(app, input.parent_id).await.map_err(|_| DomainError::invalid("parent_id", "「上级单位」不存在"))?;
    let kind = OrgKind::parse(input.kind).map_err(|_| DomainError::invalid("kind", "「层级」不正确"))?;
    if !parent.kind.may_contain(kind) {
        return Err(DomainError::invalid("kind", format!("「层级」{}不能设在{}之下", kind.label(), parent.kind.label())).into());
    }
    let name = form::required_text("name", "单位名称", input.name, 64)?;
    let code = form::required_text("code", "单位代码", input.code, 32)?;
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(DomainError::invalid("code", "「单位代码」只能由字母、数字和 - 组成").into());
    }
    insert_org(app, actor, &parent, kind, &code, &name).await
}

pub(crate) async fn insert_org(app: &App, actor: &Actor, parent: &OrgRef, kind: OrgKind, code: &str, name: &str) -> AppResult<i64> {
    let mut w = Write::begin(app, actor, Permission::OrgManage, parent).await?;
    let t = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO org_unit (parent_id, kind, code, name, path, town_id, created_at, updated_at) VALUES ($1, $2, $3, $4, '', NULL, $5, $5) RETURNING id",
    )
    .bind(parent.id)
    .bind(kind.code())
    .bind(code)
    .bind(name)
    .bind(&t)
    .fetch_one(w.conn())
    .await
    .map_err(|e| match crate::error::AppError::from(e) {
        crate::error::AppError::Domain(DomainError::Conflict { .. }) => DomainError::invalid("code", "「单位代码」已被使用").into(),
        other => other,
    })?;
    let path = parent.path.child(id);
    let town_id = if kind == OrgKind::Town { Some(id) } else { parent.town_id };
    sqlx::query("UPDATE org_unit SET path = $1, town_id = $2 WHERE id = $3").bind(path.as_str()).bind(town_id).bind(id).execute(w.conn()).await?;
    let org = OrgRef { id, name: name.into(), kind, path, town_id, parent_id: Some(parent.id) };
    w.record(Change::create("org_unit", id, &serde_json::json!({"parent_id": parent.id, "kind": kind.code(), "code": code, "name": name})).in_org(&org));
    w.commit().await?;
    Ok(id)
}

impl OrgRow {
    /// Full-width spaces show the tree in a select box or a table.
    pub fn indent(&self) -> String {
        "\u{3000}".repeat(self.depth.saturating_sub(1))
    }
}
