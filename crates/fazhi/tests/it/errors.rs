//! Bad input and faults get clean Chinese answers, never a panic or a stack trace.
use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::support::spawn;

#[tokio::test]
async fn clean_answers_for_bad_requests() {
    let t = spawn().await;
    let r = Client::new().get(t.url("/no/such/page")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("页面不存在"));
    let r = Client::new().get(t.url("/api/v1/nothing")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["error"]["code"], "not_found");
    let r = Client::new().post(t.url("/api/v1/auth/login")).header("content-type", "application/json").body("{not json").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json::<serde_json::Value>().await.unwrap()["error"]["message"].as_str().unwrap().contains("JSON"));
    let r = Client::new().get(t.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let c = t.browser();
    let r = c.get(t.url("/console")).header("cookie", "fazhi_session=expired-or-forged").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("expired=1"), "{to}");
    let html = c.get(t.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("登录已过期"));
}

#[tokio::test]
async fn invalid_input_names_the_field_and_writes_nothing() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let xilian = t.org_id("440203103").await;
    let before = t.count("SELECT COUNT(*) FROM todo_item").await;
    let audits = t.count("SELECT COUNT(*) FROM audit_record").await;
    let (s, v) = t.post_json(&office, "/api/v1/todos", json!({"org_id": xilian, "title": "  "})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "title");
    assert_eq!(v["error"]["message"], "「事项名称」不能为空");
    let (s, v) = t.post_json(&office, "/api/v1/todos", json!({"org_id": xilian, "title": "x", "due_date": "明天"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "due_date");
    assert_eq!(t.count("SELECT COUNT(*) FROM todo_item").await, before);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_record").await, audits);
}

#[tokio::test]
async fn openapi_document_lists_the_endpoints() {
    let t = spawn().await;
    let v: serde_json::Value = Client::new().get(t.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for p in ["/auth/login", "/me", "/audit", "/orgs/{id}", "/todos"] {
        assert!(v["paths"].get(p).is_some(), "{p}");
    }
    assert_eq!(Client::new().get(t.url("/healthz")).send().await.unwrap().text().await.unwrap(), "ok");
}
