//! How requests were handled: on-time statistics per office and period (and
//! their XLSX export), and the per-request summaries the annual report's
//! Table 三 is counted from.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::disclosure::report::RequestSummary;
use fazhi_core::disclosure::{ApplicantType, Event, Outcome, OutcomeGroup, Request};
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

use super::store::{self, int};
use super::{CLOCK, ENTITY};
use crate::db::col;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, scope_sql};

/// A span of legal dates, both ends included.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period { from: NaiveDate::from_ymd_opt(year, 1, 1).expect("year"), to: NaiveDate::from_ymd_opt(year, 12, 31).expect("year") }
    }

    /// From form fields; empty = this year.
    pub fn parse(from: &str, to: &str, today: NaiveDate) -> Result<Period, DomainError> {
        let default = Period::year(today.year());
        let from = if from.trim().is_empty() { default.from } else { fazhi_core::form::date("from", "起始日期", from)? };
        let to = if to.trim().is_empty() { default.to } else { fazhi_core::form::date("to", "截止日期", to)? };
        if to < from {
            return Err(DomainError::invalid("to", "「截止日期」不能早于「起始日期」"));
        }
        Ok(Period { from, to })
    }

    pub fn label(&self) -> String {
        format!("{} 至 {}", self.from, self.to)
    }
}

/// One office's figures for a period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OfficeStats {
    pub org_id: i64,
    pub office: String,
    /// 收到日期 in the period.
    pub received: u32,
    /// Received before the period and still open at its start.
    pub carried_over: u32,
    /// Finished (答复、当场答复、视为放弃) in the period.
    pub answered: u32,
    pub on_time: u32,
    pub late: u32,
    /// Still open at the end of the period.
    pub open_at_end: u32,
    /// Of those, still open today and past the due date (a paused clock is never overdue).
    pub overdue_now: u32,
    /// Finished in the period, by Table 三 group (一 to 六).
    pub by_group: [u32; 6],
}

impl OfficeStats {
    /// 按期办结率, e.g. "91.7%"; "—" when nothing was finished.
    pub fn rate(&self) -> String {
        if self.answered == 0 { "—".into() } else { format!("{:.1}%", f64::from(self.on_time) * 100.0 / f64::from(self.answered)) }
    }

    fn add(&mut self, o: &OfficeStats) {
        self.received += o.received;
        self.carried_over += o.carried_over;
        self.answered += o.answered;
        self.on_time += o.on_time;
        self.late += o.late;
        self.open_at_end += o.open_at_end;
        self.overdue_now += o.overdue_now;
        for (a, b) in self.by_group.iter_mut().zip(o.by_group) {
            *a += b;
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    pub period: Period,
    pub rows: Vec<OfficeStats>,
    pub total: OfficeStats,
    pub groups: Vec<&'static str>,
}

/// Per town in the actor's `DisclosureRead` scope (every town listed, even
/// with nothing received), plus the total.
pub async fn stats(app: &App, actor: &Actor, period: Period) -> AppResult<StatsReport> {
    let today = crate::web::pages::today();
    let towns = crate::disclosure::towns_in_scope(app, actor, Permission::DisclosureRead).await?;
    let mut by_town: BTreeMap<i64, OfficeStats> = BTreeMap::new();
    for (id, name) in &towns {
        by_town.insert(*id, OfficeStats { org_id: *id, office: name.clone(), ..OfficeStats::default() });
    }
    let (cond, params) = scope_sql(&actor.scope(Permission::DisclosureRead), "o.path", 3);
    let sql = format!(
        "SELECT r.org_id, r.received_on, r.closed_on, r.outcome, CASE WHEN r.on_time IS NULL THEN -1 WHEN r.on_time THEN 1 ELSE 0 END AS on_time,
                k.due_date, CASE WHEN k.paused THEN 1 ELSE 0 END AS paused
         FROM disclosure_request r JOIN org_unit o ON o.id = r.org_id
         LEFT JOIN clock k ON k.entity = '{ENTITY}' AND k.entity_id = CAST(r.id AS TEXT) AND k.name = '{CLOCK}'
         WHERE r.received_on <= $1 AND (r.closed_on IS NULL OR r.closed_on >= $2) AND {cond}"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(period.to.to_string()).bind(period.from.to_string());
    for p in &params {
        q = q.bind(p);
    }
    let (from, to, today_s) = (period.from.to_string(), period.to.to_string(), today.to_string());
    for r in q.fetch_all(&app.db.pool).await? {
        let org_id: i64 = col(&r, "org_id")?;
        let Some(s) = by_town.get_mut(&org_id) else { continue };
        let received: String = col(&r, "received_on")?;
        let closed: Option<String> = col(&r, "closed_on")?;
        if received >= from {
            s.received += 1;
        } else {
            s.carried_over += 1;
        }
        match closed.as_deref() {
            Some(c) if c <= to.as_str() => {
                s.answered += 1;
                match int(&r, "on_time")? {
                    1 => s.on_time += 1,
                    0 => s.late += 1,
                    _ => {}
                }
                if let Some(o) = col::<Option<String>>(&r, "outcome")?.and_then(|o| Outcome::parse(&o).ok()) {
                    s.by_group[OutcomeGroup::ALL.iter().position(|g| *g == o.group()).unwrap_or(5)] += 1;
                }
            }
            _ => {
                s.open_at_end += 1;
                let due: Option<String> = col(&r, "due_date")?;
                if closed.is_none() && int(&r, "paused")? == 0 && due.is_some_and(|d| d < today_s) {
                    s.overdue_now += 1;
                }
            }
        }
    }
    let rows: Vec<OfficeStats> = towns.iter().filter_map(|(id, _)| by_town.remove(id)).collect();
    let mut total = OfficeStats { office: "合计".into(), ..OfficeStats::default() };
    for r in &rows {
        total.add(r);
    }
    Ok(StatsReport { period, rows, total, groups: OutcomeGroup::ALL.iter().map(|g| g.name()).collect() })
}

/// The report as an XLSX workbook.
pub fn stats_xlsx(report: &StatsReport) -> AppResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("依申请公开办理情况").map_err(AppError::internal)?;
    let bold = Format::new().set_bold();
    let x = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    sheet.write_string_with_format(0, 0, format!("政府信息公开申请办理情况统计（{}）", report.period.label()), &bold).map_err(x)?;
    let mut header: Vec<String> = ["单位", "本期收到", "上期结转", "本期办结", "按期办结", "超期办结", "按期办结率", "期末未办结", "当前逾期"].iter().map(|s| s.to_string()).collect();
    header.extend(report.groups.iter().map(|g| format!("办结：{g}")));
    for (i, h) in header.iter().enumerate() {
        sheet.write_string_with_format(2, i as u16, h, &bold).map_err(x)?;
        sheet.set_column_width(i as u16, if i == 0 { 16 } else { 11 }).map_err(x)?;
    }
    for (n, r) in report.rows.iter().chain(std::iter::once(&report.total)).enumerate() {
        let row = 3 + n as u32;
        sheet.write_string(row, 0, &r.office).map_err(x)?;
        let nums = [r.received, r.carried_over, r.answered, r.on_time, r.late];
        for (i, v) in nums.iter().enumerate() {
            sheet.write_number(row, 1 + i as u16, f64::from(*v)).map_err(x)?;
        }
        sheet.write_string(row, 6, r.rate()).map_err(x)?;
        sheet.write_number(row, 7, f64::from(r.open_at_end)).map_err(x)?;
        sheet.write_number(row, 8, f64::from(r.overdue_now)).map_err(x)?;
        for (i, v) in r.by_group.iter().enumerate() {
            sheet.write_number(row, 9 + i as u16, f64::from(*v)).map_err(x)?;
        }
    }
    wb.save_to_buffer().map_err(x)
}

/// Every request of a town that the report of `year` counts: received in the
/// year, or received earlier and still open on 1 January (上年结转), as the
/// core's `RequestSummary::of` the stored aggregate. No access check: the
/// caller (the annual report) checks its own permission on the town.
pub async fn summaries_for_year(app: &App, town_id: i64, year: i32) -> AppResult<Vec<RequestSummary>> {
    let p = Period::year(year);
    let cond = "org_id = $1 AND received_on <= $2 AND (closed_on IS NULL OR closed_on >= $3)";
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT id, applicant_type, received_on FROM disclosure_request WHERE {cond} ORDER BY id")))
        .bind(town_id)
        .bind(p.to.to_string())
        .bind(p.from.to_string())
        .fetch_all(&app.db.pool)
        .await?;
    let events = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT request_id, event_json FROM disclosure_request_event WHERE request_id IN (SELECT id FROM disclosure_request WHERE {cond}) ORDER BY request_id, seq"
    )))
    .bind(town_id)
    .bind(p.to.to_string())
    .bind(p.from.to_string())
    .fetch_all(&app.db.pool)
    .await?;
    let mut by_request: BTreeMap<i64, Vec<Event>> = BTreeMap::new();
    for e in &events {
        let json: String = col(e, "event_json")?;
        by_request.entry(col(e, "request_id")?).or_default().push(serde_json::from_str(&json).map_err(|e| store::bad("event", e))?);
    }
    rows.iter()
        .map(|r| {
            let id: i64 = col(r, "id")?;
            let applicant = ApplicantType::parse(&col::<String>(r, "applicant_type")?).map_err(|e| store::bad("applicant type", e))?;
            let received = store::date(&col::<String>(r, "received_on")?)?;
            let request = Request::restore(received, by_request.remove(&id).unwrap_or_default()).map_err(|e| store::bad("events", e))?;
            Ok(RequestSummary::of(applicant, &request))
        })
        .collect()
}

/// An open request on the work page.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: i64,
    pub code: String,
    pub town: String,
    pub received_on: String,
    pub applicant_type: &'static str,
    pub state_label: &'static str,
    /// The due date, or why there is none ("计时暂停（…）").
    pub due: String,
    pub overdue: bool,
    pub paused: bool,
    pub extended: bool,
    pub proposal: bool,
}

/// The work page: how many requests are in each state, and the open ones
/// (overdue first, then by due date; paused ones last: they are never overdue).
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub counts: Vec<(&'static str, &'static str, i64)>,
    pub open: Vec<QueueRow>,
    pub overdue: usize,
    pub waiting: usize,
    pub proposals: usize,
}

pub async fn dashboard(app: &App, actor: &Actor) -> AppResult<Dashboard> {
    let today = crate::web::pages::today().to_string();
    let (cond, params) = scope_sql(&actor.scope(Permission::DisclosureRead), "o.path", 1);
    let sql = format!("SELECT r.state, COUNT(*) AS n FROM disclosure_request r JOIN org_unit o ON o.id = r.org_id WHERE {cond} GROUP BY r.state");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let mut by_state: BTreeMap<String, i64> = BTreeMap::new();
    for r in q.fetch_all(&app.db.pool).await? {
        by_state.insert(col(&r, "state")?, col(&r, "n")?);
    }
    use fazhi_core::disclosure::RequestState as S;
    // In the order work flows: open states first, then the finished ones.
    let order = [S::Received, S::UnderReview, S::CorrectionRequested, S::ThirdPartyConsultation, S::CoAgencyConsultation, S::FeeNotice, S::Responded, S::OnSpotAnswered, S::Abandoned, S::Archived];
    debug_assert_eq!(order.len(), S::ALL.len());
    let counts = order.iter().map(|s| (s.code(), s.label(), by_state.get(s.code()).copied().unwrap_or(0))).collect();
    let finished: Vec<String> = fazhi_core::disclosure::RequestState::ALL.iter().filter(|s| s.is_finished()).map(|s| format!("'{}'", s.code())).collect();
    let sql = format!(
        "SELECT r.id, r.code, o.name AS town, r.received_on, r.applicant_type, r.state, CASE WHEN r.extended THEN 1 ELSE 0 END AS extended,
                CASE WHEN r.extension_proposal IS NULL THEN 0 ELSE 1 END AS proposal, k.due_date, CASE WHEN k.paused THEN 1 ELSE 0 END AS paused
         FROM disclosure_request r JOIN org_unit o ON o.id = r.org_id
         LEFT JOIN clock k ON k.entity = '{ENTITY}' AND k.entity_id = CAST(r.id AS TEXT) AND k.name = '{CLOCK}'
         WHERE r.state NOT IN ({}) AND {cond}
         ORDER BY CASE WHEN k.due_date IS NULL THEN 1 ELSE 0 END, k.due_date, r.id LIMIT 200",
        finished.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    let mut open = Vec::new();
    for r in q.fetch_all(&app.db.pool).await? {
        let state = store::parse_state(&col::<String>(&r, "state")?)?;
        let due: Option<String> = col(&r, "due_date")?;
        let paused = int(&r, "paused")? == 1 || state.is_waiting();
        open.push(QueueRow {
            id: col(&r, "id")?,
            code: col(&r, "code")?,
            town: col(&r, "town")?,
            received_on: col(&r, "received_on")?,
            applicant_type: ApplicantType::parse(&col::<String>(&r, "applicant_type")?).map(|t| t.label()).unwrap_or(""),
            state_label: state.label(),
            overdue: !paused && due.as_deref().is_some_and(|d| d < today.as_str()),
            due: if paused { super::text::paused_text(state) } else { due.unwrap_or_else(|| "日历未载入".into()) },
            paused,
            extended: int(&r, "extended")? == 1,
            proposal: int(&r, "proposal")? == 1,
        });
    }
    open.sort_by_key(|r| (!r.overdue, r.paused));
    Ok(Dashboard {
        overdue: open.iter().filter(|r| r.overdue).count(),
        waiting: open.iter().filter(|r| r.paused).count(),
        proposals: open.iter().filter(|r| r.proposal).count(),
        counts,
        open,
    })
}
