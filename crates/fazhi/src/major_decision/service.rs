//! Writing a decision: launch from a catalogue item, then each step through
//! the pure gate ([`fazhi_core::major_decision::next_allowed`]) inside the one
//! write path, so a refused step leaves nothing written and every recorded
//! step is audited with who and when.
use chrono::NaiveDate;
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::form;
use fazhi_core::major_decision::{self as rules, AdjustKind, Step};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ENTITY, store};
use crate::db::{col, now_text};
use crate::error::AppResult;
use crate::kernel::{App, Change, Write, load_org};

fn check_on(field: &str, label: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, DomainError> {
    let d = form::date(field, label, value)?;
    if d > today {
        return Err(DomainError::invalid(field, format!("「{label}」不能晚于今天")));
    }
    Ok(d)
}

fn yes(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "on" | "yes")
}

/// A new decision, launched from an item of an approved catalogue.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub catalogue_item_id: String,
    #[serde(default)]
    pub title: String,
    /// 承办单位.
    #[serde(default)]
    pub lead_unit: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub launched_on: String,
    #[serde(default)]
    pub hearing: String,
    #[serde(default)]
    pub technical: String,
    #[serde(default)]
    pub risky: String,
}

/// Launch (决策启动, art.11): the decision is created with its 承办单位 and the
/// launch recorded as its first step. Only items of an approved catalogue can be launched.
pub async fn create(app: &App, actor: &Actor, f: &DecisionForm, today: NaiveDate) -> AppResult<i64> {
    let item_id = form::integer("catalogue_item_id", "决策事项", &f.catalogue_item_id, 1, i64::MAX)
        .map_err(|_| DomainError::invalid("catalogue_item_id", "请选择「决策事项目录」中的事项"))?;
    let r = sqlx::query(
        "SELECT c.org_id, c.year, c.status, i.title, i.lead_unit FROM decision_catalogue_item i JOIN decision_catalogue c ON c.id = i.catalogue_id WHERE i.id = $1",
    )
    .bind(item_id)
    .fetch_optional(&app.db.pool)
    .await?
    .ok_or_else(|| DomainError::invalid("catalogue_item_id", "「决策事项」不存在"))?;
    let org = load_org(app, col(&r, "org_id")?).await?;
    let status: String = col(&r, "status")?;
    if status == "draft" {
        return Err(DomainError::refused("catalogue", "决策事项目录尚未审定：目录经党委同意、审定后，方可启动目录内的决策事项（《重大行政决策程序暂行条例》第三条）").into());
    }
    let year: i64 = col(&r, "year")?;
    let item_title: String = col(&r, "title")?;
    let item_unit: String = col(&r, "lead_unit")?;
    let title = form::required_text("title", "决策名称", if f.title.trim().is_empty() { &item_title } else { &f.title }, 200)?;
    let lead_unit = form::required_text("lead_unit", "承办单位", if f.lead_unit.trim().is_empty() { &item_unit } else { &f.lead_unit }, 100)?;
    let summary = form::required_text("summary", "决策事项说明", &f.summary, 2000)?;
    let launched_on = check_on("launched_on", "启动日期", &f.launched_on, today)?;
    let attrs = rules::Attrs { hearing: yes(&f.hearing), technical: yes(&f.technical), risky: yes(&f.risky) };

    let mut w = Write::begin(app, actor, Permission::DecisionManage, &org).await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM major_decision WHERE catalogue_item_id = $1").bind(item_id).fetch_one(w.conn()).await?;
    if existing > 0 {
        return Err(DomainError::conflict("该目录事项已经启动决策程序").into());
    }
    let now = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO major_decision (org_id, catalogue_item_id, year, title, lead_unit, summary, hearing, technical, risky, standing, stage, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'normal', '', $10, $11, $11) RETURNING id",
    )
    .bind(org.id)
    .bind(item_id)
    .bind(year)
    .bind(&title)
    .bind(&lead_unit)
    .bind(&summary)
    .bind(attrs.hearing)
    .bind(attrs.technical)
    .bind(attrs.risky)
    .bind(actor.user_id)
    .bind(&now)
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create(ENTITY, id, &json!({"title": title, "lead_unit": lead_unit, "year": year, "catalogue_item_id": item_id, "attrs": attrs})));
    let summary_line = format!("决策启动，确定承办单位：{lead_unit}");
    insert_step(&mut w, id, Step::Launch, launched_on, &summary_line, json!({"lead_unit": lead_unit}), None).await?;
    refresh_stage(&mut w, id).await?;
    w.commit().await?;
    Ok(id)
}

async fn insert_step(w: &mut Write<'_>, decision_id: i64, step: Step, on: NaiveDate, summary: &str, detail: serde_json::Value, meeting_item_id: Option<i64>) -> AppResult<i64> {
    let (actor_id, actor_name) = (w.actor().user_id, w.actor().display_name.clone());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO decision_step (decision_id, step, done_on, actor_id, actor_name, summary, detail_json, meeting_item_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(decision_id)
    .bind(step.code())
    .bind(on.to_string())
    .bind(actor_id)
    .bind(&actor_name)
    .bind(summary)
    .bind(detail.to_string())
    .bind(meeting_item_id)
    .bind(now_text())
    .fetch_one(w.conn())
    .await?;
    w.record(Change::create("decision_step", id, &json!({"decision_id": decision_id, "step": step.code(), "done_on": on.to_string(), "summary": summary, "detail": detail, "meeting_item_id": meeting_item_id})));
    Ok(id)
}

/// Re-computes the stored stage phrase (used by the ledger list) from the gate's record. The
/// legality-review module should call it inside its opine/respond writes for decision subjects.
pub async fn refresh_stage(w: &mut Write<'_>, decision_id: i64) -> AppResult<String> {
    let d = store::load(w.conn(), decision_id).await?;
    let r = store::record(w.conn(), &d).await?;
    let stage = rules::stage(&r);
    sqlx::query("UPDATE major_decision SET stage = $1, updated_at = $2 WHERE id = $3").bind(&stage).bind(now_text()).bind(decision_id).execute(w.conn()).await?;
    Ok(stage)
}

/// The fields of a step's record; each step reads the ones it needs.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StepForm {
    #[serde(default)]
    pub done_on: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub draft_text: String,
    #[serde(default)]
    pub draft_explanation: String,
    #[serde(default)]
    pub adoption_text: String,
    #[serde(default)]
    pub announced_on: String,
    #[serde(default)]
    pub materials_sent_on: String,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub experts: String,
    #[serde(default)]
    pub risk_level: String,
    #[serde(default)]
    pub meeting_item_id: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub doc_no: String,
    #[serde(default)]
    pub decision_text: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub evaluator: String,
    #[serde(default)]
    pub conclusion: String,
    #[serde(default)]
    pub kind: String,
}

/// Options of the step forms: (code, label).
pub const RISK_LEVELS: &[(&str, &str)] = &[("low", "低风险"), ("medium", "中风险"), ("high", "高风险")];
pub const MEETING_RESULTS: &[(&str, &str)] = &[("passed", "审议通过"), ("passed_with_changes", "原则通过，按会议意见修改")];
pub const EVAL_CONCLUSIONS: &[(&str, &str)] = &[("good", "效果良好，继续执行"), ("fair", "基本达到预期，需完善"), ("poor", "未达到预期，建议调整")];

fn pick(field: &str, label: &str, value: &str, options: &[(&str, &'static str)]) -> Result<&'static str, DomainError> {
    options.iter().find(|(c, _)| *c == value.trim()).map(|(_, l)| *l).ok_or_else(|| DomainError::invalid(field, format!("请选择「{label}」")))
}

pub fn label_of(options: &[(&str, &'static str)], code: &str) -> &'static str {
    options.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("")
}

/// Who may record a step: the decision itself and its adjustment are the
/// leaders' (DecisionApprove); the office keeps the rest (DecisionManage).
pub fn permission_for(step: Step) -> Permission {
    match step {
        Step::Decision | Step::Adjustment => Permission::DecisionApprove,
        _ => Permission::DecisionManage,
    }
}

/// Opens the write on the decision's unit (permission checked there) and loads
/// the decision inside it: the start of every step below.
async fn begin_on<'a>(app: &'a App, actor: &'a Actor, perm: Permission, decision_id: i64) -> AppResult<(Write<'a>, store::DecisionRow)> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM major_decision WHERE id = $1")
        .bind(decision_id)
        .fetch_optional(&app.db.pool)
        .await?
        .ok_or_else(|| DomainError::not_found("重大行政决策"))?;
    let org = load_org(app, org_id).await?;
    let mut w = Write::begin(app, actor, perm, &org).await?;
    let d = store::load(w.conn(), decision_id).await?;
    Ok((w, d))
}

/// Records one step of a decision. The pure gate refuses a step whose required
/// earlier steps are missing (naming the missing step); each step checks its own fields.
pub async fn record_step(app: &App, actor: &Actor, decision_id: i64, step: Step, f: &StepForm, today: NaiveDate) -> AppResult<i64> {
    if matches!(step, Step::Launch | Step::LegalityReview) {
        return Err(DomainError::invalid("step", format!("「{}」不能在此登记", step.label())).into());
    }
    let (mut w, d) = begin_on(app, actor, permission_for(step), decision_id).await?;
    let record = store::record(w.conn(), &d).await?;
    if step == Step::Adjustment {
        let kind = AdjustKind::parse(f.kind.trim()).ok_or_else(|| DomainError::invalid("kind", "请选择「调整方式」"))?;
        rules::adjust_allowed(&record, kind)?;
    } else {
        rules::next_allowed(&record, step)?;
    }
    let summary_of = |label: &str, max: usize| form::required_text("summary", label, &f.summary, max);
    let mut meeting_item_id = None;
    let (on, summary, detail): (NaiveDate, String, serde_json::Value) = match step {
        Step::Drafting => {
            let on = check_on("done_on", "草案形成日期", &f.done_on, today)?;
            let text = form::required_text("draft_text", "决策草案", &f.draft_text, 20_000)?;
            let expl = form::optional_text("draft_explanation", "起草说明", &f.draft_explanation, 5_000)?;
            sqlx::query("UPDATE major_decision SET draft_text = $1, draft_explanation = $2 WHERE id = $3").bind(&text).bind(&expl).bind(d.id).execute(w.conn()).await?;
            let s = form::optional_text("summary", "拟定情况", &f.summary, 2000)?.unwrap_or_else(|| "形成决策草案及起草说明".into());
            (on, s, json!({"draft_explanation": expl}))
        }
        Step::PublicComment => {
            let (Some(start), Some(end)) = (&d.comment_start, &d.comment_end) else {
                return Err(DomainError::refused("comment_period", "尚未发布征求意见公告：请先在本页填写征求意见期间，草案将在门户网站公开征求意见").into());
            };
            let on = check_on("done_on", "征求意见结束日期", &f.done_on, today)?;
            let end_d = form::date("comment_end", "征求意见截止日期", end)?;
            rules::comment_closed(end_d, on)?;
            let adoption = form::required_text("adoption_text", "意见采纳情况说明", &f.adoption_text, 10_000)?;
            let s = summary_of("征求意见情况", 2000)?;
            let (received, published): (i64, i64) = {
                let r = sqlx::query("SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END), 0) AS a FROM decision_comment WHERE decision_id = $1")
                    .bind(d.id)
                    .fetch_one(w.conn())
                    .await?;
                (col(&r, "n")?, col(&r, "a")?)
            };
            let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decision_comment WHERE decision_id = $1 AND status = 'pending'").bind(d.id).fetch_one(w.conn()).await?;
            if pending > 0 {
                return Err(DomainError::refused("moderation", format!("尚有 {pending} 条公众意见未审核：请先在意见审核中逐条处理")).into());
            }
            sqlx::query("UPDATE major_decision SET adoption_text = $1 WHERE id = $2").bind(&adoption).bind(d.id).execute(w.conn()).await?;
            (on, s, json!({"comment_period": format!("{start} 至 {end}"), "urgent_reason": d.urgent_reason, "comments_received": received, "comments_published": published}))
        }
        Step::Hearing => {
            let announced = form::date("announced_on", "听证公告日期", &f.announced_on)?;
            let sent = form::date("materials_sent_on", "材料送达日期", &f.materials_sent_on)?;
            let on = check_on("done_on", "听证日期", &f.done_on, today)?;
            rules::check_hearing(announced, sent, on)?;
            let participants = form::required_text("participants", "听证参加人", &f.participants, 2000)?;
            let s = summary_of("听证情况", 5000)?;
            (on, s, json!({"announced_on": announced.to_string(), "materials_sent_on": sent.to_string(), "hearing_on": on.to_string(), "participants": participants}))
        }
        Step::ExpertArgument => {
            let on = check_on("done_on", "论证日期", &f.done_on, today)?;
            let experts = form::required_text("experts", "论证专家", &f.experts, 1000)?;
            (on, summary_of("专家论证意见", 5000)?, json!({"experts": experts}))
        }
        Step::RiskAssessment => {
            let on = check_on("done_on", "评估日期", &f.done_on, today)?;
            let level = pick("risk_level", "风险等级", &f.risk_level, RISK_LEVELS)?;
            if f.risk_level.trim() == "high" {
                return Err(DomainError::refused(
                    "risk_assessment",
                    "风险评估结论为高风险：应当调整决策草案、确定风险防范措施后重新评估，风险可控后方可进入下一程序（《重大行政决策程序暂行条例》第二十四条）",
                )
                .into());
            }
            (on, summary_of("风险评估报告摘要", 5000)?, json!({"risk_level": level}))
        }
        Step::PartyReport => {
            let on = check_on("done_on", "请示报告日期", &f.done_on, today)?;
            (on, summary_of("党委意见", 2000)?, json!({}))
        }
        Step::CollectiveDiscussion => {
            let on = check_on("done_on", "会议日期", &f.done_on, today)?;
            let result = pick("result", "会议结论", &f.result, MEETING_RESULTS)?;
            meeting_item_id = if f.meeting_item_id.trim().is_empty() { None } else { Some(form::integer("meeting_item_id", "会议议题编号", &f.meeting_item_id, 1, i64::MAX)?) };
            (on, summary_of("会议讨论情况", 5000)?, json!({"meeting_on": on.to_string(), "meeting_item_id": meeting_item_id, "result": result}))
        }
        Step::Decision => {
            let on = check_on("done_on", "决策日期", &f.done_on, today)?;
            let doc_no = form::optional_text("doc_no", "文号", &f.doc_no, 60)?;
            let text = form::required_text("decision_text", "决策文件正文", &f.decision_text, 50_000)?;
            sqlx::query("UPDATE major_decision SET decision_text = $1, doc_no = $2, decided_on = $3 WHERE id = $4")
                .bind(&text)
                .bind(&doc_no)
                .bind(on.to_string())
                .bind(d.id)
                .execute(w.conn())
                .await?;
            let s = form::optional_text("summary", "说明", &f.summary, 2000)?.unwrap_or_else(|| "作出决策".into());
            (on, s, json!({"doc_no": doc_no}))
        }
        Step::Publication => {
            let on = check_on("done_on", "公布日期", &f.done_on, today)?;
            let channel = form::required_text("channel", "公布载体", &f.channel, 200)?;
            if d.adoption_text.is_none() {
                return Err(DomainError::refused("adoption", "尚未形成意见采纳情况说明：决策公布时应当说明公众意见的采纳情况（《重大行政决策程序暂行条例》第三十二条）").into());
            }
            sqlx::query("UPDATE major_decision SET published_on = $1 WHERE id = $2").bind(on.to_string()).bind(d.id).execute(w.conn()).await?;
            let s = form::optional_text("summary", "说明", &f.summary, 2000)?.unwrap_or_else(|| format!("通过{channel}向社会公布"));
            (on, s, json!({"channel": channel}))
        }
        Step::ExecutionReport => {
            let on = check_on("done_on", "报告日期", &f.done_on, today)?;
            (on, summary_of("执行情况", 5000)?, json!({}))
        }
        Step::PostEvaluation => {
            let on = check_on("done_on", "评估日期", &f.done_on, today)?;
            let evaluator = form::required_text("evaluator", "评估单位", &f.evaluator, 200)?;
            let conclusion = pick("conclusion", "评估结论", &f.conclusion, EVAL_CONCLUSIONS)?;
            (on, summary_of("评估报告摘要", 5000)?, json!({"evaluator": evaluator, "conclusion": conclusion, "conclusion_code": f.conclusion.trim()}))
        }
        Step::Adjustment => {
            let kind = AdjustKind::parse(f.kind.trim()).expect("checked above");
            let on = check_on("done_on", "调整日期", &f.done_on, today)?;
            let reason = summary_of("调整理由", 2000)?;
            let standing = rules::after_adjust(d.standing(), kind);
            sqlx::query("UPDATE major_decision SET standing = $1 WHERE id = $2").bind(standing.code()).bind(d.id).execute(w.conn()).await?;
            w.record(Change::update(ENTITY, d.id, &json!({"standing": d.standing}), &json!({"standing": standing.code()})));
            (on, reason.clone(), json!({"kind": kind.label(), "reason": reason}))
        }
        Step::Launch | Step::LegalityReview => unreachable!("refused above"),
    };
    let id = insert_step(&mut w, d.id, step, on, &summary, detail, meeting_item_id).await?;
    refresh_stage(&mut w, d.id).await?;
    w.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CommentPeriodForm {
    #[serde(default)]
    pub comment_start: String,
    #[serde(default)]
    pub comment_end: String,
    #[serde(default)]
    pub urgent_reason: String,
}

/// Publishes the draft for comment (公开征求意见, art.14–15): the period is at
/// least 30 days unless an urgent reason is recorded (and shown publicly).
pub async fn open_comment(app: &App, actor: &Actor, decision_id: i64, f: &CommentPeriodForm) -> AppResult<i64> {
    let start = form::date("comment_start", "征求意见开始日期", &f.comment_start)?;
    let end = form::date("comment_end", "征求意见截止日期", &f.comment_end)?;
    let urgent = form::optional_text("urgent_reason", "缩短期限理由", &f.urgent_reason, 1000)?;
    let days = rules::check_comment_period(start, end, urgent.as_deref())?;
    let (mut w, d) = begin_on(app, actor, Permission::DecisionManage, decision_id).await?;
    let record = store::record(w.conn(), &d).await?;
    rules::next_allowed(&record, Step::PublicComment)?;
    if d.comment_start.is_some() {
        let received: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decision_comment WHERE decision_id = $1").bind(d.id).fetch_one(w.conn()).await?;
        if received > 0 {
            return Err(DomainError::conflict("征求意见已经开始并收到公众意见，不能再修改征求意见期间").into());
        }
    }
    // A reason is only meaningful (and shown) when the period is shortened.
    let urgent = if days < rules::MIN_COMMENT_DAYS { urgent } else { None };
    sqlx::query("UPDATE major_decision SET comment_start = $1, comment_end = $2, urgent_reason = $3, updated_at = $4 WHERE id = $5")
        .bind(start.to_string())
        .bind(end.to_string())
        .bind(&urgent)
        .bind(now_text())
        .bind(d.id)
        .execute(w.conn())
        .await?;
    w.record(Change::action(
        "open_comment",
        ENTITY,
        d.id,
        &json!({"comment_start": start.to_string(), "comment_end": end.to_string(), "days": days, "urgent_reason": urgent}),
    ));
    refresh_stage(&mut w, d.id).await?;
    w.commit().await?;
    Ok(days)
}

/// The legality-review request (提请合法性审查, arts.25–28).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct LegalityForm {
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub questions: String,
    /// Empty = the statutory minimum (7 working days).
    #[serde(default)]
    pub due_date: String,
}

/// Requests the legality review through the legality-review mechanism, inside
/// this decision's write: refused while a required earlier step is missing.
pub async fn request_legality(app: &App, actor: &Actor, decision_id: i64, f: &LegalityForm, today: NaiveDate) -> AppResult<i64> {
    let _ = today;
    request_legality_at(app, actor, decision_id, f, None).await
}

/// As [`request_legality`], at a given instant (the demo writes last year's records).
pub async fn request_legality_at(app: &App, actor: &Actor, decision_id: i64, f: &LegalityForm, at: Option<chrono::DateTime<chrono::Utc>>) -> AppResult<i64> {
    use crate::legal_review::{NewReview, SubjectKind, request_in};
    let due = form::optional_date("due_date", "审查期限", &f.due_date)?;
    let (mut w, d) = begin_on(app, actor, Permission::DecisionManage, decision_id).await?;
    let record = store::record(w.conn(), &d).await?;
    rules::next_allowed(&record, Step::LegalityReview)?;
    let title = d.title.clone();
    let org_id = w.org().id;
    let review_id = request_in(
        &mut w,
        NewReview {
            org_id,
            subject_kind: SubjectKind::Decision,
            subject_id: Some(d.id),
            subject_title: &title,
            materials: &f.materials,
            questions: &f.questions,
            due_date: due,
            adviser_id: None,
            reviewer_id: None,
            at,
        },
    )
    .await?;
    let due_date: String = sqlx::query_scalar("SELECT due_date FROM legal_review WHERE id = $1").bind(review_id).fetch_one(w.conn()).await?;
    let on = crate::legal_review::local_date(at.unwrap_or_else(crate::db::now));
    let summary = format!("提请合法性审查（第 {review_id} 号），审查期限至 {due_date}");
    insert_step(&mut w, d.id, Step::LegalityReview, on, &summary, json!({"review_id": review_id, "due_date": due_date, "questions": f.questions.trim()}), None).await?;
    refresh_stage(&mut w, d.id).await?;
    w.commit().await?;
    Ok(review_id)
}

/// 提交会议研究: puts the decision forward as an agenda item (议题) of the town's
/// meetings, in one write. The gate is checked here so the office hears at once
/// what is missing, and again when the convener accepts the item onto an agenda.
pub async fn propose_to_meeting(app: &App, actor: &Actor, decision_id: i64) -> AppResult<i64> {
    let (mut w, d) = begin_on(app, actor, Permission::DecisionManage, decision_id).await?;
    let org = w.org().clone();
    actor.require(Permission::MeetingManage, &org.path)?;
    crate::major_decision::gate::check_schedulable(w.conn(), decision_id).await?;
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_item WHERE decision_id = $1 AND status IN ('proposed', 'accepted')")
        .bind(decision_id)
        .fetch_one(w.conn())
        .await?;
    if open > 0 {
        return Err(DomainError::refused("meeting_agenda", "该决策已提交会议研究，请勿重复提交").into());
    }
    let form = crate::meeting::agenda::ItemForm {
        org_id: Some(org.id),
        title: format!("审议《{}》", d.title),
        proposer_unit: d.lead_unit.clone(),
        summary: format!("{}（重大行政决策，提请集体讨论决定）", d.summary),
        decision_id: Some(decision_id),
        ..Default::default()
    };
    let item = crate::meeting::agenda::propose_item_in(&mut w, &form, &crate::meeting::When::now()).await?;
    w.commit().await?;
    Ok(item)
}
