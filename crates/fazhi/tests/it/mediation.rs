//! 人民调解 over HTTP: an agreement is effective only once every party, the
//! mediator and the committee's seal are recorded; a party's refusal blocks
//! mediation; the one-month target and the 30-day 司法确认 window as clocks
//! (a closed window is never "overdue"); risk flags on the 综治 to-do list and
//! the police report recorded; town isolation through every endpoint;
//! personal data never in clear in the raw tables; the agreement DOCX.
use std::io::Read;

use chrono::{Duration, NaiveDate};
use fazhi_core::personal::IdNumber;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, spawn};

const MEDIATOR: &str = "xilian-mediator";

fn today() -> NaiveDate {
    fazhi::web::pages::today()
}

fn ago(n: i64) -> String {
    (today() - Duration::days(n)).to_string()
}

async fn committee(t: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM mediation_committee WHERE name = $1").bind(name).fetch_one(&t.app.db.pool).await.unwrap()
}

fn id_number(seq: u16) -> String {
    IdNumber::synthesize("440203", NaiveDate::from_ymd_opt(1970, 3, 15).unwrap(), seq).as_str().to_string()
}

/// Opens a case in 西联社区's committee with two named parties; returns its id.
async fn open(t: &TestApp, token: &str, applied_on: &str, a: &str, b: &str) -> i64 {
    let c = committee(t, "西联社区人民调解委员会").await;
    let (s, v) = t
        .post_json(
            token,
            "/api/v1/mediation/cases",
            json!({"committee_id": c, "source": "visit", "dispute_type": "house_and_homestead", "applied_on": applied_on,
                "facts": "两户相邻，乙方翻建围墙越过宅基地界线。", "issues": "围墙是否拆除重砌。",
                "parties": [
                    {"name": a, "id_number": id_number(511), "phone": "13907510001", "address": "西联镇测试村一巷8号"},
                    {"name": b, "id_number": id_number(522), "phone": "13907510002", "address": "西联镇测试村一巷9号"}
                ]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

async fn step(t: &TestApp, token: &str, id: i64, body: Value) -> Value {
    let (s, v) = t.post_json(token, &format!("/api/v1/mediation/cases/{id}/act"), body.clone()).await;
    assert_eq!(s, StatusCode::OK, "{body}: {v}");
    v
}

async fn refused(t: &TestApp, token: &str, id: i64, body: Value) -> String {
    let (s, v) = t.post_json(token, &format!("/api/v1/mediation/cases/{id}/act"), body.clone()).await;
    assert!(s.is_client_error(), "{body} should be refused: {s} {v}");
    v["error"]["message"].as_str().unwrap_or_default().to_string()
}

/// Registered, one session held, a written agreement reached (all on `on`).
async fn to_agreement(t: &TestApp, token: &str, id: i64, on: &str) {
    step(t, token, id, json!({"action": "register", "on": on, "mediators": "西联社区人民调解员（演示）"})).await;
    step(t, token, id, json!({"action": "hold_session", "on": on, "time": "上午9时", "place": "西联社区人民调解室", "mediator": "梁桂芳", "attendees": "双方当事人", "record": "双方同意以宅基地使用证附图为界。"})).await;
    step(t, token, id, json!({"action": "reach_agreement", "on": on, "form": "written", "content": "一、乙方于十五日内拆除越界围墙。\n二、甲方放弃赔偿请求。", "performance": "十五日内拆除，村委会见证。", "copies": "3"})).await;
}

fn document_xml(bytes: Vec<u8>) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[tokio::test]
async fn an_agreement_is_effective_only_after_every_signature_and_the_seal() {
    let t = spawn().await;
    let token = t.token(MEDIATOR).await;
    let id = open(&t, &token, &ago(3), "测试甲某", "测试乙某").await;
    let now = today().to_string();
    to_agreement(&t, &token, id, &now).await;

    let signers = [
        json!({"action": "execute", "on": now, "by": "party", "party": "甲方", "mark": "signature"}),
        json!({"action": "execute", "on": now, "by": "party", "party": "乙方", "mark": "thumbprint"}),
        json!({"action": "execute", "on": now, "by": "mediator", "mediator": "梁桂芳"}),
    ];
    let mut expected_missing = vec!["当事人甲方签名、盖章或者按指印", "当事人乙方签名、盖章或者按指印", "人民调解员签名", "加盖人民调解委员会印章"];
    let (_, v) = t.get_json(&token, &format!("/api/v1/mediation/cases/{id}")).await;
    assert_eq!(v["agreement"]["effective_on"], Value::Null);
    assert_eq!(v["agreement"]["missing"], json!(expected_missing));
    assert_eq!(v["confirmation"], Value::Null, "no 司法确认 window before the agreement is effective");
    // Nothing that needs an effective agreement can happen yet.
    let m = refused(&t, &token, id, json!({"action": "follow_up", "on": now, "performance": "performed", "note": "已履行"})).await;
    assert!(m.contains("尚未生效"), "{m}");
    for s in signers {
        let v = step(&t, &token, id, s).await;
        expected_missing.remove(0);
        assert_eq!(v["agreement"]["effective_on"], Value::Null, "still not effective");
        assert_eq!(v["agreement"]["missing"], json!(expected_missing));
    }
    // A party cannot sign twice.
    refused(&t, &token, id, json!({"action": "execute", "on": now, "by": "party", "party": "甲方", "mark": "seal"})).await;
    let v = step(&t, &token, id, json!({"action": "execute", "on": now, "by": "seal"})).await;
    assert_eq!(v["agreement"]["effective_on"], json!(now));
    assert_eq!(v["agreement"]["missing"], json!([]));
    assert!(v["effects"].as_array().unwrap().iter().any(|e| e["effect"] == "confirmation_window_opened"), "{v}");
    let due = v["confirmation"]["due"].as_str().expect("30-day window").to_string();
    assert!(NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap() >= today() + Duration::days(30));
    assert!(v["confirmation"]["status"].as_str().unwrap().contains("可于"));

    // The page says so, and no longer offers signing.
    let (c, _) = t.console(MEDIATOR).await;
    let page = c.get(t.url(&format!("/console/mediation/cases/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("书面调解协议已于 {now} 生效")), "{page}");
    assert!(!page.contains("登记加盖调解委员会印章"));

    // The DOCX: parties in full for someone who may unmask (audited), the terms, the signature block.
    let unmasks_before = t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask' AND entity = 'mediation_case'").await;
    let r = c.get(t.url(&format!("/console/mediation/cases/{id}/agreement.docx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let xml = document_xml(r.bytes().await.unwrap().to_vec());
    for needle in ["人民调解协议书", "测试甲某", "测试乙某", &id_number(511), "当事人（甲方）", "乙方于十五日内拆除越界围墙", "十五日内拆除，村委会见证", "本协议一式3份", "人民调解员", "西联社区人民调解委员会（印）", "纠纷主要事实、争议事项"] {
        assert!(xml.contains(needle), "{needle} missing from the agreement");
    }
    assert!(t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask' AND entity = 'mediation_case'").await > unmasks_before, "printing in full is audited");

    // 回访 then 司法确认 within the window; then archive.
    step(&t, &token, id, json!({"action": "follow_up", "on": now, "performance": "performed", "note": "围墙已拆除重砌。"})).await;
    let v = step(&t, &token, id, json!({"action": "apply_for_confirmation", "on": now, "court": "韶关市武江区人民法院"})).await;
    assert!(v["confirmation"]["status"].as_str().unwrap().contains("已于"), "{v}");
    let v = step(&t, &token, id, json!({"action": "archive", "on": now})).await;
    assert_eq!(v["state"], "archived");
}

#[tokio::test]
async fn a_partys_refusal_blocks_mediation() {
    let t = spawn().await;
    let token = t.token(MEDIATOR).await;
    let id = open(&t, &token, &ago(1), "拒绝甲某", "拒绝乙某").await;
    let now = today().to_string();
    let v = step(&t, &token, id, json!({"action": "record_refusal", "on": now, "party": "乙方", "statement": "乙方明确表示不同意调解。"})).await;
    assert_eq!(v["state"], "declined");
    let m = refused(&t, &token, id, json!({"action": "hold_session", "on": now, "time": "上午", "place": "调解室", "attendees": "双方", "record": "强行调解"})).await;
    assert!(m.contains("第十七条"), "{m}");
    refused(&t, &token, id, json!({"action": "register", "on": now, "mediators": "某调解员"})).await;
    assert_eq!(t.count("SELECT COUNT(*) FROM mediation_case_event WHERE action = 'hold_session' AND case_id IN (SELECT id FROM mediation_case WHERE state = 'declined' AND is_demo = FALSE)").await, 0);
    let (_, v) = t.get_json(&token, &format!("/api/v1/mediation/cases/{id}")).await;
    assert!(v["steps"][0]["text"].as_str().unwrap().contains("明确拒绝调解"), "the refusal is recorded: {v}");
    assert_eq!(v["target"]["due"], Value::Null, "a declined case has no mediation period");
}

#[tokio::test]
async fn the_one_month_target_and_the_30_day_window_are_clocks() {
    let t = spawn().await;
    let token = t.token(MEDIATOR).await;
    // Registered 40 days ago and still mediating: past the one-month target.
    let late = open(&t, &token, &ago(41), "期限甲某", "期限乙某").await;
    step(&t, &token, late, json!({"action": "register", "on": ago(40), "mediators": "梁桂芳"})).await;
    let (_, v) = t.get_json(&token, &format!("/api/v1/mediation/cases/{late}")).await;
    let registered = today() - Duration::days(40);
    let expected_due = registered.checked_add_months(chrono::Months::new(1)).unwrap();
    assert!(NaiveDate::parse_from_str(v["target"]["due"].as_str().unwrap(), "%Y-%m-%d").unwrap() >= expected_due, "{v}");
    assert_eq!(v["target"]["late"], true);
    assert!(v["target"]["status"].as_str().unwrap().contains("已超过一个月"));
    let clocks = t.count("SELECT COUNT(*) FROM clock WHERE entity = 'mediation_case' AND name = '调解期限' AND stopped_at IS NULL").await;
    assert!(clocks >= 1);
    // The case's to-do carries the clock.
    let todo: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE entity = 'mediation_case' AND entity_id = $1 AND kind = 'mediation_handle' AND status = 'open' AND clock_id IS NOT NULL")
        .bind(late.to_string())
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(todo, 1);

    // Agreed and effective 35 days ago: the window closed; it is not "overdue".
    let old = open(&t, &token, &ago(40), "窗口甲某", "窗口乙某").await;
    to_agreement(&t, &token, old, &ago(36)).await;
    for body in [
        json!({"action": "execute", "on": ago(36), "by": "party", "party": "甲方", "mark": "signature"}),
        json!({"action": "execute", "on": ago(36), "by": "party", "party": "乙方", "mark": "signature"}),
        json!({"action": "execute", "on": ago(36), "by": "mediator", "mediator": "梁桂芳"}),
        json!({"action": "execute", "on": ago(35), "by": "seal"}),
    ] {
        step(&t, &token, old, body).await;
    }
    let (_, v) = t.get_json(&token, &format!("/api/v1/mediation/cases/{old}")).await;
    assert_eq!(v["agreement"]["effective_on"], json!(ago(35)));
    let status = v["confirmation"]["status"].as_str().unwrap();
    assert!(status.contains("届满") && !status.contains("逾期") && !status.contains("超过"), "{status}");
    assert!(v["target"]["status"].as_str().unwrap().contains("调解结束"), "the target stops with the agreement: {v}");
    assert_eq!(v["target"]["late"], false);
    let m = refused(&t, &token, old, json!({"action": "apply_for_confirmation", "on": today().to_string(), "court": "韶关市武江区人民法院"})).await;
    assert!(m.contains("三十日"), "{m}");
    let todo_open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE entity = 'mediation_case' AND entity_id = $1 AND kind = 'mediation_handle' AND status = 'open'")
        .bind(old.to_string())
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(todo_open, 0, "mediation ended: the handling to-do is closed");
    let (c, _) = t.console(MEDIATOR).await;
    let page = c.get(t.url(&format!("/console/mediation/cases/{old}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("已超过一个月调解期限") && !page.contains("逾期"), "no overdue wording on a finished case");
}

#[tokio::test]
async fn risk_flags_reach_the_comprehensive_governance_todo_list() {
    let t = spawn().await;
    let token = t.token(MEDIATOR).await;
    let id = open(&t, &token, &ago(2), "风险甲某", "风险乙某").await;
    let now = today().to_string();
    step(&t, &token, id, json!({"action": "register", "on": now, "mediators": "梁桂芳"})).await;
    step(&t, &token, id, json!({"action": "flag_risk", "on": now, "risk": "escalation", "note": "双方在调解室争吵，扬言动手"})).await;
    let town = t.org_id("440203103").await;
    let row = sqlx::query("SELECT org_id, module, title FROM todo_item WHERE entity = 'mediation_case' AND entity_id = $1 AND kind = 'mediation_risk'").bind(id.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(fazhi::db::col::<i64>(&row, "org_id").unwrap(), town, "the to-do goes to the town (综治)");
    assert!(fazhi::db::col::<String>(&row, "title").unwrap().contains("矛盾有激化可能"));
    // The town's leader sees it on the to-do list.
    let leader = t.token("xilian-leader").await;
    let (s, v) = t.get_json(&leader, "/api/v1/todos").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v.to_string().contains("矛盾有激化可能"), "{v}");
    assert!(sqlx::query_scalar::<_, Option<String>>("SELECT police_reported_on FROM mediation_case WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap().is_none());

    let v = step(&t, &token, id, json!({"action": "flag_risk", "on": now, "risk": "possible_crime", "note": "一方携带刀具到场"})).await;
    let effects = v["effects"].as_array().unwrap();
    assert!(effects.iter().any(|e| e["effect"] == "report_to_police") && effects.iter().any(|e| e["effect"] == "comprehensive_governance_todo"), "{v}");
    let reported: Option<String> = sqlx::query_scalar("SELECT police_reported_on FROM mediation_case WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(reported, Some(now.clone()));
    assert!(t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'report_to_police'").await >= 1);
    let (_, v) = t.get_json(&token, &format!("/api/v1/mediation/cases/{id}")).await;
    assert_eq!(v["risks"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn another_town_cannot_see_or_touch_xilian_cases() {
    let t = spawn().await;
    let token = t.token(MEDIATOR).await;
    let id = open(&t, &token, &ago(1), "隔离甲某", "隔离乙某").await;
    let code: String = sqlx::query_scalar("SELECT code FROM mediation_case WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    let lg = t.token("longgui-office").await;
    // Ledger: only 龙归镇's own case.
    let (s, v) = t.get_json(&lg, "/api/v1/mediation/cases").await;
    assert_eq!(s, StatusCode::OK);
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty(), "龙归镇 sees its own demo case");
    assert!(items.iter().all(|i| i["committee"] == "龙归镇人民调解委员会"), "{v}");
    // Detail, step, figures.
    let (s, _) = t.get_json(&lg, &format!("/api/v1/mediation/cases/{id}")).await;
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");
    let (s, _) = t.post_json(&lg, &format!("/api/v1/mediation/cases/{id}/act"), json!({"action": "register", "mediators": "某人"})).await;
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");
    let (_, f) = t.get_json(&lg, &format!("/api/v1/mediation/figures?from={}&to={}", ago(400), today())).await;
    assert_eq!(f["figures"]["total"], 1, "{f}");
    // Opening a case in 西联社区's committee.
    let c = committee(&t, "西联社区人民调解委员会").await;
    let (s, _) = t
        .post_json(&lg, "/api/v1/mediation/cases", json!({"committee_id": c, "source": "visit", "dispute_type": "neighbour", "facts": "越权登记", "issues": "无", "parties": [{"name": "甲"}, {"name": "乙"}]}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Console pages.
    let (b, csrf) = t.console("longgui-office").await;
    for path in [format!("/console/mediation/cases/{id}"), format!("/console/mediation/cases/{id}/agreement.docx")] {
        let s = b.get(t.url(&path)).send().await.unwrap().status();
        assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{path}: {s}");
    }
    let s = b.post(t.url(&format!("/console/mediation/cases/{id}/reveal"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().status();
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");
    let s = b.post(t.url(&format!("/console/mediation/cases/{id}/act"))).form(&[("_csrf", csrf.as_str()), ("action", "register"), ("mediators", "某人")]).send().await.unwrap().status();
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");
    for path in ["/console/mediation", "/console/lists/mediation_cases", "/console/mediation/committees"] {
        let page = b.get(t.url(path)).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains(&code) && !page.contains("西联社区人民调解委员会"), "{path} shows 西联镇's data");
    }
    // And nothing changed.
    assert_eq!(t.count("SELECT COUNT(*) FROM mediation_case_event e JOIN mediation_case c ON c.id = e.case_id WHERE c.is_demo = FALSE").await, 0);
}

#[tokio::test]
async fn personal_data_is_never_stored_or_shown_in_clear() {
    let t = spawn().await;
    let token = t.token(MEDIATOR).await;
    let id = open(&t, &token, &ago(1), "欧阳明珠", "司马青云").await;
    step(&t, &token, id, json!({"action": "register", "on": today().to_string(), "mediators": "梁桂芳"})).await;
    // Two of this test's parties, and two of the demo's (written through the same services).
    let secrets = ["欧阳明珠", "司马青云", &id_number(511), &id_number(522), "13907510001", "13907510002", "测试村一巷8号", "黄志明", "梁伟雄"];
    let dump_sql: [&'static str; 6] = [
        "SELECT COALESCE(name_enc, '') || '|' || COALESCE(id_enc, '') || '|' || COALESCE(id_idx, '') || '|' || COALESCE(phone_enc, '') || '|' || COALESCE(phone_idx, '') || '|' || COALESCE(address_enc, '') || '|' || designation FROM mediation_party",
        "SELECT code || '|' || facts || '|' || issues || '|' || parties_json FROM mediation_case",
        "SELECT entry_json || '|' || COALESCE(detail_json, '') FROM mediation_case_event",
        "SELECT COALESCE(after_json, '') || '|' || COALESCE(before_json, '') FROM audit_record",
        "SELECT title || '|' || COALESCE(detail, '') FROM todo_item",
        "SELECT spec_json FROM clock",
    ];
    for sql in dump_sql {
        let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&t.app.db.pool).await.unwrap();
        let all = rows.join("\n");
        for s in secrets {
            assert!(!all.contains(s), "{s} in clear in: {sql}");
        }
    }
    // The page and the API show masks.
    let (c, csrf) = t.console(MEDIATOR).await;
    let page = c.get(t.url(&format!("/console/mediation/cases/{id}"))).send().await.unwrap().text().await.unwrap();
    let (_, api) = t.get_json(&token, &format!("/api/v1/mediation/cases/{id}")).await;
    for s in secrets {
        assert!(!page.contains(s), "{s} unmasked on the page");
        assert!(!api.to_string().contains(s), "{s} unmasked in the API");
    }
    assert!(page.contains("139****0001"));
    // The audited unmask shows them, and says so in the audit trail.
    let before = t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask'").await;
    let r = c.post(t.url(&format!("/console/mediation/cases/{id}/reveal"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let shown = r.text().await.unwrap();
    assert!(shown.contains("欧阳明珠") && shown.contains(&id_number(522)));
    assert!(t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask'").await >= before + 8);
    // A reader without PersonalDataUnmask (the district supervisor) cannot.
    let (sup, sup_csrf) = t.console("wujiang-supervisor").await;
    assert_eq!(sup.get(t.url(&format!("/console/mediation/cases/{id}"))).send().await.unwrap().status(), StatusCode::OK);
    let s = sup.post(t.url(&format!("/console/mediation/cases/{id}/reveal"))).form(&[("_csrf", sup_csrf.as_str())]).send().await.unwrap().status();
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn demo_cases_fill_every_state_and_the_figures() {
    let t = spawn().await;
    let token = t.token("xilian-sifa").await;
    let (s, v) = t.get_json(&token, "/api/v1/mediation/cases?limit=100").await;
    assert_eq!(s, StatusCode::OK);
    let items = v["items"].as_array().unwrap();
    use fazhi_core::mediation::case::CaseState;
    for state in CaseState::ALL {
        let (_, v) = t.get_json(&token, &format!("/api/v1/mediation/cases?f_state={}", state.code())).await;
        let rows = v["items"].as_array().unwrap();
        assert!(!rows.is_empty(), "no demo case in state {}", state.code());
        // The list's SQL labels equal the core's.
        assert!(rows.iter().all(|r| r["state"] == state.label()), "{v}");
    }
    assert!(items.iter().all(|i| i["committee"] != "龙归镇人民调解委员会"));
    let (_, f) = t.get_json(&token, &format!("/api/v1/mediation/figures?from={}&to={}", ago(400), today())).await;
    // Nine cases of the mediation demo, and the neighbours' dispute the grid demo hands over.
    assert_eq!(f["figures"]["total"], 10, "{f}");
    let (_, g) = t.get_json(&token, "/api/v1/mediation/cases?f_source=grid_event").await;
    assert_eq!(g["items"].as_array().unwrap().len(), 1, "{g}");
    let linked: i64 = t.count("SELECT COUNT(*) FROM grid_event e JOIN mediation_case c ON c.id = e.mediation_case_id AND c.grid_event_id = e.id").await;
    assert_eq!(linked, 1, "the demo's hand-over is linked both ways");
    assert_eq!(f["figures"]["agreed"], 4);
    assert_eq!(f["figures"]["terminated"], 1);
    assert_eq!(f["success_rate"], "80.0%");
    assert!(f["figures"]["follow_ups_done"].as_i64().unwrap() >= 2);
    let by_type = f["by_type"].as_array().unwrap();
    assert_eq!(by_type.len(), 11);
    // The figures page renders the same numbers.
    let (c, _) = t.console("xilian-sifa").await;
    let page = c.get(t.url(&format!("/console/mediation/figures?from={}&to={}", ago(400), today()))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("80.0%") && page.contains("房屋宅基地纠纷"));
    // The committees page shows the art.8 check.
    let page = c.get(t.url("/console/mediation/committees")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("西联镇人民调解委员会") && page.contains("任期内"));
    // A committee without a woman is refused with the article.
    let town = t.org_id("440203103").await;
    let r = c.get(t.url("/console")).send().await.unwrap().text().await.unwrap();
    let csrf = r.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let r = c
        .post(t.url("/console/mediation/committees"))
        .form(&[("_csrf", csrf.as_str()), ("org_id", &town.to_string()), ("name", "测试人民调解委员会"), ("members", "甲某 男 主任\n乙某 男 委员\n丙某 男 委员"), ("term_start", "2025-01-01")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("应当有妇女成员"));
}


/// The seam the grid module calls: a case opened inside the grid's own write
/// (here begun with the dispatcher's `EventDispatch`), linked to the event,
/// and the event's result handed back when mediation ends.
#[tokio::test]
async fn a_grid_event_becomes_a_linked_case_and_gets_its_result_back() {
    use fazhi_core::access::Permission;
    let t = spawn().await;
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-office'").fetch_one(&t.app.db.pool).await.unwrap();
    let office = fazhi::kernel::load_actor(&t.app, uid).await.unwrap().unwrap();
    let town = fazhi::kernel::load_org(&t.app, t.org_id("440203103").await).await.unwrap();
    let c = committee(&t, "西联镇人民调解委员会").await;
    let input: fazhi::mediation::CaseInput = serde_json::from_value(json!({
        "committee_id": c, "dispute_type": "neighbour", "facts": "网格员巡查发现两户因排水沟堵塞争吵。", "issues": "排水沟疏通费用分担。",
        "parties": [{"name": "网格甲某"}, {"name": "网格乙某"}]
    }))
    .unwrap();
    let mut w = fazhi::kernel::Write::begin(&t.app, &office, Permission::EventDispatch, &town).await.unwrap();
    let id = fazhi::mediation::open_from_grid_event_in(&mut w, 4242, &input).await.unwrap();
    w.commit().await.unwrap();
    let (source, event): (String, Option<i64>) = sqlx::query_as("SELECT source, grid_event_id FROM mediation_case WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!((source.as_str(), event), ("grid_event", Some(4242)));

    // A reader without EventDispatch or MediationManage cannot use the seam.
    let gid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-grid'").fetch_one(&t.app.db.pool).await.unwrap();
    let grid = fazhi::kernel::load_actor(&t.app, gid).await.unwrap().unwrap();
    let cell = fazhi::kernel::load_org(&t.app, t.org_id("440203103-01-01").await).await.unwrap();
    let mut w = fazhi::kernel::Write::begin(&t.app, &grid, Permission::EventReport, &cell).await.unwrap();
    assert!(fazhi::mediation::open_from_grid_event_in(&mut w, 4243, &input).await.is_err());
    drop(w);

    // The API refuses grid_event as a source: the link is made only through the seam.
    let token = t.token("xilian-sifa").await;
    let (s, v) = t.post_json(&token, "/api/v1/mediation/cases", json!({"committee_id": c, "source": "grid_event", "dispute_type": "neighbour", "facts": "x", "issues": "y", "parties": [{"name": "甲"}, {"name": "乙"}]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    let now = today().to_string();
    step(&t, &token, id, json!({"action": "register", "on": now, "mediators": "陈秀兰"})).await;
    step(&t, &token, id, json!({"action": "hold_session", "on": now, "time": "下午", "place": "现场", "mediator": "陈秀兰", "attendees": "双方", "record": "双方同意平摊疏通费用。"})).await;
    let v = step(&t, &token, id, json!({"action": "reach_agreement", "on": now, "form": "oral", "content": "疏通费用两户平摊。"})).await;
    let handed = v["effects"].as_array().unwrap().iter().find(|e| e["effect"] == "grid_event_handled").cloned().expect("grid event handed back");
    assert_eq!(handed["event_id"], 4242);
    let result: Option<String> = sqlx::query_scalar("SELECT grid_result FROM mediation_case WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(result.as_deref(), Some("经人民调解达成口头调解协议"));
    // The oral agreement is effective once the mediator has recorded it (art.28, 30).
    assert_eq!(v["agreement"]["effective_on"], Value::Null);
    let v = step(&t, &token, id, json!({"action": "execute", "on": now, "by": "oral", "mediator": "陈秀兰"})).await;
    assert_eq!(v["agreement"]["effective_on"], json!(now));
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'grid_event_handled'").await, 1);
}
