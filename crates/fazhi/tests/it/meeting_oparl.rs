//! The OParl 1.1 export of published meetings: list objects with keyset pages
//! that neither skip nor repeat while rows change between pages, an inclusive
//! `modified_since`, and nothing unpublished or personal in it.
use std::collections::BTreeSet;

use fazhi::kernel::load_actor;
use fazhi::meeting::{When, minutes};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::TestApp;
use crate::support::spawn;

fn enc(s: &str) -> String {
    fazhi::platform::listing::enc(s)
}

async fn leader(t: &TestApp) -> fazhi_core::access::Actor {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-leader'").fetch_one(&t.app.db.pool).await.unwrap();
    load_actor(&t.app, id).await.unwrap().unwrap()
}

fn id_of(v: &Value) -> i64 {
    v["id"].as_str().unwrap().rsplit('/').next().unwrap().parse().unwrap()
}

async fn get(url: &str) -> Value {
    let r = reqwest::Client::new().get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{url}");
    r.json().await.unwrap()
}

/// Walks a list by its `links.next`, calling `between` after each page.
async fn walk(t: &TestApp, first: &str, mut between: impl AsyncFnMut(usize)) -> Vec<Value> {
    let mut url = t.url(first);
    let mut out = Vec::new();
    for page in 0.. {
        let v = get(&url).await;
        assert!(v["pagination"].is_object() && v["links"].is_object(), "OParl list object: {v}");
        out.extend(v["data"].as_array().unwrap().iter().cloned());
        between(page).await;
        match v["links"]["next"].as_str() {
            Some(n) => url = n.to_string(),
            None => break,
        }
    }
    out
}

async fn correct_first_vote(t: &TestApp, meeting: i64) {
    let vote: i64 = sqlx::query_scalar("SELECT id FROM meeting_vote WHERE meeting_id = $1 AND superseded_by IS NULL ORDER BY id LIMIT 1").bind(meeting).fetch_one(&t.app.db.pool).await.unwrap();
    minutes::correct_vote(&t.app, &leader(t).await, vote, "abstain", "", "测试更正", When::now()).await.unwrap();
}

#[tokio::test]
async fn pages_neither_skip_nor_repeat_when_rows_change_between_pages() {
    let t = spawn().await;
    let body = t.org_id("440203103").await;
    let published: Vec<i64> = sqlx::query_scalar("SELECT id FROM meeting WHERE org_id = $1 AND status = 'approved' ORDER BY id").bind(body).fetch_all(&t.app.db.pool).await.unwrap();
    assert!(published.len() >= 50);
    let ended: i64 = sqlx::query_scalar("SELECT id FROM meeting WHERE org_id = $1 AND status = 'ended'").bind(body).fetch_one(&t.app.db.pool).await.unwrap();
    let (early, late) = (published[2], published[published.len() - 3]);
    let data = walk(&t, &format!("/api/v1/oparl/body/{body}/meeting?limit=7"), async |page| {
        if page == 1 {
            // A seen row and an unseen row change; a new row gets published.
            correct_first_vote(&t, early).await;
            correct_first_vote(&t, late).await;
            minutes::approve(&t.app, &leader(&t).await, ended, When::now()).await.unwrap();
        }
    })
    .await;
    let ids: Vec<i64> = data.iter().map(id_of).collect();
    let uniq: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(uniq.len(), ids.len(), "no meeting repeated");
    for id in &published {
        assert!(uniq.contains(id), "meeting {id} skipped");
    }
    assert!(uniq.contains(&ended), "the newly published meeting appears once, at the end");
    assert_eq!(ids.len(), published.len() + 1);
    // The other lists page the same way.
    let items = walk(&t, &format!("/api/v1/oparl/body/{body}/agendaItem?limit=13"), async |_| {}).await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_item i JOIN meeting m ON m.id = i.meeting_id WHERE m.status = 'approved' AND m.org_id = $1").bind(body).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(items.len() as i64, n);
    let papers = walk(&t, &format!("/api/v1/oparl/body/{body}/paper?limit=50"), async |_| {}).await;
    assert_eq!(papers.len() as i64, n);
    assert_eq!(papers[0]["consultation"][0]["type"], "https://schema.oparl.org/1.1/Consultation");
    let persons = walk(&t, &format!("/api/v1/oparl/body/{body}/person?limit=2"), async |_| {}).await;
    assert_eq!(persons.len(), 5, "four members and the adviser who sat in");
}

#[tokio::test]
async fn modified_since_is_inclusive_and_filters_by_modification() {
    let t = spawn().await;
    let body = t.org_id("440203103").await;
    let target: i64 = sqlx::query_scalar("SELECT id FROM meeting WHERE org_id = $1 AND status = 'approved' ORDER BY id LIMIT 1 OFFSET 10").bind(body).fetch_one(&t.app.db.pool).await.unwrap();
    correct_first_vote(&t, target).await;
    let stamp: String = sqlx::query_scalar("SELECT modified_at FROM meeting WHERE id = $1").bind(target).fetch_one(&t.app.db.pool).await.unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&stamp).unwrap();
    let local = at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).to_rfc3339_opts(chrono::SecondsFormat::Micros, false);
    let expect: BTreeSet<i64> = sqlx::query_scalar::<_, i64>("SELECT id FROM meeting WHERE org_id = $1 AND status = 'approved' AND modified_at >= $2")
        .bind(body)
        .bind(&stamp)
        .fetch_all(&t.app.db.pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert!(expect.contains(&target));
    let got: BTreeSet<i64> = walk(&t, &format!("/api/v1/oparl/body/{body}/meeting?limit=5&modified_since={}", enc(&local)), async |_| {}).await.iter().map(id_of).collect();
    assert_eq!(got, expect, "modified_since (inclusive, +08:00) selects exactly the meetings modified since");
    // One microsecond later the target is out.
    let later = (at + chrono::Duration::microseconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let got: BTreeSet<i64> = walk(&t, &format!("/api/v1/oparl/body/{body}/meeting?modified_since={}", enc(&later)), async |_| {}).await.iter().map(id_of).collect();
    assert!(!got.contains(&target));
    // The item whose vote was corrected is the modified agenda item.
    let items = walk(&t, &format!("/api/v1/oparl/body/{body}/agendaItem?modified_since={}", enc(&local)), async |_| {}).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["meeting"].as_str().unwrap().rsplit('/').next().unwrap(), target.to_string());
    let r = reqwest::Client::new().get(t.url(&format!("/api/v1/oparl/body/{body}/meeting?modified_since=yesterday"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_the_published_part_is_public() {
    let t = spawn().await;
    let body = t.org_id("440203103").await;
    let sys = get(&t.url("/api/v1/oparl/system")).await;
    assert_eq!(sys["oparlVersion"], "https://schema.oparl.org/1.1/");
    let b = get(sys["body"].as_str().unwrap()).await;
    assert_eq!(id_of(&b["data"][0]), body);
    let all = walk(&t, &format!("/api/v1/oparl/body/{body}/meeting?limit=100"), async |_| {}).await;
    let text = serde_json::to_string(&all).unwrap();
    for secret in ["opinion", "资金总量同意", "参加武江区人大常委会会议", "建议优先保障沐溪村污水管网改造", "research", "前期调研", "汛期临近"] {
        assert!(!text.contains(secret), "published data leaks {secret}");
    }
    assert!(text.contains("审议西联镇防汛应急预案修订稿") && text.contains("决定印发《西联镇防汛应急预案（2021年修订）》"));
    for state in ["in_session", "ended", "notified", "preparing"] {
        let id: i64 = sqlx::query_scalar("SELECT id FROM meeting WHERE status = $1 LIMIT 1").bind(state).fetch_one(&t.app.db.pool).await.unwrap();
        let r = reqwest::Client::new().get(t.url(&format!("/api/v1/oparl/meeting/{id}"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{state} meeting is not public");
        let item: i64 = sqlx::query_scalar("SELECT id FROM meeting_item WHERE meeting_id = $1 LIMIT 1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
        let r = reqwest::Client::new().get(t.url(&format!("/api/v1/oparl/paper/{item}"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    // Public materials download with the SM3 they declare; private ones are not listed.
    let files = walk(&t, &format!("/api/v1/oparl/body/{body}/file?limit=100"), async |_| {}).await;
    assert!(!files.is_empty());
    let f = &files[0];
    let bytes = reqwest::Client::new().get(f["downloadUrl"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(fazhi_crypto::sm3_hex(&bytes), f["sm3Checksum"].as_str().unwrap());
    let private: i64 = t.count("SELECT COUNT(*) FROM meeting_item_file WHERE is_public = FALSE").await;
    assert!(private >= 1);
    let public: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_item_file f JOIN meeting_item i ON i.id = f.item_id JOIN meeting m ON m.id = i.meeting_id WHERE f.is_public = TRUE AND m.status = 'approved'").fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(files.len() as i64, public);
}
