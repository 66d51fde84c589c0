//! Registering requests and recording their steps. Every change goes through
//! `kernel::Write`; every rule comes from `fazhi_core::disclosure`.
use chrono::{Datelike, NaiveDate};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Grant, Permission, Role};
use fazhi_core::calendar::{Calendar, ClockStatus, compute};
use fazhi_core::disclosure::fees::{self, FeeBasis};
use fazhi_core::disclosure::request::allowed_actions;
use fazhi_core::disclosure::{Action, ActionKind, AnswerType, ApplicantType, Channel, Delivery, Form, Outcome, ReceiptFacts, Request, RequestState, Response, receipt_date};
use fazhi_core::form;
use fazhi_core::org::OrgKind;
use fazhi_core::personal::{mask_address, mask_name};
use serde::{Deserialize, Serialize};

use super::store::{self, Proposal, RequestRow};
use super::text;
use super::{CLOCK, ENTITY, TODO_ANSWER, TODO_EXTENSION, console_url};
use crate::db::{col, now_text};
use crate::disclosure::MODULE;
use crate::error::{AppError, AppResult};
use crate::kernel::{App, Change, OrgRef, Write, load_org};
use crate::platform::personal::{self, Kind};
use crate::platform::{calendar, todo};

// ───────────────────────────── input ─────────────────────────────

/// The request form: the applicant's part (portal and console) and, for staff,
/// the channel and the dates the art.31 rule needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RequestForm {
    /// The town (console form); the portal and the API take the town code instead.
    #[serde(default)]
    pub town_id: Option<i64>,
    #[serde(default)]
    pub applicant_type: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub delivery: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub submitted_on: String,
    #[serde(default)]
    pub signed_for_on: String,
    #[serde(default)]
    pub arrived_on: String,
    #[serde(default)]
    pub confirmed_on: String,
}

/// The applicant's part, checked.
pub(crate) struct Applicant {
    pub applicant_type: ApplicantType,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub description: String,
    pub purpose: Option<String>,
    pub form: Form,
    pub delivery: Delivery,
}

fn dom(e: fazhi_core::disclosure::DisclosureError) -> AppError {
    AppError::Domain(DomainError::from(e))
}

/// 统一社会信用代码 (GB 32100-2015): 18 characters of the code's alphabet with
/// its check character.
pub(crate) fn credit_code(field: &str, input: &str) -> Result<String, DomainError> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let code: String = input.trim().chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    let values: Option<Vec<u32>> = code.chars().map(|c| ALPHABET.find(c).map(|i| i as u32)).collect();
    let bad = || DomainError::invalid(field, "「统一社会信用代码」应为 18 位数字或大写字母，请核对");
    let values = values.filter(|v| v.len() == 18).ok_or_else(bad)?;
    let sum: u32 = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(DomainError::invalid(field, "「统一社会信用代码」校验位不正确，请核对"));
    }
    Ok(code)
}

/// A valid credit code for demo data (the check character computed).
pub(crate) fn synthesize_credit_code(body17: &str) -> String {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum: u32 = body17.chars().zip(WEIGHTS).map(|(c, w)| ALPHABET.find(c).expect("demo credit code") as u32 * w).sum();
    let check = (31 - sum % 31) % 31;
    format!("{body17}{}", ALPHABET.as_bytes()[check as usize] as char)
}

fn choice<T>(field: &str, label: &str, value: &str, parse: impl Fn(&str) -> Result<T, fazhi_core::disclosure::DisclosureError>) -> Result<T, DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, format!("请选择「{label}」")));
    }
    parse(value).map_err(DomainError::from)
}

pub(crate) fn check_applicant(f: &RequestForm) -> Result<Applicant, DomainError> {
    let applicant_type = choice("applicant_type", "申请人类型", &f.applicant_type, ApplicantType::parse)?;
    let name = form::required_text("name", if applicant_type.is_organization() { "名称" } else { "姓名" }, &f.name, 100)?;
    let id_number = if applicant_type.is_organization() {
        if f.id_number.trim().is_empty() {
            return Err(DomainError::invalid("id_number", "「统一社会信用代码」不能为空"));
        }
        credit_code("id_number", &f.id_number)?
    } else {
        if f.id_number.trim().is_empty() {
            return Err(DomainError::invalid("id_number", "「身份证号码」不能为空"));
        }
        Kind::IdNumber.parse("id_number", &f.id_number)?
    };
    if f.phone.trim().is_empty() {
        return Err(DomainError::invalid("phone", "「联系电话」不能为空"));
    }
    let phone = Kind::Phone.parse("phone", &f.phone)?;
    let address = form::optional_text("address", "通信地址", &f.address, 200)?;
    let email = form::optional_text("email", "电子邮箱", &f.email, 100)?;
    if let Some(e) = &email
        && !(e.contains('@') && !e.starts_with('@') && !e.ends_with('@') && !e.contains(char::is_whitespace))
    {
        return Err(DomainError::invalid("email", "「电子邮箱」格式不正确"));
    }
    let description = form::required_text("description", "所需信息的内容描述", &f.description, 2000)?;
    if description.chars().count() < 4 {
        return Err(DomainError::invalid("description", "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）"));
    }
    let purpose = form::optional_text("purpose", "申请用途", &f.purpose, 500)?;
    let form_ = choice("form", "信息的载体形式", &f.form, Form::parse)?;
    let delivery = choice("delivery", "获取方式", &f.delivery, Delivery::parse)?;
    delivery.check(form_)?;
    if delivery == Delivery::Post && address.is_none() {
        return Err(DomainError::invalid("address", "选择邮寄的，请填写「通信地址」"));
    }
    if delivery == Delivery::Email && email.is_none() {
        return Err(DomainError::invalid("email", "选择电子邮件的，请填写「电子邮箱」"));
    }
    Ok(Applicant { applicant_type, name, id_number, phone, address, email, description, purpose, form: form_, delivery })
}

/// The channel and the art.31 收到日期 (via `receipt_date`).
fn check_receipt(f: &RequestForm, today: NaiveDate) -> Result<(Channel, ReceiptFacts, NaiveDate), DomainError> {
    let channel = choice("channel", "申请方式", &f.channel, Channel::parse)?;
    let facts = ReceiptFacts {
        submitted_on: form::optional_date("submitted_on", "提交日期", &f.submitted_on)?,
        signed_for_on: form::optional_date("signed_for_on", "签收日期", &f.signed_for_on)?,
        arrived_on: form::optional_date("arrived_on", "到达日期", &f.arrived_on)?,
        confirmed_on: form::optional_date("confirmed_on", "确认日期", &f.confirmed_on)?,
    };
    let received = receipt_date(channel, &facts)?;
    if received > today {
        let (field, label) = channel.receipt_fact();
        return Err(DomainError::invalid(field, format!("「{label}」{received} 晚于今天，请核对")));
    }
    Ok((channel, facts, received))
}

// ───────────────────────────── settings ─────────────────────────────

/// Per town: the tracking-code prefix and the remedies bodies named in letters.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub town_id: i64,
    pub prefix: String,
    pub review_body: String,
    pub court: Option<String>,
    /// Whether the values were saved (otherwise they are the defaults).
    pub saved: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub review_body: String,
    #[serde(default)]
    pub court: String,
}

/// Default prefix when a town has none: shared sequences keep codes unique.
const DEFAULT_PREFIX: &str = "SQ";

/// The district government above a town (复议机关 for a 乡镇人民政府, 复议法 art.24),
/// named with its city: "韶关市武江区".
async fn district_name(app: &App, town: &OrgRef) -> AppResult<String> {
    let Some(parent) = town.parent_id else { return Ok(String::new()) };
    let district = load_org(app, parent).await?;
    let mut name = district.name.clone();
    if let Some(gp) = district.parent_id {
        let city = load_org(app, gp).await?;
        if city.kind == OrgKind::City {
            name = format!("{}{}", city.name, district.name);
        }
    }
    Ok(name)
}

pub async fn settings(app: &App, town: &OrgRef) -> AppResult<Settings> {
    let r = sqlx::query("SELECT code_prefix, review_body, court FROM disclosure_request_setting WHERE town_id = $1").bind(town.id).fetch_optional(&app.db.pool).await?;
    Ok(match r {
        Some(r) => Settings { town_id: town.id, prefix: col(&r, "code_prefix")?, review_body: col(&r, "review_body")?, court: col(&r, "court")?, saved: true },
        None => {
            let d = district_name(app, town).await?;
            Settings { town_id: town.id, prefix: DEFAULT_PREFIX.into(), review_body: format!("{d}人民政府"), court: Some(format!("{d}人民法院")), saved: false }
        }
    })
}

pub async fn save_settings(app: &App, actor: &Actor, town_id: i64, f: &SettingsForm) -> AppResult<()> {
    let town = crate::disclosure::load_town(app, town_id).await?;
    let prefix = fazhi_core::tracking::valid_prefix(&f.prefix)?;
    let review_body = form::required_text("review_body", "行政复议机关", &f.review_body, 100)?;
    let court = form::optional_text("court", "行政诉讼管辖法院", &f.court, 100)?;
    let before = settings(app, &town).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureRequestHandle, &town).await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disclosure_request_setting WHERE code_prefix = $1 AND town_id <> $2").bind(&prefix).bind(town.id).fetch_one(w.conn()).await?;
    if taken > 0 {
        return Err(DomainError::invalid("prefix", format!("受理编号前缀「{prefix}」已被其他镇（街道）使用")).into());
    }
    sqlx::query(
        "INSERT INTO disclosure_request_setting (town_id, code_prefix, review_body, court, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (town_id) DO UPDATE SET code_prefix = excluded.code_prefix, review_body = excluded.review_body, court = excluded.court, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(town.id)
    .bind(&prefix)
    .bind(&review_body)
    .bind(&court)
    .bind(actor.user_id)
    .bind(now_text())
    .execute(w.conn())
    .await?;
    w.record(Change::update(
        "disclosure_request_setting",
        town.id,
        &serde_json::json!({"prefix": before.prefix, "review_body": before.review_body, "court": before.court}),
        &serde_json::json!({"prefix": prefix, "review_body": review_body, "court": court}),
    ));
    w.commit().await
}

// ───────────────────────────── registration ─────────────────────────────

/// What the applicant (or the registering staff member) gets back. The secret
/// is shown once; only its hash is stored.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub id: i64,
    pub code: String,
    /// Grouped for reading ("abcd-efgh-…"); any grouping is accepted back.
    pub secret: String,
    pub received_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub town_code: String,
    pub town_name: String,
}

/// The actor of a public submission: it writes the request into the town's
/// audit chain under its own name, and can do nothing else (it exists only
/// inside `create`).
pub(crate) fn public_actor(town: &OrgRef) -> Actor {
    Actor {
        user_id: 0,
        username: "public".into(),
        display_name: "申请人（在线提交）".into(),
        home_org_id: town.id,
        grants: vec![Grant { role: Role::TownOffice, org_id: town.id, org_path: town.path.clone(), org_name: town.name.clone() }],
    }
}

/// Staff register a request received in person, by post, fax, e-mail or
/// online (with the art.31 date).
pub async fn register(app: &App, actor: &Actor, f: &RequestForm) -> AppResult<Created> {
    let town_id = f.town_id.ok_or_else(|| DomainError::invalid("town_id", "请选择「受理单位」"))?;
    let town = crate::disclosure::load_town(app, town_id).await?;
    actor.require(Permission::DisclosureRequestHandle, &town.path)?;
    let today = crate::web::pages::today();
    let applicant = check_applicant(f)?;
    let (channel, facts, received) = check_receipt(f, today)?;
    create(app, actor, &town, &applicant, channel, &facts, received, today, false).await
}

/// Writes a new request: tracking code, encrypted applicant, the answer clock
/// and the to-do item, in one audited write.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn create(
    app: &App,
    actor: &Actor,
    town: &OrgRef,
    a: &Applicant,
    channel: Channel,
    facts: &ReceiptFacts,
    received: NaiveDate,
    today: NaiveDate,
    is_demo: bool,
) -> AppResult<Created> {
    let prefix = settings(app, town).await?.prefix;
    let cal = calendar::load(&app.db).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureRequestHandle, town).await?;
    let year = i64::from(received.year());
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_request_seq (prefix, year, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last_seq = disclosure_request_seq.last_seq + 1 RETURNING last_seq",
    )
    .bind(&prefix)
    .bind(year)
    .fetch_one(w.conn())
    .await?;
    let code = fazhi_core::tracking::TrackingCode::new(&prefix, fazhi_core::tracking::Series::DisclosureRequest, received.year(), seq as u64)?.to_string();
    let secret = fazhi_crypto::random_token(10);
    let name_enc = app.keys.field.encrypt(&a.name);
    let (id_enc, id_idx) = personal::protect(app, Kind::IdNumber, &a.id_number);
    let (phone_enc, phone_idx) = personal::protect(app, Kind::Phone, &a.phone);
    let address_enc = a.address.as_deref().map(|x| app.keys.field.encrypt(x));
    let email_enc = a.email.as_deref().map(|x| app.keys.field.encrypt(x));
    let t = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disclosure_request (org_id, code, secret_hash, channel, receipt_json, received_on, applicant_type, name_enc, id_enc, id_idx, phone_enc, phone_idx,
            address_enc, email_enc, description, purpose, form, delivery, state, extended, is_demo, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, FALSE, $20, $21, $22, $22) RETURNING id",
    )
    .bind(town.id)
    .bind(&code)
    .bind(fazhi_crypto::token_hash(&secret))
    .bind(channel.code())
    .bind(serde_json::to_string(facts).map_err(AppError::internal)?)
    .bind(received.to_string())
    .bind(a.applicant_type.code())
    .bind(&name_enc)
    .bind(&id_enc)
    .bind(&id_idx)
    .bind(&phone_enc)
    .bind(&phone_idx)
    .bind(&address_enc)
    .bind(&email_enc)
    .bind(&a.description)
    .bind(&a.purpose)
    .bind(a.form.code())
    .bind(a.delivery.code())
    .bind(RequestState::Received.code())
    .bind(is_demo)
    .bind((actor.user_id > 0).then_some(actor.user_id))
    .bind(&t)
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(
        ENTITY,
        id,
        &serde_json::json!({"code": code, "town": town.name, "channel": channel.code(), "receipt": facts, "received_on": received, "applicant_type": a.applicant_type.code(),
            "form": a.form.code(), "delivery": a.delivery.code(), "state": RequestState::Received.code()}),
    ));
    let request = Request::new(received);
    let deadline = request.deadline();
    let key = id.to_string();
    let clock_id = calendar::put_clock_in(&mut w, town.id, MODULE, ENTITY, &key, CLOCK, &deadline).await?;
    let due = compute(&deadline, &cal, today).ok().and_then(|c| c.due);
    let title = format!("答复政府信息公开申请 {code}");
    let detail = format!("{}收到，{}。应自收到申请之日起 20 个工作日内答复（条例第三十三条）。", received, a.applicant_type.form_label());
    let url = console_url(id);
    todo::open_in(
        &mut w,
        town.id,
        todo::TodoSpec { module: MODULE, kind: TODO_ANSWER, title: &title, detail: Some(&detail), url: Some(&url), entity: Some((ENTITY, &key)), assignee_id: None, clock_id: Some(clock_id), due_date: None },
    )
    .await?;
    w.commit().await?;
    Ok(Created { id, code, secret: text::format_secret(&secret), received_on: received, due_date: due, town_code: town_code(app, town).await?, town_name: town.name.clone() })
}

async fn town_code(app: &App, town: &OrgRef) -> AppResult<String> {
    Ok(sqlx::query_scalar("SELECT code FROM org_unit WHERE id = $1").bind(town.id).fetch_one(&app.db.pool).await?)
}

// ───────────────────────────── steps ─────────────────────────────

/// One step as staff record it: the legal date, the core action, and texts
/// kept beside it (a public detail such as the fee computation; an internal note).
#[derive(Debug, Clone)]
pub struct Step {
    pub on: NaiveDate,
    pub action: Action,
    pub detail: Option<String>,
    pub note: Option<String>,
}

impl Step {
    pub fn new(on: NaiveDate, action: Action) -> Step {
        Step { on, action, detail: None, note: None }
    }
}

/// The permission a step needs: the head approves extensions (art.33), the
/// office does the rest.
fn permission_for(kind: ActionKind) -> Permission {
    if kind == ActionKind::Extend { Permission::DisclosureExtensionApprove } else { Permission::DisclosureRequestHandle }
}

async fn org_of(app: &App, id: i64) -> AppResult<OrgRef> {
    let org_id: Option<i64> = sqlx::query_scalar("SELECT org_id FROM disclosure_request WHERE id = $1").bind(id).fetch_optional(&app.db.pool).await?;
    load_org(app, org_id.ok_or_else(|| DomainError::not_found("政府信息公开申请"))?).await
}

/// Records a step: loads the aggregate, applies the step with the calendar
/// (every rule of the 条例 lives there), stores the event, puts the answer
/// clock and the to-do item — one write, one audit trail.
pub async fn act(app: &App, actor: &Actor, id: i64, step: Step) -> AppResult<RequestState> {
    act_at(app, actor, id, step, crate::web::pages::today()).await
}

pub(crate) async fn act_at(app: &App, actor: &Actor, id: i64, step: Step, today: NaiveDate) -> AppResult<RequestState> {
    if step.on > today {
        return Err(DomainError::invalid("on", format!("「办理日期」{} 晚于今天，请按实际办理的日期登记", step.on)).into());
    }
    let kind = step.action.kind();
    let org = org_of(app, id).await?;
    let cal = calendar::load(&app.db).await?;
    let mut w = Write::begin(app, actor, permission_for(kind), &org).await?;
    store::lock(w.conn(), id, app.db.for_update()).await?;
    let row = store::load(w.conn(), id).await?;
    let events = store::events(w.conn(), id).await?;
    let mut request = store::aggregate(&row, &events)?;
    let from = request.state();
    let to = request.apply(step.on, step.action.clone(), &cal).map_err(dom)?;
    let event = request.events().last().cloned().ok_or_else(|| AppError::internal("applied step not recorded"))?;
    let event_json = serde_json::to_string(&event).map_err(AppError::internal)?;
    sqlx::query(
        "INSERT INTO disclosure_request_event (request_id, seq, on_date, action, event_json, detail, note, actor_id, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(events.len() as i64 + 1)
    .bind(step.on.to_string())
    .bind(kind.code())
    .bind(&event_json)
    .bind(&step.detail)
    .bind(&step.note)
    .bind(actor.user_id)
    .bind(&actor.display_name)
    .bind(now_text())
    .execute(w.conn())
    .await?;
    let deadline = request.deadline();
    let key = id.to_string();
    calendar::put_clock_in(&mut w, org.id, MODULE, ENTITY, &key, CLOCK, &deadline).await?;
    let on_time = match compute(&deadline, &cal, today).map(|c| c.status) {
        Ok(ClockStatus::Completed { on_time, .. }) => Some(on_time),
        _ => None,
    };
    let clear_proposal = kind == ActionKind::Extend || to.is_finished();
    sqlx::query(
        "UPDATE disclosure_request SET state = $1, extended = $2, outcome = $3, closed_on = $4, on_time = $5, updated_at = $6,
           extension_proposal = CASE WHEN $7 THEN NULL ELSE extension_proposal END WHERE id = $8",
    )
    .bind(to.code())
    .bind(request.is_extended())
    .bind(request.outcome().map(|o| o.code()))
    .bind(request.closed_on().map(|d| d.to_string()))
    .bind(on_time)
    .bind(now_text())
    .bind(clear_proposal)
    .bind(id)
    .execute(w.conn())
    .await?;
    if to.is_finished() {
        todo::close_in(&mut w, ENTITY, &key, TODO_ANSWER).await?;
    }
    if clear_proposal {
        todo::close_in(&mut w, ENTITY, &key, TODO_EXTENSION).await?;
    }
    w.record(Change::action(
        &format!("transition:{}", kind.code()),
        ENTITY,
        id,
        &serde_json::json!({"from": from.code(), "to": to.code(), "event": event, "detail": step.detail, "on_time": on_time}),
    ));
    w.commit().await?;
    Ok(to)
}

// ───────────────────────────── extension proposals ─────────────────────────────

/// The office proposes an extension; the head decides (to-do assigned to the
/// town's principal leader). The proposal is checked by the same core rules as
/// the extension itself (state, once only, ≤ 20 WD, before the due date).
pub async fn propose_extension(app: &App, actor: &Actor, id: i64, days: &str, reason: &str, on: &str) -> AppResult<()> {
    let today = crate::web::pages::today();
    let on = if on.trim().is_empty() { today } else { form::date("on", "提请日期", on)? };
    if on > today {
        return Err(DomainError::invalid("on", format!("「提请日期」{on} 晚于今天，请核对")).into());
    }
    let days = form::integer("days", "延长工作日数", days, 1, 20)? as u32;
    let reason = form::required_text("reason", "延长理由", reason, 500)?;
    let org = org_of(app, id).await?;
    let cal = calendar::load(&app.db).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureRequestHandle, &org).await?;
    store::lock(w.conn(), id, app.db.for_update()).await?;
    let row = store::load(w.conn(), id).await?;
    if row.proposal.is_some() {
        return Err(DomainError::conflict("已提请负责人批准延长，请等待负责人决定").into());
    }
    let events = store::events(w.conn(), id).await?;
    let request = store::aggregate(&row, &events)?;
    let probe = Action::Extend { days, approver: "（待负责人批准）".into(), reason: reason.clone(), notified_on: on };
    request.check(on, &probe, &cal).map_err(dom)?;
    let proposal = Proposal { days, reason, by: actor.display_name.clone(), by_id: actor.user_id, on };
    sqlx::query("UPDATE disclosure_request SET extension_proposal = $1, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&proposal).map_err(AppError::internal)?)
        .bind(now_text())
        .bind(id)
        .execute(w.conn())
        .await?;
    w.record(Change::action("extension_proposed", ENTITY, id, &proposal));
    let leader: Option<i64> = sqlx::query_scalar(
        "SELECT u.id FROM role_grant g JOIN app_user u ON u.id = g.user_id JOIN org_unit o ON o.id = g.org_id
         WHERE g.role = $1 AND u.active = TRUE AND $2 LIKE o.path || '%' ORDER BY length(o.path) DESC, u.id LIMIT 1",
    )
    .bind(Role::PrincipalLeader.code())
    .bind(org.path.as_str())
    .fetch_optional(w.conn())
    .await?;
    let due = compute(&request.deadline(), &cal, on).ok().and_then(|c| c.due);
    let title = format!("审批延长答复期限：{}", row.code);
    let detail = format!("{}提请延长 {} 个工作日，理由：{}。延长须经政府信息公开工作机构负责人同意，并在答复期限届满前告知申请人（条例第三十三条）。", proposal.by, days, proposal.reason);
    let url = console_url(id);
    let key = id.to_string();
    todo::open_in(
        &mut w,
        org.id,
        todo::TodoSpec { module: MODULE, kind: TODO_EXTENSION, title: &title, detail: Some(&detail), url: Some(&url), entity: Some((ENTITY, &key)), assignee_id: leader, clock_id: None, due_date: due },
    )
    .await?;
    w.commit().await
}

/// The head declines a proposed extension.
pub async fn decline_extension(app: &App, actor: &Actor, id: i64, reason: &str) -> AppResult<()> {
    let reason = form::required_text("reason", "不同意的理由", reason, 500)?;
    let org = org_of(app, id).await?;
    let mut w = Write::begin(app, actor, Permission::DisclosureExtensionApprove, &org).await?;
    store::lock(w.conn(), id, app.db.for_update()).await?;
    let row = store::load(w.conn(), id).await?;
    let Some(p) = row.proposal else {
        return Err(DomainError::conflict("没有待批准的延长申请").into());
    };
    sqlx::query("UPDATE disclosure_request SET extension_proposal = NULL, updated_at = $1 WHERE id = $2").bind(now_text()).bind(id).execute(w.conn()).await?;
    w.record(Change::action("extension_declined", ENTITY, id, &serde_json::json!({"proposal": p, "reason": reason})));
    todo::close_in(&mut w, ENTITY, &id.to_string(), TODO_EXTENSION).await?;
    w.commit().await
}

// ───────────────────────────── the action form ─────────────────────────────

/// Every field any step's form may send; `action` names the step.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub responsible_agency: String,
    #[serde(default)]
    pub public_interest: String,
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub reply_by: String,
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub notified_on: String,
    #[serde(default)]
    pub third_party: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub fee_basis: String,
    #[serde(default)]
    pub earlier_in_month: String,
    #[serde(default)]
    pub fee_items: String,
    #[serde(default)]
    pub pages: String,
}

fn response_of(f: &ActionForm) -> Result<Response, DomainError> {
    if f.outcome.trim().is_empty() {
        return Err(DomainError::invalid("outcome", "请选择「办理结果」"));
    }
    let outcome = Outcome::parse(&f.outcome)?;
    let mut r = Response::new(outcome);
    if !f.answer.trim().is_empty() {
        r.answer = AnswerType::parse(&f.answer)?;
    }
    r.reason = form::optional_text("reason", "理由", &f.reason, 2000)?;
    r.responsible_agency = form::optional_text("responsible_agency", "负责公开的机关及联系方式", &f.responsible_agency, 200)?;
    r.public_interest = form::optional_text("public_interest", "公共利益理由", &f.public_interest, 2000)?;
    Ok(r)
}

fn count(field: &str, label: &str, value: &str, max: i64) -> Result<u32, DomainError> {
    Ok(form::integer(field, label, value, 0, max)? as u32)
}

impl ActionForm {
    /// The step this form describes, checked for completeness (the workflow
    /// rules are checked by the aggregate when it is applied).
    pub fn to_step(&self, actor: &Actor, today: NaiveDate) -> Result<Step, DomainError> {
        let kind = ActionKind::ALL.into_iter().find(|k| k.code() == self.action.trim()).ok_or_else(|| DomainError::invalid("action", "请选择办理步骤"))?;
        let on = if self.on.trim().is_empty() { today } else { form::date("on", "办理日期", &self.on)? };
        let mut detail = None;
        let action = match kind {
            ActionKind::AcceptForReview => Action::AcceptForReview,
            ActionKind::AnswerOnSpot => Action::AnswerOnSpot { response: response_of(self)? },
            ActionKind::Respond => Action::Respond { response: response_of(self)? },
            ActionKind::RequestCorrection => Action::RequestCorrection {
                items: self.items.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
                reply_by: form::date("reply_by", "补正期限", &self.reply_by)?,
            },
            ActionKind::CorrectionReceived => Action::CorrectionReceived,
            ActionKind::MarkAbandoned => Action::MarkAbandoned,
            ActionKind::Extend => Action::Extend {
                days: form::integer("days", "延长工作日数", &self.days, 1, 20)? as u32,
                approver: actor.display_name.clone(),
                reason: form::required_text("reason", "延长理由", &self.reason, 500)?,
                notified_on: if self.notified_on.trim().is_empty() { on } else { form::date("notified_on", "告知申请人日期", &self.notified_on)? },
            },
            ActionKind::StartThirdPartyConsultation => Action::StartThirdPartyConsultation { third_party: form::required_text("third_party", "第三方名称", &self.third_party, 200)? },
            ActionKind::StartCoAgencyConsultation => Action::StartCoAgencyConsultation { agency: form::required_text("agency", "被征求意见机关", &self.agency, 200)? },
            ActionKind::EndThirdPartyConsultation | ActionKind::EndCoAgencyConsultation => {
                let reply = text::parse_reply(self.reply.trim()).ok_or_else(|| DomainError::invalid("reply", "请选择「意见」"))?;
                if kind == ActionKind::EndThirdPartyConsultation { Action::EndThirdPartyConsultation { reply } } else { Action::EndCoAgencyConsultation { reply } }
            }
            ActionKind::IssueFeeNotice => {
                let basis = match self.fee_basis.as_str() {
                    "per_item" => FeeBasis::PerItem {
                        earlier_in_month: count("earlier_in_month", "本月此前已申请件数", &self.earlier_in_month, 100_000)?,
                        items: count("fee_items", "本次申请件数", &self.fee_items, 100_000)?,
                    },
                    "per_page" => FeeBasis::PerPage { pages: count("pages", "页数", &self.pages, 1_000_000)? },
                    _ => return Err(DomainError::invalid("fee_basis", "请选择「计收方式」（按件或按量，二者不能同时适用）")),
                };
                let fee = fees::fee(basis)?;
                detail = Some(fee.explanation.clone());
                Action::IssueFeeNotice { amount_fen: fee.fen }
            }
            ActionKind::FeePaid => Action::FeePaid,
            ActionKind::FeeNotPaid => Action::FeeNotPaid,
            ActionKind::Archive => Action::Archive,
        };
        Ok(Step { on, action, detail, note: form::optional_text("note", "内部备注", &self.note, 1000)? })
    }
}

// ───────────────────────────── reading ─────────────────────────────

/// A step in the staff history.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub on: String,
    pub text: String,
    pub detail: Option<String>,
    pub note: Option<String>,
    pub actor: String,
}

/// The console's view of a request; personal fields masked.
#[derive(Debug, Clone, Serialize)]
pub struct StaffView {
    pub id: i64,
    pub org_id: i64,
    pub town_name: String,
    pub town_code: String,
    pub code: String,
    pub state: RequestState,
    pub state_label: &'static str,
    pub applicant_type: &'static str,
    pub is_organization: bool,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub description: String,
    pub purpose: Option<String>,
    pub form: &'static str,
    pub delivery: &'static str,
    pub channel: &'static str,
    pub receipt_rule: &'static str,
    pub received_on: String,
    pub extended: bool,
    pub outcome: Option<String>,
    pub closed_on: Option<String>,
    pub on_time: Option<bool>,
    pub due: Option<String>,
    pub due_text: String,
    pub status: String,
    pub overdue: bool,
    pub lines: Vec<String>,
    pub events: Vec<EventView>,
    pub allowed: Vec<ActionKind>,
    /// The art.30 limit for the correction notice, while one may still be sent.
    pub correction_notice_by: Option<String>,
    /// The period given in the correction notice, while waiting.
    pub correction_reply_by: Option<String>,
    /// The 15 WD of the running consultation.
    pub consultation_until: Option<String>,
    /// The payment window of the fee notice, while waiting.
    pub fee_until: Option<String>,
    pub response: Option<Response>,
    pub proposal: Option<Proposal>,
    pub clock_id: Option<i64>,
    pub has_correction: bool,
    pub is_demo: bool,
}

impl StaffView {
    pub fn can(&self, kind: &ActionKind) -> bool {
        self.allowed.contains(kind)
    }
    /// The answer type when it is not the outcome's default (e.g. 已主动公开, 非本机关负责公开).
    pub fn response_answer(&self) -> String {
        self.response.as_ref().filter(|r| r.answer != r.outcome.default_answer()).map(|r| r.answer.label().to_string()).unwrap_or_default()
    }
}

fn due_of(d: fazhi_core::calendar::Deadline, cal: &Calendar, today: NaiveDate) -> Option<String> {
    compute(&d, cal, today).ok().and_then(|c| c.due).map(|d| d.to_string())
}

/// The clock as people read it: due date or why there is none, status, explanation.
pub(crate) struct ClockText {
    pub due: Option<NaiveDate>,
    pub due_text: String,
    pub status: String,
    pub overdue: bool,
    pub lines: Vec<String>,
}

pub(crate) fn clock_text(request: &Request, cal: &Calendar, today: NaiveDate) -> ClockText {
    match compute(&request.deadline(), cal, today) {
        Ok(c) => {
            let (status, overdue) = match c.status {
                ClockStatus::Running { working_days_left: Some(0), .. } => ("今天到期".to_string(), false),
                ClockStatus::Running { working_days_left: Some(n), .. } => (format!("计时中，剩余 {n} 个工作日"), false),
                ClockStatus::Running { calendar_days_left, .. } => (format!("计时中，剩余 {calendar_days_left} 天"), false),
                ClockStatus::Overdue { working_days: Some(n), .. } => (format!("已超过答复期限 {n} 个工作日"), true),
                ClockStatus::Overdue { calendar_days, .. } => (format!("已超过答复期限 {calendar_days} 天"), true),
                ClockStatus::Paused => {
                    let left = c.paused.as_ref().map(|p| (p.since, p.left.iter().map(|x| format!("{} {}", x.days, if x.unit == fazhi_core::calendar::Unit::WorkingDays { "个工作日" } else { "日" })).collect::<Vec<_>>().join("加")));
                    match left {
                        Some((since, left)) if !left.is_empty() => (format!("自 {since} 起暂停计时，恢复计时后还剩 {left}"), false),
                        _ => (text::paused_text(request.state()), false),
                    }
                }
                ClockStatus::Completed { on, on_time } => (format!("已于 {on} 办结（{}）", if on_time { "在答复期限内" } else { "超过答复期限" }), false),
            };
            let due_text = match c.due {
                Some(d) => d.to_string(),
                None => text::paused_text(request.state()),
            };
            ClockText { due: c.due, due_text, status, overdue, lines: c.explanation.to_chinese_lines() }
        }
        Err(e) => ClockText { due: None, due_text: "日历未载入，暂不能计算".into(), status: "日历未载入".into(), overdue: false, lines: vec![e.to_string()] },
    }
}

fn masked(app: &App, kind: Kind, c: &str) -> String {
    personal::masked(app, kind, Some(c)).unwrap_or_default()
}

pub(crate) fn decrypt(app: &App, c: &str) -> AppResult<String> {
    app.keys.field.decrypt(c).map_err(|e| AppError::internal(format!("personal field: {e}")))
}

/// The applicant's name as shown without unmasking: organisations in full, persons masked.
pub(crate) fn display_name(app: &App, row: &RequestRow) -> AppResult<String> {
    let name = decrypt(app, &row.name_enc)?;
    Ok(if row.applicant_type.is_organization() { name } else { mask_name(&name) })
}

/// The request as staff with `DisclosureRead` on its town see it.
pub async fn staff_view(app: &App, actor: &Actor, id: i64) -> AppResult<StaffView> {
    let today = crate::web::pages::today();
    let mut conn = app.db.pool.acquire().await?;
    let row = store::load(&mut conn, id).await?;
    let org = load_org(app, row.org_id).await?;
    actor.require(Permission::DisclosureRead, &org.path)?;
    let events = store::events(&mut conn, id).await?;
    drop(conn);
    let request = store::aggregate(&row, &events)?;
    let cal = calendar::load(&app.db).await?;
    let clock = clock_text(&request, &cal, today);
    let clock_id: Option<i64> = sqlx::query_scalar("SELECT id FROM clock WHERE entity = $1 AND entity_id = $2 AND name = $3")
        .bind(ENTITY)
        .bind(id.to_string())
        .bind(CLOCK)
        .fetch_optional(&app.db.pool)
        .await?;
    let state = request.state();
    let correction_notice_by = (matches!(state, RequestState::Received | RequestState::UnderReview) && request.correction_request().is_none())
        .then(|| due_of(request.correction_deadline(), &cal, today))
        .flatten();
    let consultation_until = matches!(state, RequestState::ThirdPartyConsultation | RequestState::CoAgencyConsultation)
        .then(|| request.consultation_deadline().and_then(|d| due_of(d, &cal, today)))
        .flatten();
    let fee_until = (state == RequestState::FeeNotice).then(|| request.fee_deadline().and_then(|d| due_of(d, &cal, today))).flatten();
    let correction_reply_by = (state == RequestState::CorrectionRequested).then(|| request.correction_request().map(|(_, by)| by.to_string())).flatten();
    Ok(StaffView {
        id,
        org_id: row.org_id,
        town_name: row.town_name.clone(),
        town_code: row.town_code.clone(),
        code: row.code.clone(),
        state,
        state_label: state.label(),
        applicant_type: row.applicant_type.label(),
        is_organization: row.applicant_type.is_organization(),
        name: display_name(app, &row)?,
        id_number: masked(app, Kind::IdNumber, &row.id_enc),
        phone: masked(app, Kind::Phone, &row.phone_enc),
        address: row.address_enc.as_deref().map(|c| decrypt(app, c).map(|a| mask_address(&a))).transpose()?,
        email: row.email_enc.as_deref().map(|c| decrypt(app, c).map(|e| mask_email(&e))).transpose()?,
        description: row.description.clone(),
        purpose: row.purpose.clone(),
        form: row.form.label(),
        delivery: row.delivery.label(),
        channel: row.channel.label(),
        receipt_rule: row.channel.receipt_rule(),
        received_on: row.received_on.to_string(),
        extended: request.is_extended(),
        outcome: request.outcome().map(|o| format!("{}（表三 {}）", o.full_label(), o.code())),
        closed_on: request.closed_on().map(|d| d.to_string()),
        on_time: row.on_time,
        due: clock.due.map(|d| d.to_string()),
        due_text: clock.due_text,
        status: clock.status,
        overdue: clock.overdue,
        lines: clock.lines,
        events: events
            .iter()
            .map(|e| EventView { on: e.event.on.to_string(), text: text::staff_text(&e.event.action), detail: e.detail.clone(), note: e.note.clone(), actor: e.actor_name.clone() })
            .collect(),
        allowed: allowed_actions(state).collect(),
        correction_notice_by,
        correction_reply_by,
        consultation_until,
        fee_until,
        response: request.response().cloned(),
        proposal: row.proposal.clone(),
        clock_id,
        has_correction: request.correction_request().is_some(),
        is_demo: row.is_demo,
    })
}

/// `a***@example.com`.
pub(crate) fn mask_email(e: &str) -> String {
    match e.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// The applicant's data in full, shown once; each field's viewing is audited.
#[derive(Debug, Clone, Serialize)]
pub struct Revealed {
    pub code: String,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: Option<String>,
    pub email: Option<String>,
}

pub async fn reveal(app: &App, actor: &Actor, id: i64) -> AppResult<Revealed> {
    let org = org_of(app, id).await?;
    let mut w = Write::begin(app, actor, Permission::PersonalDataUnmask, &org).await?;
    let row = store::load(w.conn(), id).await?;
    let key = id.to_string();
    let name = personal::reveal_in(&mut w, ENTITY, &key, "name", &row.name_enc).await?;
    let id_number = personal::reveal_in(&mut w, ENTITY, &key, "id_number", &row.id_enc).await?;
    let phone = personal::reveal_in(&mut w, ENTITY, &key, "phone", &row.phone_enc).await?;
    let address = match &row.address_enc {
        Some(c) => Some(personal::reveal_in(&mut w, ENTITY, &key, "address", c).await?),
        None => None,
    };
    let email = match &row.email_enc {
        Some(c) => Some(personal::reveal_in(&mut w, ENTITY, &key, "email", c).await?),
        None => None,
    };
    w.commit().await?;
    Ok(Revealed { code: row.code, name, id_number, phone, address, email })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_check_their_check_character() {
        let good = synthesize_credit_code("91440203MA4W00000");
        assert_eq!(credit_code("id_number", &good.to_lowercase()).unwrap(), good);
        let mut bad = good.clone();
        bad.replace_range(17.., if good.ends_with('0') { "1" } else { "0" });
        assert!(credit_code("id_number", &bad).is_err());
        assert!(credit_code("id_number", "12345").is_err());
        assert!(credit_code("id_number", "91440203MA4W0000IO").is_err());
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("zhang@example.com"), "z***@example.com");
    }
}
