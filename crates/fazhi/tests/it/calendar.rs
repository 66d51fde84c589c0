//! The working-day calendar through the API and the admin console, and
//! re-flow of open deadlines when the calendar is edited.
use fazhi::kernel::{Write, load_actor, load_org};
use fazhi::platform::calendar;
use fazhi_core::access::Permission;
use fazhi_core::calendar::{Deadline, Unit};
use reqwest::StatusCode;

use crate::support::spawn;

#[tokio::test]
async fn spring_festival_2024_and_make_up_sundays() {
    let t = spawn().await;
    let (s, v) = t.get_json("", "/api/v1/calendar/add-workdays?start=2024-02-08&days=20").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["due"], "2024-03-13");
    let lines = v["lines"].to_string();
    assert!(lines.contains("春节"), "{lines}");
    assert!(lines.contains("2024年2月18日"), "the make-up Sunday is explained: {lines}");
    // 2021 National Day: one working day after 09-30 is 10-08; 10-09 (Saturday) is a make-up workday.
    let (_, v) = t.get_json("", "/api/v1/calendar/add-workdays?start=2021-09-30&days=2").await;
    assert_eq!(v["due"], "2021-10-09");
    // Beyond the loaded years: flagged, never guessed.
    let (s, v) = t.get_json("", "/api/v1/calendar/add-workdays?start=2026-12-20&days=20").await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(v["error"]["message"].as_str().unwrap().contains("日历未载入"), "{v}");
    let (s, v) = t.get_json("", "/api/v1/calendar/add-workdays?start=2024/02/08&days=20").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "start");
}

#[tokio::test]
async fn editing_the_calendar_reflows_open_deadlines() {
    let t = spawn().await;
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'admin'").fetch_one(&t.app.db.pool).await.unwrap();
    let admin = load_actor(&t.app, uid).await.unwrap().unwrap();
    let org = load_org(&t.app, t.org_id("440203103").await).await.unwrap();
    let d = Deadline::new(chrono::NaiveDate::from_ymd_opt(2024, 2, 8).unwrap(), Unit::WorkingDays, 20);
    let mut w = Write::begin(&t.app, &admin, Permission::TodoAssign, &org).await.unwrap();
    let clock = calendar::put_clock_in(&mut w, org.id, "platform", "test", "1", "答复期限", &d).await.unwrap();
    w.commit().await.unwrap();
    let due = || async { sqlx::query_scalar::<_, Option<String>>("SELECT due_date FROM clock WHERE id = $1").bind(clock).fetch_one(&t.app.db.pool).await.unwrap() };
    assert_eq!(due().await.as_deref(), Some("2024-03-13"));
    // A local holiday on 2024-03-01 pushes the due date one working day.
    let n = calendar::set_day(&t.app, &admin, chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(), "holiday", "地方节日（测试）").await.unwrap();
    assert!(n >= 1);
    assert_eq!(due().await.as_deref(), Some("2024-03-14"));
    // Through the console as well, with the CSRF token; removing it restores the date.
    let (c, csrf) = t.console("admin").await;
    let r = c.post(t.url("/console/calendar")).form(&[("_csrf", csrf.as_str()), ("day", "2024-03-01"), ("kind", "normal"), ("name", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(due().await.as_deref(), Some("2024-03-13"));
    let r = c.post(t.url("/console/calendar")).form(&[("_csrf", csrf.as_str()), ("day", "2024/03/01"), ("kind", "holiday"), ("name", "x")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("「日期」"));
}

#[tokio::test]
async fn an_assignment_in_working_days_explains_its_deadline() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let xilian = t.org_id("440203103").await;
    let (s, v) = t.post_json(&office, "/api/v1/todos", serde_json::json!({"org_id": xilian, "title": "报送材料", "due_workdays": 5})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v["id"].as_i64().unwrap();
    let clock: i64 = sqlx::query_scalar("SELECT clock_id FROM todo_item WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    let (c, _) = t.console("xilian-office").await;
    let html = c.get(t.url(&format!("/console/clocks/{clock}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("计算过程") && html.contains("5 个工作日"), "{html}");
    // Another town cannot see it.
    let (o, _) = t.console("longgui-office").await;
    assert_eq!(o.get(t.url(&format!("/console/clocks/{clock}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // Both a date and a number of working days: refused, naming the field.
    let (s, v) = t.post_json(&office, "/api/v1/todos", serde_json::json!({"org_id": xilian, "title": "x", "due_date": "2026-12-01", "due_workdays": 5})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "due_workdays");
}
