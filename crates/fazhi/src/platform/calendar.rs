//! The working-day calendar as stored (table `calendar_day`, editable by
//! admins) and the clocks that run on it. The rules are in
//! `fazhi_core::calendar`; this file loads rows into a `Calendar`, keeps open
//! clocks' due dates current (an edit re-flows every open deadline in the same
//! transaction) and lets modules start and update clocks inside their writes.
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::calendar::{Calendar, CalendarDay, CalendarError, ClockStatus, Deadline, DayKind, OFFICIAL_YEARS, Unit, add_working_days, compute, official_days};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::{Db, col, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, Write};

pub fn kind_code(k: DayKind) -> &'static str {
    match k {
        DayKind::Workday => "workday",
        DayKind::Weekend => "weekend",
        DayKind::Holiday => "holiday",
        DayKind::MakeupWorkday => "makeup_workday",
    }
}

pub fn kind_label(k: DayKind) -> &'static str {
    match k {
        DayKind::Workday => "工作日",
        DayKind::Weekend => "休息日",
        DayKind::Holiday => "法定节假日",
        DayKind::MakeupWorkday => "调休上班",
    }
}

fn parse_kind(s: &str) -> Option<DayKind> {
    [DayKind::Workday, DayKind::Weekend, DayKind::Holiday, DayKind::MakeupWorkday].into_iter().find(|k| kind_code(*k) == s)
}

impl From<CalendarError> for AppError {
    fn from(e: CalendarError) -> Self {
        AppError::Domain(DomainError::refused("calendar", e.to_string()))
    }
}

/// Seeds the official 2021–2026 arrangement into an empty calendar (reference
/// data, like a migration; later edits go through `set_day`).
pub async fn seed_official(app: &App) -> AppResult<()> {
    seed_official_db(&app.db).await
}

pub async fn seed_official_db(db: &Db) -> AppResult<()> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM calendar_year").fetch_one(&db.pool).await?;
    if n > 0 {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    let t = now_text();
    for d in official_days() {
        sqlx::query("INSERT INTO calendar_day (day, kind, name, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING")
            .bind(d.date.to_string())
            .bind(kind_code(d.kind))
            .bind(&d.name)
            .bind(&t)
            .execute(&mut **tx)
            .await?;
    }
    for y in OFFICIAL_YEARS {
        sqlx::query("INSERT INTO calendar_year (year, source, loaded_at) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING")
            .bind(y as i64)
            .bind("国务院办公厅关于部分节假日安排的通知")
            .bind(&t)
            .execute(&mut **tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn load_from(conn: &mut AnyConnection) -> AppResult<Calendar> {
    let rows = sqlx::query("SELECT day, kind, name FROM calendar_day").fetch_all(&mut *conn).await?;
    let years: Vec<i64> = sqlx::query_scalar("SELECT year FROM calendar_year").fetch_all(&mut *conn).await?;
    let mut days = Vec::with_capacity(rows.len());
    for r in &rows {
        let day: String = col(r, "day")?;
        let kind: String = col(r, "kind")?;
        days.push(CalendarDay {
            date: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(AppError::internal)?,
            kind: parse_kind(&kind).ok_or_else(|| AppError::internal(format!("bad day kind {kind}")))?,
            name: col(r, "name")?,
        });
    }
    Ok(Calendar::new(days, years.into_iter().map(|y| y as i32))?)
}

/// The calendar as stored now. A few hundred rows: cheap enough to read per
/// use, which keeps several app servers consistent without a cache protocol.
pub async fn load(db: &Db) -> AppResult<Calendar> {
    let mut conn = db.pool.acquire().await?;
    load_from(&mut conn).await
}

/// `start + n` working days with the explanation, for the API and CLI.
pub async fn explain_workdays(app: &App, start: NaiveDate, days: u32) -> AppResult<serde_json::Value> {
    let cal = load(&app.db).await?;
    let d = Deadline::new(start, Unit::WorkingDays, days);
    let c = compute(&d, &cal, start)?;
    Ok(serde_json::json!({"start": start, "days": days, "due": c.due, "lines": c.explanation.to_chinese_lines(), "explanation": c.explanation}))
}

pub async fn add_workdays_db(db: &Db, start: NaiveDate, days: u32) -> AppResult<NaiveDate> {
    let cal = load(db).await?;
    Ok(add_working_days(&cal, start, days)?)
}

#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub loaded: bool,
    pub source: Option<String>,
    pub days: Vec<(String, &'static str, String)>,
}

pub async fn year_view(app: &App, year: i32) -> AppResult<YearView> {
    let src: Option<String> = sqlx::query_scalar("SELECT source FROM calendar_year WHERE year = $1").bind(year as i64).fetch_optional(&app.db.pool).await?;
    let rows = sqlx::query("SELECT day, kind, name FROM calendar_day WHERE day >= $1 AND day <= $2 ORDER BY day")
        .bind(format!("{year}-01-01"))
        .bind(format!("{year}-12-31"))
        .fetch_all(&app.db.pool)
        .await?;
    let days = rows
        .iter()
        .map(|r| {
            let kind: String = col(r, "kind")?;
            Ok((col(r, "day")?, parse_kind(&kind).map(kind_label).unwrap_or("未知"), col(r, "name")?))
        })
        .collect::<AppResult<_>>()?;
    Ok(YearView { year, loaded: src.is_some(), source: src, days })
}

/// Sets (or with kind "normal", clears) one day's entry and re-flows open clocks.
pub async fn set_day(app: &App, actor: &Actor, date: NaiveDate, kind: &str, name: &str) -> AppResult<u64> {
    let name = fazhi_core::form::optional_text("name", "名称", name, 32)?.unwrap_or_default();
    let kind = match kind {
        "normal" => None,
        k => Some(parse_kind(k).ok_or_else(|| DomainError::invalid("kind", "「类型」不正确"))?),
    };
    if kind.is_some() && name.is_empty() {
        return Err(DomainError::invalid("name", "「名称」不能为空，如：春节、春节调休上班").into());
    }
    let mut w = Write::begin_global(app, actor, Permission::CalendarManage).await?;
    let before = sqlx::query("SELECT kind, name FROM calendar_day WHERE day = $1").bind(date.to_string()).fetch_optional(w.conn()).await?;
    let before = match before {
        Some(r) => Some(serde_json::json!({"kind": col::<String>(&r, "kind")?, "name": col::<String>(&r, "name")?})),
        None => None,
    };
    sqlx::query("DELETE FROM calendar_day WHERE day = $1").bind(date.to_string()).execute(w.conn()).await?;
    if let Some(k) = kind {
        sqlx::query("INSERT INTO calendar_day (day, kind, name, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(date.to_string())
            .bind(kind_code(k))
            .bind(&name)
            .bind(now_text())
            .execute(w.conn())
            .await?;
    }
    let after = kind.map(|k| serde_json::json!({"kind": kind_code(k), "name": name}));
    w.record(Change::update("calendar_day", date, &before, &after));
    let n = reflow_in(&mut w).await?;
    w.commit().await?;
    Ok(n)
}

/// Marks a year's arrangement as complete (after entering the State Council
/// notice), so deadlines may run into it; re-flows open clocks.
pub async fn load_year(app: &App, actor: &Actor, year: i32, source: &str) -> AppResult<u64> {
    let source = fazhi_core::form::required_text("source", "依据文件", source, 100)?;
    if !(2000..=2100).contains(&year) {
        return Err(DomainError::invalid("year", "「年度」不正确").into());
    }
    let mut w = Write::begin_global(app, actor, Permission::CalendarManage).await?;
    sqlx::query("INSERT INTO calendar_year (year, source, loaded_at) VALUES ($1, $2, $3)")
        .bind(year as i64)
        .bind(&source)
        .bind(now_text())
        .execute(w.conn())
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Domain(DomainError::Conflict { .. }) => AppError::Domain(DomainError::invalid("year", "该年度已载入")),
            o => o,
        })?;
    w.record(Change::create("calendar_year", year, &serde_json::json!({"source": source})));
    let n = reflow_in(&mut w).await?;
    w.commit().await?;
    Ok(n)
}

/// What a clock row stores, derived from the deadline spec.
struct Derived {
    due: Option<String>,
    paused: bool,
    beyond: bool,
}

fn derive(cal: &Calendar, d: &Deadline, today: NaiveDate) -> Derived {
    match compute(d, cal, today) {
        Ok(c) => Derived { due: c.due.map(|x| x.to_string()), paused: matches!(c.status, ClockStatus::Paused), beyond: false },
        Err(_) => Derived { due: None, paused: false, beyond: true },
    }
}

fn today() -> NaiveDate {
    crate::web::pages::today()
}

/// Re-computes every open clock against the calendar as this transaction sees it.
pub async fn reflow_in(w: &mut Write<'_>) -> AppResult<u64> {
    let cal = load_from(w.conn()).await?;
    let rows = sqlx::query("SELECT id, spec_json, due_date, CASE WHEN paused THEN 1 ELSE 0 END AS paused, CASE WHEN beyond_calendar THEN 1 ELSE 0 END AS beyond_calendar FROM clock WHERE stopped_at IS NULL").fetch_all(w.conn()).await?;
    let mut changed = 0;
    for r in &rows {
        let id: i64 = col(r, "id")?;
        let spec: String = col(r, "spec_json")?;
        let d: Deadline = serde_json::from_str(&spec).map_err(AppError::internal)?;
        let x = derive(&cal, &d, today());
        let same = col::<Option<String>>(r, "due_date")? == x.due && crate::db::flag(r, "paused")? == x.paused && crate::db::flag(r, "beyond_calendar")? == x.beyond;
        if same {
            continue;
        }
        sqlx::query("UPDATE clock SET due_date = $1, paused = $2, beyond_calendar = $3, updated_at = $4 WHERE id = $5")
            .bind(&x.due)
            .bind(x.paused)
            .bind(x.beyond)
            .bind(now_text())
            .bind(id)
            .execute(w.conn())
            .await?;
        changed += 1;
    }
    Ok(changed)
}

/// Starts (or replaces) a named clock of a record inside the caller's write.
pub async fn put_clock_in(w: &mut Write<'_>, org_id: i64, module: &str, entity: &str, entity_id: &str, name: &str, d: &Deadline) -> AppResult<i64> {
    let cal = load_from(w.conn()).await?;
    let x = derive(&cal, d, today());
    let spec = serde_json::to_string(d).map_err(AppError::internal)?;
    let stopped = d.stopped_on.map(|s| s.to_string());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO clock (org_id, module, entity, entity_id, name, spec_json, due_date, paused, beyond_calendar, stopped_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (entity, entity_id, name) DO UPDATE SET spec_json = excluded.spec_json, due_date = excluded.due_date, paused = excluded.paused,
           beyond_calendar = excluded.beyond_calendar, stopped_at = excluded.stopped_at, updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(org_id)
    .bind(module)
    .bind(entity)
    .bind(entity_id)
    .bind(name)
    .bind(&spec)
    .bind(&x.due)
    .bind(x.paused)
    .bind(x.beyond)
    .bind(stopped)
    .bind(now_text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::action("clock", entity, entity_id, &serde_json::json!({"name": name, "due": x.due, "paused": x.paused, "spec": d})));
    Ok(id)
}

/// The year after the last loaded one is missing from November on (the notice
/// usually comes Oct–Dec): admins get a to-do item.
pub fn next_year_missing(cal: &Calendar, today: NaiveDate) -> Option<i32> {
    let next = today.year() + 1;
    (today.month() >= 11 && !cal.loaded_years().any(|y| y == next)).then_some(next)
}

/// A stored clock, computed now, with its explanation: what staff (and, in a
/// public module, the applicant) read to check a due date by hand.
#[derive(Debug, Clone, Serialize)]
pub struct ClockView {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub module: String,
    pub due: Option<String>,
    pub status: String,
    pub lines: Vec<String>,
}

pub async fn clock_view(app: &App, id: i64) -> AppResult<ClockView> {
    let r = sqlx::query("SELECT id, org_id, name, module, spec_json FROM clock WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("期限"))?;
    let spec: String = col(&r, "spec_json")?;
    let d: Deadline = serde_json::from_str(&spec).map_err(AppError::internal)?;
    let cal = load(&app.db).await?;
    let (due, status, lines) = match compute(&d, &cal, today()) {
        Ok(c) => {
            let status = match c.status {
                ClockStatus::Running { working_days_left: Some(n), .. } => format!("计时中，剩余 {n} 个工作日"),
                ClockStatus::Running { calendar_days_left, .. } => format!("计时中，剩余 {calendar_days_left} 天"),
                ClockStatus::Overdue { calendar_days, .. } => format!("已逾期 {calendar_days} 天"),
                ClockStatus::Paused => "计时暂停".to_string(),
                ClockStatus::Completed { on, on_time } => format!("已于 {on} 办结（{}）", if on_time { "按期" } else { "超期" }),
            };
            (c.due.map(|x| x.to_string()), status, c.explanation.to_chinese_lines())
        }
        Err(e) => (None, "日历未载入".to_string(), vec![e.to_string()]),
    };
    Ok(ClockView { id, org_id: col(&r, "org_id")?, name: col(&r, "name")?, module: col(&r, "module")?, due, status, lines })
}
