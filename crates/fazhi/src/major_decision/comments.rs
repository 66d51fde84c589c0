//! Public comments on a draft (公开征求意见, art.14): anyone may comment through
//! the portal while the period runs — name and contact optional, the contact
//! encrypted and never shown publicly; rate-limited per address like the
//! disclosure request form; shown publicly only after staff approve it
//! (rejection needs a reason, kept for the archive).
use chrono::{Duration, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Grant, Permission, Role};
use fazhi_core::form;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::store;
use crate::db::{col, now, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, OrgRef, Write, load_org, scope_sql};

/// Comments allowed per address per hour (as the disclosure request form).
pub const COMMENTS_PER_HOUR: i64 = 5;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CommentForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub body: String,
}

/// The writer of a public comment: it exists only inside [`submit_in`] and
/// writes into the town's audit chain under its own name.
fn public_actor(town: &OrgRef) -> Actor {
    Actor {
        user_id: 0,
        username: "public".into(),
        display_name: "社会公众（在线提交）".into(),
        home_org_id: town.id,
        grants: vec![Grant { role: Role::TownOffice, org_id: town.id, org_path: town.path.clone(), org_name: town.name.clone() }],
    }
}

/// Now, or for a past legal date (the demo) 10:00 China time that day.
fn created_at(today: NaiveDate) -> String {
    if today == crate::web::pages::today() {
        return now_text();
    }
    let t = today.and_hms_opt(2, 0, 0).expect("valid time").and_utc();
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn ip_hash(ip: &str) -> String {
    fazhi_crypto::sm3_hex(format!("decision-comment:{ip}").as_bytes())
}

/// A member of the public comments on a draft of `town_code`'s decision.
pub async fn submit(app: &App, town_code: &str, decision_id: i64, f: &CommentForm, ip: &str) -> AppResult<i64> {
    submit_on(app, town_code, decision_id, f, ip, crate::web::pages::today()).await
}

/// As [`submit`], on a given legal date (the demo writes last year's comments).
pub async fn submit_on(app: &App, town_code: &str, decision_id: i64, f: &CommentForm, ip: &str, today: NaiveDate) -> AppResult<i64> {
    let town = crate::disclosure::town_by_code(app, town_code.trim()).await?;
    let name = form::optional_text("name", "姓名或单位", &f.name, 50)?;
    let contact = form::optional_text("contact", "联系方式", &f.contact, 100)?;
    let body = form::required_text("body", "意见建议", &f.body, 3000)?;
    let mut conn = app.db.pool.acquire().await?;
    let d = store::load(&mut conn, decision_id).await?;
    drop(conn);
    if d.org_id != town.id {
        return Err(DomainError::not_found("重大行政决策").into());
    }
    let today_s = today.to_string();
    if !d.comment_open(&today_s) {
        return Err(DomainError::refused("comment_period", "该决策草案目前不在公开征求意见期内，不能提交意见").into());
    }
    let hash = ip_hash(ip);
    let since = (now() - Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let recent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decision_comment WHERE ip_hash = $1 AND created_at > $2").bind(&hash).bind(&since).fetch_one(&app.db.pool).await?;
    if recent >= COMMENTS_PER_HOUR {
        return Err(DomainError::TooMany { message: format!("同一网络地址每小时最多提交 {COMMENTS_PER_HOUR} 条意见，请稍后再试，或通过信函、电子邮件等方式提出意见") }.into());
    }
    let actor = public_actor(&town);
    let mut w = Write::begin(app, &actor, Permission::DecisionManage, &town).await?;
    let contact_enc = contact.as_deref().map(|c| app.keys.field.encrypt(c));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO decision_comment (decision_id, org_id, name, contact_enc, body, status, ip_hash, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING id",
    )
    .bind(d.id)
    .bind(town.id)
    .bind(&name)
    .bind(&contact_enc)
    .bind(&body)
    .bind(&hash)
    .bind(created_at(today))
    .fetch_one(w.conn())
    .await?;
    // The audit keeps the comment, not who the commenter is.
    w.record(Change::create("decision_comment", id, &json!({"decision_id": d.id, "body": body, "named": name.is_some(), "contact_given": contact.is_some()})));
    w.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentRow {
    pub id: i64,
    pub decision_id: i64,
    pub decision_title: String,
    pub name: Option<String>,
    pub has_contact: bool,
    pub body: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub moderated_at: Option<String>,
    pub created_at: String,
}

impl CommentRow {
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "pending" => "待审核",
            "approved" => "已公开",
            "rejected" => "不予公开",
            _ => "",
        }
    }
    pub fn who(&self) -> String {
        self.name.clone().unwrap_or_else(|| "匿名".into())
    }
    pub fn created_label(&self) -> String {
        crate::disclosure::local_label(&self.created_at)
    }
    pub fn created_date(&self) -> String {
        crate::disclosure::local_date(&self.created_at)
    }
}

const SELECT: &str = "SELECT m.id, m.decision_id, d.title AS decision_title, m.name, m.contact_enc, m.body, m.status, m.reject_reason, m.moderated_at, m.created_at
 FROM decision_comment m JOIN major_decision d ON d.id = m.decision_id JOIN org_unit o ON o.id = m.org_id";

fn row(r: &sqlx::any::AnyRow) -> AppResult<CommentRow> {
    Ok(CommentRow {
        id: col(r, "id")?,
        decision_id: col(r, "decision_id")?,
        decision_title: col(r, "decision_title")?,
        name: col(r, "name")?,
        has_contact: col::<Option<String>>(r, "contact_enc")?.is_some(),
        body: col(r, "body")?,
        status: col(r, "status")?,
        reject_reason: col(r, "reject_reason")?,
        moderated_at: col(r, "moderated_at")?,
        created_at: col(r, "created_at")?,
    })
}

/// The moderation queue: pending comments in the actor's scope, oldest first.
pub async fn queue(app: &App, actor: &Actor) -> AppResult<Vec<CommentRow>> {
    let (cond, params) = scope_sql(&actor.scope(Permission::DecisionManage), "o.path", 1);
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.status = 'pending' AND {cond} ORDER BY m.id LIMIT 500")));
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(&app.db.pool).await?.iter().map(row).collect()
}

/// Every comment of a decision (staff; the caller checked DecisionRead).
pub async fn of_decision(app: &App, decision_id: i64) -> AppResult<Vec<CommentRow>> {
    sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.decision_id = $1 ORDER BY m.id")))
        .bind(decision_id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(row)
        .collect()
}

/// The approved comments of a decision (portal).
pub async fn approved(app: &App, decision_id: i64) -> AppResult<Vec<CommentRow>> {
    sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.decision_id = $1 AND m.status = 'approved' ORDER BY m.id")))
        .bind(decision_id)
        .fetch_all(&app.db.pool)
        .await?
        .iter()
        .map(row)
        .collect()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ModerateForm {
    /// approve | reject
    #[serde(default)]
    pub verdict: String,
    #[serde(default)]
    pub reason: String,
}

/// Staff approve a comment for display, or reject it with a reason.
pub async fn moderate(app: &App, actor: &Actor, comment_id: i64, f: &ModerateForm) -> AppResult<i64> {
    let (org_id, decision_id): (i64, i64) = {
        let r = sqlx::query("SELECT org_id, decision_id FROM decision_comment WHERE id = $1")
            .bind(comment_id)
            .fetch_optional(&app.db.pool)
            .await?
            .ok_or_else(|| DomainError::not_found("公众意见"))?;
        (col(&r, "org_id")?, col(&r, "decision_id")?)
    };
    let (status, reason) = match f.verdict.trim() {
        "approve" => ("approved", None),
        "reject" => ("rejected", Some(form::required_text("reason", "不予公开理由", &f.reason, 500)?)),
        _ => return Err(DomainError::invalid("verdict", "请选择「审核结论」").into()),
    };
    let org = load_org(app, org_id).await?;
    let mut w = Write::begin(app, actor, Permission::DecisionManage, &org).await?;
    let current: String = sqlx::query_scalar("SELECT status FROM decision_comment WHERE id = $1").bind(comment_id).fetch_one(w.conn()).await?;
    if current != "pending" {
        return Err(DomainError::conflict("该意见已经审核").into());
    }
    sqlx::query("UPDATE decision_comment SET status = $1, reject_reason = $2, moderated_by = $3, moderated_at = $4 WHERE id = $5")
        .bind(status)
        .bind(&reason)
        .bind(actor.user_id)
        .bind(now_text())
        .bind(comment_id)
        .execute(w.conn())
        .await?;
    w.record(Change::update("decision_comment", comment_id, &json!({"status": "pending"}), &json!({"status": status, "reason": reason})));
    w.commit().await?;
    Ok(decision_id)
}
