//! The shared list mechanism: keyset pages, filters, sorting, scope, XLSX
//! export inline and as a background job.
use fazhi::kernel::load_actor;
use fazhi::platform::listing::{self, ListQuery};
use fazhi::platform::{jobs, lists};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{spawn, spawn_with};

async fn actor(t: &crate::support::TestApp, user: &str) -> fazhi_core::access::Actor {
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(user).fetch_one(&t.app.db.pool).await.unwrap();
    load_actor(&t.app, uid).await.unwrap().unwrap()
}

#[tokio::test]
async fn keyset_pages_cover_every_row_once_in_order() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let xilian = t.org_id("440203103").await;
    for i in 0..23 {
        let (s, _) = t.post_json(&office, "/api/v1/todos", json!({"org_id": xilian, "title": format!("事项{:02}", i % 7), "due_date": format!("2026-12-{:02}", 1 + i % 9)})).await;
        assert_eq!(s, StatusCode::OK);
    }
    let a = actor(&t, "xilian-office").await;
    for (sort, desc) in [("id", true), ("title", false), ("due", true)] {
        let mut q = ListQuery { sort: Some(sort.into()), desc: Some(desc), limit: Some(4), ..Default::default() };
        let mut seen = Vec::new();
        loop {
            let page = listing::fetch(&t.app, &a, &lists::TODOS, &q).await.unwrap();
            seen.extend(page.rows.iter().map(|r| r.id));
            match page.next {
                Some(n) => q.after = Some(n),
                None => break,
            }
        }
        let total = listing::count(&t.app, &a, &lists::TODOS, &ListQuery::default(), i64::MAX - 1).await.unwrap();
        assert!(!total.more);
        let mut uniq = seen.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), seen.len(), "no row twice ({sort})");
        assert_eq!(seen.len() as i64, total.n, "every row once ({sort})");
        // Counted up to a cap below the rows: the cap, and "more".
        let capped = listing::count(&t.app, &a, &lists::TODOS, &ListQuery::default(), total.n - 1).await.unwrap();
        assert_eq!((capped.n, capped.more, capped.to_string()), (total.n - 1, true, format!("{}+", total.n - 1)));
    }
    // The other town's list never shows these rows.
    let other = actor(&t, "longgui-office").await;
    let page = listing::fetch(&t.app, &other, &lists::TODOS, &ListQuery { limit: Some(1000), ..Default::default() }).await.unwrap();
    assert!(page.rows.iter().all(|r| r.cells[2] != "西联镇"));
}

#[tokio::test]
async fn list_page_filters_and_errors_name_the_field() {
    let t = spawn().await;
    let (c, _) = t.console("admin").await;
    let r = c.get(t.url("/console/lists/audit?f_entity=org_unit")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("审计记录") && html.contains("org_unit"));
    let r = c.get(t.url("/console/lists/audit?f_from=2026-13-01")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("「起始日期」"));
    let r = c.get(t.url("/console/lists/nope")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A grid worker has no audit permission at all.
    let (g, _) = t.console("xilian-grid").await;
    assert_eq!(g.get(t.url("/console/lists/audit")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn small_exports_download_at_once() {
    let t = spawn().await;
    let (c, _) = t.console("xilian-office").await;
    let r = c.get(t.url("/console/lists/todos/export?f_status=open")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX (zip) file");
}

#[tokio::test]
async fn large_exports_become_jobs_with_a_download_link() {
    let t = spawn_with(|c| c.export_inline_rows = 2).await;
    let (c, _) = t.console("admin").await;
    let r = c.get(t.url("/console/lists/audit/export")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/console/jobs");
    // This test's server runs no worker: run the queued job here, as a worker would.
    assert!(jobs::run_one(&t.app, "test").await.unwrap());
    let html = c.get(t.url("/console/jobs")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("已完成"), "{html}");
    let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM job").fetch_one(&t.app.db.pool).await.unwrap();
    let r = c.get(t.url(&format!("/console/jobs/{id}/download"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(&r.bytes().await.unwrap()[..2], b"PK");
    // Nobody else can download it.
    let (other, _) = t.console("wujiang-supervisor").await;
    assert_eq!(other.get(t.url(&format!("/console/jobs/{id}/download"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}
