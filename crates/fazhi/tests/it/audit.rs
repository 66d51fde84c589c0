//! The audit chain: every write leaves a chained record; tampering is found.
use std::process::Command;

use fazhi::kernel::audit::verify_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{SECRET, TestApp, spawn};

fn verify_cli(t: &TestApp) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--data-dir", t.dir.path().to_str().unwrap(), "--database-url", &t.database_url, "audit", "verify"])
        .env("FAZHI__SECRET_KEY", SECRET)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
}

#[tokio::test]
async fn writes_are_audited_and_tampering_is_named() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let xilian = t.org_id("440203103").await;
    let (s, body) = t.post_json(&office, "/api/v1/todos", json!({"org_id": xilian, "title": "整理会议纪要", "due_date": "2026-12-31"})).await;
    assert_eq!(s, StatusCode::OK);
    let id = body["id"].as_i64().unwrap();

    // The record's history is readable by those in scope, and not by the other town.
    let (s, hist) = t.get_json(&office, &format!("/api/v1/audit?entity=todo_item&entity_id={id}")).await;
    assert_eq!(s, StatusCode::OK);
    let items = hist["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["action"], "create");
    assert_eq!(items[0]["actor_name"], "党政办干事（演示）");
    let other = t.token("longgui-office").await;
    let (_, hist) = t.get_json(&other, &format!("/api/v1/audit?entity=todo_item&entity_id={id}")).await;
    assert!(hist["items"].as_array().unwrap().is_empty());

    let r = verify_all(&t.app).await.unwrap();
    assert!(r.first_break.is_none(), "{:?}", r.first_break);
    assert!(r.records > 10);
    let (ok, out) = verify_cli(&t);
    assert!(ok, "{out}");
    assert!(out.contains("审计链完整"), "{out}");

    // Tamper with the stored record.
    let rid: i64 = sqlx::query_scalar("SELECT id FROM audit_record WHERE entity = 'todo_item' AND entity_id = $1").bind(id.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    sqlx::query("UPDATE audit_record SET after_json = '{\"title\":\"改过的\"}' WHERE id = $1").bind(rid).execute(&t.app.db.pool).await.unwrap();
    let r = verify_all(&t.app).await.unwrap();
    let b = r.first_break.expect("tampering must be found").to_string();
    assert!(b.contains(&format!("id {rid}")), "{b}");
    let (ok, out) = verify_cli(&t);
    assert!(!ok, "verify must fail: {out}");
    assert!(out.contains(&format!("id {rid}")), "names the record: {out}");
}

#[tokio::test]
async fn deleting_a_record_breaks_the_chain() {
    let t = spawn().await;
    let rid: i64 = sqlx::query_scalar("SELECT MIN(id) FROM audit_record WHERE chain_key LIKE 'town-%'").fetch_one(&t.app.db.pool).await.unwrap();
    sqlx::query("DELETE FROM audit_record WHERE id = $1").bind(rid).execute(&t.app.db.pool).await.unwrap();
    let r = verify_all(&t.app).await.unwrap();
    assert!(r.first_break.is_some());
}
