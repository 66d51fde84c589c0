//! JSON API of 会议制度, scoped to the caller's towns (bearer token or session):
//! `GET /meetings` (the `meetings` list: filters `f_state`, `f_from`, `f_to` …),
//! `GET /meetings/{id}` (agenda, attendance, votes, decisions, minutes versions),
//! `GET /meetings/votes` (named votes, JSON or `format=csv`), and the actions of
//! the procedure, each enforcing the same rules as the pages.
use std::collections::BTreeMap;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::kernel::App;
use crate::web::api::{bad_json, to_json};
use crate::meeting::agenda::{self, ItemForm};
use crate::meeting::types::{self, TypeForm};
use crate::meeting::voting::{self, DecisionForm};
use crate::meeting::{When, minutes, read, sitting};
use crate::platform::lists;
use crate::web::{ApiError, CurrentUser};

type ApiResult = Result<Json<serde_json::Value>, ApiError>;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/meetings", get(list).post(create))
        .route("/meetings/votes", get(votes))
        .route("/meetings/{id}", get(detail))
        .route("/meetings/{id}/notice", post(notice))
        .route("/meetings/{id}/start", post(start))
        .route("/meetings/{id}/attendance", post(attendance))
        .route("/meetings/{id}/end", post(end))
        .route("/meetings/{id}/approve", post(approve))
        .route("/meetings/{id}/agenda", post(reorder))
        .route("/meeting-types", post(create_type))
        .route("/meeting-types/{id}/members", post(member))
        .route("/meeting-types/{id}/schedule", post(schedule))
        .route("/meeting-items", post(propose))
        .route("/meeting-items/{id}/accept", post(accept))
        .route("/meeting-items/{id}/notes", post(note))
        .route("/meeting-items/{id}/materials", post(material))
        .route("/meeting-items/{id}/vote", post(vote))
        .route("/meeting-items/{id}/decide", post(decide))
        .route("/meeting-items/{id}/decision/correct", post(correct_decision))
        .route("/meeting-votes/{id}/correct", post(correct_vote))
}



async fn list(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> ApiResult {
    crate::web::api::list_page(&app, &auth.actor, &lists::MEETINGS, &params).await
}

async fn detail(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    let v = read::view(&app, &auth.actor, id).await?;
    Ok(Json(to_json(&v)?))
}

async fn votes(State(app): State<App>, CurrentUser(auth): CurrentUser, Query(params): Query<BTreeMap<String, String>>) -> Result<Response, ApiError> {
    if params.get("format").map(String::as_str) == Some("csv") {
        let body = crate::web::meeting::votes::csv(&app, &auth.actor, &params).await?;
        return Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"meeting-votes.csv\"")], body).into_response());
    }
    let rows = crate::web::meeting::votes::rows(&app, &auth.actor, &params).await?;
    Ok(Json(serde_json::json!({"items": rows})).into_response())
}

#[derive(Deserialize, Default)]
struct CreateBody {
    type_id: i64,
    #[serde(default)]
    meeting_date: String,
    #[serde(default)]
    start_time: String,
    #[serde(default)]
    title: String,
}

async fn create(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<CreateBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let id = sitting::create_meeting(&app, &auth.actor, b.type_id, &b.meeting_date, &b.start_time, &b.title, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "state": "preparing"})))
}

#[derive(Deserialize, Default)]
struct NoticeBody {
    #[serde(default)]
    late_reason: String,
}

async fn notice(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Option<Json<NoticeBody>>) -> ApiResult {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    let c = sitting::send_notice(&app, &auth.actor, id, &b.late_reason, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "state": "notified", "on_time": matches!(c, fazhi_core::meeting::NoticeCheck::OnTime)})))
}

async fn start(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    sitting::start(&app, &auth.actor, id, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "state": "in_session"})))
}

#[derive(Deserialize)]
struct AttendanceBody {
    user_id: i64,
    presence: String,
    #[serde(default)]
    reason: String,
}

async fn attendance(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<AttendanceBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    sitting::record_attendance(&app, &auth.actor, id, b.user_id, &b.presence, &b.reason, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "user_id": b.user_id, "presence": b.presence})))
}

async fn end(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    sitting::end(&app, &auth.actor, id, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "state": "ended"})))
}

async fn approve(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>) -> ApiResult {
    let version = minutes::approve(&app, &auth.actor, id, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "state": "approved", "minutes_version": version})))
}

#[derive(Deserialize)]
struct OrderBody {
    order: Vec<i64>,
}

async fn reorder(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<OrderBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    agenda::reorder(&app, &auth.actor, id, &b.order, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "order": b.order})))
}

#[derive(Deserialize)]
struct TypeBody {
    org_id: i64,
    #[serde(flatten)]
    form: TypeForm,
}

async fn create_type(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<TypeBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let id = types::create_type(&app, &auth.actor, b.org_id, &b.form).await?;
    Ok(Json(serde_json::json!({"id": id})))
}

#[derive(Deserialize)]
struct MemberBody {
    user_id: i64,
    role: String,
    #[serde(default)]
    title: String,
}

async fn member(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<MemberBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    types::set_member(&app, &auth.actor, id, b.user_id, &b.role, &b.title).await?;
    Ok(Json(serde_json::json!({"type_id": id, "user_id": b.user_id, "role": b.role})))
}

#[derive(Deserialize)]
struct ScheduleBody {
    from: String,
    weeks: u32,
}

async fn schedule(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<ScheduleBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let from = fazhi_core::form::date("from", "起始日期", &b.from)?;
    let ids = types::generate_schedule(&app, &auth.actor, id, from, b.weeks, When::now()).await?;
    Ok(Json(serde_json::json!({"type_id": id, "meetings": ids})))
}

async fn propose(State(app): State<App>, CurrentUser(auth): CurrentUser, body: Result<Json<ItemForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let id = agenda::propose(&app, &auth.actor, &f, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "proposed"})))
}

#[derive(Deserialize)]
struct AcceptBody {
    meeting_id: i64,
}

async fn accept(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<AcceptBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    agenda::accept(&app, &auth.actor, id, b.meeting_id, When::now()).await?;
    Ok(Json(serde_json::json!({"id": id, "status": "accepted", "meeting_id": b.meeting_id})))
}

#[derive(Deserialize)]
struct MaterialBody {
    attachment_id: i64,
    #[serde(default)]
    public: bool,
}

/// Attaches an uploaded attachment (`POST /attachments` with entity `meeting_item`) as material.
async fn material(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<MaterialBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    agenda::add_material(&app, &auth.actor, id, b.attachment_id, b.public, When::now()).await?;
    Ok(Json(serde_json::json!({"item_id": id, "attachment_id": b.attachment_id, "public": b.public})))
}

#[derive(Deserialize)]
struct NoteBody {
    user_id: i64,
    body: String,
}

async fn note(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<NoteBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let note = voting::add_note(&app, &auth.actor, id, b.user_id, &b.body, When::now()).await?;
    Ok(Json(serde_json::json!({"id": note})))
}

#[derive(Deserialize)]
struct VoteBody {
    choice: String,
    #[serde(default)]
    opinion: String,
}

async fn vote(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<VoteBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let v = voting::cast_vote(&app, &auth.actor, id, &b.choice, &b.opinion, When::now()).await?;
    Ok(Json(serde_json::json!({"id": v, "item_id": id, "choice": b.choice})))
}

async fn decide(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<DecisionForm>, JsonRejection>) -> ApiResult {
    let Json(f) = body.map_err(bad_json)?;
    let d = voting::decide(&app, &auth.actor, id, &f, When::now()).await?;
    Ok(Json(serde_json::json!({"id": d, "item_id": id, "outcome": f.outcome})))
}

#[derive(Deserialize)]
struct CorrectDecisionBody {
    #[serde(flatten)]
    form: DecisionForm,
    #[serde(default)]
    reason: String,
}

async fn correct_decision(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<CorrectDecisionBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let c = minutes::correct_decision(&app, &auth.actor, id, &b.form, &b.reason, When::now()).await?;
    Ok(Json(serde_json::json!({"correction_id": c})))
}

#[derive(Deserialize)]
struct CorrectVoteBody {
    choice: String,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    reason: String,
}

async fn correct_vote(State(app): State<App>, CurrentUser(auth): CurrentUser, Path(id): Path<i64>, body: Result<Json<CorrectVoteBody>, JsonRejection>) -> ApiResult {
    let Json(b) = body.map_err(bad_json)?;
    let c = minutes::correct_vote(&app, &auth.actor, id, &b.choice, &b.opinion, &b.reason, When::now()).await?;
    Ok(Json(serde_json::json!({"correction_id": c})))
}

/// The OpenAPI paths of this module (merged into `/api/v1/openapi.json`).
pub fn openapi_paths() -> serde_json::Value {
    let err = serde_json::json!({"description": "错误（JSON：error.code、error.message、error.field）；违反会议规则时 409 refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let op = |summary: &str, tag: &str, public: bool| {
        let mut o = serde_json::json!({"summary": summary, "tags": [tag], "responses": {"200": {"description": "成功", "content": {"application/json": {}}}, "4XX": err.clone()}});
        if public {
            o["security"] = serde_json::json!([]);
        }
        o
    };
    let q = |name: &str, desc: &str, ty: &str| serde_json::json!({"name": name, "in": "query", "required": false, "description": desc, "schema": {"type": ty}});
    let id = serde_json::json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let body = |props: serde_json::Value, required: &[&str]| serde_json::json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "required": required, "properties": props}}}});
    let with_id = |summary: &str, b: Option<serde_json::Value>| {
        let mut o = op(summary, "会议", false);
        o["parameters"] = serde_json::json!([id.clone()]);
        if let Some(b) = b {
            o["requestBody"] = b;
        }
        o
    };
    let mut list = op("会议台账（限授权范围）", "会议", false);
    list["parameters"] = serde_json::json!([q("f_state", "状态：preparing、notified、in_session、ended、approved", "string"), q("f_from", "会议日期起", "string"), q("f_to", "会议日期止", "string"), q("after", "翻页游标", "string"), q("limit", "每页条数", "integer")]);
    let mut create = op("新建一次会议", "会议", false);
    create["requestBody"] = body(serde_json::json!({"type_id": {"type": "integer"}, "meeting_date": {"type": "string", "format": "date"}, "start_time": {"type": "string", "example": "08:30"}, "title": {"type": "string"}}), &["type_id", "meeting_date"]);
    let mut votes = op("记名表决结果（按会议、按成员和期间）；format=csv 下载 CSV，XLSX 见 /console/lists/meeting_votes/export", "会议", false);
    votes["parameters"] = serde_json::json!([q("f_meeting", "会议编号", "string"), q("f_member_id", "成员（用户）编号", "string"), q("f_from", "会议日期起", "string"), q("f_to", "会议日期止", "string"), q("format", "json（默认）或 csv", "string")]);
    let decision_props = serde_json::json!({"outcome": {"type": "string", "enum": ["adopt", "reject", "defer"]}, "text": {"type": "string", "description": "决定事项"}, "contrary_reason": {"type": "string", "description": "与多数意见不一致时必填（令713第三十条）"}});
    let mut propose = op("提出议题（班子成员、党政办）；重大行政决策模块以 decision_id 提交", "会议", false);
    propose["requestBody"] = body(serde_json::json!({"org_id": {"type": "integer"}, "title": {"type": "string"}, "proposer_unit": {"type": "string"}, "summary": {"type": "string"}, "research_notes": {"type": "string"}, "decision_id": {"type": "integer"}}), &["org_id", "title", "proposer_unit", "summary"]);
    let mut create_type = op("新建会议类型（提前通知天数、到会人数要求、例会时间）", "会议", false);
    create_type["requestBody"] = body(serde_json::json!({"org_id": {"type": "integer"}, "name": {"type": "string"}, "notice_days": {"type": "integer"}, "quorum_num": {"type": "integer"}, "quorum_den": {"type": "integer"}, "quorum_strict": {"type": "boolean", "description": "true：超过该比例；false：达到该比例以上"}, "weekday": {"type": "integer", "description": "1=周一"}, "start_time": {"type": "string"}, "location": {"type": "string"}}), &["org_id", "name"]);
    let oparl = |summary: &str, path_id: bool, listing: bool| {
        let mut o = op(summary, "OParl 公开数据", true);
        let mut params = Vec::new();
        if path_id {
            params.push(id.clone());
        }
        if listing {
            params.push(q("modified_since", "ISO 8601（带时区），含该时刻，按修改时间筛选", "string"));
            params.push(q("modified_until", "ISO 8601（带时区），含该时刻", "string"));
            params.push(q("limit", "每页条数（1–100，默认 20）", "integer"));
            params.push(q("after", "键集翻页游标（使用 links.next 即可）", "integer"));
        }
        o["parameters"] = serde_json::Value::Array(params);
        o
    };
    serde_json::json!({
        "/meetings": {"get": list, "post": create},
        "/meetings/votes": {"get": votes},
        "/meetings/{id}": {"get": with_id("会议详情：议程、材料、出席、到会人数、发言要点、逐项表决、决定、纪要版本、更正记录", None)},
        "/meetings/{id}/notice": {"post": with_id("发送会议通知（为参会人员生成待办；未按期通知须填写原因）", Some(serde_json::json!({"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"late_reason": {"type": "string"}}}}}})))},
        "/meetings/{id}/start": {"post": with_id("开始会议（未发通知的拒绝）", None)},
        "/meetings/{id}/attendance": {"post": with_id("登记出席情况（缺席、请假须注明原因）", Some(body(serde_json::json!({"user_id": {"type": "integer"}, "presence": {"type": "string", "enum": ["present", "absent", "leave"]}, "reason": {"type": "string"}}), &["user_id", "presence"])))},
        "/meetings/{id}/end": {"post": with_id("结束会议（每项议题须已作出决定）", None)},
        "/meetings/{id}/approve": {"post": with_id("审定纪要（生成 DOCX 并存档；此后表决和纪要只能更正）", None)},
        "/meetings/{id}/agenda": {"post": with_id("调整议程顺序", Some(body(serde_json::json!({"order": {"type": "array", "items": {"type": "integer"}}}), &["order"])))},
        "/meeting-types": {"post": create_type},
        "/meeting-types/{id}/members": {"post": with_id("设置会议成员（principal 主持人、member 班子成员、attendee 列席无表决权）", Some(body(serde_json::json!({"user_id": {"type": "integer"}, "role": {"type": "string", "enum": ["principal", "member", "attendee"]}, "title": {"type": "string"}}), &["user_id", "role"])))},
        "/meeting-types/{id}/schedule": {"post": with_id("按例会时间生成会议（节假日顺延至下一个工作日）", Some(body(serde_json::json!({"from": {"type": "string", "format": "date"}, "weeks": {"type": "integer"}}), &["from", "weeks"])))},
        "/meeting-items": {"post": propose},
        "/meeting-items/{id}/accept": {"post": with_id("将议题列入会议议程（重大行政决策须通过决策程序检查）", Some(body(serde_json::json!({"meeting_id": {"type": "integer"}}), &["meeting_id"])))},
        "/meeting-items/{id}/materials": {"post": with_id("添加议题材料（先以 entity=meeting_item、entity_id=议题编号上传附件）；public=true 的材料随纪要审定后的会议公开", Some(body(serde_json::json!({"attachment_id": {"type": "integer"}, "public": {"type": "boolean"}}), &["attachment_id"])))},
        "/meeting-items/{id}/notes": {"post": with_id("记录发言要点", Some(body(serde_json::json!({"user_id": {"type": "integer"}, "body": {"type": "string"}}), &["user_id", "body"])))},
        "/meeting-items/{id}/vote": {"post": with_id("本人表决（未达到会人数、主要负责人未末位表态时 409）", Some(body(serde_json::json!({"choice": {"type": "string", "enum": ["agree", "disagree", "abstain"]}, "opinion": {"type": "string"}}), &["choice"])))},
        "/meeting-items/{id}/decide": {"post": with_id("作出决定（与多数意见不一致须说明理由）", Some(body(decision_props.clone(), &["outcome", "text"])))},
        "/meeting-items/{id}/decision/correct": {"post": with_id("更正已审定的会议决定（保留原记录）", Some(body(decision_props, &["outcome", "text", "reason"])))},
        "/meeting-votes/{id}/correct": {"post": with_id("更正已审定的表决记录（保留原记录）", Some(body(serde_json::json!({"choice": {"type": "string", "enum": ["agree", "disagree", "abstain"]}, "opinion": {"type": "string"}, "reason": {"type": "string"}}), &["choice", "reason"])))},
        "/oparl/system": {"get": oparl("OParl System", false, false)},
        "/oparl/body": {"get": oparl("OParl Body 列表（设有会议的镇街）", false, true)},
        "/oparl/body/{id}": {"get": oparl("OParl Body", true, false)},
        "/oparl/body/{id}/organization": {"get": oparl("会议类型（Organization）", true, true)},
        "/oparl/body/{id}/person": {"get": oparl("已审定会议的出席成员（姓名、职务）", true, true)},
        "/oparl/body/{id}/meeting": {"get": oparl("纪要已审定的会议（Meeting，含 AgendaItem）", true, true)},
        "/oparl/body/{id}/agendaItem": {"get": oparl("议程项（AgendaItem）", true, true)},
        "/oparl/body/{id}/paper": {"get": oparl("议题（Paper，含 Consultation）", true, true)},
        "/oparl/body/{id}/file": {"get": oparl("公开的议题材料（File，SM3 校验值）", true, true)},
        "/oparl/organization/{id}": {"get": oparl("Organization", true, false)},
        "/oparl/person/{id}": {"get": oparl("Person", true, false)},
        "/oparl/meeting/{id}": {"get": oparl("Meeting", true, false)},
        "/oparl/agendaItem/{id}": {"get": oparl("AgendaItem", true, false)},
        "/oparl/paper/{id}": {"get": oparl("Paper", true, false)},
        "/oparl/file/{id}": {"get": oparl("File", true, false)},
        "/oparl/file/{id}/download": {"get": oparl("下载公开材料", true, false)}
    })
}
