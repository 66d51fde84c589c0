//! At the sitting: discussion notes per member per item, 逐项表决 (quorum,
//! 末位表态) and the item's decision (contrary to the majority only with a reason).
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::meeting::{Ballot, Choice, MeetingState, MemberRole, Outcome, Tally, check_decision, check_principal_last, check_vote_allowed, majority};
use sqlx::AnyConnection;

use super::types::get_type;
use super::{ITEM_ENTITY, When, item_org, lock, touch};
use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, Change, Write};

/// The voting members of a meeting (应到) and the ballots of those present, for one item.
pub async fn ballots(conn: &mut AnyConnection, meeting_id: i64, item_id: i64) -> AppResult<(u32, Vec<Ballot>)> {
    let rows = sqlx::query(
        "SELECT a.user_id, u.display_name, a.role, a.presence, v.choice FROM meeting_attendance a JOIN app_user u ON u.id = a.user_id
         LEFT JOIN meeting_vote v ON v.item_id = $2 AND v.user_id = a.user_id AND v.superseded_by IS NULL
         WHERE a.meeting_id = $1 AND a.role <> 'attendee' ORDER BY a.position, a.id",
    )
    .bind(meeting_id)
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?;
    let members = rows.len() as u32;
    let mut out = Vec::new();
    for r in &rows {
        let presence: Option<String> = col(r, "presence")?;
        if presence.as_deref() != Some("present") {
            continue;
        }
        let role: String = col(r, "role")?;
        let choice: Option<String> = col(r, "choice")?;
        out.push(Ballot { user_id: col(r, "user_id")?, name: col(r, "display_name")?, principal: role == "principal", choice: choice.map(|c| Choice::parse(&c)).transpose()? });
    }
    Ok((members, out))
}

struct ItemCtx {
    meeting_id: i64,
    status: String,
}

async fn item_ctx(w: &mut Write<'_>, item_id: i64) -> AppResult<ItemCtx> {
    let r = sqlx::query("SELECT meeting_id, status FROM meeting_item WHERE id = $1").bind(item_id).fetch_one(w.conn()).await?;
    let meeting_id: Option<i64> = col(&r, "meeting_id")?;
    Ok(ItemCtx { meeting_id: meeting_id.ok_or_else(|| DomainError::refused("meeting_agenda", "该议题尚未列入会议议程"))?, status: col(&r, "status")? })
}

fn in_session(state: MeetingState) -> AppResult<()> {
    match state {
        MeetingState::InSession => Ok(()),
        MeetingState::Approved => Err(DomainError::refused("meeting_approved", "会议纪要已审定，表决和决定不可修改；如有错误请办理更正").into()),
        s => Err(DomainError::refused("meeting_state", format!("会议处于「{}」状态，只有召开中的会议可以讨论和表决", s.label())).into()),
    }
}

/// A member's discussion note (发言要点) on an item: written by the member, or by
/// the office for them. Internal: never published.
pub async fn add_note(app: &App, actor: &Actor, item_id: i64, user_id: i64, body: &str, at: When) -> AppResult<i64> {
    let body = form::required_text("body", "发言要点", body, 5000)?;
    let org = item_org(app, item_id).await?;
    let perm = if actor.can(Permission::MeetingManage, &org.path) { Permission::MeetingManage } else { Permission::MeetingAttend };
    if perm == Permission::MeetingAttend && user_id != actor.user_id {
        return Err(DomainError::forbidden("只能记录本人的发言要点").into());
    }
    let mut w = Write::begin(app, actor, perm, &org).await?;
    let ctx = item_ctx(&mut w, item_id).await?;
    let m = lock(&mut w, ctx.meeting_id).await?;
    in_session(m.state)?;
    let presence: Option<Option<String>> = sqlx::query_scalar("SELECT presence FROM meeting_attendance WHERE meeting_id = $1 AND user_id = $2").bind(m.id).bind(user_id).fetch_optional(w.conn()).await?;
    if presence.flatten().as_deref() != Some("present") {
        return Err(DomainError::invalid("user_id", "只能记录出席人员的发言").into());
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO meeting_note (item_id, user_id, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(item_id)
        .bind(user_id)
        .bind(&body)
        .bind(actor.user_id)
        .bind(at.text())
        .fetch_one(w.conn())
        .await?;
    touch(&mut w, m.id, &at).await?;
    w.record(Change::create("meeting_note", id, &serde_json::json!({"item_id": item_id, "user_id": user_id, "chars": body.chars().count()})));
    w.commit().await?;
    Ok(id)
}

/// The actor's own vote on an item (逐项表决). Refused below quorum, for anyone
/// not a present voting member, twice, and for the principal leader while any
/// other present member has not voted (末位表态).
pub async fn cast_vote(app: &App, actor: &Actor, item_id: i64, choice: &str, opinion: &str, at: When) -> AppResult<i64> {
    let choice = Choice::parse(choice)?;
    let opinion = form::optional_text("opinion", "表决说明", opinion, 1000)?;
    let org = item_org(app, item_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingAttend, &org).await?;
    let ctx = item_ctx(&mut w, item_id).await?;
    let m = lock(&mut w, ctx.meeting_id).await?;
    in_session(m.state)?;
    if ctx.status != "accepted" {
        return Err(DomainError::refused("meeting_vote", "该议题已作出决定，表决已结束").into());
    }
    let (members, ballots) = ballots(w.conn(), m.id, item_id).await?;
    let t = get_type(app, m.type_id).await?;
    check_vote_allowed(&Tally::of(members, &ballots), &t.quorum)?;
    if ballots.iter().any(|b| b.user_id == actor.user_id && b.choice.is_some()) {
        return Err(DomainError::conflict("您已对该议题表决，表决意见不能更改").into());
    }
    check_principal_last(&ballots, actor.user_id)?;
    let id: i64 = sqlx::query_scalar("INSERT INTO meeting_vote (meeting_id, item_id, user_id, choice, opinion, cast_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(m.id)
        .bind(item_id)
        .bind(actor.user_id)
        .bind(choice.code())
        .bind(&opinion)
        .bind(at.text())
        .fetch_one(w.conn())
        .await?;
    touch(&mut w, m.id, &at).await?;
    w.record(Change::create("meeting_vote", id, &serde_json::json!({"item_id": item_id, "user_id": actor.user_id, "choice": choice.code(), "opinion": opinion})));
    w.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct DecisionForm {
    /// adopt | reject | defer
    #[serde(default)]
    pub outcome: String,
    /// 决定事项 (what was decided, who implements it).
    #[serde(default)]
    pub text: String,
    /// Required when the decision is contrary to the majority (令713 art.30).
    #[serde(default)]
    pub contrary_reason: String,
}

pub(crate) struct CheckedDecision {
    pub outcome: Outcome,
    pub text: String,
    pub reason: Option<String>,
}

pub(crate) fn check_form(f: &DecisionForm) -> Result<CheckedDecision, DomainError> {
    let outcome = Outcome::parse(&f.outcome)?;
    let text = form::required_text("text", "决定事项", &f.text, 5000)?;
    let reason = form::optional_text("contrary_reason", "不采纳多数意见的理由", &f.contrary_reason, 2000)?;
    Ok(CheckedDecision { outcome, text, reason })
}

pub(crate) async fn insert_decision(w: &mut Write<'_>, meeting_id: i64, item_id: i64, t: &Tally, d: &CheckedDecision, contrary: bool, correction: Option<i64>, at: &When) -> AppResult<i64> {
    let by = w.actor().user_id;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_decision (meeting_id, item_id, outcome, text, majority, contrary, contrary_reason, members, present, agree, disagree, abstain, decided_by, decided_at, correction_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(meeting_id)
    .bind(item_id)
    .bind(d.outcome.code())
    .bind(&d.text)
    .bind(majority(t).code())
    .bind(contrary)
    .bind(if contrary { d.reason.clone() } else { None })
    .bind(i64::from(t.members))
    .bind(i64::from(t.present))
    .bind(i64::from(t.agree))
    .bind(i64::from(t.disagree))
    .bind(i64::from(t.abstain))
    .bind(by)
    .bind(at.text())
    .bind(correction)
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(
        "meeting_decision",
        id,
        &serde_json::json!({"item_id": item_id, "outcome": d.outcome.code(), "majority": majority(t).code(), "contrary": contrary, "contrary_reason": d.reason, "tally": t, "correction_id": correction}),
    ));
    Ok(id)
}

/// Records the decision on an item after every present member voted.
pub async fn decide(app: &App, actor: &Actor, item_id: i64, f: &DecisionForm, at: When) -> AppResult<i64> {
    let d = check_form(f)?;
    let org = item_org(app, item_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let ctx = item_ctx(&mut w, item_id).await?;
    let m = lock(&mut w, ctx.meeting_id).await?;
    in_session(m.state)?;
    if ctx.status != "accepted" {
        return Err(DomainError::refused("meeting_decision", "该议题已作出决定").into());
    }
    let (members, ballots) = ballots(w.conn(), m.id, item_id).await?;
    let t = Tally::of(members, &ballots);
    let quorum = get_type(app, m.type_id).await?.quorum;
    check_vote_allowed(&t, &quorum)?;
    let contrary = check_decision(&t, d.outcome, d.reason.as_deref())?;
    let id = insert_decision(&mut w, m.id, item_id, &t, &d, contrary, None, &at).await?;
    sqlx::query("UPDATE meeting_item SET status = 'decided', modified_at = $1 WHERE id = $2").bind(at.text()).bind(item_id).execute(w.conn()).await?;
    touch(&mut w, m.id, &at).await?;
    w.record(Change::action("decide", ITEM_ENTITY, item_id, &serde_json::json!({"decision_id": id})));
    w.commit().await?;
    Ok(id)
}

/// Whether a role votes (for views).
pub fn votes(role: &str) -> bool {
    MemberRole::parse(role).map(|r| r.votes()).unwrap_or(false)
}
