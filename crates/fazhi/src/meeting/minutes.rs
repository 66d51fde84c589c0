//! 纪要: generated as a DOCX (GB/T 9704 layout, `platform::docx`) from the record —
//! attendance, each item's discussion, named votes, the decision and any dissent —
//! then approved (MeetingApprove). The approved DOCX is stored as an attachment
//! (SM3 content-addressed) and never replaced; after approval the record changes
//! only by a correction (更正), which keeps the original row, marks it superseded,
//! and issues a new minutes version that lists the correction.
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::meeting::{Choice, MeetingState, MemberRole, Presence, Step, Tally, check_decision};

use super::read::{MeetingView, load, view};
use super::voting::{DecisionForm, check_form, insert_decision};
use super::{ENTITY, When, lock, local_label, meeting_org};
use crate::db::col;
use crate::error::AppResult;
use crate::kernel::{App, Change, Write};
use crate::platform::attachments;
use crate::platform::docx::{Block, Doc};

fn cn_num(n: usize) -> String {
    const D: [&str; 11] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match n {
        0..=10 => D[n].to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], if n % 10 == 0 { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

fn date_cn(d: &str) -> String {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(|d| d.format("%Y年%-m月%-d日").to_string()).unwrap_or_else(|_| d.to_string())
}

/// The minutes document of a meeting, from its record.
pub fn build(v: &MeetingView) -> Doc {
    let mut doc = Doc::new();
    doc.push(Block::Title(format!("{}{}纪要", v.org_name, v.meeting_type.name)));
    doc.push(Block::Subtitle(format!("（{}）", date_cn(&v.meeting_date))));
    let chair = v.principal().map(|p| p.name.clone()).unwrap_or_default();
    doc.push(Block::Para(format!(
        "{} {}，{}在{}主持召开{}，研究讨论了{}项议题。现将会议议定事项纪要如下：",
        date_cn(&v.meeting_date),
        v.start_time,
        chair,
        if v.location.is_empty() { "镇政府会议室" } else { &v.location },
        v.meeting_type.name,
        v.items.len()
    )));
    doc.push(Block::Heading1("一、会议基本情况".into()));
    let names = |f: &dyn Fn(&&super::read::AttendanceRow) -> bool| v.attendance.iter().filter(f).map(|a| if a.title.is_empty() { a.name.clone() } else { format!("{}（{}）", a.name, a.title) }).collect::<Vec<_>>().join("、");
    doc.push(Block::Para(format!("出席：{}。", names(&|a| a.role.votes() && a.presence == Some(Presence::Present)))));
    let away: Vec<String> = v
        .attendance
        .iter()
        .filter(|a| a.role.votes() && matches!(a.presence, Some(Presence::Absent | Presence::Leave)))
        .map(|a| format!("{}（{}：{}）", a.name, a.presence_label(), a.reason.as_deref().unwrap_or("")))
        .collect();
    doc.push(Block::Para(format!("缺席、请假：{}。", if away.is_empty() { "无".to_string() } else { away.join("、") })));
    let attendees = names(&|a| a.role == MemberRole::Attendee && a.presence == Some(Presence::Present));
    if !attendees.is_empty() {
        doc.push(Block::Para(format!("列席：{attendees}（列席人员不参加表决）。")));
    }
    doc.push(Block::Para(format!(
        "应到会表决成员 {} 人，实到 {} 人，{}（{}，至少 {} 人）。",
        v.members,
        v.present,
        if v.quorum_met { "符合到会人数要求" } else { "未达到到会人数要求" },
        v.meeting_type.quorum_label(),
        v.quorum_required
    )));
    match (&v.notice_sent_at, v.notice_on_time) {
        (Some(at), Some(true)) => doc.push(Block::Para(format!("会议通知于{}发出，符合提前{}天通知的要求。", local_label(at), v.meeting_type.notice_days))),
        (Some(at), _) => doc.push(Block::Para(format!("会议通知于{}发出，未按提前{}天的要求通知，原因：{}。", local_label(at), v.meeting_type.notice_days, v.notice_late_reason.as_deref().unwrap_or("")))),
        _ => doc.push(Block::Para("会议通知：未发出。".into())),
    };
    doc.push(Block::Heading1("二、议定事项".into()));
    for (i, it) in v.items.iter().enumerate() {
        doc.push(Block::Heading2(format!("（{}）{}", cn_num(i + 1), it.title)));
        doc.push(Block::Para(format!("提出单位：{}；汇报人：{}。{}", it.proposer_unit, it.proposer_name, it.summary)));
        if let Some(n) = &it.research_notes {
            doc.push(Block::Para(format!("前期调研和征求意见情况：{n}")));
        }
        if !it.files.is_empty() {
            doc.push(Block::Para(format!("会议材料：{}。", it.files.iter().map(|f| f.file_name.as_str()).collect::<Vec<_>>().join("；"))));
        }
        if !it.notes.is_empty() {
            doc.push(Block::Para("讨论发言要点：".into()));
            for n in &it.notes {
                doc.push(Block::Para(format!("{}：{}", n.name, n.body)));
            }
        }
        let rows: Vec<Vec<String>> = it
            .current_votes()
            .map(|vt| {
                let principal = v.attendee(vt.user_id).is_some_and(|a| a.role == MemberRole::Principal);
                vec![
                    if principal { format!("{}（主持人，末位表态）", vt.name) } else { vt.name.clone() },
                    vt.choice.label().to_string(),
                    vt.opinion.clone().unwrap_or_default(),
                    if vt.correction_id.is_some() { "已更正".into() } else { String::new() },
                ]
            })
            .collect();
        if !rows.is_empty() {
            doc.push(Block::Table { header: vec!["表决成员".into(), "表决意见".into(), "说明".into(), "备注".into()], rows });
        }
        doc.push(Block::Para(format!("表决结果：{}。多数意见：{}。", it.tally.label(), it.majority_label())));
        match &it.decision {
            Some(d) => {
                doc.push(Block::Para(format!("会议决定：{}。{}", d.outcome.label(), d.text)));
                if d.contrary {
                    doc.push(Block::Para(format!("主持人作出的决定与多数意见不一致，在会上说明的理由：{}", d.contrary_reason.as_deref().unwrap_or(""))));
                }
            }
            None => {
                doc.push(Block::Para("会议决定：未作出决定。".into()));
            }
        }
        let dissent = it.dissent();
        if !dissent.is_empty() {
            let d: Vec<String> = dissent.iter().map(|vt| format!("{}（{}{}）", vt.name, vt.choice.label(), vt.opinion.as_deref().map(|o| format!("：{o}")).unwrap_or_default())).collect();
            doc.push(Block::Para(format!("不同意见（如实记录，予以保留）：{}。", d.join("；"))));
        }
    }
    if !v.corrections.is_empty() {
        doc.push(Block::Heading1("三、更正记录".into()));
        for c in &v.corrections {
            doc.push(Block::Para(format!(
                "{}，{}对{}（编号 {}）作出更正。更正理由：{}。原记录：{}；更正后：{}。",
                local_label(&c.created_at),
                c.created_by_name,
                if c.kind == "vote" { "表决意见" } else { "会议决定" },
                c.target_id,
                c.reason,
                c.before_json,
                c.after_json
            )));
        }
    }
    doc.push(Block::Right(format!("{}党政办公室", v.org_name)));
    doc.push(Block::Right(date_cn(&v.meeting_date)));
    doc
}

/// The minutes DOCX as it would be generated from the record now (draft before approval).
pub async fn draft_docx(app: &App, actor: &Actor, id: i64) -> AppResult<(Vec<u8>, String)> {
    let v = view(app, actor, id).await?;
    Ok((build(&v).to_bytes()?, format!("{}纪要.docx", v.title)))
}

/// Stores the minutes of the record as it stands and returns (attachment id, sm3).
async fn store(app: &App, actor: &Actor, id: i64) -> AppResult<(i64, String)> {
    let v = load(app, id).await?;
    let bytes = build(&v).to_bytes()?;
    let name = format!("{}纪要.docx", v.title);
    let s = attachments::upload_bytes(app, actor, attachments::NewAttachment { org_id: v.org_id, entity: ENTITY, entity_id: &id.to_string(), file_name: &name }, &bytes).await?;
    Ok((s.id, s.sm3))
}

/// Approves the minutes of an ended meeting: the DOCX is generated from the record,
/// stored, and the meeting becomes 纪要已审定 (votes, decisions, minutes immutable).
pub async fn approve(app: &App, actor: &Actor, id: i64, at: When) -> AppResult<i64> {
    let org = meeting_org(app, id).await?;
    actor.require(Permission::MeetingApprove, &org.path)?;
    {
        let v = load(app, id).await?;
        v.state.next(Step::ApproveMinutes)?;
    }
    // Nothing can change an ended meeting but this approval, so the stored DOCX is the record.
    let (attachment_id, sm3) = store(app, actor, id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingApprove, &org).await?;
    let m = lock(&mut w, id).await?;
    let next = m.state.next(Step::ApproveMinutes)?;
    sqlx::query("INSERT INTO meeting_minutes (meeting_id, version, attachment_id, sm3, approved_at, approved_by) VALUES ($1, 1, $2, $3, $4, $5)")
        .bind(id)
        .bind(attachment_id)
        .bind(&sm3)
        .bind(at.text())
        .bind(actor.user_id)
        .execute(w.conn())
        .await?;
    sqlx::query("UPDATE meeting SET status = $1, approved_at = $2, approved_by = $3, modified_at = $2 WHERE id = $4").bind(next.code()).bind(at.text()).bind(actor.user_id).bind(id).execute(w.conn()).await?;
    w.record(Change::action("approve_minutes", ENTITY, id, &serde_json::json!({"version": 1, "attachment_id": attachment_id, "sm3": sm3})));
    w.commit().await?;
    Ok(1)
}

async fn begin_correction<'a>(app: &'a App, actor: &'a Actor, meeting_id: i64, reason: &str) -> AppResult<(Write<'a>, String)> {
    let reason = form::required_text("reason", "更正理由", reason, 1000)?;
    let org = meeting_org(app, meeting_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingApprove, &org).await?;
    let m = lock(&mut w, meeting_id).await?;
    if m.state != MeetingState::Approved {
        return Err(DomainError::refused("meeting_correction", "纪要审定前的错误请直接在会议记录中处理；更正只适用于已审定的纪要").into());
    }
    Ok((w, reason))
}

async fn insert_correction(w: &mut Write<'_>, meeting_id: i64, kind: &str, target: i64, reason: &str, before: &serde_json::Value, after: &serde_json::Value, at: &When) -> AppResult<i64> {
    let by = w.actor().user_id;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_correction (meeting_id, kind, target_id, reason, before_json, after_json, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(meeting_id)
    .bind(kind)
    .bind(target)
    .bind(reason)
    .bind(before.to_string())
    .bind(after.to_string())
    .bind(by)
    .bind(at.text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create("meeting_correction", id, &serde_json::json!({"meeting_id": meeting_id, "kind": kind, "target_id": target, "reason": reason, "before": before, "after": after})));
    Ok(id)
}

/// Corrects a recorded vote of an approved meeting (e.g. a member's position was
/// entered wrongly): the original stays, superseded by the corrected row.
pub async fn correct_vote(app: &App, actor: &Actor, vote_id: i64, choice: &str, opinion: &str, reason: &str, at: When) -> AppResult<i64> {
    let choice = Choice::parse(choice)?;
    let opinion = form::optional_text("opinion", "表决说明", opinion, 1000)?;
    let r = sqlx::query("SELECT meeting_id, item_id, user_id, choice, opinion, superseded_by FROM meeting_vote WHERE id = $1")
        .bind(vote_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("表决记录"))?;
    let meeting_id: i64 = col(&r, "meeting_id")?;
    let (mut w, reason) = begin_correction(app, actor, meeting_id, reason).await?;
    let cur = sqlx::query("SELECT item_id, user_id, choice, opinion, superseded_by FROM meeting_vote WHERE id = $1").bind(vote_id).fetch_one(w.conn()).await?;
    if col::<Option<i64>>(&cur, "superseded_by")?.is_some() {
        return Err(DomainError::conflict("该表决记录已被更正，请更正最新的记录").into());
    }
    let item_id: i64 = col(&cur, "item_id")?;
    let user_id: i64 = col(&cur, "user_id")?;
    let before = serde_json::json!({"choice": col::<String>(&cur, "choice")?, "opinion": col::<Option<String>>(&cur, "opinion")?});
    let after = serde_json::json!({"choice": choice.code(), "opinion": opinion});
    let cid = insert_correction(&mut w, meeting_id, "vote", vote_id, &reason, &before, &after, &at).await?;
    // The old row leaves the "current" unique index first, then the new one enters it.
    sqlx::query("UPDATE meeting_vote SET superseded_by = -1 WHERE id = $1").bind(vote_id).execute(w.conn()).await?;
    let new_id: i64 = sqlx::query_scalar("INSERT INTO meeting_vote (meeting_id, item_id, user_id, choice, opinion, cast_at, correction_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(meeting_id)
        .bind(item_id)
        .bind(user_id)
        .bind(choice.code())
        .bind(&opinion)
        .bind(at.text())
        .bind(cid)
        .fetch_one(w.conn())
        .await?;
    sqlx::query("UPDATE meeting_vote SET superseded_by = $1 WHERE id = $2").bind(new_id).bind(vote_id).execute(w.conn()).await?;
    sqlx::query("UPDATE meeting SET modified_at = $1 WHERE id = $2").bind(at.text()).bind(meeting_id).execute(w.conn()).await?;
    sqlx::query("UPDATE meeting_item SET modified_at = $1 WHERE id = $2").bind(at.text()).bind(item_id).execute(w.conn()).await?;
    w.record(Change::update("meeting_vote", vote_id, &before, &serde_json::json!({"superseded_by": new_id, "correction_id": cid})));
    w.commit().await?;
    reissue(app, actor, meeting_id, cid, at).await?;
    Ok(cid)
}

/// Corrects an item's decision of an approved meeting; the original is kept.
pub async fn correct_decision(app: &App, actor: &Actor, item_id: i64, f: &DecisionForm, reason: &str, at: When) -> AppResult<i64> {
    let d = check_form(f)?;
    let meeting_id: i64 = sqlx::query_scalar("SELECT meeting_id FROM meeting_decision WHERE item_id = $1 AND superseded_by IS NULL")
        .bind(item_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("会议决定"))?;
    let (mut w, reason) = begin_correction(app, actor, meeting_id, reason).await?;
    let cur = sqlx::query("SELECT id, outcome, text, contrary_reason, members, present, agree, disagree, abstain FROM meeting_decision WHERE item_id = $1 AND superseded_by IS NULL")
        .bind(item_id)
        .fetch_one(w.conn())
        .await?;
    let old_id: i64 = col(&cur, "id")?;
    let n = |c: &str| -> AppResult<u32> { Ok(col::<i64>(&cur, c)? as u32) };
    let t = Tally { members: n("members")?, present: n("present")?, agree: n("agree")?, disagree: n("disagree")?, abstain: n("abstain")? };
    let contrary = check_decision(&t, d.outcome, d.reason.as_deref())?;
    let before = serde_json::json!({"outcome": col::<String>(&cur, "outcome")?, "text": col::<String>(&cur, "text")?, "contrary_reason": col::<Option<String>>(&cur, "contrary_reason")?});
    let after = serde_json::json!({"outcome": d.outcome.code(), "text": d.text, "contrary_reason": d.reason});
    let cid = insert_correction(&mut w, meeting_id, "decision", old_id, &reason, &before, &after, &at).await?;
    sqlx::query("UPDATE meeting_decision SET superseded_by = -1 WHERE id = $1").bind(old_id).execute(w.conn()).await?;
    let new_id = insert_decision(&mut w, meeting_id, item_id, &t, &d, contrary, Some(cid), &at).await?;
    sqlx::query("UPDATE meeting_decision SET superseded_by = $1 WHERE id = $2").bind(new_id).bind(old_id).execute(w.conn()).await?;
    sqlx::query("UPDATE meeting SET modified_at = $1 WHERE id = $2").bind(at.text()).bind(meeting_id).execute(w.conn()).await?;
    sqlx::query("UPDATE meeting_item SET modified_at = $1 WHERE id = $2").bind(at.text()).bind(item_id).execute(w.conn()).await?;
    w.record(Change::update("meeting_decision", old_id, &before, &serde_json::json!({"superseded_by": new_id, "correction_id": cid})));
    w.commit().await?;
    reissue(app, actor, meeting_id, cid, at).await?;
    Ok(cid)
}

/// Issues the next minutes version after a correction (the earlier versions stay).
async fn reissue(app: &App, actor: &Actor, meeting_id: i64, correction_id: i64, at: When) -> AppResult<i64> {
    let (attachment_id, sm3) = store(app, actor, meeting_id).await?;
    let org = meeting_org(app, meeting_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingApprove, &org).await?;
    lock(&mut w, meeting_id).await?;
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM meeting_minutes WHERE meeting_id = $1").bind(meeting_id).fetch_one(w.conn()).await?;
    sqlx::query("INSERT INTO meeting_minutes (meeting_id, version, attachment_id, sm3, approved_at, approved_by, correction_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(meeting_id)
        .bind(version)
        .bind(attachment_id)
        .bind(&sm3)
        .bind(at.text())
        .bind(actor.user_id)
        .bind(correction_id)
        .execute(w.conn())
        .await?;
    w.record(Change::action("reissue_minutes", ENTITY, meeting_id, &serde_json::json!({"version": version, "attachment_id": attachment_id, "sm3": sm3, "correction_id": correction_id})));
    w.commit().await?;
    Ok(version)
}
