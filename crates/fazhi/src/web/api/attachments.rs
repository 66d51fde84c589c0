//! Attachment upload (multipart) and download, shared by the API and the console.
use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use tokio::io::AsyncReadExt;

use crate::error::{AppError, AppResult};
use crate::kernel::App;
use crate::platform::attachments::{self, NewAttachment, Staged};
use crate::web::{ApiError, CurrentUser};

/// The fields of an upload form: `org_id`, `entity`, `entity_id` and `file`.
pub(crate) struct UploadForm {
    pub org_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub file_name: String,
    pub staged: Option<Staged>,
}

/// Text fields are short; anything longer is not one of ours.
const MAX_TEXT: usize = 1024;
const MAX_PARTS: usize = 16;

fn multipart_error(app: &App, e: MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        DomainError::invalid("file", format!("「附件」不能超过 {} MB", app.cfg.max_upload_mb)).into()
    } else {
        DomainError::invalid("file", "上传的内容不完整或格式有误，请重新选择文件上传").into()
    }
}

pub(crate) fn rejection(r: MultipartRejection) -> AppError {
    DomainError::invalid("file", format!("请以 multipart/form-data 方式上传「附件」：{}", r.body_text())).into()
}

/// Reads the form, streaming the file into the attachment folder (size-checked
/// on the way: the body limit is lifted on upload routes, this is the limit).
pub(crate) async fn read_upload(app: &App, mut mp: Multipart) -> AppResult<UploadForm> {
    let mut form = UploadForm { org_id: None, entity: String::new(), entity_id: String::new(), file_name: String::new(), staged: None };
    let mut parts = 0;
    while let Some(mut field) = mp.next_field().await.map_err(|e| multipart_error(app, e))? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(DomainError::invalid("file", "上传表单的字段过多").into());
        }
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            if form.staged.is_some() {
                return Err(DomainError::invalid("file", "一次只能上传一个「附件」").into());
            }
            form.file_name = field.file_name().unwrap_or("").to_string();
            let mut staged = Staged::new(app).await?;
            while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(app, e))? {
                staged.push(&chunk).await?;
            }
            form.staged = Some(staged);
            continue;
        }
        let mut buf = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(app, e))? {
            buf.extend_from_slice(&chunk);
            if buf.len() > MAX_TEXT {
                return Err(DomainError::invalid(&name, "该字段内容过长").into());
            }
        }
        let text = String::from_utf8(buf).map_err(|_| DomainError::invalid(&name, "该字段不是有效的文本"))?;
        match name.as_str() {
            "org_id" => form.org_id = Some(text.trim().parse().map_err(|_| DomainError::invalid("org_id", "请选择「所属单位」"))?),
            "entity" => form.entity = text,
            "entity_id" => form.entity_id = text,
            _ => {}
        }
    }
    Ok(form)
}

/// Validates and stores what [`read_upload`] received.
pub(crate) async fn store_upload(app: &App, actor: &Actor, form: UploadForm) -> AppResult<attachments::Stored> {
    let org_id = form.org_id.ok_or_else(|| DomainError::invalid("org_id", "请选择「所属单位」"))?;
    let staged = form.staged.ok_or_else(|| DomainError::invalid("file", "请选择要上传的「附件」"))?;
    attachments::store(app, actor, NewAttachment { org_id, entity: &form.entity, entity_id: &form.entity_id, file_name: &form.file_name }, staged).await
}

/// `filename="…"` for old clients (ASCII; quotes, backslashes and `%` replaced)
/// and RFC 5987 `filename*=UTF-8''…` with the real name.
pub(crate) fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if (c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%') || c == ' ' { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The download response: the stored bytes streamed with their type, a safe
/// file name, `nosniff` and the SM3 hash for the recipient to check.
pub(crate) async fn download(app: &App, actor: &Actor, id: i64) -> AppResult<Response> {
    let (a, file) = attachments::open(app, actor, id).await?;
    let stream = futures_util::stream::unfold(file, |mut f| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buf)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    let hv = |s: &str| HeaderValue::from_str(s).map_err(AppError::internal);
    h.insert(header::CONTENT_TYPE, hv(&a.mime)?);
    h.insert(header::CONTENT_LENGTH, hv(&a.size.to_string())?);
    h.insert(header::CONTENT_DISPOSITION, hv(&content_disposition(&a.file_name))?);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert("x-content-sm3", hv(&a.sm3)?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// `POST /api/v1/attachments` (multipart: org_id, entity, entity_id, file) → `{id, sm3, size}`.
pub async fn upload(State(app): State<App>, CurrentUser(auth): CurrentUser, mp: Result<Multipart, MultipartRejection>) -> Result<Json<serde_json::Value>, ApiError> {
    auth.actor.require_anywhere(Permission::AttachmentWrite)?;
    let mp = mp.map_err(rejection)?;
    let form = read_upload(&app, mp).await?;
    let s = store_upload(&app, &auth.actor, form).await?;
    Ok(Json(serde_json::json!({"id": s.id, "sm3": s.sm3, "size": s.size})))
}

/// `GET /api/v1/attachments/{id}`.
pub async fn get(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(download(&app, &auth.actor, id).await?)
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn disposition_has_ascii_fallback_and_utf8_name() {
        assert_eq!(
            content_disposition("现场 照片\"1\".pdf"),
            "attachment; filename=\"__ ___1_.pdf\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%221%22.pdf"
        );
    }
}
