//! Personal data: phones stored SM4-GCM encrypted with an HMAC-SM3 blind index,
//! shown masked, found by exact number, and every full view audited.
use reqwest::{Client, StatusCode};

use crate::support::{TestApp, spawn};

const PHONE: &str = "13812345678";

async fn user_id(t: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&t.app.db.pool).await.unwrap()
}

/// The admin sets a user's phone through the console form.
async fn set_phone(t: &TestApp, c: &Client, csrf: &str, user: i64, phone: &str) -> reqwest::Response {
    c.post(t.url("/console/users/phone")).form(&[("_csrf", csrf), ("user_id", &user.to_string()), ("phone", phone)]).send().await.unwrap()
}

async fn audit_texts(t: &TestApp) -> Vec<String> {
    let rows: Vec<(Option<String>, Option<String>)> = sqlx::query_as("SELECT before_json, after_json FROM audit_record").fetch_all(&t.app.db.pool).await.unwrap();
    rows.into_iter().flat_map(|(b, a)| [b, a]).flatten().collect()
}

#[tokio::test]
async fn phones_are_encrypted_masked_and_every_full_view_is_audited() {
    let t = spawn().await;
    let office = user_id(&t, "xilian-office").await;
    let (admin, csrf) = t.console("admin").await;
    assert_eq!(set_phone(&t, &admin, &csrf, office, "138 1234 5678").await.status(), StatusCode::SEE_OTHER);

    // The raw columns never hold the digits.
    let (enc, idx): (Option<String>, Option<String>) = sqlx::query_as("SELECT phone_enc, phone_idx FROM app_user WHERE id = $1").bind(office).fetch_one(&t.app.db.pool).await.unwrap();
    let (enc, idx) = (enc.unwrap(), idx.unwrap());
    assert!(enc.starts_with("v1:"), "{enc}");
    for part in [PHONE, "12345678", "5678"] {
        assert!(!enc.contains(part) && !idx.contains(part), "{part} in {enc} / {idx}");
    }
    assert_eq!(idx.len(), 64);
    assert_eq!(t.app.keys.field.decrypt(&enc).unwrap(), PHONE);
    assert!(audit_texts(&t).await.iter().all(|a| !a.contains(PHONE) && !a.contains("12345678")), "plaintext in the audit trail");

    // The users page shows it masked, with the action to see it in full.
    let page = admin.get(t.url("/console/users")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("138****5678"), "masked phone on the page");
    assert!(!page.contains(PHONE));
    assert!(page.contains("查看完整号码"));

    // Unmasking shows it once and is audited (without the number).
    let unmasks = "SELECT COUNT(*) FROM audit_record WHERE action = 'unmask' AND entity = 'app_user'";
    assert_eq!(t.count(unmasks).await, 0);
    let r = admin.post(t.url(&format!("/console/users/{office}/phone/reveal"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains(PHONE));
    let (entity_id, after): (String, Option<String>) =
        sqlx::query_as("SELECT entity_id, after_json FROM audit_record WHERE action = 'unmask'").fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(entity_id, office.to_string());
    assert!(after.as_deref().unwrap_or("").contains("phone"));
    assert!(audit_texts(&t).await.iter().all(|a| !a.contains(PHONE)), "plaintext in the audit trail");
    // A GET cannot unmask.
    assert_ne!(admin.get(t.url(&format!("/console/users/{office}/phone/reveal"))).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(t.count(unmasks).await, 1);

    // A bad number names the field; clearing removes both columns.
    let r = set_phone(&t, &admin, &csrf, office, "12345").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("手机号码"));
    assert_eq!(set_phone(&t, &admin, &csrf, office, "").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(t.count("SELECT COUNT(*) FROM app_user WHERE phone_enc IS NOT NULL OR phone_idx IS NOT NULL").await, 0);
}

#[tokio::test]
async fn users_are_found_by_exact_phone_through_the_blind_index() {
    let t = spawn().await;
    let office = user_id(&t, "xilian-office").await;
    let other = user_id(&t, "longgui-office").await;
    let (admin, csrf) = t.console("admin").await;
    set_phone(&t, &admin, &csrf, office, PHONE).await;
    set_phone(&t, &admin, &csrf, other, "13900001111").await;

    let token = t.token("admin").await;
    for q in ["13812345678", "138%201234%205678", "%2B86%20138-1234-5678"] {
        let (s, body) = t.get_json(&token, &format!("/api/v1/users?phone={q}")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{q}: {body}");
        assert_eq!(items[0]["id"], office);
        assert_eq!(items[0]["username"], "xilian-office");
        assert_eq!(items[0]["phone"], "138****5678");
    }
    let (_, body) = t.get_json(&token, "/api/v1/users?phone=13812345679").await;
    assert!(body["items"].as_array().unwrap().is_empty(), "{body}");
    let (s, body) = t.get_json(&token, "/api/v1/users?phone=1381234").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "phone");
    // Without a number: every user in scope, phones masked, never in full.
    let (s, body) = t.get_json(&token, "/api/v1/users").await;
    assert_eq!(s, StatusCode::OK);
    let text = body.to_string();
    assert!(text.contains("138****5678") && text.contains("139****1111"));
    assert!(!text.contains(PHONE) && !text.contains("13900001111"));
}

#[tokio::test]
async fn only_user_managers_look_up_and_only_unmask_holders_see_the_number() {
    let t = spawn().await;
    let office = user_id(&t, "xilian-office").await;
    let (admin, csrf) = t.console("admin").await;
    set_phone(&t, &admin, &csrf, office, PHONE).await;

    let grid = t.token("xilian-grid").await;
    let (s, body) = t.get_json(&grid, "/api/v1/users?phone=13812345678").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    let (s, _) = t.get_json(&grid, "/api/v1/users").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The town office has no unmask right; the grid worker's right covers only their grid.
    for who in ["xilian-office", "xilian-grid"] {
        let (c, csrf) = t.console(who).await;
        let r = c.post(t.url(&format!("/console/users/{office}/phone/reveal"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
        assert!(!r.text().await.unwrap().contains(PHONE));
        // Nor may they set phones.
        let r = c.post(t.url("/console/users/phone")).form(&[("_csrf", csrf.as_str()), ("user_id", &office.to_string()), ("phone", "13900002222")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask'").await, 0);
    let enc: String = sqlx::query_scalar("SELECT phone_enc FROM app_user WHERE id = $1").bind(office).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(t.app.keys.field.decrypt(&enc).unwrap(), PHONE);
}
