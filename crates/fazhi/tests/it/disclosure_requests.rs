//! 政务公开, disclosure requests (依申请公开), over HTTP: the statutory answer
//! period and what moves it (correction, extension, consultation), the head's
//! approval of an extension, the tracking page's secret (wrong secrets refused,
//! another applicant's data never shown, failures rate-limited), town
//! isolation, the to-do list (a paused request is never overdue), the 告知书
//! DOCX, and the statistics and annual-report inputs from the demo's 2021.
use std::io::Read;

use chrono::NaiveDate;
use fazhi::platform::calendar::add_workdays_db;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, spawn};

const XILIAN: &str = "440203103";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A request registered by staff (paper, in person): (id, code, secret).
struct Registered {
    id: i64,
    code: String,
    secret: String,
    page: String,
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    s.split(start).nth(1).unwrap_or_else(|| panic!("{start} not in page")).split(end).next().unwrap()
}

/// `who` = [name, ID number, phone].
async fn register(t: &TestApp, c: &Client, csrf: &str, received: &str, who: [&str; 3], description: &str) -> Registered {
    let [name, id_number, phone] = who;
    let town = t.org_id(XILIAN).await.to_string();
    let r = c
        .post(t.url("/console/disclosure/requests"))
        .form(&[
            ("_csrf", csrf),
            ("town_id", &town),
            ("channel", "in_person"),
            ("submitted_on", received),
            ("applicant_type", "natural_person"),
            ("name", name),
            ("id_number", id_number),
            ("phone", phone),
            ("address", "广东省韶关市武江区西联镇测试路1号"),
            ("description", description),
            ("form", "paper"),
            ("delivery", "pickup"),
        ])
        .send()
        .await
        .unwrap();
    let status = r.status();
    let page = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = between(&page, "<strong class=\"code\">", "<").to_string();
    let secret = page.split("<strong class=\"code\">").nth(2).unwrap().split('<').next().unwrap().to_string();
    let id: i64 = between(&page, "href=\"/console/disclosure/requests/", "\"").parse().unwrap();
    Registered { id, code, secret, page }
}

/// Records a step through the console form; returns the status (303 on success) and the page.
async fn act(t: &TestApp, c: &Client, csrf: &str, id: i64, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form: Vec<(&str, &str)> = vec![("_csrf", csrf)];
    form.extend_from_slice(fields);
    let r = c.post(t.url(&format!("/console/disclosure/requests/{id}/act"))).form(&form).send().await.unwrap();
    let s = r.status();
    (s, r.text().await.unwrap())
}

async fn ok(t: &TestApp, c: &Client, csrf: &str, id: i64, fields: &[(&str, &str)]) {
    let (s, page) = act(t, c, csrf, id, fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{fields:?}: {}", page.split("class=\"alert\"").nth(1).unwrap_or(&page).chars().take(400).collect::<String>());
}

async fn track(t: &TestApp, code: &str, secret: &str) -> (StatusCode, Value) {
    let r = Client::new().get(t.url(&format!("/api/v1/disclosure/requests/{code}"))).header("X-Request-Secret", secret).send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn due(t: &TestApp, r: &Registered) -> Value {
    let (s, v) = track(t, &r.code, &r.secret).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["due_date"].clone()
}

async fn workdays(t: &TestApp, start: &str, n: u32) -> String {
    add_workdays_db(&t.app.db, d(start), n).await.unwrap().to_string()
}

#[tokio::test]
async fn received_on_2024_02_08_is_due_on_2024_03_13_and_the_page_explains_why() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = register(&t, &c, &csrf, "2024-02-08", ["测试甲", "440203199001011231", "13800001111"], "西联镇2023年度财政预算执行情况").await;
    assert!(r.code.starts_with("XL2024-"), "{}", r.code);
    assert!(r.page.contains("2024-03-13"), "the registration page shows the due date");
    let (s, v) = track(&t, &r.code, &r.secret).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["due_date"], "2024-03-13");
    assert_eq!(v["received_on"], "2024-02-08");
    assert_eq!(v["state"], "received");
    let lines = v["explanation"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect::<Vec<_>>().join("\n");
    assert!(lines.contains("春节"), "the skipped Spring Festival is explained:\n{lines}");
    assert!(lines.contains("2024-03-13") || lines.contains("2024年3月13日"), "{lines}");
    // The portal page shows the same, from code + secret.
    let page = Client::new()
        .post(t.url(&format!("/portal/{XILIAN}/disclosure/track")))
        .form(&[("by", "secret"), ("code", r.code.as_str()), ("secret", r.secret.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("2024-03-13") && html.contains("答复期限是怎样计算的") && html.contains("春节"), "{html}");
    assert!(html.contains("测*") && !html.contains("测试甲"), "the applicant's name is masked");
}

#[tokio::test]
async fn a_correction_restarts_the_clock_from_the_corrected_receipt() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = register(&t, &c, &csrf, "2024-02-08", ["测试乙", "440203199001011231", "13800002222"], "关于那块地的文件").await;
    ok(&t, &c, &csrf, r.id, &[("action", "request_correction"), ("on", "2024-02-19"), ("items", "请写明文件名称或文号\n请写明地块所在村组"), ("reply_by", "2024-03-08")]).await;
    let (_, v) = track(&t, &r.code, &r.secret).await;
    assert_eq!(v["state"], "correction_requested");
    assert_eq!(v["due_date"], Value::Null, "waiting for the applicant: no due date");
    assert_eq!(v["due_text"], "计时暂停（待申请人补正）");
    assert_eq!(v["paused"], true);
    // The notice is one-time.
    let (s, page) = act(&t, &c, &csrf, r.id, &[("action", "request_correction"), ("on", "2024-02-20"), ("items", "再补一项"), ("reply_by", "2024-03-08")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(page.contains("待申请人补正") || page.contains("一次性"), "{page}");

    ok(&t, &c, &csrf, r.id, &[("action", "correction_received"), ("on", "2024-03-01")]).await;
    let expected = workdays(&t, "2024-03-01", 20).await;
    assert_eq!(expected, "2024-03-29");
    assert_eq!(due(&t, &r).await, expected.as_str(), "20 working days after the corrected receipt");
    let (_, v) = track(&t, &r.code, &r.secret).await;
    let lines = v["explanation"].to_string();
    assert!(lines.contains("重新") || lines.contains("补正"), "the restart is explained: {lines}");
}

#[tokio::test]
async fn an_extension_needs_the_head_and_adds_20_working_days() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = register(&t, &c, &csrf, "2024-02-08", ["测试丙", "440203199001011231", "13800003333"], "西联镇2023年度全部建设项目资金明细").await;
    ok(&t, &c, &csrf, r.id, &[("action", "accept_for_review"), ("on", "2024-02-19")]).await;

    // The office cannot grant it itself.
    let (s, _) = act(&t, &c, &csrf, r.id, &[("action", "extend"), ("on", "2024-03-01"), ("days", "20"), ("reason", "需调取档案"), ("notified_on", "2024-03-01")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(due(&t, &r).await, "2024-03-13");

    // It proposes; the head sees the approval on the to-do list and grants it.
    let p = c.post(t.url(&format!("/console/disclosure/requests/{}/extension", r.id))).form(&[("_csrf", csrf.as_str()), ("days", "20"), ("reason", "需调取多年档案核对"), ("on", "2024-02-29")]).send().await.unwrap();
    assert_eq!(p.status(), StatusCode::SEE_OTHER, "{}", p.text().await.unwrap());
    let leader = t.token("xilian-leader").await;
    let (_, todos) = t.get_json(&leader, "/api/v1/todos").await;
    assert!(todos["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().contains(&format!("审批延长答复期限：{}", r.code))), "{todos}");
    let (lc, lcsrf) = t.console("xilian-leader").await;
    ok(&t, &lc, &lcsrf, r.id, &[("action", "extend"), ("on", "2024-03-01"), ("days", "20"), ("reason", "需调取多年档案核对"), ("notified_on", "2024-03-01")]).await;
    let expected = workdays(&t, "2024-03-13", 20).await;
    assert_eq!(expected, "2024-04-11");
    assert_eq!(due(&t, &r).await, expected.as_str());
    let (_, v) = track(&t, &r.code, &r.secret).await;
    assert_eq!(v["extended"], true);
    assert!(v["history"].to_string().contains("延长 20 个工作日"), "{v}");
    let (_, todos) = t.get_json(&leader, "/api/v1/todos").await;
    assert!(!todos["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().contains("审批延长答复期限：XL2024")), "the approval to-do is closed");
    // Once only.
    let (s, _) = act(&t, &lc, &lcsrf, r.id, &[("action", "extend"), ("on", "2024-03-05"), ("days", "5"), ("reason", "再延"), ("notified_on", "2024-03-05")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // The extension notice is a letter too.
    let doc = c.get(t.url(&format!("/console/disclosure/requests/{}/extension.docx", r.id))).send().await.unwrap();
    assert_eq!(doc.status(), StatusCode::OK);
    let xml = document_xml(doc.bytes().await.unwrap().to_vec());
    assert!(xml.contains("延长20个工作日") && xml.contains("2024年4月11日"), "{xml}");
}

#[tokio::test]
async fn consultation_time_is_excluded_and_a_paused_request_is_never_overdue() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let paused = register(&t, &c, &csrf, "2024-02-08", ["测试丁", "440203199001011231", "13800004444"], "某商铺消防检查记录").await;
    let running = register(&t, &c, &csrf, "2024-02-08", ["测试戊", "440203199001011231", "13800005555"], "某工程招标文件").await;
    for r in [&paused, &running] {
        ok(&t, &c, &csrf, r.id, &[("action", "accept_for_review"), ("on", "2024-02-19")]).await;
    }
    ok(&t, &c, &csrf, paused.id, &[("action", "start_third_party_consultation"), ("on", "2024-02-26"), ("third_party", "某商行")]).await;
    let (_, v) = track(&t, &paused.code, &paused.secret).await;
    assert_eq!(v["due_text"], "计时暂停（征求第三方意见中）");
    assert_eq!(v["due_date"], Value::Null);
    assert!(!v["history"].to_string().contains("某商行"), "the third party is not named to the applicant");

    // Today is long after 2024-03-13: the running one is overdue, the paused one is not.
    let office = t.token("xilian-office").await;
    let (_, todos) = t.get_json(&office, "/api/v1/todos").await;
    let item = |code: &str| todos["items"].as_array().unwrap().iter().find(|i| i["title"].as_str().unwrap().ends_with(code)).cloned().unwrap_or_else(|| panic!("{code} not on the to-do list: {todos}"));
    assert_eq!(item(&running.code)["overdue"], true);
    assert_eq!(item(&paused.code)["overdue"], false);
    assert_eq!(item(&paused.code)["paused"], true);
    let home = c.get(t.url("/console/disclosure/requests")).send().await.unwrap().text().await.unwrap();
    let row = between(&home, &format!(">{}</a>", paused.code), "</tr>");
    assert!(row.contains("计时暂停") && !row.contains("已逾期"), "{row}");

    // A "no reply" only after the 15 working days; the reply ends the pause.
    let (s, page) = act(&t, &c, &csrf, paused.id, &[("action", "end_third_party_consultation"), ("on", "2024-03-04"), ("reply", "no_reply")]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{page}");
    ok(&t, &c, &csrf, paused.id, &[("action", "end_third_party_consultation"), ("on", "2024-03-04"), ("reply", "consent")]).await;
    // 2024-02-26 … 03-01 and 03-04 (6 working days) are not counted: 03-13 + 6 WD.
    assert_eq!(due(&t, &paused).await, "2024-03-21");
    assert_eq!(workdays(&t, "2024-03-13", 6).await, "2024-03-21");
    let (_, todos) = t.get_json(&office, "/api/v1/todos").await;
    let now = todos["items"].as_array().unwrap().iter().find(|i| i["title"].as_str().unwrap().ends_with(&paused.code)).unwrap().clone();
    assert_eq!(now["overdue"], true, "resumed in 2024, so it is overdue today");
}

#[tokio::test]
async fn the_tracking_api_refuses_wrong_secrets_and_never_shows_another_applicants_data() {
    let t = spawn().await;
    let submit = |name: &'static str, id: &'static str, phone: &'static str, what: &'static str| {
        let url = t.url("/api/v1/disclosure/requests");
        async move {
            let r = Client::new()
                .post(url)
                .json(&json!({"town": XILIAN, "applicant_type": "natural_person", "name": name, "id_number": id, "phone": phone, "description": what, "form": "electronic", "delivery": "online"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
            r.json::<Value>().await.unwrap()
        }
    };
    let a = submit("王小明", "440203199001011231", "13900001111", "甲申请的低保名单").await;
    let b = submit("李小红", "440203198502020027", "13900002222", "乙申请的征地文件").await;
    let year = fazhi::web::pages::today().format("%Y").to_string();
    assert!(a["tracking_code"].as_str().unwrap().starts_with(&format!("XL{year}-")), "{a}");
    assert!(a["due_date"].is_string() || a["due_date"].is_null());
    let (code_a, secret_a) = (a["tracking_code"].as_str().unwrap(), a["secret"].as_str().unwrap());
    let (code_b, secret_b) = (b["tracking_code"].as_str().unwrap(), b["secret"].as_str().unwrap());

    // The right secret shows the request, the name masked, no ID or phone.
    let (s, v) = track(&t, code_a, secret_a).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["applicant"], "王**");
    assert_eq!(v["description"], "甲申请的低保名单");
    let text = v.to_string();
    for secret in ["王小明", "440203199001011231", "13900001111", "乙申请", "李小红"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // The secret is stored hashed only.
    let stored: String = sqlx::query_scalar("SELECT secret_hash FROM disclosure_request WHERE code = $1").bind(code_a).fetch_one(&t.app.db.pool).await.unwrap();
    assert_ne!(stored, secret_a);
    assert_eq!(stored, fazhi_crypto::token_hash(&secret_a.replace('-', "")));

    // Wrong secret, another applicant's secret, a code that does not exist: the same 403, no data.
    for (code, secret) in [(code_a, "aaaa-bbbb-cccc-dddd"), (code_a, secret_b), (code_b, secret_a), ("XL1999-000001", secret_a)] {
        let (s, v) = track(&t, code, secret).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{code} {secret}: {v}");
        let text = v.to_string();
        assert!(!text.contains("低保") && !text.contains("征地") && !text.contains("王") && !text.contains("李"), "{text}");
        assert_eq!(v["error"]["message"], "受理编号与查询密码（或联系电话）不匹配，请核对后重试");
    }
    // The portal page says the same and shows nothing of the request.
    let page = Client::new().post(t.url(&format!("/portal/{XILIAN}/disclosure/track"))).form(&[("by", "secret"), ("code", code_b), ("secret", secret_a)]).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    let html = page.text().await.unwrap();
    assert!(!html.contains("征地") && !html.contains("李*"), "{html}");
    // The phone given in the request also proves it (and only that phone).
    let r = Client::new().get(t.url(&format!("/api/v1/disclosure/requests/{code_b}?phone=13900002222"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = Client::new().get(t.url(&format!("/api/v1/disclosure/requests/{code_b}?phone=13900001111"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // code_b has failed 3 times (API, portal, phone); two more reach the limit of 5 per code:
    // then even the right secret is refused for a while.
    for _ in 0..2 {
        let (s, _) = track(&t, code_b, "wrong").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let (s, v) = track(&t, code_b, secret_b).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
    let (s, _) = track(&t, code_a, secret_a).await;
    assert_eq!(s, StatusCode::OK, "another code is not blocked");

    // Submissions are limited per address: 5 an hour.
    for i in 0..3 {
        let r = Client::new()
            .post(t.url("/api/v1/disclosure/requests"))
            .json(&json!({"town": XILIAN, "applicant_type": "natural_person", "name": format!("申请人{i}"), "id_number": "440203199001011231", "phone": "13900003333", "description": "某项政府信息", "form": "electronic", "delivery": "online"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = Client::new()
        .post(t.url("/api/v1/disclosure/requests"))
        .json(&json!({"town": XILIAN, "applicant_type": "natural_person", "name": "第六件", "id_number": "440203199001011231", "phone": "13900003333", "description": "某项政府信息", "form": "electronic", "delivery": "online"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

    // Bad input names the field; a cross-site form post is refused.
    let r = Client::new()
        .post(t.url("/api/v1/disclosure/requests"))
        .json(&json!({"town": XILIAN, "applicant_type": "natural_person", "name": "某", "id_number": "440203199001011235", "phone": "139", "description": "某项政府信息", "form": "paper", "delivery": "email"}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["field"], "id_number", "{v}");
    let r = Client::new().post(t.url(&format!("/portal/{XILIAN}/disclosure/apply"))).header("Sec-Fetch-Site", "cross-site").form(&[("name", "x")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_towns_staff_are_refused_and_the_applicant_is_masked_until_unmasked() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = register(&t, &c, &csrf, "2024-02-08", ["测试己", "440203199001011231", "13800006666"], "西联镇某项信息").await;
    let (lg, lgcsrf) = t.console("longgui-office").await;
    assert_eq!(lg.get(t.url(&format!("/console/disclosure/requests/{}", r.id))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let (s, _) = act(&t, &lg, &lgcsrf, r.id, &[("action", "accept_for_review"), ("on", "2024-02-19")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(lg.get(t.url(&format!("/console/disclosure/requests/{}/letter.docx", r.id))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let list = lg.get(t.url("/console/lists/disclosure_requests")).send().await.unwrap().text().await.unwrap();
    assert!(!list.contains("XL20") && list.contains("LG20"), "龙归镇 sees only its own requests");
    let list = c.get(t.url("/console/lists/disclosure_requests")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains(&r.code) && !list.contains("LG20"));

    // The office sees the applicant masked; the leader may unmask, and that is audited.
    let page = c.get(t.url(&format!("/console/disclosure/requests/{}", r.id))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("测**") && page.contains("440203********1231") && page.contains("138****6666"), "masked");
    assert!(!page.contains("测试己") && !page.contains("440203199001011231"));
    assert_eq!(c.post(t.url(&format!("/console/disclosure/requests/{}/reveal", r.id))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let (lc, lcsrf) = t.console("xilian-leader").await;
    let shown = lc.post(t.url(&format!("/console/disclosure/requests/{}/reveal", r.id))).form(&[("_csrf", lcsrf.as_str())]).send().await.unwrap();
    assert_eq!(shown.status(), StatusCode::OK);
    let html = shown.text().await.unwrap();
    assert!(html.contains("测试己") && html.contains("440203199001011231") && html.contains("13800006666"));
    let unmasks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask' AND entity = 'disclosure_request' AND entity_id = $1")
        .bind(r.id.to_string())
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert!(unmasks >= 3, "name, ID and phone unmasks are audited");
    // Nothing personal in clear in the database or the audit trail.
    let row: (String, String) = sqlx::query_as("SELECT name_enc, phone_enc FROM disclosure_request WHERE id = $1").bind(r.id).fetch_one(&t.app.db.pool).await.unwrap();
    assert!(!row.0.contains("测试己") && !row.1.contains("13800006666"));
    let leaks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record WHERE after_json LIKE '%13800006666%' OR after_json LIKE '%440203199001011231%' OR after_json LIKE '%测试己%'")
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(leaks, 0);
}

fn document_xml(bytes: Vec<u8>) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[tokio::test]
async fn the_answer_letter_is_a_docx_with_the_outcome_reason_and_remedies() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = register(&t, &c, &csrf, "2024-02-08", ["测试庚", "440203199001011231", "13800007777"], "某公司投标报价明细").await;
    let letter = format!("/console/disclosure/requests/{}/letter.docx", r.id);
    assert_eq!(c.get(t.url(&letter)).send().await.unwrap().status(), StatusCode::CONFLICT, "no letter before the answer");
    ok(&t, &c, &csrf, r.id, &[("action", "accept_for_review"), ("on", "2024-02-19")]).await;
    // The outcome and the answer type must agree; a reason is required.
    let (s, page) = act(&t, &c, &csrf, r.id, &[("action", "respond"), ("on", "2024-03-01"), ("outcome", "3.4"), ("answer", "granted"), ("reason", "x")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("不能计入办理结果"), "{page}");
    let (s, _) = act(&t, &c, &csrf, r.id, &[("action", "respond"), ("on", "2024-03-01"), ("outcome", "3.4")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    ok(&t, &c, &csrf, r.id, &[("action", "respond"), ("on", "2024-03-01"), ("outcome", "3.4"), ("reason", "投标报价属于第三方商业秘密"), ("note", "内部：已请示分管领导")]).await;

    let resp = c.get(t.url(&letter)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().contains("wordprocessingml"));
    let xml = document_xml(resp.bytes().await.unwrap().to_vec());
    for want in ["政府信息公开申请答复告知书", "经审查，您申请获取的政府信息属于不予公开的范围，理由如下：", "投标报价属于第三方商业秘密", "本申请的办理结果为“不予公开：保护第三方合法权益”", "第十五条", "60日", "6个月", "韶关市武江区人民政府", &r.code, "2024年3月1日"] {
        assert!(xml.contains(want), "{want} missing in the letter");
    }
    assert!(xml.contains("测**") && !xml.contains("测试庚"), "the office may not unmask: the name is masked");
    assert!(!xml.contains("已请示分管领导"), "internal notes stay internal");
    // The head may unmask: the letter carries the full name, and that is audited.
    let (lc, _) = t.console("xilian-leader").await;
    let xml = document_xml(lc.get(t.url(&letter)).send().await.unwrap().bytes().await.unwrap().to_vec());
    assert!(xml.contains("测试庚"));
    // The applicant sees the answer and the remedies, not the note.
    let (_, v) = track(&t, &r.code, &r.secret).await;
    assert_eq!(v["state"], "responded");
    assert!(v["answer"]["remedies"].as_str().unwrap().contains("行政复议"));
    assert_eq!(v["answer"]["review_body"], "韶关市武江区人民政府");
    assert!(!v.to_string().contains("分管领导"));
    // Staff see the finished request: on time, to-do closed.
    let (_, todos) = t.get_json(&t.token("xilian-office").await, "/api/v1/todos").await;
    assert!(!todos["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().ends_with(&r.code)));
}

#[tokio::test]
async fn statistics_and_the_annual_report_inputs_count_the_demo_year() {
    let t = spawn().await;
    let (c, _) = t.console("xilian-office").await;
    let page = c.get(t.url("/console/disclosure/requests/stats?from=2021-01-01&to=2021-12-31")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("<th scope=\"col\">西联镇</th>"), "one column per office in scope");
    let cell = |label: &str| between(&html, &format!("<th scope=\"row\">{label}</th><td>"), "<").to_string();
    let expected = [
        ("本期收到", "12"),
        ("上期结转", "0"),
        ("本期办结", "11"),
        ("其中按期办结", "11"),
        ("其中超期办结", "0"),
        ("按期办结率", "100.0%"),
        ("期末未办结", "1"),
        ("当前逾期未办结", "0"),
        ("办结结果：予以公开", "4"),
        ("办结结果：部分公开", "1"),
        ("办结结果：不予公开", "1"),
        ("办结结果：无法提供", "2"),
        ("办结结果：不予处理", "2"),
        ("办结结果：其他处理", "1"),
    ];
    for (label, n) in expected {
        assert_eq!(cell(label), n, "{label}");
    }
    // A district supervisor sees both towns side by side, with the total.
    let (sup, _) = t.console("wujiang-supervisor").await;
    let html = sup.get(t.url("/console/disclosure/requests/stats?from=2021-01-01&to=2021-12-31")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<th scope=\"col\">西联镇</th>") && html.contains("<th scope=\"col\">龙归镇</th>") && html.contains("<th scope=\"col\">合计</th>"));
    let xlsx = c.get(t.url("/console/disclosure/requests/stats.xlsx?from=2021-01-01&to=2021-12-31")).send().await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    assert!(z.by_name("xl/workbook.xml").is_ok());

    // The requests ledger (one list mechanism) shows and exports them.
    let list = c.get(t.url("/console/lists/disclosure_requests?f_from=2021-01-01&f_to=2021-12-31")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("XL2021-000001") && list.contains("XL2021-000012"));

    // Table 三 and 四 inputs for the annual report.
    let town = t.org_id(XILIAN).await;
    let summaries = fazhi::disclosure::requests::summaries_for_year(&t.app, town, 2021).await.unwrap();
    assert_eq!(summaries.len(), 12);
    let t3 = fazhi_core::disclosure::report::Table3::compute(2021, &summaries);
    assert!(fazhi_core::disclosure::report::check(&t3).is_empty(), "Table 三 cross-foots");
    let s2022 = fazhi::disclosure::requests::summaries_for_year(&t.app, town, 2022).await.unwrap();
    assert_eq!(s2022.len(), 1, "one request carried into 2022");
    let cases = fazhi::disclosure::requests::review_cases(&t.app, town, 2021).await.unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].result, fazhi_core::disclosure::report::CaseResult::Upheld);
    let t4 = fazhi_core::disclosure::report::Table4::compute(2021, &cases);
    assert_eq!(t4.review.upheld, 1);
    // The cases page shows Table 四.
    let html = c.get(t.url("/console/disclosure/requests/cases?year=2021")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("韶关市武江区人民政府") && html.contains("结果维持"));
}

#[tokio::test]
async fn the_public_files_on_the_portal_without_an_account_and_tracks_by_phone() {
    let t = spawn().await;
    let c = t.browser();
    let form = c.get(t.url(&format!("/portal/{XILIAN}/disclosure/apply"))).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let fields = [
        ("applicant_type", "natural_person"),
        ("name", "赵某某"),
        ("id_number", "440203199001011231"),
        ("phone", "13700001234"),
        ("address", ""),
        ("email", ""),
        ("description", "西联镇本年度农村低保对象名单"),
        ("form", "paper"),
        ("delivery", "post"),
    ];
    // Post needs an address: the form comes back with the values and the message.
    let r = c.post(t.url(&format!("/portal/{XILIAN}/disclosure/apply"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("通信地址") && html.contains("西联镇本年度农村低保对象名单") && html.contains("aria-invalid=\"true\""), "{html}");
    let mut fields = fields.to_vec();
    fields[4] = ("address", "广东省韶关市武江区西联镇某路2号");
    let r = c.post(t.url(&format!("/portal/{XILIAN}/disclosure/apply"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let code = between(&html, "id=\"tracking-code\">", "<").to_string();
    assert!(code.starts_with("XL"), "{code}");
    assert!(html.contains("id=\"tracking-secret\""));
    // Tracked by phone; the to-do of the office shows it.
    let r = c.post(t.url(&format!("/portal/{XILIAN}/disclosure/track"))).form(&[("by", "phone"), ("code", code.as_str()), ("phone", "137 0000 1234")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("已收到") && html.contains("赵**"), "{html}");
    let (_, todos) = t.get_json(&t.token("xilian-office").await, "/api/v1/todos").await;
    assert!(todos["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().ends_with(&code)));
    // Audited as the online applicant, in the town's chain.
    let who: String = sqlx::query_scalar("SELECT actor_name FROM audit_record WHERE entity = 'disclosure_request' AND action = 'create' ORDER BY id DESC LIMIT 1").fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(who, "申请人（在线提交）");
    // The OpenAPI document describes both endpoints.
    let (_, spec) = t.get_json("", "/api/v1/openapi.json").await;
    assert!(spec["paths"]["/disclosure/requests"]["post"].is_object());
    assert!(spec["paths"]["/disclosure/requests/{code}"]["get"].is_object());
}
