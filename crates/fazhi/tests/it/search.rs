//! Chinese full-text search: public documents on the portal, scoped for staff.
use reqwest::Client;

use crate::support::spawn;

#[tokio::test]
async fn two_character_words_match_and_scope_holds() {
    let t = spawn().await;
    let html = Client::new().get(t.url("/search?q=%E8%B0%83%E8%A7%A3")).send().await.unwrap().text().await.unwrap(); // 调解
    assert!(html.contains("西联镇人民政府机构信息"), "two-character query matches");
    let html = Client::new().get(t.url("/search?q=%E7%BD%91%E6%A0%BC%E5%8C%96%E7%AE%A1%E7%90%86&town=440203105")).send().await.unwrap().text().await.unwrap(); // 网格化管理, 龙归镇
    assert!(html.contains("龙归镇人民政府机构信息") && !html.contains("西联镇人民政府机构信息"));
    let office = t.token("longgui-office").await;
    let (_, v) = t.get_json(&office, "/api/v1/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80").await; // 政务公开
    let titles: Vec<&str> = v["items"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["龙归镇人民政府机构信息"]);
}
