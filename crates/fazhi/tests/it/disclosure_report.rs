//! The annual disclosure report: computed tables, gates, approval, publication.
use reqwest::{Client, StatusCode};

use crate::support::spawn;

#[tokio::test]
async fn the_demo_2021_report_is_published_with_balanced_tables() {
    let t = spawn().await;
    let v: serde_json::Value = Client::new().get(t.url("/api/v1/disclosure/reports/2021?town=440203103")).send().await.unwrap().json().await.unwrap();
    let rows = v["table3"]["rows"].as_array().unwrap();
    let cell = |label: &str| rows.iter().find(|r| r[0] == label).map(|r| r[1].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect::<Vec<_>>()).unwrap();
    let new = cell("一、本年新收政府信息公开申请数量");
    let old = cell("二、上年结转政府信息公开申请数量");
    let done = cell("（七）总计");
    let next = cell("四、结转下年度继续办理");
    for c in 0..7 {
        assert_eq!(new[c] + old[c], done[c] + next[c], "column {c} balances");
    }
    assert_eq!(new[6], new[..6].iter().sum::<u64>(), "总计 = 自然人 + 法人");
    assert!(new[6] > 0);
    // The portal shows it; the 2025 draft is not public anywhere.
    let html = Client::new().get(t.url("/portal/440203103/disclosure/reports/2021")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("西联镇2021年政府信息公开工作年度报告") && html.contains("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"));
    assert_eq!(Client::new().get(t.url("/portal/440203103/disclosure/reports/2025")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(Client::new().get(t.url("/api/v1/disclosure/reports/2025?town=440203103")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn approval_and_publication_are_gated() {
    let t = spawn().await;
    let (office, ocsrf) = t.console("xilian-office").await;
    let (leader, lcsrf) = t.console("xilian-leader").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM disclosure_annual_report WHERE year = 2025").fetch_one(&t.app.db.pool).await.unwrap();
    // Empty 手工填报 cells block approval, naming the cell.
    let r = leader.post(t.url(&format!("/console/disclosure/reports/{id}/approve"))).form(&[("_csrf", lcsrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("尚未填报"));
    // Publication needs approval first.
    let r = office.post(t.url(&format!("/console/disclosure/reports/{id}/publish"))).form(&[("_csrf", ocsrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Fill every manual cell; a bad value names the field.
    let r = office.post(t.url(&format!("/console/disclosure/reports/{id}/table2"))).form(&[("_csrf", ocsrf.as_str()), ("item", "penalty"), ("value", "三")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for item in ["rules_made", "rules_repealed", "rules_in_force", "normative_docs_made", "normative_docs_repealed", "normative_docs_in_force", "licensing", "penalty", "coercion", "fee_amount"] {
        let r = office.post(t.url(&format!("/console/disclosure/reports/{id}/table2"))).form(&[("_csrf", ocsrf.as_str()), ("item", item), ("value", "1")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{item}");
    }
    // The drafter cannot approve; the leader can; then the office publishes.
    let (admin, acsrf) = t.console("admin").await;
    let _ = (admin, acsrf);
    let r = leader.post(t.url(&format!("/console/disclosure/reports/{id}/approve"))).form(&[("_csrf", lcsrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = office.post(t.url(&format!("/console/disclosure/reports/{id}/publish"))).form(&[("_csrf", ocsrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(Client::new().get(t.url("/portal/440203103/disclosure/reports/2025")).send().await.unwrap().status(), StatusCode::OK);
    // Published means frozen.
    let r = office.post(t.url(&format!("/console/disclosure/reports/{id}/sections"))).form(&[("_csrf", ocsrf.as_str()), ("other", "改")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // The Word document is a package holding the report title.
    let bytes = office.get(t.url(&format!("/console/disclosure/reports/{id}/report.docx"))).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");
    // Another town cannot even see it in the console.
    let (other, _) = t.console("longgui-office").await;
    let town: i64 = t.org_id("440203103").await;
    assert_eq!(other.get(t.url(&format!("/console/disclosure/reports?town={town}&year=2025"))).send().await.unwrap().status(), StatusCode::OK);
    let html = other.get(t.url(&format!("/console/disclosure/reports?town={town}&year=2025"))).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("西联镇2025"), "the selector falls back to the caller's own town");
}
