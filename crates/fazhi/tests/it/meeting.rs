//! 会议制度: every must-hold rule through the HTTP endpoints and through the
//! services — quorum, 末位表态, the reason for a decision against the majority,
//! notice before the sitting, immutability after approval with corrections that
//! keep the original, the minutes DOCX, named-vote exports and scope.
use std::io::Read;

use fazhi::kernel::load_actor;
use fazhi::meeting::{When, agenda, minutes, read, sitting, voting};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, spawn};

const XILIAN: &str = "440203103";

async fn uid(t: &TestApp, user: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(user).fetch_one(&t.app.db.pool).await.unwrap()
}

async fn actor(t: &TestApp, user: &str) -> fazhi_core::access::Actor {
    load_actor(&t.app, uid(t, user).await).await.unwrap().unwrap()
}

fn ok(r: (StatusCode, Value)) -> Value {
    assert_eq!(r.0, StatusCode::OK, "{}", r.1);
    r.1
}

/// A meeting type of its own (4 voting members + the adviser 列席), a meeting on
/// `date` with `items` accepted items, notice sent; returns (meeting id, item ids).
struct Fixture {
    office: String,
    meeting: i64,
    items: Vec<i64>,
}

async fn fixture(t: &TestApp, name: &str, date: &str, items: usize) -> Fixture {
    let office = t.token("xilian-office").await;
    let town = t.org_id(XILIAN).await;
    let ty = ok(t.post_json(&office, "/api/v1/meeting-types", json!({"org_id": town, "name": name, "notice_days": 2})).await)["id"].as_i64().unwrap();
    for (user, role, title) in [("xilian-leader", "principal", "镇长"), ("xilian-deputy1", "member", "党委副书记"), ("xilian-deputy2", "member", "副镇长"), ("xilian-deputy3", "member", "副镇长"), ("xilian-adviser", "attendee", "法律顾问")] {
        ok(t.post_json(&office, &format!("/api/v1/meeting-types/{ty}/members"), json!({"user_id": uid(t, user).await, "role": role, "title": title})).await);
    }
    let meeting = ok(t.post_json(&office, "/api/v1/meetings", json!({"type_id": ty, "meeting_date": date})).await)["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for i in 0..items {
        let id = ok(t.post_json(&office, "/api/v1/meeting-items", json!({"org_id": town, "title": format!("测试议题{i}：研究农村人居环境整治资金安排"), "proposer_unit": "农业农村办", "summary": "提请会议研究。"})).await)["id"].as_i64().unwrap();
        ok(t.post_json(&office, &format!("/api/v1/meeting-items/{id}/accept"), json!({"meeting_id": meeting})).await);
        ids.push(id);
    }
    ok(t.post_json(&office, &format!("/api/v1/meetings/{meeting}/notice"), json!({})).await);
    Fixture { office, meeting, items: ids }
}

async fn attend(t: &TestApp, f: &Fixture, who: &[(&str, &str)]) {
    for (user, presence) in who {
        ok(t.post_json(&f.office, &format!("/api/v1/meetings/{}/attendance", f.meeting), json!({"user_id": uid(t, user).await, "presence": presence, "reason": if *presence == "present" { "" } else { "参加区里会议" }})).await);
    }
}

async fn vote(t: &TestApp, user: &str, item: i64, choice: &str) -> (StatusCode, Value) {
    let tok = t.token(user).await;
    t.post_json(&tok, &format!("/api/v1/meeting-items/{item}/vote"), json!({"choice": choice, "opinion": if choice == "disagree" { "建议再调研" } else { "" }})).await
}

const ALL_PRESENT: [(&str, &str); 5] = [("xilian-leader", "present"), ("xilian-deputy1", "present"), ("xilian-deputy2", "present"), ("xilian-deputy3", "present"), ("xilian-adviser", "present")];

#[tokio::test]
async fn quorum_and_principal_last_over_http() {
    let t = spawn().await;
    let f = fixture(&t, "测试联席会议A", "2027-03-01", 1).await;
    let item = f.items[0];
    ok(t.post_json(&f.office, &format!("/api/v1/meetings/{}/start", f.meeting), json!({})).await);
    attend(&t, &f, &[("xilian-leader", "present"), ("xilian-deputy1", "present"), ("xilian-deputy2", "leave"), ("xilian-deputy3", "absent")]).await;
    // 2 of 4 present: more than half needs 3.
    let (s, v) = vote(&t, "xilian-deputy1", item, "agree").await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(v["error"]["message"].as_str().unwrap().contains("至少 3 人"), "{v}");
    attend(&t, &f, &[("xilian-deputy2", "present")]).await;
    // The principal first: refused, naming who has not spoken.
    let (s, v) = vote(&t, "xilian-leader", item, "agree").await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains("末位表态") && msg.contains("李国华") && msg.contains("陈秀兰"), "{msg}");
    ok(vote(&t, "xilian-deputy1", item, "agree").await);
    // Still one other member to go.
    assert_eq!(vote(&t, "xilian-leader", item, "agree").await.0, StatusCode::CONFLICT);
    ok(vote(&t, "xilian-deputy2", item, "disagree").await);
    // An absent member cannot vote; nobody votes twice; the adviser (列席) cannot vote at all.
    assert_eq!(vote(&t, "xilian-deputy3", item, "agree").await.0, StatusCode::CONFLICT);
    assert_eq!(vote(&t, "xilian-deputy1", item, "disagree").await.0, StatusCode::CONFLICT);
    assert_eq!(vote(&t, "xilian-adviser", item, "agree").await.0, StatusCode::FORBIDDEN);
    ok(vote(&t, "xilian-leader", item, "agree").await);
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/{}", f.meeting)).await);
    let it = &v["items"][0];
    assert_eq!(it["tally"], json!({"members": 4, "present": 3, "agree": 2, "disagree": 1, "abstain": 0}));
    assert_eq!(v["quorum_met"], true);
    assert_eq!(v["attendance"].as_array().unwrap().iter().find(|a| a["role"] == "attendee").unwrap()["presence"], Value::Null);
}

#[tokio::test]
async fn decision_against_the_majority_needs_a_reason_and_dissent_is_kept() {
    let t = spawn().await;
    let f = fixture(&t, "测试联席会议B", "2027-03-08", 1).await;
    let item = f.items[0];
    ok(t.post_json(&f.office, &format!("/api/v1/meetings/{}/start", f.meeting), json!({})).await);
    attend(&t, &f, &ALL_PRESENT).await;
    // Deciding before everyone voted is refused.
    let (s, v) = t.post_json(&f.office, &format!("/api/v1/meeting-items/{item}/decide"), json!({"outcome": "adopt", "text": "同意"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    ok(vote(&t, "xilian-deputy1", item, "disagree").await);
    ok(vote(&t, "xilian-deputy2", item, "disagree").await);
    ok(vote(&t, "xilian-deputy3", item, "agree").await);
    ok(vote(&t, "xilian-leader", item, "agree").await);
    // 2 of 4 agree: the majority does not adopt. Adopting anyway needs the reason.
    let (s, v) = t.post_json(&f.office, &format!("/api/v1/meeting-items/{item}/decide"), json!({"outcome": "adopt", "text": "会议决定实施。"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "contrary_reason");
    ok(t.post_json(&f.office, &format!("/api/v1/meeting-items/{item}/decide"), json!({"outcome": "adopt", "text": "会议决定实施。", "contrary_reason": "汛期临近，须先行实施"})).await);
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/{}", f.meeting)).await);
    let d = &v["items"][0]["decision"];
    assert_eq!(d["contrary"], true);
    assert_eq!(d["majority"], "reject");
    assert_eq!(d["contrary_reason"], "汛期临近，须先行实施");
    let dissent: Vec<&Value> = v["items"][0]["votes"].as_array().unwrap().iter().filter(|x| x["choice"] == "disagree").collect();
    assert_eq!(dissent.len(), 2);
    assert_eq!(dissent[0]["opinion"], "建议再调研");
    // Following the majority needs no reason.
    let f2 = fixture(&t, "测试联席会议B2", "2027-03-09", 1).await;
    ok(t.post_json(&f2.office, &format!("/api/v1/meetings/{}/start", f2.meeting), json!({})).await);
    attend(&t, &f2, &ALL_PRESENT).await;
    for u in ["xilian-deputy1", "xilian-deputy2", "xilian-deputy3", "xilian-leader"] {
        ok(vote(&t, u, f2.items[0], "agree").await);
    }
    ok(t.post_json(&f2.office, &format!("/api/v1/meeting-items/{}/decide", f2.items[0]), json!({"outcome": "adopt", "text": "同意。"})).await);
}

#[tokio::test]
async fn notice_comes_before_the_sitting_and_late_notice_needs_a_reason() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let town = t.org_id(XILIAN).await;
    let ty = ok(t.post_json(&office, "/api/v1/meeting-types", json!({"org_id": town, "name": "测试党委会", "notice_days": 3})).await)["id"].as_i64().unwrap();
    ok(t.post_json(&office, &format!("/api/v1/meeting-types/{ty}/members"), json!({"user_id": uid(&t, "xilian-leader").await, "role": "principal"})).await);
    let today = fazhi::web::pages::today();
    let m = ok(t.post_json(&office, "/api/v1/meetings", json!({"type_id": ty, "meeting_date": (today + chrono::Duration::days(1)).to_string()})).await)["id"].as_i64().unwrap();
    // No agenda: no notice.
    assert_eq!(t.post_json(&office, &format!("/api/v1/meetings/{m}/notice"), json!({})).await.0, StatusCode::CONFLICT);
    let item = ok(t.post_json(&office, "/api/v1/meeting-items", json!({"org_id": town, "title": "研究防汛紧急事项", "proposer_unit": "应急管理办", "summary": "紧急。"})).await)["id"].as_i64().unwrap();
    ok(t.post_json(&office, &format!("/api/v1/meeting-items/{item}/accept"), json!({"meeting_id": m})).await);
    // Cannot start before the notice.
    let (s, v) = t.post_json(&office, &format!("/api/v1/meetings/{m}/start"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(v["error"]["message"].as_str().unwrap().contains("尚未发出通知"), "{v}");
    // One day ahead of a 3-day rule: only with a reason, recorded.
    let (s, v) = t.post_json(&office, &format!("/api/v1/meetings/{m}/notice"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "late_reason");
    let v = ok(t.post_json(&office, &format!("/api/v1/meetings/{m}/notice"), json!({"late_reason": "防汛紧急事项临时召集"})).await);
    assert_eq!(v["on_time"], false);
    let v = ok(t.get_json(&office, &format!("/api/v1/meetings/{m}")).await);
    assert_eq!(v["notice_late_reason"], "防汛紧急事项临时召集");
    // The notice is a to-do item for the member.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE module = 'meeting' AND entity_id = $1 AND status = 'open'").bind(m.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(n, 1);
    ok(t.post_json(&office, &format!("/api/v1/meetings/{m}/start"), json!({})).await);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE module = 'meeting' AND entity_id = $1 AND status = 'open'").bind(m.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(n, 0, "starting closes the notice to-dos");
    // Ending needs every item decided and every attendance recorded.
    assert_eq!(t.post_json(&office, &format!("/api/v1/meetings/{m}/end"), json!({})).await.0, StatusCode::CONFLICT);
}

async fn finished_meeting(t: &TestApp, name: &str, date: &str) -> Fixture {
    let f = fixture(t, name, date, 2).await;
    ok(t.post_json(&f.office, &format!("/api/v1/meetings/{}/start", f.meeting), json!({})).await);
    attend(t, &f, &ALL_PRESENT).await;
    ok(t.post_json(&f.office, &format!("/api/v1/meeting-items/{}/notes", f.items[0]), json!({"user_id": uid(t, "xilian-deputy3").await, "body": "内部发言要点：建议优先保障沐溪村"})).await);
    for item in &f.items {
        ok(vote(t, "xilian-deputy1", *item, "agree").await);
        ok(vote(t, "xilian-deputy2", *item, "agree").await);
        ok(vote(t, "xilian-deputy3", *item, "disagree").await);
        ok(vote(t, "xilian-leader", *item, "agree").await);
        ok(t.post_json(&f.office, &format!("/api/v1/meeting-items/{item}/decide"), json!({"outcome": "adopt", "text": "会议同意。"})).await);
    }
    ok(t.post_json(&f.office, &format!("/api/v1/meetings/{}/end", f.meeting), json!({})).await);
    f
}

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[tokio::test]
async fn approved_votes_and_minutes_change_only_by_a_correction_that_keeps_the_original() {
    let t = spawn().await;
    let f = finished_meeting(&t, "测试联席会议C", "2027-03-15").await;
    let leader = t.token("xilian-leader").await;
    // The office cannot approve; the principal leader can, once.
    assert_eq!(t.post_json(&f.office, &format!("/api/v1/meetings/{}/approve", f.meeting), json!({})).await.0, StatusCode::FORBIDDEN);
    ok(t.post_json(&leader, &format!("/api/v1/meetings/{}/approve", f.meeting), json!({})).await);
    assert_eq!(t.post_json(&leader, &format!("/api/v1/meetings/{}/approve", f.meeting), json!({})).await.0, StatusCode::CONFLICT);
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/{}", f.meeting)).await);
    assert_eq!(v["state"], "approved");
    let first = v["minutes"][0].clone();
    let original = v["items"][0]["votes"].as_array().unwrap().iter().find(|x| x["choice"] == "disagree").unwrap().clone();
    // No edits after approval: votes, decisions, attendance, notes, agenda.
    let item = f.items[0];
    for (path, body) in [
        (format!("/api/v1/meeting-items/{item}/decide"), json!({"outcome": "reject", "text": "改为不通过"})),
        (format!("/api/v1/meetings/{}/attendance", f.meeting), json!({"user_id": uid(&t, "xilian-deputy1").await, "presence": "absent", "reason": "x"})),
        (format!("/api/v1/meeting-items/{item}/notes", ), json!({"user_id": uid(&t, "xilian-deputy1").await, "body": "补记"})),
        (format!("/api/v1/meetings/{}/agenda", f.meeting), json!({"order": [f.items[1], f.items[0]]})),
    ] {
        let (s, v) = t.post_json(&f.office, &path, body).await;
        assert_eq!(s, StatusCode::CONFLICT, "{path}: {v}");
    }
    assert_eq!(vote(&t, "xilian-deputy1", item, "disagree").await.0, StatusCode::CONFLICT);
    // A correction: only with MeetingApprove, with a reason; the original stays.
    let vid = original["id"].as_i64().unwrap();
    assert_eq!(t.post_json(&f.office, &format!("/api/v1/meeting-votes/{vid}/correct"), json!({"choice": "abstain", "reason": "误录"})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(t.post_json(&leader, &format!("/api/v1/meeting-votes/{vid}/correct"), json!({"choice": "abstain"})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    ok(t.post_json(&leader, &format!("/api/v1/meeting-votes/{vid}/correct"), json!({"choice": "abstain", "reason": "记录人员误录，经本人核对应为弃权"})).await);
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/{}", f.meeting)).await);
    let votes = v["items"][0]["votes"].as_array().unwrap();
    let old = votes.iter().find(|x| x["id"] == original["id"]).unwrap();
    assert_eq!(old["choice"], "disagree");
    assert_eq!(old["superseded"], true);
    let new = votes.iter().find(|x| x["correction_id"].is_i64()).unwrap();
    assert_eq!(new["choice"], "abstain");
    assert_eq!(v["items"][0]["tally"]["abstain"], 1);
    assert_eq!(v["corrections"].as_array().unwrap().len(), 1);
    // Minutes: version 1 untouched (same attachment, same SM3, file intact), version 2 lists the correction.
    let ms = v["minutes"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0], first);
    assert!(fazhi::platform::attachments::verify(&t.app, first["attachment_id"].as_i64().unwrap()).await.unwrap());
    let path = fazhi::platform::attachments::stored_path(&t.app, ms[1]["sm3"].as_str().unwrap()).unwrap();
    let text = docx_text(&std::fs::read(path).unwrap());
    assert!(text.contains("更正记录") && text.contains("记录人员误录"), "new minutes list the correction");
    let path = fazhi::platform::attachments::stored_path(&t.app, first["sm3"].as_str().unwrap()).unwrap();
    assert!(!docx_text(&std::fs::read(path).unwrap()).contains("更正记录"));
    // A decision correction keeps the original decision too.
    ok(t.post_json(&leader, &format!("/api/v1/meeting-items/{}/decision/correct", f.items[1]), json!({"outcome": "adopt", "text": "会议同意，由农业农村办牵头落实。", "reason": "决定事项漏记牵头单位"})).await);
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/{}", f.meeting)).await);
    assert_eq!(v["items"][1]["superseded_decisions"].as_array().unwrap().len(), 1);
    assert_eq!(v["items"][1]["decision"]["text"], "会议同意，由农业农村办牵头落实。");
    assert_eq!(v["minutes"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn minutes_docx_holds_the_record() {
    let t = spawn().await;
    let f = finished_meeting(&t, "测试联席会议D", "2027-03-22").await;
    let (c, _) = t.console("xilian-office").await;
    let r = c.get(t.url(&format!("/console/meetings/{}/minutes.docx", f.meeting))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().contains("wordprocessingml"));
    let text = docx_text(&r.bytes().await.unwrap());
    for needle in ["测试联席会议D纪要", "出席", "李国华", "周伟东", "不同意", "不同意见", "内部发言要点", "会议决定：通过", "应到会表决成员 4 人，实到 4 人", "法律顾问"] {
        assert!(text.contains(needle), "minutes lack {needle}");
    }
    let r = c.get(t.url(&format!("/console/meetings/{}/minutes", f.meeting))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("纪要待主要负责人审定"), "the office sees the minutes await the leader");
}

#[tokio::test]
async fn named_votes_export_per_meeting_and_per_member() {
    let t = spawn().await;
    let f = finished_meeting(&t, "测试联席会议E", "2027-03-29").await;
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/votes?f_meeting={}", f.meeting)).await);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 8);
    assert!(items.iter().any(|x| x["member"].as_str().unwrap().starts_with("周伟东") && x["choice"] == "不同意" && x["opinion"] == "建议再调研"));
    // Per member over a period: the demo's 2021 record and this meeting.
    let d3 = uid(&t, "xilian-deputy3").await;
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/votes?f_member_id={d3}&f_from=2027-01-01&f_to=2027-12-31")).await);
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    let v = ok(t.get_json(&f.office, &format!("/api/v1/meetings/votes?f_member_id={d3}&f_from=2021-01-01&f_to=2021-12-31")).await);
    assert!(v["items"].as_array().unwrap().len() > 40, "a year of demo votes");
    let r = reqwest::Client::new().get(t.url(&format!("/api/v1/meetings/votes?f_meeting={}&format=csv", f.meeting))).bearer_auth(&f.office).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}\"会议日期\""), "{csv}");
    assert_eq!(csv.lines().count(), 9);
    let (c, _) = t.console("xilian-office").await;
    let r = c.get(t.url(&format!("/console/lists/meeting_votes/export?f_meeting={}", f.meeting))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let r = c.get(t.url(&format!("/console/meetings/{}/votes.csv", f.meeting))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn meetings_api_is_scoped_and_pages_render() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let v = ok(t.get_json(&office, "/api/v1/meetings?f_state=approved&limit=100").await);
    assert!(v["items"].as_array().unwrap().len() >= 50, "a year of approved demo meetings");
    let id = v["items"][0]["id"].as_i64().unwrap();
    let lg = t.token("longgui-office").await;
    assert_eq!(t.get_json(&lg, &format!("/api/v1/meetings/{id}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(ok(t.get_json(&lg, "/api/v1/meetings").await)["items"].as_array().unwrap().len(), 0);
    assert_eq!(t.get_json("", "/api/v1/meetings").await.0, StatusCode::UNAUTHORIZED);
    // Every state is in the demo, and each meeting page renders.
    let (c, _) = t.console("xilian-deputy2").await;
    for state in ["preparing", "notified", "in_session", "ended", "approved"] {
        let v = ok(t.get_json(&office, &format!("/api/v1/meetings?f_state={state}")).await);
        let id = v["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("no {state} meeting in the demo"));
        let r = c.get(t.url(&format!("/console/meetings/{id}"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{state}");
    }
    for p in ["/console/meetings", "/console/lists/meetings", "/console/lists/meeting_votes", "/console/meetings/items/new"] {
        assert_eq!(c.get(t.url(p)).send().await.unwrap().status(), StatusCode::OK, "{p}");
    }
    // The demo holds the contrary decision with its reason, and a correction.
    let n: i64 = t.count("SELECT COUNT(*) FROM meeting_decision WHERE contrary = TRUE AND contrary_reason IS NOT NULL").await;
    assert!(n >= 1);
    assert!(t.count("SELECT COUNT(*) FROM meeting_correction").await >= 1);
}

/// The same rules through the services (no HTTP), as the decision module and the demo use them.
#[tokio::test]
async fn rules_hold_through_the_services() {
    let t = spawn().await;
    let f = fixture(&t, "测试联席会议F", "2027-04-05", 1).await;
    let app = &t.app;
    let office = actor(&t, "xilian-office").await;
    let leader = actor(&t, "xilian-leader").await;
    let d1 = actor(&t, "xilian-deputy1").await;
    let item = f.items[0];
    let at = When::now();
    sitting::start(app, &office, f.meeting, at).await.unwrap();
    sitting::record_attendance(app, &office, f.meeting, leader.user_id, "present", "", at).await.unwrap();
    sitting::record_attendance(app, &office, f.meeting, d1.user_id, "present", "", at).await.unwrap();
    let e = voting::cast_vote(app, &d1, item, "agree", "", at).await.unwrap_err();
    assert_eq!(e.status(), 409, "below quorum: {e}");
    assert!(sitting::record_attendance(app, &office, f.meeting, uid(&t, "xilian-deputy2").await, "leave", "", at).await.is_err(), "leave needs a reason");
    sitting::record_attendance(app, &office, f.meeting, uid(&t, "xilian-deputy2").await, "present", "", at).await.unwrap();
    assert!(voting::cast_vote(app, &leader, item, "agree", "", at).await.unwrap_err().message().contains("末位表态"));
    voting::cast_vote(app, &d1, item, "disagree", "", at).await.unwrap();
    voting::cast_vote(app, &actor(&t, "xilian-deputy2").await, item, "disagree", "", at).await.unwrap();
    voting::cast_vote(app, &leader, item, "agree", "", at).await.unwrap();
    let form = voting::DecisionForm { outcome: "adopt".into(), text: "实施。".into(), contrary_reason: String::new() };
    assert_eq!(voting::decide(app, &office, item, &form, at).await.unwrap_err().field(), Some("contrary_reason"));
    voting::decide(app, &office, item, &voting::DecisionForm { contrary_reason: "时间紧迫".into(), ..form.clone() }, at).await.unwrap();
    sitting::record_attendance(app, &office, f.meeting, uid(&t, "xilian-deputy3").await, "absent", "出差", at).await.unwrap();
    sitting::record_attendance(app, &office, f.meeting, uid(&t, "xilian-adviser").await, "present", "", at).await.unwrap();
    sitting::end(app, &office, f.meeting, at).await.unwrap();
    assert_eq!(minutes::approve(app, &office, f.meeting, at).await.unwrap_err().status(), 403);
    minutes::approve(app, &leader, f.meeting, at).await.unwrap();
    let v = read::view(app, &office, f.meeting).await.unwrap();
    assert_eq!(v.minutes.len(), 1);
    assert!(voting::decide(app, &office, item, &form, at).await.is_err());
    // propose_item_in: how the major-decision module puts a decision forward; the gate is consulted on accept.
    let town = fazhi::kernel::load_org(app, t.org_id(XILIAN).await).await.unwrap();
    let mut w = fazhi::kernel::Write::begin(app, &office, fazhi_core::access::Permission::MeetingManage, &town).await.unwrap();
    let id = agenda::propose_item_in(&mut w, &agenda::ItemForm { title: "审议西联镇农贸市场升级改造方案（重大行政决策）".into(), proposer_unit: "经济发展办".into(), summary: "提请集体讨论决定。".into(), decision_id: Some(4242), ..Default::default() }, &at).await.unwrap();
    w.commit().await.unwrap();
    let m2 = sitting::create_meeting(app, &office, v.meeting_type.id, "2027-04-12", "", "", at).await.unwrap();
    // No such decision, so no legality review: the decision's gate refuses the agenda.
    assert!(agenda::accept(app, &office, id, m2, at).await.is_err());
    assert!(read::view(app, &office, m2).await.unwrap().items.is_empty());
}

/// The console forms drive the same services (CSRF-protected form posts).
#[tokio::test]
async fn console_forms_prepare_and_open_a_meeting() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let some = ok(t.get_json(&office, "/api/v1/meetings?f_state=approved&limit=1").await)["items"][0]["id"].as_i64().unwrap();
    let type_id = ok(t.get_json(&office, &format!("/api/v1/meetings/{some}")).await)["meeting_type"]["id"].as_i64().unwrap();
    let (c, csrf) = t.console("xilian-office").await;
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let csrf = csrf.clone();
        let url = t.url(&path);
        async move {
            let mut form = form;
            form.push(("_csrf", csrf));
            let r = c.post(url).form(&form).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}: {}", r.text().await.unwrap_or_default());
            r.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let loc = post("/console/meetings/new".into(), vec![("type_id", type_id.to_string()), ("meeting_date", "2027-05-10".into()), ("start_time", "09:00".into())]).await;
    let mid: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let town = t.org_id(XILIAN).await;
    let loc = post("/console/meetings/items".into(), vec![("org_id", town.to_string()), ("title", "研究镇村两级法律顾问服务工作安排".into()), ("proposer_unit", "司法所".into()), ("summary", "提请会议研究。".into()), ("research_notes", String::new())]).await;
    let item: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    post(format!("/console/meetings/items/{item}/accept"), vec![("meeting_id", mid.to_string())]).await;
    post(format!("/console/meetings/{mid}/notice"), vec![("reason", String::new())]).await;
    post(format!("/console/meetings/{mid}/start"), vec![]).await;
    post(format!("/console/meetings/{mid}/attendance/all"), vec![]).await;
    let v = ok(t.get_json(&office, &format!("/api/v1/meetings/{mid}")).await);
    assert_eq!(v["state"], "in_session");
    assert_eq!(v["start_time"], "09:00");
    assert_eq!(v["items"][0]["id"], item);
    assert!(v["attendance"].as_array().unwrap().iter().all(|a| a["presence"] == "present"));
    // A member votes from the phone page's form.
    let (m, mcsrf) = t.console("xilian-deputy1").await;
    let r = m.post(t.url(&format!("/console/meetings/items/{item}/vote"))).form(&[("choice", "agree"), ("opinion", ""), ("_csrf", &mcsrf)]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = m.get(t.url(&format!("/console/meetings/items/{item}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("您的表决意见：<strong>同意</strong>"), "{page}");
}
