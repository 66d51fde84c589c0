//! 合法性审查 over HTTP: the API (`POST /api/v1/legal-reviews` with bearer or
//! session + CSRF, scoped reads, opinion and response), the console pages and
//! forms, the ledger lists and the figures.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::spawn;

const XILIAN: &str = "440203103";

#[tokio::test]
async fn api_request_opinion_response_and_scope() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let adviser = t.token("xilian-adviser").await;
    let longgui = t.token("longgui-office").await;
    let town = t.org_id(XILIAN).await;
    let chen: i64 = sqlx::query_scalar("SELECT a.id FROM legal_adviser a JOIN app_user u ON u.id = a.user_id WHERE u.username = 'xilian-adviser'").fetch_one(&t.app.db.pool).await.unwrap();

    // A decision's review may not be shorter than 7 working days.
    let (s, e) = t
        .post_json(&office, "/api/v1/legal-reviews", json!({"org_id": town, "subject_kind": "decision", "subject_title": "测试决策", "questions": "是否合法", "due_date": "2021-09-24"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["field"], "due_date");
    let (s, created) = t
        .post_json(&office, "/api/v1/legal-reviews", json!({"org_id": town, "subject_kind": "contract", "subject_title": "API 提请的合同", "questions": "违约条款", "adviser_id": chen}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["due_date"].as_str().unwrap().len(), 10);
    assert_eq!(created["state"], "requested");
    // Unknown kinds and missing fields name the field.
    let (s, e) = t.post_json(&office, "/api/v1/legal-reviews", json!({"org_id": town, "subject_kind": "meeting", "subject_title": "x", "questions": "y"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("subject_kind")));
    // The adviser may not request; 龙归镇 may not request for 西联镇.
    let body = json!({"org_id": town, "subject_kind": "contract", "subject_title": "x", "questions": "y"});
    assert_eq!(t.post_json(&adviser, "/api/v1/legal-reviews", body.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(t.post_json(&longgui, "/api/v1/legal-reviews", body).await.0, StatusCode::FORBIDDEN);

    // Reads are scoped.
    let (s, one) = t.get_json(&office, &format!("/api/v1/legal-reviews/{id}")).await;
    assert_eq!((s, one["subject_kind_label"].as_str()), (StatusCode::OK, Some("合同")));
    assert_eq!(t.get_json(&longgui, &format!("/api/v1/legal-reviews/{id}")).await.0, StatusCode::NOT_FOUND);
    let (_, list) = t.get_json(&longgui, "/api/v1/legal-reviews").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let (_, list) = t.get_json(&office, "/api/v1/legal-reviews?limit=3").await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let before = list["next_before"].as_i64().unwrap();
    let (_, page2) = t.get_json(&office, &format!("/api/v1/legal-reviews?limit=3&before={before}")).await;
    assert!(page2["items"].as_array().unwrap().iter().all(|i| i["id"].as_i64().unwrap() < before));
    let (_, opined) = t.get_json(&office, "/api/v1/legal-reviews?state=withdrawn").await;
    assert!(opined["items"].as_array().unwrap().iter().all(|i| i["state"] == "withdrawn"));

    // The adviser gives the opinion; the office answers each point.
    let (s, e) = t.post_json(&adviser, &format!("/api/v1/legal-reviews/{id}/opinion"), json!({"conclusion": "lawful_with_changes", "reasons": "违约金过高", "points": ["调整违约金"]})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("articles")));
    let (s, v) = t
        .post_json(&adviser, &format!("/api/v1/legal-reviews/{id}/opinion"), json!({"conclusion": "lawful_with_changes", "reasons": "违约金过高", "articles": "《民法典》第五百八十五条", "points": ["调整违约金", "补充争议解决条款"]}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["conclusion_label"], "修改后合法");
    let (s, e) = t.post_json(&office, &format!("/api/v1/legal-reviews/{id}/response"), json!({"answers": [{"adopted": true}, {"adopted": false}]})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("answers[1].note")));
    let (s, v) = t.post_json(&office, &format!("/api/v1/legal-reviews/{id}/response"), json!({"answers": [{"adopted": true}, {"adopted": false, "note": "已有仲裁条款"}]})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "responded");
    assert_eq!(v["points"][1]["adopted"], false);

    // Figures and the OpenAPI document.
    let (s, f) = t.get_json(&office, "/api/v1/legal-reviews/figures").await;
    assert_eq!(s, StatusCode::OK);
    assert!(f["years"].as_array().unwrap().iter().any(|y| y["year"] == 2021));
    let (_, doc) = t.get_json(&office, "/api/v1/openapi.json").await;
    for p in ["/legal-reviews", "/legal-reviews/{id}", "/legal-reviews/{id}/opinion", "/legal-reviews/figures"] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
    assert!(doc["paths"]["/legal-reviews"]["post"]["requestBody"].is_object());
}

#[tokio::test]
async fn session_writes_need_the_csrf_token() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let town = t.org_id(XILIAN).await;
    let body = json!({"org_id": town, "subject_kind": "contract", "subject_title": "会话提请", "questions": "问题"});
    let r = c.post(t.url("/api/v1/legal-reviews")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c.post(t.url("/api/v1/legal-reviews")).header("X-CSRF-Token", &csrf).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn console_pages_forms_lists_and_figures() {
    let t = spawn().await;
    let town = t.org_id(XILIAN).await;
    let (o, ocsrf) = t.console("xilian-office").await;
    let page = |c: &reqwest::Client, path: String| {
        let c = c.clone();
        let url = t.url(&path);
        async move {
            let r = c.get(url).send().await.unwrap();
            let s = r.status();
            (s, r.text().await.unwrap())
        }
    };
    let (s, home) = page(&o, "/console/legal-reviews".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("待反馈采纳情况") && home.contains("提请合法性审查"));
    let (s, form) = page(&o, "/console/legal-reviews/new?kind=decision".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("法定不少于 7 个工作日"), "the form shows the statutory minimum");
    assert!(form.contains("法律顾问 陈志明（演示）"));
    // A decision review with too short a period is refused on the form, with the reason.
    let three = fazhi::platform::calendar::add_workdays_db(&t.app.db, fazhi::web::pages::today(), 3).await.unwrap().to_string();
    let r = o
        .post(t.url("/console/legal-reviews"))
        .form(&[("_csrf", ocsrf.as_str()), ("org_id", &town.to_string()), ("subject_kind", "decision"), ("subject_title", "表单提请的决策"), ("questions", "是否合法"), ("due_date", &three), ("reviewer", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不得少于 7 个工作日"));
    let sifa_id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-sifa'").fetch_one(&t.app.db.pool).await.unwrap();
    let r = o
        .post(t.url("/console/legal-reviews"))
        .form(&[("_csrf", ocsrf.as_str()), ("org_id", &town.to_string()), ("subject_kind", "contract"), ("subject_title", "表单提请的合同"), ("questions", "付款条款"), ("due_date", ""), ("reviewer", &format!("user:{sifa_id}"))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let (s, detail) = page(&o, loc.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(detail.contains("撤回审查申请") && !detail.contains("出具审查意见</h2>"));
    // Materials upload on the review page.
    let (ct, body) = crate::attachments::multipart(&[], Some(("合同.txt", "合同文本".as_bytes())));
    let r = o.post(t.url(&format!("/console/legal-reviews/{id}/files?_csrf={ocsrf}"))).header("content-type", ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(page(&o, loc.clone()).await.1.contains("合同.txt"));

    // 司法所 opines through the form; a missing reason is shown on the page.
    let (s_client, scsrf) = t.console("xilian-sifa").await;
    let (_, queue) = page(&s_client, "/console/legal-reviews".into()).await;
    assert!(queue.contains("表单提请的合同"));
    let r = s_client.post(t.url(&format!("/console/legal-reviews/{id}/opinion"))).form(&[("_csrf", scsrf.as_str()), ("conclusion", "unlawful"), ("reasons", ""), ("articles", ""), ("points", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("审查理由"));
    let r = s_client
        .post(t.url(&format!("/console/legal-reviews/{id}/opinion")))
        .form(&[("_csrf", scsrf.as_str()), ("conclusion", "lawful_with_changes"), ("reasons", "付款节点不明确"), ("articles", "《民法典》第五百一十条"), ("points", "明确付款节点\n\n补充验收条款")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, detail) = page(&o, loc.clone()).await;
    assert!(detail.contains("反馈采纳情况") && detail.contains("补充验收条款"));
    let r = o
        .post(t.url(&format!("/console/legal-reviews/{id}/response")))
        .form(&[("_csrf", ocsrf.as_str()), ("adopted_1", "1"), ("note_1", ""), ("adopted_2", "0"), ("note_2", "验收条款已在附件中约定")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, detail) = page(&o, loc).await;
    assert!(detail.contains("已反馈采纳情况") && detail.contains("验收条款已在附件中约定") && detail.contains("办理记录"));
    // The opinion letter (DOCX) carries the conclusion and the responses.
    let r = o.get(t.url(&format!("/console/legal-reviews/{id}/opinion.docx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("合法性审查意见书") && xml.contains("修改后合法") && xml.contains("验收条款已在附件中约定"));

    // Lists, the advisers' register and the figures.
    for (path, expect) in [
        ("/console/lists/legal_reviews", "合法性审查台账"),
        ("/console/lists/legal_reviews?f_kind=contract", "表单提请的合同"),
        ("/console/lists/legal_advisers", "法律顾问名册"),
        ("/console/legal-advisers", "广东韶武律师事务所"),
        ("/console/legal-reviews/figures", "意见采纳率"),
    ] {
        let (s, body) = page(&o, path.into()).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(body.contains(expect), "{path}: {expect}");
    }
    let r = o.get(t.url("/console/lists/legal_reviews/export")).send().await.unwrap();
    assert!(r.status().is_success() || r.status() == StatusCode::SEE_OTHER, "{}", r.status());
    // Registering an adviser: the 执业证号 is checked; 龙归镇 sees none of 西联镇's register.
    let r = o
        .post(t.url("/console/legal-advisers"))
        .form(&[("_csrf", ocsrf.as_str()), ("org_id", &town.to_string()), ("name", "王测试"), ("licence_no", "12ab"), ("firm", "广东测试律师事务所"), ("contract_start", "2026-01-01"), ("contract_end", "2026-12-31"), ("scope", "合同审查")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = o
        .post(t.url("/console/legal-advisers"))
        .form(&[("_csrf", ocsrf.as_str()), ("org_id", &town.to_string()), ("name", "王测试"), ("licence_no", "14402202010111222"), ("firm", "广东测试律师事务所"), ("contract_start", "2026-01-01"), ("contract_end", "2026-12-31"), ("scope", "合同审查")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (l, _) = t.console("longgui-office").await;
    let (_, reg) = page(&l, "/console/legal-advisers".into()).await;
    assert!(!reg.contains("王测试") && !reg.contains("陈志明"));
    assert_eq!(page(&l, format!("/console/legal-reviews/{id}")).await.0, StatusCode::NOT_FOUND);
}
