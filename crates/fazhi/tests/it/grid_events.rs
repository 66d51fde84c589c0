//! 网格巡查与事件 over HTTP and through the periodic job: escalation exactly
//! once per rung, the missed-patrol flag (working days only, idempotent), the
//! whole event flow with refusals naming the missing step, the resident's
//! report with a tracking code, grid scope (another grid's worker, a 楼栋长),
//! and the hand-over of a dispute to people's mediation keeping the link.
use chrono::{Days, NaiveDate};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{PW, TestApp, spawn};

fn today() -> NaiveDate {
    fazhi::web::pages::today()
}

async fn user_id(t: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(name).fetch_one(&t.app.db.pool).await.unwrap()
}

async fn report(t: &TestApp, token: &str, body: Value) -> i64 {
    let (s, v) = t.post_json(token, "/api/v1/grid/events", body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{body}: {v}");
    v["id"].as_i64().unwrap()
}

async fn step(t: &TestApp, token: &str, id: i64, body: Value) -> Value {
    let (s, v) = t.post_json(token, &format!("/api/v1/grid/events/{id}/act"), body.clone()).await;
    assert_eq!(s, StatusCode::OK, "{body}: {v}");
    v
}

async fn refused(t: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, String) {
    let (s, v) = t.post_json(token, &format!("/api/v1/grid/events/{id}/act"), body.clone()).await;
    assert!(s.is_client_error(), "{body} should be refused: {v}");
    (s, v["error"]["message"].as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn an_event_past_its_limit_escalates_exactly_once_per_rung() {
    let t = spawn().await;
    let grid = t.org_id("440203103-01-01").await;
    let worker = t.token("xilian-grid").await;
    let id = report(&t, &worker, json!({"grid_id": grid, "source": "patrol", "category": "fire_safety", "description": "楼道电动车充电", "location": "1栋"})).await;
    // Reported a month ago: past the limit (1 working day) and past twice the limit.
    let old = today() - Days::new(30);
    sqlx::query("UPDATE grid_event SET reported_on = $1 WHERE id = $2").bind(old.to_string()).bind(id).execute(&t.app.db.pool).await.unwrap();
    fazhi::grid::events::escalate_due(&t.app, today()).await.unwrap();
    fazhi::grid::events::escalate_due(&t.app, today()).await.unwrap();
    let entries: Vec<String> = sqlx::query_scalar("SELECT entry_json FROM grid_event_entry WHERE event_id = $1 ORDER BY seq").bind(id).fetch_all(&t.app.db.pool).await.unwrap();
    let rungs: Vec<String> = entries.iter().map(|e| serde_json::from_str::<Value>(e).unwrap()).filter(|e| e["action"] == "escalate").map(|e| e["to"].as_str().unwrap().to_string()).collect();
    assert_eq!(rungs, vec!["community", "town"], "one escalation per rung: {entries:?}");
    let todos: Vec<i64> = sqlx::query_scalar("SELECT org_id FROM todo_item WHERE entity = 'grid_event' AND entity_id = $1 AND kind = 'grid_event_escalated' ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(todos, vec![t.org_id("440203103-01").await, t.org_id("440203103").await]);
    // The page shows it.
    let (s, v) = t.get_json(&worker, &format!("/api/v1/grid/events/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["escalated_to"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["late"], true);
    // A manual escalation is not a step anyone records.
    let director = t.token("xilian-director").await;
    refused(&t, &director, id, json!({"action": "escalate"})).await;
}

#[tokio::test]
async fn a_working_day_without_a_patrol_is_flagged_once_and_a_holiday_is_not() {
    let t = spawn().await;
    let grid = t.org_id("440203103-03-01").await;
    let (d1, d2) = (today() - Days::new(1), today() - Days::new(2));
    // d1 a working day, d2 a holiday, whatever the real calendar says.
    for (d, kind) in [(d1, "workday"), (d2, "holiday")] {
        sqlx::query("INSERT INTO calendar_day (day, kind, name, updated_at) VALUES ($1, $2, '测试', '2026-01-01') ON CONFLICT (day) DO UPDATE SET kind = excluded.kind")
            .bind(d.to_string())
            .bind(kind)
            .execute(&t.app.db.pool)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM grid_patrol WHERE grid_id = $1 AND patrol_date >= $2").bind(grid).bind(d2.to_string()).execute(&t.app.db.pool).await.unwrap();
    sqlx::query("DELETE FROM todo_item WHERE kind = 'grid_patrol_missed'").execute(&t.app.db.pool).await.unwrap();
    fazhi::grid::patrols::flag_missed(&t.app, today()).await.unwrap();
    fazhi::grid::patrols::flag_missed(&t.app, today()).await.unwrap();
    let key = |d: NaiveDate| format!("patrol-missed:{grid}:{d}");
    let count = |k: String| {
        let pool = t.app.db.pool.clone();
        async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM todo_item WHERE entity_id = $1 AND kind = 'grid_patrol_missed'").bind(k).fetch_one(&pool).await.unwrap() }
    };
    assert_eq!(count(key(d1)).await, 1, "a patrol-less working day is flagged, once");
    assert_eq!(count(key(d2)).await, 0, "a holiday is not flagged");
    let org: i64 = sqlx::query_scalar("SELECT org_id FROM todo_item WHERE entity_id = $1").bind(key(d1)).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(org, t.org_id("440203103-03").await, "on the community director's list");
    // A patrol recorded through the API covers the day the next time.
    let worker = t.token("xilian-grid").await;
    let own = t.org_id("440203103-01-01").await;
    let (s, v) = t
        .post_json(&worker, "/api/v1/grid/patrols", json!({"grid_id": own, "started_at": format!("{d1}T09:30"), "checked": ["sanitation", "fire_safety"], "findings": ""}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = t.post_json(&worker, "/api/v1/grid/patrols", json!({"grid_id": grid, "started_at": format!("{d1}T09:30"), "checked": ["sanitation"]})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "another grid's patrol: {v}");
    let (s, v) = t.post_json(&worker, "/api/v1/grid/patrols", json!({"grid_id": own, "started_at": format!("{d1}T09:30"), "checked": []})).await;
    assert_eq!((s, v["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("checked")), "{v}");
}

#[tokio::test]
async fn the_whole_flow_with_refusals_naming_the_missing_step() {
    let t = spawn().await;
    let grid = t.org_id("440203103-01-01").await;
    let worker = t.token("xilian-grid").await;
    let director = t.token("xilian-director").await;
    // A patrol that reports what it found (at midnight: any later time of today may still be in the future).
    let (s, v) = t
        .post_json(
            &worker,
            "/api/v1/grid/patrols",
            json!({"grid_id": grid, "started_at": format!("{}T00:00", today()), "checked": ["sanitation"], "findings": "垃圾桶满溢",
                "report": {"category": "sanitation", "description": "东门垃圾桶满溢", "location": "东门"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["event_id"].as_i64().unwrap();
    let (s, _) = t.post_json(&worker, &format!("/api/v1/grid/events/{id}/act"), json!({"action": "accept"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a grid worker does not accept");
    let (s, m) = refused(&t, &director, id, json!({"action": "handle", "result": "已清运"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(m.contains("请先受理"), "{m}");
    step(&t, &director, id, json!({"action": "accept"})).await;
    let (_, m) = refused(&t, &director, id, json!({"action": "close"})).await;
    assert!(m.contains("请先分拨"), "{m}");
    let me = user_id(&t, "xilian-grid").await;
    let v = step(&t, &director, id, json!({"action": "dispatch", "to": "person", "user_id": me})).await;
    assert_eq!(v["state"], "dispatched");
    let (_, m) = refused(&t, &director, id, json!({"action": "verify"})).await;
    assert!(m.contains("请先由承办人登记处置结果"), "{m}");
    step(&t, &worker, id, json!({"action": "handle", "result": "已通知保洁清运"})).await;
    let (_, m) = refused(&t, &director, id, json!({"action": "verify"})).await;
    assert!(m.contains("请先向群众和分拨人反馈"), "{m}");
    step(&t, &worker, id, json!({"action": "feedback", "text": "已清运完毕"})).await;
    step(&t, &director, id, json!({"action": "return_for_rework", "reason": "周边仍有散落垃圾"})).await;
    step(&t, &worker, id, json!({"action": "handle", "result": "已全部清理"})).await;
    step(&t, &worker, id, json!({"action": "feedback", "text": "已全部清理"})).await;
    step(&t, &director, id, json!({"action": "verify", "note": "现场核查"})).await;
    let v = step(&t, &director, id, json!({"action": "close"})).await;
    assert_eq!(v["state"], "closed");
    let (_, m) = refused(&t, &director, id, json!({"action": "accept"})).await;
    assert!(m.contains("已办结"), "{m}");
    let (_, v) = t.get_json(&director, &format!("/api/v1/grid/events/{id}")).await;
    assert_eq!(v["reworks"], 1);
    assert_eq!(v["clock_status"].as_str().unwrap().contains("已于"), true, "{v}");
    // Every step was audited.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record WHERE entity = 'grid_event' AND entity_id = $1 AND action LIKE 'transition:%'").bind(id.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(n, 9);
    // The accept to-do was closed, the handling to-do too.
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE entity = 'grid_event' AND entity_id = $1 AND status = 'open'").bind(id.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(open, 0);
    // The event page renders with its timeline.
    let (c, _) = t.console("xilian-director").await;
    let page = c.get(t.url(&format!("/console/grid/events/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("已办结") && page.contains("退回重办：周边仍有散落垃圾"), "{page}");
}

#[tokio::test]
async fn a_resident_reports_and_tracks_without_personal_data() {
    let t = spawn().await;
    let grid = t.org_id("440203103-01-02").await;
    let anon = reqwest::Client::new();
    let r = anon
        .post(t.url("/api/v1/grid/events"))
        .json(&json!({"town": "440203103", "grid_id": grid, "category": "sanitation", "description": "路边垃圾堆放", "location": "幸福路口", "name": "王测试", "phone": "13907519876"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    let code = v["tracking_code"].as_str().unwrap().to_string();
    let secret = v["secret"].as_str().unwrap().to_string();
    assert!(code.starts_with("XLWG"), "{code}");
    // No clear text in the raw table.
    let raw: Vec<Option<String>> = sqlx::query_scalar("SELECT reporter_phone_enc FROM grid_event WHERE tracking_code = $1").bind(&code).fetch_all(&t.app.db.pool).await.unwrap();
    assert!(!raw[0].clone().unwrap().contains("13907519876"));
    let names: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_event WHERE reporter_name_enc LIKE '%王测试%' OR description LIKE '%13907519876%'").fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(names, 0);
    // The director accepts and dispatches (staff names must not reach the public page).
    let director = t.token("xilian-director").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM grid_event WHERE tracking_code = $1").bind(&code).fetch_one(&t.app.db.pool).await.unwrap();
    step(&t, &director, id, json!({"action": "accept"})).await;
    let me = user_id(&t, "xilian-director").await;
    step(&t, &director, id, json!({"action": "dispatch", "to": "person", "user_id": me})).await;
    // The portal's tracking page.
    let page = anon.post(t.url("/portal/440203103/grid/track")).form(&[("code", code.as_str()), ("secret", secret.as_str())]).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("已受理，正在办理") && html.contains(&code), "{html}");
    for private in ["13907519876", "王测试", "居委会主任", "（演示）", "1390751"] {
        assert!(!html.contains(private), "{private} on the public page");
    }
    let wrong = anon.post(t.url("/portal/440203103/grid/track")).form(&[("code", code.as_str()), ("secret", "aaaa-bbbb-cccc")]).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert!(!wrong.text().await.unwrap().contains("已受理"));
    // The API says the same; the portal form page renders.
    let r = anon.post(t.url("/api/v1/grid/events/track")).json(&json!({"code": code, "secret": secret})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "已受理，正在办理");
    let form = anon.get(t.url("/portal/440203103/grid/report")).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("西联社区第二网格"));
    // A phone is required from residents.
    let r = anon
        .post(t.url("/api/v1/grid/events"))
        .json(&json!({"town": "440203103", "grid_id": grid, "category": "sanitation", "description": "x", "location": "y"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn scope_another_grids_worker_and_a_steward() {
    let t = spawn().await;
    let director = t.token("xilian-director").await;
    let worker = t.token("xilian-grid").await;
    let g1 = t.org_id("440203103-01-01").await;
    let g2 = t.org_id("440203103-01-02").await;
    let other = report(&t, &director, json!({"grid_id": g2, "category": "public_security", "description": "夜间喧哗", "location": "商业街", "phone": "13907510000"})).await;
    let (s, _) = t.get_json(&worker, &format!("/api/v1/grid/events/{other}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "another grid's event");
    let (s, _) = t.post_json(&worker, &format!("/api/v1/grid/events/{other}/act"), json!({"action": "handle", "result": "x"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A 楼栋长 of one building of grid 1.
    let t0 = "2026-01-01T00:00:00Z";
    let mut buildings = Vec::new();
    for name in ["测试1栋", "测试2栋"] {
        let b: i64 = sqlx::query_scalar("INSERT INTO grid_building (grid_id, name, is_demo, created_at) VALUES ($1, $2, FALSE, $3) RETURNING id").bind(g1).bind(name).bind(t0).fetch_one(&t.app.db.pool).await.unwrap();
        buildings.push(b);
    }
    let root: (i64, String) = {
        let r = sqlx::query("SELECT id, path FROM org_unit WHERE parent_id IS NULL").fetch_one(&t.app.db.pool).await.unwrap();
        use sqlx::Row;
        (r.get::<i64, _>("id"), r.get::<String, _>("path"))
    };
    let system = fazhi_core::access::Actor::system(fazhi_core::org::OrgPath::parse(&root.1).unwrap(), root.0);
    let steward = fazhi::platform::users::create_user(
        &t.app,
        &system,
        fazhi::platform::users::NewUser { username: "test-steward", display_name: "测试楼栋长", org_id: g1, title: "", password: PW, role: Some("building_steward") },
    )
    .await
    .unwrap();
    sqlx::query("INSERT INTO grid_steward (building_id, user_id, appointed_on) VALUES ($1, $2, '2026-01-01')").bind(buildings[0]).bind(steward).execute(&t.app.db.pool).await.unwrap();
    let mine = report(&t, &director, json!({"grid_id": g1, "building_id": buildings[0], "category": "fire_safety", "description": "楼道堆物甲", "location": "测试1栋", "phone": "13907510001"})).await;
    let theirs = report(&t, &director, json!({"grid_id": g1, "building_id": buildings[1], "category": "fire_safety", "description": "楼道堆物乙", "location": "测试2栋", "phone": "13907510002"})).await;
    let st = t.token("test-steward").await;
    let (s, _) = t.get_json(&st, &format!("/api/v1/grid/events/{mine}")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = t.get_json(&st, &format!("/api/v1/grid/events/{theirs}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The steward reports only for their building.
    let (s, _) = t.post_json(&st, "/api/v1/grid/events", json!({"grid_id": g1, "building_id": buildings[1], "category": "sanitation", "description": "x", "location": "y", "phone": "13907510003"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    report(&t, &st, json!({"grid_id": g1, "building_id": buildings[0], "category": "sanitation", "description": "楼下垃圾", "location": "测试1栋", "phone": "13907510003"})).await;
    // The list shows only their building's events.
    let actor = fazhi::kernel::load_actor(&t.app, steward).await.unwrap().unwrap();
    let page = fazhi::platform::listing::fetch(&t.app, &actor, &fazhi::platform::lists::GRID_EVENTS, &Default::default()).await.unwrap();
    let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    assert!(ids.contains(&mine) && !ids.contains(&theirs) && !ids.contains(&other), "{ids:?}");
    assert_eq!(ids.len(), 2);
    // The worker's list holds no other grid's events.
    let actor = fazhi::kernel::load_actor(&t.app, user_id(&t, "xilian-grid").await).await.unwrap().unwrap();
    let page = fazhi::platform::listing::fetch(&t.app, &actor, &fazhi::platform::lists::GRID_EVENTS, &Default::default()).await.unwrap();
    assert!(!page.rows.iter().any(|r| r.id == other));
}

#[tokio::test]
async fn a_dispute_goes_to_mediation_keeping_the_link_both_ways() {
    let t = spawn().await;
    let director = t.token("xilian-director").await;
    let g1 = t.org_id("440203103-01-01").await;
    let id = report(&t, &director, json!({"grid_id": g1, "category": "dispute", "description": "楼上漏水引发邻里争吵", "location": "5栋", "phone": "13907510004"})).await;
    let other = report(&t, &director, json!({"grid_id": g1, "category": "sanitation", "description": "垃圾", "location": "5栋", "phone": "13907510005"})).await;
    let committee: i64 = sqlx::query_scalar("SELECT id FROM mediation_committee WHERE name = '西联社区人民调解委员会'").fetch_one(&t.app.db.pool).await.unwrap();
    step(&t, &director, id, json!({"action": "accept"})).await;
    step(&t, &director, other, json!({"action": "accept"})).await;
    let hand_over = |event: i64| {
        json!({"action": "to_mediation", "committee_id": committee, "dispute_type": "neighbour", "facts": "甲方楼上漏水，乙方要求赔偿。", "issues": "维修与赔偿",
            "p1_name": "甲测试", "p1_phone": "13907510006", "p2_name": "乙测试", "p2_phone": "", "_e": event})
    };
    let (_, m) = refused(&t, &director, other, hand_over(other)).await;
    assert!(m.contains("只有"), "{m}");
    let v = step(&t, &director, id, hand_over(id)).await;
    assert_eq!(v["state"], "dispatched");
    let case = v["mediation"]["case_id"].as_i64().unwrap();
    let linked: Option<i64> = sqlx::query_scalar("SELECT grid_event_id FROM mediation_case WHERE id = $1").bind(case).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(linked, Some(id));
    let back: Option<i64> = sqlx::query_scalar("SELECT mediation_case_id FROM grid_event WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(back, Some(case));
    let source: String = sqlx::query_scalar("SELECT source FROM mediation_case WHERE id = $1").bind(case).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(source, "grid_event");
    let (_, m) = refused(&t, &director, id, hand_over(id)).await;
    assert!(m.contains("不能"), "{m}");
    // The event page links the case.
    let (c, _) = t.console("xilian-director").await;
    let page = c.get(t.url(&format!("/console/grid/events/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/console/mediation/cases/{case}")), "{page}");
    // The dashboard and the lists render.
    for path in ["/console/grid", "/console/lists/grid_events", "/console/lists/grid_patrols", "/console/grid/events/new", "/console/grid/patrols/new", "/portal/440203103"] {
        let r = c.get(t.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
}
