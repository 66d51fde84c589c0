//! 重大行政决策: the statutory gates through the services and over HTTP —
//! no legality review (or a 不合法 one) keeps a decision off the agenda, a
//! comment period under 30 days needs an urgent reason, no required step can
//! be skipped; public comments are moderated before display; the archive ZIP
//! holds every attachment and each file's SM3 equals the stored hash.
use std::io::Read;

use chrono::Duration;
use fazhi::kernel::load_actor;
use fazhi::legal_review::{self, Conclusion, NewOpinion};
use fazhi::major_decision::catalogue::{self, CatalogueForm, ItemForm};
use fazhi::major_decision::gate::check_schedulable;
use fazhi::meeting::{When, agenda, sitting};
use fazhi::major_decision::service::{self, CommentPeriodForm, DecisionForm, LegalityForm, StepForm};
use fazhi::platform::attachments::{NewAttachment, upload_bytes};
use fazhi_core::access::Actor;
use fazhi_core::major_decision::Step;
use reqwest::{Client, StatusCode};

use crate::support::{TestApp, spawn};

const XILIAN: &str = "440203103";

fn today() -> chrono::NaiveDate {
    fazhi::web::pages::today()
}

async fn actor(t: &TestApp, username: &str) -> Actor {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&t.app.db.pool).await.unwrap();
    load_actor(&t.app, id).await.unwrap().unwrap()
}

/// A decision launched from a fresh approved catalogue (year 2030, so it never meets the demo's).
async fn new_decision(t: &TestApp, title: &str) -> i64 {
    let office = actor(t, "xilian-office").await;
    let leader = actor(t, "xilian-leader").await;
    let town = t.org_id(XILIAN).await;
    let year: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(year), 2029) + 1 FROM decision_catalogue WHERE org_id = $1").bind(town).fetch_one(&t.app.db.pool).await.unwrap();
    let year = year.max(2030);
    let cat = catalogue::create(&t.app, &office, &CatalogueForm { town_id: Some(town), year: year.to_string(), title: String::new() }).await.unwrap();
    let item = catalogue::add_item(&t.app, &office, cat, &ItemForm { title: title.into(), lead_unit: "镇党政办公室".into(), ..ItemForm::default() }).await.unwrap();
    catalogue::approve(&t.app, &leader, cat, &today().to_string(), today()).await.unwrap();
    let f = DecisionForm { catalogue_item_id: item.to_string(), summary: format!("{title}的事项说明"), launched_on: (today() - Duration::days(60)).to_string(), ..DecisionForm::default() };
    service::create(&t.app, &office, &f, today()).await.unwrap()
}

fn on(days_ago: i64, summary: &str) -> StepForm {
    StepForm { done_on: (today() - Duration::days(days_ago)).to_string(), summary: summary.into(), ..StepForm::default() }
}

/// Draft, a 30-day comment period that has ended, the adoption explanation.
async fn through_comment(t: &TestApp, id: i64) {
    let office = actor(t, "xilian-office").await;
    service::record_step(&t.app, &office, id, Step::Drafting, &StepForm { draft_text: "第一条 …".into(), ..on(50, "") }, today()).await.unwrap();
    let start = today() - Duration::days(45);
    service::open_comment(&t.app, &office, id, &CommentPeriodForm { comment_start: start.to_string(), comment_end: (start + Duration::days(29)).to_string(), urgent_reason: String::new() }).await.unwrap();
    service::record_step(&t.app, &office, id, Step::PublicComment, &StepForm { adoption_text: "未收到意见。".into(), ..on(10, "征求意见30日") }, today()).await.unwrap();
}

async fn schedulable(t: &TestApp, id: i64) -> Result<(), String> {
    let mut conn = t.app.db.pool.acquire().await.unwrap();
    check_schedulable(&mut conn, id).await.map_err(|e| e.message())
}

async fn review(t: &TestApp, id: i64, conclusion: Conclusion) {
    let office = actor(t, "xilian-office").await;
    let adviser = actor(t, "xilian-adviser").await;
    let r = service::request_legality(&t.app, &office, id, &LegalityForm { questions: "决策是否合法".into(), ..LegalityForm::default() }, today()).await.unwrap();
    let (reasons, articles, points) = match conclusion {
        Conclusion::Lawful => ("", "", vec![]),
        _ => ("第五条无法律依据减损当事人权益", "《中华人民共和国立法法》第九十一条", vec!["删除第五条"]),
    };
    legal_review::opine(&t.app, &adviser, r, NewOpinion { conclusion, reasons, articles, points, at: None }).await.unwrap();
}

#[tokio::test]
async fn no_lawful_review_no_meeting() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let id = new_decision(&t, "测试决策甲").await;
    through_comment(&t, id).await;
    // No review at all: refused, naming the legality review.
    let e = schedulable(&t, id).await.unwrap_err();
    assert!(e.contains("尚未进行合法性审查"), "{e}");
    // Recording the party report (after the review in the statutory order) is refused too.
    let e = service::record_step(&t.app, &office, id, Step::PartyReport, &on(1, "党委同意"), today()).await.unwrap_err();
    assert!(e.message().contains("合法性审查"), "{}", e.message());
    // A pending review still blocks.
    let r = service::request_legality(&t.app, &office, id, &LegalityForm { questions: "是否合法".into(), ..LegalityForm::default() }, today()).await.unwrap();
    assert!(schedulable(&t, id).await.unwrap_err().contains("尚未出具审查意见"));
    // 不合法 blocks.
    let adviser = actor(&t, "xilian-adviser").await;
    legal_review::opine(&t.app, &adviser, r, NewOpinion { conclusion: Conclusion::Unlawful, reasons: "无法律依据", articles: "《中华人民共和国立法法》第九十一条", points: vec!["删除第五条"], at: None }).await.unwrap();
    let e = schedulable(&t, id).await.unwrap_err();
    assert!(e.contains("不合法"), "{e}");
    // The ledger's stored stage followed the opinion in the same write.
    let stage: String = sqlx::query_scalar("SELECT stage FROM major_decision WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(stage, "审查不合法，待修改");
    // A new review, 合法: the agenda now waits only for the party report.
    review(&t, id, Conclusion::Lawful).await;
    let e = schedulable(&t, id).await.unwrap_err();
    assert!(e.contains("向党委请示报告"), "{e}");
    service::record_step(&t.app, &office, id, Step::PartyReport, &on(1, "党委同意提交集体讨论"), today()).await.unwrap();
    assert_eq!(schedulable(&t, id).await, Ok(()));
    // Recorded with a meeting agenda item reference.
    service::record_step(&t.app, &office, id, Step::CollectiveDiscussion, &StepForm { result: "passed".into(), meeting_item_id: "42".into(), ..on(0, "会议审议通过") }, today()).await.unwrap();
    let item: Option<i64> = sqlx::query_scalar("SELECT meeting_item_id FROM decision_step WHERE decision_id = $1 AND step = 'collective_discussion'").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(item, Some(42));
    assert!(schedulable(&t, id).await.unwrap_err().contains("已经集体讨论"));
}

#[tokio::test]
async fn a_required_step_cannot_be_skipped_over_http() {
    let t = spawn().await;
    let id = new_decision(&t, "测试决策乙").await;
    let (c, csrf) = t.console("xilian-leader").await;
    // The leader tries to decide on a bare launch.
    let r = c.post(t.url(&format!("/console/decisions/{id}/steps/decision"))).form(&[("_csrf", csrf.as_str()), ("done_on", &today().to_string()), ("decision_text", "决定")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("尚未完成「拟定决策草案」"), "{html}");
    // The collective-discussion step on the page: refused, naming the missing step.
    let (o, ocsrf) = t.console("xilian-office").await;
    through_comment(&t, id).await;
    let r = o.post(t.url(&format!("/console/decisions/{id}/steps/collective_discussion"))).form(&[("_csrf", ocsrf.as_str()), ("done_on", &today().to_string()), ("result", "passed"), ("summary", "通过")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("尚未进行合法性审查"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM decision_step WHERE decision_id = $1 AND step = 'collective_discussion'").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(n, 0, "nothing half-written");
    // The page's timeline explains the missing steps.
    let page = o.get(t.url(&format!("/console/decisions/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("未满足条件") && page.contains("提请合法性审查"), "{page}");
}

#[tokio::test]
async fn comment_period_of_29_days_needs_an_urgent_reason() {
    let t = spawn().await;
    let id = new_decision(&t, "测试决策丙").await;
    let office = actor(&t, "xilian-office").await;
    service::record_step(&t.app, &office, id, Step::Drafting, &StepForm { draft_text: "第一条 …".into(), ..on(1, "") }, today()).await.unwrap();
    let (c, csrf) = t.console("xilian-office").await;
    let start = today();
    let post = |end: chrono::NaiveDate, reason: &'static str| {
        let c = c.clone();
        let url = t.url(&format!("/console/decisions/{id}/comment-period"));
        let csrf = csrf.clone();
        async move { c.post(url).form(&[("_csrf", csrf.as_str()), ("comment_start", &start.to_string()), ("comment_end", &end.to_string()), ("urgent_reason", reason)]).send().await.unwrap() }
    };
    let r = post(start + Duration::days(28), "").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("征求意见期限为 29 日，少于 30 日") && html.contains("第十五条"), "{html}");
    let stored: Option<String> = sqlx::query_scalar("SELECT comment_start FROM major_decision WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(stored, None);
    let r = post(start + Duration::days(28), "汛期前必须完成，缩短征求意见期限").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reason: Option<String> = sqlx::query_scalar("SELECT urgent_reason FROM major_decision WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(reason.as_deref(), Some("汛期前必须完成，缩短征求意见期限"));
    // The portal shows the shortened period's reason.
    let page = Client::new().get(t.url(&format!("/portal/{XILIAN}/decisions/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("缩短期限理由") && page.contains("汛期前必须完成"), "{page}");
    // 30 days needs no reason.
    let r = post(start + Duration::days(29), "").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The service says the same.
    let e = service::open_comment(&t.app, &office, id, &CommentPeriodForm { comment_start: "2030-03-01".into(), comment_end: "2030-03-29".into(), urgent_reason: " ".into() }).await.unwrap_err();
    assert_eq!(e.status(), 409);
    // Public comment cannot be closed before the period ends.
    let e = service::record_step(&t.app, &office, id, Step::PublicComment, &StepForm { adoption_text: "无".into(), ..on(0, "结束") }, today()).await.unwrap_err();
    assert!(e.message().contains("届满"), "{}", e.message());
}

#[tokio::test]
async fn public_comments_are_moderated_before_display() {
    let t = spawn().await;
    let id = new_decision(&t, "测试决策丁").await;
    let office = actor(&t, "xilian-office").await;
    service::record_step(&t.app, &office, id, Step::Drafting, &StepForm { draft_text: "第一条 圩镇设置停车泊位。".into(), ..on(1, "") }, today()).await.unwrap();
    service::open_comment(&t.app, &office, id, &CommentPeriodForm { comment_start: today().to_string(), comment_end: (today() + Duration::days(29)).to_string(), urgent_reason: String::new() }).await.unwrap();
    let public = Client::new();
    let url = t.url(&format!("/portal/{XILIAN}/decisions/{id}"));
    let page = public.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("圩镇设置停车泊位") && page.contains("提交意见"));
    // Name and contact are optional.
    let r = public.post(&url).form(&[("body", "建议增加电动车停放区。"), ("name", ""), ("contact", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("您的意见已提交"));
    let r = public.post(&url).form(&[("body", ""), ("name", "王五")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Not shown before moderation.
    assert!(!public.get(&url).send().await.unwrap().text().await.unwrap().contains("电动车停放区"));
    let cid: i64 = sqlx::query_scalar("SELECT id FROM decision_comment WHERE decision_id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    let (c, csrf) = t.console("xilian-office").await;
    let queue = c.get(t.url("/console/decisions/comments")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains("电动车停放区"));
    // Rejection needs a reason.
    let r = c.post(t.url(&format!("/console/decisions/comments/{cid}"))).form(&[("_csrf", csrf.as_str()), ("verdict", "reject"), ("reason", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = c.post(t.url(&format!("/console/decisions/comments/{cid}"))).form(&[("_csrf", csrf.as_str()), ("verdict", "approve")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(public.get(&url).send().await.unwrap().text().await.unwrap().contains("电动车停放区"));
    // Another town's staff cannot moderate.
    let other = public.post(&url).form(&[("body", "第二条意见")]).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    let cid2: i64 = sqlx::query_scalar("SELECT MAX(id) FROM decision_comment WHERE decision_id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    let (lc, lcsrf) = t.console("longgui-office").await;
    let r = lc.post(t.url(&format!("/console/decisions/comments/{cid2}"))).form(&[("_csrf", lcsrf.as_str()), ("verdict", "approve")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Rate limit per address: 5 an hour (two already sent).
    for i in 0..3 {
        let r = public.post(&url).form(&[("body", format!("意见{i}"))]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = public.post(&url).form(&[("body", "第六条")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // The contact is stored encrypted, never in clear.
    let r = Client::new().post(&url).form(&[("body", "留联系方式"), ("contact", "13912345678")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "same address");
}

#[tokio::test]
async fn archive_zip_holds_every_attachment_with_its_sm3() {
    let t = spawn().await;
    let id = new_decision(&t, "测试决策戊").await;
    let office = actor(&t, "xilian-office").await;
    let town = t.org_id(XILIAN).await;
    through_comment(&t, id).await;
    let mut uploaded = Vec::new();
    for (i, key) in [id.to_string(), format!("{id}-drafting"), format!("{id}-public_comment"), format!("{id}-drafting")].iter().enumerate() {
        let body = format!("%PDF-1.4\n材料 {i} {}\n%%EOF\n", "内容".repeat(100 * (i + 1)));
        let s = upload_bytes(&t.app, &office, NewAttachment { org_id: town, entity: "major_decision", entity_id: key, file_name: &format!("材料{i}.pdf") }, body.as_bytes()).await.unwrap();
        uploaded.push((s.id, s.sm3, body));
    }
    let (c, _) = t.console("xilian-office").await;
    let page = c.get(t.url(&format!("/console/decisions/{id}/archive"))).send().await.unwrap().text().await.unwrap();
    for (_, sm3, _) in &uploaded {
        assert!(page.contains(sm3.as_str()), "archive page lists {sm3}");
    }
    assert!(page.contains("拟定决策草案") && page.contains("操作记录"));
    let r = c.get(t.url(&format!("/console/decisions/{id}/archive.zip"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let bytes = r.bytes().await.unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut manifest = String::new();
    z.by_name("manifest_SM3清单.txt").unwrap().read_to_string(&mut manifest).unwrap();
    let mut found = 0;
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        let h = fazhi_crypto::sm3_hex(&content);
        if name.starts_with("附件/") {
            let (_, sm3, body) = uploaded.iter().find(|(_, _, b)| b.as_bytes() == content.as_slice()).expect("an uploaded file");
            assert_eq!(&h, sm3, "{name}: SM3 equals the stored hash");
            assert_eq!(body.as_bytes(), content.as_slice());
            found += 1;
        }
        if name != "manifest_SM3清单.txt" {
            assert!(manifest.contains(&format!("{h}\t{}\t{name}", content.len())), "manifest lists {name}");
        }
        if name.ends_with(".docx") {
            assert!(content.starts_with(b"PK"));
        }
    }
    assert_eq!(found, uploaded.len(), "every attachment is in the archive");
    // A stored file altered on disk: the export fails loudly, naming it.
    let path = fazhi::platform::attachments::stored_path(&t.app, &uploaded[1].1).unwrap();
    std::fs::write(&path, b"%PDF-1.4 tampered").unwrap();
    let r = c.get(t.url(&format!("/console/decisions/{id}/archive.zip"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("SM3") && html.contains("材料1.pdf"), "{html}");
}

#[tokio::test]
async fn public_api_and_portal_show_only_published_decisions() {
    let t = spawn().await;
    let (s, v) = t.get_json("", &format!("/api/v1/decisions?town={XILIAN}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let titles: Vec<&str> = v["decisions"].as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"西联镇农村生活垃圾收运处置体系建设方案"), "{titles:?}");
    assert!(!titles.contains(&"西联镇集体经济发展扶持资金管理办法"), "blocked at legality review: not published");
    assert!(!titles.contains(&"西联圩镇停车管理方案"), "draft in comment: not a published decision");
    let suspended = v["decisions"].as_array().unwrap().iter().find(|d| d["title"] == "西联镇圩镇集贸市场升级改造方案").unwrap();
    assert_eq!(suspended["standing"], "suspended");
    let y2021 = v["catalogues"].as_array().unwrap().iter().find(|c| c["year"] == 2021).unwrap();
    assert_eq!(y2021["items"].as_array().unwrap().len(), 4);
    assert_eq!(y2021["party_consent_on"], "2021-02-26");
    let (s, _) = t.get_json("", "/api/v1/decisions").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "town is required");
    let (_, spec) = t.get_json("", "/api/v1/openapi.json").await;
    assert!(spec["paths"]["/decisions"]["get"].is_object());
    // The blocked decision's page is not public; the draft in comment is.
    let blocked: i64 = sqlx::query_scalar("SELECT id FROM major_decision WHERE title = '西联镇集体经济发展扶持资金管理办法'").fetch_one(&t.app.db.pool).await.unwrap();
    let r = Client::new().get(t.url(&format!("/portal/{XILIAN}/decisions/{blocked}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "its draft went out for comment in 2021, so it stays readable");
    let home = Client::new().get(t.url(&format!("/portal/{XILIAN}/decisions"))).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("西联圩镇停车管理方案") && home.contains("2021年度重大行政决策事项目录"));
    let town = Client::new().get(t.url(&format!("/portal/{XILIAN}"))).send().await.unwrap().text().await.unwrap();
    assert!(town.contains(&format!("/portal/{XILIAN}/decisions")));
}

#[tokio::test]
async fn demo_figures_show_evaluations_and_the_ledger_lists_decisions() {
    let t = spawn().await;
    let (c, _) = t.console("xilian-leader").await;
    let page = c.get(t.url("/console/decisions?year=2021")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("开展决策后评估") && page.contains("审查不合法，待修改") && page.contains("暂缓执行"), "{page}");
    let list = c.get(t.url("/console/lists/major_decisions?f_year=2021")).send().await.unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let html = list.text().await.unwrap();
    assert!(html.contains("西联镇集体经济发展扶持资金管理办法"), "{html}");
    // Another town sees none of 西联镇's decisions.
    let (lc, _) = t.console("longgui-office").await;
    let r = lc.get(t.url(&format!("/console/decisions/{}", 1))).send().await.unwrap();
    assert!(r.status() == StatusCode::FORBIDDEN || r.status() == StatusCode::NOT_FOUND, "{}", r.status());
}

/// The meeting side of the gate: a decision put forward as an agenda item is
/// refused onto the agenda until its legality review is lawful and the
/// earlier steps are done; then the same item is accepted.
#[tokio::test]
async fn the_meeting_agenda_refuses_a_decision_until_its_gate_opens() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let id = new_decision(&t, "测试决策上会").await;
    through_comment(&t, id).await;
    let town = fazhi::kernel::load_org(&t.app, t.org_id(XILIAN).await).await.unwrap();
    let at = When::now();
    let type_id: i64 = sqlx::query_scalar("SELECT id FROM meeting_type WHERE org_id = $1 ORDER BY id LIMIT 1").bind(town.id).fetch_one(&t.app.db.pool).await.unwrap();
    let meeting = sitting::create_meeting(&t.app, &office, type_id, "2027-04-12", "", "", at).await.unwrap();
    let mut w = fazhi::kernel::Write::begin(&t.app, &office, fazhi_core::access::Permission::MeetingManage, &town).await.unwrap();
    let form = agenda::ItemForm { title: "审议测试决策上会".into(), proposer_unit: "党政办".into(), summary: "提请集体讨论决定。".into(), decision_id: Some(id), ..Default::default() };
    let item = agenda::propose_item_in(&mut w, &form, &at).await.unwrap();
    w.commit().await.unwrap();
    let e = agenda::accept(&t.app, &office, item, meeting, at).await.unwrap_err();
    assert!(e.message().contains("合法性审查"), "{}", e.message());
    review(&t, id, Conclusion::Unlawful).await;
    let e = agenda::accept(&t.app, &office, item, meeting, at).await.unwrap_err();
    assert!(e.message().contains("不合法"), "{}", e.message());
    review(&t, id, Conclusion::Lawful).await;
    service::record_step(&t.app, &office, id, Step::PartyReport, &on(1, "党委同意提交集体讨论"), today()).await.unwrap();
    agenda::accept(&t.app, &office, item, meeting, at).await.unwrap();
}

/// 提交会议研究 from the decision page: refused with the reason while the gate
/// is shut (nothing written), then an agenda item carrying the decision.
#[tokio::test]
async fn the_decision_page_puts_a_ready_decision_forward_to_a_meeting() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let id = new_decision(&t, "测试决策提交会议").await;
    through_comment(&t, id).await;
    let (c, csrf) = t.console("xilian-office").await;
    let url = t.url(&format!("/console/decisions/{id}/propose-to-meeting"));
    let items = |t: &TestApp| {
        let pool = t.app.db.pool.clone();
        async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM meeting_item WHERE decision_id = $1").bind(id).fetch_one(&pool).await.unwrap() }
    };
    let r = c.post(url.clone()).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("尚未进行合法性审查"));
    assert_eq!(items(&t).await, 0, "nothing half-written");
    review(&t, id, Conclusion::Lawful).await;
    service::record_step(&t.app, &office, id, Step::PartyReport, &on(1, "党委同意提交集体讨论"), today()).await.unwrap();
    let r = c.post(url.clone()).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.status().is_redirection() || r.status().is_success(), "{}", r.status());
    assert_eq!(items(&t).await, 1);
    // Twice is refused.
    let r = c.post(url).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(items(&t).await, 1);
}
