//! Reading cases, parties and entries back into the core aggregate.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::mediation::case::{Case, Entry};
use fazhi_core::mediation::model::{CaseSource, DisputeType};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::db::{col, flag};
use crate::error::{AppError, AppResult};

/// One stored case (parties still encrypted, in `parties`).
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub org_id: i64,
    pub org_name: String,
    pub committee_id: i64,
    pub committee_name: String,
    pub code: String,
    pub source: CaseSource,
    pub source_note: Option<String>,
    pub dispute_type: DisputeType,
    pub grid_event_id: Option<i64>,
    pub applied_on: NaiveDate,
    pub facts: String,
    pub issues: String,
    pub designations: Vec<String>,
    pub police_reported_on: Option<String>,
    pub grid_result: Option<String>,
    pub is_demo: bool,
}

/// One party's stored data.
#[derive(Debug, Clone)]
pub struct PartyRow {
    pub designation: String,
    pub name_enc: String,
    pub id_enc: Option<String>,
    pub phone_enc: Option<String>,
    pub address_enc: Option<String>,
}

/// One recorded step with what was kept beside it.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub entry: Entry,
    pub detail: Option<serde_json::Value>,
    pub actor_name: String,
}

pub(crate) fn bad(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("stored mediation case {what}: {e}"))
}

pub(crate) fn date(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| bad("date", e))
}

const COLUMNS: &str = "c.id, c.org_id, o.name AS org_name, c.committee_id, m.name AS committee_name, c.code, c.source, c.source_note, c.dispute_type, \
     c.grid_event_id, c.applied_on, c.facts, c.issues, c.parties_json, c.police_reported_on, c.grid_result, CASE WHEN c.is_demo THEN 1 ELSE 0 END AS is_demo";

fn from_row(r: &AnyRow) -> AppResult<CaseRow> {
    let source: String = col(r, "source")?;
    let dispute: String = col(r, "dispute_type")?;
    let applied: String = col(r, "applied_on")?;
    let parties: String = col(r, "parties_json")?;
    Ok(CaseRow {
        org_id: col(r, "org_id")?,
        org_name: col(r, "org_name")?,
        committee_id: col(r, "committee_id")?,
        committee_name: col(r, "committee_name")?,
        code: col(r, "code")?,
        source: CaseSource::parse(&source).map_err(|e| bad("source", e))?,
        source_note: col(r, "source_note")?,
        dispute_type: DisputeType::parse(&dispute).map_err(|e| bad("dispute type", e))?,
        grid_event_id: col(r, "grid_event_id")?,
        applied_on: date(&applied)?,
        facts: col(r, "facts")?,
        issues: col(r, "issues")?,
        designations: serde_json::from_str(&parties).map_err(|e| bad("parties", e))?,
        police_reported_on: col(r, "police_reported_on")?,
        grid_result: col(r, "grid_result")?,
        is_demo: flag(r, "is_demo")?,
    })
}

pub(crate) async fn load(conn: &mut AnyConnection, id: i64) -> AppResult<CaseRow> {
    let sql = format!("SELECT {COLUMNS} FROM mediation_case c JOIN org_unit o ON o.id = c.org_id JOIN mediation_committee m ON m.id = c.committee_id WHERE c.id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?.ok_or_else(|| DomainError::not_found("人民调解案件"))?;
    from_row(&r)
}

/// Takes the row lock of a case for the rest of the transaction (PostgreSQL).
pub(crate) async fn lock(conn: &mut AnyConnection, id: i64, for_update: &str) -> AppResult<()> {
    let sql = format!("SELECT id FROM mediation_case WHERE id = $1{for_update}");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?.ok_or_else(|| DomainError::not_found("人民调解案件"))?;
    Ok(())
}

pub(crate) async fn parties(conn: &mut AnyConnection, id: i64) -> AppResult<Vec<PartyRow>> {
    let rows = sqlx::query("SELECT designation, name_enc, id_enc, phone_enc, address_enc FROM mediation_party WHERE case_id = $1 ORDER BY seq").bind(id).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(PartyRow {
                designation: col(r, "designation")?,
                name_enc: col(r, "name_enc")?,
                id_enc: col(r, "id_enc")?,
                phone_enc: col(r, "phone_enc")?,
                address_enc: col(r, "address_enc")?,
            })
        })
        .collect()
}

pub(crate) async fn events(conn: &mut AnyConnection, id: i64) -> AppResult<Vec<EventRow>> {
    let rows = sqlx::query("SELECT entry_json, detail_json, actor_name FROM mediation_case_event WHERE case_id = $1 ORDER BY seq").bind(id).fetch_all(&mut *conn).await?;
    rows.iter().map(event_from_row).collect()
}

fn event_from_row(r: &AnyRow) -> AppResult<EventRow> {
    let json: String = col(r, "entry_json")?;
    let detail: Option<String> = col(r, "detail_json")?;
    Ok(EventRow {
        entry: serde_json::from_str(&json).map_err(|e| bad("entry", e))?,
        detail: detail.map(|d| serde_json::from_str(&d).map_err(|e| bad("detail", e))).transpose()?,
        actor_name: col(r, "actor_name")?,
    })
}

/// The aggregate, replayed from the stored entries.
pub(crate) fn aggregate(row: &CaseRow, events: &[EventRow]) -> AppResult<Case> {
    let case = match row.grid_event_id {
        Some(ev) => Case::from_grid_event(ev, row.dispute_type, row.designations.clone(), row.applied_on),
        None => Case::new(row.source, row.dispute_type, row.designations.clone(), row.applied_on),
    }
    .map_err(|e| bad("parties", e))?;
    case.restore(events.iter().map(|e| e.entry.clone())).map_err(|e| bad("entries", e))
}
