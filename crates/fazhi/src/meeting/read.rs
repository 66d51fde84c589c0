//! The meeting as one view: page, API and minutes all read it. A handful of
//! queries whatever the agenda's length (items, files, notes, votes, decisions
//! each in one), so a 30-item meeting page stays cheap.
use std::collections::HashMap;

use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::meeting::{Ballot, Choice, MeetingState, MemberRole, Outcome, Presence, Tally, majority};
use serde::Serialize;

use super::local_label;
use super::types::{TypeRow, get_type};
use crate::db::{col, flag};
use crate::error::AppResult;
use crate::kernel::{App, load_org};

#[derive(Debug, Clone, Serialize)]
pub struct AttendanceRow {
    pub user_id: i64,
    pub name: String,
    pub title: String,
    pub role: MemberRole,
    pub presence: Option<Presence>,
    pub reason: Option<String>,
}

impl AttendanceRow {
    pub fn presence_label(&self) -> &'static str {
        self.presence.map(|p| p.label()).unwrap_or("未登记")
    }
    pub fn votes(&self) -> bool {
        self.role.votes()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    pub attachment_id: i64,
    pub file_name: String,
    pub size: i64,
    pub mime: String,
    pub sm3: String,
    pub public: bool,
    pub created_at: String,
}

impl FileRow {
    pub fn size_label(&self) -> String {
        if self.size >= 1024 * 1024 { format!("{:.1} MB", self.size as f64 / 1048576.0) } else { format!("{} KB", (self.size + 1023) / 1024) }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteRow {
    pub user_id: i64,
    pub name: String,
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VoteRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub choice: Choice,
    pub opinion: Option<String>,
    pub cast_at: String,
    /// Replaced by a correction (更正); the original is kept.
    pub superseded: bool,
    pub correction_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub id: i64,
    pub outcome: Outcome,
    pub text: String,
    pub majority: Outcome,
    pub contrary: bool,
    pub contrary_reason: Option<String>,
    pub tally: Tally,
    pub decided_by_name: String,
    pub decided_at: String,
    pub superseded: bool,
    pub correction_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub proposer_id: i64,
    pub proposer_name: String,
    pub proposer_unit: String,
    pub summary: String,
    pub research_notes: Option<String>,
    pub decision_id: Option<i64>,
    pub status: String,
    pub files: Vec<FileRow>,
    pub notes: Vec<NoteRow>,
    /// Current and superseded votes, in casting order.
    pub votes: Vec<VoteRow>,
    /// The tally of the current votes.
    pub tally: Tally,
    /// Present voting members who have not voted yet.
    pub waiting: Vec<String>,
    pub decision: Option<DecisionRow>,
    pub superseded_decisions: Vec<DecisionRow>,
    pub modified_at: String,
}

impl ItemView {
    pub fn current_votes(&self) -> impl Iterator<Item = &VoteRow> {
        self.votes.iter().filter(|v| !v.superseded)
    }
    pub fn dissent(&self) -> Vec<&VoteRow> {
        self.current_votes().filter(|v| v.choice != Choice::Agree).collect()
    }
    pub fn vote_of(&self, user_id: i64) -> Option<&VoteRow> {
        self.current_votes().find(|v| v.user_id == user_id)
    }
    pub fn majority_label(&self) -> &'static str {
        majority(&self.tally).label()
    }
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "proposed" => "待上会",
            "accepted" => "已列入议程",
            "returned" => "已退回",
            "decided" => "已决定",
            _ => "",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MinutesRow {
    pub version: i64,
    pub attachment_id: i64,
    pub sm3: String,
    pub approved_at: String,
    pub approved_by_name: String,
    pub correction_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionRow {
    pub id: i64,
    pub kind: String,
    pub target_id: i64,
    pub reason: String,
    pub before_json: String,
    pub after_json: String,
    pub created_by_name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub meeting_type: TypeRow,
    pub title: String,
    pub meeting_date: String,
    pub start_time: String,
    pub location: String,
    pub state: MeetingState,
    pub notice_sent_at: Option<String>,
    pub notice_on_time: Option<bool>,
    pub notice_late_reason: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub approved_at: Option<String>,
    pub approved_by_name: Option<String>,
    pub created_at: String,
    pub modified_at: String,
    pub attendance: Vec<AttendanceRow>,
    pub items: Vec<ItemView>,
    pub minutes: Vec<MinutesRow>,
    pub corrections: Vec<CorrectionRow>,
    /// 应到 (voting members), 实到 (present voting), required for quorum.
    pub members: u32,
    pub present: u32,
    pub quorum_required: u32,
    pub quorum_met: bool,
}

impl MeetingView {
    pub fn state_label(&self) -> &'static str {
        self.state.label()
    }
    pub fn principal(&self) -> Option<&AttendanceRow> {
        self.attendance.iter().find(|a| a.role == MemberRole::Principal)
    }
    pub fn attendee(&self, user_id: i64) -> Option<&AttendanceRow> {
        self.attendance.iter().find(|a| a.user_id == user_id)
    }
    pub fn item(&self, id: i64) -> Option<&ItemView> {
        self.items.iter().find(|i| i.id == id)
    }
    pub fn label(instant: &Option<String>) -> String {
        instant.as_deref().map(local_label).unwrap_or_default()
    }
    pub fn latest_minutes(&self) -> Option<&MinutesRow> {
        self.minutes.last()
    }
}

/// The view, if the actor may read meetings of its town.
pub async fn view(app: &App, actor: &Actor, id: i64) -> AppResult<MeetingView> {
    let org = super::meeting_org(app, id).await?;
    actor.require(Permission::MeetingRead, &org.path)?;
    load(app, id).await
}

/// The view without a permission check (minutes generation, the published OParl part).
pub async fn load(app: &App, id: i64) -> AppResult<MeetingView> {
    let pool = &app.db.pool;
    let r = sqlx::query(
        "SELECT m.id, m.org_id, m.type_id, m.title, m.meeting_date, m.start_time, m.location, m.status, m.notice_sent_at, CASE WHEN m.notice_on_time THEN 1 ELSE 0 END AS notice_on_time, \
         m.notice_late_reason, m.started_at, m.ended_at, m.approved_at, m.created_at, m.modified_at, o.name AS org_name, u.display_name AS approver FROM meeting m JOIN org_unit o ON o.id = m.org_id LEFT JOIN app_user u ON u.id = m.approved_by WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| DomainError::not_found("会议"))?;
    let type_id: i64 = col(&r, "type_id")?;
    let status: String = col(&r, "status")?;
    let notice_on_time = if col::<Option<String>>(&r, "notice_sent_at")?.is_some() { Some(flag(&r, "notice_on_time")?) } else { None };

    let attendance: Vec<AttendanceRow> = sqlx::query(
        "SELECT a.user_id, u.display_name, a.title, a.role, a.presence, a.reason FROM meeting_attendance a JOIN app_user u ON u.id = a.user_id WHERE a.meeting_id = $1 ORDER BY a.position, a.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let role: String = col(r, "role")?;
        let presence: Option<String> = col(r, "presence")?;
        Ok(AttendanceRow {
            user_id: col(r, "user_id")?,
            name: col(r, "display_name")?,
            title: col(r, "title")?,
            role: MemberRole::parse(&role)?,
            presence: presence.map(|p| Presence::parse(&p)).transpose()?,
            reason: col(r, "reason")?,
        })
    })
    .collect::<AppResult<_>>()?;

    let mut files: HashMap<i64, Vec<FileRow>> = HashMap::new();
    for r in sqlx::query(
        "SELECT f.item_id, f.attachment_id, CASE WHEN f.is_public THEN 1 ELSE 0 END AS is_public, f.created_at, a.file_name, a.size, a.mime, a.sm3 FROM meeting_item_file f JOIN attachment a ON a.id = f.attachment_id
         JOIN meeting_item i ON i.id = f.item_id WHERE i.meeting_id = $1 ORDER BY f.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    {
        files.entry(col(&r, "item_id")?).or_default().push(FileRow {
            attachment_id: col(&r, "attachment_id")?,
            file_name: col(&r, "file_name")?,
            size: col(&r, "size")?,
            mime: col(&r, "mime")?,
            sm3: col(&r, "sm3")?,
            public: flag(&r, "is_public")?,
            created_at: col(&r, "created_at")?,
        });
    }
    let mut notes: HashMap<i64, Vec<NoteRow>> = HashMap::new();
    for r in sqlx::query(
        "SELECT n.item_id, n.user_id, u.display_name, n.body, n.created_at FROM meeting_note n JOIN app_user u ON u.id = n.user_id JOIN meeting_item i ON i.id = n.item_id
         WHERE i.meeting_id = $1 ORDER BY n.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    {
        notes.entry(col(&r, "item_id")?).or_default().push(NoteRow { user_id: col(&r, "user_id")?, name: col(&r, "display_name")?, body: col(&r, "body")?, created_at: col(&r, "created_at")? });
    }
    let mut votes: HashMap<i64, Vec<VoteRow>> = HashMap::new();
    for r in sqlx::query(
        "SELECT v.id, v.item_id, v.user_id, u.display_name, v.choice, v.opinion, v.cast_at, v.superseded_by, v.correction_id FROM meeting_vote v JOIN app_user u ON u.id = v.user_id
         WHERE v.meeting_id = $1 ORDER BY v.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    {
        let choice: String = col(&r, "choice")?;
        votes.entry(col(&r, "item_id")?).or_default().push(VoteRow {
            id: col(&r, "id")?,
            user_id: col(&r, "user_id")?,
            name: col(&r, "display_name")?,
            choice: Choice::parse(&choice)?,
            opinion: col(&r, "opinion")?,
            cast_at: col(&r, "cast_at")?,
            superseded: col::<Option<i64>>(&r, "superseded_by")?.is_some(),
            correction_id: col(&r, "correction_id")?,
        });
    }
    let mut decisions: HashMap<i64, Vec<DecisionRow>> = HashMap::new();
    for r in sqlx::query(
        "SELECT d.id, d.item_id, d.outcome, d.text, d.majority, CASE WHEN d.contrary THEN 1 ELSE 0 END AS contrary, d.contrary_reason, d.members, d.present, d.agree, d.disagree, d.abstain, \
         d.decided_at, d.superseded_by, d.correction_id, u.display_name FROM meeting_decision d JOIN app_user u ON u.id = d.decided_by WHERE d.meeting_id = $1 ORDER BY d.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    {
        let outcome: String = col(&r, "outcome")?;
        let maj: String = col(&r, "majority")?;
        let n = |c: &str| -> AppResult<u32> { Ok(col::<i64>(&r, c)? as u32) };
        decisions.entry(col(&r, "item_id")?).or_default().push(DecisionRow {
            id: col(&r, "id")?,
            outcome: Outcome::parse(&outcome)?,
            text: col(&r, "text")?,
            majority: Outcome::parse(&maj)?,
            contrary: flag(&r, "contrary")?,
            contrary_reason: col(&r, "contrary_reason")?,
            tally: Tally { members: n("members")?, present: n("present")?, agree: n("agree")?, disagree: n("disagree")?, abstain: n("abstain")? },
            decided_by_name: col(&r, "display_name")?,
            decided_at: col(&r, "decided_at")?,
            superseded: col::<Option<i64>>(&r, "superseded_by")?.is_some(),
            correction_id: col(&r, "correction_id")?,
        });
    }

    let voting: Vec<&AttendanceRow> = attendance.iter().filter(|a| a.role.votes()).collect();
    let members = voting.len() as u32;
    let present_voters: Vec<&&AttendanceRow> = voting.iter().filter(|a| a.presence == Some(Presence::Present)).collect();
    let present = present_voters.len() as u32;

    let mut items = Vec::new();
    for r in sqlx::query(
        "SELECT i.id, i.position, i.title, i.proposer_id, u.display_name, i.proposer_unit, i.summary, i.research_notes, i.decision_id, i.status, i.modified_at
         FROM meeting_item i JOIN app_user u ON u.id = i.proposer_id WHERE i.meeting_id = $1 ORDER BY i.position, i.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    {
        let item_id: i64 = col(&r, "id")?;
        let vs = votes.remove(&item_id).unwrap_or_default();
        let ballots: Vec<Ballot> = present_voters
            .iter()
            .map(|a| Ballot {
                user_id: a.user_id,
                name: a.name.clone(),
                principal: a.role == MemberRole::Principal,
                choice: vs.iter().find(|v| !v.superseded && v.user_id == a.user_id).map(|v| v.choice),
            })
            .collect();
        let tally = Tally::of(members, &ballots);
        let waiting = ballots.iter().filter(|b| b.choice.is_none()).map(|b| b.name.clone()).collect();
        let mut ds = decisions.remove(&item_id).unwrap_or_default();
        let current = ds.iter().position(|d| !d.superseded).map(|i| ds.remove(i));
        items.push(ItemView {
            id: item_id,
            position: col(&r, "position")?,
            title: col(&r, "title")?,
            proposer_id: col(&r, "proposer_id")?,
            proposer_name: col(&r, "display_name")?,
            proposer_unit: col(&r, "proposer_unit")?,
            summary: col(&r, "summary")?,
            research_notes: col(&r, "research_notes")?,
            decision_id: col(&r, "decision_id")?,
            status: col(&r, "status")?,
            files: files.remove(&item_id).unwrap_or_default(),
            notes: notes.remove(&item_id).unwrap_or_default(),
            votes: vs,
            tally,
            waiting,
            decision: current,
            superseded_decisions: ds,
            modified_at: col(&r, "modified_at")?,
        });
    }
    let minutes = sqlx::query(
        "SELECT n.version, n.attachment_id, n.sm3, n.approved_at, n.correction_id, u.display_name FROM meeting_minutes n JOIN app_user u ON u.id = n.approved_by WHERE n.meeting_id = $1 ORDER BY n.version",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(MinutesRow {
            version: col(r, "version")?,
            attachment_id: col(r, "attachment_id")?,
            sm3: col(r, "sm3")?,
            approved_at: col(r, "approved_at")?,
            approved_by_name: col(r, "display_name")?,
            correction_id: col(r, "correction_id")?,
        })
    })
    .collect::<AppResult<_>>()?;
    let corrections = sqlx::query(
        "SELECT c.id, c.kind, c.target_id, c.reason, c.before_json, c.after_json, c.created_at, u.display_name FROM meeting_correction c JOIN app_user u ON u.id = c.created_by WHERE c.meeting_id = $1 ORDER BY c.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(CorrectionRow {
            id: col(r, "id")?,
            kind: col(r, "kind")?,
            target_id: col(r, "target_id")?,
            reason: col(r, "reason")?,
            before_json: col(r, "before_json")?,
            after_json: col(r, "after_json")?,
            created_by_name: col(r, "display_name")?,
            created_at: col(r, "created_at")?,
        })
    })
    .collect::<AppResult<_>>()?;
    let meeting_type = get_type(app, type_id).await?;
    let org = load_org(app, col(&r, "org_id")?).await?;
    Ok(MeetingView {
        id,
        org_id: org.id,
        org_name: col(&r, "org_name")?,
        quorum_required: meeting_type.quorum.required(members),
        quorum_met: meeting_type.quorum.met(present, members),
        meeting_type,
        title: col(&r, "title")?,
        meeting_date: col(&r, "meeting_date")?,
        start_time: col(&r, "start_time")?,
        location: col(&r, "location")?,
        state: MeetingState::parse(&status)?,
        notice_sent_at: col(&r, "notice_sent_at")?,
        notice_on_time,
        notice_late_reason: col(&r, "notice_late_reason")?,
        started_at: col(&r, "started_at")?,
        ended_at: col(&r, "ended_at")?,
        approved_at: col(&r, "approved_at")?,
        approved_by_name: col(&r, "approver")?,
        created_at: col(&r, "created_at")?,
        modified_at: col(&r, "modified_at")?,
        attendance,
        items,
        minutes,
        corrections,
        members,
        present,
    })
}

/// Proposed items of a town waiting to be put on an agenda.
pub async fn pending_items(app: &App, actor: &Actor, org_id: i64) -> AppResult<Vec<(i64, String, String, Option<i64>)>> {
    let org = load_org(app, org_id).await?;
    actor.require(Permission::MeetingRead, &org.path)?;
    let rows = sqlx::query("SELECT id, title, proposer_unit, decision_id FROM meeting_item WHERE org_id = $1 AND status = 'proposed' ORDER BY id").bind(org_id).fetch_all(&app.db.pool).await?;
    rows.iter().map(|r| Ok((col(r, "id")?, col(r, "title")?, col(r, "proposer_unit")?, col(r, "decision_id")?))).collect()
}
