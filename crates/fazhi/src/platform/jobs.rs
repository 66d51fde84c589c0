//! Background jobs in the database, so any app server can run them: claimed
//! with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer anyway).
//! Today's only kind is a list export too large for one request; the page
//! answers at once with a job whose download link appears when it is done.
use std::time::Duration;

use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use serde::{Deserialize, Serialize};

use crate::db::{Dialect, col, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, Write, load_actor, load_org};
use crate::platform::listing::ListQuery;
use crate::platform::{export, lists};

#[derive(Serialize, Deserialize)]
struct ExportPayload {
    list: String,
    query: ListQuery,
}

#[derive(Debug, Clone, Serialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub rows_done: i64,
    pub error: Option<String>,
    pub has_file: bool,
}

impl JobRow {
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "queued" => "排队中",
            "running" => "正在生成",
            "done" => "已完成",
            "failed" => "失败",
            _ => "未知",
        }
    }
}

/// Queues an export of a list; the job runs as the requesting user, so it sees exactly their scope.
pub async fn enqueue_export(app: &App, actor: &Actor, list: &str, query: &ListQuery) -> AppResult<i64> {
    let spec = lists::spec(list).ok_or_else(|| DomainError::not_found("列表"))?;
    actor.require_anywhere(Permission::ListExport)?;
    let org = load_org(app, actor.home_org_id).await?;
    let payload = serde_json::to_string(&ExportPayload { list: list.into(), query: query.clone() }).map_err(AppError::internal)?;
    let mut w = Write::begin(app, actor, Permission::OrgRead, &org).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO job (kind, payload_json, status, org_id, created_by, created_at) VALUES ('export', $1, 'queued', $2, $3, $4) RETURNING id")
        .bind(&payload)
        .bind(org.id)
        .bind(actor.user_id)
        .bind(now_text())
        .fetch_one(w.conn())
        .await?;
    w.record(Change::create("job", id, &serde_json::json!({"kind": "export", "list": spec.name, "query": query})));
    w.commit().await?;
    Ok(id)
}

/// Queues the background run of a resident import (`grid::import`), inside
/// the caller's transaction, so the import record and its job exist together.
pub async fn enqueue_grid_import(conn: &mut sqlx::AnyConnection, org_id: i64, by: i64, import_id: i64) -> AppResult<i64> {
    let payload = serde_json::json!({ "import_id": import_id }).to_string();
    Ok(sqlx::query_scalar("INSERT INTO job (kind, payload_json, status, org_id, created_by, created_at) VALUES ('grid_import', $1, 'queued', $2, $3, $4) RETURNING id")
        .bind(&payload)
        .bind(org_id)
        .bind(by)
        .bind(now_text())
        .fetch_one(conn)
        .await?)
}

/// Claims the oldest queued job (and re-queues jobs whose server died mid-run).
async fn claim(app: &App, worker: &str) -> AppResult<Option<(i64, String, i64, String)>> {
    let stale = (chrono::Utc::now() - chrono::Duration::minutes(30)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    sqlx::query("UPDATE job SET status = 'queued' WHERE status = 'running' AND locked_at < $1 AND attempts < 3").bind(&stale).execute(&app.db.pool).await?;
    let pick = match app.db.dialect {
        Dialect::Postgres => "SELECT id FROM job WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "SELECT id FROM job WHERE status = 'queued' ORDER BY id LIMIT 1",
    };
    let mut tx = app.db.begin_write().await?;
    let Some(id) = sqlx::query_scalar::<_, i64>(pick).fetch_optional(&mut **tx).await? else {
        return Ok(None);
    };
    let r = sqlx::query("UPDATE job SET status = 'running', locked_at = $1, locked_by = $2, attempts = attempts + 1 WHERE id = $3 RETURNING payload_json, created_by, kind")
        .bind(now_text())
        .bind(worker)
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let payload: String = col(&r, "payload_json")?;
    let by: i64 = col(&r, "created_by")?;
    let kind: String = col(&r, "kind")?;
    tx.commit().await?;
    Ok(Some((id, payload, by, kind)))
}

async fn run_export(app: &App, id: i64, payload: &str, by: i64) -> AppResult<(String, String, u64)> {
    let p: ExportPayload = serde_json::from_str(payload).map_err(AppError::internal)?;
    let spec = lists::spec(&p.list).ok_or_else(|| AppError::internal("unknown list"))?;
    let actor = load_actor(app, by).await?.ok_or_else(|| DomainError::forbidden("申请导出的用户已停用"))?;
    let dir = app.cfg.data_dir.join("exports");
    tokio::fs::create_dir_all(&dir).await.map_err(AppError::internal)?;
    let path = dir.join(format!("job-{id}.xlsx"));
    let n = export::write_xlsx(app, &actor, spec, &p.query, &path).await?;
    let name = format!("{}-{}.xlsx", spec.title, crate::web::pages::today().format("%Y%m%d"));
    Ok((path.to_string_lossy().to_string(), name, n))
}

/// Runs one queued job if there is one; returns whether it ran one.
pub async fn run_one(app: &App, worker: &str) -> AppResult<bool> {
    let Some((id, payload, by, kind)) = claim(app, worker).await? else { return Ok(false) };
    let t = now_text();
    if kind == "grid_import" {
        // The import keeps its own progress and report (grid_import); the job only says it ran.
        let (status, n, error) = match crate::grid::import::run_job(app, &payload).await {
            Ok(n) => ("done", n as i64, None),
            Err(e) => ("failed", 0, Some(e.message())),
        };
        sqlx::query("UPDATE job SET status = $1, finished_at = $2, rows_done = $3, error = $4 WHERE id = $5")
            .bind(status)
            .bind(now_text())
            .bind(n)
            .bind(error)
            .bind(id)
            .execute(&app.db.pool)
            .await?;
        return Ok(true);
    }
    let result = run_export(app, id, &payload, by).await;
    match result {
        Ok((path, name, n)) => {
            sqlx::query("UPDATE job SET status = 'done', finished_at = $1, result_path = $2, result_name = $3, rows_done = $4 WHERE id = $5")
                .bind(&t)
                .bind(path)
                .bind(name)
                .bind(n as i64)
                .bind(id)
                .execute(&app.db.pool)
                .await?;
        }
        Err(e) => {
            sqlx::query("UPDATE job SET status = 'failed', finished_at = $1, error = $2 WHERE id = $3").bind(&t).bind(e.message()).bind(id).execute(&app.db.pool).await?;
        }
    }
    Ok(true)
}

/// How often the worker runs the grid's periodic work.
const GRID_TICK: Duration = Duration::from_secs(600);

/// The worker loop of one app server.
pub fn spawn_worker(app: App) {
    let worker = format!("{}-{}", std::process::id(), fazhi_crypto::random_token(4));
    tokio::spawn(async move {
        let mut grid_tick: Option<std::time::Instant> = None;
        loop {
            // Periodic grid work (missed-patrol flags, event escalation): idempotent, every 10 minutes.
            if grid_tick.is_none_or(|t| t.elapsed() >= GRID_TICK) {
                grid_tick = Some(std::time::Instant::now());
                if let Err(e) = crate::grid::patrols::daily(&app, crate::web::pages::today()).await {
                    tracing::error!("grid tick: {e:?}");
                }
            }
            match run_one(&app, &worker).await {
                Ok(true) => continue,
                Ok(false) => tokio::time::sleep(Duration::from_millis(500)).await,
                Err(e) => {
                    tracing::error!("job worker: {e:?}");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    });
}

pub async fn my_jobs(app: &App, actor: &Actor) -> AppResult<Vec<JobRow>> {
    let rows = sqlx::query("SELECT id, kind, status, payload_json, created_at, finished_at, rows_done, error, result_path FROM job WHERE created_by = $1 ORDER BY id DESC LIMIT 50")
        .bind(actor.user_id)
        .fetch_all(&app.db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let payload: String = col(r, "payload_json")?;
            let kind: String = col(r, "kind")?;
            let title = if kind == "grid_import" {
                "导入居民信息".to_string()
            } else {
                serde_json::from_str::<ExportPayload>(&payload).ok().and_then(|p| lists::spec(&p.list)).map(|s| format!("导出：{}", s.title)).unwrap_or_default()
            };
            Ok(JobRow {
                id: col(r, "id")?,
                kind,
                status: col(r, "status")?,
                title,
                created_at: col(r, "created_at")?,
                finished_at: col(r, "finished_at")?,
                rows_done: col(r, "rows_done")?,
                error: col(r, "error")?,
                has_file: col::<Option<String>>(r, "result_path")?.is_some(),
            })
        })
        .collect()
}

/// The finished file of one of the caller's own jobs.
pub async fn result_file(app: &App, actor: &Actor, id: i64) -> AppResult<(std::path::PathBuf, String)> {
    let r = sqlx::query("SELECT result_path, result_name FROM job WHERE id = $1 AND created_by = $2 AND status = 'done'")
        .bind(id)
        .bind(actor.user_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("导出文件"))?;
    let path: Option<String> = col(&r, "result_path")?;
    let name: Option<String> = col(&r, "result_name")?;
    Ok((path.ok_or_else(|| DomainError::not_found("导出文件"))?.into(), name.unwrap_or_else(|| "export.xlsx".into())))
}
