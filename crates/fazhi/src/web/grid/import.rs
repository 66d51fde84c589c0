//! 导入居民信息: the upload page (grid, mode, file; history), the progress
//! and report page of one import, the bad rows as XLSX, and the template.
//! Forms work without JavaScript; the report page has a refresh link.
use askama::Template;
use axum::Router;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::grid::resident::{COLUMNS, ImportMode, MAX_REPORTED};
use fazhi_crypto::Sm3Hasher;
use tokio::io::AsyncWriteExt;

use crate::error::{AppError, AppResult};
use crate::grid::import::{self, ImportView, NewImport};
use crate::kernel::App;
use crate::web::api::attachments::content_disposition;
use crate::web::pages::{Nav, render};
use crate::web::{CurrentUser, PageError};

/// Largest file accepted (a million rows of the template is about 60 MB).
pub const MAX_IMPORT_MB: usize = 300;
/// Problems listed on the page (all of them are in the bad-rows XLSX).
const SHOWN: usize = 500;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/grid/import", get(page).post(upload).layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_MB << 20)))
        .route("/console/grid/import/template.xlsx", get(template))
        .route("/console/grid/import/{id}", get(detail))
        .route("/console/grid/import/{id}/errors.xlsx", get(errors_xlsx))
}

const NAV: &str = "grid";

#[derive(Template)]
#[template(path = "grid/import.html")]
struct ImportPage {
    nav: Nav,
    grids: Vec<(i64, String)>,
    history: Vec<ImportView>,
    columns: Vec<(&'static str, bool, &'static str)>,
    error: Option<String>,
    max_mb: usize,
}

async fn import_page(app: &App, actor: &Actor, nav: Nav, error: Option<String>) -> Result<Response, PageError> {
    let grids = import::grids_for(app, actor).await?;
    let history = import::history(app, actor, 30).await?;
    let columns = COLUMNS.iter().map(|c| (c.header, c.required, c.hint)).collect();
    render(ImportPage { nav, grids, history, columns, error, max_mb: MAX_IMPORT_MB })
}

fn require_edit(actor: &Actor) -> AppResult<()> {
    actor.require_anywhere(Permission::ResidentEdit).map_err(AppError::from)
}

async fn page(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    require_edit(&auth.actor)?;
    import_page(&app, &auth.actor, Nav::new(&auth, NAV), None).await
}

/// The form's fields, the file streamed to the upload folder with its SM3.
struct Received {
    grid_id: Option<i64>,
    mode: Option<ImportMode>,
    file_name: String,
    path: Option<tempfile::TempPath>,
    sm3: String,
    size: u64,
}

async fn receive(app: &App, mut mp: Multipart) -> AppResult<Received> {
    let mut got = Received { grid_id: None, mode: None, file_name: String::new(), path: None, sm3: String::new(), size: 0 };
    let bad = |_| AppError::from(DomainError::invalid("file", format!("上传的内容不完整或超过 {MAX_IMPORT_MB} MB，请重新选择「导入文件」")));
    let mut parts = 0;
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        parts += 1;
        if parts > 8 {
            return Err(DomainError::invalid("file", "上传表单的字段过多").into());
        }
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            if got.path.is_some() {
                return Err(DomainError::invalid("file", "一次只能导入一个文件").into());
            }
            got.file_name = field.file_name().unwrap_or("").to_string();
            let dir = import::upload_dir(app);
            tokio::fs::create_dir_all(&dir).await.map_err(AppError::internal)?;
            let tmp = tempfile::Builder::new().prefix("import-").suffix(".xlsx").tempfile_in(&dir).map_err(AppError::internal)?;
            let (file, path) = tmp.into_parts();
            let mut file = tokio::fs::File::from_std(file);
            let mut hasher = Sm3Hasher::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                got.size += chunk.len() as u64;
                if got.size > (MAX_IMPORT_MB as u64) << 20 {
                    return Err(DomainError::invalid("file", format!("「导入文件」不能超过 {MAX_IMPORT_MB} MB")).into());
                }
                hasher.update(&chunk);
                file.write_all(&chunk).await.map_err(AppError::internal)?;
            }
            file.flush().await.map_err(AppError::internal)?;
            got.sm3 = hasher.finalize_hex();
            got.path = Some(path);
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        match name.as_str() {
            "grid_id" => got.grid_id = text.trim().parse().ok(),
            "mode" => got.mode = import::parse_mode(text.trim()),
            _ => {}
        }
    }
    Ok(got)
}

async fn upload(State(app): State<App>, CurrentUser(auth): CurrentUser, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    require_edit(&auth.actor)?;
    let result: AppResult<i64> = async {
        let mp = mp.map_err(|r| AppError::from(DomainError::invalid("file", format!("请以表单方式上传「导入文件」：{}", r.body_text()))))?;
        let got = receive(&app, mp).await?;
        let grid_id = got.grid_id.ok_or_else(|| DomainError::invalid("grid_id", "请选择要导入的「网格」"))?;
        let mode = got.mode.ok_or_else(|| DomainError::invalid("mode", "请选择「导入方式」"))?;
        let path = got.path.ok_or_else(|| DomainError::invalid("file", "请选择「导入文件」"))?;
        if got.size == 0 {
            return Err(DomainError::invalid("file", "「导入文件」是空的").into());
        }
        let kept = path.keep().map_err(AppError::internal)?;
        let new = NewImport { grid_id, mode, file_name: &got.file_name, file_path: &kept, file_sm3: &got.sm3, enqueue: true };
        match import::create(&app, &auth.actor, new).await {
            Ok(id) => Ok(id),
            Err(e) => {
                let _ = tokio::fs::remove_file(&kept).await;
                Err(e)
            }
        }
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/console/grid/import/{id}")).into_response()),
        Err(e) if e.status() < 500 && e.status() != 401 => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let mut r = import_page(&app, &auth.actor, Nav::new(&auth, NAV), Some(e.message())).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "grid/import_detail.html")]
struct DetailPage {
    nav: Nav,
    v: ImportView,
    lines: Vec<String>,
    more: usize,
    max_reported: usize,
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    require_edit(&auth.actor)?;
    let v = import::get(&app, &auth.actor, id).await?;
    let lines: Vec<String> = v.report.errors.iter().take(SHOWN).map(|e| e.text.clone()).collect();
    let more = v.report.errors.len().saturating_sub(SHOWN) + v.report.not_listed;
    render(DetailPage { nav: Nav::new(&auth, NAV), v, lines, more, max_reported: MAX_REPORTED })
}

fn xlsx(bytes: Vec<u8>, name: &str) -> AppResult<Response> {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&content_disposition(name)).map_err(AppError::internal)?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

async fn errors_xlsx(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    require_edit(&auth.actor)?;
    let bytes = import::bad_rows_xlsx(&app, &auth.actor, id).await?;
    Ok(xlsx(bytes, &format!("导入错误行-{id}.xlsx"))?)
}

async fn template(CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::GridRead).map_err(AppError::from)?;
    Ok(xlsx(import::template_xlsx()?, "居民基础信息表-导入模板.xlsx")?)
}
