//! 行政复议 and 行政诉讼 about a request: recorded by the office, counted in
//! the annual report's Table 四 with their state at 31 December.
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::disclosure::report::{CaseResult, CaseSummary, Table4Part};
use fazhi_core::form;
use serde::{Deserialize, Serialize};

use super::store::{self, date};
use crate::db::{col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org};

pub fn part_code(p: Table4Part) -> &'static str {
    match p {
        Table4Part::Review => "review",
        Table4Part::SuitWithoutReview => "suit_without_review",
        Table4Part::SuitAfterReview => "suit_after_review",
    }
}

pub fn result_code(r: CaseResult) -> &'static str {
    match r {
        CaseResult::Upheld => "upheld",
        CaseResult::Corrected => "corrected",
        CaseResult::Other => "other",
        CaseResult::Pending => "pending",
    }
}

fn parse_part(s: &str) -> Option<Table4Part> {
    Table4Part::ALL.into_iter().find(|p| part_code(*p) == s.trim())
}

fn parse_result(s: &str) -> Option<CaseResult> {
    CaseResult::ALL.into_iter().find(|r| result_code(*r) == s.trim())
}

/// Choices for the forms.
pub fn part_choices() -> Vec<(&'static str, &'static str)> {
    Table4Part::ALL.iter().map(|p| (part_code(*p), p.label())).collect()
}

pub fn result_choices() -> Vec<(&'static str, &'static str)> {
    CaseResult::ALL.iter().map(|r| (result_code(*r), r.label())).collect()
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseForm {
    #[serde(default)]
    pub part: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub filed_on: String,
    #[serde(default)]
    pub decided_on: String,
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub case_no: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub org_id: i64,
    pub request_id: Option<i64>,
    pub request_code: Option<String>,
    pub part: Table4Part,
    pub result: CaseResult,
    pub filed_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub authority: String,
    pub case_no: Option<String>,
    pub note: Option<String>,
}

impl CaseRow {
    pub fn part_label(&self) -> &'static str {
        self.part.label()
    }
    pub fn result_label(&self) -> &'static str {
        self.result.label()
    }
    pub fn part_code(&self) -> &'static str {
        part_code(self.part)
    }
    pub fn result_code(&self) -> &'static str {
        result_code(self.result)
    }
}

struct Checked {
    part: Table4Part,
    result: CaseResult,
    filed_on: NaiveDate,
    decided_on: Option<NaiveDate>,
    authority: String,
    case_no: Option<String>,
    note: Option<String>,
}

fn check(f: &CaseForm) -> Result<Checked, DomainError> {
    let part = parse_part(&f.part).ok_or_else(|| DomainError::invalid("part", "请选择「案件类型」"))?;
    let result = if f.result.trim().is_empty() { CaseResult::Pending } else { parse_result(&f.result).ok_or_else(|| DomainError::invalid("result", "请选择「结果」"))? };
    let filed_on = form::date("filed_on", if part == Table4Part::Review { "申请复议日期" } else { "起诉日期" }, &f.filed_on)?;
    let decided_on = form::optional_date("decided_on", "审结日期", &f.decided_on)?;
    match (result, decided_on) {
        (CaseResult::Pending, Some(_)) => return Err(DomainError::invalid("decided_on", "尚未审结的案件不填「审结日期」；已审结的请选择结果")),
        (CaseResult::Pending, None) => {}
        (_, None) => return Err(DomainError::invalid("decided_on", "已审结的案件请填写「审结日期」")),
        (_, Some(d)) if d < filed_on => return Err(DomainError::invalid("decided_on", "「审结日期」不能早于立案（申请）日期")),
        _ => {}
    }
    Ok(Checked {
        part,
        result,
        filed_on,
        decided_on,
        authority: form::required_text("authority", if part == Table4Part::Review { "复议机关" } else { "审理法院" }, &f.authority, 100)?,
        case_no: form::optional_text("case_no", "案号", &f.case_no, 100)?,
        note: form::optional_text("note", "备注", &f.note, 1000)?,
    })
}

fn json(c: &Checked) -> serde_json::Value {
    serde_json::json!({"part": part_code(c.part), "result": result_code(c.result), "filed_on": c.filed_on, "decided_on": c.decided_on, "authority": c.authority, "case_no": c.case_no})
}

/// Records a case about a request.
pub async fn add_case(app: &App, actor: &Actor, request_id: i64, f: &CaseForm) -> AppResult<i64> {
    let c = check(f)?;
    let mut conn = app.db.pool.acquire().await?;
    let row = store::load(&mut conn, request_id).await?;
    drop(conn);
    if c.filed_on < row.received_on {
        return Err(DomainError::invalid("filed_on", "复议、诉讼日期不能早于申请的收到日期").into());
    }
    let org = load_org(app, row.org_id).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureRequestHandle, &org).await?;
    let t = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_review_case (org_id, request_id, part, result, filed_on, decided_on, authority, case_no, note, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(org.id)
    .bind(request_id)
    .bind(part_code(c.part))
    .bind(result_code(c.result))
    .bind(c.filed_on.to_string())
    .bind(c.decided_on.map(|d| d.to_string()))
    .bind(&c.authority)
    .bind(&c.case_no)
    .bind(&c.note)
    .bind(actor.user_id)
    .bind(&t)
    .fetch_one(w.conn())
    .await?;
    let mut after = json(&c);
    after["request"] = serde_json::json!(row.code);
    w.record(Change::create("disclosure_review_case", id, &after));
    w.commit().await?;
    Ok(id)
}

/// Updates a case (typically: its result once decided). Returns the request id.
pub async fn update_case(app: &App, actor: &Actor, case_id: i64, f: &CaseForm) -> AppResult<Option<i64>> {
    let c = check(f)?;
    let before = one(app, case_id).await?;
    let org = load_org(app, before.org_id).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureRequestHandle, &org).await?;
    sqlx::query("UPDATE disclosure_review_case SET part = $1, result = $2, filed_on = $3, decided_on = $4, authority = $5, case_no = $6, note = $7, updated_at = $8 WHERE id = $9")
        .bind(part_code(c.part))
        .bind(result_code(c.result))
        .bind(c.filed_on.to_string())
        .bind(c.decided_on.map(|d| d.to_string()))
        .bind(&c.authority)
        .bind(&c.case_no)
        .bind(&c.note)
        .bind(now_text())
        .bind(case_id)
        .execute(w.conn())
        .await?;
    w.record(Change::update(
        "disclosure_review_case",
        case_id,
        &serde_json::json!({"part": before.part_code(), "result": before.result_code(), "filed_on": before.filed_on, "decided_on": before.decided_on, "authority": before.authority, "case_no": before.case_no}),
        &json(&c),
    ));
    w.commit().await?;
    Ok(before.request_id)
}

const SELECT: &str = "SELECT c.id, c.org_id, c.request_id, r.code AS request_code, c.part, c.result, c.filed_on, c.decided_on, c.authority, c.case_no, c.note
     FROM disclosure_review_case c LEFT JOIN disclosure_request r ON r.id = c.request_id";

fn from_row(r: &sqlx::any::AnyRow) -> AppResult<CaseRow> {
    let part: String = col(r, "part")?;
    let result: String = col(r, "result")?;
    let decided: Option<String> = col(r, "decided_on")?;
    Ok(CaseRow {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        request_id: col(r, "request_id")?,
        request_code: col(r, "request_code")?,
        part: parse_part(&part).ok_or_else(|| store::bad("case part", &part))?,
        result: parse_result(&result).ok_or_else(|| store::bad("case result", &result))?,
        filed_on: date(&col::<String>(r, "filed_on")?)?,
        decided_on: decided.map(|d| date(&d)).transpose()?,
        authority: col(r, "authority")?,
        case_no: col(r, "case_no")?,
        note: col(r, "note")?,
    })
}

async fn one(app: &App, id: i64) -> AppResult<CaseRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1"))).bind(id).fetch_optional(&app.db.pool).await?.ok_or_else(|| DomainError::not_found("复议、诉讼案件"))?;
    from_row(&r)
}

/// The cases about one request (the caller has checked read access).
pub async fn cases_of_request(app: &App, request_id: i64) -> AppResult<Vec<CaseRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.request_id = $1 ORDER BY c.filed_on, c.id"))).bind(request_id).fetch_all(&app.db.pool).await?;
    rows.iter().map(from_row).collect()
}

/// A town's cases filed in a year, for the console (read permission checked).
pub async fn cases_for_year(app: &App, actor: &Actor, town_id: i64, year: i32) -> AppResult<Vec<CaseRow>> {
    let town = load_org(app, town_id).await?;
    actor.require(Permission::DisclosureRead, &town.path)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.org_id = $1 AND c.filed_on >= $2 AND c.filed_on <= $3 ORDER BY c.filed_on, c.id")))
        .bind(town_id)
        .bind(format!("{year}-01-01"))
        .bind(format!("{year}-12-31"))
        .fetch_all(&app.db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Table 四's input: the town's cases filed in `year`, each with its state on
/// 31 December (decided later = 尚未审结). No access check: the caller (the
/// annual report) checks its own permission on the town.
pub async fn review_cases(app: &App, town_id: i64, year: i32) -> AppResult<Vec<CaseSummary>> {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| DomainError::invalid("year", "「年度」不正确"))?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.org_id = $1 AND c.filed_on >= $2 AND c.filed_on <= $3 ORDER BY c.id")))
        .bind(town_id)
        .bind(format!("{year}-01-01"))
        .bind(end.to_string())
        .fetch_all(&app.db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let c = from_row(r)?;
            debug_assert_eq!(c.filed_on.year(), year);
            let result = match c.decided_on {
                Some(d) if d <= end => c.result,
                _ => CaseResult::Pending,
            };
            Ok(CaseSummary { part: c.part, result })
        })
        .collect()
}
