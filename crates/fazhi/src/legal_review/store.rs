//! Reads. Everything a person sees is scoped by `LegalReviewRead`;
//! `latest_for_subject` is for other modules, which have authorized their own
//! caller and ask inside their own transaction.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::legal_review::{Conclusion, ReviewState, SubjectKind};
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::{CLOCK, ENTITY, local_label};
use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, load_org, scope_sql};

/// What another module needs to know about a subject's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewSummary {
    pub id: i64,
    pub state: ReviewState,
    pub conclusion: Option<Conclusion>,
    /// Instant (RFC 3339 UTC) the opinion was given.
    pub opined_at: Option<String>,
    /// 'YYYY-MM-DD'.
    pub due_date: String,
}

impl ReviewSummary {
    /// The scheduling gate (令713 第二十五条) for this review.
    pub fn permits_scheduling(&self) -> Result<(), DomainError> {
        fazhi_core::legal_review::permits_scheduling(self.conclusion, Some(self.state))
    }
}

/// The subject's latest review that was not withdrawn (None: never reviewed).
/// Pair with `fazhi_core::legal_review::permits_scheduling(s.conclusion, s.state)`,
/// or with `None, None` when this returns None.
pub async fn latest_for_subject(conn: &mut AnyConnection, kind: SubjectKind, subject_id: i64) -> AppResult<Option<ReviewSummary>> {
    let r = sqlx::query(
        "SELECT id, state, conclusion, opined_at, due_date FROM legal_review
         WHERE subject_kind = $1 AND subject_id = $2 AND state <> 'withdrawn' ORDER BY id DESC LIMIT 1",
    )
    .bind(kind.code())
    .bind(subject_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = r else { return Ok(None) };
    let conclusion: Option<String> = col(&r, "conclusion")?;
    Ok(Some(ReviewSummary {
        id: col(&r, "id")?,
        state: ReviewState::parse(&col::<String>(&r, "state")?)?,
        conclusion: conclusion.as_deref().map(Conclusion::parse).transpose()?,
        opined_at: col(&r, "opined_at")?,
        due_date: col(&r, "due_date")?,
    }))
}

/// One point of an opinion with its response.
#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    pub seq: i64,
    pub text: String,
    pub adopted: Option<bool>,
    pub response_note: Option<String>,
}

impl PointView {
    pub fn adoption_label(&self) -> &'static str {
        match self.adopted {
            Some(true) => "已采纳",
            Some(false) => "未采纳",
            None => "待反馈",
        }
    }
    pub fn note(&self) -> &str {
        self.response_note.as_deref().unwrap_or("")
    }
}

/// A review as its page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub subject_kind: SubjectKind,
    pub subject_id: Option<i64>,
    pub subject_title: String,
    pub materials: Option<String>,
    pub questions: String,
    pub requested_by: i64,
    pub requester_name: String,
    pub requested_at: String,
    pub submitted_on: String,
    pub working_days: i64,
    pub due_date: String,
    pub state: ReviewState,
    pub adviser_id: Option<i64>,
    pub adviser_name: Option<String>,
    pub adviser_firm: Option<String>,
    pub reviewer_id: Option<i64>,
    pub reviewer_name: Option<String>,
    pub opined_by: Option<i64>,
    pub opiner_name: Option<String>,
    pub conclusion: Option<Conclusion>,
    pub reasons: Option<String>,
    pub articles: Option<String>,
    pub opined_at: Option<String>,
    pub opined_on: Option<String>,
    pub on_time: Option<bool>,
    pub responded_at: Option<String>,
    pub responder_name: Option<String>,
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
    pub points: Vec<PointView>,
    /// The platform clock of the reviewer's period.
    pub clock_id: Option<i64>,
}

impl ReviewView {
    pub fn kind_label(&self) -> &'static str {
        self.subject_kind.label()
    }
    pub fn state_label(&self) -> &'static str {
        self.state.label()
    }
    pub fn conclusion_label(&self) -> &'static str {
        self.conclusion.map(|c| c.label()).unwrap_or("")
    }
    pub fn conclusion_code(&self) -> &'static str {
        self.conclusion.map(|c| c.code()).unwrap_or("")
    }
    pub fn reviewer_label(&self) -> String {
        match (&self.adviser_name, &self.reviewer_name) {
            (Some(a), _) => format!("{a}（法律顾问，{}）", self.adviser_firm.as_deref().unwrap_or("")),
            (None, Some(r)) => r.clone(),
            (None, None) => "本单位审查人员（未指定）".into(),
        }
    }
    pub fn requested_label(&self) -> String {
        local_label(&self.requested_at)
    }
    pub fn opined_label(&self) -> String {
        self.opined_at.as_deref().map(local_label).unwrap_or_default()
    }
    pub fn responded_label(&self) -> String {
        self.responded_at.as_deref().map(local_label).unwrap_or_default()
    }
    pub fn withdrawn_label(&self) -> String {
        self.withdrawn_at.as_deref().map(local_label).unwrap_or_default()
    }
    pub fn on_time_label(&self) -> &'static str {
        match self.on_time {
            Some(true) => "按期",
            Some(false) => "超期",
            None => "",
        }
    }
    pub fn text_or_dash(s: &Option<String>) -> &str {
        s.as_deref().unwrap_or("—")
    }
    pub fn has_points(&self) -> bool {
        !self.points.is_empty()
    }
    pub fn awaiting_response(&self) -> bool {
        self.state == ReviewState::Opined && self.has_points()
    }
}

const SELECT: &str = "SELECT r.id, r.org_id, o.name AS org_name, r.subject_kind, r.subject_id, r.subject_title, r.materials, r.questions, r.requested_by,
        rq.display_name AS requester_name, r.requested_at, r.submitted_on, r.working_days, r.due_date, r.state, r.adviser_id, a.name AS adviser_name,
        a.firm AS adviser_firm, r.reviewer_id, rv.display_name AS reviewer_name, r.opined_by, op.display_name AS opiner_name, r.conclusion, r.reasons,
        r.articles, r.opined_at, r.opined_on, CASE WHEN r.on_time IS NULL THEN NULL WHEN r.on_time THEN 1 ELSE 0 END AS on_time, r.responded_at,
        rs.display_name AS responder_name, r.withdrawn_at, r.withdraw_reason, k.id AS clock_id
    FROM legal_review r JOIN org_unit o ON o.id = r.org_id
    JOIN app_user rq ON rq.id = r.requested_by
    LEFT JOIN legal_adviser a ON a.id = r.adviser_id
    LEFT JOIN app_user rv ON rv.id = r.reviewer_id
    LEFT JOIN app_user op ON op.id = r.opined_by
    LEFT JOIN app_user rs ON rs.id = r.responded_by
    LEFT JOIN clock k ON k.entity = 'legal_review' AND k.entity_id = CAST(r.id AS TEXT) AND k.name = '审查期限'";

fn view(r: &AnyRow) -> AppResult<ReviewView> {
    let conclusion: Option<String> = col(r, "conclusion")?;
    let on_time: Option<i64> = col(r, "on_time")?;
    Ok(ReviewView {
        id: col(r, "id")?,
        org_id: col(r, "org_id")?,
        org_name: col(r, "org_name")?,
        subject_kind: SubjectKind::parse(&col::<String>(r, "subject_kind")?)?,
        subject_id: col(r, "subject_id")?,
        subject_title: col(r, "subject_title")?,
        materials: col(r, "materials")?,
        questions: col(r, "questions")?,
        requested_by: col(r, "requested_by")?,
        requester_name: col(r, "requester_name")?,
        requested_at: col(r, "requested_at")?,
        submitted_on: col(r, "submitted_on")?,
        working_days: col(r, "working_days")?,
        due_date: col(r, "due_date")?,
        state: ReviewState::parse(&col::<String>(r, "state")?)?,
        adviser_id: col(r, "adviser_id")?,
        adviser_name: col(r, "adviser_name")?,
        adviser_firm: col(r, "adviser_firm")?,
        reviewer_id: col(r, "reviewer_id")?,
        reviewer_name: col(r, "reviewer_name")?,
        opined_by: col(r, "opined_by")?,
        opiner_name: col(r, "opiner_name")?,
        conclusion: conclusion.as_deref().map(Conclusion::parse).transpose()?,
        reasons: col(r, "reasons")?,
        articles: col(r, "articles")?,
        opined_at: col(r, "opined_at")?,
        opined_on: col(r, "opined_on")?,
        on_time: on_time.map(|n| n != 0),
        responded_at: col(r, "responded_at")?,
        responder_name: col(r, "responder_name")?,
        withdrawn_at: col(r, "withdrawn_at")?,
        withdraw_reason: col(r, "withdraw_reason")?,
        points: Vec::new(),
        clock_id: col(r, "clock_id")?,
    })
}

async fn points(app: &App, id: i64) -> AppResult<Vec<PointView>> {
    sqlx::query("SELECT seq, text, CASE WHEN adopted IS NULL THEN NULL WHEN adopted THEN 1 ELSE 0 END AS adopted, response_note FROM legal_review_point WHERE review_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| {
            let adopted: Option<i64> = col(r, "adopted")?;
            Ok(PointView { seq: col(r, "seq")?, text: col(r, "text")?, adopted: adopted.map(|n| n != 0), response_note: col(r, "response_note")? })
        })
        .collect()
}

/// One review with its points, if the actor may read it (else "not found").
pub async fn get(app: &App, actor: &Actor, id: i64) -> AppResult<ReviewView> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1")))
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("合法性审查"))?;
    let mut v = view(&r)?;
    let org = load_org(app, v.org_id).await?;
    if !actor.can(Permission::LegalReviewRead, &org.path) {
        return Err(DomainError::not_found("合法性审查").into());
    }
    v.points = points(app, id).await?;
    Ok(v)
}

/// Filters of the API list and the console queues.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListQuery {
    pub state: Option<String>,
    pub subject_kind: Option<String>,
    pub subject_id: Option<i64>,
    /// Only reviews whose id is below this (keyset: pass the last id of the previous page).
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

/// Reviews in the actor's `LegalReviewRead` scope, newest first.
pub async fn list(app: &App, actor: &Actor, q: &ListQuery) -> AppResult<Vec<ReviewView>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::LegalReviewRead), "o.path", 1);
    let mut sql = format!("{SELECT} WHERE {cond}");
    let mut binds: Vec<String> = params;
    let mut push = |sql: &mut String, column: &str, v: String| {
        binds.push(v);
        sql.push_str(&format!(" AND {column} = ${}", binds.len()));
    };
    if let Some(s) = q.state.as_deref().filter(|s| !s.is_empty()) {
        push(&mut sql, "r.state", ReviewState::parse(s)?.code().to_string());
    }
    if let Some(k) = q.subject_kind.as_deref().filter(|s| !s.is_empty()) {
        push(&mut sql, "r.subject_kind", SubjectKind::parse(k)?.code().to_string());
    }
    let mut ints: Vec<i64> = Vec::new();
    if let Some(s) = q.subject_id {
        ints.push(s);
        sql.push_str(&format!(" AND r.subject_id = ${}", binds.len() + ints.len()));
    }
    if let Some(b) = q.before {
        ints.push(b);
        sql.push_str(&format!(" AND r.id < ${}", binds.len() + ints.len()));
    }
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    sql.push_str(&format!(" ORDER BY r.id DESC LIMIT {limit}"));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        query = query.bind(b);
    }
    for i in &ints {
        query = query.bind(i);
    }
    query.fetch_all(&app.db.pool).await?.iter().map(view).collect()
}

/// A row of the reviewer's queue: the review and its clock as of today.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: i64,
    pub kind: SubjectKind,
    pub title: String,
    pub org_name: String,
    pub requester_name: String,
    pub submitted_on: String,
    /// From the clock (re-flowed with the calendar); the row's copy if no clock.
    pub due: String,
    pub overdue: bool,
    pub assigned_to_me: bool,
}

impl QueueRow {
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }
}

/// Reviews waiting for the actor's opinion: assigned to them, or unassigned in
/// a unit where they may opine; never their own requests. Earliest due first.
pub async fn queue(app: &App, actor: &Actor, today: chrono::NaiveDate) -> AppResult<Vec<QueueRow>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::LegalReviewOpine), "o.path", 2);
    let sql = format!(
        "SELECT r.id, r.subject_kind, r.subject_title, o.name AS org_name, u.display_name AS requester_name, r.submitted_on,
                COALESCE(k.due_date, r.due_date) AS due, r.reviewer_id
         FROM legal_review r JOIN org_unit o ON o.id = r.org_id JOIN app_user u ON u.id = r.requested_by
         LEFT JOIN clock k ON k.entity = '{ENTITY}' AND k.entity_id = CAST(r.id AS TEXT) AND k.name = '{CLOCK}'
         WHERE r.state = 'requested' AND r.requested_by <> $1 AND (r.reviewer_id = $1 OR (r.reviewer_id IS NULL AND {cond}))
         ORDER BY COALESCE(k.due_date, r.due_date), r.id"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(actor.user_id);
    for p in &params {
        q = q.bind(p);
    }
    let today = today.to_string();
    q.fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(|r| {
            let due: String = col(r, "due")?;
            let reviewer: Option<i64> = col(r, "reviewer_id")?;
            Ok(QueueRow {
                id: col(r, "id")?,
                kind: SubjectKind::parse(&col::<String>(r, "subject_kind")?)?,
                title: col(r, "subject_title")?,
                org_name: col(r, "org_name")?,
                requester_name: col(r, "requester_name")?,
                submitted_on: col(r, "submitted_on")?,
                overdue: due < today,
                due,
                assigned_to_me: reviewer == Some(actor.user_id),
            })
        })
        .collect()
}

/// Reviews in scope whose opinion waits for the requester's response.
pub async fn awaiting_response(app: &App, actor: &Actor) -> AppResult<Vec<ReviewView>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::LegalReviewRequest), "o.path", 1);
    let sql = format!(
        "{SELECT} WHERE {cond} AND r.state = 'opined' AND EXISTS (SELECT 1 FROM legal_review_point p WHERE p.review_id = r.id) ORDER BY r.opined_at, r.id LIMIT 100"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(view).collect()
}

/// One line of a review's history: the audited changes to it, in order.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// The audit trail of a review (caller has checked read access): who did what and when.
pub async fn history(app: &App, id: i64) -> AppResult<Vec<HistoryLine>> {
    let rows = sqlx::query(
        "SELECT at, actor_name, action, entity, after_json FROM audit_record WHERE entity_id = $1 AND entity = 'legal_review' ORDER BY at, id",
    )
    .bind(id.to_string())
    .fetch_all(&app.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let action: String = col(r, "action")?;
            let after: Option<String> = col(r, "after_json")?;
            let v: serde_json::Value = after.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or(serde_json::Value::Null);
            let state = v.get("state").and_then(|s| s.as_str()).and_then(|s| ReviewState::parse(s).ok());
            let (label, detail) = match (action.as_str(), state) {
                ("create", _) => ("提请合法性审查".to_string(), format!("审查期限 {}", v.get("due_date").and_then(|d| d.as_str()).unwrap_or(""))),
                ("update", Some(ReviewState::Opined)) => (
                    "出具审查意见".to_string(),
                    format!(
                        "审查结论：{}",
                        v.get("conclusion").and_then(|c| c.as_str()).and_then(|c| Conclusion::parse(c).ok()).map(|c| c.label()).unwrap_or("")
                    ),
                ),
                ("update", Some(ReviewState::Responded)) => (
                    "反馈采纳情况".to_string(),
                    format!("共 {} 条，采纳 {} 条", v.get("points").and_then(|x| x.as_i64()).unwrap_or(0), v.get("adopted").and_then(|x| x.as_i64()).unwrap_or(0)),
                ),
                ("update", Some(ReviewState::Withdrawn)) => ("撤回审查申请".to_string(), v.get("reason").and_then(|x| x.as_str()).unwrap_or("").to_string()),
                ("clock", _) => match v.pointer("/spec/stopped_on").and_then(|x| x.as_str()) {
                    Some(on) => ("审查期限停止计时".to_string(), format!("{on} 办结")),
                    None => ("审查期限开始计时".to_string(), v.get("due").and_then(|x| x.as_str()).map(|d| format!("期限届满日 {d}")).unwrap_or_default()),
                },
                ("todo_close", _) => ("待办事项办结".to_string(), String::new()),
                (other, _) => (other.to_string(), String::new()),
            };
            Ok(HistoryLine { at: local_label(&col::<String>(r, "at")?), actor: col(r, "actor_name")?, action: label, detail })
        })
        .collect()
}
