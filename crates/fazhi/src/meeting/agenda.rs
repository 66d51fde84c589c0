//! 议题: proposed with materials and prior research/consultation notes, accepted
//! by the convener onto a meeting's agenda (会前协调) and ordered.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use serde::{Deserialize, Serialize};

use super::{ITEM_ENTITY, When, item_org, lock, touch};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org};

/// The fields of a proposed item, from a form, JSON or another module.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ItemForm {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub title: String,
    /// 提出单位 (e.g. 党政办, 农业农村办).
    #[serde(default)]
    pub proposer_unit: String,
    /// 议题说明.
    #[serde(default)]
    pub summary: String,
    /// 前期调研、征求意见、会前协调情况.
    #[serde(default)]
    pub research_notes: String,
    /// A 重大行政决策 this item puts forward.
    #[serde(default)]
    pub decision_id: Option<i64>,
}

/// Proposes an item inside the caller's write (the write's org is the town).
/// The major-decision module calls this to put a decision forward.
pub async fn propose_item_in(w: &mut Write<'_>, f: &ItemForm, at: &When) -> AppResult<i64> {
    let title = form::required_text("title", "议题名称", &f.title, 120)?;
    let unit = form::required_text("proposer_unit", "提出单位", &f.proposer_unit, 60)?;
    let summary = form::required_text("summary", "议题说明", &f.summary, 5000)?;
    let notes = form::optional_text("research_notes", "前期调研和征求意见情况", &f.research_notes, 5000)?;
    let org_id = w.org().id;
    let by = w.actor().user_id;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_item (org_id, title, proposer_id, proposer_unit, summary, research_notes, decision_id, status, created_at, modified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8, $8) RETURNING id",
    )
    .bind(org_id)
    .bind(&title)
    .bind(by)
    .bind(&unit)
    .bind(&summary)
    .bind(&notes)
    .bind(f.decision_id)
    .bind(at.text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(ITEM_ENTITY, id, &serde_json::json!({"title": title, "proposer_unit": unit, "decision_id": f.decision_id})));
    Ok(id)
}

/// Proposes an item: 班子成员 (MeetingAttend) and the office (MeetingManage) may.
pub async fn propose(app: &App, actor: &Actor, f: &ItemForm, at: When) -> AppResult<i64> {
    let org_id = f.org_id.ok_or_else(|| DomainError::invalid("org_id", "请选择「所属镇（街道）」"))?;
    let org = load_org(app, org_id).await.map_err(|_| DomainError::invalid("org_id", "「所属镇（街道）」不存在"))?;
    let perm = if actor.can(Permission::MeetingManage, &org.path) { Permission::MeetingManage } else { Permission::MeetingAttend };
    let mut w = Write::begin(app, actor, perm, &org).await?;
    let id = propose_item_in(&mut w, f, &at).await?;
    w.commit().await?;
    Ok(id)
}

/// Accepts a proposed item onto a meeting's agenda, at the end. An item putting
/// forward a major decision passes the decision's gate first, inside this write.
pub async fn accept(app: &App, actor: &Actor, item_id: i64, meeting_id: i64, at: When) -> AppResult<()> {
    let org = item_org(app, item_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let m = lock(&mut w, meeting_id).await?;
    if m.org_id != org.id {
        return Err(DomainError::invalid("meeting_id", "议题和会议应属于同一单位").into());
    }
    if !m.state.agenda_open() {
        return Err(DomainError::refused("meeting_agenda", format!("会议处于「{}」状态，议程已不能调整", m.state.label())).into());
    }
    let r = sqlx::query("SELECT status, decision_id, title FROM meeting_item WHERE id = $1").bind(item_id).fetch_one(w.conn()).await?;
    let status: String = crate::db::col(&r, "status")?;
    let decision_id: Option<i64> = crate::db::col(&r, "decision_id")?;
    if status != "proposed" {
        return Err(DomainError::refused("meeting_agenda", "该议题已列入议程或已处理，不能重复列入").into());
    }
    if let Some(d) = decision_id {
        // No completed legality review, an "unlawful" opinion or a skipped step refuses it (令713).
        crate::major_decision::gate::check_schedulable(w.conn(), d).await?;
    }
    let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_item WHERE meeting_id = $1").bind(meeting_id).fetch_one(w.conn()).await?;
    sqlx::query("UPDATE meeting_item SET meeting_id = $1, position = $2, status = 'accepted', modified_at = $3 WHERE id = $4")
        .bind(meeting_id)
        .bind(position)
        .bind(at.text())
        .bind(item_id)
        .execute(w.conn())
        .await?;
    touch(&mut w, meeting_id, &at).await?;
    w.record(Change::action("accept", ITEM_ENTITY, item_id, &serde_json::json!({"meeting_id": meeting_id, "position": position, "decision_id": decision_id})));
    w.commit().await?;
    Ok(())
}

/// Returns a proposed item to its proposer (不予上会) with the reason.
pub async fn return_item(app: &App, actor: &Actor, item_id: i64, reason: &str, at: When) -> AppResult<()> {
    let reason = form::required_text("reason", "退回理由", reason, 500)?;
    let org = item_org(app, item_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let n = sqlx::query("UPDATE meeting_item SET status = 'returned', return_reason = $1, modified_at = $2 WHERE id = $3 AND status = 'proposed'")
        .bind(&reason)
        .bind(at.text())
        .bind(item_id)
        .execute(w.conn())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(DomainError::refused("meeting_agenda", "只有待上会的议题可以退回").into());
    }
    w.record(Change::action("return", ITEM_ENTITY, item_id, &serde_json::json!({"reason": reason})));
    w.commit().await?;
    Ok(())
}

/// Re-orders a meeting's agenda: `order` lists every accepted item id once.
pub async fn reorder(app: &App, actor: &Actor, meeting_id: i64, order: &[i64], at: When) -> AppResult<()> {
    let org = super::meeting_org(app, meeting_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let m = lock(&mut w, meeting_id).await?;
    if !m.state.agenda_open() {
        return Err(DomainError::refused("meeting_agenda", format!("会议处于「{}」状态，议程已不能调整", m.state.label())).into());
    }
    let mut current: Vec<i64> = sqlx::query_scalar("SELECT id FROM meeting_item WHERE meeting_id = $1 AND status = 'accepted'").bind(meeting_id).fetch_all(w.conn()).await?;
    let mut wanted = order.to_vec();
    current.sort_unstable();
    wanted.sort_unstable();
    if current != wanted {
        return Err(DomainError::invalid("order", "议程顺序应包含本次会议的全部议题，且每项只出现一次").into());
    }
    for (i, id) in order.iter().enumerate() {
        sqlx::query("UPDATE meeting_item SET position = $1, modified_at = $2 WHERE id = $3").bind(i as i64 + 1).bind(at.text()).bind(id).execute(w.conn()).await?;
    }
    touch(&mut w, meeting_id, &at).await?;
    w.record(Change::action("reorder", super::ENTITY, meeting_id, &serde_json::json!({"order": order})));
    w.commit().await?;
    Ok(())
}

/// Attaches an uploaded attachment to an item as material (before the sitting
/// ends). `public` marks it for publication with the approved meeting (OParl File).
pub async fn add_material(app: &App, actor: &Actor, item_id: i64, attachment_id: i64, public: bool, at: When) -> AppResult<()> {
    let org = item_org(app, item_id).await?;
    let perm = if actor.can(Permission::MeetingManage, &org.path) { Permission::MeetingManage } else { Permission::MeetingAttend };
    let mut w = Write::begin(app, actor, perm, &org).await?;
    let r = sqlx::query("SELECT i.status, i.meeting_id, i.proposer_id, m.status AS mstatus FROM meeting_item i LEFT JOIN meeting m ON m.id = i.meeting_id WHERE i.id = $1")
        .bind(item_id)
        .fetch_one(w.conn())
        .await?;
    let mstatus: Option<String> = crate::db::col(&r, "mstatus")?;
    let proposer: i64 = crate::db::col(&r, "proposer_id")?;
    if perm == Permission::MeetingAttend && proposer != actor.user_id {
        return Err(DomainError::forbidden("只有议题提出人或党政办可以添加材料").into());
    }
    if matches!(mstatus.as_deref(), Some("ended" | "approved")) {
        return Err(DomainError::refused("meeting_state", "会议已结束，议题材料不能再增加").into());
    }
    let owner: Option<(i64, String, Option<String>)> = sqlx::query("SELECT org_id, COALESCE(entity, '') AS entity, entity_id FROM attachment WHERE id = $1")
        .bind(attachment_id)
        .fetch_optional(w.conn())
        .await?
        .map(|r| Ok::<_, sqlx::Error>((crate::db::col(&r, "org_id")?, crate::db::col(&r, "entity")?, crate::db::col(&r, "entity_id")?)))
        .transpose()?;
    match owner {
        Some((o, e, eid)) if o == org.id && e == ITEM_ENTITY && eid.as_deref() == Some(&item_id.to_string()) => {}
        _ => return Err(DomainError::invalid("attachment_id", "请上传本议题的材料").into()),
    }
    sqlx::query("INSERT INTO meeting_item_file (item_id, attachment_id, is_public, created_at) VALUES ($1, $2, $3, $4)")
        .bind(item_id)
        .bind(attachment_id)
        .bind(public)
        .bind(at.text())
        .execute(w.conn())
        .await?;
    sqlx::query("UPDATE meeting_item SET modified_at = $1 WHERE id = $2").bind(at.text()).bind(item_id).execute(w.conn()).await?;
    if let Some(mid) = crate::db::col::<Option<i64>>(&r, "meeting_id")? {
        touch(&mut w, mid, &at).await?;
    }
    w.record(Change::action("material", ITEM_ENTITY, item_id, &serde_json::json!({"attachment_id": attachment_id, "public": public})));
    w.commit().await?;
    Ok(())
}
