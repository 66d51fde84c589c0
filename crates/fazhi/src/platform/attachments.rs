//! Attachments (附件): evidence files kept content-addressed by their SM3 hash
//! at `<cfg.attachment_dir()>/<h[0..2]>/<h>`, with the metadata (unit, linked
//! record, file name, type, size, uploader) in the `attachment` table.
//!
//! An upload is streamed into a temporary file inside the attachment folder
//! while it is hashed ([`Staged`]); it is refused when it exceeds
//! `cfg.max_upload_mb`, when its type is not on the allow-list, or when its
//! content does not match its extension. Accepted content is renamed into place
//! (skipped when the same bytes are already stored), then the row is written and
//! audited through the single write path. Downloads need
//! `Permission::AttachmentRead` on the attachment's unit; [`verify`] re-hashes a
//! stored file to prove it is unchanged (evidence integrity).
use std::path::{Path, PathBuf};

use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_crypto::Sm3Hasher;
use serde::Serialize;
use tokio::io::AsyncWriteExt;

use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, Write, load_org, scope_sql};

/// How a type is recognised from its first bytes.
#[derive(Clone, Copy)]
enum Magic {
    /// The content starts with these bytes.
    Prefix(&'static [u8]),
    /// `RIFF????<tag>` (WebP).
    Riff(&'static [u8; 4]),
    /// Plain text: no NUL or other control bytes besides tab, line breaks and form feed
    /// (UTF-8 and GB 18030 text both pass; executables and images do not).
    Text,
}

/// One allowed file type.
#[derive(Clone, Copy)]
pub struct FileType {
    pub exts: &'static [&'static str],
    pub mime: &'static str,
    magic: Magic,
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The allow-list. A file is accepted only if its extension is listed here and
/// its content starts the way that type's content does.
pub const ALLOWED: &[FileType] = &[
    FileType { exts: &["pdf"], mime: "application/pdf", magic: Magic::Prefix(b"%PDF-") },
    FileType { exts: &["ofd"], mime: "application/ofd", magic: Magic::Prefix(ZIP) },
    FileType { exts: &["png"], mime: "image/png", magic: Magic::Prefix(b"\x89PNG\r\n\x1a\n") },
    FileType { exts: &["jpg", "jpeg"], mime: "image/jpeg", magic: Magic::Prefix(b"\xFF\xD8\xFF") },
    FileType { exts: &["gif"], mime: "image/gif", magic: Magic::Prefix(b"GIF8") },
    FileType { exts: &["webp"], mime: "image/webp", magic: Magic::Riff(b"WEBP") },
    FileType { exts: &["docx"], mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: Magic::Prefix(ZIP) },
    FileType { exts: &["xlsx"], mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: Magic::Prefix(ZIP) },
    FileType { exts: &["doc"], mime: "application/msword", magic: Magic::Prefix(OLE) },
    FileType { exts: &["xls"], mime: "application/vnd.ms-excel", magic: Magic::Prefix(OLE) },
    FileType { exts: &["txt"], mime: "text/plain", magic: Magic::Text },
    FileType { exts: &["csv"], mime: "text/csv", magic: Magic::Text },
];

/// For messages and the upload form's `accept` attribute.
pub const ALLOWED_LABEL: &str = "PDF、OFD、PNG、JPEG、GIF、WebP、Word（doc、docx）、Excel（xls、xlsx）、TXT、CSV";

pub fn accept_attr() -> String {
    ALLOWED.iter().flat_map(|t| t.exts.iter()).map(|e| format!(".{e}")).collect::<Vec<_>>().join(",")
}

/// How many leading bytes are kept for recognising the type.
const HEAD_LEN: usize = 8192;

fn matches(magic: Magic, head: &[u8]) -> bool {
    match magic {
        Magic::Prefix(p) => head.starts_with(p),
        Magic::Riff(tag) => head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == tag,
        Magic::Text => head.iter().all(|&b| b >= 0x20 && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)),
    }
}

fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The type of a file by its extension, confirmed by its first bytes.
pub fn recognise(file_name: &str, head: &[u8]) -> Result<&'static FileType, DomainError> {
    let ext = extension(file_name).ok_or_else(|| DomainError::invalid("file", format!("「附件」缺少扩展名，仅支持 {ALLOWED_LABEL}")))?;
    let ty = ALLOWED
        .iter()
        .find(|t| t.exts.contains(&ext.as_str()))
        .ok_or_else(|| DomainError::invalid("file", format!("「附件」不支持 .{ext} 类型，仅支持 {ALLOWED_LABEL}")))?;
    if !matches(ty.magic, head) {
        return Err(DomainError::invalid("file", format!("「附件」的内容与扩展名 .{ext} 不符，请上传真实的 .{ext} 文件")));
    }
    Ok(ty)
}

/// Keeps only the last path component, drops control and reserved characters,
/// and shortens long names keeping the extension.
pub fn sanitize_file_name(raw: &str) -> Result<String, DomainError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return Err(DomainError::invalid("file", "请选择要上传的「附件」"));
    }
    const MAX: usize = 100;
    if cleaned.chars().count() <= MAX {
        return Ok(cleaned);
    }
    let ext = extension(&cleaned).filter(|e| e.chars().count() <= 10);
    let keep = MAX - ext.as_ref().map_or(0, |e| e.chars().count() + 1);
    let mut out: String = cleaned.chars().take(keep).collect();
    if let Some(e) = ext {
        out.push('.');
        out.push_str(&e);
    }
    Ok(out)
}

fn check_entity(entity: &str, entity_id: &str) -> Result<(Option<String>, Option<String>), DomainError> {
    let entity = entity.trim();
    let entity_id = entity_id.trim();
    if entity.is_empty() && entity_id.is_empty() {
        return Ok((None, None));
    }
    if entity.is_empty() || entity.len() > 40 || !entity.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(DomainError::invalid("entity", "「关联对象类型」应为小写字母、数字或下划线，不超过 40 个字符"));
    }
    if entity_id.is_empty() || entity_id.len() > 64 || !entity_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(DomainError::invalid("entity_id", "「关联对象编号」应为字母、数字、短横线或下划线，不超过 64 个字符"));
    }
    Ok((Some(entity.to_string()), Some(entity_id.to_string())))
}

fn is_sm3_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Where the bytes with this SM3 hash are (or would be) stored.
pub fn stored_path(app: &App, sm3: &str) -> AppResult<PathBuf> {
    if !is_sm3_hex(sm3) {
        return Err(AppError::internal(format!("bad sm3 {sm3:?}")));
    }
    Ok(app.cfg.attachment_dir().join(&sm3[..2]).join(sm3))
}

fn io_err(e: std::io::Error) -> AppError {
    AppError::internal(format!("attachment storage: {e}"))
}

fn limit_bytes(app: &App) -> u64 {
    app.cfg.max_upload_mb.saturating_mul(1024 * 1024)
}

/// An upload being received: streamed into a temporary file in the attachment
/// folder and hashed on the way. Dropped without [`store`], the temporary file is removed.
pub struct Staged {
    file: tokio::fs::File,
    path: tempfile::TempPath,
    hasher: Sm3Hasher,
    size: u64,
    head: Vec<u8>,
    limit: u64,
    max_mb: u64,
}

impl Staged {
    pub async fn new(app: &App) -> AppResult<Staged> {
        let dir = app.cfg.attachment_dir();
        tokio::fs::create_dir_all(&dir).await.map_err(io_err)?;
        let tmp = tokio::task::spawn_blocking(move || tempfile::Builder::new().prefix(".upload-").tempfile_in(dir))
            .await
            .map_err(AppError::internal)?
            .map_err(io_err)?;
        let (file, path) = tmp.into_parts();
        Ok(Staged {
            file: tokio::fs::File::from_std(file),
            path,
            hasher: Sm3Hasher::new(),
            size: 0,
            head: Vec::new(),
            limit: limit_bytes(app),
            max_mb: app.cfg.max_upload_mb,
        })
    }

    /// Appends a chunk; refuses (field `file`) once the total exceeds the limit.
    pub async fn push(&mut self, chunk: &[u8]) -> AppResult<()> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(DomainError::invalid("file", format!("「附件」不能超过 {} MB", self.max_mb)).into());
        }
        if self.head.len() < HEAD_LEN {
            let take = (HEAD_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await.map_err(io_err)?;
        Ok(())
    }

    pub fn size(&self) -> u64 {
        self.size
    }
}

/// The metadata that goes with an upload.
pub struct NewAttachment<'a> {
    pub org_id: i64,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub file_name: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stored {
    pub id: i64,
    pub sm3: String,
    pub size: i64,
}

/// Checks, moves the content into the store (unless already there) and writes
/// the audited metadata row.
pub async fn store(app: &App, actor: &Actor, input: NewAttachment<'_>, mut staged: Staged) -> AppResult<Stored> {
    let org = load_org(app, input.org_id).await.map_err(|_| DomainError::invalid("org_id", "「所属单位」不存在"))?;
    actor.require(Permission::AttachmentWrite, &org.path)?;
    let name = sanitize_file_name(input.file_name)?;
    let (entity, entity_id) = check_entity(input.entity, input.entity_id)?;
    if staged.size == 0 {
        return Err(DomainError::invalid("file", "「附件」是空文件，请重新选择").into());
    }
    let ty = recognise(&name, &staged.head)?;
    staged.file.flush().await.map_err(io_err)?;
    staged.file.sync_all().await.map_err(io_err)?;
    let Staged { file, path, hasher, size, .. } = staged;
    drop(file);
    let sm3 = hasher.finalize_hex();
    let target = stored_path(app, &sm3)?;
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        if target.exists() {
            // Content-addressed: the same bytes are already stored; the temp file is removed on drop.
            return Ok(());
        }
        std::fs::create_dir_all(target.parent().expect("sharded path"))?;
        path.persist(&target).map_err(|e| e.error)
    })
    .await
    .map_err(AppError::internal)?
    .map_err(io_err)?;

    let size = i64::try_from(size).map_err(AppError::internal)?;
    let mut w = Write::begin(app, actor, Permission::AttachmentWrite, &org).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attachment (org_id, sm3, size, mime, file_name, entity, entity_id, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(org.id)
    .bind(&sm3)
    .bind(size)
    .bind(ty.mime)
    .bind(&name)
    .bind(&entity)
    .bind(&entity_id)
    .bind(actor.user_id)
    .bind(now_text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(
        "attachment",
        id,
        &serde_json::json!({"org_id": org.id, "sm3": sm3, "size": size, "mime": ty.mime, "file_name": name, "entity": entity, "entity_id": entity_id}),
    ));
    w.commit().await?;
    Ok(Stored { id, sm3, size })
}

/// Stores bytes already in memory (module services, the demo).
pub async fn upload_bytes(app: &App, actor: &Actor, input: NewAttachment<'_>, bytes: &[u8]) -> AppResult<Stored> {
    actor.require_anywhere(Permission::AttachmentWrite)?;
    let mut staged = Staged::new(app).await?;
    staged.push(bytes).await?;
    store(app, actor, input, staged).await
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub sm3: String,
    pub size: i64,
    pub mime: String,
    pub file_name: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub uploaded_by: i64,
    pub uploader_name: Option<String>,
    pub created_at: String,
}

impl AttachmentRow {
    /// 1.2 MB / 35.0 KB / 812 B.
    pub fn size_label(&self) -> String {
        let s = self.size as f64;
        if self.size >= 1024 * 1024 {
            format!("{:.1} MB", s / 1024.0 / 1024.0)
        } else if self.size >= 1024 {
            format!("{:.1} KB", s / 1024.0)
        } else {
            format!("{} B", self.size)
        }
    }

    /// The upload time as shown on pages (UTC+8, to the minute).
    pub fn created_label(&self) -> String {
        crate::db::parse_instant(&self.created_at)
            .map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| self.created_at.clone())
    }
}

const SELECT: &str = "SELECT a.id, a.org_id, o.name AS org_name, a.sm3, a.size, a.mime, a.file_name, a.entity, a.entity_id, a.uploaded_by,
        u.display_name AS uploader_name, a.created_at
 FROM attachment a JOIN org_unit o ON o.id = a.org_id LEFT JOIN app_user u ON u.id = a.uploaded_by";

fn row(r: &sqlx::any::AnyRow) -> AppResult<AttachmentRow> {
    Ok(AttachmentRow {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        org_name: col(r, "org_name")?,
        sm3: col(r, "sm3")?,
        size: col(r, "size")?,
        mime: col(r, "mime")?,
        file_name: col(r, "file_name")?,
        entity: col(r, "entity")?,
        entity_id: col(r, "entity_id")?,
        uploaded_by: col(r, "uploaded_by")?,
        uploader_name: col(r, "uploader_name")?,
        created_at: col(r, "created_at")?,
    })
}

/// One attachment's metadata: 404 when it does not exist, 403 without
/// `AttachmentRead` on its unit.
pub async fn get(app: &App, actor: &Actor, id: i64) -> AppResult<AttachmentRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE a.id = $1")))
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("附件"))?;
    let a = row(&r)?;
    let org = load_org(app, a.org_id).await?;
    actor.require(Permission::AttachmentRead, &org.path)?;
    Ok(a)
}

/// The metadata and the open stored file, for a download.
pub async fn open(app: &App, actor: &Actor, id: i64) -> AppResult<(AttachmentRow, tokio::fs::File)> {
    let a = get(app, actor, id).await?;
    let file = tokio::fs::File::open(stored_path(app, &a.sm3)?).await.map_err(|e| {
        tracing::error!("attachment {} ({}) missing from storage: {e}", a.id, a.sm3);
        AppError::internal(format!("attachment file missing: {e}"))
    })?;
    Ok((a, file))
}

/// Re-hashes the stored file of an attachment and compares it with the SM3 hash
/// recorded at upload: false when the file was altered or is missing.
pub async fn verify(app: &App, id: i64) -> AppResult<bool> {
    let sm3: String = sqlx::query_scalar("SELECT sm3 FROM attachment WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("附件"))?;
    let path = stored_path(app, &sm3)?;
    let actual = tokio::task::spawn_blocking(move || hash_file(&path)).await.map_err(AppError::internal)?;
    Ok(actual.is_some_and(|h| h == sm3))
}

fn hash_file(path: &Path) -> Option<String> {
    let f = std::fs::File::open(path).ok()?;
    fazhi_crypto::sm3_reader_hex(std::io::BufReader::new(f)).ok()
}

#[derive(Debug, Default, Clone)]
pub struct AttachmentFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
}

/// Attachments in the actor's `AttachmentRead` scope, newest first (at most 500).
pub async fn list(app: &App, actor: &Actor, filter: &AttachmentFilter) -> AppResult<Vec<AttachmentRow>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::AttachmentRead), "o.path", 1);
    let mut sql = format!("{SELECT} WHERE {cond}");
    let mut n = params.len();
    let mut extra: Vec<String> = Vec::new();
    for (column, value) in [("a.entity", &filter.entity), ("a.entity_id", &filter.entity_id)] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            n += 1;
            sql.push_str(&format!(" AND {column} = ${n}"));
            extra.push(v.to_string());
        }
    }
    sql.push_str(" ORDER BY a.id DESC LIMIT 500");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in params.iter().chain(extra.iter()) {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_path_and_control_characters() {
        assert_eq!(sanitize_file_name("../../etc/passwd.txt").unwrap(), "passwd.txt");
        assert_eq!(sanitize_file_name("C:\\证据\\现场照片.JPG").unwrap(), "现场照片.JPG");
        assert_eq!(sanitize_file_name("a\u{202e}fdp.exe\r\n").unwrap(), "afdp.exe");
        assert_eq!(sanitize_file_name(".hidden.pdf").unwrap(), "hidden.pdf");
        assert!(sanitize_file_name("../").is_err());
        let long = format!("{}.pdf", "长".repeat(300));
        let s = sanitize_file_name(&long).unwrap();
        assert_eq!(s.chars().count(), 100);
        assert!(s.ends_with(".pdf"));
    }

    #[test]
    fn types_are_recognised_by_extension_and_content() {
        assert_eq!(recognise("a.pdf", b"%PDF-1.7\n").unwrap().mime, "application/pdf");
        assert_eq!(recognise("a.JPEG", b"\xFF\xD8\xFF\xE0").unwrap().mime, "image/jpeg");
        assert_eq!(recognise("a.webp", b"RIFF\x10\0\0\0WEBPVP8 ").unwrap().mime, "image/webp");
        assert!(recognise("a.docx", b"PK\x03\x04rest").is_ok());
        assert!(recognise("a.xls", OLE).is_ok());
        assert!(recognise("名单.csv", "姓名,电话\r\n张三,1\n".as_bytes()).is_ok());
        assert!(recognise("a.pdf", b"<html><script>alert(1)</script>").is_err());
        assert!(recognise("a.pdf", b"MZ\x90\0\x03").is_err());
        assert!(recognise("a.txt", b"MZ\x90\0\x03").is_err());
        assert!(recognise("a.exe", b"MZ\x90\0").is_err());
        assert!(recognise("a.html", b"<html>").is_err());
        assert!(recognise("pdf", b"%PDF-").is_err());
        assert!(recognise("a.png", b"%PDF-").is_err());
    }
}
