//! Attachments: content-addressed storage by SM3, size and type limits, scoped
//! downloads with the hash in a header, and tamper detection.
use std::path::{Path, PathBuf};

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::support::{TestApp, spawn, spawn_with};

const BOUNDARY: &str = "----fazhi-test-boundary-7d2a9c";

/// A multipart/form-data body (reqwest's multipart feature is not enabled).
fn multipart(fields: &[(&str, String)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

async fn upload(t: &TestApp, token: &str, org_id: i64, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
    let (ct, body) = multipart(&[("org_id", org_id.to_string()), ("entity", "todo_item".into()), ("entity_id", "1".into())], Some((name, bytes)));
    let r = Client::new().post(t.url("/api/v1/attachments")).bearer_auth(token).header("content-type", ct).body(body).send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn stored_files(t: &TestApp) -> Vec<PathBuf> {
    files_under(&t.app.cfg.attachment_dir())
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

#[tokio::test]
async fn upload_and_download_round_trip_with_the_sm3_hash() {
    let t = spawn().await;
    let xilian = t.org_id("440203103").await;
    let office = t.token("xilian-office").await;
    let bytes = pdf("行政执法决定书");
    let (s, body) = upload(&t, &office, xilian, "执法决定书（2026）1号.pdf", &bytes).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let sm3 = fazhi_crypto::sm3_hex(&bytes);
    assert_eq!(body["sm3"], sm3.as_str());
    assert_eq!(body["size"], bytes.len() as i64);
    let id = body["id"].as_i64().unwrap();

    // Stored content-addressed, metadata in the row, the upload audited.
    let path = t.app.cfg.attachment_dir().join(&sm3[..2]).join(&sm3);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let (mime, name): (String, String) = sqlx::query_as("SELECT mime, file_name FROM attachment WHERE id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(mime, "application/pdf");
    assert_eq!(name, "执法决定书（2026）1号.pdf");
    let audited: Option<String> = sqlx::query_scalar("SELECT after_json FROM audit_record WHERE action = 'create' AND entity = 'attachment' AND entity_id = $1")
        .bind(id.to_string())
        .fetch_optional(&t.app.db.pool)
        .await
        .unwrap()
        .flatten();
    let audited = audited.expect("upload audited");
    assert!(audited.contains(&sm3) && audited.contains("执法决定书"), "{audited}");

    // Download through the API.
    let r = Client::new().get(t.url(&format!("/api/v1/attachments/{id}"))).bearer_auth(&office).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert_eq!(h["x-content-sm3"], sm3.as_str());
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let cd = h["content-disposition"].to_str().unwrap();
    assert!(cd.starts_with("attachment; filename=\""), "{cd}");
    assert!(cd.contains("filename*=UTF-8''%E6%89%A7%E6%B3%95"), "{cd}");
    let got = r.bytes().await.unwrap();
    assert_eq!(fazhi_crypto::sm3_hex(&got), sm3);
    assert_eq!(got.as_ref(), bytes.as_slice());
    assert!(fazhi::platform::attachments::verify(&t.app, id).await.unwrap());

    // The console lists it with its hash and serves the same bytes.
    let (c, csrf) = t.console("xilian-office").await;
    let page = c.get(t.url("/console/attachments?entity=todo_item&entity_id=1")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("执法决定书（2026）1号.pdf") && page.contains(&sm3), "{page}");
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let r = c.get(t.url(&format!("/attachments/{id}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // Upload through the console form (CSRF token in the query string).
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-image".to_vec();
    let (ct, body) = multipart(&[("org_id", xilian.to_string()), ("entity", "todo_item".into()), ("entity_id", "1".into())], Some(("现场照片.png", &png)));
    let r = c.post(t.url(&format!("/console/attachments?_csrf={csrf}"))).header("content-type", ct.clone()).body(body.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = c.get(t.url("/console/attachments?entity=todo_item&entity_id=1")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("现场照片.png") && page.contains(&fazhi_crypto::sm3_hex(&png)), "{page}");
    // Without the token the form is refused.
    let r = c.post(t.url("/console/attachments")).header("content-type", ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_same_bytes_twice_are_stored_once() {
    let t = spawn().await;
    // Demo data (e.g. meeting minutes) may already hold attachments: count what this test adds.
    let (n0, f0) = (t.count("SELECT COUNT(*) FROM attachment").await, stored_files(&t).len());
    let xilian = t.org_id("440203103").await;
    let office = t.token("xilian-office").await;
    let bytes = pdf("同一份材料");
    let (s1, a) = upload(&t, &office, xilian, "材料.pdf", &bytes).await;
    let (s2, b) = upload(&t, &office, xilian, "材料（副本）.pdf", &bytes).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK), "{a} {b}");
    assert_ne!(a["id"], b["id"]);
    assert_eq!(a["sm3"], b["sm3"]);
    assert_eq!(t.count("SELECT COUNT(*) FROM attachment").await - n0, 2);
    assert_eq!(stored_files(&t).len() - f0, 1, "{:?}", stored_files(&t));
}

#[tokio::test]
async fn an_oversize_upload_is_refused_and_leaves_nothing() {
    let t = spawn_with(|c| c.max_upload_mb = 1).await;
    // Demo data (e.g. meeting minutes) may already hold attachments: count what this test adds.
    let (n0, f0) = (t.count("SELECT COUNT(*) FROM attachment").await, stored_files(&t).len());
    let xilian = t.org_id("440203103").await;
    let office = t.token("xilian-office").await;
    let mut big = pdf("超大文件");
    big.resize(1024 * 1024 + 1, b' ');
    let (s, body) = upload(&t, &office, xilian, "超大.pdf", &big).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "file");
    assert!(body["error"]["message"].as_str().unwrap().contains("1 MB"), "{body}");
    assert_eq!(t.count("SELECT COUNT(*) FROM attachment").await - n0, 0);
    assert!(stored_files(&t).len() == f0, "{:?}", stored_files(&t));

    // Exactly at the limit is allowed.
    big.truncate(1024 * 1024);
    let (s, body) = upload(&t, &office, xilian, "刚好.pdf", &big).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(stored_files(&t).len() - f0, 1);
}

#[tokio::test]
async fn content_that_does_not_match_its_extension_is_refused() {
    let t = spawn().await;
    // Demo data (e.g. meeting minutes) may already hold attachments: count what this test adds.
    let (n0, f0) = (t.count("SELECT COUNT(*) FROM attachment").await, stored_files(&t).len());
    let xilian = t.org_id("440203103").await;
    let office = t.token("xilian-office").await;
    let cases: [(&str, &[u8]); 5] = [
        ("通知.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("通知.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("说明.txt", b"\x7fELF\x02\x01\x01\x00"),
        ("工具.exe", b"MZ\x90\x00\x03\x00"),
        ("页面.html", b"<html></html>"),
    ];
    for (name, bytes) in cases {
        let (s, body) = upload(&t, &office, xilian, name, bytes).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        assert_eq!(body["error"]["field"], "file", "{name}");
    }
    let (_, body) = upload(&t, &office, xilian, "通知.pdf", cases[0].1).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("与扩展名"), "{body}");
    assert_eq!(t.count("SELECT COUNT(*) FROM attachment").await - n0, 0);
    assert!(stored_files(&t).len() == f0, "{:?}", stored_files(&t));

    // A path in the file name is dropped.
    let (s, body) = upload(&t, &office, xilian, "../../etc/名单.csv", "姓名,电话\n张三,略\n".as_bytes()).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let name: String = sqlx::query_scalar("SELECT file_name FROM attachment WHERE id = $1").bind(body["id"].as_i64().unwrap()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(name, "名单.csv");
}

#[tokio::test]
async fn downloads_need_read_permission_on_the_attachments_unit() {
    let t = spawn().await;
    // Demo data (e.g. meeting minutes) may already hold attachments: count what this test adds.
    let (n0, f0) = (t.count("SELECT COUNT(*) FROM attachment").await, stored_files(&t).len());
    let xilian = t.org_id("440203103").await;
    let longgui = t.org_id("440203105").await;
    let office = t.token("xilian-office").await;
    let (s, body) = upload(&t, &office, xilian, "会议纪要.pdf", &pdf("会议纪要")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let id = body["id"].as_i64().unwrap();
    let url = t.url(&format!("/api/v1/attachments/{id}"));

    let other = t.token("longgui-office").await;
    let r = Client::new().get(&url).bearer_auth(&other).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let grid = t.token("xilian-grid").await;
    assert_eq!(Client::new().get(&url).bearer_auth(&grid).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let sup = t.token("wujiang-supervisor").await;
    let r = Client::new().get(&url).bearer_auth(&sup).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-content-sm3"], body["sm3"].as_str().unwrap());
    assert_eq!(Client::new().get(&url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(Client::new().get(t.url("/api/v1/attachments/999999")).bearer_auth(&sup).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // The other town's list does not show it.
    let (c, _) = t.console("longgui-office").await;
    let page = c.get(t.url("/console/attachments")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("会议纪要.pdf"));
    assert_eq!(c.get(t.url(&format!("/attachments/{id}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // Uploading into another town is refused, and nothing is written.
    let (s, body) = upload(&t, &office, longgui, "越权.pdf", &pdf("越权")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    // The supervisor may read but not upload.
    let (s, _) = upload(&t, &sup, xilian, "督察.pdf", &pdf("督察")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(t.count("SELECT COUNT(*) FROM attachment").await - n0, 1);
    assert_eq!(stored_files(&t).len() - f0, 1, "{:?}", stored_files(&t));
}

#[tokio::test]
async fn tampering_with_a_stored_file_is_detected() {
    let t = spawn().await;
    let xilian = t.org_id("440203103").await;
    let office = t.token("xilian-office").await;
    let (s, body) = upload(&t, &office, xilian, "证据.pdf", &pdf("原始证据")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert!(fazhi::platform::attachments::verify(&t.app, id).await.unwrap());
    let path = fazhi::platform::attachments::stored_path(&t.app, body["sm3"].as_str().unwrap()).unwrap();
    std::fs::write(&path, pdf("被篡改的证据")).unwrap();
    assert!(!fazhi::platform::attachments::verify(&t.app, id).await.unwrap());
    std::fs::remove_file(&path).unwrap();
    assert!(!fazhi::platform::attachments::verify(&t.app, id).await.unwrap());
}
