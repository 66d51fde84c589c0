//! A meeting's sitting: creation, notice (提前通知, to-do items for members),
//! start, attendance (出席 / 缺席 / 请假 with reason), end.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::meeting::{MeetingState, NoticeCheck, Presence, Step, check_notice};

use super::types::{TypeRow, get_type, members};
use super::{ENTITY, MODULE, When, lock, meeting_org, touch};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org};
use crate::platform::todo;

const TODO_NOTICE: &str = "meeting_notice";

fn title_for(t: &TypeRow, d: NaiveDate) -> String {
    format!("{}（{}）", t.name, d.format("%Y年%-m月%-d日"))
}

pub(crate) async fn insert_meeting(w: &mut Write<'_>, t: &TypeRow, d: NaiveDate, start_time: &str, title: Option<&str>, at: &When) -> AppResult<i64> {
    let title = title.map(str::to_string).unwrap_or_else(|| title_for(t, d));
    let by = w.actor().user_id;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting (org_id, type_id, title, meeting_date, start_time, location, status, created_by, created_at, modified_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'preparing', $7, $8, $8) RETURNING id",
    )
    .bind(t.org_id)
    .bind(t.id)
    .bind(&title)
    .bind(d.to_string())
    .bind(start_time)
    .bind(&t.location)
    .bind(by)
    .bind(at.text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(ENTITY, id, &serde_json::json!({"type_id": t.id, "title": title, "meeting_date": d, "start_time": start_time, "location": t.location})));
    Ok(id)
}

/// Creates one meeting of a type (an extra sitting, or a type without a schedule).
pub async fn create_meeting(app: &App, actor: &Actor, type_id: i64, date: &str, start_time: &str, title: &str, at: When) -> AppResult<i64> {
    let t = get_type(app, type_id).await?;
    let d = form::date("meeting_date", "会议日期", date)?;
    let time = if start_time.trim().is_empty() { t.start_time.clone() } else { start_time.trim().to_string() };
    if chrono::NaiveTime::parse_from_str(&time, "%H:%M").is_err() {
        return Err(DomainError::invalid("start_time", "「开始时间」格式应为 08:30").into());
    }
    let title = form::optional_text("title", "会议名称", title, 100)?;
    let org = load_org(app, t.org_id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let id = insert_meeting(&mut w, &t, d, &time, title.as_deref(), &at).await?;
    w.commit().await?;
    Ok(id)
}

/// Sends the notice: checks the lead time (a late notice needs its reason), takes
/// the attendance list from the type's members and opens a to-do for each.
pub async fn send_notice(app: &App, actor: &Actor, id: i64, late_reason: &str, at: When) -> AppResult<NoticeCheck> {
    let org = meeting_org(app, id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let m = lock(&mut w, id).await?;
    let next = m.state.next(Step::SendNotice)?;
    let t = get_type(app, m.type_id).await?;
    let items: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_item WHERE meeting_id = $1 AND status = 'accepted'").bind(id).fetch_one(w.conn()).await?;
    if items == 0 {
        return Err(DomainError::refused("meeting_agenda", "会议议程中还没有议题，请先将议题列入议程再发送通知").into());
    }
    let check = check_notice(at.today(), super::date(&m.meeting_date), t.notice_days as u32, Some(late_reason))?;
    let ms = members(app, m.type_id).await?;
    if !ms.iter().any(|x| x.role == fazhi_core::meeting::MemberRole::Principal) {
        return Err(DomainError::refused("meeting_members", "该会议类型尚未指定主持人（主要负责人），请先维护会议成员").into());
    }
    let url = format!("/console/meetings/{id}");
    let todo_title = format!("会议通知：{}，{} {}，{}", m.title, m.meeting_date, m.start_time, if m.location.is_empty() { "地点另行通知" } else { &m.location });
    let detail = format!("请按时参会并提前阅读议题材料（共 {items} 项）；不能参会的请向党政办请假并说明原因。");
    for x in &ms {
        sqlx::query("INSERT INTO meeting_attendance (meeting_id, user_id, role, title, position) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(x.user_id)
            .bind(x.role.code())
            .bind(&x.title)
            .bind(x.position)
            .execute(w.conn())
            .await?;
        todo::open_in(
            &mut w,
            m.org_id,
            todo::TodoSpec {
                module: MODULE,
                kind: TODO_NOTICE,
                title: &todo_title,
                detail: Some(&detail),
                url: Some(&url),
                entity: Some((ENTITY, &id.to_string())),
                assignee_id: Some(x.user_id),
                clock_id: None,
                due_date: Some(super::date(&m.meeting_date)),
            },
        )
        .await?;
    }
    let (on_time, reason) = match &check {
        NoticeCheck::OnTime => (true, None),
        NoticeCheck::Late { reason, .. } => (false, Some(reason.clone())),
    };
    sqlx::query("UPDATE meeting SET status = $1, notice_sent_at = $2, notice_on_time = $3, notice_late_reason = $4, modified_at = $2 WHERE id = $5")
        .bind(next.code())
        .bind(at.text())
        .bind(on_time)
        .bind(&reason)
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::action("notice", ENTITY, id, &serde_json::json!({"on_time": on_time, "late_reason": reason, "members": ms.len(), "items": items})));
    w.commit().await?;
    Ok(check)
}

/// Opens the sitting: refused before the notice went out.
pub async fn start(app: &App, actor: &Actor, id: i64, at: When) -> AppResult<()> {
    let org = meeting_org(app, id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let m = lock(&mut w, id).await?;
    let next = m.state.next(Step::Start)?;
    sqlx::query("UPDATE meeting SET status = $1, started_at = $2, modified_at = $2 WHERE id = $3").bind(next.code()).bind(at.text()).bind(id).execute(w.conn()).await?;
    todo::close_in(&mut w, ENTITY, &id.to_string(), TODO_NOTICE).await?;
    w.record(Change::action("start", ENTITY, id, &serde_json::json!({"at": at.text()})));
    w.commit().await?;
    Ok(())
}

/// One entry of an attendance record: user, presence code, reason.
pub struct Entry<'a> {
    pub user_id: i64,
    pub presence: &'a str,
    pub reason: &'a str,
}

/// Records one member's attendance (before or during the sitting).
pub async fn record_attendance(app: &App, actor: &Actor, id: i64, user_id: i64, presence: &str, reason: &str, at: When) -> AppResult<()> {
    record_attendance_many(app, actor, id, &[Entry { user_id, presence, reason }], at).await
}

/// Records several members' attendance in one write (the roll call at the start).
pub async fn record_attendance_many(app: &App, actor: &Actor, id: i64, entries: &[Entry<'_>], at: When) -> AppResult<()> {
    let mut checked = Vec::new();
    for e in entries {
        let presence = Presence::parse(e.presence)?;
        let reason = form::optional_text("reason", "原因", e.reason, 200)?;
        if presence.needs_reason() && reason.is_none() {
            return Err(DomainError::invalid("reason", format!("{}须注明原因", presence.label())).into());
        }
        checked.push((e.user_id, presence, reason));
    }
    let org = meeting_org(app, id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let m = lock(&mut w, id).await?;
    if !matches!(m.state, MeetingState::Notified | MeetingState::InSession) {
        return Err(DomainError::refused("meeting_state", format!("会议处于「{}」状态，不能登记出席情况", m.state.label())).into());
    }
    for (user_id, presence, reason) in checked {
        if presence != Presence::Present {
            let voted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_vote WHERE meeting_id = $1 AND user_id = $2").bind(id).bind(user_id).fetch_one(w.conn()).await?;
            if voted > 0 {
                return Err(DomainError::refused("meeting_attendance", "该成员已参加表决，不能登记为缺席或请假").into());
            }
        }
        let n = sqlx::query("UPDATE meeting_attendance SET presence = $1, reason = $2, recorded_at = $3 WHERE meeting_id = $4 AND user_id = $5")
            .bind(presence.code())
            .bind(&reason)
            .bind(at.text())
            .bind(id)
            .bind(user_id)
            .execute(w.conn())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(DomainError::invalid("user_id", "该人员不在本次会议的参会名单中").into());
        }
        w.record(Change::action("attendance", ENTITY, id, &serde_json::json!({"user_id": user_id, "presence": presence.code(), "reason": reason})));
    }
    touch(&mut w, id, &at).await?;
    w.commit().await?;
    Ok(())
}

/// Closes the sitting: every agenda item needs its decision and every member's attendance.
pub async fn end(app: &App, actor: &Actor, id: i64, at: When) -> AppResult<()> {
    let org = meeting_org(app, id).await?;
    let mut w = Write::begin(app, actor, Permission::MeetingManage, &org).await?;
    let m = lock(&mut w, id).await?;
    let next = m.state.next(Step::End)?;
    let open: Vec<String> = sqlx::query_scalar("SELECT title FROM meeting_item WHERE meeting_id = $1 AND status = 'accepted' ORDER BY position").bind(id).fetch_all(w.conn()).await?;
    if !open.is_empty() {
        return Err(DomainError::refused("meeting_end", format!("尚有 {} 项议题未作出决定（{}），可决定“暂缓决定”后再结束会议", open.len(), open.join("；"))).into());
    }
    let unrecorded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = $1 AND presence IS NULL").bind(id).fetch_one(w.conn()).await?;
    if unrecorded > 0 {
        return Err(DomainError::refused("meeting_end", format!("尚有 {unrecorded} 名参会人员未登记出席情况")).into());
    }
    sqlx::query("UPDATE meeting SET status = $1, ended_at = $2, modified_at = $2 WHERE id = $3").bind(next.code()).bind(at.text()).bind(id).execute(w.conn()).await?;
    w.record(Change::action("end", ENTITY, id, &serde_json::json!({"at": at.text()})));
    w.commit().await?;
    Ok(())
}
