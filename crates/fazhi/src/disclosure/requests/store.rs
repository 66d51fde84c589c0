//! Reading requests and their events back into the core aggregate.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::disclosure::{ApplicantType, Channel, Delivery, Event, Form, Outcome, ReceiptFacts, Request, RequestState};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::db::col;
use crate::error::{AppError, AppResult};

/// A pending proposal to extend the answer period, awaiting the head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Proposal {
    pub days: u32,
    pub reason: String,
    pub by: String,
    pub by_id: i64,
    /// The legal date it was proposed.
    pub on: NaiveDate,
}

/// One stored request (personal fields still encrypted).
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: i64,
    pub org_id: i64,
    pub town_name: String,
    pub town_code: String,
    pub code: String,
    pub secret_hash: String,
    pub channel: Channel,
    pub receipt: ReceiptFacts,
    pub received_on: NaiveDate,
    pub applicant_type: ApplicantType,
    pub name_enc: String,
    pub id_enc: String,
    pub phone_enc: String,
    pub phone_idx: String,
    pub address_enc: Option<String>,
    pub email_enc: Option<String>,
    pub description: String,
    pub purpose: Option<String>,
    pub form: Form,
    pub delivery: Delivery,
    pub state: RequestState,
    pub extended: bool,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    pub on_time: Option<bool>,
    pub proposal: Option<Proposal>,
    pub is_demo: bool,
    pub created_at: String,
}

/// One recorded step.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub seq: i64,
    pub event: Event,
    /// System-written public text (e.g. the fee computation).
    pub detail: Option<String>,
    /// Internal note; never shown to the applicant.
    pub note: Option<String>,
    pub actor_name: String,
    pub at: String,
}

const COLUMNS: &str = "r.id, r.org_id, o.name AS town_name, o.code AS town_code, r.code, r.secret_hash, r.channel, r.receipt_json, r.received_on, r.applicant_type, \
     r.name_enc, r.id_enc, r.phone_enc, r.phone_idx, r.address_enc, r.email_enc, r.description, r.purpose, r.form, r.delivery, r.state, \
     CASE WHEN r.extended THEN 1 ELSE 0 END AS extended, r.outcome, r.closed_on, \
     CASE WHEN r.on_time IS NULL THEN -1 WHEN r.on_time THEN 1 ELSE 0 END AS on_time, r.extension_proposal, \
     CASE WHEN r.is_demo THEN 1 ELSE 0 END AS is_demo, r.created_at";

pub(crate) fn bad(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("stored disclosure request {what}: {e}"))
}

/// An integer column that PostgreSQL returns as int4 and SQLite as int8.
pub(crate) fn int(row: &AnyRow, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::Row::try_get::<i64, _>(row, name).or_else(|_| sqlx::Row::try_get::<i32, _>(row, name).map(i64::from))
}

pub(crate) fn date(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| bad("date", e))
}

pub(crate) fn parse_state(code: &str) -> AppResult<RequestState> {
    RequestState::ALL.into_iter().find(|s| s.code() == code).ok_or_else(|| bad("state", code))
}

fn from_row(r: &AnyRow) -> AppResult<RequestRow> {
    let receipt: String = col(r, "receipt_json")?;
    let received: String = col(r, "received_on")?;
    let outcome: Option<String> = col(r, "outcome")?;
    let closed: Option<String> = col(r, "closed_on")?;
    let proposal: Option<String> = col(r, "extension_proposal")?;
    let state: String = col(r, "state")?;
    Ok(RequestRow {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        town_name: col(r, "town_name")?,
        town_code: col(r, "town_code")?,
        code: col(r, "code")?,
        secret_hash: col(r, "secret_hash")?,
        channel: Channel::parse(&col::<String>(r, "channel")?).map_err(|e| bad("channel", e))?,
        receipt: serde_json::from_str(&receipt).map_err(|e| bad("receipt", e))?,
        received_on: date(&received)?,
        applicant_type: ApplicantType::parse(&col::<String>(r, "applicant_type")?).map_err(|e| bad("applicant type", e))?,
        name_enc: col(r, "name_enc")?,
        id_enc: col(r, "id_enc")?,
        phone_enc: col(r, "phone_enc")?,
        phone_idx: col(r, "phone_idx")?,
        address_enc: col(r, "address_enc")?,
        email_enc: col(r, "email_enc")?,
        description: col(r, "description")?,
        purpose: col(r, "purpose")?,
        form: Form::parse(&col::<String>(r, "form")?).map_err(|e| bad("form", e))?,
        delivery: Delivery::parse(&col::<String>(r, "delivery")?).map_err(|e| bad("delivery", e))?,
        state: parse_state(&state)?,
        extended: int(r, "extended")? == 1,
        outcome: outcome.map(|o| Outcome::parse(&o).map_err(|e| bad("outcome", e))).transpose()?,
        closed_on: closed.map(|c| date(&c)).transpose()?,
        on_time: match int(r, "on_time")? {
            -1 => None,
            n => Some(n == 1),
        },
        proposal: proposal.map(|p| serde_json::from_str(&p).map_err(|e| bad("proposal", e))).transpose()?,
        is_demo: int(r, "is_demo")? == 1,
        created_at: col(r, "created_at")?,
    })
}

/// The request with this id, or "not found".
pub(crate) async fn load(conn: &mut AnyConnection, id: i64) -> AppResult<RequestRow> {
    let sql = format!("SELECT {COLUMNS} FROM disclosure_request r JOIN org_unit o ON o.id = r.org_id WHERE r.id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?.ok_or_else(|| DomainError::not_found("政府信息公开申请"))?;
    from_row(&r)
}

/// The request with this tracking code, if any.
pub(crate) async fn by_code(conn: &mut AnyConnection, code: &str) -> AppResult<Option<RequestRow>> {
    let sql = format!("SELECT {COLUMNS} FROM disclosure_request r JOIN org_unit o ON o.id = r.org_id WHERE r.code = $1");
    match sqlx::query(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(&mut *conn).await? {
        Some(r) => Ok(Some(from_row(&r)?)),
        None => Ok(None),
    }
}

/// Takes the row lock of a request for the rest of the transaction (PostgreSQL;
/// SQLite's writer gate already serializes writes).
pub(crate) async fn lock(conn: &mut AnyConnection, id: i64, for_update: &str) -> AppResult<()> {
    let sql = format!("SELECT id FROM disclosure_request WHERE id = $1{for_update}");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?.ok_or_else(|| DomainError::not_found("政府信息公开申请"))?;
    Ok(())
}

pub(crate) async fn events(conn: &mut AnyConnection, id: i64) -> AppResult<Vec<EventRow>> {
    let rows = sqlx::query("SELECT seq, event_json, detail, note, actor_name, at FROM disclosure_request_event WHERE request_id = $1 ORDER BY seq").bind(id).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            let json: String = col(r, "event_json")?;
            Ok(EventRow {
                seq: col(r, "seq")?,
                event: serde_json::from_str(&json).map_err(|e| bad("event", e))?,
                detail: col(r, "detail")?,
                note: col(r, "note")?,
                actor_name: col(r, "actor_name")?,
                at: col(r, "at")?,
            })
        })
        .collect()
}

/// The aggregate, replayed from the stored events (table and history rules
/// re-checked; time limits were decided against the calendar of the day).
pub(crate) fn aggregate(row: &RequestRow, events: &[EventRow]) -> AppResult<Request> {
    Request::restore(row.received_on, events.iter().map(|e| e.event.clone())).map_err(|e| bad("events", e))
}
