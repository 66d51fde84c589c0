//! The public side: submitting online (no account, rate-limited per address)
//! and tracking by code plus the secret shown once, or the phone number given
//! in the request. A failed look-up says nothing about whether the code
//! exists, and failures are rate-limited per code and per address.
use fazhi_core::DomainError;
use fazhi_core::disclosure::{Action, Channel, ReceiptFacts};
use serde::Serialize;

use super::service::{self, RequestForm};
use super::store::{self, RequestRow};
use super::text;
use crate::error::AppResult;
use crate::platform::rate_limit::{attempts, note_attempt};
use crate::kernel::App;
use crate::platform::calendar;
use crate::platform::personal::{self, Kind};

/// Online submissions allowed per address per hour.
pub const SUBMISSIONS_PER_HOUR: i64 = 5;
/// Failed look-ups allowed per code, and per address, within the window.
pub const FAILURES_PER_CODE: i64 = 5;
pub const FAILURES_PER_IP: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;




/// A member of the public submits a request online. The 收到日期 is today: the
/// platform's acknowledgement (the code shown at once) is the confirmation of
/// both sides (条例 art.31(三)).
pub async fn submit_public(app: &App, town_code: &str, f: &RequestForm, ip: &str) -> AppResult<service::Created> {
    let town = crate::disclosure::town_by_code(app, town_code.trim()).await?;
    let applicant = service::check_applicant(f)?;
    if attempts(app, "submit", "ip", ip, 60).await? >= SUBMISSIONS_PER_HOUR {
        return Err(DomainError::TooMany { message: format!("同一网络地址每小时最多在线提交 {SUBMISSIONS_PER_HOUR} 件申请，请稍后再试，或到政府信息公开工作机构当面提交") }.into());
    }
    let today = crate::web::pages::today();
    let facts = ReceiptFacts { arrived_on: Some(today), confirmed_on: Some(today), ..ReceiptFacts::default() };
    let received = fazhi_core::disclosure::receipt_date(Channel::Online, &facts).map_err(DomainError::from)?;
    let actor = service::public_actor(&town);
    let created = service::create(app, &actor, &town, &applicant, Channel::Online, &facts, received, today, false).await?;
    note_attempt(app, "submit", Some(&created.code), ip).await?;
    Ok(created)
}

/// How the applicant proves the request is theirs.
pub enum Proof<'a> {
    /// The secret shown once at submission.
    Secret(&'a str),
    /// The phone number given in the request.
    Phone(&'a str),
}

/// One step as the applicant reads it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicStep {
    pub on: String,
    pub text: String,
    pub detail: Option<String>,
}

/// The answer as the 告知书 states it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicAnswer {
    pub on: String,
    pub outcome: String,
    pub answer: String,
    pub notice: String,
    pub reason: Option<String>,
    pub responsible_agency: Option<String>,
    pub legal_basis: Option<String>,
    pub remedies: String,
    pub review_body: String,
    pub court: Option<String>,
}

/// What the tracking page and `GET /api/v1/disclosure/requests/{code}` show:
/// no internal notes, the applicant's name masked.
#[derive(Debug, Clone, Serialize)]
pub struct Tracking {
    pub tracking_code: String,
    pub town: String,
    pub town_code: String,
    pub state: String,
    pub state_label: String,
    pub applicant: String,
    pub applicant_type: String,
    pub channel: String,
    pub description: String,
    pub received_on: String,
    /// `None` while the clock is paused (or the calendar is not loaded).
    pub due_date: Option<String>,
    /// The due date, or e.g. "计时暂停（征求第三方意见中）".
    pub due_text: String,
    pub status: String,
    pub paused: bool,
    pub extended: bool,
    pub finished: bool,
    /// How the due date was computed, one sentence per line.
    pub explanation: Vec<String>,
    pub history: Vec<PublicStep>,
    pub answer: Option<PublicAnswer>,
}

/// Constant-time equality of two hex digests.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refused() -> DomainError {
    DomainError::forbidden("受理编号与查询密码（或联系电话）不匹配，请核对后重试")
}

/// Looks a request up for its applicant. `town_code` limits the look-up to
/// one town's column (the portal); the API passes `None`.
pub async fn track(app: &App, town_code: Option<&str>, code: &str, proof: Proof<'_>, ip: &str) -> AppResult<Tracking> {
    let code = text::normalize_code(code);
    if code.is_empty() || code.len() > 40 {
        return Err(DomainError::invalid("code", "请填写「受理编号」").into());
    }
    if attempts(app, "track_fail", "code", &code, FAILURE_WINDOW_MINUTES).await? >= FAILURES_PER_CODE
        || attempts(app, "track_fail", "ip", ip, FAILURE_WINDOW_MINUTES).await? >= FAILURES_PER_IP
    {
        return Err(DomainError::TooMany { message: format!("查询失败次数过多，请 {FAILURE_WINDOW_MINUTES} 分钟后再试") }.into());
    }
    let mut conn = app.db.pool.acquire().await?;
    let row = store::by_code(&mut conn, &code).await?;
    drop(conn);
    let row = row.filter(|r| town_code.is_none_or(|t| t == r.town_code));
    // Compare even when there is no such request, so timing says nothing.
    let dummy = "0".repeat(64);
    let ok = match &proof {
        Proof::Secret(s) => {
            let s = text::normalize_secret(s);
            !s.is_empty() & same(&fazhi_crypto::token_hash(&s), row.as_ref().map_or(dummy.as_str(), |r| r.secret_hash.as_str()))
        }
        Proof::Phone(p) => match personal::index_of(app, Kind::Phone, p) {
            Some(idx) => same(&idx, row.as_ref().map_or(dummy.as_str(), |r| r.phone_idx.as_str())),
            None => false,
        },
    };
    let row = match (ok, row) {
        (true, Some(row)) => row,
        _ => {
            note_attempt(app, "track_fail", Some(&code), ip).await?;
            return Err(refused().into());
        }
    };
    tracking(app, &row).await
}

async fn tracking(app: &App, row: &RequestRow) -> AppResult<Tracking> {
    let today = crate::web::pages::today();
    let mut conn = app.db.pool.acquire().await?;
    let events = store::events(&mut conn, row.id).await?;
    drop(conn);
    let request = store::aggregate(row, &events)?;
    let cal = calendar::load(&app.db).await?;
    let clock = service::clock_text(&request, &cal, today);
    let state = request.state();
    let answer = match (request.outcome(), request.closed_on()) {
        (Some(outcome), Some(on)) => {
            let town = crate::kernel::load_org(app, row.org_id).await?;
            let s = service::settings(app, &town).await?;
            let response = request.response();
            let answer = response.map_or(outcome.default_answer(), |r| r.answer);
            Some(PublicAnswer {
                on: on.to_string(),
                outcome: outcome.full_label(),
                answer: answer.label().to_string(),
                notice: answer.notice_text().to_string(),
                reason: response.and_then(|r| r.reason.clone()),
                responsible_agency: response.and_then(|r| r.responsible_agency.clone()),
                legal_basis: response.map_or_else(|| outcome.legal_basis(answer), |r| r.legal_basis()),
                remedies: fazhi_core::disclosure::model::REMEDIES_NOTICE.to_string(),
                review_body: s.review_body,
                court: s.court,
            })
        }
        _ => None,
    };
    let paused = state.is_waiting();
    Ok(Tracking {
        tracking_code: row.code.clone(),
        town: row.town_name.clone(),
        town_code: row.town_code.clone(),
        state: state.code().to_string(),
        state_label: state.label().to_string(),
        applicant: service::display_name(app, row)?,
        applicant_type: row.applicant_type.form_label(),
        channel: row.channel.label().to_string(),
        description: row.description.clone(),
        received_on: row.received_on.to_string(),
        due_date: clock.due.map(|d| d.to_string()),
        due_text: clock.due_text,
        status: clock.status,
        paused,
        extended: request.is_extended(),
        finished: state.is_finished(),
        explanation: clock.lines,
        history: events
            .iter()
            .map(|e| PublicStep {
                on: e.event.on.to_string(),
                text: text::public_text(&e.event.action),
                detail: match e.event.action {
                    Action::IssueFeeNotice { .. } => e.detail.clone(),
                    _ => None,
                },
            })
            .collect(),
        answer,
    })
}
