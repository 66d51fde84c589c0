//! Reporting an event and recording its steps. Every change goes through
//! `kernel::Write`; every rule comes from `fazhi_core::grid::event`.
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission, Role};
use fazhi_core::grid::HandlingLevel;
use fazhi_core::grid::event::{Action, ActionKind, DispatchTarget, Event, EventSource, EventState, Report, ReportInput, validate_report};
use fazhi_core::grid::Place;
use fazhi_core::tracking::{Series, TrackingCode, format_secret};
use serde::{Deserialize, Serialize};

use super::{CLOCK, TODO_ACCEPT, TODO_ESCALATED, TODO_HANDLE, console_url, limits, store};
use crate::db::{col, now_text};
use crate::error::{AppError, AppResult};
use crate::grid::{EVENT, MODULE, scope};
use crate::kernel::{App, Change, OrgRef, Write, load_org};
use crate::mediation::{CaseInput, PartyInput};
use crate::platform::personal::{self, Kind};
use crate::platform::{calendar, todo};

// ───────────────────────────── reporting ─────────────────────────────

/// A checked report and where it came from.
pub struct NewEvent {
    pub source: EventSource,
    pub report: Report,
    pub building_id: Option<i64>,
    pub patrol_id: Option<i64>,
    pub reporter_name: Option<String>,
    pub reported_on: NaiveDate,
}

/// What the reporter gets back; code and secret only for residents' reports
/// (the secret is shown once, only its hash is stored).
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub id: i64,
    pub tracking_code: Option<String>,
    pub secret: Option<String>,
    pub reported_on: NaiveDate,
}

/// The town's tracking-code prefix: the one its disclosure requests use.
async fn prefix(w: &mut Write<'_>, town_id: i64) -> AppResult<String> {
    let p: Option<String> = sqlx::query_scalar("SELECT code_prefix FROM disclosure_request_setting WHERE town_id = $1").bind(town_id).fetch_optional(w.conn()).await?;
    Ok(p.unwrap_or_else(|| "SQ".into()))
}

fn title_of(description: &str) -> String {
    let first = description.lines().next().unwrap_or("").trim();
    let mut t: String = first.chars().take(24).collect();
    if first.chars().count() > 24 {
        t.push('…');
    }
    t
}

/// Writes a new event inside the caller's write (a patrol's, or its own):
/// the limit from the town's table, the tracking code for residents, the
/// handling clock and the director's to-do to accept it.
pub async fn report_in(w: &mut Write<'_>, grid: &OrgRef, new: &NewEvent) -> AppResult<Created> {
    if let Some(b) = new.building_id {
        let ok: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_building WHERE id = $1 AND grid_id = $2").bind(b).bind(grid.id).fetch_one(w.conn()).await?;
        if ok == 0 {
            return Err(DomainError::invalid("building_id", "该楼栋不在所选网格内").into());
        }
    }
    let limits = limits::load_in(w.conn(), grid.town_id).await?;
    let event = Event::report(new.report.category, new.source, new.reported_on, HandlingLevel::Grid, &limits);
    let (code, secret, secret_hash) = if new.source.gets_tracking_code() {
        let town = grid.town_id.ok_or_else(|| AppError::internal("grid without town"))?;
        let year = new.reported_on.year();
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO grid_event_seq (town_id, year, last_seq) VALUES ($1, $2, 1)
             ON CONFLICT (town_id, year) DO UPDATE SET last_seq = grid_event_seq.last_seq + 1 RETURNING last_seq",
        )
        .bind(town)
        .bind(i64::from(year))
        .fetch_one(w.conn())
        .await?;
        let p = prefix(w, town).await?;
        let code = TrackingCode::new(&p, Series::GridEvent, year, seq as u64)?.to_string();
        let secret = fazhi_crypto::random_token(10);
        let hash = fazhi_crypto::token_hash(&secret);
        (Some(code), Some(secret), Some(hash))
    } else {
        (None, None, None)
    };
    let app = w.app().clone();
    let (phone_enc, phone_idx) = new.report.phone.as_ref().map(|p| personal::protect(&app, Kind::Phone, p.as_str())).unzip();
    let name_enc = new.reporter_name.as_deref().map(|n| app.keys.field.encrypt(n));
    let by = w.actor().user_id;
    let t = now_text();
    let title = title_of(&new.report.description);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO grid_event (grid_id, org_id, building_id, category, source, title, description, location, reported_on, reported_at, limit_days, state, level,
            patrol_id, tracking_code, secret_hash, reporter_name_enc, reporter_phone_enc, reporter_phone_idx, is_demo, created_by, created_at, updated_at)
         VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, 'grid', $9, 'reported', 'grid', $10, $11, $12, $13, $14, $15, FALSE, $16, $17, $17) RETURNING id",
    )
    .bind(grid.id)
    .bind(new.building_id)
    .bind(new.report.category.code())
    .bind(new.source.code())
    .bind(&title)
    .bind(&new.report.description)
    .bind(&new.report.location)
    .bind(new.reported_on.to_string())
    .bind(i64::from(event.limit_days()))
    .bind(new.patrol_id)
    .bind(&code)
    .bind(&secret_hash)
    .bind(&name_enc)
    .bind(&phone_enc)
    .bind(&phone_idx)
    .bind((by > 0).then_some(by))
    .bind(&t)
    .fetch_one(w.conn())
    .await?;
    let key = id.to_string();
    let clock = calendar::put_clock_in(w, grid.id, MODULE, EVENT, &key, CLOCK, &event.deadline()).await?;
    if let Some(community) = grid.parent_id {
        let title = format!("受理网格事件：{}（{}）", title, event.category().label());
        let url = console_url(id);
        todo::open_in(
            w,
            community,
            todo::TodoSpec { module: MODULE, kind: TODO_ACCEPT, title: &title, detail: Some("请核实后受理（或说明理由不予受理），并分拨办理。"), url: Some(&url), entity: Some((EVENT, &key)), assignee_id: None, clock_id: Some(clock), due_date: None },
        )
        .await?;
    }
    // No personal data in the trail: the reporter's contacts are encrypted on the row only.
    w.record(
        Change::create(
            EVENT,
            id,
            &serde_json::json!({"grid": grid.name, "category": event.category().code(), "source": new.source.code(), "title": title, "location": new.report.location,
                "reported_on": new.reported_on, "limit_days": event.limit_days(), "patrol_id": new.patrol_id, "tracking_code": code}),
        )
        .in_org(grid),
    );
    Ok(Created { id, tracking_code: code, secret: secret.map(|s| format_secret(&s)), reported_on: new.reported_on })
}

/// A report by staff (a phone call registered, or a worker's own finding).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StaffReport {
    #[serde(default)]
    pub grid_id: Option<i64>,
    #[serde(default)]
    pub building_id: Option<i64>,
    /// "phone" (default) or "patrol".
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

pub async fn report(app: &App, actor: &Actor, f: &StaffReport) -> AppResult<Created> {
    let grid = crate::grid::patrols::grid_org(app, f.grid_id).await?;
    scope::require_place(app, actor, Permission::EventReport, &Place { grid: grid.path.clone(), building_id: f.building_id }).await?;
    let source = match f.source.trim() {
        "" | "phone" => EventSource::Phone,
        "patrol" => EventSource::Patrol,
        _ => return Err(DomainError::invalid("source", "「事件来源」应为电话或巡查发现；群众网上报告请走公开门户").into()),
    };
    let input = ReportInput { category: f.category.clone(), description: f.description.clone(), location: f.location.clone(), phone: f.phone.clone(), photos: 0 };
    let r = validate_report(&input, source)?;
    let name = fazhi_core::form::optional_text("name", "报告人姓名", &f.name, 50)?;
    let mut w = Write::begin(app, actor, Permission::EventReport, &grid).await?;
    let c = report_in(&mut w, &grid, &NewEvent { source, report: r, building_id: f.building_id, patrol_id: None, reporter_name: name, reported_on: crate::web::pages::today() }).await?;
    w.commit().await?;
    Ok(c)
}

// ───────────────────────────── steps ─────────────────────────────

/// One step: a core action, or the hand-over of a dispute to people's
/// mediation (the case is opened inside the event's write).
#[derive(Debug, Clone)]
pub enum Step {
    Act(Action),
    ToMediation(CaseInput),
}

impl Step {
    fn kind(&self) -> ActionKind {
        match self {
            Step::Act(a) => a.kind(),
            Step::ToMediation(_) => ActionKind::Dispatch,
        }
    }
}

/// Who may take a step: the dispatcher's steps need EventDispatch; handling
/// and feedback are the handler's (EventReport) or the dispatcher's.
fn permission_for(kind: ActionKind, actor: &Actor, place: &Place) -> Permission {
    match kind {
        ActionKind::Handle | ActionKind::Feedback if !actor.can(Permission::EventDispatch, &place.grid) => Permission::EventReport,
        _ => Permission::EventDispatch,
    }
}

pub async fn act(app: &App, actor: &Actor, id: i64, on: NaiveDate, step: Step) -> AppResult<EventState> {
    act_at(app, actor, id, on, step, crate::web::pages::today()).await
}

/// Records a step: loads the aggregate, checks the step against the table,
/// stores the entry, updates the row's copies, the clock and the to-dos —
/// one write, one audit trail.
pub async fn act_at(app: &App, actor: &Actor, id: i64, on: NaiveDate, step: Step, today: NaiveDate) -> AppResult<EventState> {
    if on > today {
        return Err(DomainError::invalid("on", format!("「办理日期」{on} 晚于今天，请按实际办理的日期登记")).into());
    }
    let kind = step.kind();
    if kind == ActionKind::Escalate {
        return Err(DomainError::refused("grid_event", "超时上报由系统按处置期限自动办理，不能手工登记").into());
    }
    let row = {
        let mut conn = app.db.pool.acquire().await?;
        store::load(&mut conn, id).await?
    };
    let place = row.place();
    let perm = permission_for(kind, actor, &place);
    scope::require_place(app, actor, perm, &place).await?;
    let grid = load_org(app, row.grid_id).await?;
    // Resolve the dispatch target before the write (reads other tables).
    let mut w = Write::begin(app, actor, perm, &grid).await?;
    store::lock(w.conn(), id, app.db.for_update()).await?;
    let entries = store::entries(w.conn(), id).await?;
    let mut event = store::aggregate(&row, &entries)?;
    let from = event.state();
    let action = match step {
        Step::Act(a) => a,
        Step::ToMediation(input) => {
            // Refusals first (wrong category, already handed over, wrong state), then the case.
            event.check(on, &Action::Dispatch { to: DispatchTarget::Mediation { case_id: 0 } })?;
            let case_id = crate::mediation::open_from_grid_event_in(&mut w, id, &input).await?;
            Action::Dispatch { to: DispatchTarget::Mediation { case_id } }
        }
    };
    let to = event.apply(on, action.clone())?;
    let entry = event.entries().last().cloned().ok_or_else(|| AppError::internal("applied step not recorded"))?;
    sqlx::query("INSERT INTO grid_event_entry (event_id, seq, on_date, entry_json, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(entries.len() as i64 + 1)
        .bind(on.to_string())
        .bind(serde_json::to_string(&entry).map_err(AppError::internal)?)
        .bind((actor.user_id > 0).then_some(actor.user_id))
        .bind(now_text())
        .execute(w.conn())
        .await?;
    let key = id.to_string();
    // Where the event sits now, and who handles it.
    let level = event.level();
    let level_org = match level {
        HandlingLevel::Grid => row.grid_id,
        HandlingLevel::Community => row.community_id.unwrap_or(row.grid_id),
        HandlingLevel::Town => row.town_id.unwrap_or(row.grid_id),
    };
    let target = event.dispatched_to().cloned();
    let (org_id, assignee) = match &target {
        Some(DispatchTarget::Person { user_id, .. }) => (level_org, Some(*user_id)),
        Some(DispatchTarget::Office { org_id, .. }) => (*org_id, None),
        _ => (level_org, None),
    };
    let case_id = event.mediation_case();
    sqlx::query(
        "UPDATE grid_event SET state = $1, level = $2, org_id = $3, assignee_id = $4, dispatched_to = $5, mediation_case_id = $6, handled_on = $7, closed_on = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(to.code())
    .bind(level.code())
    .bind(org_id)
    .bind(assignee)
    .bind(target.as_ref().map(|t| serde_json::to_string(t).unwrap_or_default()))
    .bind(case_id)
    .bind(event.handled_on().map(|d| d.to_string()))
    .bind(event.closed_on().map(|d| d.to_string()))
    .bind(now_text())
    .bind(id)
    .execute(w.conn())
    .await?;
    let clock = calendar::put_clock_in(&mut w, row.grid_id, MODULE, EVENT, &key, CLOCK, &event.deadline()).await?;
    // To-dos follow the step.
    match kind {
        ActionKind::Accept | ActionKind::Decline => {
            todo::close_in(&mut w, EVENT, &key, TODO_ACCEPT).await?;
        }
        _ => {}
    }
    if matches!(kind, ActionKind::Dispatch | ActionKind::ReturnForRework) && !matches!(target, Some(DispatchTarget::Mediation { .. })) {
        todo::close_in(&mut w, EVENT, &key, TODO_HANDLE).await?;
        let title = format!("办理网格事件：{}（{}）", row.title, row.category.label());
        let detail = if kind == ActionKind::ReturnForRework { "核查未通过，退回重办：请重新处置后登记处置结果。" } else { "请按处置期限办理，并登记处置结果、向群众反馈。" };
        let url = console_url(id);
        todo::open_in(
            &mut w,
            org_id,
            todo::TodoSpec { module: MODULE, kind: TODO_HANDLE, title: &title, detail: Some(detail), url: Some(&url), entity: Some((EVENT, &key)), assignee_id: assignee, clock_id: Some(clock), due_date: None },
        )
        .await?;
    }
    if to.is_handled() {
        todo::close_in(&mut w, EVENT, &key, TODO_HANDLE).await?;
        todo::close_in(&mut w, EVENT, &key, TODO_ESCALATED).await?;
    }
    if to == EventState::Closed {
        todo::close_in(&mut w, EVENT, &key, TODO_ACCEPT).await?;
    }
    w.record(Change::action(&format!("transition:{}", kind.code()), EVENT, id, &serde_json::json!({"from": from.code(), "to": to.code(), "entry": entry})));
    w.commit().await?;
    Ok(to)
}

// ───────────────────────────── the action form ─────────────────────────────

/// Every field any step's form may send; `action` names the step
/// (`to_mediation` for the hand-over to people's mediation).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ActForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub note: String,
    /// Dispatch: "person", "office", "next_level".
    #[serde(default)]
    pub to: String,
    /// A string: HTML forms send "" for an empty select.
    #[serde(default, deserialize_with = "loose_id")]
    pub user_id: Option<i64>,
    /// The town office's name (镇城管办 …); the event moves to the town.
    #[serde(default)]
    pub office: String,
    // to_mediation
    #[serde(default, deserialize_with = "loose_id")]
    pub committee_id: Option<i64>,
    #[serde(default)]
    pub dispute_type: String,
    #[serde(default)]
    pub facts: String,
    #[serde(default)]
    pub issues: String,
    #[serde(default)]
    pub p1_name: String,
    #[serde(default)]
    pub p1_phone: String,
    #[serde(default)]
    pub p2_name: String,
    #[serde(default)]
    pub p2_phone: String,
    #[serde(default)]
    pub p3_name: String,
    #[serde(default)]
    pub p3_phone: String,
}

/// Accepts a number, a numeric string, "" or null.
fn loose_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        N(i64),
        S(String),
    }
    Ok(match Option::<Loose>::deserialize(d)? {
        Some(Loose::N(n)) => Some(n),
        Some(Loose::S(s)) => s.trim().parse().ok(),
        None => None,
    })
}

impl ActForm {
    /// The step this form describes (the workflow rules are the aggregate's).
    pub async fn to_step(&self, app: &App, id: i64, today: NaiveDate) -> AppResult<(NaiveDate, Step)> {
        let on = if self.on.trim().is_empty() { today } else { fazhi_core::form::date("on", "办理日期", &self.on)? };
        let action = match self.action.trim() {
            "accept" => Action::Accept,
            "decline" => Action::Decline { reason: self.reason.clone() },
            "dispatch" => Action::Dispatch { to: self.target(app, id).await? },
            "handle" => Action::Handle { result: self.result.clone() },
            "feedback" => Action::Feedback { text: self.text.clone() },
            "verify" => Action::Verify { note: self.note.clone() },
            "return_for_rework" => Action::ReturnForRework { reason: self.reason.clone() },
            "close" => Action::Close,
            "to_mediation" => {
                let parties = [(&self.p1_name, &self.p1_phone), (&self.p2_name, &self.p2_phone), (&self.p3_name, &self.p3_phone)]
                    .into_iter()
                    .map(|(n, p)| PartyInput { name: n.clone(), phone: p.clone(), ..PartyInput::default() })
                    .collect();
                return Ok((
                    on,
                    Step::ToMediation(CaseInput {
                        committee_id: self.committee_id,
                        source: "grid_event".into(),
                        source_note: String::new(),
                        dispute_type: self.dispute_type.clone(),
                        applied_on: on.to_string(),
                        facts: self.facts.clone(),
                        issues: self.issues.clone(),
                        parties,
                    }),
                ));
            }
            "escalate" => return Err(DomainError::invalid("action", "超时上报由系统按处置期限自动办理").into()),
            _ => return Err(DomainError::invalid("action", "请选择办理步骤").into()),
        };
        Ok((on, Step::Act(action)))
    }

    async fn target(&self, app: &App, id: i64) -> AppResult<DispatchTarget> {
        match self.to.trim() {
            "person" => {
                let user = self.user_id.ok_or_else(|| DomainError::invalid("user_id", "请选择「承办人」"))?;
                let path: String = sqlx::query_scalar("SELECT o.path FROM grid_event e JOIN org_unit o ON o.id = e.grid_id WHERE e.id = $1")
                    .bind(id)
                    .fetch_optional(&app.db.pool)
                    .await?
                    .ok_or_else(|| DomainError::not_found("网格事件"))?;
                let handlers = handlers_for(app, &path).await?;
                let (uid, name) = handlers.into_iter().find(|(u, _)| *u == user).ok_or_else(|| DomainError::invalid("user_id", "「承办人」在该网格没有处置事件的权限"))?;
                Ok(DispatchTarget::Person { user_id: uid, name })
            }
            "office" => {
                let town: Option<i64> = sqlx::query_scalar("SELECT o.town_id FROM grid_event e JOIN org_unit o ON o.id = e.grid_id WHERE e.id = $1").bind(id).fetch_optional(&app.db.pool).await?.flatten();
                let office = fazhi_core::form::required_text("office", "承办部门", &self.office, 50)?;
                Ok(DispatchTarget::Office { org_id: town.ok_or_else(|| AppError::internal("grid without town"))?, name: office })
            }
            "next_level" => Ok(DispatchTarget::NextLevel),
            _ => Err(DomainError::invalid("to", "请选择「分拨对象」").into()),
        }
    }
}

/// The people who may handle events of a grid (grid workers and directors
/// granted on the grid or above it), for the dispatch form.
pub(crate) async fn handlers_for(app: &App, grid_path: &str) -> AppResult<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT DISTINCT u.id, u.display_name FROM role_grant g JOIN app_user u ON u.id = g.user_id JOIN org_unit o ON o.id = g.org_id
         WHERE u.active = TRUE AND g.role IN ($1, $2) AND $3 LIKE o.path || '%' ORDER BY u.id",
    )
    .bind(Role::GridWorker.code())
    .bind(Role::CommunityDirector.code())
    .bind(grid_path)
    .fetch_all(&app.db.pool)
    .await?;
    Ok(rows.iter().map(|r| Ok((col(r, "id")?, col(r, "display_name")?))).collect::<Result<Vec<_>, sqlx::Error>>()?)
}
