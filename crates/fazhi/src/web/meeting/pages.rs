//! 会议 pages (console, phone-usable): the module home (types, schedule, 待上会议题,
//! upcoming meetings), the meeting page (agenda with materials, attendance, quorum,
//! per-item vote panel and results), the item page a member reads and votes on by
//! phone, the minutes page (draft DOCX, approval, versions, corrections) and the
//! named-vote CSV downloads.
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use fazhi_core::access::Permission;
use fazhi_core::meeting::{Choice, MeetingState, Outcome, Presence};
use serde::Deserialize;

use crate::kernel::{App, load_org};
use crate::meeting::agenda::{self, ItemForm};
use crate::meeting::read::{ItemView, MeetingView};
use crate::meeting::types::{self, MemberRow, TypeRow};
use crate::meeting::voting::{self, DecisionForm};
use crate::meeting::{ITEM_ENTITY, When, minutes, read, sitting};
use crate::web::api::attachments as upload;
use crate::web::pages::{Nav, render, today};
use crate::web::{CurrentUser, PageError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/console/meetings", get(home))
        .route("/console/meetings/votes.csv", get(votes_csv))
        .route("/console/meetings/new", post(create))
        .route("/console/meetings/items", post(propose))
        .route("/console/meetings/items/new", get(propose_form))
        .route("/console/meetings/items/{item}", get(item_page))
        .route("/console/meetings/items/{item}/accept", post(accept))
        .route("/console/meetings/items/{item}/return", post(return_item))
        .route("/console/meetings/items/{item}/move", post(move_item))
        .route("/console/meetings/items/{item}/files", post(add_file).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/console/meetings/items/{item}/notes", post(note))
        .route("/console/meetings/items/{item}/vote", post(vote))
        .route("/console/meetings/items/{item}/decide", post(decide))
        .route("/console/meetings/types/{id}/schedule", post(schedule))
        .route("/console/meetings/{id}", get(meeting_page))
        .route("/console/meetings/{id}/notice", post(notice))
        .route("/console/meetings/{id}/start", post(start))
        .route("/console/meetings/{id}/attendance", post(attendance))
        .route("/console/meetings/{id}/attendance/all", post(all_present))
        .route("/console/meetings/{id}/end", post(end))
        .route("/console/meetings/{id}/minutes", get(minutes_page))
        .route("/console/meetings/{id}/minutes.docx", get(minutes_docx))
        .route("/console/meetings/{id}/approve", post(approve))
        .route("/console/meetings/{id}/corrections/vote", post(correct_vote))
        .route("/console/meetings/{id}/corrections/decision", post(correct_decision))
        .route("/console/meetings/{id}/votes.csv", get(meeting_votes_csv))
}

fn to_meeting(id: i64) -> Response {
    Redirect::to(&format!("/console/meetings/{id}")).into_response()
}

fn to_item(id: i64) -> Response {
    Redirect::to(&format!("/console/meetings/items/{id}")).into_response()
}

async fn meeting_of_item(app: &App, item: i64) -> Result<Option<i64>, PageError> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT meeting_id FROM meeting_item WHERE id = $1").bind(item).fetch_optional(&app.db.pool).await.map_err(crate::error::AppError::from)?.flatten())
}

// ───────────────────────────── home ─────────────────────────────

struct TypeCard {
    t: TypeRow,
    members: Vec<MemberRow>,
}

struct MeetingLine {
    id: i64,
    title: String,
    date: String,
    time: String,
    state: &'static str,
    items: i64,
}

struct Pending {
    id: i64,
    title: String,
    unit: String,
    decision_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "meeting/console_home.html")]
struct HomePage {
    nav: Nav,
    town: String,
    types: Vec<TypeCard>,
    upcoming: Vec<MeetingLine>,
    open_meetings: Vec<MeetingLine>,
    pending: Vec<Pending>,
    can_manage: bool,
    can_propose: bool,
    today: String,
    /// Members of the town's meeting types (for the per-member vote export).
    people: Vec<(i64, String)>,
}

async fn home(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    auth.actor.require_anywhere(Permission::MeetingRead)?;
    let towns = crate::meeting::towns_in_scope(&app, &auth.actor, Permission::MeetingRead).await?;
    let (town_id, town) = towns.first().cloned().unwrap_or((0, String::new()));
    let mut cards = Vec::new();
    for t in types::types_of(&app, town_id).await? {
        cards.push(TypeCard { members: types::members(&app, t.id).await?, t });
    }
    let rows = sqlx::query(
        "SELECT m.id, m.title, m.meeting_date, m.start_time, m.status, (SELECT COUNT(*) FROM meeting_item i WHERE i.meeting_id = m.id) AS n FROM meeting m
         WHERE m.org_id = $1 AND m.status IN ('preparing', 'notified', 'in_session', 'ended') ORDER BY m.meeting_date, m.id LIMIT 200",
    )
    .bind(town_id)
    .fetch_all(&app.db.pool)
    .await
    .map_err(crate::error::AppError::from)?;
    let mut upcoming = Vec::new();
    let mut open_meetings = Vec::new();
    for r in &rows {
        let status: String = crate::db::col(r, "status").map_err(crate::error::AppError::from)?;
        let state = MeetingState::parse(&status)?;
        let line = MeetingLine {
            id: crate::db::col(r, "id").map_err(crate::error::AppError::from)?,
            title: crate::db::col(r, "title").map_err(crate::error::AppError::from)?,
            date: crate::db::col(r, "meeting_date").map_err(crate::error::AppError::from)?,
            time: crate::db::col(r, "start_time").map_err(crate::error::AppError::from)?,
            state: state.label(),
            items: crate::db::col(r, "n").map_err(crate::error::AppError::from)?,
        };
        if matches!(state, MeetingState::Preparing | MeetingState::Notified) && upcoming.len() < 8 {
            upcoming.push(line);
        } else if matches!(state, MeetingState::InSession | MeetingState::Ended) {
            open_meetings.push(line);
        }
    }
    let pending = if town_id > 0 {
        read::pending_items(&app, &auth.actor, town_id).await?.into_iter().map(|(id, title, unit, decision_id)| Pending { id, title, unit, decision_id }).collect()
    } else {
        Vec::new()
    };
    let mut people: Vec<(i64, String)> = Vec::new();
    for c in &cards {
        for m in &c.members {
            if m.role.votes() && !people.iter().any(|p| p.0 == m.user_id) {
                people.push((m.user_id, m.name.clone()));
            }
        }
    }
    render(HomePage {
        people,
        nav: Nav::new(&auth, "meetings"),
        town,
        types: cards,
        upcoming,
        open_meetings,
        pending,
        can_manage: auth.actor.has(Permission::MeetingManage),
        can_propose: auth.actor.has(Permission::MeetingManage) || auth.actor.has(Permission::MeetingAttend),
        today: today().to_string(),
    })
}

#[derive(Deserialize)]
struct CreateForm {
    type_id: i64,
    meeting_date: String,
    #[serde(default)]
    start_time: String,
}

/// A sitting outside the weekly schedule (党委会, 镇长办公会, an extra 联席会议).
async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<CreateForm>) -> Result<Response, PageError> {
    let id = sitting::create_meeting(&app, &auth.actor, f.type_id, &f.meeting_date, &f.start_time, "", When::now()).await?;
    Ok(to_meeting(id))
}

#[derive(Deserialize)]
struct ScheduleForm {
    from: String,
    weeks: String,
}

async fn schedule(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ScheduleForm>) -> Result<Response, PageError> {
    let from = fazhi_core::form::date("from", "起始日期", &f.from)?;
    let weeks = fazhi_core::form::integer("weeks", "生成周数", &f.weeks, 1, 60)?;
    types::generate_schedule(&app, &auth.actor, id, from, weeks as u32, When::now()).await?;
    Ok(Redirect::to("/console/meetings").into_response())
}

// ───────────────────────────── items ─────────────────────────────

#[derive(Template)]
#[template(path = "meeting/console_propose.html")]
struct ProposePage {
    nav: Nav,
    towns: Vec<(i64, String)>,
}

async fn propose_form(State(app): State<App>, CurrentUser(auth): CurrentUser) -> Result<Response, PageError> {
    let mut towns = crate::meeting::towns_in_scope(&app, &auth.actor, Permission::MeetingAttend).await?;
    for t in crate::meeting::towns_in_scope(&app, &auth.actor, Permission::MeetingManage).await? {
        if !towns.contains(&t) {
            towns.push(t);
        }
    }
    if towns.is_empty() {
        return Err(PageError(fazhi_core::DomainError::forbidden("您没有提出议题的权限").into()));
    }
    render(ProposePage { nav: Nav::new(&auth, "meetings"), towns })
}

async fn propose(State(app): State<App>, CurrentUser(auth): CurrentUser, Form(f): Form<ItemForm>) -> Result<Response, PageError> {
    let id = agenda::propose(&app, &auth.actor, &f, When::now()).await?;
    Ok(to_item(id))
}

/// The item page: what a member reads (summary, research notes, materials) and, at
/// the sitting, where they vote — built for a phone (one column, large buttons).
#[derive(Template)]
#[template(path = "meeting/console_item.html")]
struct ItemPage {
    nav: Nav,
    item: ItemView,
    meeting: Option<MeetingView>,
    /// The viewer's own current vote on this item.
    my_vote: Option<(&'static str, Option<String>)>,
    /// The viewer is a present voting member and may vote now.
    can_vote: bool,
    /// Why the viewer may not vote now (shown instead of the buttons).
    vote_note: String,
    is_principal: bool,
    can_upload: bool,
    accept: String,
    choices: Vec<(&'static str, &'static str)>,
}

async fn item_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item_id): Path<i64>) -> Result<Response, PageError> {
    let org = crate::meeting::item_org(&app, item_id).await?;
    auth.actor.require(Permission::MeetingRead, &org.path)?;
    let me = auth.actor.user_id;
    let (item, meeting) = match meeting_of_item(&app, item_id).await? {
        Some(mid) => {
            let v = read::load(&app, mid).await?;
            let it = v.item(item_id).cloned().ok_or_else(|| PageError(fazhi_core::DomainError::not_found("议题").into()))?;
            (it, Some(v))
        }
        None => (standalone_item(&app, item_id).await?, None),
    };
    let my_vote = item.vote_of(me).map(|v| (v.choice.label(), v.opinion.clone()));
    let att = meeting.as_ref().and_then(|m| m.attendee(me).cloned());
    let is_principal = att.as_ref().is_some_and(|a| a.role == fazhi_core::meeting::MemberRole::Principal);
    let mut vote_note = String::new();
    let can_vote = match (&meeting, &att) {
        (Some(m), Some(a)) if m.state == MeetingState::InSession && item.status == "accepted" && a.votes() && a.presence == Some(Presence::Present) && my_vote.is_none() => {
            if is_principal && item.waiting.iter().filter(|n| **n != a.name).count() > 0 {
                vote_note = format!("主要负责人末位表态：请待其他出席成员表态后再表决（尚未表态：{}）。", item.waiting.iter().filter(|n| **n != a.name).cloned().collect::<Vec<_>>().join("、"));
            }
            true
        }
        (Some(m), Some(a)) if a.votes() && m.state == MeetingState::InSession && a.presence != Some(Presence::Present) => {
            vote_note = "您未登记为出席，不能表决。".into();
            false
        }
        (Some(_), Some(a)) if !a.votes() => {
            vote_note = "您为列席人员，不参加表决。".into();
            false
        }
        _ => false,
    };
    let can_upload = auth.actor.can(Permission::MeetingManage, &org.path) || item.proposer_id == me;
    let can_upload = can_upload && !meeting.as_ref().is_some_and(|m| matches!(m.state, MeetingState::Ended | MeetingState::Approved));
    render(ItemPage {
        nav: Nav::new(&auth, "meetings"),
        item,
        meeting,
        my_vote,
        can_vote,
        vote_note,
        is_principal,
        can_upload,
        accept: crate::platform::attachments::accept_attr(),
        choices: Choice::ALL.iter().map(|c| (c.code(), c.label())).collect(),
    })
}

/// An item not (yet) on an agenda, in the same shape.
async fn standalone_item(app: &App, id: i64) -> Result<ItemView, PageError> {
    let r = sqlx::query(
        "SELECT i.id, i.title, i.proposer_id, u.display_name, i.proposer_unit, i.summary, i.research_notes, i.decision_id, i.status, i.modified_at FROM meeting_item i
         JOIN app_user u ON u.id = i.proposer_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .map_err(crate::error::AppError::from)?;
    let c = |k: &str| crate::db::col::<String>(&r, k).map_err(crate::error::AppError::from);
    let files = sqlx::query("SELECT f.attachment_id, CASE WHEN f.is_public THEN 1 ELSE 0 END AS is_public, f.created_at, a.file_name, a.size, a.mime, a.sm3 FROM meeting_item_file f JOIN attachment a ON a.id = f.attachment_id WHERE f.item_id = $1 ORDER BY f.id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .map_err(crate::error::AppError::from)?
        .iter()
        .map(|f| {
            Ok(crate::meeting::read::FileRow {
                attachment_id: crate::db::col(f, "attachment_id")?,
                file_name: crate::db::col(f, "file_name")?,
                size: crate::db::col(f, "size")?,
                mime: crate::db::col(f, "mime")?,
                sm3: crate::db::col(f, "sm3")?,
                public: crate::db::flag(f, "is_public")?,
                created_at: crate::db::col(f, "created_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(crate::error::AppError::from)?;
    Ok(ItemView {
        id,
        position: 0,
        title: c("title")?,
        proposer_id: crate::db::col(&r, "proposer_id").map_err(crate::error::AppError::from)?,
        proposer_name: c("display_name")?,
        proposer_unit: c("proposer_unit")?,
        summary: c("summary")?,
        research_notes: crate::db::col(&r, "research_notes").map_err(crate::error::AppError::from)?,
        decision_id: crate::db::col(&r, "decision_id").map_err(crate::error::AppError::from)?,
        status: c("status")?,
        files,
        notes: Vec::new(),
        votes: Vec::new(),
        tally: Default::default(),
        waiting: Vec::new(),
        decision: None,
        superseded_decisions: Vec::new(),
        modified_at: c("modified_at")?,
    })
}

#[derive(Deserialize)]
struct AcceptForm {
    meeting_id: i64,
}

async fn accept(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Form(f): Form<AcceptForm>) -> Result<Response, PageError> {
    agenda::accept(&app, &auth.actor, item, f.meeting_id, When::now()).await?;
    Ok(to_meeting(f.meeting_id))
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn return_item(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Form(f): Form<ReasonForm>) -> Result<Response, PageError> {
    agenda::return_item(&app, &auth.actor, item, &f.reason, When::now()).await?;
    Ok(Redirect::to("/console/meetings").into_response())
}

#[derive(Deserialize)]
struct MoveForm {
    dir: String,
}

async fn move_item(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Form(f): Form<MoveForm>) -> Result<Response, PageError> {
    let mid = meeting_of_item(&app, item).await?.ok_or_else(|| PageError(fazhi_core::DomainError::not_found("议程").into()))?;
    let v = read::view(&app, &auth.actor, mid).await?;
    let mut order: Vec<i64> = v.items.iter().filter(|i| i.status == "accepted").map(|i| i.id).collect();
    if let Some(pos) = order.iter().position(|i| *i == item) {
        let to = if f.dir == "up" { pos.checked_sub(1) } else { Some(pos + 1).filter(|p| *p < order.len()) };
        if let Some(to) = to {
            order.swap(pos, to);
            agenda::reorder(&app, &auth.actor, mid, &order, When::now()).await?;
        }
    }
    Ok(to_meeting(mid))
}

#[derive(Deserialize, Default)]
struct FileQuery {
    #[serde(default)]
    public: Option<String>,
}

async fn add_file(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Query(q): Query<FileQuery>, mp: Result<Multipart, MultipartRejection>) -> Result<Response, PageError> {
    let org = crate::meeting::item_org(&app, item).await?;
    let mp = mp.map_err(upload::rejection)?;
    let mut form = upload::read_upload(&app, mp).await?;
    form.org_id = Some(org.id);
    form.entity = ITEM_ENTITY.into();
    form.entity_id = item.to_string();
    let stored = upload::store_upload(&app, &auth.actor, form).await?;
    agenda::add_material(&app, &auth.actor, item, stored.id, q.public.as_deref() == Some("1"), When::now()).await?;
    Ok(to_item(item))
}

#[derive(Deserialize)]
struct NoteForm {
    user_id: i64,
    body: String,
}

async fn note(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Form(f): Form<NoteForm>) -> Result<Response, PageError> {
    voting::add_note(&app, &auth.actor, item, f.user_id, &f.body, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{}#item-{item}", meeting_of_item(&app, item).await?.unwrap_or(0))).into_response())
}

#[derive(Deserialize)]
struct VoteForm {
    choice: String,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    back: String,
}

async fn vote(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Form(f): Form<VoteForm>) -> Result<Response, PageError> {
    voting::cast_vote(&app, &auth.actor, item, &f.choice, &f.opinion, When::now()).await?;
    if f.back == "meeting" {
        return Ok(Redirect::to(&format!("/console/meetings/{}#item-{item}", meeting_of_item(&app, item).await?.unwrap_or(0))).into_response());
    }
    Ok(to_item(item))
}

async fn decide(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(item): Path<i64>, Form(f): Form<DecisionForm>) -> Result<Response, PageError> {
    voting::decide(&app, &auth.actor, item, &f, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{}#item-{item}", meeting_of_item(&app, item).await?.unwrap_or(0))).into_response())
}

// ───────────────────────────── meeting ─────────────────────────────

#[derive(Template)]
#[template(path = "meeting/console_meeting.html")]
struct MeetingPage {
    nav: Nav,
    v: MeetingView,
    me: i64,
    can_manage: bool,
    can_approve: bool,
    pending: Vec<(i64, String, String, Option<i64>)>,
    presences: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    choices: Vec<(&'static str, &'static str)>,
    notice_due: String,
}

impl MeetingPage {
    fn st(&self) -> &'static str {
        self.v.state.code()
    }
    fn can_vote_on(&self, it: &ItemView) -> bool {
        self.my_presence_ok() && it.vote_of(self.me).is_none() && !self.must_wait(it)
    }
    fn waits_to_vote(&self, it: &ItemView) -> bool {
        self.my_presence_ok() && it.vote_of(self.me).is_none() && self.must_wait(it)
    }
    /// 末位表态: the principal waits while another present member has not voted.
    fn must_wait(&self, it: &ItemView) -> bool {
        let Some(me) = self.v.attendee(self.me) else { return false };
        me.role == fazhi_core::meeting::MemberRole::Principal && it.waiting.iter().any(|n| *n != me.name)
    }
    fn my_presence_ok(&self) -> bool {
        self.v.attendee(self.me).is_some_and(|a| a.votes() && a.presence == Some(Presence::Present))
    }
}

async fn meeting_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = read::view(&app, &auth.actor, id).await?;
    let org = load_org(&app, v.org_id).await?;
    let can_manage = auth.actor.can(Permission::MeetingManage, &org.path);
    let pending = if can_manage && v.state.agenda_open() { read::pending_items(&app, &auth.actor, v.org_id).await? } else { Vec::new() };
    let notice_due = (crate::meeting::date(&v.meeting_date) - chrono::Duration::days(v.meeting_type.notice_days)).to_string();
    render(MeetingPage {
        nav: Nav::new(&auth, "meetings"),
        me: auth.actor.user_id,
        can_approve: auth.actor.can(Permission::MeetingApprove, &org.path),
        can_manage,
        pending,
        presences: Presence::ALL.iter().map(|p| (p.code(), p.label())).collect(),
        outcomes: Outcome::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        choices: Choice::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        notice_due,
        v,
    })
}

async fn notice(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<ReasonForm>) -> Result<Response, PageError> {
    sitting::send_notice(&app, &auth.actor, id, &f.reason, When::now()).await?;
    Ok(to_meeting(id))
}

async fn start(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    sitting::start(&app, &auth.actor, id, When::now()).await?;
    Ok(to_meeting(id))
}

#[derive(Deserialize)]
struct AttendanceForm {
    user_id: i64,
    presence: String,
    #[serde(default)]
    reason: String,
}

async fn attendance(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<AttendanceForm>) -> Result<Response, PageError> {
    sitting::record_attendance(&app, &auth.actor, id, f.user_id, &f.presence, &f.reason, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{id}#attendance")).into_response())
}

/// The roll call: everyone not yet recorded is present (absences are recorded one by one, with reasons).
async fn all_present(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = read::view(&app, &auth.actor, id).await?;
    let entries: Vec<sitting::Entry> = v.attendance.iter().filter(|a| a.presence.is_none()).map(|a| sitting::Entry { user_id: a.user_id, presence: "present", reason: "" }).collect();
    if entries.is_empty() {
        return Err(PageError(fazhi_core::DomainError::conflict("参会人员的出席情况均已登记").into()));
    }
    sitting::record_attendance_many(&app, &auth.actor, id, &entries, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{id}#attendance")).into_response())
}

async fn end(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    sitting::end(&app, &auth.actor, id, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{id}/minutes")).into_response())
}

// ───────────────────────────── minutes ─────────────────────────────

#[derive(Template)]
#[template(path = "meeting/console_minutes.html")]
struct MinutesPage {
    nav: Nav,
    v: MeetingView,
    blocks: Vec<(&'static str, String)>,
    can_approve: bool,
    choices: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
}

async fn minutes_page(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = read::view(&app, &auth.actor, id).await?;
    let org = load_org(&app, v.org_id).await?;
    use crate::platform::docx::Block;
    let blocks = minutes::build(&v)
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Title(t) => Some(("title", t)),
            Block::Subtitle(t) => Some(("subtitle", t)),
            Block::Heading1(t) => Some(("h1", t)),
            Block::Heading2(t) => Some(("h2", t)),
            Block::Para(t) | Block::Plain(t) => Some(("p", t)),
            Block::Right(t) => Some(("right", t)),
            Block::Table { header, rows } => Some(("table", std::iter::once(header.join("｜")).chain(rows.iter().map(|r| r.join("｜"))).collect::<Vec<_>>().join("\n"))),
            Block::PageBreak => None,
        })
        .collect();
    render(MinutesPage {
        nav: Nav::new(&auth, "meetings"),
        can_approve: auth.actor.can(Permission::MeetingApprove, &org.path),
        choices: Choice::ALL.iter().map(|c| (c.code(), c.label())).collect(),
        outcomes: Outcome::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        blocks,
        v,
    })
}

async fn minutes_docx(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (bytes, name) = minutes::draft_docx(&app, &auth.actor, id).await?;
    Ok(crate::platform::docx::docx_response(bytes, &name))
}

async fn approve(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    minutes::approve(&app, &auth.actor, id, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{id}/minutes")).into_response())
}

#[derive(Deserialize)]
struct CorrectVoteForm {
    vote_id: i64,
    choice: String,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    reason: String,
}

async fn correct_vote(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<CorrectVoteForm>) -> Result<Response, PageError> {
    minutes::correct_vote(&app, &auth.actor, f.vote_id, &f.choice, &f.opinion, &f.reason, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{id}/minutes")).into_response())
}

#[derive(Deserialize)]
struct CorrectDecisionForm {
    item_id: i64,
    #[serde(flatten)]
    form: DecisionForm,
    #[serde(default)]
    reason: String,
}

async fn correct_decision(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, Form(f): Form<CorrectDecisionForm>) -> Result<Response, PageError> {
    minutes::correct_decision(&app, &auth.actor, f.item_id, &f.form, &f.reason, When::now()).await?;
    Ok(Redirect::to(&format!("/console/meetings/{id}/minutes")).into_response())
}

// ───────────────────────────── exports ─────────────────────────────

fn csv_response(body: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"votes.csv\"; filename*=UTF-8''{}", crate::platform::listing::enc(name))),
        ],
        body,
    )
        .into_response()
}

/// Named votes over the list's filters (per member and period: `f_member_id`, `f_from`, `f_to`).
async fn votes_csv(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> Result<Response, PageError> {
    let body = crate::web::meeting::votes::csv(&app, &auth.actor, &params).await?;
    Ok(csv_response(body, &format!("会议表决记录-{}.csv", today().format("%Y%m%d"))))
}

async fn meeting_votes_csv(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = read::view(&app, &auth.actor, id).await?;
    let params = BTreeMap::from([("f_meeting".to_string(), id.to_string())]);
    let body = crate::web::meeting::votes::csv(&app, &auth.actor, &params).await?;
    Ok(csv_response(body, &format!("{}表决记录.csv", v.title)))
}
