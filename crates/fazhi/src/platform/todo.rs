//! The to-do list (待办). Modules open and close items inside their own write
//! transactions (`open_in`, `close_in`); leaders and supervisors assign work
//! (交办/督办) directly. Due dates come from a clock when the item has one, so a
//! calendar edit or a paused clock shows here at once.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use serde::Serialize;

use crate::db::{col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org, scope_sql};

#[derive(Debug, Clone, Serialize)]
pub struct TodoRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub module: String,
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
    pub url: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub clock_id: Option<i64>,
    pub due_date: Option<String>,
    pub paused: bool,
    /// The clock needs a year whose holidays are not loaded: no due date is guessed.
    pub beyond_calendar: bool,
    pub overdue: bool,
    pub status: String,
}

impl TodoRow {
    pub fn module_label(&self) -> &str {
        module_label(&self.module)
    }
}

pub fn module_label(code: &str) -> &str {
    match code {
        "platform" => "平台",
        "supervision" => "督办",
        "calendar" => "工作日历",
        "disclosure" => "政务公开",
        "meeting" => "会议",
        "major_decision" => "重大行政决策",
        "grid" => "网格化管理",
        "mediation" => "人民调解",
        "legal_review" => "合法性审查",
        other => other,
    }
}

/// What a module passes to open an item inside its own write.
pub struct TodoSpec<'a> {
    pub module: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub detail: Option<&'a str>,
    pub url: Option<&'a str>,
    pub entity: Option<(&'a str, &'a str)>,
    pub assignee_id: Option<i64>,
    pub clock_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
}

/// Opens an item within the caller's write (same transaction, same audit).
pub async fn open_in(w: &mut Write<'_>, org_id: i64, spec: TodoSpec<'_>) -> AppResult<i64> {
    let by = w.actor().user_id;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO todo_item (org_id, assignee_id, module, kind, title, detail, url, entity, entity_id, clock_id, due_date, status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13) RETURNING id",
    )
    .bind(org_id)
    .bind(spec.assignee_id)
    .bind(spec.module)
    .bind(spec.kind)
    .bind(spec.title)
    .bind(spec.detail)
    .bind(spec.url)
    .bind(spec.entity.map(|e| e.0))
    .bind(spec.entity.map(|e| e.1))
    .bind(spec.clock_id)
    .bind(spec.due_date.map(|d| d.to_string()))
    .bind(by)
    .bind(now_text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(
        "todo_item",
        id,
        &serde_json::json!({"org_id": org_id, "module": spec.module, "kind": spec.kind, "title": spec.title, "assignee_id": spec.assignee_id, "due_date": spec.due_date}),
    ));
    Ok(id)
}

/// Closes the open items of a record of a kind (e.g. when a request is answered).
pub async fn close_in(w: &mut Write<'_>, entity: &str, entity_id: &str, kind: &str) -> AppResult<u64> {
    let by = w.actor().user_id;
    let done = sqlx::query("UPDATE todo_item SET status = 'done', done_at = $1, done_by = $2 WHERE entity = $3 AND entity_id = $4 AND kind = $5 AND status = 'open'")
        .bind(now_text())
        .bind(by)
        .bind(entity)
        .bind(entity_id)
        .bind(kind)
        .execute(w.conn())
        .await?
        .rows_affected();
    if done > 0 {
        w.record(Change::action("todo_close", entity, entity_id, &serde_json::json!({"kind": kind, "closed": done})));
    }
    Ok(done)
}

pub struct NewAssignment<'a> {
    pub org_id: i64,
    pub title: &'a str,
    pub detail: &'a str,
    pub due_date: &'a str,
    /// "N 个工作日内办结": a working-day clock from today instead of a fixed date.
    pub due_workdays: &'a str,
    pub assignee_id: Option<i64>,
}

/// 交办/督办: a leader or supervisor assigns work to a unit (and optionally a person).
pub async fn assign(app: &App, actor: &Actor, input: NewAssignment<'_>) -> AppResult<i64> {
    let org = load_org(app, input.org_id).await.map_err(|_| DomainError::invalid("org_id", "「承办单位」不存在"))?;
    actor.require(Permission::TodoAssign, &org.path)?;
    let title = form::required_text("title", "事项名称", input.title, 100)?;
    let detail = form::optional_text("detail", "具体要求", input.detail, 2000)?;
    let due = form::optional_date("due_date", "办理期限", input.due_date)?;
    let workdays = if input.due_workdays.trim().is_empty() { None } else { Some(form::integer("due_workdays", "办理时限（工作日）", input.due_workdays, 1, 250)? as u32) };
    if due.is_some() && workdays.is_some() {
        return Err(DomainError::invalid("due_workdays", "「办理期限」与「办理时限（工作日）」只能填写一项").into());
    }
    if let Some(a) = input.assignee_id {
        let ok: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM role_grant g JOIN org_unit o ON o.id = g.org_id JOIN app_user u ON u.id = g.user_id
             WHERE g.user_id = $1 AND u.active = TRUE AND $2 LIKE o.path || '%'",
        )
        .bind(a)
        .bind(org.path.as_str())
        .fetch_one(&app.db.pool)
        .await?;
        if ok == 0 {
            return Err(DomainError::invalid("assignee_id", "「承办人」在该单位没有角色，看不到该事项，不能指派").into());
        }
    }
    let mut w = Write::begin(app, actor, Permission::TodoAssign, &org).await?;
    let module = if actor.has_role(fazhi_core::access::Role::DistrictSupervisor) { "supervision" } else { "platform" };
    let clock_id = match workdays {
        Some(n) => {
            let key = format!("assignment-{}", fazhi_crypto::random_token(8));
            let d = fazhi_core::calendar::Deadline::new(crate::web::pages::today(), fazhi_core::calendar::Unit::WorkingDays, n).with_labels("交办日期", "办理期限");
            Some(crate::platform::calendar::put_clock_in(&mut w, org.id, module, "todo_assignment", &key, "办理期限", &d).await?)
        }
        None => None,
    };
    let id = open_in(
        &mut w,
        org.id,
        TodoSpec {
            module,
            kind: "assignment",
            title: &title,
            detail: detail.as_deref(),
            url: None,
            entity: None,
            assignee_id: input.assignee_id,
            clock_id,
            due_date: due,
        },
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// Marks an item done: its assignee, or anyone who may assign work in its unit,
/// or anyone who sees it when it is unassigned.
pub async fn complete(app: &App, actor: &Actor, id: i64) -> AppResult<()> {
    let r = sqlx::query("SELECT org_id, assignee_id, status, title FROM todo_item WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("待办事项"))?;
    let org = load_org(app, col(&r, "org_id")?).await?;
    let assignee: Option<i64> = col(&r, "assignee_id")?;
    if !actor.can(Permission::TodoRead, &org.path) {
        return Err(DomainError::not_found("待办事项").into());
    }
    let mine = assignee.is_none_or(|a| a == actor.user_id);
    if !mine && !actor.can(Permission::TodoAssign, &org.path) {
        return Err(DomainError::forbidden("该事项已指派给他人，只有承办人或交办人可以办结").into());
    }
    let status: String = col(&r, "status")?;
    if status != "open" {
        return Err(DomainError::conflict("该事项已办结").into());
    }
    let mut w = Write::begin(app, actor, Permission::TodoRead, &org).await?;
    sqlx::query("UPDATE todo_item SET status = 'done', done_at = $1, done_by = $2 WHERE id = $3 AND status = 'open'")
        .bind(now_text())
        .bind(actor.user_id)
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::update("todo_item", id, &serde_json::json!({"status": "open"}), &serde_json::json!({"status": "done"})));
    w.commit().await
}

/// Open items the actor sees: in their TodoRead scope, unassigned or theirs
/// (or anyone's, with `everyone`). Overdue first, then by due date.
pub async fn list_open(app: &App, actor: &Actor, today: NaiveDate, everyone: bool, limit: i64) -> AppResult<Vec<TodoRow>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::TodoRead), "o.path", if everyone { 1 } else { 2 });
    let who = if everyone { "" } else { " AND (t.assignee_id IS NULL OR t.assignee_id = $1)" };
    let sql = format!(
        "SELECT t.id, t.org_id, t.clock_id, o.name AS org_name, t.module, t.kind, t.title, t.detail, t.url, t.assignee_id, u.display_name AS assignee_name,
                COALESCE(c.due_date, t.due_date) AS due, CASE WHEN c.paused THEN 1 ELSE 0 END AS paused, CASE WHEN c.beyond_calendar THEN 1 ELSE 0 END AS beyond, t.status
         FROM todo_item t JOIN org_unit o ON o.id = t.org_id
         LEFT JOIN app_user u ON u.id = t.assignee_id
         LEFT JOIN clock c ON c.id = t.clock_id
         WHERE t.status = 'open' AND {cond}{who}
         ORDER BY CASE WHEN COALESCE(c.due_date, t.due_date) IS NULL THEN 1 ELSE 0 END, COALESCE(c.due_date, t.due_date), t.id
         LIMIT {limit}"
    );
    let today_s = today.to_string();
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if !everyone {
        q = q.bind(actor.user_id);
    }
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    let mut out: Vec<TodoRow> = rows
        .iter()
        .map(|r| {
            let due: Option<String> = col(r, "due")?;
            let paused = crate::db::flag(r, "paused")?;
            Ok(TodoRow {
                id: col(r, "id")?,
                org_id: col(r, "org_id")?,
                org_name: col(r, "org_name")?,
                module: col(r, "module")?,
                kind: col(r, "kind")?,
                title: col(r, "title")?,
                detail: col(r, "detail")?,
                url: col(r, "url")?,
                assignee_id: col(r, "assignee_id")?,
                assignee_name: col(r, "assignee_name")?,
                clock_id: col(r, "clock_id")?,
                overdue: !paused && due.as_deref().is_some_and(|d| d < today_s.as_str()),
                due_date: due,
                paused,
                beyond_calendar: crate::db::flag(r, "beyond")?,
                status: col(r, "status")?,
            })
        })
        .collect::<AppResult<_>>()?;
    // Overdue first (stable: keeps due-date order inside each group).
    out.sort_by_key(|t| !t.overdue);
    Ok(out)
}

/// People an actor may assign work to: holders of a role inside the actor's TodoAssign scope.
pub async fn assignable_users(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::TodoAssign), "o.path", 1);
    let sql = format!(
        "SELECT DISTINCT u.id, u.display_name, o.name AS org_name FROM role_grant g JOIN app_user u ON u.id = g.user_id JOIN org_unit o ON o.id = g.org_id
         WHERE u.active = TRUE AND {cond} ORDER BY o.name, u.display_name"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| Ok((col(r, "id")?, format!("{}（{}）", col::<String>(r, "display_name")?, col::<String>(r, "org_name")?))))
        .collect()
}
