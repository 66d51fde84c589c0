//! The benchmark seed (`fazhi bench-seed`) writes rows the normal pages read:
//! the catalogue with its counts and keyset pages, item pages, search, the
//! tracking page, the annual report with its cross-footing checks, and an
//! intact audit chain. Also checks that the catalogue counts follow a
//! withdrawal.
use std::collections::HashSet;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::spawn;

const XILIAN: &str = "440203103";
const YEAR: i32 = 2025;
const ITEMS: usize = 1_300;
const REQUESTS: usize = 120;

async fn text(url: String) -> (StatusCode, String) {
    let r = Client::new().get(url).send().await.unwrap();
    let s = r.status();
    (s, r.text().await.unwrap())
}

#[tokio::test]
async fn seeded_data_serves_every_page_and_the_report() {
    let t = spawn().await;
    let town = t.org_id(XILIAN).await;
    let public_before = t.count("SELECT COUNT(*) FROM disclosure_item WHERE published_version IS NOT NULL AND withdrawn_at IS NULL").await;
    let s = fazhi::bench_seed::seed(&t.app, ITEMS, REQUESTS, YEAR).await.unwrap();
    assert_eq!((s.items, s.requests), (ITEMS, REQUESTS));
    let public = t.count("SELECT COUNT(*) FROM disclosure_item WHERE published_version IS NOT NULL AND withdrawn_at IS NULL").await;
    assert_eq!(public, public_before + ITEMS as i64);

    // The catalogue's category counts add up to the published items of the town.
    let (st, v) = t.get_json("", &format!("/api/v1/disclosure/categories?town={XILIAN}")).await;
    assert_eq!(st, StatusCode::OK);
    let counted: i64 = v["items"].as_array().unwrap().iter().map(|c| c["count"].as_i64().unwrap()).sum();
    let of_town: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disclosure_item WHERE org_id = $1 AND published_version IS NOT NULL AND withdrawn_at IS NULL")
        .bind(town)
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(counted, of_town);
    let dibao = v["items"].as_array().unwrap().iter().find(|c| c["code"] == "06").unwrap().clone();

    // Keyset pages through the API: every item once, newest 生成日期 first.
    let mut seen = HashSet::new();
    let mut last: Option<(String, i64)> = None;
    let mut after = String::new();
    loop {
        let (st, v) = t.get_json("", &format!("/api/v1/disclosure/items?town={XILIAN}&limit=200{after}")).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        for e in v["items"].as_array().unwrap() {
            let key = (e["formed_on"].as_str().unwrap().to_string(), e["id"].as_i64().unwrap());
            if let Some(prev) = &last {
                assert!(key < *prev, "ordered by 生成日期 then id, descending: {key:?} after {prev:?}");
            }
            assert!(seen.insert(key.1), "item {} twice", key.1);
            last = Some(key);
        }
        match v["next"].as_str() {
            Some(n) => after = format!("&after={n}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, of_town);

    // A year and a category filter agree with the records.
    let (st, v) = t.get_json("", &format!("/api/v1/disclosure/items?town={XILIAN}&year={YEAR}&category={}&limit=200", dibao["id"])).await;
    assert_eq!(st, StatusCode::OK);
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["formed_on"].as_str().unwrap().starts_with(&YEAR.to_string()) && e["category_code"] == "06"));

    // The portal pages: catalogue (filtered and paged), an item page.
    let (st, html) = text(t.url(&format!("/portal/{XILIAN}/disclosure/catalogue?category={}&year={YEAR}", dibao["id"]))).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("{}（{}）", dibao["name"].as_str().unwrap(), dibao["count"])), "category with its count");
    assert!(html.contains("下一页") || items.len() <= 20);
    let item = &items[0];
    let (st, html) = text(t.url(&format!("/portal/{XILIAN}/disclosure/items/{}", item["id"]))).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(item["title"].as_str().unwrap()));
    // The page breaks the 索引号 after its last '/'.
    assert!(html.contains(item["index_no"].as_str().unwrap().rsplit('/').next().unwrap()));

    // Search finds seeded items for a two- and a four-character query.
    for q in ["低保", "最低生活"] {
        let (st, html) = text(t.url(&format!("/search?q={}&town={XILIAN}", fazhi::platform::listing::enc(q)))).await;
        assert_eq!(st, StatusCode::OK);
        let hits = html.split("<ol class=\"results\">").nth(1).unwrap_or("");
        assert!(hits.matches("/disclosure/items/").count() >= 10, "{q}: {hits}");
    }

    // A seeded request's tracking page opens with the bench secret.
    let code: String = sqlx::query_scalar("SELECT code FROM disclosure_request WHERE org_id = $1 AND received_on >= $2 AND received_on <= $3 ORDER BY id LIMIT 1")
        .bind(town)
        .bind(format!("{YEAR}-01-01"))
        .bind(format!("{YEAR}-12-31"))
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    let (st, v) = t.get_json("", &format!("/api/v1/disclosure/requests/{code}?secret={}", fazhi::bench_seed::SECRET)).await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // The annual report counts every seeded request and passes its checks.
    let office = fazhi::kernel::load_actor(&t.app, sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-office'").fetch_one(&t.app.db.pool).await.unwrap())
        .await
        .unwrap()
        .unwrap();
    let timings = fazhi::bench_seed::report(&t.app, YEAR, 2).await.unwrap();
    assert_eq!(timings.runs.len(), 2);
    assert!(timings.runs.iter().all(|r| r.docx_bytes > 5_000));
    let view = fazhi::disclosure::annual_report::view(&t.app, &office, town, YEAR).await.unwrap().unwrap();
    let received: u32 = view.body.table3[0].1.last().copied().unwrap();
    assert_eq!(received as usize, REQUESTS, "Table 三 新收 = the seeded requests");
    assert!(view.breaks.is_empty(), "cross-footing: {:?}", view.breaks);

    // The audit chain is intact (each batch is one audited write).
    let r = fazhi::kernel::audit::verify_all(&t.app).await.unwrap();
    assert!(r.first_break.is_none(), "{:?}", r.first_break);

    // Withdrawing a seeded item takes it out of the category count.
    let token = t.token("xilian-office").await;
    let (st, v) = t.post_json(&token, &format!("/api/v1/disclosure/ledger/{}/withdraw", item["id"]), json!({"reason": "基准测试：撤回核对"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, v) = t.get_json("", &format!("/api/v1/disclosure/categories?town={XILIAN}")).await;
    let after: &Value = v["items"].as_array().unwrap().iter().find(|c| c["code"] == "06").unwrap();
    assert_eq!(after["count"].as_i64().unwrap(), dibao["count"].as_i64().unwrap() - 1);
}
