//! Proactive publication (主动公开): an item's life from draft to the portal.
//!
//! ```text
//! DRAFT ─submit→ CONF_REVIEW ─review→ APPROVED ─publish→ PUBLISHED ─revise→ DRAFT (v+1) …
//!   ↑               │  └→ ESCALATED (保密部门) ─review→ …        │  └→ SCHEDULED ─(time)→ PUBLISHED
//!   └──── return ───┘  └→ WITHHELD ─rereview(release)→ DRAFT      └─withdraw→ WITHDRAWN
//! ```
//!
//! Rules enforced here (each a refusal with a Chinese message):
//! - publishing needs a recorded confidentiality review (保密审查, art.17) of
//!   the current version's exact content whose conclusion allows publication;
//! - the reviewer is never the item's drafter or editor;
//! - marked personal information (`【隐去：张三】`) is replaced in the public text,
//!   and a public text with an unmarked 身份证号 or mobile number is refused;
//! - a 主动公开 item has a 20-working-day clock from formation or change
//!   (art.26) with a to-do item, both closed on publication;
//! - withheld items carry a re-review date and a to-do (art.18);
//! - updates create a new version that needs a new review; withdrawal hides the
//!   item publicly and keeps every record.
//!
//! The public reads (`public_item`, the catalogue) only ever join the
//! `published_version` of an item that is not withdrawn.
use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, Utc};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::calendar::{Deadline, Unit};
use fazhi_core::disclosure::Publicity;
use fazhi_core::form;
use serde::{Deserialize, Serialize};

use super::rules::{self, Segment};
use super::{Attr, Conclusion, ENTITY, MODULE, Status, When, catalogue, guide, load_town, local_label, withhold_ground_label};
use crate::db::{col, flag};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_org, scope_sql};
use crate::platform::{calendar, search, todo};

/// The public view of an item: its published version, unless withdrawn.
pub(crate) const PUBLIC_JOIN: &str = "disclosure_item i JOIN disclosure_version v ON v.item_id = i.id AND v.version = i.published_version JOIN disclosure_category c ON c.id = v.category_id JOIN org_unit o ON o.id = i.org_id";
pub(crate) const PUBLIC_WHERE: &str = "i.published_version IS NOT NULL AND i.withdrawn_at IS NULL";

/// The clock's name (one per item).
pub const CLOCK: &str = "公开期限";
/// Statutory period: 20 working days from formation or change (art.26).
pub const PUBLISH_WORKDAYS: u32 = 20;
const TODO_DEADLINE: &str = "publish_deadline";
const TODO_REVIEW: &str = "conf_review";
const TODO_REREVIEW: &str = "rereview";

/// The gate message when publishing without a covering review.
pub const GATE_REVIEW: &str = "未经保密审查不得发布：请先提交保密审查，并取得“同意公开”的审查结论（《政府信息公开条例》第十七条）";

// ───────────────────────────── input ─────────────────────────────

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrText {
    Num(i64),
    Text(String),
}

fn opt_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<NumOrText>::deserialize(d)? {
        None => None,
        Some(NumOrText::Num(n)) => Some(n),
        Some(NumOrText::Text(s)) if s.trim().is_empty() => None,
        Some(NumOrText::Text(s)) => Some(s.trim().parse().map_err(|_| serde::de::Error::custom("请选择「目录分类」"))?),
    })
}

/// The fields of an item (draft, edit and revise share them), from a form or JSON.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ItemForm {
    #[serde(default)]
    pub town_id: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    pub category_id: Option<i64>,
    #[serde(default)]
    pub title: String,
    /// 文号.
    #[serde(default)]
    pub doc_no: String,
    /// 发布机构.
    #[serde(default)]
    pub issuer: String,
    /// 成文（生成）日期.
    #[serde(default)]
    pub formed_on: String,
    /// 公开属性: proactive | on_request | withheld.
    #[serde(default)]
    pub publicity: String,
    /// The art.14–16 ground when withheld (`fazhi_core::disclosure::WithholdGround` codes).
    #[serde(default)]
    pub withhold_ground: String,
    /// Why it is not proactively published (required unless proactive).
    #[serde(default)]
    pub publicity_reason: String,
    /// 内容概述 (may hold redaction marks).
    #[serde(default)]
    pub summary: String,
    /// 正文 (may hold redaction marks).
    #[serde(default)]
    pub body: String,
    /// 变更日期 (revisions).
    #[serde(default)]
    pub changed_on: String,
    /// 变更说明 (revisions).
    #[serde(default)]
    pub change_note: String,
}

struct Checked {
    category_id: i64,
    title: String,
    doc_no: Option<String>,
    issuer: String,
    formed_on: NaiveDate,
    changed_on: Option<NaiveDate>,
    change_note: Option<String>,
    publicity: Attr,
    withhold_ground: Option<String>,
    publicity_reason: Option<String>,
    summary: String,
    summary_public: String,
    body: String,
    body_public: String,
    redactions: i64,
}

fn check(f: &ItemForm, revision: bool, today: NaiveDate) -> Result<Checked, DomainError> {
    let category_id = f.category_id.ok_or_else(|| DomainError::invalid("category_id", "请选择「目录分类」"))?;
    let title = form::required_text("title", "标题", &f.title, 200)?;
    if rules::marks(&title) > 0 || rules::unmarked_personal("标题", &title).is_some() {
        return Err(DomainError::invalid("title", "「标题」中不应含有个人信息，请在正文中标注隐去"));
    }
    let doc_no = form::optional_text("doc_no", "文号", &f.doc_no, 60)?;
    let issuer = form::required_text("issuer", "发布机构", &f.issuer, 60)?;
    let formed_on = form::date("formed_on", "成文日期", &f.formed_on)?;
    if formed_on > today {
        return Err(DomainError::invalid("formed_on", "「成文日期」不能晚于今天"));
    }
    let changed_on = form::optional_date("changed_on", "变更日期", &f.changed_on)?;
    if revision && changed_on.is_none() {
        return Err(DomainError::invalid("changed_on", "「变更日期」不能为空：信息变更后应自变更之日起20个工作日内公开"));
    }
    if let Some(c) = changed_on {
        if c < formed_on {
            return Err(DomainError::invalid("changed_on", "「变更日期」不能早于成文日期"));
        }
        if c > today {
            return Err(DomainError::invalid("changed_on", "「变更日期」不能晚于今天"));
        }
    }
    let change_note = form::optional_text("change_note", "变更说明", &f.change_note, 500)?;
    if change_note.as_deref().is_some_and(|n| rules::marks(n) > 0 || rules::unmarked_personal("变更说明", n).is_some()) {
        return Err(DomainError::invalid("change_note", "「变更说明」随信息一并公开，不应含有个人信息"));
    }
    if revision && change_note.is_none() {
        return Err(DomainError::invalid("change_note", "「变更说明」不能为空，请说明变更了什么"));
    }
    if f.publicity.trim().is_empty() {
        return Err(DomainError::invalid("publicity", "请选择「公开属性」"));
    }
    let publicity = Publicity::from_form(&f.publicity, Some(&f.withhold_ground), Some(&f.publicity_reason))?;
    let (withhold_ground, publicity_reason) = match &publicity {
        Publicity::Proactive => (None, None),
        Publicity::OnRequest { reason } => (None, Some(form::required_text("publicity_reason", "不公开理由", reason, 500)?)),
        Publicity::Withheld { ground, reason } => (Some(ground.code().to_string()), Some(form::required_text("publicity_reason", "不公开理由", reason, 500)?)),
    };
    let summary = form::required_text("summary", "内容概述", &f.summary, 500)?;
    let body = form::required_text("body", "正文", &f.body, 100_000)?;
    rules::check_marks("summary", "内容概述", &summary)?;
    rules::check_marks("body", "正文", &body)?;
    Ok(Checked {
        category_id,
        title,
        doc_no,
        issuer,
        formed_on,
        changed_on,
        change_note,
        publicity: Attr::parse(publicity.code()),
        withhold_ground,
        publicity_reason,
        summary_public: rules::public_text(&summary),
        body_public: rules::public_text(&body),
        redactions: (rules::marks(&summary) + rules::marks(&body)) as i64,
        summary,
        body,
    })
}

// ───────────────────────────── rows ─────────────────────────────

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub org_id: i64,
    pub index_no: String,
    pub status: Status,
    pub current_version: i64,
    pub published_version: Option<i64>,
    pub title: String,
    pub publicity: String,
    pub first_published_at: Option<String>,
    pub last_published_at: Option<String>,
    pub scheduled_version: Option<i64>,
    pub release_at: Option<String>,
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
    pub next_rereview_on: Option<String>,
    pub created_by: i64,
    pub created_at: String,
}

const ITEM_COLUMNS: &str = "id, org_id, index_no, status, current_version, published_version, title, publicity, first_published_at, last_published_at, scheduled_version, release_at,
    withdrawn_at, withdraw_reason, next_rereview_on, created_by, created_at";

fn item_row(r: &sqlx::any::AnyRow) -> AppResult<ItemRow> {
    let status: String = col(r, "status")?;
    Ok(ItemRow {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        index_no: col(r, "index_no")?,
        status: Status::parse(&status)?,
        current_version: col(r, "current_version")?,
        published_version: col(r, "published_version")?,
        title: col(r, "title")?,
        publicity: col(r, "publicity")?,
        first_published_at: col(r, "first_published_at")?,
        last_published_at: col(r, "last_published_at")?,
        scheduled_version: col(r, "scheduled_version")?,
        release_at: col(r, "release_at")?,
        withdrawn_at: col(r, "withdrawn_at")?,
        withdraw_reason: col(r, "withdraw_reason")?,
        next_rereview_on: col(r, "next_rereview_on")?,
        created_by: col(r, "created_by")?,
        created_at: col(r, "created_at")?,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub id: i64,
    pub item_id: i64,
    pub version: i64,
    pub title: String,
    pub doc_no: Option<String>,
    pub issuer: String,
    pub formed_on: String,
    pub changed_on: Option<String>,
    pub change_note: Option<String>,
    pub category_id: i64,
    pub publicity: String,
    pub withhold_ground: Option<String>,
    pub publicity_reason: Option<String>,
    pub summary: String,
    pub summary_public: String,
    pub body: String,
    pub body_public: String,
    pub redactions: i64,
    pub content_hash: String,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub published_at: Option<String>,
}

impl VersionRow {
    /// The date the 20-working-day clock counts from: the change, else the formation.
    pub fn clock_from(&self) -> NaiveDate {
        let d = self.changed_on.as_deref().unwrap_or(&self.formed_on);
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default()
    }
    pub fn attr(&self) -> Attr {
        Attr::parse(&self.publicity)
    }
}

const VERSION_COLUMNS: &str = "id, item_id, version, title, doc_no, issuer, formed_on, changed_on, change_note, category_id, publicity, withhold_ground, publicity_reason,
    summary, summary_public, body, body_public, redactions, content_hash, created_by, updated_by, created_at, submitted_at, published_at";

fn version_row(r: &sqlx::any::AnyRow) -> AppResult<VersionRow> {
    Ok(VersionRow {
        id: col(r, "id")?,
        item_id: col(r, "item_id")?,
        version: col(r, "version")?,
        title: col(r, "title")?,
        doc_no: col(r, "doc_no")?,
        issuer: col(r, "issuer")?,
        formed_on: col(r, "formed_on")?,
        changed_on: col(r, "changed_on")?,
        change_note: col(r, "change_note")?,
        category_id: col(r, "category_id")?,
        publicity: col(r, "publicity")?,
        withhold_ground: col(r, "withhold_ground")?,
        publicity_reason: col(r, "publicity_reason")?,
        summary: col(r, "summary")?,
        summary_public: col(r, "summary_public")?,
        body: col(r, "body")?,
        body_public: col(r, "body_public")?,
        redactions: col(r, "redactions")?,
        content_hash: col(r, "content_hash")?,
        created_by: col(r, "created_by")?,
        updated_by: col(r, "updated_by")?,
        created_at: col(r, "created_at")?,
        submitted_at: col(r, "submitted_at")?,
        published_at: col(r, "published_at")?,
    })
}

/// What an audit record keeps of a version: no body text (it may hold
/// personal information, and the audit chain can never be erased).
fn audit_view(v: &Checked, index_no: &str, version: i64) -> serde_json::Value {
    serde_json::json!({
        "index_no": index_no, "version": version, "title": v.title, "doc_no": v.doc_no, "issuer": v.issuer, "formed_on": v.formed_on,
        "changed_on": v.changed_on, "category_id": v.category_id, "publicity": v.publicity.code(), "withhold_ground": v.withhold_ground,
        "redactions": v.redactions, "body_chars": v.body.chars().count()
    })
}

async fn item_org(app: &App, id: i64) -> AppResult<OrgRef> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM disclosure_item WHERE id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("政务公开信息"))?;
    load_org(app, org_id).await
}

async fn lock_item(w: &mut Write<'_>, id: i64) -> AppResult<ItemRow> {
    let lock = w.app().db.for_update();
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {ITEM_COLUMNS} FROM disclosure_item WHERE id = $1{lock}")))
        .bind(id)
        .fetch_optional(w.conn())
        .await?
        .ok_or_else(|| DomainError::not_found("政务公开信息"))?;
    item_row(&r)
}

async fn version_in(w: &mut Write<'_>, item_id: i64, version: i64) -> AppResult<VersionRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLUMNS} FROM disclosure_version WHERE item_id = $1 AND version = $2")))
        .bind(item_id)
        .bind(version)
        .fetch_one(w.conn())
        .await?;
    version_row(&r)
}

/// Begins a write on an item's town with `perm`, then locks and reads the item.
async fn begin<'a>(app: &'a App, actor: &'a Actor, perm: Permission, id: i64) -> AppResult<(Write<'a>, ItemRow, OrgRef)> {
    let org = item_org(app, id).await?;
    let mut w = Write::begin(app, actor, perm, &org).await?;
    let item = lock_item(&mut w, id).await?;
    Ok((w, item, org))
}

fn refuse(gate: &str, message: impl Into<String>) -> AppError {
    DomainError::refused(gate, message).into()
}

async fn check_category(w: &mut Write<'_>, town_id: i64, category_id: i64) -> AppResult<()> {
    let r = sqlx::query("SELECT CASE WHEN active THEN 1 ELSE 0 END AS active FROM disclosure_category WHERE id = $1 AND town_id = $2").bind(category_id).bind(town_id).fetch_optional(w.conn()).await?;
    match r {
        Some(r) if flag(&r, "active")? => Ok(()),
        Some(_) => Err(DomainError::invalid("category_id", "该「目录分类」已停用，请选择其他分类").into()),
        None => Err(DomainError::invalid("category_id", "请选择本镇的「目录分类」").into()),
    }
}

/// Re-computes a version's content hash (text, 公开属性, files).
async fn rehash_in(w: &mut Write<'_>, version_id: i64) -> AppResult<String> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLUMNS} FROM disclosure_version WHERE id = $1"))).bind(version_id).fetch_one(w.conn()).await?;
    let v = version_row(&r)?;
    let files: Vec<String> = sqlx::query_scalar("SELECT a.sm3 FROM disclosure_version_file f JOIN attachment a ON a.id = f.attachment_id WHERE f.version_id = $1 ORDER BY a.sm3")
        .bind(version_id)
        .fetch_all(w.conn())
        .await?;
    let files = files.join(",");
    let category = v.category_id.to_string();
    let hash = rules::content_hash(&[
        &v.title,
        v.doc_no.as_deref().unwrap_or(""),
        &v.issuer,
        &v.formed_on,
        v.changed_on.as_deref().unwrap_or(""),
        v.change_note.as_deref().unwrap_or(""),
        &category,
        &v.publicity,
        v.withhold_ground.as_deref().unwrap_or(""),
        v.publicity_reason.as_deref().unwrap_or(""),
        &v.summary,
        &v.body,
        &files,
    ]);
    sqlx::query("UPDATE disclosure_version SET content_hash = $1 WHERE id = $2").bind(&hash).bind(version_id).execute(w.conn()).await?;
    Ok(hash)
}

async fn has_open_todo(w: &mut Write<'_>, id: i64, kind: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE entity = $1 AND entity_id = $2 AND kind = $3 AND status = 'open'")
        .bind(ENTITY)
        .bind(id.to_string())
        .bind(kind)
        .fetch_one(w.conn())
        .await?;
    Ok(n > 0)
}

fn item_url(id: i64) -> String {
    format!("/console/disclosure/items/{id}")
}

/// A 主动公开 version gets the 20-working-day clock (from formation or change)
/// and a to-do item; anything else has its clock stopped and the to-do closed.
async fn sync_deadline_in(w: &mut Write<'_>, item: &ItemRow, v: &VersionRow, when: When) -> AppResult<()> {
    let key = item.id.to_string();
    if v.attr() != Attr::Proactive {
        stop_deadline_in(w, item.id, when.today()).await?;
        return Ok(());
    }
    let d = Deadline::new(v.clock_from(), Unit::WorkingDays, PUBLISH_WORKDAYS).with_labels(if v.changed_on.is_some() { "变更日期" } else { "形成日期" }, CLOCK);
    let clock_id = calendar::put_clock_in(w, item.org_id, MODULE, ENTITY, &key, CLOCK, &d).await?;
    if !has_open_todo(w, item.id, TODO_DEADLINE).await? {
        let title = format!("按期公开：{}", v.title);
        let detail = "属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内公开（《政府信息公开条例》第二十六条），发布前须经保密审查。";
        let url = item_url(item.id);
        todo::open_in(
            w,
            item.org_id,
            todo::TodoSpec { module: MODULE, kind: TODO_DEADLINE, title: &title, detail: Some(detail), url: Some(&url), entity: Some((ENTITY, &key)), assignee_id: None, clock_id: Some(clock_id), due_date: None },
        )
        .await?;
    }
    Ok(())
}

/// Stops the item's clock (if running) on `on` and closes its deadline to-do.
async fn stop_deadline_in(w: &mut Write<'_>, id: i64, on: NaiveDate) -> AppResult<()> {
    let key = id.to_string();
    let r = sqlx::query("SELECT org_id, spec_json FROM clock WHERE entity = $1 AND entity_id = $2 AND name = $3 AND stopped_at IS NULL")
        .bind(ENTITY)
        .bind(&key)
        .bind(CLOCK)
        .fetch_optional(w.conn())
        .await?;
    if let Some(r) = r {
        let spec: String = col(&r, "spec_json")?;
        let mut d: Deadline = serde_json::from_str(&spec).map_err(AppError::internal)?;
        d.stopped_on = Some(on.max(d.start));
        calendar::put_clock_in(w, col(&r, "org_id")?, MODULE, ENTITY, &key, CLOCK, &d).await?;
    }
    todo::close_in(w, ENTITY, &key, TODO_DEADLINE).await?;
    Ok(())
}

// ───────────────────────────── writes ─────────────────────────────

/// Drafts a new item in a town: takes the next 索引号 of the town's scheme,
/// starts the 20-working-day clock when it is to be proactively published.
pub async fn draft(app: &App, actor: &Actor, f: &ItemForm) -> AppResult<i64> {
    draft_at(app, actor, f, When::now()).await
}

pub(crate) async fn draft_at(app: &App, actor: &Actor, f: &ItemForm, when: When) -> AppResult<i64> {
    let town = load_town(app, f.town_id.ok_or_else(|| DomainError::invalid("town_id", "请选择「所属镇（街道）」"))?).await?;
    let c = check(f, false, when.today())?;
    let mut w = Write::begin(app, actor, Permission::DisclosureEdit, &town).await?;
    catalogue::ensure_defaults_in(&mut w, town.id, when).await?;
    check_category(&mut w, town.id, c.category_id).await?;
    let scheme = guide::scheme_in(w.conn(), town.id).await?;
    let index_scheme = rules::check_index_pattern(&scheme.pattern)?;
    let year = chrono::Datelike::year(&c.formed_on);
    // One counter per town and year (one per town when the scheme has no year).
    let counter_year = if rules::yearly(&index_scheme) { year as i64 } else { 0 };
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_index_seq (town_id, year, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (town_id, year) DO UPDATE SET last_seq = disclosure_index_seq.last_seq + 1 RETURNING last_seq",
    )
    .bind(town.id)
    .bind(counter_year)
    .fetch_one(w.conn())
    .await?;
    let cat_code: String = sqlx::query_scalar("SELECT code FROM disclosure_category WHERE id = $1").bind(c.category_id).fetch_one(w.conn()).await?;
    let index_no = rules::index_number(&index_scheme, &scheme.org_code, year, &cat_code, seq)?;
    let now = when.text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_item (org_id, index_no, status, current_version, title, category_id, formed_on, publicity, created_by, created_at, updated_at)
         VALUES ($1, $2, 'draft', 1, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(town.id)
    .bind(&index_no)
    .bind(&c.title)
    .bind(c.category_id)
    .bind(c.formed_on.to_string())
    .bind(c.publicity.code())
    .bind(actor.user_id)
    .bind(&now)
    .fetch_one(w.conn())
    .await?;
    let vid = insert_version(&mut w, id, 1, &c, actor.user_id, &now).await?;
    rehash_in(&mut w, vid).await?;
    w.record(Change::create(ENTITY, id, &audit_view(&c, &index_no, 1)));
    let item = lock_item(&mut w, id).await?;
    let v = version_in(&mut w, id, 1).await?;
    sync_deadline_in(&mut w, &item, &v, when).await?;
    w.commit().await?;
    Ok(id)
}

async fn insert_version(w: &mut Write<'_>, item_id: i64, version: i64, c: &Checked, by: i64, now: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO disclosure_version (item_id, version, title, doc_no, issuer, formed_on, changed_on, change_note, category_id, publicity, withhold_ground, publicity_reason,
                                         summary, summary_public, body, body_public, redactions, content_hash, created_by, updated_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, '', $18, $18, $19, $19) RETURNING id",
    )
    .bind(item_id)
    .bind(version)
    .bind(&c.title)
    .bind(&c.doc_no)
    .bind(&c.issuer)
    .bind(c.formed_on.to_string())
    .bind(c.changed_on.map(|d| d.to_string()))
    .bind(&c.change_note)
    .bind(c.category_id)
    .bind(c.publicity.code())
    .bind(&c.withhold_ground)
    .bind(&c.publicity_reason)
    .bind(&c.summary)
    .bind(&c.summary_public)
    .bind(&c.body)
    .bind(&c.body_public)
    .bind(c.redactions)
    .bind(by)
    .bind(now)
    .fetch_one(w.conn())
    .await?)
}

/// Edits the working version while it is a draft (in place: nobody reviewed it yet).
pub async fn edit(app: &App, actor: &Actor, id: i64, f: &ItemForm) -> AppResult<()> {
    edit_at(app, actor, id, f, When::now()).await
}

pub(crate) async fn edit_at(app: &App, actor: &Actor, id: i64, f: &ItemForm, when: When) -> AppResult<()> {
    let (mut w, item, org) = begin(app, actor, Permission::DisclosureEdit, id).await?;
    if item.status != Status::Draft {
        return Err(refuse("draft_only", format!("该信息当前为「{}」，只有起草中的信息可以修改；如需修改请先撤回到起草状态", item.status.label())));
    }
    let old = version_in(&mut w, id, item.current_version).await?;
    let c = check(f, item.current_version > 1 || old.changed_on.is_some(), when.today())?;
    check_category(&mut w, org.id, c.category_id).await?;
    sqlx::query(
        "UPDATE disclosure_version SET title = $1, doc_no = $2, issuer = $3, formed_on = $4, changed_on = $5, change_note = $6, category_id = $7, publicity = $8,
           withhold_ground = $9, publicity_reason = $10, summary = $11, summary_public = $12, body = $13, body_public = $14, redactions = $15, updated_by = $16, updated_at = $17
         WHERE id = $18",
    )
    .bind(&c.title)
    .bind(&c.doc_no)
    .bind(&c.issuer)
    .bind(c.formed_on.to_string())
    .bind(c.changed_on.map(|d| d.to_string()))
    .bind(&c.change_note)
    .bind(c.category_id)
    .bind(c.publicity.code())
    .bind(&c.withhold_ground)
    .bind(&c.publicity_reason)
    .bind(&c.summary)
    .bind(&c.summary_public)
    .bind(&c.body)
    .bind(&c.body_public)
    .bind(c.redactions)
    .bind(actor.user_id)
    .bind(when.text())
    .bind(old.id)
    .execute(w.conn())
    .await?;
    rehash_in(&mut w, old.id).await?;
    update_item_copy(&mut w, id, &c, when).await?;
    w.record(Change::update(ENTITY, id, &serde_json::json!({"version": old.version, "title": old.title, "publicity": old.publicity, "content_hash": old.content_hash}), &audit_view(&c, &item.index_no, old.version)));
    let v = version_in(&mut w, id, item.current_version).await?;
    let item = lock_item(&mut w, id).await?;
    sync_deadline_in(&mut w, &item, &v, when).await?;
    w.commit().await
}

async fn update_item_copy(w: &mut Write<'_>, id: i64, c: &Checked, when: When) -> AppResult<()> {
    sqlx::query("UPDATE disclosure_item SET title = $1, category_id = $2, formed_on = $3, publicity = $4, updated_at = $5 WHERE id = $6")
        .bind(&c.title)
        .bind(c.category_id)
        .bind(c.formed_on.to_string())
        .bind(c.publicity.code())
        .bind(when.text())
        .bind(id)
        .execute(w.conn())
        .await?;
    Ok(())
}

async fn set_status(w: &mut Write<'_>, id: i64, s: Status, when: When) -> AppResult<()> {
    sqlx::query("UPDATE disclosure_item SET status = $1, updated_at = $2 WHERE id = $3").bind(s.code()).bind(when.text()).bind(id).execute(w.conn()).await?;
    Ok(())
}

/// Refuses a version whose text holds an unmarked 身份证号 or mobile number.
fn check_personal(v: &VersionRow) -> AppResult<()> {
    let note = v.change_note.clone().unwrap_or_default();
    for (label, text) in [("标题", &v.title), ("内容概述", &v.summary), ("正文", &v.body), ("变更说明", &note)] {
        if let Some(message) = rules::unmarked_personal(label, text) {
            return Err(refuse("personal_data", format!("{message}；公开文本不得含有身份证号码、手机号码等个人信息，请用「{}」标注", rules::MARK_EXAMPLE)));
        }
    }
    Ok(())
}

/// Sends the draft to the confidentiality review (保密审查).
pub async fn submit(app: &App, actor: &Actor, id: i64) -> AppResult<()> {
    submit_at(app, actor, id, When::now()).await
}

pub(crate) async fn submit_at(app: &App, actor: &Actor, id: i64, when: When) -> AppResult<()> {
    let (mut w, item, _) = begin(app, actor, Permission::DisclosureEdit, id).await?;
    if item.status != Status::Draft {
        return Err(refuse("draft_only", format!("该信息当前为「{}」，只有起草中的信息可以提交保密审查", item.status.label())));
    }
    let v = version_in(&mut w, id, item.current_version).await?;
    check_personal(&v)?;
    sqlx::query("UPDATE disclosure_version SET submitted_at = $1 WHERE id = $2").bind(when.text()).bind(v.id).execute(w.conn()).await?;
    set_status(&mut w, id, Status::ConfReview, when).await?;
    let key = id.to_string();
    if !has_open_todo(&mut w, id, TODO_REVIEW).await? {
        let title = format!("保密审查：{}", v.title);
        let url = item_url(id);
        todo::open_in(
            &mut w,
            item.org_id,
            todo::TodoSpec {
                module: MODULE,
                kind: TODO_REVIEW,
                title: &title,
                detail: Some("发布前须经保密审查（条例第十七条），审查人不得为起草人。"),
                url: Some(&url),
                entity: Some((ENTITY, &key)),
                assignee_id: None,
                clock_id: None,
                due_date: None,
            },
        )
        .await?;
    }
    w.record(Change::action("submit", ENTITY, id, &serde_json::json!({"version": v.version, "content_hash": v.content_hash})));
    w.commit().await
}

/// A review or re-review, from a form or JSON.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ReviewForm {
    /// 审查依据.
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub conclusion: String,
    /// 审查意见.
    #[serde(default)]
    pub opinion: String,
    /// When escalating: the 保密行政管理部门 / 主管部门.
    #[serde(default)]
    pub escalated_to: String,
}

/// Refuses a reviewer who drafted or edited the version, or created the item.
fn check_not_drafter(actor: &Actor, item: &ItemRow, v: &VersionRow) -> AppResult<()> {
    if actor.user_id == item.created_by || actor.user_id == v.created_by || actor.user_id == v.updated_by {
        return Err(refuse("separation_of_duties", "保密审查人不能是该信息的起草人或修改人，请由其他有审查权限的人员审查"));
    }
    Ok(())
}

/// What a review records besides the reviewer and the content it covers.
struct Recorded<'a> {
    kind: &'a str,
    basis: &'a str,
    conclusion: Conclusion,
    opinion: &'a Option<String>,
    escalated_to: &'a Option<String>,
}

async fn insert_review(w: &mut Write<'_>, item: &ItemRow, v: &VersionRow, r: Recorded<'_>, when: When) -> AppResult<i64> {
    let Recorded { kind, basis, conclusion: c, opinion, escalated_to } = r;
    let actor = w.actor().clone();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_review (item_id, version, kind, reviewer_id, reviewer_name, basis, conclusion, opinion, escalated_to, content_hash, reviewed_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(item.id)
    .bind(v.version)
    .bind(kind)
    .bind(actor.user_id)
    .bind(&actor.display_name)
    .bind(basis)
    .bind(c.code())
    .bind(opinion)
    .bind(escalated_to)
    .bind(&v.content_hash)
    .bind(when.today().to_string())
    .bind(when.text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::action(
        kind,
        ENTITY,
        item.id,
        &serde_json::json!({"review_id": id, "version": v.version, "conclusion": c.code(), "basis": basis, "opinion": opinion, "escalated_to": escalated_to, "content_hash": v.content_hash}),
    ));
    Ok(id)
}

async fn open_rereview_in(w: &mut Write<'_>, item: &ItemRow, title: &str, due: NaiveDate, when: When) -> AppResult<()> {
    let key = item.id.to_string();
    sqlx::query("UPDATE disclosure_item SET next_rereview_on = $1, updated_at = $2 WHERE id = $3").bind(due.to_string()).bind(when.text()).bind(item.id).execute(w.conn()).await?;
    todo::close_in(w, ENTITY, &key, TODO_REREVIEW).await?;
    let t = format!("不予公开信息定期评估：{title}");
    let url = item_url(item.id);
    todo::open_in(
        w,
        item.org_id,
        todo::TodoSpec {
            module: MODULE,
            kind: TODO_REREVIEW,
            title: &t,
            detail: Some("对不予公开的政府信息定期评估审查，因情势变化可以公开的应当公开（条例第十八条）。"),
            url: Some(&url),
            entity: Some((ENTITY, &key)),
            assignee_id: None,
            clock_id: None,
            due_date: Some(due),
        },
    )
    .await?;
    Ok(())
}

/// Records the confidentiality review of the current version.
pub async fn review(app: &App, actor: &Actor, id: i64, f: &ReviewForm) -> AppResult<Status> {
    review_at(app, actor, id, f, When::now()).await
}

pub(crate) async fn review_at(app: &App, actor: &Actor, id: i64, f: &ReviewForm, when: When) -> AppResult<Status> {
    let conclusion = Conclusion::parse(f.conclusion.trim())?;
    if !Conclusion::REVIEW.contains(&conclusion) {
        return Err(DomainError::invalid("conclusion", "请选择保密审查的「审查结论」").into());
    }
    let basis = form::required_text("basis", "审查依据", &f.basis, 500)?;
    let opinion = form::optional_text("opinion", "审查意见", &f.opinion, 1000)?;
    let escalated_to = form::optional_text("escalated_to", "报送部门", &f.escalated_to, 100)?;
    let (mut w, item, _) = begin(app, actor, Permission::DisclosureReview, id).await?;
    if !matches!(item.status, Status::ConfReview | Status::Escalated) {
        return Err(refuse("not_in_review", format!("该信息当前为「{}」，不在保密审查环节", item.status.label())));
    }
    let v = version_in(&mut w, id, item.current_version).await?;
    check_not_drafter(actor, &item, &v)?;
    match conclusion {
        Conclusion::Approve | Conclusion::ApproveRedacted if v.attr() != Attr::Proactive => {
            return Err(refuse(
                "publicity",
                format!("该信息拟定的公开属性为「{}」，不能审查为同意主动公开；如认为可以公开，请退回修改公开属性", v.attr().label()),
            ));
        }
        Conclusion::ApproveRedacted if v.redactions == 0 => {
            return Err(DomainError::invalid("conclusion", "正文中没有隐去标记，不能审查为“隐去个人信息后同意公开”；请退回起草人标注需隐去的个人信息").into());
        }
        Conclusion::Escalate if item.status == Status::Escalated => {
            return Err(DomainError::invalid("conclusion", "已报请保密部门确定，请根据其确定意见作出审查结论").into());
        }
        Conclusion::Escalate if escalated_to.is_none() => {
            return Err(DomainError::invalid("escalated_to", "「报送部门」不能为空，如：武江区国家保密局").into());
        }
        _ => {}
    }
    insert_review(&mut w, &item, &v, Recorded { kind: "review", basis: &basis, conclusion, opinion: &opinion, escalated_to: &escalated_to }, when).await?;
    let key = id.to_string();
    let next = match conclusion {
        Conclusion::Approve | Conclusion::ApproveRedacted => Status::Approved,
        Conclusion::Escalate => Status::Escalated,
        Conclusion::Return => Status::Draft,
        _ => Status::Withheld,
    };
    if conclusion != Conclusion::Escalate {
        todo::close_in(&mut w, ENTITY, &key, TODO_REVIEW).await?;
    }
    if next == Status::Withheld {
        stop_deadline_in(&mut w, id, when.today()).await?;
        let scheme = guide::scheme_in(w.conn(), item.org_id).await?;
        let due = when.today().checked_add_months(Months::new(scheme.rereview_months)).unwrap_or(when.today());
        open_rereview_in(&mut w, &item, &v.title, due, when).await?;
    }
    set_status(&mut w, id, next, when).await?;
    w.commit().await?;
    Ok(next)
}

/// The review that covers the current version, if any: the latest review of
/// that version, recorded on exactly the content the version has now.
async fn covering_review(w: &mut Write<'_>, item: &ItemRow, v: &VersionRow) -> AppResult<Option<Conclusion>> {
    let r = sqlx::query("SELECT conclusion, content_hash FROM disclosure_review WHERE item_id = $1 AND version = $2 AND kind = 'review' ORDER BY id DESC LIMIT 1")
        .bind(item.id)
        .bind(v.version)
        .fetch_optional(w.conn())
        .await?;
    let Some(r) = r else { return Ok(None) };
    let hash: String = col(&r, "content_hash")?;
    if hash != v.content_hash {
        return Ok(None);
    }
    Ok(Some(Conclusion::parse(&col::<String>(&r, "conclusion")?)?))
}

/// "2026-03-01T09:30" or "2026-03-01 09:30" in China time.
fn parse_release(s: &str) -> Result<DateTime<Utc>, DomainError> {
    let t = s.trim().replace(' ', "T");
    let local = NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| DomainError::invalid("release_at", "「定时发布时间」应为日期和时间，如 2026-03-01 09:30"))?;
    Ok((local - chrono::Duration::hours(8)).and_utc())
}

/// The outcome of a publish call.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub status: Status,
    /// When it goes (or went) public, UTC.
    pub at: String,
}

/// Publishes the reviewed current version now, or schedules it (`release_at`,
/// China time) — only within the review's conclusion.
pub async fn publish(app: &App, actor: &Actor, id: i64, release_at: &str) -> AppResult<Published> {
    publish_at(app, actor, id, release_at, When::now()).await
}

pub(crate) async fn publish_at(app: &App, actor: &Actor, id: i64, release_at: &str, when: When) -> AppResult<Published> {
    let release = if release_at.trim().is_empty() { None } else { Some(parse_release(release_at)?) };
    let (mut w, item, org) = begin(app, actor, Permission::DisclosurePublish, id).await?;
    match item.status {
        Status::Approved => {}
        Status::Withheld => return Err(refuse("withheld", "该信息经保密审查不予公开，不得发布")),
        Status::Published => return Err(DomainError::conflict("该信息已发布；如需更新请先“变更”生成新版本并经保密审查").into()),
        Status::Scheduled => return Err(DomainError::conflict("该信息已设置定时发布；如需调整请先撤回到起草状态").into()),
        Status::Withdrawn => return Err(DomainError::conflict("该信息已撤回，不能再发布").into()),
        Status::Draft | Status::ConfReview | Status::Escalated => return Err(refuse("confidentiality_review", GATE_REVIEW)),
    }
    let v = version_in(&mut w, id, item.current_version).await?;
    let Some(conclusion) = covering_review(&mut w, &item, &v).await? else {
        return Err(refuse("confidentiality_review", GATE_REVIEW));
    };
    if !conclusion.allows_publication() {
        return Err(refuse("confidentiality_review", format!("保密审查结论为「{}」，不得发布", conclusion.label())));
    }
    if v.attr() != Attr::Proactive {
        return Err(refuse("publicity", format!("公开属性为「{}」的信息不能主动公开", v.attr().label())));
    }
    if conclusion == Conclusion::ApproveRedacted && v.redactions == 0 {
        return Err(refuse("confidentiality_review", "审查结论为“隐去个人信息后同意公开”，但正文没有隐去标记，不得发布"));
    }
    check_personal(&v)?;
    let out = match release {
        Some(at) if at > when.0 => {
            let local_day = When(at).today();
            let due: Option<String> = sqlx::query_scalar("SELECT due_date FROM clock WHERE entity = $1 AND entity_id = $2 AND name = $3")
                .bind(ENTITY)
                .bind(id.to_string())
                .bind(CLOCK)
                .fetch_optional(w.conn())
                .await?
                .flatten();
            if let Some(due) = due
                && local_day.to_string() > due
                && local_day > when.today()
            {
                return Err(DomainError::invalid("release_at", format!("「定时发布时间」不得晚于法定公开期限 {due}（自形成或变更之日起20个工作日）")).into());
            }
            let at_text = When(at).text();
            sqlx::query("UPDATE disclosure_item SET status = 'scheduled', scheduled_version = $1, release_at = $2, scheduled_by = $3, updated_at = $4 WHERE id = $5")
                .bind(v.version)
                .bind(&at_text)
                .bind(actor.user_id)
                .bind(when.text())
                .bind(id)
                .execute(w.conn())
                .await?;
            stop_deadline_in(&mut w, id, local_day).await?;
            w.record(Change::action("schedule", ENTITY, id, &serde_json::json!({"version": v.version, "release_at": at_text, "conclusion": conclusion.code()})));
            Published { status: Status::Scheduled, at: at_text }
        }
        _ => {
            publish_in(&mut w, &item, &org, &v, when).await?;
            Published { status: Status::Published, at: when.text() }
        }
    };
    w.commit().await?;
    Ok(out)
}

/// Makes `v` the public version at `when` (inside the caller's write).
async fn publish_in(w: &mut Write<'_>, item: &ItemRow, org: &OrgRef, v: &VersionRow, when: When) -> AppResult<()> {
    let now = when.text();
    // The catalogue reads the public version's category and 生成日期 from the
    // item (indexed) and its counts from disclosure_catalogue_count.
    catalogue::uncount_in(w, item.id).await?;
    sqlx::query(
        "UPDATE disclosure_item SET status = 'published', published_version = $1, first_published_at = COALESCE(first_published_at, $2), last_published_at = $2,
           scheduled_version = NULL, release_at = NULL, updated_at = $2, published_category_id = $3, published_formed_on = $4 WHERE id = $5",
    )
    .bind(v.version)
    .bind(&now)
    .bind(v.category_id)
    .bind(&v.formed_on)
    .bind(item.id)
    .execute(w.conn())
    .await?;
    catalogue::count_in(w, org.id, v.category_id, &v.formed_on, 1).await?;
    sqlx::query("UPDATE disclosure_version SET published_at = $1 WHERE id = $2").bind(&now).bind(v.id).execute(w.conn()).await?;
    let code: String = sqlx::query_scalar("SELECT code FROM org_unit WHERE id = $1").bind(org.id).fetch_one(w.conn()).await?;
    let category: String = sqlx::query_scalar("SELECT name FROM disclosure_category WHERE id = $1").bind(v.category_id).fetch_one(w.conn()).await?;
    let body = format!("{}\n{}\n{} {} {} {}", v.summary_public, v.body_public, item.index_no, v.doc_no.as_deref().unwrap_or(""), v.issuer, category);
    let url = format!("/portal/{code}/disclosure/items/{}", item.id);
    let key = item.id.to_string();
    search::index_in(w, search::SearchDoc { org_id: org.id, module: MODULE, entity: ENTITY, entity_id: &key, title: &v.title, body: &body, url: &url, is_public: true }).await?;
    stop_deadline_in(w, item.id, when.today()).await?;
    w.record(Change::action("publish", ENTITY, item.id, &serde_json::json!({"version": v.version, "index_no": item.index_no, "at": now, "content_hash": v.content_hash})));
    Ok(())
}

pub(crate) async fn system_actor(app: &App) -> AppResult<Actor> {
    let r = sqlx::query("SELECT id, path FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetch_one(&app.db.pool).await?;
    let path: String = col(&r, "path")?;
    Ok(Actor::system(fazhi_core::org::OrgPath::parse(&path).ok_or_else(|| AppError::internal("bad root path"))?, col(&r, "id")?))
}

/// Publishes scheduled items whose time has come (called before public reads,
/// so a release needs no background worker). Returns how many went public.
pub async fn release_due(app: &App, when: When) -> AppResult<u64> {
    let due: Vec<i64> = sqlx::query_scalar("SELECT id FROM disclosure_item WHERE status = 'scheduled' AND release_at <= $1 ORDER BY release_at, id")
        .bind(when.text())
        .fetch_all(&app.db.pool)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let system = system_actor(app).await?;
    let mut n = 0;
    for id in due {
        let (mut w, item, org) = begin(app, &system, Permission::DisclosurePublish, id).await?;
        let (Status::Scheduled, Some(at), Some(version)) = (item.status, item.release_at.clone(), item.scheduled_version) else { continue };
        if at.as_str() > when.text().as_str() {
            continue;
        }
        let v = version_in(&mut w, id, version).await?;
        let at = crate::db::parse_instant(&at).map(When).unwrap_or(when);
        publish_in(&mut w, &item, &org, &v, at).await?;
        w.commit().await?;
        n += 1;
    }
    Ok(n)
}

/// Changes a published item: a new version (drafting, with a new review to
/// come); the published version stays public until the new one is published.
pub async fn revise(app: &App, actor: &Actor, id: i64, f: &ItemForm) -> AppResult<i64> {
    revise_at(app, actor, id, f, When::now()).await
}

pub(crate) async fn revise_at(app: &App, actor: &Actor, id: i64, f: &ItemForm, when: When) -> AppResult<i64> {
    let (mut w, item, org) = begin(app, actor, Permission::DisclosureEdit, id).await?;
    if item.status != Status::Published {
        return Err(refuse("published_only", format!("该信息当前为「{}」，只有已发布的信息可以变更；起草中的信息请直接修改", item.status.label())));
    }
    let c = check(f, true, when.today())?;
    check_category(&mut w, org.id, c.category_id).await?;
    let old = version_in(&mut w, id, item.current_version).await?;
    let next = item.current_version + 1;
    let vid = insert_version(&mut w, id, next, &c, actor.user_id, &when.text()).await?;
    sqlx::query("INSERT INTO disclosure_version_file (version_id, attachment_id) SELECT $1, attachment_id FROM disclosure_version_file WHERE version_id = $2")
        .bind(vid)
        .bind(old.id)
        .execute(w.conn())
        .await?;
    rehash_in(&mut w, vid).await?;
    sqlx::query("UPDATE disclosure_item SET current_version = $1, status = 'draft' WHERE id = $2").bind(next).bind(id).execute(w.conn()).await?;
    update_item_copy(&mut w, id, &c, when).await?;
    w.record(Change::create("disclosure_version", vid, &audit_view(&c, &item.index_no, next)).in_org(&org));
    let item = lock_item(&mut w, id).await?;
    let v = version_in(&mut w, id, next).await?;
    sync_deadline_in(&mut w, &item, &v, when).await?;
    w.commit().await?;
    Ok(next)
}

/// Takes an item off the portal, API and search; the record and its versions stay.
pub async fn withdraw(app: &App, actor: &Actor, id: i64, reason: &str) -> AppResult<()> {
    withdraw_at(app, actor, id, reason, When::now()).await
}

pub(crate) async fn withdraw_at(app: &App, actor: &Actor, id: i64, reason: &str, when: When) -> AppResult<()> {
    let reason = form::required_text("reason", "撤回理由", reason, 500)?;
    let (mut w, item, _) = begin(app, actor, Permission::DisclosurePublish, id).await?;
    if item.status == Status::Withdrawn {
        return Err(DomainError::conflict("该信息已撤回").into());
    }
    if item.published_version.is_none() {
        return Err(refuse("not_published", "该信息尚未发布，无需撤回；未发布的信息可撤回到起草状态"));
    }
    catalogue::uncount_in(&mut w, id).await?;
    sqlx::query("UPDATE disclosure_item SET status = 'withdrawn', withdrawn_at = $1, withdrawn_by = $2, withdraw_reason = $3, scheduled_version = NULL, release_at = NULL, updated_at = $1 WHERE id = $4")
        .bind(when.text())
        .bind(actor.user_id)
        .bind(&reason)
        .bind(id)
        .execute(w.conn())
        .await?;
    let key = id.to_string();
    search::remove_in(&mut w, ENTITY, &key).await?;
    stop_deadline_in(&mut w, id, when.today()).await?;
    todo::close_in(&mut w, ENTITY, &key, TODO_REVIEW).await?;
    todo::close_in(&mut w, ENTITY, &key, TODO_REREVIEW).await?;
    w.record(Change::action("withdraw", ENTITY, id, &serde_json::json!({"reason": reason, "published_version": item.published_version})));
    w.commit().await
}

/// Takes an item in review, approved or scheduled back to drafting (its
/// review no longer counts once the content changes).
pub async fn reopen(app: &App, actor: &Actor, id: i64) -> AppResult<()> {
    reopen_at(app, actor, id, When::now()).await
}

pub(crate) async fn reopen_at(app: &App, actor: &Actor, id: i64, when: When) -> AppResult<()> {
    let (mut w, item, _) = begin(app, actor, Permission::DisclosureEdit, id).await?;
    if !matches!(item.status, Status::ConfReview | Status::Escalated | Status::Approved | Status::Scheduled) {
        return Err(refuse("reopen", format!("该信息当前为「{}」，不能撤回到起草状态", item.status.label())));
    }
    sqlx::query("UPDATE disclosure_item SET status = 'draft', scheduled_version = NULL, release_at = NULL, updated_at = $1 WHERE id = $2").bind(when.text()).bind(id).execute(w.conn()).await?;
    todo::close_in(&mut w, ENTITY, &id.to_string(), TODO_REVIEW).await?;
    let v = version_in(&mut w, id, item.current_version).await?;
    if item.status == Status::Scheduled {
        // The clock was stopped on the release day: it runs again.
        let item = lock_item(&mut w, id).await?;
        sync_deadline_in(&mut w, &item, &v, when).await?;
    }
    w.record(Change::update(ENTITY, id, &serde_json::json!({"status": item.status.code()}), &serde_json::json!({"status": "draft"})));
    w.commit().await
}

/// Periodic re-review of a withheld item (art.18): keep it withheld until the
/// next date, or release it back to drafting because circumstances changed.
pub async fn rereview(app: &App, actor: &Actor, id: i64, f: &ReviewForm) -> AppResult<Status> {
    rereview_at(app, actor, id, f, When::now()).await
}

pub(crate) async fn rereview_at(app: &App, actor: &Actor, id: i64, f: &ReviewForm, when: When) -> AppResult<Status> {
    let conclusion = Conclusion::parse(f.conclusion.trim())?;
    if !Conclusion::REREVIEW.contains(&conclusion) {
        return Err(DomainError::invalid("conclusion", "请选择定期评估的「评估结论」").into());
    }
    let basis = form::required_text("basis", "评估依据", &f.basis, 500)?;
    let opinion = form::optional_text("opinion", "评估意见", &f.opinion, 1000)?;
    let (mut w, item, _) = begin(app, actor, Permission::DisclosureReview, id).await?;
    if item.status != Status::Withheld {
        return Err(refuse("not_withheld", format!("该信息当前为「{}」，只有不予公开的信息需要定期评估", item.status.label())));
    }
    let v = version_in(&mut w, id, item.current_version).await?;
    check_not_drafter(actor, &item, &v)?;
    insert_review(&mut w, &item, &v, Recorded { kind: "rereview", basis: &basis, conclusion, opinion: &opinion, escalated_to: &None }, when).await?;
    let next = if conclusion == Conclusion::Keep {
        let scheme = guide::scheme_in(w.conn(), item.org_id).await?;
        let due = when.today().checked_add_months(Months::new(scheme.rereview_months)).unwrap_or(when.today());
        open_rereview_in(&mut w, &item, &v.title, due, when).await?;
        Status::Withheld
    } else {
        // Circumstances changed on the review day: a later publication counts from it.
        sqlx::query("UPDATE disclosure_version SET changed_on = $1 WHERE id = $2").bind(when.today().to_string()).bind(v.id).execute(w.conn()).await?;
        rehash_in(&mut w, v.id).await?;
        sqlx::query("UPDATE disclosure_item SET next_rereview_on = NULL WHERE id = $1").bind(id).execute(w.conn()).await?;
        todo::close_in(&mut w, ENTITY, &id.to_string(), TODO_REREVIEW).await?;
        set_status(&mut w, id, Status::Draft, when).await?;
        let v = version_in(&mut w, id, item.current_version).await?;
        sync_deadline_in(&mut w, &item, &v, when).await?;
        Status::Draft
    };
    w.commit().await?;
    Ok(next)
}

/// Links an uploaded attachment (of the same town, stored for this item) to the draft version.
pub async fn add_file(app: &App, actor: &Actor, id: i64, attachment_id: i64) -> AppResult<()> {
    let (mut w, item, _) = begin(app, actor, Permission::DisclosureEdit, id).await?;
    if item.status != Status::Draft {
        return Err(refuse("draft_only", "只有起草中的信息可以添加附件"));
    }
    let ok: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachment WHERE id = $1 AND org_id = $2 AND entity = $3 AND entity_id = $4")
        .bind(attachment_id)
        .bind(item.org_id)
        .bind(ENTITY)
        .bind(id.to_string())
        .fetch_one(w.conn())
        .await?;
    if ok == 0 {
        return Err(DomainError::invalid("file", "该附件不属于此信息").into());
    }
    let v = version_in(&mut w, id, item.current_version).await?;
    sqlx::query("INSERT INTO disclosure_version_file (version_id, attachment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(v.id).bind(attachment_id).execute(w.conn()).await?;
    rehash_in(&mut w, v.id).await?;
    w.record(Change::action("add_file", ENTITY, id, &serde_json::json!({"version": v.version, "attachment_id": attachment_id})));
    w.commit().await
}

/// Checks that files may be added before an upload is stored.
pub async fn can_add_file(app: &App, actor: &Actor, id: i64) -> AppResult<OrgRef> {
    let org = item_org(app, id).await?;
    actor.require(Permission::DisclosureEdit, &org.path)?;
    let status: String = sqlx::query_scalar("SELECT status FROM disclosure_item WHERE id = $1").bind(id).fetch_one(&app.db.pool).await?;
    if status != Status::Draft.code() {
        return Err(refuse("draft_only", "只有起草中的信息可以添加附件"));
    }
    Ok(org)
}

pub async fn remove_file(app: &App, actor: &Actor, id: i64, attachment_id: i64) -> AppResult<()> {
    let (mut w, item, _) = begin(app, actor, Permission::DisclosureEdit, id).await?;
    if item.status != Status::Draft {
        return Err(refuse("draft_only", "只有起草中的信息可以删除附件"));
    }
    let v = version_in(&mut w, id, item.current_version).await?;
    let n = sqlx::query("DELETE FROM disclosure_version_file WHERE version_id = $1 AND attachment_id = $2").bind(v.id).bind(attachment_id).execute(w.conn()).await?.rows_affected();
    if n == 0 {
        return Err(DomainError::not_found("附件").into());
    }
    rehash_in(&mut w, v.id).await?;
    w.record(Change::action("remove_file", ENTITY, id, &serde_json::json!({"version": v.version, "attachment_id": attachment_id})));
    w.commit().await
}

// ───────────────────────────── internal reads ─────────────────────────────

#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub version: i64,
    pub kind: String,
    pub reviewer_name: String,
    pub basis: String,
    pub conclusion: String,
    pub opinion: Option<String>,
    pub escalated_to: Option<String>,
    pub reviewed_on: String,
    /// Whether it was recorded on the content the version has now.
    pub current: bool,
}

impl ReviewRow {
    pub fn conclusion_label(&self) -> &'static str {
        Conclusion::label_of(&self.conclusion)
    }
    pub fn kind_label(&self) -> &'static str {
        if self.kind == "rereview" { "定期评估" } else { "保密审查" }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
    pub sm3: String,
}

impl FileRow {
    pub fn size_label(&self) -> String {
        if self.size >= 1024 * 1024 { format!("{:.1} MB", self.size as f64 / 1048576.0) } else { format!("{:.1} KB", self.size as f64 / 1024.0) }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    pub version: i64,
    pub title: String,
    pub changed_on: Option<String>,
    pub change_note: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
}

impl VersionSummary {
    pub fn published_label(&self) -> String {
        self.published_at.as_deref().map(local_label).unwrap_or_default()
    }
}

/// Everything staff see about an item: the unredacted original included.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub item: ItemRow,
    pub town_name: String,
    pub town_code: String,
    pub version: VersionRow,
    pub category_name: String,
    pub drafter_name: String,
    pub reviews: Vec<ReviewRow>,
    pub versions: Vec<VersionSummary>,
    pub files: Vec<FileRow>,
    pub clock_id: Option<i64>,
    pub due_date: Option<String>,
    /// A review of the current content allows publication.
    pub review_allows: bool,
    #[serde(skip)]
    pub body_segments: Vec<Segment>,
}

impl ItemView {
    pub fn index_parts(&self) -> (&str, &str) {
        super::split_index(&self.item.index_no)
    }
    pub fn status_label(&self) -> &'static str {
        self.item.status.label()
    }
    pub fn attr_label(&self) -> &'static str {
        self.version.attr().label()
    }
    pub fn withhold_label(&self) -> String {
        self.version.withhold_ground.as_deref().map(withhold_ground_label).unwrap_or_default()
    }
    pub fn is_public(&self) -> bool {
        self.item.published_version.is_some() && self.item.withdrawn_at.is_none()
    }
    pub fn withdrawn_label(&self) -> String {
        self.item.withdrawn_at.as_deref().map(local_label).unwrap_or_default()
    }
    pub fn release_label(&self) -> String {
        self.item.release_at.as_deref().map(local_label).unwrap_or_default()
    }
    pub fn public_url(&self) -> String {
        format!("/portal/{}/disclosure/items/{}", self.town_code, self.item.id)
    }
}

async fn files_of(app: &App, version_id: i64) -> AppResult<Vec<FileRow>> {
    sqlx::query("SELECT a.id, a.file_name, a.size, a.sm3 FROM disclosure_version_file f JOIN attachment a ON a.id = f.attachment_id WHERE f.version_id = $1 ORDER BY a.id")
        .bind(version_id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| Ok(FileRow { id: col(r, "id")?, file_name: col(r, "file_name")?, size: col(r, "size")?, sm3: col(r, "sm3")? }))
        .collect()
}

async fn versions_of(app: &App, id: i64) -> AppResult<Vec<VersionSummary>> {
    sqlx::query("SELECT version, title, changed_on, change_note, created_at, published_at FROM disclosure_version WHERE item_id = $1 ORDER BY version DESC")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(VersionSummary {
                version: col(r, "version")?,
                title: col(r, "title")?,
                changed_on: col(r, "changed_on")?,
                change_note: col(r, "change_note")?,
                created_at: col(r, "created_at")?,
                published_at: col(r, "published_at")?,
            })
        })
        .collect()
}

/// The internal view (DisclosureRead on the item's town).
pub async fn internal(app: &App, actor: &Actor, id: i64) -> AppResult<ItemView> {
    let org = item_org(app, id).await?;
    actor.require(Permission::DisclosureRead, &org.path)?;
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {ITEM_COLUMNS} FROM disclosure_item WHERE id = $1"))).bind(id).fetch_one(&app.db.pool).await?;
    let item = item_row(&r)?;
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLUMNS} FROM disclosure_version WHERE item_id = $1 AND version = $2")))
        .bind(id)
        .bind(item.current_version)
        .fetch_one(&app.db.pool)
        .await?;
    let version = version_row(&r)?;
    let town_code: String = sqlx::query_scalar("SELECT code FROM org_unit WHERE id = $1").bind(org.id).fetch_one(&app.db.pool).await?;
    let category_name: String = sqlx::query_scalar("SELECT name FROM disclosure_category WHERE id = $1").bind(version.category_id).fetch_one(&app.db.pool).await?;
    let drafter_name: Option<String> = sqlx::query_scalar("SELECT display_name FROM app_user WHERE id = $1").bind(item.created_by).fetch_optional(&app.db.pool).await?;
    let reviews = sqlx::query("SELECT id, version, kind, reviewer_name, basis, conclusion, opinion, escalated_to, reviewed_on, content_hash FROM disclosure_review WHERE item_id = $1 ORDER BY id DESC")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| {
            let reviewed: i64 = col(r, "version")?;
            let hash: String = col(r, "content_hash")?;
            Ok(ReviewRow {
                id: col(r, "id")?,
                version: reviewed,
                kind: col(r, "kind")?,
                reviewer_name: col(r, "reviewer_name")?,
                basis: col(r, "basis")?,
                conclusion: col(r, "conclusion")?,
                opinion: col(r, "opinion")?,
                escalated_to: col(r, "escalated_to")?,
                reviewed_on: col(r, "reviewed_on")?,
                current: reviewed == item.current_version && hash == version.content_hash,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    // Reviews are newest first: the latest review of the current version decides.
    let review_allows = reviews
        .iter()
        .find(|r| r.version == item.current_version && r.kind == "review")
        .is_some_and(|r| r.current && Conclusion::parse(&r.conclusion).is_ok_and(|c| c.allows_publication()));
    let clock = sqlx::query("SELECT id, due_date FROM clock WHERE entity = $1 AND entity_id = $2 AND name = $3").bind(ENTITY).bind(id.to_string()).bind(CLOCK).fetch_optional(&app.db.pool).await?;
    let (clock_id, due_date) = match clock {
        Some(r) => (Some(col(&r, "id")?), col(&r, "due_date")?),
        None => (None, None),
    };
    let body_segments = rules::segments(&version.body);
    Ok(ItemView {
        files: files_of(app, version.id).await?,
        versions: versions_of(app, id).await?,
        town_name: org.name.clone(),
        town_code,
        item,
        version,
        category_name,
        drafter_name: drafter_name.unwrap_or_else(|| "系统".into()),
        reviews,
        clock_id,
        due_date,
        review_allows,
        body_segments,
    })
}

/// A row of the console's work queues.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub town: String,
    pub status: String,
    pub due: Option<String>,
    pub next_rereview_on: Option<String>,
    pub created_by: i64,
}

impl QueueRow {
    pub fn index_parts(&self) -> (&str, &str) {
        super::split_index(&self.index_no)
    }
    pub fn status_label(&self) -> &'static str {
        Status::parse(&self.status).map(|s| s.label()).unwrap_or("")
    }
}

/// The console's module page: counts by state and the work waiting.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub counts: Vec<(&'static str, &'static str, i64)>,
    pub to_review: Vec<QueueRow>,
    pub to_publish: Vec<QueueRow>,
    pub overdue: Vec<QueueRow>,
    pub rereview: Vec<QueueRow>,
    pub recent: Vec<QueueRow>,
}

async fn queue(app: &App, actor: &Actor, perm: Permission, cond: &str, order: &str, limit: i64) -> AppResult<Vec<QueueRow>> {
    let (scope, params) = scope_sql(&actor.scope(perm), "o.path", 1);
    let sql = format!(
        "SELECT i.id, i.index_no, i.title, o.name AS town, i.status, CASE WHEN k.stopped_at IS NULL THEN k.due_date END AS due_date, i.next_rereview_on, i.created_by
         FROM disclosure_item i JOIN org_unit o ON o.id = i.org_id
         LEFT JOIN clock k ON k.entity = 'disclosure_item' AND k.entity_id = CAST(i.id AS TEXT) AND k.name = '公开期限'
         WHERE {scope} AND {cond} ORDER BY {order} LIMIT {limit}"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(QueueRow {
                id: col(r, "id")?,
                index_no: col(r, "index_no")?,
                title: col(r, "title")?,
                town: col(r, "town")?,
                status: col(r, "status")?,
                due: col(r, "due_date")?,
                next_rereview_on: col(r, "next_rereview_on")?,
                created_by: col(r, "created_by")?,
            })
        })
        .collect()
}

pub async fn dashboard(app: &App, actor: &Actor, today: NaiveDate) -> AppResult<Dashboard> {
    actor.require_anywhere(Permission::DisclosureRead)?;
    let (scope, params) = scope_sql(&actor.scope(Permission::DisclosureRead), "o.path", 1);
    let sql = format!("SELECT i.status, COUNT(*) AS n FROM disclosure_item i JOIN org_unit o ON o.id = i.org_id WHERE {scope} GROUP BY i.status");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let rows = q.fetch_all(&app.db.pool).await?;
    let mut counts = Vec::new();
    for s in Status::ALL {
        let mut n = 0;
        for r in &rows {
            if col::<String>(r, "status")? == s.code() {
                n = col(r, "n")?;
            }
        }
        counts.push((s.code(), s.label(), n));
    }
    let mut to_review = queue(app, actor, Permission::DisclosureReview, "i.status IN ('conf_review', 'escalated')", "i.updated_at", 50).await?;
    to_review.retain(|r| r.created_by != actor.user_id);
    let t = today.to_string();
    let overdue_cond = format!("i.status IN ('draft', 'conf_review', 'escalated', 'approved') AND k.stopped_at IS NULL AND k.due_date < '{t}'");
    let rereview_cond = format!("i.status = 'withheld' AND (i.next_rereview_on IS NULL OR i.next_rereview_on <= '{}')", today.checked_add_months(Months::new(1)).unwrap_or(today));
    Ok(Dashboard {
        counts,
        to_review,
        to_publish: queue(app, actor, Permission::DisclosurePublish, "i.status = 'approved'", "i.updated_at", 50).await?,
        overdue: queue(app, actor, Permission::DisclosureRead, &overdue_cond, "k.due_date", 50).await?,
        rereview: queue(app, actor, Permission::DisclosureRead, &rereview_cond, "i.next_rereview_on", 50).await?,
        recent: queue(app, actor, Permission::DisclosureRead, "1 = 1", "i.updated_at DESC", 10).await?,
    })
}

// ───────────────────────────── public reads ─────────────────────────────

/// A published item as the public sees it: the published version's redacted text.
#[derive(Debug, Clone, Serialize)]
pub struct PublicItem {
    #[serde(flatten)]
    pub entry: catalogue::Entry,
    pub body: String,
    pub first_published_at: String,
    pub files: Vec<FileRow>,
    /// Published versions, newest first: (version, published at, change note).
    pub history: Vec<PublicVersion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicVersion {
    pub version: i64,
    pub published_at: String,
    pub changed_on: Option<String>,
    pub change_note: Option<String>,
}

impl PublicVersion {
    pub fn published_label(&self) -> String {
        local_label(&self.published_at)
    }
}

impl PublicItem {
    pub fn paragraphs(&self) -> Vec<&str> {
        self.body.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }
    pub fn published_label(&self) -> String {
        local_label(&self.entry.published_at)
    }
}

/// One published item of a town (None of the town: any town, for the API).
/// Anything not published, withdrawn or of another town is "not found".
pub async fn public_item(app: &App, town: Option<&OrgRef>, id: i64) -> AppResult<PublicItem> {
    release_due(app, When::now()).await?;
    let sql = format!("SELECT {}, i.org_id, v.id AS version_id, v.body_public, i.first_published_at FROM {PUBLIC_JOIN} WHERE i.id = $1 AND {PUBLIC_WHERE}", catalogue::ENTRY_COLUMNS);
    let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("该政府信息"))?;
    let org_id: i64 = col(&r, "org_id")?;
    if town.is_some_and(|t| t.id != org_id) {
        return Err(DomainError::not_found("该政府信息").into());
    }
    let entry = catalogue::entry_from_row(&r)?;
    let history = sqlx::query("SELECT version, published_at, changed_on, change_note FROM disclosure_version WHERE item_id = $1 AND published_at IS NOT NULL AND version <= $2 ORDER BY version DESC")
        .bind(id)
        .bind(entry.version)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| Ok(PublicVersion { version: col(r, "version")?, published_at: col(r, "published_at")?, changed_on: col(r, "changed_on")?, change_note: col(r, "change_note")? }))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(PublicItem { files: files_of(app, col(&r, "version_id")?).await?, body: col(&r, "body_public")?, first_published_at: col(&r, "first_published_at")?, entry, history })
}

/// Checks that a file belongs to a published item's public version (anyone may download it).
pub async fn public_file(app: &App, town: &OrgRef, item_id: i64, attachment_id: i64) -> AppResult<()> {
    let sql = format!(
        "SELECT a.id FROM {PUBLIC_JOIN} JOIN disclosure_version_file f ON f.version_id = v.id JOIN attachment a ON a.id = f.attachment_id
         WHERE {PUBLIC_WHERE} AND i.id = $1 AND i.org_id = $2 AND a.id = $3"
    );
    let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(item_id).bind(town.id).bind(attachment_id).fetch_optional(&app.db.pool).await?;
    found.map(|_| ()).ok_or_else(|| DomainError::not_found("该附件").into())
}
