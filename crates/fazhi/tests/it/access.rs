//! Org-scope isolation: a town's accounts never read or write another town.
use reqwest::StatusCode;
use serde_json::json;

use crate::support::spawn;

#[tokio::test]
async fn town_accounts_cannot_cross_towns_but_the_district_supervisor_can() {
    let t = spawn().await;
    let xilian = t.org_id("440203103").await;
    let longgui = t.org_id("440203105").await;
    let office = t.token("xilian-office").await;
    let other = t.token("longgui-office").await;
    let sup = t.token("wujiang-supervisor").await;

    // Read.
    assert_eq!(t.get_json(&office, &format!("/api/v1/orgs/{xilian}")).await.0, StatusCode::OK);
    assert_eq!(t.get_json(&office, &format!("/api/v1/orgs/{longgui}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(t.get_json(&other, &format!("/api/v1/orgs/{xilian}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(t.get_json(&sup, &format!("/api/v1/orgs/{xilian}")).await.0, StatusCode::OK);
    assert_eq!(t.get_json(&sup, &format!("/api/v1/orgs/{longgui}")).await.0, StatusCode::OK);

    // Write.
    let before = t.count("SELECT COUNT(*) FROM todo_item").await;
    let (s, body) = t.post_json(&office, "/api/v1/todos", json!({"org_id": longgui, "title": "越权交办"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(t.count("SELECT COUNT(*) FROM todo_item").await, before, "a refused write leaves nothing");
    let (s, _) = t.post_json(&sup, "/api/v1/todos", json!({"org_id": longgui, "title": "督办：报送执法数据"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = t.post_json(&sup, "/api/v1/todos", json!({"org_id": xilian, "title": "督办：报送执法数据"})).await;
    assert_eq!(s, StatusCode::OK);

    // Lists are scoped: the other town's items never appear.
    let (_, list) = t.get_json(&office, "/api/v1/todos?all=true").await;
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["org_name"] != "龙归镇"), "{list}");
    let (_, orgs) = t.get_json(&office, "/api/v1/orgs").await;
    assert!(orgs["items"].as_array().unwrap().iter().all(|o| o["name"].as_str().unwrap() != "龙归镇"));
}

#[tokio::test]
async fn a_grid_worker_sees_only_their_grid() {
    let t = spawn().await;
    let grid = t.token("xilian-grid").await;
    let (_, orgs) = t.get_json(&grid, "/api/v1/orgs").await;
    let names: Vec<&str> = orgs["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["西联社区第一网格"]);
    let town = t.org_id("440203103").await;
    assert_eq!(t.get_json(&grid, &format!("/api/v1/orgs/{town}")).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn only_admins_manage_users_and_the_calendar() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = c.get(t.url("/console/users")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c.post(t.url("/console/calendar")).form(&[("_csrf", csrf.as_str()), ("day", "2026-12-01"), ("kind", "holiday"), ("name", "测试")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(t.count("SELECT COUNT(*) FROM calendar_day WHERE day = '2026-12-01'").await, 0);
}

/// Two app servers on one database: a session opened on one is valid on the other
/// (no node-local state), and both write to the same audit chain.
#[tokio::test]
async fn two_servers_share_one_database() {
    let a = spawn().await;
    let url = a.database_url.clone();
    let b = crate::support::spawn_with(move |c| c.database_url = url).await;
    let token = a.token("xilian-office").await;
    let (s, me) = b.get_json(&token, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], "xilian-office");
    let xilian = a.org_id("440203103").await;
    let (s, _) = b.post_json(&token, "/api/v1/todos", json!({"org_id": xilian, "title": "由第二台服务器写入"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = a.post_json(&token, "/api/v1/todos", json!({"org_id": xilian, "title": "由第一台服务器写入"})).await;
    assert_eq!(s, StatusCode::OK);
    let r = fazhi::kernel::audit::verify_all(&a.app).await.unwrap();
    assert!(r.first_break.is_none());
}

#[tokio::test]
async fn admins_grant_and_revoke_roles() {
    let t = spawn().await;
    let (c, csrf) = t.console("admin").await;
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-adviser'").fetch_one(&t.app.db.pool).await.unwrap();
    let longgui = t.org_id("440203105").await;
    let r = c.post(t.url(&format!("/console/users/{uid}/grants"))).form(&[("_csrf", csrf.as_str()), ("role", "legal_adviser"), ("org_id", &longgui.to_string())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let adviser = t.token("xilian-adviser").await;
    assert_eq!(t.get_json(&adviser, &format!("/api/v1/orgs/{longgui}")).await.0, StatusCode::OK);
    let gid: i64 = sqlx::query_scalar("SELECT id FROM role_grant WHERE user_id = $1 AND org_id = $2").bind(uid).bind(longgui).fetch_one(&t.app.db.pool).await.unwrap();
    let page = c.get(t.url(&format!("/console/users/{uid}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("龙归镇") && page.contains("法律顾问"));
    let r = c.post(t.url(&format!("/console/users/{uid}/grants/{gid}/revoke"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(t.get_json(&adviser, &format!("/api/v1/orgs/{longgui}")).await.0, StatusCode::FORBIDDEN);
    // A town office cannot grant.
    let (o, ocsrf) = t.console("xilian-office").await;
    let r = o.post(t.url(&format!("/console/users/{uid}/grants"))).form(&[("_csrf", ocsrf.as_str()), ("role", "system_admin"), ("org_id", "1")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
