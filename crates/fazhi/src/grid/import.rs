//! Importing the resident table (居民基础信息表) from XLSX.
//!
//! An upload becomes a `grid_import` row and a background job
//! (`platform::jobs`, kind `grid_import`); the command line runs the same
//! [`run`] synchronously. The rules are the core's
//! (`fazhi_core::grid::resident`: [`check_headers`], [`validate_row`],
//! [`ImportTally`], [`decide`]); this module is the pipeline around them:
//!
//! ```text
//! reader thread ──chunks of rows──▶ worker threads ──checked + sealed──▶ writer (one transaction)
//!  (xlsx_read, streaming)          (validate_row, seal, seal_door)       (tally in row order, batched INSERTs)
//! ```
//!
//! - One pass over the file; channels are bounded, so memory stays flat:
//!   a few chunks in flight, the tally's seen-set (16 bytes per row) and the
//!   building/household caches of this import.
//! - All rows go in one transaction with the audited `import` record, so
//!   "全部正确才导入" is a rollback: once a bad row is seen in that mode
//!   nothing more is written (the rest is still checked, for the report)
//!   and the transaction is dropped.
//! - A 身份证号 already in the register (its blind index, looked up per
//!   chunk, or in memory during a bulk load) counts as 已登记 and is not inserted again, so importing the
//!   same file twice adds nothing. Repeats inside the file are bad rows
//!   (core rule).
//! - A large file going into a small register on SQLite is a bulk load:
//!   the resident indexes are dropped inside the transaction and built
//!   again (one sort each) before the commit, instead of taking a million
//!   random-key B-tree inserts; "already registered" is then answered from
//!   the register's blind indexes read into memory first. Readers keep
//!   their snapshot (WAL) with the indexes until the commit.
//! - The report keeps the core's [`CellError`]s (first [`MAX_REPORTED`]),
//!   never a cell's content, so no 身份证号 reaches the database in clear;
//!   the bad rows' XLSX re-reads the uploaded file on demand.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::grid::Place;
use fazhi_core::grid::resident::{COLUMNS, CellError, ImportMode, ImportTally, MAX_REPORTED, ResidentRow, RowVerdict, check_headers, decide, validate_row};
use fazhi_core::org::OrgKind;
use serde::{Deserialize, Serialize};

use crate::db::{Dialect, col, now_text};
use crate::error::{AppError, AppResult};
use crate::grid::residents::{Sealed, seal, seal_door};
use crate::grid::xlsx_read::{self, FileError, SheetRow};
use crate::grid::{RESIDENT, scope};
use crate::kernel::{App, Change, OrgRef, Write, load_actor, load_org};

/// Rows handed from the reader to a worker at a time.
const CHUNK_ROWS: usize = 2000;
/// Residents per INSERT statement (15 bound values each: far below both
/// backends' parameter limits).
const INSERT_ROWS: usize = 500;
/// Households inserted per statement.
const HOUSEHOLD_ROWS: usize = 500;

/// Page cache of the importing SQLite connection (KiB, negative = size), and the default it returns to.
const SQLITE_IMPORT_CACHE: &str = "PRAGMA cache_size = -262144";
const SQLITE_DEFAULT_CACHE: &str = "PRAGMA cache_size = -2000";

/// A worksheet row takes at least this many bytes of XML (`<row r="…">` and
/// cells of shared strings), so the sheet's size bounds its row count.
const SHEET_BYTES_PER_ROW: u64 = 100;
/// Below this many rows rebuilding the indexes is not worth it.
const BULK_MIN_ROWS: u64 = 20_000;

/// Is a bulk load (indexes dropped, then rebuilt) cheaper than inserting
/// into them? Rebuilding costs a sort of the whole register, inserting a
/// random-key B-tree walk per new row: bulk when the file may hold at least
/// as many rows as the register already has.
pub fn bulk_load_pays(sheet_bytes: u64, registered: u64) -> bool {
    let rows = sheet_bytes / SHEET_BYTES_PER_ROW;
    rows >= BULK_MIN_ROWS && rows >= registered
}

/// The stored mode names.
pub fn mode_code(mode: ImportMode) -> &'static str {
    match mode {
        ImportMode::AllOrNothing => "all_or_nothing",
        ImportMode::ValidRowsOnly => "valid_rows_only",
    }
}

pub fn parse_mode(code: &str) -> Option<ImportMode> {
    match code {
        "all_or_nothing" | "all" => Some(ImportMode::AllOrNothing),
        "valid_rows_only" | "valid" => Some(ImportMode::ValidRowsOnly),
        _ => None,
    }
}

/// Status codes of `grid_import.status` and their labels.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "queued" => "排队中",
        "running" => "正在导入",
        "done" => "已导入",
        "refused" => "未导入（有错误行）",
        "empty" => "未导入（没有数据行）",
        "failed" => "未导入（文件有误）",
        _ => "未知",
    }
}

/// Where uploaded import files are kept.
pub fn upload_dir(app: &App) -> PathBuf {
    app.cfg.data_dir.join("grid_imports")
}

/// A file received for import (already written to disk, hashed).
pub struct NewImport<'a> {
    pub grid_id: i64,
    pub mode: ImportMode,
    pub file_name: &'a str,
    pub file_path: &'a Path,
    pub file_sm3: &'a str,
    /// Queue a background job (the web page); `false` for the command line, which runs it at once.
    pub enqueue: bool,
}

/// The grid an import goes into, checked: a grid unit inside the actor's
/// scope for `ResidentEdit`, never through a steward's building grant.
pub async fn target_grid(app: &App, actor: &Actor, grid_id: i64) -> AppResult<OrgRef> {
    let org = load_org(app, grid_id).await?;
    if org.kind != OrgKind::Grid {
        return Err(DomainError::invalid("grid_id", "请选择要导入的「网格」").into());
    }
    scope::require_place(app, actor, Permission::ResidentEdit, &Place { grid: org.path.clone(), building_id: None }).await?;
    Ok(org)
}

/// Records an upload (and queues its job); returns the import's id.
pub async fn create(app: &App, actor: &Actor, new: NewImport<'_>) -> AppResult<i64> {
    let org = target_grid(app, actor, new.grid_id).await?;
    let name: String = new.file_name.chars().filter(|c| !c.is_control()).take(200).collect();
    let name = if name.trim().is_empty() { "居民信息.xlsx".to_string() } else { name };
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, &org).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO grid_import (grid_id, mode, file_name, file_path, file_sm3, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7) RETURNING id",
    )
    .bind(org.id)
    .bind(mode_code(new.mode))
    .bind(&name)
    .bind(new.file_path.to_string_lossy().to_string())
    .bind(new.file_sm3)
    .bind(actor.user_id)
    .bind(now_text())
    .fetch_one(w.conn())
    .await?;
    if new.enqueue {
        let job = crate::platform::jobs::enqueue_grid_import(w.conn(), org.id, actor.user_id, id).await?;
        sqlx::query("UPDATE grid_import SET job_id = $1 WHERE id = $2").bind(job).bind(id).execute(w.conn()).await?;
    }
    w.record(Change::create("grid_import", id, &serde_json::json!({"file_name": name, "file_sm3": new.file_sm3, "mode": mode_code(new.mode), "grid": org.name})));
    w.commit().await?;
    Ok(id)
}

/// One import as the pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportView {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub mode: ImportMode,
    pub file_name: String,
    pub file_sm3: String,
    pub status: String,
    pub rows_total: i64,
    pub rows_inserted: i64,
    pub rows_registered: i64,
    pub rows_bad: i64,
    pub message: Option<String>,
    pub created_by: i64,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// Only on [`get`]: the stored report.
    pub report: Report,
    #[serde(skip)]
    pub file_path: String,
}

impl ImportView {
    pub fn status_label(&self) -> &'static str {
        status_label(&self.status)
    }
    pub fn mode_label(&self) -> &'static str {
        self.mode.label()
    }
    pub fn is_running(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "running")
    }
}

/// The per-row report kept in `grid_import.report_json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// One sentence (the core's decision summary, or the file error).
    pub summary: String,
    /// "第 12 行「身份证号」：…", in row order, at most [`MAX_REPORTED`].
    pub errors: Vec<ReportLine>,
    /// Problems beyond the listed ones.
    pub not_listed: usize,
    /// Seconds the import took and rows per second (figures for the page).
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportLine {
    pub row: usize,
    pub column: String,
    pub message: String,
    pub text: String,
}

const VIEW_COLS: &str = "i.id, i.grid_id, o.name AS grid_name, i.mode, i.file_name, i.file_sm3, i.file_path, i.status, i.rows_total, i.rows_inserted, i.rows_registered, i.rows_bad, i.message, i.created_by, i.created_at, i.finished_at";

fn view_of(r: &sqlx::any::AnyRow, report: Option<String>) -> AppResult<ImportView> {
    let mode: String = col(r, "mode")?;
    Ok(ImportView {
        id: col(r, "id")?,
        grid_id: col(r, "grid_id")?,
        grid_name: col(r, "grid_name")?,
        mode: parse_mode(&mode).unwrap_or(ImportMode::AllOrNothing),
        file_name: col(r, "file_name")?,
        file_sm3: col(r, "file_sm3")?,
        file_path: col(r, "file_path")?,
        status: col(r, "status")?,
        rows_total: col(r, "rows_total")?,
        rows_inserted: col(r, "rows_inserted")?,
        rows_registered: col(r, "rows_registered")?,
        rows_bad: col(r, "rows_bad")?,
        message: col(r, "message")?,
        created_by: col(r, "created_by")?,
        created_at: col(r, "created_at")?,
        finished_at: col(r, "finished_at")?,
        report: report.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default(),
    })
}

/// One import with its report, if the actor may edit residents of its grid.
pub async fn get(app: &App, actor: &Actor, id: i64) -> AppResult<ImportView> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VIEW_COLS}, i.report_json FROM grid_import i JOIN org_unit o ON o.id = i.grid_id WHERE i.id = $1")))
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("导入记录"))?;
    let v = view_of(&r, col(&r, "report_json")?)?;
    target_grid(app, actor, v.grid_id).await.map_err(|_| AppError::from(DomainError::not_found("导入记录")))?;
    Ok(v)
}

/// The latest imports into the grids the actor may import into.
pub async fn history(app: &App, actor: &Actor, limit: i64) -> AppResult<Vec<ImportView>> {
    let whole = fazhi_core::grid::GridScope::of(actor, Permission::ResidentEdit, &[]);
    let (cond, binds) = crate::kernel::scope_sql(whole.subtrees(), "o.path", 1);
    let sql = format!("SELECT {VIEW_COLS} FROM grid_import i JOIN org_unit o ON o.id = i.grid_id WHERE {cond} ORDER BY i.id DESC LIMIT {limit}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        q = q.bind(b);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(|r| view_of(r, None)).collect()
}

/// The grids the actor may import into: `(id, name)`.
pub async fn grids_for(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    let whole = fazhi_core::grid::GridScope::of(actor, Permission::ResidentEdit, &[]);
    let (cond, binds) = crate::kernel::scope_sql(whole.subtrees(), "o.path", 1);
    let sql = format!("SELECT o.id, o.name FROM org_unit o WHERE o.kind = 'grid' AND {cond} ORDER BY o.path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        q = q.bind(b);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(|r| Ok((col(r, "id")?, col(r, "name")?))).collect()
}

/// What one run did.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub status: &'static str,
    pub rows: usize,
    pub inserted: usize,
    pub registered: usize,
    pub bad: usize,
    pub summary: String,
    pub seconds: f64,
}

impl Outcome {
    pub fn rows_per_second(&self) -> f64 {
        if self.seconds > 0.0 { self.rows as f64 / self.seconds } else { 0.0 }
    }
}

/// Runs a recorded import to the end (job or command line), as the user
/// who uploaded it, and stores its outcome and report.
pub async fn run(app: &App, import_id: i64) -> AppResult<Outcome> {
    let r = sqlx::query("SELECT grid_id, mode, file_name, file_path, file_sm3, created_by, status FROM grid_import WHERE id = $1")
        .bind(import_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("导入记录"))?;
    let grid_id: i64 = col(&r, "grid_id")?;
    let mode = parse_mode(&col::<String>(&r, "mode")?).unwrap_or(ImportMode::AllOrNothing);
    let file_name: String = col(&r, "file_name")?;
    let file_path: String = col(&r, "file_path")?;
    let file_sm3: String = col(&r, "file_sm3")?;
    let by: i64 = col(&r, "created_by")?;
    let actor = load_actor(app, by).await?.ok_or_else(|| DomainError::forbidden("发起导入的用户已停用"))?;
    sqlx::query("UPDATE grid_import SET status = 'running' WHERE id = $1").bind(import_id).execute(&app.db.pool).await?;
    let started = Instant::now();
    let result = match target_grid(app, &actor, grid_id).await {
        Ok(org) => execute(app, &actor, &org, import_id, mode, Path::new(&file_path), &file_name, &file_sm3, started).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(o) => Ok(o),
        Err(e) => {
            let report = Report { summary: format!("导入未完成：{}", e.message()), ..Report::default() };
            finish_unwritten(app, import_id, "failed", &report, 0, 0).await?;
            Err(e)
        }
    }
}

/// Stores the outcome of an import that wrote nothing.
async fn finish_unwritten(app: &App, import_id: i64, status: &str, report: &Report, rows: usize, bad: usize) -> AppResult<()> {
    sqlx::query("UPDATE grid_import SET status = $1, rows_total = $2, rows_inserted = 0, rows_registered = 0, rows_bad = $3, report_json = $4, message = $5, finished_at = $6 WHERE id = $7")
        .bind(status)
        .bind(rows as i64)
        .bind(bad as i64)
        .bind(serde_json::to_string(report).map_err(AppError::internal)?)
        .bind(&report.summary)
        .bind(now_text())
        .bind(import_id)
        .execute(&app.db.pool)
        .await?;
    Ok(())
}

/// One row after the workers: checked, and sealed when it is to be written.
struct Prepared {
    number: usize,
    checked: Result<ResidentRow, Vec<CellError>>,
    sealed: Option<SealedRow>,
}

struct SealedRow {
    resident: Sealed,
    building: String,
    door_enc: String,
    door_idx: String,
}

enum Msg {
    /// The worksheet's inflated size, sent before any chunk.
    Sheet(u64),
    Chunk(usize, Vec<Prepared>),
    /// The reader's end: how many chunks it sent.
    Done(usize),
    /// The file itself is unreadable or not ours.
    File(CellError),
}

/// Is this the template's note row (each non-empty cell is its column's hint)?
fn is_hint_row(row: &SheetRow) -> bool {
    let mut any = false;
    for (i, c) in row.cells.iter().enumerate() {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        match COLUMNS.get(i) {
            Some(col) if col.hint == c => any = true,
            _ => return false,
        }
    }
    any
}

fn file_error(e: FileError) -> CellError {
    CellError { row: 0, column: "", message: e.0 }
}

/// The reader thread: header check, then chunks of non-blank rows.
fn read_file(path: PathBuf, raw: std::sync::mpsc::SyncSender<(usize, Vec<SheetRow>)>, out: tokio::sync::mpsc::Sender<Msg>) {
    let fail = |e: CellError| {
        let _ = out.blocking_send(Msg::File(e));
    };
    let mut wb = match xlsx_read::open(&path) {
        Ok(wb) => wb,
        Err(e) => return fail(file_error(e)),
    };
    if out.blocking_send(Msg::Sheet(wb.sheet_bytes())).is_err() {
        return;
    }
    let mut rows = match wb.rows() {
        Ok(r) => r,
        Err(e) => return fail(file_error(e)),
    };
    let mut row = SheetRow::default();
    // The header: the first non-blank row.
    loop {
        match rows.next_into(&mut row) {
            Ok(true) if row.is_blank() => continue,
            Ok(true) => break,
            Ok(false) => return fail(CellError { row: 1, column: "", message: "工作表是空的，没有表头".into() }),
            Err(e) => return fail(file_error(e)),
        }
    }
    let headers: Vec<&str> = row.cells.iter().map(String::as_str).collect();
    if let Err(e) = check_headers(&headers) {
        return fail(CellError { row: row.number, ..e });
    }
    let mut seq = 0;
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    loop {
        let mut row = SheetRow { number: 0, cells: Vec::with_capacity(COLUMNS.len()) };
        match rows.next_into(&mut row) {
            Ok(true) => {
                if row.is_blank() || is_hint_row(&row) {
                    continue;
                }
                chunk.push(row);
                if chunk.len() == CHUNK_ROWS {
                    if raw.send((seq, std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS)))).is_err() {
                        return;
                    }
                    seq += 1;
                }
            }
            Ok(false) => break,
            Err(e) => return fail(file_error(e)),
        }
    }
    if !chunk.is_empty() {
        if raw.send((seq, chunk)).is_err() {
            return;
        }
        seq += 1;
    }
    drop(raw);
    let _ = out.blocking_send(Msg::Done(seq));
}

/// A worker thread: validate and seal each row of each chunk.
fn work(app: App, today: chrono::NaiveDate, raw: Arc<Mutex<std::sync::mpsc::Receiver<(usize, Vec<SheetRow>)>>>, out: tokio::sync::mpsc::Sender<Msg>, skip_seal: Arc<AtomicBool>) {
    loop {
        let next = raw.lock().map(|r| r.recv());
        let Ok(Ok((seq, rows))) = next else { return };
        let seal_rows = !skip_seal.load(Ordering::Relaxed);
        let prepared = rows
            .into_iter()
            .map(|row| {
                let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
                let checked = validate_row(row.number, &cells, today);
                let sealed = match (&checked, seal_rows) {
                    (Ok(r), true) => {
                        let (building, _) = r.household_key();
                        let (door_enc, door_idx) = seal_door(&app, &r.door);
                        Some(SealedRow { resident: seal(&app, r), building, door_enc, door_idx })
                    }
                    _ => None,
                };
                Prepared { number: row.number, checked, sealed }
            })
            .collect();
        if out.blocking_send(Msg::Chunk(seq, prepared)).is_err() {
            return;
        }
    }
}

/// The writer's state inside the import's transaction.
struct Writer {
    grid_id: i64,
    import_id: i64,
    user_id: i64,
    now: String,
    today: String,
    dialect: Dialect,
    buildings: HashMap<String, i64>,
    /// Households made sure of: (building id, first 16 bytes of the door's blind index).
    households: HashSet<(i64, [u8; 16])>,
    inserted: usize,
    /// Registered before this import (tally) or by someone else meanwhile (insert conflicts).
    raced: usize,
    /// Set while the resident indexes are dropped (SQLite bulk load).
    bulk: Option<BulkLoad>,
    /// Residents up to this id have their residence row.
    residence_upto: i64,
}

/// A SQLite bulk load in progress: the import's transaction holds the only
/// write lock, so nobody else can register a resident until the commit.
struct BulkLoad {
    /// The register's blind indexes of 身份证号 (first 16 bytes) before this import.
    known: HashSet<[u8; 16]>,
    /// The dropped indexes' own CREATE statements, run again after the load.
    indexes: Vec<String>,
}

impl BulkLoad {
    /// Reads what the indexes answered during the load, then drops them.
    async fn begin(conn: &mut sqlx::AnyConnection) -> AppResult<BulkLoad> {
        let known = sqlx::query_scalar::<_, String>("SELECT id_idx FROM grid_resident").fetch_all(&mut *conn).await?.iter().map(|i| idx_key(i)).collect();
        let rows = sqlx::query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'grid_resident' AND sql IS NOT NULL").fetch_all(&mut *conn).await?;
        let mut indexes = Vec::with_capacity(rows.len());
        for r in &rows {
            let name: String = col(r, "name")?;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\""))).execute(&mut *conn).await?;
            indexes.push(col(r, "sql")?);
        }
        Ok(BulkLoad { known, indexes })
    }

    /// Builds the indexes again (the unique one fails, rolling back, if a duplicate slipped in).
    async fn end(self, conn: &mut sqlx::AnyConnection) -> AppResult<()> {
        for sql in self.indexes {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// The `n`-th placeholder: `?` on SQLite (sqlx looks named `$n` parameters up
/// by name, which dominated a 500-row INSERT), `$n` on PostgreSQL.
fn ph(dialect: Dialect, n: usize) -> String {
    match dialect {
        Dialect::Sqlite => "?".into(),
        Dialect::Postgres => format!("${n}"),
    }
}

fn idx_key(idx: &str) -> [u8; 16] {
    let mut k = [0u8; 16];
    let _ = hex::decode_to_slice(&idx[..32.min(idx.len())], &mut k);
    k
}

impl Writer {
    /// Which of these blind indexes are already in the register.
    async fn registered(&self, conn: &mut sqlx::AnyConnection, idx: &[&str]) -> AppResult<HashSet<String>> {
        match &self.bulk {
            Some(b) => Ok(idx.iter().filter(|i| b.known.contains(&idx_key(i))).map(|i| i.to_string()).collect()),
            None => registered(conn, self.dialect, idx).await,
        }
    }

    async fn building(&mut self, conn: &mut sqlx::AnyConnection, name: &str) -> AppResult<i64> {
        if let Some(id) = self.buildings.get(name) {
            return Ok(*id);
        }
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM grid_building WHERE grid_id = $1 AND name = $2").bind(self.grid_id).bind(name).fetch_optional(&mut *conn).await?;
        let id = match found {
            Some(id) => id,
            None => {
                sqlx::query_scalar("INSERT INTO grid_building (grid_id, name, created_at) VALUES ($1, $2, $3) RETURNING id")
                    .bind(self.grid_id)
                    .bind(name)
                    .bind(&self.now)
                    .fetch_one(&mut *conn)
                    .await?
            }
        };
        self.buildings.insert(name.to_string(), id);
        Ok(id)
    }

    /// Makes sure the households of `rows` exist (`building id`s are given).
    /// A door already there is left as it is (its unique key); the residents'
    /// INSERT finds each household by that key, so no id travels back here.
    async fn households(&mut self, conn: &mut sqlx::AnyConnection, rows: &[(i64, SealedRow)]) -> AppResult<()> {
        let missing: Vec<(i64, &SealedRow)> = rows.iter().map(|(b, s)| (*b, s)).filter(|(b, s)| self.households.insert((*b, idx_key(&s.door_idx)))).collect();
        for part in missing.chunks(HOUSEHOLD_ROWS) {
            let values: Vec<String> = (0..part.len()).map(|i| format!("({}, {}, {}, '{}')", ph(self.dialect, 3 * i + 1), ph(self.dialect, 3 * i + 2), ph(self.dialect, 3 * i + 3), self.now)).collect();
            let sql = format!("INSERT INTO grid_household (building_id, door_enc, door_idx, created_at) VALUES {} ON CONFLICT (building_id, door_idx) DO NOTHING", values.join(", "));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (b, s) in part {
                q = q.bind(*b).bind(s.door_enc.as_str()).bind(s.door_idx.as_str());
            }
            q.execute(&mut *conn).await?;
        }
        Ok(())
    }

    /// Inserts new residents (already known not to be registered). The
    /// statement text depends only on the number of rows (values constant for
    /// the whole import are literals), so it is prepared once and reused.
    /// The next statement's values are bound (moved, not copied) while the
    /// database runs the current one.
    async fn residents(&mut self, conn: &mut sqlx::AnyConnection, rows: Vec<(i64, SealedRow)>) -> AppResult<()> {
        let mut parts = std::collections::VecDeque::new();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            parts.push_back(rows.by_ref().take(INSERT_ROWS).collect::<Vec<_>>());
        }
        let Some(first) = parts.pop_front() else { return Ok(()) };
        let mut current = self.insert_query(first)?;
        loop {
            let next = parts.pop_front();
            let (query, n) = current;
            let (done, built) = tokio::join!(query.execute(&mut *conn), async { next.map(|p| self.insert_query(p)).transpose() });
            let done = done?.rows_affected() as usize;
            self.inserted += done;
            self.raced += n - done;
            match built? {
                Some(q) => current = q,
                None => return Ok(()),
            }
        }
    }

    /// Residence history of the residents inserted since the last call: each
    /// lives in their household from today. Run per chunk, while those rows
    /// are still in the page cache (at the end they were read back from disk).
    async fn residences(&mut self, conn: &mut sqlx::AnyConnection) -> AppResult<()> {
        let upto: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM grid_resident").fetch_one(&mut *conn).await?;
        sqlx::query(
            "INSERT INTO grid_residence (resident_id, grid_id, building_id, household_id, from_date, created_at) \
             SELECT id, grid_id, building_id, household_id, $1, $2 FROM grid_resident WHERE id > $3 AND id <= $4 AND import_id = $5",
        )
        .bind(&self.today)
        .bind(&self.now)
        .bind(self.residence_upto)
        .bind(upto)
        .bind(self.import_id)
        .execute(&mut *conn)
        .await?;
        self.residence_upto = upto;
        Ok(())
    }

    /// One INSERT of `part` with its values bound, and its row count.
    fn insert_query(&self, part: Vec<(i64, SealedRow)>) -> AppResult<(sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>, usize)> {
        let n = part.len();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(self.insert_sql(n)));
        for (b, s) in part {
            let r = s.resident;
            q = q
                .bind(b)
                .bind(s.door_idx)
                .bind(r.name)
                .bind(r.id_enc)
                .bind(r.id_idx)
                .bind(r.sex)
                .bind(r.birth_date)
                .bind(r.phone_enc)
                .bind(r.phone_idx)
                .bind(r.relation)
                .bind(r.residence)
                .bind(r.floating_since)
                .bind(r.items_json)
                .bind(r.attention)
                .bind(r.note);
        }
        Ok((q, n))
    }

    /// `INSERT … SELECT … FROM (VALUES (…), …)` for `n` rows of 15 bound
    /// values each, each row finding its household by the unique key
    /// (building, door), so no id travels back to us. One correlated
    /// subquery (one cursor, an index lookup a row): a subquery written into
    /// each VALUES row opened 500 cursors on SQLite, and a join let
    /// PostgreSQL, without statistics for the rows this import added, scan
    /// the household table per statement.
    fn insert_sql(&self, n: usize) -> String {
        use std::fmt::Write as _;
        const BOUND: usize = 15;
        let mut sql = String::with_capacity(512 + n * 90);
        let _ = write!(
            sql,
            "INSERT INTO grid_resident (grid_id, import_id, created_by, created_at, updated_at, building_id, household_id, name, id_enc, id_idx, sex, birth_date, \
             phone_enc, phone_idx, relation, residence, floating_since, items_json, attention, note) \
             SELECT {}, {}, {}, '{}', '{}', v.column1, (SELECT h.id FROM grid_household h WHERE h.building_id = v.column1 AND h.door_idx = v.column2)",
            self.grid_id, self.import_id, self.user_id, self.now, self.now
        );
        for c in 3..=BOUND {
            let _ = write!(sql, ", v.column{c}");
        }
        sql.push_str(" FROM (VALUES ");
        let mut k = 0;
        for i in 0..n {
            sql.push_str(if i > 0 { ", (" } else { "(" });
            for j in 0..BOUND {
                k += 1;
                if j > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&ph(self.dialect, k));
            }
            sql.push(')');
        }
        // `WHERE true`: SQLite's parser needs it before an upsert clause.
        sql.push_str(") AS v WHERE true");
        // Without its unique index (bulk load) there is no conflict target, nor a conflict.
        if self.bulk.is_none() {
            sql.push_str(" ON CONFLICT (id_idx) DO NOTHING");
        }
        sql
    }
}

/// Blind indexes among `idx` already in the register.
async fn registered(conn: &mut sqlx::AnyConnection, dialect: Dialect, idx: &[&str]) -> AppResult<HashSet<String>> {
    let mut out = HashSet::new();
    for part in idx.chunks(INSERT_ROWS) {
        let marks: Vec<String> = (1..=part.len()).map(|i| ph(dialect, i)).collect();
        let sql = format!("SELECT id_idx FROM grid_resident WHERE id_idx IN ({})", marks.join(", "));
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for i in part {
            q = q.bind(*i);
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

fn report_of(tally: &ImportTally, summary: String, seconds: f64) -> Report {
    Report {
        summary,
        errors: tally
            .errors
            .iter()
            .take(MAX_REPORTED)
            .map(|e| ReportLine { row: e.row, column: e.column.to_string(), message: e.message.clone(), text: e.to_string() })
            .collect(),
        not_listed: tally.errors_not_listed,
        seconds,
    }
}

#[allow(clippy::too_many_arguments)]
async fn execute(
    app: &App,
    actor: &Actor,
    org: &OrgRef,
    import_id: i64,
    mode: ImportMode,
    path: &Path,
    file_name: &str,
    file_sm3: &str,
    started: Instant,
) -> AppResult<Outcome> {
    let today = crate::web::pages::today();
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 8);
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<(usize, Vec<SheetRow>)>(workers * 2);
    let (out_tx, mut out_rx) = tokio::sync::mpsc::channel::<Msg>(workers * 2 + 2);
    let skip_seal = Arc::new(AtomicBool::new(false));
    let raw_rx = Arc::new(Mutex::new(raw_rx));
    let mut threads = Vec::new();
    {
        let (p, out) = (path.to_path_buf(), out_tx.clone());
        threads.push(std::thread::Builder::new().name("grid-import-read".into()).spawn(move || read_file(p, raw_tx, out)).map_err(AppError::internal)?);
    }
    for i in 0..workers {
        let (a, r, o, s) = (app.clone(), raw_rx.clone(), out_tx.clone(), skip_seal.clone());
        threads.push(std::thread::Builder::new().name(format!("grid-import-{i}")).spawn(move || work(a, today, r, o, s)).map_err(AppError::internal)?);
    }
    drop(out_tx);

    let mut w = Write::begin(app, actor, Permission::ResidentEdit, org).await?;
    if app.db.dialect == Dialect::Sqlite {
        // A bulk load touches seven B-trees per row, two of them on random keys:
        // with SQLite's default 2 MB page cache most of the time went to
        // spilling pages to the WAL and reading them back. The connection
        // returns to the pool, so the default is restored below.
        sqlx::query(SQLITE_IMPORT_CACHE).execute(w.conn()).await?;
    }
    let mut writer = Writer {
        grid_id: org.id,
        import_id,
        user_id: actor.user_id,
        now: now_text(),
        today: today.format("%Y-%m-%d").to_string(),
        dialect: app.db.dialect,
        buildings: HashMap::new(),
        households: HashSet::new(),
        inserted: 0,
        raced: 0,
        bulk: None,
        residence_upto: 0,
    };
    writer.residence_upto = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM grid_resident").fetch_one(w.conn()).await?;
    let mut tally = ImportTally::new();
    let mut writing = true;
    let mut pending: BTreeMap<usize, Vec<Prepared>> = BTreeMap::new();
    let mut next = 0usize;
    let mut total: Option<usize> = None;
    let mut fatal: Option<CellError> = None;
    let result: AppResult<()> = async {
        while total.is_none_or(|t| next < t) {
            let Some(msg) = out_rx.recv().await else { break };
            match msg {
                Msg::File(e) => {
                    fatal = Some(e);
                    break;
                }
                Msg::Sheet(bytes) => {
                    if app.db.dialect == Dialect::Sqlite {
                        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_resident").fetch_one(w.conn()).await?;
                        if bulk_load_pays(bytes, count.max(0) as u64) {
                            writer.bulk = Some(BulkLoad::begin(w.conn()).await?);
                        }
                    }
                }
                Msg::Done(n) => total = Some(n),
                Msg::Chunk(seq, rows) => {
                    pending.insert(seq, rows);
                }
            }
            while let Some(rows) = pending.remove(&next) {
                next += 1;
                let known = if writing {
                    let idx: Vec<&str> = rows.iter().filter_map(|p| p.sealed.as_ref().map(|s| s.resident.id_idx.as_str())).collect();
                    writer.registered(w.conn(), &idx).await?
                } else {
                    HashSet::new()
                };
                let mut new: Vec<SealedRow> = Vec::with_capacity(rows.len());
                for mut p in rows {
                    let is_known = p.sealed.as_ref().is_some_and(|s| known.contains(&s.resident.id_idx));
                    let verdict = tally.push(&p.checked, p.number, is_known);
                    if mode == ImportMode::AllOrNothing && !tally.is_clean() && writing {
                        writing = false;
                        skip_seal.store(true, Ordering::Relaxed);
                    }
                    if verdict == RowVerdict::New
                        && writing
                        && let Some(s) = p.sealed.take()
                    {
                        new.push(s);
                    }
                }
                if writing && !new.is_empty() {
                    let mut placed = Vec::with_capacity(new.len());
                    for s in new {
                        placed.push((writer.building(w.conn(), &s.building).await?, s));
                    }
                    writer.households(w.conn(), &placed).await?;
                    writer.residents(w.conn(), placed).await?;
                    writer.residences(w.conn()).await?;
                }
            }
        }
        Ok(())
    }
    .await;
    // Stop the threads (closing our ends unblocks them) and wait for them.
    drop(out_rx);
    for t in threads {
        let _ = tokio::task::spawn_blocking(move || t.join()).await;
    }
    result?;
    let seconds = started.elapsed().as_secs_f64();

    if let Some(e) = fatal {
        restore_cache(app, &mut w).await?;
        drop(w);
        let report = Report { summary: format!("文件无法导入，未导入任何记录：{}", e.message), errors: Vec::new(), not_listed: 0, seconds };
        finish_unwritten(app, import_id, "failed", &report, 0, 0).await?;
        audit_unwritten(app, actor, org, import_id, file_name, file_sm3, mode, "failed", 0, 0).await?;
        return Ok(Outcome { status: "failed", rows: 0, inserted: 0, registered: 0, bad: 0, summary: report.summary, seconds });
    }
    let decision = decide(&tally, mode);
    let registered_rows = tally.updated + writer.raced;
    if !decision.commit || !writing {
        restore_cache(app, &mut w).await?;
        drop(w);
        let status = if tally.rows == 0 && tally.is_clean() {
            "empty"
        } else if tally.new + tally.updated == 0 || mode == ImportMode::AllOrNothing {
            "refused"
        } else {
            "done"
        };
        let summary = if status == "done" {
            // Valid-only with nothing new: every valid row was already registered.
            format!("共 {} 行：{} 人已登记（未重复导入），{} 行有误未导入", tally.rows, tally.updated, tally.refused)
        } else {
            decision.summary.clone()
        };
        let report = report_of(&tally, summary, seconds);
        finish_unwritten(app, import_id, status, &report, tally.rows, tally.refused).await?;
        if status == "done" {
            sqlx::query("UPDATE grid_import SET rows_registered = $1 WHERE id = $2").bind(tally.updated as i64).bind(import_id).execute(&app.db.pool).await?;
        }
        audit_unwritten(app, actor, org, import_id, file_name, file_sm3, mode, status, tally.rows, tally.refused).await?;
        return Ok(Outcome { status, rows: tally.rows, inserted: 0, registered: if status == "done" { tally.updated } else { 0 }, bad: tally.refused, summary: report.summary, seconds });
    }

    if let Some(bulk) = writer.bulk.take() {
        bulk.end(w.conn()).await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut summary = format!("共 {} 行：新增 {} 人", tally.rows, writer.inserted);
    if registered_rows > 0 {
        summary.push_str(&format!("，{registered_rows} 人已登记（未重复导入）"));
    }
    if tally.refused > 0 {
        summary.push_str(&format!("，{} 行有误未导入", tally.refused));
    }
    let report = report_of(&tally, summary, seconds);
    sqlx::query("UPDATE grid_import SET status = 'done', rows_total = $1, rows_inserted = $2, rows_registered = $3, rows_bad = $4, report_json = $5, message = $6, finished_at = $7 WHERE id = $8")
        .bind(tally.rows as i64)
        .bind(writer.inserted as i64)
        .bind(registered_rows as i64)
        .bind(tally.refused as i64)
        .bind(serde_json::to_string(&report).map_err(AppError::internal)?)
        .bind(&report.summary)
        .bind(now_text())
        .bind(import_id)
        .execute(w.conn())
        .await?;
    w.record(Change::action(
        "import",
        "grid_import",
        import_id,
        &serde_json::json!({
            "entity": RESIDENT, "file_name": file_name, "file_sm3": file_sm3, "mode": mode_code(mode),
            "rows": tally.rows, "inserted": writer.inserted, "registered": registered_rows, "bad": tally.refused,
        }),
    ));
    restore_cache(app, &mut w).await?;
    w.commit().await?;
    Ok(Outcome { status: "done", rows: tally.rows, inserted: writer.inserted, registered: registered_rows, bad: tally.refused, summary: report.summary, seconds })
}

/// Gives the pooled SQLite connection its default page cache back.
async fn restore_cache(app: &App, w: &mut Write<'_>) -> AppResult<()> {
    if app.db.dialect == Dialect::Sqlite {
        sqlx::query(SQLITE_DEFAULT_CACHE).execute(w.conn()).await?;
    }
    Ok(())
}

/// The audited record of an import that wrote no resident.
#[allow(clippy::too_many_arguments)]
async fn audit_unwritten(app: &App, actor: &Actor, org: &OrgRef, import_id: i64, file_name: &str, file_sm3: &str, mode: ImportMode, status: &str, rows: usize, bad: usize) -> AppResult<()> {
    let mut w = Write::begin(app, actor, Permission::ResidentEdit, org).await?;
    w.record(Change::action(
        "import",
        "grid_import",
        import_id,
        &serde_json::json!({"entity": RESIDENT, "file_name": file_name, "file_sm3": file_sm3, "mode": mode_code(mode), "status": status, "rows": rows, "inserted": 0, "bad": bad}),
    ));
    w.commit().await
}

/// The job entry point (`platform::jobs`): runs the import named in the payload.
pub async fn run_job(app: &App, payload: &str) -> AppResult<u64> {
    let v: serde_json::Value = serde_json::from_str(payload).map_err(AppError::internal)?;
    let id = v["import_id"].as_i64().ok_or_else(|| AppError::internal("grid_import payload"))?;
    let o = run(app, id).await?;
    Ok(o.inserted as u64)
}

/// The template: the header row from [`COLUMNS`] and the note row of hints.
pub fn template_xlsx() -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_num_format("@");
    let hint = Format::new().set_italic().set_font_color(rust_xlsxwriter::Color::Gray).set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name("居民基础信息表").map_err(AppError::internal)?;
    for (i, c) in COLUMNS.iter().enumerate() {
        let i = i as u16;
        ws.write_string_with_format(0, i, c.header, &bold).map_err(AppError::internal)?;
        ws.write_string_with_format(1, i, c.hint, &hint).map_err(AppError::internal)?;
        // Text format, so 身份证号 and phone numbers keep every digit.
        ws.set_column_format(i, &text).map_err(AppError::internal)?;
        ws.set_column_width(i, if c.header == "身份证号" { 22 } else { 14 }).map_err(AppError::internal)?;
    }
    ws.set_freeze_panes(1, 0).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

/// The bad rows of an import as XLSX: the original cells and the reasons,
/// re-read from the uploaded file (the database keeps no cell content).
pub async fn bad_rows_xlsx(app: &App, actor: &Actor, id: i64) -> AppResult<Vec<u8>> {
    let v = get(app, actor, id).await?;
    let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut file_level = Vec::new();
    for e in &v.report.errors {
        if e.row == 0 || (e.row == 1 && e.column.is_empty()) {
            file_level.push(e.text.clone());
        } else {
            let reason = if e.column.is_empty() { e.message.clone() } else { format!("「{}」{}", e.column, e.message) };
            reasons.entry(e.row).or_default().push(reason);
        }
    }
    let path = PathBuf::from(&v.file_path);
    tokio::task::spawn_blocking(move || -> AppResult<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        let ws = wb.add_worksheet();
        ws.set_name("错误行").map_err(AppError::internal)?;
        ws.write_string_with_format(0, 0, "原行号", &bold).map_err(AppError::internal)?;
        for (i, c) in COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, i as u16 + 1, c.header, &bold).map_err(AppError::internal)?;
        }
        let reason_col = COLUMNS.len() as u16 + 1;
        ws.write_string_with_format(0, reason_col, "错误原因", &bold).map_err(AppError::internal)?;
        let mut out_row = 1u32;
        for f in &file_level {
            ws.write_string(out_row, reason_col, f).map_err(AppError::internal)?;
            out_row += 1;
        }
        if !reasons.is_empty() {
            let mut wbk = xlsx_read::open(&path).map_err(|e| DomainError::invalid("file", e.0))?;
            let mut rows = wbk.rows().map_err(|e| DomainError::invalid("file", e.0))?;
            let mut row = SheetRow::default();
            while rows.next_into(&mut row).map_err(|e| DomainError::invalid("file", e.0))? {
                let Some(why) = reasons.get(&row.number) else { continue };
                ws.write_number(out_row, 0, row.number as f64).map_err(AppError::internal)?;
                for (i, c) in row.cells.iter().take(COLUMNS.len()).enumerate() {
                    ws.write_string(out_row, i as u16 + 1, c).map_err(AppError::internal)?;
                }
                ws.write_string(out_row, reason_col, why.join("；")).map_err(AppError::internal)?;
                out_row += 1;
            }
        }
        wb.save_to_buffer().map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// What [`write_sample`] wrote.
#[derive(Debug, Clone, Copy)]
pub struct SampleStats {
    pub rows: usize,
    pub bad: usize,
}

/// A synthetic resident table in the template's layout (benchmarks, tests):
/// `rows` data rows with valid, distinct ID numbers (clearly fictional
/// names), three residents per household, 120 per building; `bad` of them
/// spread through the file are wrong in the four ways the issue names, in
/// turn: check digit, missing name, an earlier row's ID, malformed date.
pub fn write_sample(path: &Path, rows: usize, bad: usize) -> Result<SampleStats, String> {
    use fazhi_core::personal::IdNumber;
    use rust_xlsxwriter::Workbook;
    const SURNAMES: [&str; 20] = ["赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫", "蒋", "沈", "韩", "杨", "朱", "秦", "尤", "许"];
    const GIVEN: [&str; 20] = ["样", "例", "测", "示", "演", "范", "模", "拟", "试", "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子"];
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(e)?;
    // Constant-memory mode writes rows in order.
    for (i, c) in COLUMNS.iter().enumerate() {
        ws.write_string(0, i as u16, c.header).map_err(e)?;
    }
    for (i, c) in COLUMNS.iter().enumerate() {
        ws.write_string(1, i as u16, c.hint).map_err(e)?;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).expect("date");
    let every = if bad == 0 { usize::MAX } else { (rows / bad).max(1) };
    let mut bad_done = 0;
    let mut first_id = String::new();
    for i in 0..rows {
        let r = (i + 2) as u32;
        let id = IdNumber::synthesize("440203", base + chrono::Days::new((i / 1000) as u64), (i % 1000) as u16).as_str().to_string();
        if i == 0 {
            first_id = id.clone();
        }
        let name = format!("{}{}{}", SURNAMES[i % 20], GIVEN[(i / 20) % 20], GIVEN[(i / 400) % 20]);
        let household = i / 3;
        let building = format!("{}栋", household / 40 + 1);
        let door = format!("{}单元{}{:02}", household % 40 / 20 + 1, household % 20 / 4 + 1, household % 4 + 1);
        let relation = ["02", "10", "20"][i % 3];
        let floating = i % 5 == 4;
        let mut cells: [String; 16] = Default::default();
        cells[0] = (i + 1).to_string();
        cells[1] = name;
        cells[2] = id;
        cells[3] = if i % 4 == 0 { String::new() } else { format!("138{:08}", i % 100_000_000) };
        cells[4] = relation.into();
        cells[5] = if floating { "流动".into() } else { "户籍".into() };
        cells[6] = if floating { "2021-03-01".into() } else { String::new() };
        cells[7] = building;
        cells[8] = door;
        cells[9] = if i % 50 == 0 { "重点：独居老人，每周探访".into() } else { "无".into() };
        cells[11] = if i % 7 == 0 { "已配灭火器".into() } else { String::new() };
        if bad_done < bad && i % every == every - 1 && i > 0 {
            match bad_done % 4 {
                0 => {
                    let last = cells[2].pop().unwrap_or('0');
                    cells[2].push(if last == '0' { '1' } else { '0' });
                }
                1 => cells[1].clear(),
                2 => cells[2] = first_id.clone(),
                _ => {
                    cells[5] = "流动".into();
                    cells[6] = "2021-13-45".into();
                }
            }
            bad_done += 1;
        }
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, v).map_err(e)?;
            }
        }
    }
    wb.save(path).map_err(|e| e.to_string())?;
    Ok(SampleStats { rows, bad: bad_done })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_load_only_for_a_large_file_into_a_smaller_register() {
        // 44 MB of sheet XML (a million rows of the sample) into the demo's few hundred residents.
        assert!(bulk_load_pays(250_000_000, 306));
        // A town's yearly update (2,000 rows) into a register of 50,000: insert into the indexes.
        assert!(!bulk_load_pays(2_000 * 250, 50_000));
        // Small files never rebuild, even into an empty register.
        assert!(!bulk_load_pays(1_000_000, 0));
        // As many rows as registered: rebuilding costs about what inserting would.
        assert!(bulk_load_pays(100 * 30_000, 30_000));
        assert!(!bulk_load_pays(100 * 30_000, 30_001));
    }
}
