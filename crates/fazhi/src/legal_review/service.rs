//! The review's steps, each one audited write: request (提请审查), opine
//! (出具审查意见), respond (反馈采纳情况), withdraw (撤回). The reviewer's
//! period is a platform clock; the reviewer's and the requester's pending
//! work are to-do items, so an overdue review shows on the to-do list.
use chrono::{DateTime, NaiveDate, Utc};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission, Role};
use fazhi_core::form;
use fazhi_core::legal_review::{self as rules, Action, Conclusion, RawAnswer, ReviewState, SubjectKind};
use sqlx::AnyConnection;

use super::{CLOCK, ENTITY, MODULE, TODO_OPINION, TODO_RESPONSE, instant_text, local_date};
use crate::db::{col, flag};
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_org};
use crate::platform::{calendar, search, todo};

/// What a requester submits. Build with [`NewReview::new`] and set the rest:
/// `NewReview { subject_id: Some(id), ..NewReview::new(org, SubjectKind::Decision, title, questions) }`.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    /// The unit the review belongs to (the requester's town).
    pub org_id: i64,
    pub subject_kind: SubjectKind,
    /// The subject's record in its module (a decision's id …); None for a contract on its own.
    pub subject_id: Option<i64>,
    pub subject_title: &'a str,
    /// 送审材料 as described (files are attachments of entity `legal_review`).
    pub materials: &'a str,
    /// 需要审查的问题.
    pub questions: &'a str,
    /// None = the default period (the statutory minimum for decisions).
    pub due_date: Option<NaiveDate>,
    /// An adviser of the register (their account, if linked, becomes the reviewer).
    pub adviser_id: Option<i64>,
    /// A reviewer's account (司法所); None with no adviser = any reviewer of the unit.
    pub reviewer_id: Option<i64>,
    /// When it was submitted; None = now (the demo writes past dates).
    pub at: Option<DateTime<Utc>>,
}

impl<'a> NewReview<'a> {
    pub fn new(org_id: i64, subject_kind: SubjectKind, subject_title: &'a str, questions: &'a str) -> NewReview<'a> {
        NewReview { org_id, subject_kind, subject_id: None, subject_title, materials: "", questions, due_date: None, adviser_id: None, reviewer_id: None, at: None }
    }
}

async fn org_in(conn: &mut AnyConnection, id: i64) -> AppResult<OrgRef> {
    let r = sqlx::query("SELECT id, name, kind, path, town_id, parent_id FROM org_unit WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::invalid("org_id", "「提请单位」不存在"))?;
    OrgRef::from_row(&r)
}

/// Whether a user holds `perm` on `org` (read inside the transaction).
async fn user_can(conn: &mut AnyConnection, user_id: i64, perm: Permission, org: &OrgRef) -> AppResult<bool> {
    let rows = sqlx::query("SELECT g.role, o.path FROM role_grant g JOIN org_unit o ON o.id = g.org_id JOIN app_user u ON u.id = g.user_id WHERE g.user_id = $1 AND u.active = TRUE")
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
    for r in &rows {
        let role: String = col(r, "role")?;
        let path: String = col(r, "path")?;
        if Role::parse(&role).is_ok_and(|role| role.permits(perm)) && org.path.as_str().starts_with(&path) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Checks the chosen adviser and/or reviewer; returns (adviser_id, reviewer user id).
async fn resolve_reviewer(conn: &mut AnyConnection, org: &OrgRef, adviser_id: Option<i64>, reviewer_id: Option<i64>, on: NaiveDate) -> AppResult<(Option<i64>, Option<i64>)> {
    let mut reviewer = reviewer_id;
    if let Some(a) = adviser_id {
        let r = sqlx::query(
            "SELECT a.name, a.contract_start, a.contract_end, a.user_id, CASE WHEN a.active THEN 1 ELSE 0 END AS active, o.path
             FROM legal_adviser a JOIN org_unit o ON o.id = a.org_id WHERE a.id = $1",
        )
        .bind(a)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| DomainError::invalid("adviser_id", "「法律顾问」不存在"))?;
        let path: String = col(&r, "path")?;
        let name: String = col(&r, "name")?;
        if !org.path.as_str().starts_with(&path) {
            return Err(DomainError::invalid("adviser_id", format!("「{name}」不是本单位聘请的法律顾问")).into());
        }
        if !flag(&r, "active")? {
            return Err(DomainError::invalid("adviser_id", format!("法律顾问「{name}」已停用")).into());
        }
        let (start, end): (String, String) = (col(&r, "contract_start")?, col(&r, "contract_end")?);
        let day = on.to_string();
        if day < start || day > end {
            return Err(DomainError::invalid("adviser_id", format!("法律顾问「{name}」的聘用期为 {start} 至 {end}，{day} 不在聘用期内")).into());
        }
        let user: Option<i64> = col(&r, "user_id")?;
        match (reviewer, user) {
            (Some(x), Some(u)) if x != u => {
                return Err(DomainError::invalid("reviewer_id", format!("「审查人员」应为法律顾问「{name}」本人的账号")).into());
            }
            (None, Some(u)) => reviewer = Some(u),
            _ => {}
        }
    }
    if let Some(u) = reviewer
        && !user_can(conn, u, Permission::LegalReviewOpine, org).await?
    {
        return Err(DomainError::invalid("reviewer_id", "「审查人员」在该单位没有出具合法性审查意见的权限").into());
    }
    Ok((adviser_id, reviewer))
}

/// Submits a review inside the caller's write (another module submitting its
/// record). The actor must hold `LegalReviewRequest` on the review's unit.
/// Returns the review's id; its due date is `store::get`'s `due_date`.
pub async fn request_in(w: &mut Write<'_>, input: NewReview<'_>) -> AppResult<i64> {
    let org = org_in(w.conn(), input.org_id).await?;
    w.actor().require(Permission::LegalReviewRequest, &org.path)?;
    let title = form::required_text("subject_title", "审查事项名称", input.subject_title, 200)?;
    let materials = form::optional_text("materials", "送审材料说明", input.materials, 2000)?;
    let questions = form::required_text("questions", "提请审查的问题", input.questions, 3000)?;
    if input.subject_id.is_some_and(|id| id <= 0) {
        return Err(DomainError::invalid("subject_id", "「关联事项编号」不正确").into());
    }
    let at = input.at.unwrap_or_else(crate::db::now);
    let submitted = local_date(at);
    let cal = calendar::load_from(w.conn()).await?;
    let period = rules::plan(input.subject_kind, submitted, input.due_date, &cal)?;
    let (adviser_id, reviewer_id) = resolve_reviewer(w.conn(), &org, input.adviser_id, input.reviewer_id, submitted).await?;
    let me = w.actor().user_id;
    if reviewer_id == Some(me) {
        return Err(DomainError::refused("own_request", "不能指定本人审查本人提请的事项").into());
    }
    if let Some(sid) = input.subject_id {
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM legal_review WHERE subject_kind = $1 AND subject_id = $2 AND state = 'requested'")
            .bind(input.subject_kind.code())
            .bind(sid)
            .fetch_one(w.conn())
            .await?;
        if open > 0 {
            return Err(DomainError::conflict("该事项已有正在审查中的合法性审查申请，请待审查意见出具后再提请").into());
        }
    }
    let now = instant_text(at);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO legal_review (org_id, subject_kind, subject_id, subject_title, materials, questions, requested_by, requested_at, submitted_on, working_days,
                                   due_date, state, adviser_id, reviewer_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'requested', $12, $13, $8) RETURNING id",
    )
    .bind(org.id)
    .bind(input.subject_kind.code())
    .bind(input.subject_id)
    .bind(&title)
    .bind(&materials)
    .bind(&questions)
    .bind(me)
    .bind(&now)
    .bind(submitted.to_string())
    .bind(period.working_days as i64)
    .bind(period.due.to_string())
    .bind(adviser_id)
    .bind(reviewer_id)
    .fetch_one(w.conn())
    .await?;
    let key = id.to_string();
    w.record(
        Change::create(
            ENTITY,
            id,
            &serde_json::json!({"subject_kind": input.subject_kind.code(), "subject_id": input.subject_id, "subject_title": title, "materials": materials,
                "questions": questions, "submitted_on": submitted, "working_days": period.working_days, "due_date": period.due,
                "adviser_id": adviser_id, "reviewer_id": reviewer_id, "state": "requested"}),
        )
        .in_org(&org),
    );
    let clock = calendar::put_clock_in(w, org.id, MODULE, ENTITY, &key, CLOCK, &period.deadline()).await?;
    let todo_title = format!("出具合法性审查意见：{title}");
    let url = format!("/console/legal-reviews/{id}");
    todo::open_in(
        w,
        org.id,
        todo::TodoSpec {
            module: MODULE,
            kind: TODO_OPINION,
            title: &todo_title,
            detail: Some(input.subject_kind.label()),
            url: Some(&url),
            entity: Some((ENTITY, &key)),
            assignee_id: reviewer_id,
            clock_id: Some(clock),
            due_date: None,
        },
    )
    .await?;
    let body = format!("{}\n{}", input.subject_kind.label(), questions);
    search::index_in(w, search::SearchDoc { org_id: org.id, module: MODULE, entity: ENTITY, entity_id: &key, title: &title, body: &body, url: &url, is_public: false }).await?;
    Ok(id)
}

/// Submits a review in its own write.
pub async fn request(app: &App, actor: &Actor, input: NewReview<'_>) -> AppResult<i64> {
    let org = load_org(app, input.org_id).await.map_err(|_| DomainError::invalid("org_id", "「提请单位」不存在"))?;
    let mut w = Write::begin(app, actor, Permission::LegalReviewRequest, &org).await?;
    let id = request_in(&mut w, input).await?;
    w.commit().await?;
    Ok(id)
}

/// The row a step works on, locked for the step.
struct Locked {
    org: OrgRef,
    state: ReviewState,
    kind: SubjectKind,
    subject_id: Option<i64>,
    title: String,
    requested_by: i64,
    reviewer_id: Option<i64>,
    submitted_on: NaiveDate,
    working_days: u32,
    due_date: String,
    conclusion: Option<Conclusion>,
}

async fn lock(w: &mut Write<'_>, id: i64) -> AppResult<Locked> {
    let fu = w.app().db.for_update();
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT org_id, state, subject_kind, subject_id, subject_title, requested_by, reviewer_id, submitted_on, working_days, due_date, conclusion FROM legal_review WHERE id = $1{fu}"
    )))
    .bind(id)
    .fetch_optional(w.conn())
    .await?
    .ok_or_else(|| DomainError::not_found("合法性审查"))?;
    let org = org_in(w.conn(), col(&r, "org_id")?).await?;
    let submitted: String = col(&r, "submitted_on")?;
    let conclusion: Option<String> = col(&r, "conclusion")?;
    Ok(Locked {
        org,
        state: ReviewState::parse(&col::<String>(&r, "state")?)?,
        kind: SubjectKind::parse(&col::<String>(&r, "subject_kind")?)?,
        subject_id: col(&r, "subject_id")?,
        title: col(&r, "subject_title")?,
        requested_by: col(&r, "requested_by")?,
        reviewer_id: col(&r, "reviewer_id")?,
        submitted_on: NaiveDate::parse_from_str(&submitted, "%Y-%m-%d").map_err(AppError::internal)?,
        working_days: col::<i64>(&r, "working_days")? as u32,
        due_date: col(&r, "due_date")?,
        conclusion: conclusion.as_deref().map(Conclusion::parse).transpose()?,
    })
}

/// Opens a write on the review's unit: the permission is checked on the unit
/// the review belongs to, which is only known after reading it.
async fn begin<'a>(app: &'a App, actor: &'a Actor, perm: Permission, id: i64) -> AppResult<(Write<'a>, Locked)> {
    let org_id: Option<i64> = sqlx::query_scalar("SELECT org_id FROM legal_review WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?;
    let org = load_org(app, org_id.ok_or_else(|| DomainError::not_found("合法性审查"))?).await?;
    if !actor.can(Permission::LegalReviewRead, &org.path) {
        return Err(DomainError::not_found("合法性审查").into());
    }
    let mut w = Write::begin(app, actor, perm, &org).await?;
    let l = lock(&mut w, id).await?;
    Ok((w, l))
}

/// Stops the review's clock on `on` (the opinion or the withdrawal).
async fn stop_clock(w: &mut Write<'_>, l: &Locked, id: i64, on: NaiveDate) -> AppResult<()> {
    let mut d = rules::ReviewPeriod { submitted_on: l.submitted_on, working_days: l.working_days, due: l.submitted_on }.deadline();
    d.stopped_on = Some(on);
    calendar::put_clock_in(w, l.org.id, MODULE, ENTITY, &id.to_string(), CLOCK, &d).await?;
    Ok(())
}

/// A decision's stored stage (its ledger column) follows its legality review
/// in the same write: opinion, response and withdrawal change what may come next.
async fn refresh_subject(w: &mut Write<'_>, l: &Locked) -> AppResult<()> {
    if let (SubjectKind::Decision, Some(decision_id)) = (l.kind, l.subject_id) {
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM major_decision WHERE id = $1").bind(decision_id).fetch_one(w.conn()).await?;
        if known > 0 {
            crate::major_decision::service::refresh_stage(w, decision_id).await?;
        }
    }
    Ok(())
}

/// What the reviewer gives.
#[derive(Debug, Clone)]
pub struct NewOpinion<'a> {
    pub conclusion: Conclusion,
    pub reasons: &'a str,
    pub articles: &'a str,
    pub points: Vec<&'a str>,
    /// None = now (the demo writes past dates).
    pub at: Option<DateTime<Utc>>,
}

/// 出具审查意见: by the assigned reviewer (or any reviewer of the unit when
/// none is assigned), never by the requester.
pub async fn opine(app: &App, actor: &Actor, id: i64, input: NewOpinion<'_>) -> AppResult<()> {
    let (mut w, l) = begin(app, actor, Permission::LegalReviewOpine, id).await?;
    let next = rules::transition(l.state, Action::Opine)?;
    rules::check_reviewer(l.requested_by, l.reviewer_id, actor.user_id)?;
    let o = rules::check_opinion(input.conclusion, input.reasons, input.articles, &input.points)?;
    let at = input.at.unwrap_or_else(crate::db::now);
    let on = local_date(at);
    if on < l.submitted_on {
        return Err(DomainError::invalid("at", "审查意见的出具日期不能早于提请日期").into());
    }
    let on_time = on.to_string() <= l.due_date;
    let now = instant_text(at);
    sqlx::query(
        "UPDATE legal_review SET state = $1, conclusion = $2, reasons = $3, articles = $4, opined_by = $5, opined_at = $6, opined_on = $7, on_time = $8, updated_at = $6
         WHERE id = $9",
    )
    .bind(next.code())
    .bind(o.conclusion.code())
    .bind(&o.reasons)
    .bind(&o.articles)
    .bind(actor.user_id)
    .bind(&now)
    .bind(on.to_string())
    .bind(on_time)
    .bind(id)
    .execute(w.conn())
    .await?;
    for (i, p) in o.points.iter().enumerate() {
        sqlx::query("INSERT INTO legal_review_point (review_id, seq, text) VALUES ($1, $2, $3)").bind(id).bind(i as i64 + 1).bind(p).execute(w.conn()).await?;
    }
    w.record(Change::update(
        ENTITY,
        id,
        &serde_json::json!({"state": l.state.code()}),
        &serde_json::json!({"state": next.code(), "conclusion": o.conclusion.code(), "reasons": o.reasons, "articles": o.articles, "points": o.points,
            "opined_on": on, "on_time": on_time}),
    ));
    stop_clock(&mut w, &l, id, on).await?;
    let key = id.to_string();
    todo::close_in(&mut w, ENTITY, &key, TODO_OPINION).await?;
    if !o.points.is_empty() {
        let title = format!("反馈合法性审查意见采纳情况：{}", l.title);
        let url = format!("/console/legal-reviews/{id}#response");
        let detail = format!("审查结论：{}，共 {} 条意见", o.conclusion.label(), o.points.len());
        todo::open_in(
            &mut w,
            l.org.id,
            todo::TodoSpec {
                module: MODULE,
                kind: TODO_RESPONSE,
                title: &title,
                detail: Some(&detail),
                url: Some(&url),
                entity: Some((ENTITY, &key)),
                assignee_id: Some(l.requested_by),
                clock_id: None,
                due_date: None,
            },
        )
        .await?;
    }
    refresh_subject(&mut w, &l).await?;
    w.commit().await
}

/// 反馈采纳情况: the requester's side answers every point at once.
pub async fn respond(app: &App, actor: &Actor, id: i64, answers: &[RawAnswer<'_>], at: Option<DateTime<Utc>>) -> AppResult<()> {
    let (mut w, l) = begin(app, actor, Permission::LegalReviewRequest, id).await?;
    let next = rules::transition(l.state, Action::Respond)?;
    let points: Vec<i64> = sqlx::query_scalar("SELECT seq FROM legal_review_point WHERE review_id = $1 ORDER BY seq").bind(id).fetch_all(w.conn()).await?;
    let checked = rules::check_response(points.len(), answers)?;
    let now = instant_text(at.unwrap_or_else(crate::db::now));
    for (seq, a) in points.iter().zip(&checked) {
        sqlx::query("UPDATE legal_review_point SET adopted = $1, response_note = $2, responded_at = $3 WHERE review_id = $4 AND seq = $5")
            .bind(a.adopted)
            .bind(&a.note)
            .bind(&now)
            .bind(id)
            .bind(seq)
            .execute(w.conn())
            .await?;
    }
    sqlx::query("UPDATE legal_review SET state = $1, responded_by = $2, responded_at = $3, updated_at = $3 WHERE id = $4")
        .bind(next.code())
        .bind(actor.user_id)
        .bind(&now)
        .bind(id)
        .execute(w.conn())
        .await?;
    let adopted = checked.iter().filter(|a| a.adopted).count();
    w.record(Change::update(
        ENTITY,
        id,
        &serde_json::json!({"state": l.state.code()}),
        &serde_json::json!({"state": next.code(), "responded_at": now, "answers": checked, "adopted": adopted, "points": checked.len(), "conclusion": l.conclusion.map(|c| c.code())}),
    ));
    todo::close_in(&mut w, ENTITY, &id.to_string(), TODO_RESPONSE).await?;
    refresh_subject(&mut w, &l).await?;
    w.commit().await
}

/// 撤回: before the opinion, with a reason.
#[derive(Debug, Clone)]
pub struct Withdrawal<'a> {
    pub reason: &'a str,
    pub at: Option<DateTime<Utc>>,
}

pub async fn withdraw(app: &App, actor: &Actor, id: i64, input: Withdrawal<'_>) -> AppResult<()> {
    let (mut w, l) = begin(app, actor, Permission::LegalReviewRequest, id).await?;
    let next = rules::transition(l.state, Action::Withdraw)?;
    let reason = form::required_text("reason", "撤回理由", input.reason, 500)?;
    let at = input.at.unwrap_or_else(crate::db::now);
    let now = instant_text(at);
    sqlx::query("UPDATE legal_review SET state = $1, withdrawn_by = $2, withdrawn_at = $3, withdraw_reason = $4, updated_at = $3 WHERE id = $5")
        .bind(next.code())
        .bind(actor.user_id)
        .bind(&now)
        .bind(&reason)
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::update(ENTITY, id, &serde_json::json!({"state": l.state.code()}), &serde_json::json!({"state": next.code(), "reason": reason, "withdrawn_at": now, "kind": l.kind.code()})));
    stop_clock(&mut w, &l, id, local_date(at).max(l.submitted_on)).await?;
    todo::close_in(&mut w, ENTITY, &id.to_string(), TODO_OPINION).await?;
    refresh_subject(&mut w, &l).await?;
    w.commit().await
}
