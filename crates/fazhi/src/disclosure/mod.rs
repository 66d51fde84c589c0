//! M2 政务公开 (government information disclosure), proactive part (主动公开):
//!
//! - `publication` — items (索引号, title, 文号, 机构, dates, category, 公开属性,
//!   body with redaction marks, files) and their workflow: DRAFT → CONF_REVIEW →
//!   (APPROVED | ESCALATED | WITHHELD) → SCHEDULED / PUBLISHED → new version
//!   (new review) / WITHDRAWN; the 20-working-day clock (条例 art.26) and the
//!   to-do items; the public reads, which only ever see a reviewed, published
//!   version's redacted text.
//! - `catalogue` — the town's categories (目录分类, configurable, default set
//!   for a 镇) and the generated public catalogue (目录, art.12).
//! - `guide` — the disclosure guide (指南, art.12): fields edited in the
//!   console, the rest generated; also the town's 索引号 scheme.
//! - `demo` — a year of 西联镇 items in every state, written through the services.
//!
//! Disclosure requests (依申请公开) and the annual report are separate parts.
pub mod annual_report;
pub mod catalogue;
pub mod demo;
pub mod guide;
pub mod publication;
pub mod requests;
pub(crate) mod rules;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use fazhi_core::DomainError;
use fazhi_core::disclosure::WithholdGround;
use fazhi_core::org::OrgKind;

use crate::error::AppResult;
use crate::kernel::{App, OrgRef, load_org};

pub use rules::{DEFAULT_INDEX_PATTERN, INDEX_TOKENS, MARK_EXAMPLE, Segment};

/// The module code on to-do items, clocks and search documents.
pub const MODULE: &str = "disclosure";
/// The entity name of an item (audit, to-do, clock, search, attachments).
pub const ENTITY: &str = "disclosure_item";

/// The instant a service call acts at. Real calls use `When::now()`; the demo
/// loader writes last year's records at their own dates.
#[derive(Debug, Clone, Copy)]
pub struct When(pub DateTime<Utc>);

impl When {
    pub fn now() -> When {
        When(crate::db::now())
    }
    /// The legal date in China (UTC+8).
    pub fn today(&self) -> NaiveDate {
        (self.0 + chrono::Duration::hours(8)).date_naive()
    }
    pub fn text(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Micros, true)
    }
}

/// A 索引号 split after its last '/', so pages can offer a line break there
/// (`{{ head }}/<wbr>{{ tail }}`) instead of breaking inside the number.
pub fn split_index(index_no: &str) -> (&str, &str) {
    match index_no.rsplit_once('/') {
        Some((head, tail)) => (head, tail),
        None => ("", index_no),
    }
}

/// An instant as shown on pages: UTC+8, to the minute.
pub fn local_label(instant: &str) -> String {
    crate::db::parse_instant(instant).map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| instant.to_string())
}

/// The date part of an instant, in UTC+8.
pub fn local_date(instant: &str) -> String {
    crate::db::parse_instant(instant).map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// Where an item's workflow stands (of its working version; the public sees
/// `published_version` whatever the working version is doing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    ConfReview,
    Escalated,
    Approved,
    Withheld,
    Scheduled,
    Published,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [Status::Draft, Status::ConfReview, Status::Escalated, Status::Approved, Status::Withheld, Status::Scheduled, Status::Published, Status::Withdrawn];
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::ConfReview => "conf_review",
            Status::Escalated => "escalated",
            Status::Approved => "approved",
            Status::Withheld => "withheld",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "起草中",
            Status::ConfReview => "保密审查中",
            Status::Escalated => "报保密部门确定",
            Status::Approved => "审查通过待发布",
            Status::Withheld => "不予公开",
            Status::Scheduled => "定时发布",
            Status::Published => "已发布",
            Status::Withdrawn => "已撤回",
        }
    }
    pub fn parse(code: &str) -> AppResult<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code).ok_or_else(|| crate::error::AppError::internal(format!("bad disclosure status {code}")))
    }
}

/// 公开属性 (the drafter's proposal; the review decides), with the codes of
/// `fazhi_core::disclosure::Publicity`, which validates it with its reason and
/// art.14–16 ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attr {
    Proactive,
    OnRequest,
    Withheld,
}

impl Attr {
    pub const ALL: [Attr; 3] = [Attr::Proactive, Attr::OnRequest, Attr::Withheld];
    pub fn code(self) -> &'static str {
        match self {
            Attr::Proactive => "proactive",
            Attr::OnRequest => "on_request",
            Attr::Withheld => "withheld",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Attr::Proactive => "主动公开",
            Attr::OnRequest => "依申请公开",
            Attr::Withheld => "不予公开",
        }
    }
    pub fn parse(code: &str) -> Attr {
        Attr::ALL.into_iter().find(|a| a.code() == code).unwrap_or(Attr::Withheld)
    }
}

/// The art.14–16 grounds for 不予公开 (code, "article：label"), for forms.
pub fn withhold_grounds() -> Vec<(&'static str, String)> {
    WithholdGround::ALL.iter().map(|g| (g.code(), format!("{}：{}", g.article(), g.label()))).collect()
}

/// "第十六条第二款：过程性信息（…）" for a stored ground code.
pub fn withhold_ground_label(code: &str) -> String {
    WithholdGround::parse(code).map(|g| format!("{}：{}", g.article(), g.label())).unwrap_or_default()
}

/// A confidentiality review's conclusion (保密审查结论).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// 同意主动公开.
    Approve,
    /// 同意在隐去个人信息后公开: only the redacted text may go out.
    ApproveRedacted,
    /// 报请保密行政管理部门或主管部门确定 (art.17).
    Escalate,
    /// 不予公开 (art.14–16): listed for periodic re-review (art.18).
    Withhold,
    /// 退回修改.
    Return,
    /// Periodic re-review: 维持不予公开.
    Keep,
    /// Periodic re-review: 情势变化，可以公开 (back to drafting).
    Release,
}

impl Conclusion {
    pub const REVIEW: [Conclusion; 5] = [Conclusion::Approve, Conclusion::ApproveRedacted, Conclusion::Escalate, Conclusion::Withhold, Conclusion::Return];
    pub const REREVIEW: [Conclusion; 2] = [Conclusion::Keep, Conclusion::Release];
    pub fn code(self) -> &'static str {
        match self {
            Conclusion::Approve => "approve",
            Conclusion::ApproveRedacted => "approve_redacted",
            Conclusion::Escalate => "escalate",
            Conclusion::Withhold => "withhold",
            Conclusion::Return => "return",
            Conclusion::Keep => "keep",
            Conclusion::Release => "release",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Conclusion::Approve => "同意主动公开",
            Conclusion::ApproveRedacted => "隐去个人信息后同意公开",
            Conclusion::Escalate => "报请保密行政管理部门确定",
            Conclusion::Withhold => "不予公开",
            Conclusion::Return => "退回修改",
            Conclusion::Keep => "经评估维持不予公开",
            Conclusion::Release => "情势变化，可以公开",
        }
    }
    pub fn allows_publication(self) -> bool {
        matches!(self, Conclusion::Approve | Conclusion::ApproveRedacted)
    }
    pub fn parse(code: &str) -> Result<Conclusion, DomainError> {
        Conclusion::REVIEW
            .into_iter()
            .chain(Conclusion::REREVIEW)
            .find(|c| c.code() == code)
            .ok_or_else(|| DomainError::invalid("conclusion", "请选择「审查结论」"))
    }
    pub fn label_of(code: &str) -> &'static str {
        Conclusion::parse(code).map(|c| c.label()).unwrap_or("")
    }
}

/// A town unit (items, categories and the guide belong to a 镇/街道).
pub async fn load_town(app: &App, id: i64) -> AppResult<OrgRef> {
    let org = load_org(app, id).await.map_err(|_| DomainError::invalid("town_id", "「所属镇（街道）」不存在"))?;
    if org.kind != OrgKind::Town {
        return Err(DomainError::invalid("town_id", "政务公开信息应属于镇（街道）").into());
    }
    Ok(org)
}

/// A town by its public code, for portal URLs.
/// One query: every public page starts here.
pub async fn town_by_code(app: &App, code: &str) -> AppResult<OrgRef> {
    let r = sqlx::query("SELECT id, name, kind, path, town_id, parent_id FROM org_unit WHERE code = $1 AND kind = 'town'").bind(code).fetch_optional(&app.db.pool).await?;
    OrgRef::from_row(&r.ok_or_else(|| DomainError::not_found("该镇（街道）"))?)
}

/// The towns where the actor holds a permission (for the town selector of forms).
pub async fn towns_in_scope(app: &App, actor: &fazhi_core::access::Actor, perm: fazhi_core::access::Permission) -> AppResult<Vec<(i64, String)>> {
    let (cond, params) = crate::kernel::scope_sql(&actor.scope(perm), "o.path", 1);
    let sql = format!("SELECT o.id, o.name FROM org_unit o WHERE o.kind = 'town' AND {cond} ORDER BY o.path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(|r| Ok((crate::db::col(r, "id")?, crate::db::col(r, "name")?))).collect()
}
