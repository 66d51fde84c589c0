//! Login, sessions, CSRF and throttling.
use reqwest::StatusCode;

use crate::support::{PW, spawn};

#[tokio::test]
async fn login_console_logout() {
    let t = spawn().await;
    let c = t.browser();
    let r = c.get(t.url("/console")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/login"));
    let r = c.post(t.url("/login")).form(&[("username", "xilian-office"), ("password", PW), ("next", "/console")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let page = c.get(t.url("/console")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("待办事项") && html.contains("督办：落实法律顾问参与重大行政决策合法性审查"));
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();

    // Logout without the CSRF token is refused; with it the session ends.
    let r = c.post(t.url("/logout")).form(&[("x", "1")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c.post(t.url("/logout")).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(t.url("/console")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = c.post(t.url("/console/todo")).header("sec-fetch-site", "cross-site").form(&[("_csrf", csrf.as_str()), ("org_id", "1"), ("title", "x")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c.post(t.url("/login")).header("origin", "http://evil.example").form(&[("username", "admin"), ("password", PW)]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn repeated_failures_are_throttled() {
    let t = spawn().await;
    let c = t.browser();
    for _ in 0..5 {
        let r = c.post(t.url("/login")).form(&[("username", "xilian-leader"), ("password", "wrong-password")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("用户名或密码错误"));
    }
    // Even the right password is refused while throttled.
    let r = c.post(t.url("/login")).form(&[("username", "xilian-leader"), ("password", PW)]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("登录失败次数过多"));
}

#[tokio::test]
async fn password_change_and_api_tokens() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-sifa").await;
    let r = c.post(t.url("/console/account/password")).form(&[("_csrf", csrf.as_str()), ("current_password", "wrong"), ("new_password", "new-pass-2026")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("当前密码"));
    let r = c.post(t.url("/console/account/password")).form(&[("_csrf", csrf.as_str()), ("current_password", PW), ("new_password", "short")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = c.post(t.url("/console/account/password")).form(&[("_csrf", csrf.as_str()), ("current_password", PW), ("new_password", "new-pass-2026")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The personal token works as a bearer token and is stored only hashed.
    let r = c.post(t.url("/console/account/tokens")).form(&[("_csrf", csrf.as_str()), ("name", "报表脚本")]).send().await.unwrap();
    let html = r.text().await.unwrap();
    let token = html.split("只显示这一次）：").nth(1).unwrap().split('<').next().unwrap().trim().to_string();
    let (s, me) = t.get_json(&token, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], "xilian-sifa");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_token WHERE token_hash = $1").bind(&token).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(stored, 0);
    let (s, _) = t.get_json("not-a-token", "/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}
