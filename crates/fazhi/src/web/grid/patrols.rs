//! Patrol pages (phone-first: one multipart form with the photos, no
//! JavaScript) and `POST /api/v1/grid/patrols` (JSON; photos uploaded first
//! through `POST /api/v1/attachments`, then given as `photo_ids`).
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_core::DomainError;
use fazhi_core::access::Permission;
use fazhi_core::grid::event::EventCategory;
use fazhi_core::grid::patrol::MAX_PHOTOS;

use crate::web::api::bad_json;
use crate::web::pages::{user_error, with_status};
use crate::error::AppError;
use crate::grid::patrols::{self, PatrolForm, PatrolReport, PatrolView};
use crate::kernel::App;
use crate::platform::attachments::{self, NewAttachment, Staged};
use crate::web::pages::{Nav, render};
use crate::web::{ApiError, CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/grid/patrols", get(|| async { Redirect::to("/console/lists/grid_patrols") }).post(create).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/console/grid/patrols/new", get(new_form))
        .route("/console/grid/patrols/{id}", get(detail))
}

pub fn api_routes() -> Router<App> {
    Router::new().route("/grid/patrols", post(api_create))
}

const NAV: &str = "grid";

/// The six work lines as (code, label).
pub(crate) fn categories() -> Vec<(&'static str, &'static str)> {
    EventCategory::ALL.iter().map(|c| (c.code(), c.label())).collect()
}

#[derive(Template)]
#[template(path = "grid/patrol_new.html")]
struct NewPage {
    nav: Nav,
    grids: Vec<(i64, String)>,
    categories: Vec<(&'static str, &'static str)>,
    f: PatrolForm,
    report: bool,
    r: PatrolReport,
    max_photos: usize,
    error: Option<String>,
    field: Option<String>,
}

impl NewPage {
    fn bad(&self, name: &str) -> bool {
        self.field.as_deref() == Some(name)
    }
    fn checked(&self, code: &str) -> bool {
        self.f.checked.iter().any(|c| c == code)
    }
    fn grid_selected(&self, id: &i64) -> bool {
        self.f.grid_id == Some(*id)
    }
}

async fn new_page(app: &App, auth: &crate::web::Auth, f: PatrolForm, error: Option<(String, Option<String>)>) -> Result<Response, PageError> {
    let grids = patrols::grids_in_scope(app, &auth.actor, Permission::PatrolRecord).await?;
    if grids.is_empty() {
        return Err(DomainError::forbidden("您没有在任何网格记录巡查的权限").into());
    }
    let (error, field) = error.map_or((None, None), |(m, f)| (Some(m), f));
    let report = f.report.is_some();
    let r = f.report.clone().unwrap_or_default();
    render(NewPage { nav: Nav::new(auth, NAV), grids, categories: categories(), f, report, r, max_photos: MAX_PHOTOS, error, field })
}

async fn new_form(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let now = patrols::local_now();
    let f = PatrolForm { started_at: now.format("%Y-%m-%dT%H:%M").to_string(), ..PatrolForm::default() };
    new_page(&app, &auth, f, None).await
}

const MAX_TEXT: usize = 8 * 1024;

/// Reads the multipart form; photos are streamed into staged files.
async fn read_form(app: &App, mut mp: Multipart) -> Result<(PatrolForm, Vec<(String, Staged)>), AppError> {
    let mut f = PatrolForm::default();
    let mut r = PatrolReport::default();
    let mut report = false;
    let mut photos = Vec::new();
    let bad = || AppError::from(DomainError::invalid("photos", "上传的内容不完整，请重新选择照片后提交"));
    while let Some(mut field) = mp.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "photos" {
            let file_name = field.file_name().unwrap_or("").to_string();
            if file_name.is_empty() {
                while field.chunk().await.map_err(|_| bad())?.is_some() {}
                continue;
            }
            if photos.len() >= MAX_PHOTOS {
                return Err(DomainError::invalid("photos", format!("每次巡查最多上传 {MAX_PHOTOS} 张照片")).into());
            }
            let mut staged = Staged::new(app).await?;
            while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
                staged.push(&chunk).await?;
            }
            if staged.size() > 0 {
                photos.push((file_name, staged));
            }
            continue;
        }
        let mut buf = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
            buf.extend_from_slice(&chunk);
            if buf.len() > MAX_TEXT {
                return Err(DomainError::invalid(&name, "该字段内容过长").into());
            }
        }
        let text = String::from_utf8(buf).map_err(|_| DomainError::invalid(&name, "该字段不是有效的文本"))?;
        match name.as_str() {
            "grid_id" => f.grid_id = text.trim().parse().ok(),
            "started_at" => f.started_at = text,
            "ended_at" => f.ended_at = text,
            "checked" => f.checked.push(text),
            "findings" => f.findings = text,
            "report" => report = !text.trim().is_empty(),
            "r_category" => r.category = text,
            "r_description" => r.description = text,
            "r_location" => r.location = text,
            _ => {}
        }
    }
    if report {
        f.report = Some(r);
    }
    Ok((f, photos))
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    let mp = mp.map_err(|r| PageError(DomainError::invalid("photos", format!("请通过巡查表单提交：{}", r.body_text())).into()))?;
    let (mut f, photos) = match read_form(&app, mp).await {
        Ok(x) => x,
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            return with_status(status, new_page(&app, &auth, PatrolForm::default(), Some((message, field))).await);
        }
    };
    let result = async {
        let grid = patrols::grid_org(&app, f.grid_id).await?;
        crate::grid::scope::require_place(&app, &auth.actor, Permission::PatrolRecord, &fazhi_core::grid::Place { grid: grid.path.clone(), building_id: None }).await?;
        for (name, staged) in photos {
            let s = attachments::store(&app, &auth.actor, NewAttachment { org_id: grid.id, entity: "", entity_id: "", file_name: &name }, staged).await.map_err(|e| match e.field() {
                Some(_) => AppError::from(DomainError::invalid("photos", format!("照片「{name}」：{}", e.message()))),
                None => e,
            })?;
            f.photo_ids.push(s.id);
        }
        patrols::record(&app, &auth.actor, &f).await
    }
    .await;
    match result {
        Ok(r) => Ok(Redirect::to(&format!("/console/grid/patrols/{}{}", r.id, if r.event_id.is_some() { "?reported=1" } else { "" })).into_response()),
        Err(e) => {
            let (status, message, field) = user_error(e)?;
            f.photo_ids.clear();
            let message = if f.grid_id.is_some() { format!("{message}（照片需要重新选择）") } else { message };
            with_status(status, new_page(&app, &auth, f, Some((message, field))).await)
        }
    }
}

#[derive(Template)]
#[template(path = "grid/patrol_detail.html")]
struct DetailPage {
    nav: Nav,
    p: PatrolView,
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let p = patrols::view(&app, &auth.actor, id).await?;
    render(DetailPage { nav: Nav::new(&auth, NAV), p })
}

async fn api_create(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<PatrolForm>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(f) = body.map_err(bad_json)?;
    let r = patrols::record(&app, &auth.actor, &f).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"id": r.id, "event_id": r.event_id}))).into_response())
}

pub fn openapi_paths() -> serde_json::Value {
    let cats: Vec<&str> = EventCategory::ALL.iter().map(|c| c.code()).collect();
    serde_json::json!({
        "/grid/patrols": {"post": {
            "summary": "记录一次网格巡查（可同时上报发现的问题）",
            "description": "需要该网格的“记录网格巡查”权限。照片先用 POST /attachments 上传（不填关联对象），再把附件编号放在 photo_ids 中；每次最多 9 张，只能关联本人上传、尚未关联的图片。巡查时间不能晚于现在，最多补录 3 天内的巡查。",
            "tags": ["网格化管理"],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["grid_id", "started_at", "checked"], "properties": {
                "grid_id": {"type": "integer", "description": "网格（二级网格）编号"},
                "started_at": {"type": "string", "description": "巡查时间（当地时间，YYYY-MM-DDTHH:MM）"},
                "ended_at": {"type": "string", "description": "结束时间（选填）"},
                "checked": {"type": "array", "items": {"type": "string", "enum": cats}, "description": "巡查内容（六项网格工作，至少一项）"},
                "findings": {"type": "string", "description": "发现问题（选填；空为未发现问题）"},
                "photo_ids": {"type": "array", "items": {"type": "integer"}, "description": "照片（附件编号）"},
                "report": {"type": "object", "description": "发现问题，上报事件（选填）", "properties": {
                    "category": {"type": "string", "enum": cats}, "description": {"type": "string"}, "location": {"type": "string"}, "building_id": {"type": "integer"}}}
            }}}}},
            "responses": {"201": {"description": "已记录", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "id": {"type": "integer"}, "event_id": {"type": ["integer", "null"]}}}}}},
                "4XX": {"description": "错误", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
        }}
    })
}
