//! OParl 1.1 (https://oparl.org/spezifikation/) export of the PUBLISHED part:
//! System → Body (a town with meeting types) → Organization (a meeting type),
//! Person, Meeting, AgendaItem, Paper (the 议题) with its Consultation, File.
//!
//! What is public (decided here, documented in docs): only meetings whose minutes
//! are approved (纪要已审定); of them the meeting's date, place, type, the names and
//! 职务 of the members present, each agenda item's title, proposing unit, summary,
//! the decision (result and 决定事项) and the materials the convener marked public.
//! Never public: discussion notes (发言要点), named votes and opinions, reasons for
//! absence or leave, prior research notes, the minutes DOCX itself (it holds the
//! notes and named votes), unapproved meetings and items not yet on an agenda.
//!
//! Lists are OParl list objects (`data`, `pagination`, `links`) paged by keyset on
//! the immutable id (`after`), never OFFSET: a row changing between two pages can
//! neither be skipped nor repeated. `modified_since` (ISO 8601 with offset, inclusive)
//! filters by the stored modification instant.
use chrono::DateTime;
use fazhi_core::DomainError;
use serde_json::{Value, json};

use crate::db::col;
use crate::error::AppResult;
use crate::kernel::App;

pub const OPARL: &str = "https://schema.oparl.org/1.1/";

/// Paging and filters of an OParl list request.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListParams {
    pub after: Option<i64>,
    pub limit: Option<i64>,
    pub modified_since: Option<String>,
    pub modified_until: Option<String>,
}

struct Filters {
    after: i64,
    limit: i64,
    since: Option<String>,
    until: Option<String>,
}

/// An ISO 8601 instant with offset (2021-03-01T00:00:00+08:00 or …Z) as stored text (UTC, micros).
fn instant(field: &str, s: &str) -> Result<String, DomainError> {
    DateTime::parse_from_rfc3339(s.trim().replace(' ', "+").as_str())
        .map(|d| d.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        .map_err(|_| DomainError::invalid(field, format!("「{field}」应为带时区的 ISO 8601 时间，如 2021-03-01T00:00:00+08:00")))
}

fn filters(p: &ListParams) -> Result<Filters, DomainError> {
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(DomainError::invalid("limit", "「limit」应在 1 至 100 之间"));
    }
    Ok(Filters {
        after: p.after.unwrap_or(0),
        limit,
        since: p.modified_since.as_deref().filter(|s| !s.is_empty()).map(|s| instant("modified_since", s)).transpose()?,
        until: p.modified_until.as_deref().filter(|s| !s.is_empty()).map(|s| instant("modified_until", s)).transpose()?,
    })
}

fn enc(s: &str) -> String {
    crate::platform::listing::enc(s)
}

/// Runs a keyset page: `sql` selects `id` first and has `{cond}` where the
/// filters go; binds are the body id. Returns the rows and the next link.
async fn page(app: &App, sql_template: &str, modified_col: &str, body: Option<i64>, p: &ListParams, self_url: &str) -> AppResult<(Vec<sqlx::any::AnyRow>, Value)> {
    let f = filters(p)?;
    let mut cond = String::new();
    let mut n = if body.is_some() { 1 } else { 0 };
    let mut binds: Vec<String> = Vec::new();
    if let Some(s) = &f.since {
        n += 1;
        cond.push_str(&format!(" AND {modified_col} >= ${n}"));
        binds.push(s.clone());
    }
    if let Some(u) = &f.until {
        n += 1;
        cond.push_str(&format!(" AND {modified_col} <= ${n}"));
        binds.push(u.clone());
    }
    let sql = sql_template.replace("{cond}", &format!("{cond} AND x_id > {after} ORDER BY x_id LIMIT {lim}", after = f.after, lim = f.limit + 1));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(b) = body {
        q = q.bind(b);
    }
    for b in &binds {
        q = q.bind(b);
    }
    let mut rows = q.fetch_all(&app.db.pool).await?;
    let more = rows.len() as i64 > f.limit;
    rows.truncate(f.limit as usize);
    let mut query = format!("limit={}", f.limit);
    if let Some(s) = &p.modified_since {
        query.push_str(&format!("&modified_since={}", enc(s)));
    }
    if let Some(u) = &p.modified_until {
        query.push_str(&format!("&modified_until={}", enc(u)));
    }
    let mut links = json!({"first": format!("{self_url}?{query}")});
    if more && let Some(last) = rows.last() {
        let id: i64 = col(last, "x_id")?;
        links["next"] = Value::from(format!("{self_url}?{query}&after={id}"));
    }
    Ok((rows, links))
}

fn list(data: Vec<Value>, limit: Option<i64>, links: Value) -> Value {
    json!({"data": data, "pagination": {"elementsPerPage": limit.unwrap_or(20)}, "links": links})
}

fn local_iso(date: &str, time: &str) -> String {
    format!("{date}T{time}:00+08:00")
}

// ───────────────────────────── objects ─────────────────────────────

pub fn system(base: &str) -> Value {
    json!({
        "id": format!("{base}/system"), "type": format!("{OPARL}System"), "oparlVersion": OPARL,
        "name": "法治政府建设工作平台（会议公开数据）", "body": format!("{base}/body"),
        "vendor": "https://github.com/fazhi", "product": "Fazhi",
        "license": "https://creativecommons.org/licenses/by/4.0/"
    })
}

fn body_json(base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    let b = format!("{base}/body/{id}");
    let code: String = col(r, "code")?;
    Ok(json!({
        "id": b, "type": format!("{OPARL}Body"), "system": format!("{base}/system"),
        "name": format!("{}人民政府", col::<String>(r, "name")?), "shortName": col::<String>(r, "name")?,
        "website": format!("/portal/{code}"),
        "organization": format!("{b}/organization"), "person": format!("{b}/person"), "meeting": format!("{b}/meeting"),
        "paper": format!("{b}/paper"), "agendaItem": format!("{b}/agendaItem"), "file": format!("{b}/file"), "legislativeTerm": [],
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "updated_at")?
    }))
}

const BODY_SQL: &str = "SELECT o.id AS x_id, o.name, o.code, o.created_at, o.updated_at FROM org_unit o WHERE o.kind = 'town' AND EXISTS (SELECT 1 FROM meeting_type t WHERE t.org_id = o.id)";

pub async fn bodies(app: &App, base: &str, p: &ListParams) -> AppResult<Value> {
    let sql = format!("SELECT * FROM ({BODY_SQL}) b WHERE 1 = 1 {{cond}}");
    let (rows, links) = page(app, &sql, "updated_at", None, p, &format!("{base}/body")).await?;
    Ok(list(rows.iter().map(|r| body_json(base, r)).collect::<AppResult<_>>()?, p.limit, links))
}

pub async fn body(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{BODY_SQL} AND o.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("Body"))?;
    body_json(base, &r)
}

fn organization_json(base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    Ok(json!({
        "id": format!("{base}/organization/{id}"), "type": format!("{OPARL}Organization"),
        "body": format!("{base}/body/{}", col::<i64>(r, "org_id")?), "name": col::<String>(r, "name")?,
        "organizationType": "会议", "classification": col::<String>(r, "name")?,
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "created_at")?
    }))
}

pub async fn organizations(app: &App, base: &str, body: i64, p: &ListParams) -> AppResult<Value> {
    let sql = "SELECT id AS x_id, org_id, name, created_at FROM meeting_type WHERE org_id = $1 {cond}";
    let (rows, links) = page(app, sql, "created_at", Some(body), p, &format!("{base}/body/{body}/organization")).await?;
    Ok(list(rows.iter().map(|r| organization_json(base, r)).collect::<AppResult<_>>()?, p.limit, links))
}

pub async fn organization(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query("SELECT id AS x_id, org_id, name, created_at FROM meeting_type WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("Organization"))?;
    organization_json(base, &r)
}

/// People who sat as members in a published meeting of the body: name and 职务 only.
const PERSON_SQL: &str = "SELECT u.id AS x_id, u.display_name, u.created_at, u.updated_at, MAX(a.title) AS title, MIN(m.org_id) AS org_id FROM app_user u
     JOIN meeting_attendance a ON a.user_id = u.id JOIN meeting m ON m.id = a.meeting_id
     WHERE m.status = 'approved' AND a.presence = 'present'";

fn person_json(base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    let title: Option<String> = col(r, "title")?;
    Ok(json!({
        "id": format!("{base}/person/{id}"), "type": format!("{OPARL}Person"), "body": format!("{base}/body/{}", col::<i64>(r, "org_id")?),
        "name": col::<String>(r, "display_name")?, "status": title.into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>(),
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "updated_at")?
    }))
}

pub async fn persons(app: &App, base: &str, body: i64, p: &ListParams) -> AppResult<Value> {
    let sql = format!("SELECT * FROM ({PERSON_SQL} AND m.org_id = $1 GROUP BY u.id, u.display_name, u.created_at, u.updated_at) x WHERE 1 = 1 {{cond}}");
    let (rows, links) = page(app, &sql, "updated_at", Some(body), p, &format!("{base}/body/{body}/person")).await?;
    Ok(list(rows.iter().map(|r| person_json(base, r)).collect::<AppResult<_>>()?, p.limit, links))
}

pub async fn person(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{PERSON_SQL} AND u.id = $1 GROUP BY u.id, u.display_name, u.created_at, u.updated_at")))
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("Person"))?;
    person_json(base, &r)
}

const FILE_SQL: &str = "SELECT f.id AS x_id, f.item_id, f.created_at, a.file_name, a.mime, a.size, a.sm3, m.org_id, m.id AS meeting_id FROM meeting_item_file f
     JOIN attachment a ON a.id = f.attachment_id JOIN meeting_item i ON i.id = f.item_id JOIN meeting m ON m.id = i.meeting_id
     WHERE m.status = 'approved' AND f.is_public = TRUE";

fn file_json(base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    let item: i64 = col(r, "item_id")?;
    let url = format!("{base}/file/{id}");
    Ok(json!({
        "id": url, "type": format!("{OPARL}File"), "name": col::<String>(r, "file_name")?, "fileName": col::<String>(r, "file_name")?,
        "mimeType": col::<String>(r, "mime")?, "size": col::<i64>(r, "size")?,
        // OParl names SHA checksums; files here are addressed by SM3 (GB/T 32905), given as an extension.
        "sm3Checksum": col::<String>(r, "sm3")?,
        "accessUrl": format!("{url}/download"), "downloadUrl": format!("{url}/download"),
        "agendaItem": [format!("{base}/agendaItem/{item}")], "paper": [format!("{base}/paper/{item}")],
        "meeting": [format!("{base}/meeting/{}", col::<i64>(r, "meeting_id")?)],
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "created_at")?
    }))
}

pub async fn files(app: &App, base: &str, body: i64, p: &ListParams) -> AppResult<Value> {
    let sql = format!("SELECT * FROM ({FILE_SQL} AND m.org_id = $1) x WHERE 1 = 1 {{cond}}");
    let (rows, links) = page(app, &sql, "created_at", Some(body), p, &format!("{base}/body/{body}/file")).await?;
    Ok(list(rows.iter().map(|r| file_json(base, r)).collect::<AppResult<_>>()?, p.limit, links))
}

pub async fn file(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{FILE_SQL} AND f.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("File"))?;
    file_json(base, &r)
}

/// The stored file of a published File: (name, mime, path).
pub async fn file_content(app: &App, id: i64) -> AppResult<(String, String, std::path::PathBuf)> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{FILE_SQL} AND f.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("File"))?;
    let sm3: String = col(&r, "sm3")?;
    Ok((col(&r, "file_name")?, col(&r, "mime")?, crate::platform::attachments::stored_path(app, &sm3)?))
}

async fn item_files(app: &App, base: &str, item_id: i64) -> AppResult<Vec<Value>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{FILE_SQL} AND f.item_id = $1 ORDER BY f.id"))).bind(item_id).fetch_all(&app.db.pool).await?;
    rows.iter().map(|r| file_json(base, r)).collect()
}

const ITEM_SQL: &str = "SELECT i.id AS x_id, i.meeting_id, i.position, i.title, i.proposer_unit, i.summary, i.created_at, i.modified_at, m.org_id, m.type_id, m.meeting_date,
     d.outcome, d.text AS resolution FROM meeting_item i JOIN meeting m ON m.id = i.meeting_id
     LEFT JOIN meeting_decision d ON d.item_id = i.id AND d.superseded_by IS NULL WHERE m.status = 'approved'";

async fn agenda_item_json(app: &App, base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    let outcome: Option<String> = col(r, "outcome")?;
    Ok(json!({
        "id": format!("{base}/agendaItem/{id}"), "type": format!("{OPARL}AgendaItem"),
        "meeting": format!("{base}/meeting/{}", col::<i64>(r, "meeting_id")?),
        "number": col::<i64>(r, "position")?.to_string(), "order": col::<i64>(r, "position")?, "name": col::<String>(r, "title")?, "public": true,
        "consultation": format!("{base}/paper/{id}#consultation"),
        "result": outcome.as_deref().and_then(|o| fazhi_core::meeting::Outcome::parse(o).ok()).map(|o| o.label()),
        "resolutionText": col::<Option<String>>(r, "resolution")?,
        "auxiliaryFile": item_files(app, base, id).await?,
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "modified_at")?
    }))
}

pub async fn agenda_items(app: &App, base: &str, body: i64, p: &ListParams) -> AppResult<Value> {
    let sql = format!("SELECT * FROM ({ITEM_SQL} AND m.org_id = $1) x WHERE 1 = 1 {{cond}}");
    let (rows, links) = page(app, &sql, "modified_at", Some(body), p, &format!("{base}/body/{body}/agendaItem")).await?;
    let mut data = Vec::new();
    for r in &rows {
        data.push(agenda_item_json(app, base, r).await?);
    }
    Ok(list(data, p.limit, links))
}

pub async fn agenda_item(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{ITEM_SQL} AND i.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("AgendaItem"))?;
    agenda_item_json(app, base, &r).await
}

async fn paper_json(app: &App, base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    let meeting: i64 = col(r, "meeting_id")?;
    let url = format!("{base}/paper/{id}");
    Ok(json!({
        "id": url, "type": format!("{OPARL}Paper"), "body": format!("{base}/body/{}", col::<i64>(r, "org_id")?),
        "name": col::<String>(r, "title")?, "reference": format!("议题-{id}"), "date": col::<String>(r, "meeting_date")?, "paperType": "议题",
        "underDirectionOf": [], "originatorOrganization": [], "auxiliaryFile": item_files(app, base, id).await?,
        "summary": col::<String>(r, "summary")?, "proposerUnit": col::<String>(r, "proposer_unit")?,
        "consultation": [{
            "id": format!("{url}#consultation"), "type": format!("{OPARL}Consultation"), "paper": url,
            "agendaItem": format!("{base}/agendaItem/{id}"), "meeting": format!("{base}/meeting/{meeting}"),
            "organization": [format!("{base}/organization/{}", col::<i64>(r, "type_id")?)], "authoritative": true, "role": "集体讨论决定"
        }],
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "modified_at")?
    }))
}

pub async fn papers(app: &App, base: &str, body: i64, p: &ListParams) -> AppResult<Value> {
    let sql = format!("SELECT * FROM ({ITEM_SQL} AND m.org_id = $1) x WHERE 1 = 1 {{cond}}");
    let (rows, links) = page(app, &sql, "modified_at", Some(body), p, &format!("{base}/body/{body}/paper")).await?;
    let mut data = Vec::new();
    for r in &rows {
        data.push(paper_json(app, base, r).await?);
    }
    Ok(list(data, p.limit, links))
}

pub async fn paper(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{ITEM_SQL} AND i.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("Paper"))?;
    paper_json(app, base, &r).await
}

const MEETING_SQL: &str = "SELECT m.id AS x_id, m.org_id, m.type_id, m.title, m.meeting_date, m.start_time, m.location, m.started_at, m.ended_at, m.created_at, m.modified_at
     FROM meeting m WHERE m.status = 'approved'";

async fn meeting_json(app: &App, base: &str, r: &sqlx::any::AnyRow) -> AppResult<Value> {
    let id: i64 = col(r, "x_id")?;
    let date: String = col(r, "meeting_date")?;
    let participants: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM meeting_attendance WHERE meeting_id = $1 AND presence = 'present' ORDER BY position, id").bind(id).fetch_all(&app.db.pool).await?;
    let items = sqlx::query(sqlx::AssertSqlSafe(format!("{ITEM_SQL} AND i.meeting_id = $1 ORDER BY i.position"))).bind(id).fetch_all(&app.db.pool).await?;
    let mut agenda = Vec::new();
    for it in &items {
        agenda.push(agenda_item_json(app, base, it).await?);
    }
    let ended: Option<String> = col(r, "ended_at")?;
    Ok(json!({
        "id": format!("{base}/meeting/{id}"), "type": format!("{OPARL}Meeting"), "name": col::<String>(r, "title")?,
        "meetingState": "纪要已审定", "cancelled": false,
        "start": local_iso(&date, &col::<String>(r, "start_time")?), "end": ended,
        "location": {"type": format!("{OPARL}Location"), "description": col::<String>(r, "location")?},
        "organization": [format!("{base}/organization/{}", col::<i64>(r, "type_id")?)],
        "participant": participants.iter().map(|p| format!("{base}/person/{p}")).collect::<Vec<_>>(),
        "agendaItem": agenda,
        "created": col::<String>(r, "created_at")?, "modified": col::<String>(r, "modified_at")?
    }))
}

pub async fn meetings(app: &App, base: &str, body: i64, p: &ListParams) -> AppResult<Value> {
    let sql = format!("SELECT * FROM ({MEETING_SQL} AND m.org_id = $1) x WHERE 1 = 1 {{cond}}");
    let (rows, links) = page(app, &sql, "modified_at", Some(body), p, &format!("{base}/body/{body}/meeting")).await?;
    let mut data = Vec::new();
    for r in &rows {
        data.push(meeting_json(app, base, r).await?);
    }
    Ok(list(data, p.limit, links))
}

pub async fn meeting(app: &App, base: &str, id: i64) -> AppResult<Value> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{MEETING_SQL} AND m.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("Meeting"))?;
    meeting_json(app, base, &r).await
}
