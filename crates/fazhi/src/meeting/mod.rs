//! 会议制度 (M6): collective discussion at the town's meetings — the weekly
//! 领导班子联席会议 on Mondays, 党委会, 镇长办公会. Rules live in
//! `fazhi_core::meeting`; this module stores and audits:
//!
//! - `types` — meeting types (notice lead time, quorum, weekly schedule) and their
//!   members (the principal leader marked; 列席 attendees such as the legal adviser
//!   never vote); the schedule generates the next meetings.
//! - `agenda` — 议题: proposed with materials and prior research notes, accepted onto
//!   a meeting's agenda by the convener and ordered. `propose_item_in` lets the
//!   major-decision module put a decision forward; `accept` calls `major_decision::gate::check_schedulable`, where that
//!   module refuses an unready decision.
//! - `sitting` — notice (to-do items for members), start, attendance, end.
//! - `voting` — discussion notes, 逐项表决 with quorum and 末位表态, item decisions.
//! - `minutes` — 纪要 generated as DOCX from the record, approval, corrections (更正).
//! - `read` — the meeting view (page, API, minutes), `oparl` — the published part as OParl 1.1.
//! - `demo` — a year of 西联镇 meetings in 2021.
pub mod agenda;
pub mod demo;
pub mod minutes;
pub mod oparl;
pub mod read;
pub mod sitting;
pub mod types;
pub mod voting;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use fazhi_core::DomainError;
use fazhi_core::meeting::MeetingState;

use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, OrgRef, Write, load_org};

/// The module code on to-do items and search documents.
pub const MODULE: &str = "meeting";
/// Entity names (audit, to-do, attachments).
pub const ENTITY: &str = "meeting";
pub const ITEM_ENTITY: &str = "meeting_item";

/// The instant a service call acts at: `When::now()` for real calls; the demo
/// writes 2021's meetings at their own dates.
#[derive(Debug, Clone, Copy)]
pub struct When(pub DateTime<Utc>);

impl When {
    pub fn now() -> When {
        When(crate::db::now())
    }
    /// China time (UTC+8) on a date at hh:mm.
    pub fn at(date: NaiveDate, hour: u32, minute: u32) -> When {
        let local = date.and_hms_opt(hour, minute, 0).unwrap_or_default();
        When(DateTime::from_naive_utc_and_offset(local - chrono::Duration::hours(8), Utc))
    }
    /// Never later than now (the demo prepares next week's meeting today).
    pub fn not_after_now(self) -> When {
        When(self.0.min(crate::db::now()))
    }
    /// The legal date in China (UTC+8).
    pub fn today(&self) -> NaiveDate {
        (self.0 + chrono::Duration::hours(8)).date_naive()
    }
    pub fn text(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Micros, true)
    }
}

/// An instant as shown on pages: UTC+8, to the minute.
pub fn local_label(instant: &str) -> String {
    crate::db::parse_instant(instant).map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| instant.to_string())
}

/// The bits of a meeting row the services lock and check.
#[derive(Debug, Clone)]
pub struct Locked {
    pub id: i64,
    pub org_id: i64,
    pub type_id: i64,
    pub title: String,
    pub meeting_date: String,
    pub start_time: String,
    pub location: String,
    pub state: MeetingState,
}

pub(crate) async fn meeting_org(app: &App, id: i64) -> AppResult<OrgRef> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM meeting WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("会议"))?;
    load_org(app, org_id).await
}

pub(crate) async fn item_org(app: &App, item_id: i64) -> AppResult<OrgRef> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM meeting_item WHERE id = $1").bind(item_id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("议题"))?;
    load_org(app, org_id).await
}

/// Locks a meeting row for the rest of the write.
pub(crate) async fn lock(w: &mut Write<'_>, id: i64) -> AppResult<Locked> {
    let lock = w.app().db.for_update();
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT id, org_id, type_id, title, meeting_date, start_time, location, status FROM meeting WHERE id = $1{lock}")))
        .bind(id)
        .fetch_optional(w.conn())
        .await?
        .ok_or_else(|| DomainError::not_found("会议"))?;
    let status: String = col(&r, "status")?;
    Ok(Locked {
        id: col(&r, "id")?,
        org_id: col(&r, "org_id")?,
        type_id: col(&r, "type_id")?,
        title: col(&r, "title")?,
        meeting_date: col(&r, "meeting_date")?,
        start_time: col(&r, "start_time")?,
        location: col(&r, "location")?,
        state: MeetingState::parse(&status)?,
    })
}

/// Marks a meeting modified (OParl `modified`, `modified_since`).
pub(crate) async fn touch(w: &mut Write<'_>, meeting_id: i64, at: &When) -> AppResult<()> {
    sqlx::query("UPDATE meeting SET modified_at = $1 WHERE id = $2").bind(at.text()).bind(meeting_id).execute(w.conn()).await?;
    Ok(())
}

/// A stored date (YYYY-MM-DD).
pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// The towns where the actor holds a permission (for selectors).
pub async fn towns_in_scope(app: &App, actor: &fazhi_core::access::Actor, perm: fazhi_core::access::Permission) -> AppResult<Vec<(i64, String)>> {
    let (cond, params) = crate::kernel::scope_sql(&actor.scope(perm), "o.path", 1);
    let sql = format!("SELECT o.id, o.name FROM org_unit o WHERE o.kind = 'town' AND {cond} ORDER BY o.path");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(|r| Ok((col(r, "id")?, col(r, "name")?))).collect()
}
