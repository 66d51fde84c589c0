//! Reading decisions and their step records, and building the pure gate's
//! record from them (steps done + the latest legality review).
use fazhi_core::DomainError;
use fazhi_core::major_decision::{Attrs, Record, Standing, Step};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::{col, flag};
use crate::error::AppResult;

#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub town_code: String,
    pub catalogue_item_id: i64,
    pub year: i64,
    pub title: String,
    pub lead_unit: String,
    pub summary: String,
    pub hearing: bool,
    pub technical: bool,
    pub risky: bool,
    pub draft_text: Option<String>,
    pub draft_explanation: Option<String>,
    pub comment_start: Option<String>,
    pub comment_end: Option<String>,
    pub urgent_reason: Option<String>,
    pub adoption_text: Option<String>,
    pub decision_text: Option<String>,
    pub doc_no: Option<String>,
    pub decided_on: Option<String>,
    pub published_on: Option<String>,
    pub standing: String,
    pub stage: String,
    pub created_at: String,
    pub updated_at: String,
}

impl DecisionRow {
    pub fn attrs(&self) -> Attrs {
        Attrs { hearing: self.hearing, technical: self.technical, risky: self.risky }
    }
    pub fn standing(&self) -> Standing {
        Standing::parse(&self.standing)
    }
    /// The draft is open for public comment on `today` (period begun, not ended).
    pub fn comment_open(&self, today: &str) -> bool {
        match (&self.comment_start, &self.comment_end) {
            (Some(s), Some(e)) => s.as_str() <= today && today <= e.as_str(),
            _ => false,
        }
    }
    pub fn published(&self) -> bool {
        self.published_on.is_some()
    }
    pub fn attr_labels(&self) -> String {
        let mut v = Vec::new();
        if self.hearing {
            v.push("举行听证");
        }
        if self.technical {
            v.push("专业性技术性较强（专家论证）");
        }
        if self.risky {
            v.push("涉及社会稳定、公共安全（风险评估）");
        }
        if v.is_empty() { "无".into() } else { v.join("、") }
    }
}

pub const SELECT: &str = "SELECT d.id, d.org_id, o.name AS org_name, o.code AS town_code, d.catalogue_item_id, d.year, d.title, d.lead_unit, d.summary,
   CASE WHEN d.hearing THEN 1 ELSE 0 END AS hearing, CASE WHEN d.technical THEN 1 ELSE 0 END AS technical, CASE WHEN d.risky THEN 1 ELSE 0 END AS risky,
   d.draft_text, d.draft_explanation, d.comment_start, d.comment_end, d.urgent_reason, d.adoption_text, d.decision_text, d.doc_no, d.decided_on, d.published_on,
   d.standing, d.stage, d.created_at, d.updated_at
 FROM major_decision d JOIN org_unit o ON o.id = d.org_id";

pub fn row(r: &sqlx::any::AnyRow) -> AppResult<DecisionRow> {
    Ok(DecisionRow {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        org_name: col(r, "org_name")?,
        town_code: col::<Option<String>>(r, "town_code")?.unwrap_or_default(),
        catalogue_item_id: col(r, "catalogue_item_id")?,
        year: col(r, "year")?,
        title: col(r, "title")?,
        lead_unit: col(r, "lead_unit")?,
        summary: col(r, "summary")?,
        hearing: flag(r, "hearing")?,
        technical: flag(r, "technical")?,
        risky: flag(r, "risky")?,
        draft_text: col(r, "draft_text")?,
        draft_explanation: col(r, "draft_explanation")?,
        comment_start: col(r, "comment_start")?,
        comment_end: col(r, "comment_end")?,
        urgent_reason: col(r, "urgent_reason")?,
        adoption_text: col(r, "adoption_text")?,
        decision_text: col(r, "decision_text")?,
        doc_no: col(r, "doc_no")?,
        decided_on: col(r, "decided_on")?,
        published_on: col(r, "published_on")?,
        standing: col(r, "standing")?,
        stage: col(r, "stage")?,
        created_at: col(r, "created_at")?,
        updated_at: col(r, "updated_at")?,
    })
}

pub async fn load(conn: &mut AnyConnection, id: i64) -> AppResult<DecisionRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE d.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::not_found("重大行政决策"))?;
    row(&r)
}

/// As [`load`], with the stage phrase recomputed from the live record (pages).
pub async fn load_live(conn: &mut AnyConnection, id: i64) -> AppResult<DecisionRow> {
    let mut d = load(conn, id).await?;
    let r = record(conn, &d).await?;
    d.stage = fazhi_core::major_decision::stage(&r);
    Ok(d)
}

/// One recorded step: who, when, what.
#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    pub id: i64,
    pub decision_id: i64,
    pub step: String,
    pub done_on: String,
    pub actor_id: i64,
    pub actor_name: String,
    pub summary: String,
    pub detail_json: String,
    pub meeting_item_id: Option<i64>,
    pub created_at: String,
}

/// Labels of the step-specific fields kept in `detail_json`.
const DETAIL_LABELS: &[(&str, &str)] = &[
    ("lead_unit", "承办单位"),
    ("draft_explanation", "起草说明"),
    ("comment_period", "征求意见期间"),
    ("comment_days", "征求意见天数"),
    ("urgent_reason", "缩短期限理由"),
    ("comments_received", "收到意见（条）"),
    ("comments_published", "公开意见（条）"),
    ("announced_on", "听证公告日期"),
    ("materials_sent_on", "材料送达日期"),
    ("hearing_on", "听证日期"),
    ("participants", "听证参加人"),
    ("experts", "论证专家"),
    ("risk_level", "风险等级"),
    ("review_id", "审查编号"),
    ("due_date", "审查期限"),
    ("questions", "提请审查的问题"),
    ("meeting_on", "会议日期"),
    ("meeting_item_id", "会议议题编号"),
    ("result", "会议结论"),
    ("doc_no", "文号"),
    ("channel", "公布载体"),
    ("evaluator", "评估单位"),
    ("conclusion", "评估结论"),
    ("kind", "调整方式"),
    ("reason", "理由"),
];

impl StepRow {
    pub fn step_label(&self) -> &'static str {
        Step::parse(&self.step).map(|s| s.label()).unwrap_or("其他")
    }
    /// The step-specific fields, labelled, in a fixed order.
    pub fn details(&self) -> Vec<(&'static str, String)> {
        let v: serde_json::Value = serde_json::from_str(&self.detail_json).unwrap_or_default();
        DETAIL_LABELS
            .iter()
            .filter_map(|(k, label)| {
                let x = v.get(*k)?;
                let s = match x {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => return None,
                    other => other.to_string(),
                };
                (!s.is_empty()).then_some((*label, s))
            })
            .collect()
    }
    pub fn recorded_label(&self) -> String {
        crate::disclosure::local_label(&self.created_at)
    }
}

pub async fn steps(conn: &mut AnyConnection, decision_id: i64) -> AppResult<Vec<StepRow>> {
    let rows = sqlx::query(
        "SELECT id, decision_id, step, done_on, actor_id, actor_name, summary, detail_json, meeting_item_id, created_at
         FROM decision_step WHERE decision_id = $1 ORDER BY done_on, id",
    )
    .bind(decision_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StepRow {
                id: col(r, "id")?,
                decision_id: col(r, "decision_id")?,
                step: col(r, "step")?,
                done_on: col(r, "done_on")?,
                actor_id: col(r, "actor_id")?,
                actor_name: col(r, "actor_name")?,
                summary: col(r, "summary")?,
                detail_json: col(r, "detail_json")?,
                meeting_item_id: col(r, "meeting_item_id")?,
                created_at: col(r, "created_at")?,
            })
        })
        .collect()
}

/// The gate's view of a decision: its attributes, the steps recorded (a
/// legality-review request row does not complete the review), the latest
/// legality review, the execution standing.
pub async fn record(conn: &mut AnyConnection, d: &DecisionRow) -> AppResult<Record> {
    let mut r = Record::new(d.attrs());
    for s in steps(conn, d.id).await? {
        if let Some(step) = Step::parse(&s.step) {
            r.done.insert(step);
        }
    }
    r.legality = super::gate::legality(conn, d.id).await?;
    r.standing = d.standing();
    Ok(r)
}

/// Decisions in the actor's DecisionRead scope (optionally of one year), newest first.
pub async fn list(app: &crate::kernel::App, actor: &fazhi_core::access::Actor, year: Option<i64>) -> AppResult<Vec<DecisionRow>> {
    let (cond, params) = crate::kernel::scope_sql(&actor.scope(fazhi_core::access::Permission::DecisionRead), "o.path", 2);
    let year_cond = if year.is_some() { "d.year = $1" } else { "$1 = $1" };
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE {year_cond} AND {cond} ORDER BY d.year DESC, d.id DESC LIMIT 500"))).bind(year.unwrap_or(0));
    for p in &params {
        q = q.bind(p);
    }
    let mut rows: Vec<DecisionRow> = q.fetch_all(&app.db.pool).await?.iter().map(row).collect::<AppResult<_>>()?;
    // The stored stage is refreshed by this module's writes; a legality opinion
    // is written by the legality-review module, so the stage is recomputed here.
    let mut conn = app.db.pool.acquire().await?;
    for d in &mut rows {
        let r = record(&mut conn, d).await?;
        d.stage = fazhi_core::major_decision::stage(&r);
    }
    Ok(rows)
}

/// Decisions of a town the public may read: the draft is out for comment
/// (period begun) or the decision is published.
pub async fn public_list(app: &crate::kernel::App, town_id: i64, today: &str) -> AppResult<Vec<DecisionRow>> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE d.org_id = $1 AND ((d.comment_start IS NOT NULL AND d.comment_start <= $2) OR d.published_on IS NOT NULL) ORDER BY d.year DESC, d.id DESC"
    )))
    .bind(town_id)
    .bind(today)
    .fetch_all(&app.db.pool)
    .await?
    .iter()
    .map(row)
    .collect()
}

/// One decision as the public may read it (404 otherwise).
pub async fn public_one(app: &crate::kernel::App, town_id: i64, id: i64, today: &str) -> AppResult<DecisionRow> {
    let mut conn = app.db.pool.acquire().await?;
    let d = load(&mut conn, id).await?;
    let visible = d.org_id == town_id && (d.comment_start.as_deref().is_some_and(|s| s <= today) || d.published_on.is_some());
    if !visible {
        return Err(DomainError::not_found("重大行政决策").into());
    }
    Ok(d)
}
