//! 政务公开, proactive publication: the review gate, separation of duties,
//! redaction, scheduled release, versions, withdrawal, the 20-working-day
//! clock and to-do, search, town isolation, and that nothing unpublished is
//! reachable publicly by any URL.
use fazhi::disclosure::When;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, spawn};

const XILIAN: &str = "440203103";
const LONGGUI: &str = "440203105";

async fn category(t: &TestApp, town: &str, code: &str) -> i64 {
    let (s, v) = t.get_json("", &format!("/api/v1/disclosure/categories?town={town}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["items"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap()["id"].as_i64().unwrap()
}

fn today() -> String {
    fazhi::web::pages::today().to_string()
}

/// Drafts an item in 西联镇 through the API as the town office.
async fn draft(t: &TestApp, office: &str, title: &str, body: &str) -> i64 {
    let town = t.org_id(XILIAN).await;
    let cat = category(t, XILIAN, "06").await;
    let (s, v) = t
        .post_json(
            office,
            "/api/v1/disclosure/ledger",
            json!({"town_id": town, "category_id": cat, "title": title, "issuer": "西联镇人民政府", "formed_on": today(), "publicity": "proactive",
                   "summary": format!("{title}的内容概述"), "body": body}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["id"].as_i64().unwrap()
}

async fn review(t: &TestApp, who: &str, id: i64, conclusion: &str) -> (StatusCode, Value) {
    t.post_json(who, &format!("/api/v1/disclosure/ledger/{id}/review"), json!({"conclusion": conclusion, "basis": "经审查不涉及国家秘密"})).await
}

/// Draft → submit → review (司法所) → publish.
async fn publish_new(t: &TestApp, title: &str, body: &str) -> i64 {
    let office = t.token("xilian-office").await;
    let sifa = t.token("xilian-sifa").await;
    let id = draft(t, &office, title, body).await;
    assert_eq!(t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await.0, StatusCode::OK);
    let conclusion = if body.contains("【隐去") { "approve_redacted" } else { "approve" };
    let (s, v) = review(t, &sifa, id, conclusion).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "published");
    id
}

async fn get_text(t: &TestApp, path: &str) -> (StatusCode, String) {
    let r = Client::new().get(t.url(path)).send().await.unwrap();
    let s = r.status();
    (s, r.text().await.unwrap())
}

/// The hits part of the portal search page (the page echoes the query itself).
async fn search_hits(t: &TestApp, q: &str) -> String {
    let (s, html) = get_text(t, &format!("/search?q={}", fazhi::platform::listing::enc(q))).await;
    assert_eq!(s, StatusCode::OK);
    html.split("<ol class=\"results\">").nth(1).unwrap_or("").to_string()
}

/// Every public page and API answer of a town's 政府信息公开 column, concatenated:
/// the column page, guide, every catalogue page of every category and year,
/// every item page, and the API's lists and items.
async fn everything_public(t: &TestApp, town: &str) -> String {
    let mut all = String::new();
    for p in [format!("/portal/{town}"), format!("/portal/{town}/disclosure"), format!("/portal/{town}/disclosure/guide")] {
        let (s, html) = get_text(t, &p).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        all.push_str(&html);
    }
    let (_, cats) = t.get_json("", &format!("/api/v1/disclosure/categories?town={town}")).await;
    let mut filters = vec![String::new()];
    for c in cats["items"].as_array().unwrap() {
        filters.push(format!("category={}", c["id"]));
    }
    for y in ["2021", "2022", "2025", "2026"] {
        filters.push(format!("year={y}"));
    }
    let mut item_ids = Vec::new();
    for f in filters {
        let mut path = format!("/portal/{town}/disclosure/catalogue?{f}");
        loop {
            let (s, html) = get_text(t, &path).await;
            assert_eq!(s, StatusCode::OK, "{path}");
            for part in html.split(&format!("/portal/{town}/disclosure/items/")).skip(1) {
                let id: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
                if !id.is_empty() && !item_ids.contains(&id) {
                    item_ids.push(id);
                }
            }
            all.push_str(&html);
            match html.split("&amp;after=").nth(1) {
                Some(rest) => path = format!("/portal/{town}/disclosure/catalogue?{f}&after={}", rest.split('"').next().unwrap()),
                None => break,
            }
        }
    }
    for id in &item_ids {
        let (s, html) = get_text(t, &format!("/portal/{town}/disclosure/items/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        all.push_str(&html);
        let (s, v) = t.get_json("", &format!("/api/v1/disclosure/items/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        all.push_str(&v.to_string());
    }
    let mut path = format!("/api/v1/disclosure/items?town={town}&limit=7");
    loop {
        let (s, v) = t.get_json("", &path).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        all.push_str(&v.to_string());
        match v["next"].as_str() {
            Some(n) => path = format!("/api/v1/disclosure/items?town={town}&limit=7&after={n}"),
            None => break,
        }
    }
    let (_, v) = t.get_json("", &format!("/api/v1/disclosure/guide?town={town}")).await;
    all.push_str(&v.to_string());
    all
}

#[tokio::test]
async fn publishing_without_a_review_is_refused() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let id = draft(&t, &office, "西联镇测试公示", "测试正文。").await;
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["code"], "refused");
    assert!(v["error"]["message"].as_str().unwrap().contains("未经保密审查不得发布"), "{v}");
    // In review, still refused; a refused publish leaves nothing behind.
    assert_eq!(t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await.0, StatusCode::OK);
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(v["error"]["message"].as_str().unwrap().contains("保密审查"));
    assert_eq!(t.count("SELECT COUNT(*) FROM disclosure_item WHERE published_version IS NOT NULL AND title = '西联镇测试公示'").await, 0);
    // A "withhold" conclusion does not allow publication either.
    let sifa = t.token("xilian-sifa").await;
    assert_eq!(review(&t, &sifa, id, "withhold").await.0, StatusCode::OK);
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(v["error"]["message"].as_str().unwrap().contains("不予公开"), "{v}");
    // The console form gives the same refusal as a Chinese error page.
    let other = draft(&t, &office, "西联镇测试公示二", "正文。").await;
    let (c, csrf) = t.console("xilian-office").await;
    let r = c.post(t.url(&format!("/console/disclosure/items/{other}/publish"))).form(&[("_csrf", csrf.as_str()), ("release_at", "")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("未经保密审查不得发布"));
}

#[tokio::test]
async fn the_reviewer_is_never_the_drafter() {
    let t = spawn().await;
    // The admin may both draft and review, but not review their own draft.
    let admin = t.token("admin").await;
    let id = draft(&t, &admin, "管理员起草的信息", "正文。").await;
    assert_eq!(t.post_json(&admin, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await.0, StatusCode::OK);
    let (s, v) = review(&t, &admin, id, "approve").await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("起草人"), "{v}");
    let leader = t.token("xilian-leader").await;
    let (s, v) = review(&t, &leader, id, "approve").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The town office may not review at all; the legal adviser may not read the ledger.
    let office = t.token("xilian-office").await;
    let id2 = draft(&t, &office, "另一条信息", "正文。").await;
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id2}/submit"), json!({})).await;
    assert_eq!(review(&t, &office, id2, "approve").await.0, StatusCode::FORBIDDEN);
    let adviser = t.token("xilian-adviser").await;
    assert_eq!(t.get_json(&adviser, &format!("/api/v1/disclosure/ledger/{id2}")).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn nothing_unpublished_is_reachable_by_any_public_url() {
    let t = spawn().await;
    let hidden = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT i.id, i.title, v.summary FROM disclosure_item i JOIN disclosure_version v ON v.item_id = i.id AND v.version = i.current_version
         WHERE i.published_version IS NULL OR i.withdrawn_at IS NOT NULL",
    )
    .fetch_all(&t.app.db.pool)
    .await
    .unwrap();
    let states: Vec<String> = sqlx::query_scalar("SELECT DISTINCT status FROM disclosure_item").fetch_all(&t.app.db.pool).await.unwrap();
    for s in ["draft", "conf_review", "escalated", "approved", "withheld", "scheduled", "published", "withdrawn"] {
        assert!(states.iter().any(|x| x == s), "demo has an item in state {s}");
    }
    assert!(hidden.len() >= 7, "{hidden:?}");
    let mut all = everything_public(&t, XILIAN).await;
    all.push_str(&everything_public(&t, LONGGUI).await);
    let (_, v) = t.get_json("", "/api/v1/disclosure/items?limit=200").await;
    all.push_str(&v.to_string());
    for (id, title, summary) in &hidden {
        // Exact title (another public title may extend it, e.g. "…计划（调整）").
        for end in ["<", "\"", " -"] {
            assert!(!all.contains(&format!("{title}{end}")), "hidden item {id} 「{title}」 is public somewhere");
        }
        assert!(!all.contains(summary.as_str()), "hidden item {id}'s summary is public somewhere");
        for town in [XILIAN, LONGGUI] {
            assert_eq!(get_text(&t, &format!("/portal/{town}/disclosure/items/{id}")).await.0, StatusCode::NOT_FOUND, "item {id}");
        }
        assert_eq!(t.get_json("", &format!("/api/v1/disclosure/items/{id}")).await.0, StatusCode::NOT_FOUND);
        assert!(!search_hits(&t, title).await.contains(&format!(">{title}<")), "search finds hidden 「{title}」");
    }
    // The demo's withheld item, by name.
    assert!(hidden.iter().any(|h| h.1.contains("综治维稳工作专题会议纪要")));
    // A version being revised stays internal: the public sees version 1 only.
    assert!(all.contains("西联镇人民政府权责清单"));
    assert!(!all.contains("调整后共有权责事项 135 项"));
    // A 西联镇 item is not reachable under another town's address.
    let published: i64 = sqlx::query_scalar("SELECT i.id FROM disclosure_item i JOIN org_unit o ON o.id = i.org_id WHERE o.code = '440203103' AND i.status = 'published' ORDER BY i.id LIMIT 1")
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{published}")).await.0, StatusCode::OK);
    assert_eq!(get_text(&t, &format!("/portal/{LONGGUI}/disclosure/items/{published}")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn files_are_public_only_with_their_published_version() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let sifa = t.token("xilian-sifa").await;
    let id = draft(&t, &office, "西联镇预算公开表（附件测试）", "详见附件。").await;
    let (c, csrf) = t.console("xilian-office").await;
    let csv = "项目,预算数（万元）\r\n一般公共预算支出合计,4286.70\r\n".as_bytes().to_vec();
    // A hand-built multipart body (reqwest's multipart feature is not enabled).
    let boundary = "----fazhi-disclosure-test";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"预算公开表.csv\"\r\nContent-Type: text/csv\r\n\r\n").into_bytes();
    body.extend_from_slice(&csv);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = c
        .post(t.url(&format!("/console/disclosure/items/{id}/files?_csrf={csrf}")))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file: i64 = sqlx::query_scalar("SELECT attachment_id FROM disclosure_version_file f JOIN disclosure_version v ON v.id = f.version_id WHERE v.item_id = $1")
        .bind(id)
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    let url = format!("/portal/{XILIAN}/disclosure/items/{id}/files/{file}");
    assert_eq!(get_text(&t, &url).await.0, StatusCode::NOT_FOUND, "draft");
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    assert_eq!(review(&t, &sifa, id, "approve").await.0, StatusCode::OK);
    assert_eq!(get_text(&t, &url).await.0, StatusCode::NOT_FOUND, "approved, not yet published");
    assert_eq!(t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await.0, StatusCode::OK);
    let r = Client::new().get(t.url(&url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().to_vec(), csv);
    let (_, page) = get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await;
    assert!(page.contains("预算公开表.csv"));
    assert_eq!(get_text(&t, &format!("/portal/{LONGGUI}/disclosure/items/{id}/files/{file}")).await.0, StatusCode::NOT_FOUND);
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/withdraw"), json!({"reason": "测试撤回"})).await;
    assert_eq!(get_text(&t, &url).await.0, StatusCode::NOT_FOUND, "withdrawn");
}

#[tokio::test]
async fn the_catalogue_is_browsable_by_category_and_year() {
    let t = spawn().await;
    let dibao = category(&t, XILIAN, "06").await;
    let (s, html) = get_text(&t, &format!("/portal/{XILIAN}/disclosure/catalogue?category={dibao}&year=2021")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("西联镇2021年第一季度城乡最低生活保障对象名单公示"));
    assert!(html.contains("西联镇2021年特困人员救助供养名单公示"));
    assert!(!html.contains("西联镇2021年部门预算"), "another category");
    assert!(!html.contains("2026年第三季度城乡最低生活保障"), "another year");
    for field in ["索引号", "名称", "内容概述", "生成日期", "11440203MB2D3190X5/<wbr>2021-"] {
        assert!(html.contains(field), "{field}");
    }
    let (s, v) = t.get_json("", &format!("/api/v1/disclosure/items?town={XILIAN}&category={dibao}&year=2021")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["items"].as_array().unwrap().iter().all(|i| i["category_code"] == "06" && i["formed_on"].as_str().unwrap().starts_with("2021")));
    assert_eq!(get_text(&t, &format!("/portal/{XILIAN}/disclosure/catalogue?year=abc")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn redacted_spans_stay_internal() {
    let t = spawn().await;
    let body = "经审核，新增低保对象：西联村 【隐去：陈大文】，身份证号 【隐去：440203195603121026】，联系电话 【隐去：13812345678】；芙蓉村 【隐去：林小梅】。";
    let id = publish_new(&t, "西联镇低保新增对象公示（测试）", body).await;
    let secrets = ["陈大文", "440203195603121026", "13812345678", "林小梅"];
    let (s, page) = get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("新增低保对象：西联村 ＊＊＊，身份证号 ＊＊＊，联系电话 ＊＊＊；芙蓉村 ＊＊＊。"), "{page}");
    let mut public = page;
    public.push_str(&everything_public(&t, XILIAN).await);
    public.push_str(&t.get_json("", &format!("/api/v1/disclosure/items/{id}")).await.1.to_string());
    for q in ["低保", "陈大文", "林小梅", "新增对象"] {
        public.push_str(&search_hits(&t, q).await);
    }
    let office = t.token("xilian-office").await;
    public.push_str(&t.get_json(&office, "/api/v1/search?q=%E4%BD%8E%E4%BF%9D").await.1.to_string());
    for s in secrets {
        assert!(!public.contains(s), "「{s}」 leaked");
    }
    // The original stays internal: the console page and the staff API show it.
    let (c, _) = t.console("xilian-office").await;
    let html = c.get(t.url(&format!("/console/disclosure/items/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("陈大文") && html.contains("<mark"), "internal view keeps the original");
    let (_, v) = t.get_json(&office, &format!("/api/v1/disclosure/ledger/{id}")).await;
    assert!(v["version"]["body"].as_str().unwrap().contains("【隐去：陈大文】"));
    // The demo's 低保 lists too.
    assert!(!everything_public(&t, XILIAN).await.contains("陈国强"));
}

#[tokio::test]
async fn unmarked_personal_numbers_are_refused() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let id = draft(&t, &office, "未标注个人信息的公示", "联系人李四，电话 13912345678。").await;
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("139****5678"), "{v}");
    let town = t.org_id(XILIAN).await;
    let (s, v) = t.post_json(&office, "/api/v1/disclosure/ledger", json!({"town_id": town, "category_id": category(&t, XILIAN, "06").await, "title": "标记未闭合", "issuer": "西联镇人民政府", "formed_on": today(), "publicity": "proactive", "summary": "概述", "body": "【隐去：张三"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "body");
    // 不予公开 needs its art.14–16 ground and a reason.
    let cat = category(&t, XILIAN, "12").await;
    let item = |ground: &str, reason: &str| json!({"town_id": town, "category_id": cat, "title": "会议纪要", "issuer": "西联镇人民政府", "formed_on": today(), "publicity": "withheld", "withhold_ground": ground, "publicity_reason": reason, "summary": "概述", "body": "正文"});
    let (s, v) = t.post_json(&office, "/api/v1/disclosure/ledger", item("", "讨论稿")).await;
    assert_eq!((s, v["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("withhold_ground")), "{v}");
    let (s, v) = t.post_json(&office, "/api/v1/disclosure/ledger", item("process_information", "")).await;
    assert_eq!((s, v["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("publicity_reason")), "{v}");
    let (s, v) = t.post_json(&office, "/api/v1/disclosure/ledger", item("process_information", "会议讨论记录")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Such an item gets no publication clock: it is not to be published proactively.
    let clocks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clock WHERE entity = 'disclosure_item' AND entity_id = $1").bind(v["id"].as_i64().unwrap().to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(clocks, 0);
}

#[tokio::test]
async fn a_scheduled_release_waits_for_its_time() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let sifa = t.token("xilian-sifa").await;
    let title = "西联镇定时发布测试公告";
    let id = draft(&t, &office, title, "定时发布的正文。").await;
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    assert_eq!(review(&t, &sifa, id, "approve").await.0, StatusCode::OK);
    let tomorrow = format!("{} 09:00", fazhi::web::pages::today() + chrono::Duration::days(1));
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({"release_at": tomorrow})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "scheduled");
    assert_eq!(get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.get_json("", &format!("/api/v1/disclosure/items/{id}")).await.0, StatusCode::NOT_FOUND);
    assert!(!everything_public(&t, XILIAN).await.contains(title));
    assert!(!search_hits(&t, "定时发布测试").await.contains(title));
    // The deadline to-do is done once the release is set.
    assert_eq!(t.count("SELECT COUNT(*) FROM todo_item WHERE entity = 'disclosure_item' AND kind = 'publish_deadline' AND status = 'open' AND title LIKE '%定时发布测试%'").await, 0);
    // When its time comes (the next read after it), it is public.
    let later = When(chrono::Utc::now() + chrono::Duration::days(2));
    assert!(fazhi::disclosure::publication::release_due(&t.app, later).await.unwrap() >= 1, "this one (and maybe the demo's)");
    assert_eq!(get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await.0, StatusCode::OK);
    assert!(search_hits(&t, "定时发布测试").await.contains(title));
    // A release after the statutory deadline is refused.
    let id2 = draft(&t, &office, "另一条定时信息", "正文。").await;
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id2}/submit"), json!({})).await;
    review(&t, &sifa, id2, "approve").await;
    let late = format!("{} 09:00", fazhi::web::pages::today() + chrono::Duration::days(60));
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id2}/publish"), json!({"release_at": late})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "release_at");
}

#[tokio::test]
async fn an_update_is_a_new_version_with_a_new_review() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let sifa = t.token("xilian-sifa").await;
    let id = publish_new(&t, "西联镇版本测试公示", "第一版正文内容。").await;
    let town = t.org_id(XILIAN).await;
    let cat = category(&t, XILIAN, "06").await;
    let change = json!({"town_id": town, "category_id": cat, "title": "西联镇版本测试公示", "issuer": "西联镇人民政府", "formed_on": today(), "publicity": "proactive",
                        "summary": "更正后的概述", "body": "第二版正文内容。", "changed_on": today(), "change_note": "更正名单"});
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/revise"), change.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 2);
    // Version 1 stays public until version 2 is reviewed and published.
    let (_, page) = get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await;
    assert!(page.contains("第一版正文内容") && !page.contains("第二版正文内容"));
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    assert_eq!(review(&t, &sifa, id, "approve").await.0, StatusCode::OK);
    // Edited after the review: the review no longer covers the content.
    assert_eq!(t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/reopen"), json!({})).await.0, StatusCode::OK);
    let mut edited = change.clone();
    edited["body"] = json!("第二版正文内容（审查后又改）。");
    assert_eq!(t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/edit"), edited).await.0, StatusCode::OK);
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(review(&t, &sifa, id, "approve").await.0, StatusCode::OK);
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, page) = get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await;
    assert!(page.contains("审查后又改") && !page.contains("第一版正文内容"));
    assert!(page.contains("更新记录") && page.contains("更正名单"));
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disclosure_version WHERE item_id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(versions, 2);
    let reviews: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disclosure_review WHERE item_id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(reviews, 3, "version 1 once, version 2 twice");
    let (_, v) = t.get_json(&office, &format!("/api/v1/disclosure/ledger/{id}")).await;
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn withdrawal_hides_the_item_and_keeps_the_record() {
    let t = spawn().await;
    let id = publish_new(&t, "西联镇撤回测试公告", "将被撤回的正文。").await;
    assert!(search_hits(&t, "撤回测试").await.contains("西联镇撤回测试公告"));
    let office = t.token("xilian-office").await;
    let (s, _) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/withdraw"), json!({"reason": ""})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    let (s, v) = t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/withdraw"), json!({"reason": "内容有误，更正后重新发布"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(get_text(&t, &format!("/portal/{XILIAN}/disclosure/items/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.get_json("", &format!("/api/v1/disclosure/items/{id}")).await.0, StatusCode::NOT_FOUND);
    assert!(!everything_public(&t, XILIAN).await.contains("西联镇撤回测试公告"));
    assert!(!search_hits(&t, "撤回测试").await.contains("西联镇撤回测试公告"));
    // The record, its version and review remain, and staff still see them.
    let (s, v) = t.get_json(&office, &format!("/api/v1/disclosure/ledger/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["item"]["status"], "withdrawn");
    assert_eq!(v["item"]["withdraw_reason"], "内容有误，更正后重新发布");
    assert_eq!(v["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_record WHERE entity = 'disclosure_item' AND action = 'withdraw'").await, 2, "the demo's and this one");
}

#[tokio::test]
async fn the_twenty_working_day_clock_and_to_do_follow_the_item() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let id = draft(&t, &office, "西联镇期限测试公示", "正文。").await;
    let key = id.to_string();
    let due: Option<String> = sqlx::query_scalar("SELECT due_date FROM clock WHERE entity = 'disclosure_item' AND entity_id = $1 AND stopped_at IS NULL").bind(&key).fetch_one(&t.app.db.pool).await.unwrap();
    let expected = fazhi::platform::calendar::add_workdays_db(&t.app.db, fazhi::web::pages::today(), 20).await.unwrap();
    assert_eq!(due, Some(expected.to_string()), "20 working days from formation");
    let (_, v) = t.get_json(&office, "/api/v1/todos?all=true").await;
    let todo = v["items"].as_array().unwrap().iter().find(|i| i["title"] == "按期公开：西联镇期限测试公示").cloned().expect("deadline to-do opened");
    assert_eq!(todo["due_date"], expected.to_string());
    assert_eq!(todo["module"], "disclosure");
    // Reviewers get a to-do on submission, closed by their review.
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    let sifa = t.token("xilian-sifa").await;
    let (_, v) = t.get_json(&sifa, "/api/v1/todos?all=true").await;
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["title"] == "保密审查：西联镇期限测试公示"));
    review(&t, &sifa, id, "approve").await;
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/publish"), json!({})).await;
    let (_, v) = t.get_json(&office, "/api/v1/todos?all=true").await;
    assert!(!v["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().contains("西联镇期限测试公示")), "closed on publish");
    let stopped: Option<String> = sqlx::query_scalar("SELECT stopped_at FROM clock WHERE entity = 'disclosure_item' AND entity_id = $1").bind(&key).fetch_one(&t.app.db.pool).await.unwrap();
    assert!(stopped.is_some(), "clock stopped on publication");
    // The demo's overdue draft is on the to-do list as overdue.
    let (_, v) = t.get_json(&office, "/api/v1/todos?all=true").await;
    let overdue = v["items"].as_array().unwrap().iter().find(|i| i["title"].as_str().unwrap().contains("特困人员救助供养名单公示")).cloned().expect("overdue draft on the to-do list");
    assert_eq!(overdue["overdue"], true, "{overdue}");
    // The withheld item waits for its periodic re-review.
    let (_, v) = t.get_json(&sifa, "/api/v1/todos?all=true").await;
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["title"].as_str().unwrap().starts_with("不予公开信息定期评估")));
}

#[tokio::test]
async fn search_finds_published_dibao_items() {
    let t = spawn().await;
    let hits = search_hits(&t, "低保").await;
    assert!(hits.contains("西联镇2021年第一季度城乡最低生活保障对象名单公示"), "{hits}");
    assert!(hits.contains("/portal/440203103/disclosure/items/"));
    let hits = search_hits(&t, "宅基地").await;
    assert!(hits.contains("农村宅基地审批结果公示"));
    // The draft 2026 特困 list is not found; the published 2021 one is.
    let hits = search_hits(&t, "特困").await;
    assert!(hits.contains("西联镇2021年特困人员救助供养名单公示"));
    assert!(!hits.contains(&format!("西联镇{}年特困人员救助供养名单公示", fazhi::web::pages::today().format("%Y"))));
}

#[tokio::test]
async fn another_town_cannot_read_or_edit() {
    let t = spawn().await;
    let office = t.token("xilian-office").await;
    let id = draft(&t, &office, "西联镇隔离测试", "正文。").await;
    let other = t.token("longgui-office").await;
    assert_eq!(t.get_json(&other, &format!("/api/v1/disclosure/ledger/{id}")).await.0, StatusCode::FORBIDDEN);
    let town = t.org_id(XILIAN).await;
    let body = json!({"town_id": town, "category_id": category(&t, XILIAN, "06").await, "title": "越权修改", "issuer": "龙归镇", "formed_on": today(), "publicity": "proactive", "summary": "x", "body": "x"});
    assert_eq!(t.post_json(&other, &format!("/api/v1/disclosure/ledger/{id}/edit"), body.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(t.post_json(&other, "/api/v1/disclosure/ledger", body).await.0, StatusCode::FORBIDDEN);
    for action in ["submit", "publish", "reopen"] {
        assert_eq!(t.post_json(&other, &format!("/api/v1/disclosure/ledger/{id}/{action}"), json!({})).await.0, StatusCode::FORBIDDEN, "{action}");
    }
    assert_eq!(t.post_json(&other, &format!("/api/v1/disclosure/ledger/{id}/withdraw"), json!({"reason": "越权"})).await.0, StatusCode::FORBIDDEN);
    let longgui_sifa = t.token("longgui-sifa").await;
    t.post_json(&office, &format!("/api/v1/disclosure/ledger/{id}/submit"), json!({})).await;
    assert_eq!(review(&t, &longgui_sifa, id, "approve").await.0, StatusCode::FORBIDDEN);
    // A 龙归镇 category cannot be used for a 西联镇 item.
    let lg_cat = category(&t, LONGGUI, "06").await;
    let (s, v) = t.post_json(&office, "/api/v1/disclosure/ledger", json!({"town_id": town, "category_id": lg_cat, "title": "x", "issuer": "x", "formed_on": today(), "publicity": "proactive", "summary": "x", "body": "x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // The ledger shows only the caller's town.
    let (_, v) = t.get_json(&other, "/api/v1/disclosure/ledger?limit=500").await;
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|i| i["org"] == "龙归镇"), "{v}");
    let (c, _) = t.console("longgui-office").await;
    assert_eq!(c.get(t.url(&format!("/console/disclosure/items/{id}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    // The district supervisor reads both towns but cannot publish.
    let sup = t.token("wujiang-supervisor").await;
    assert_eq!(t.get_json(&sup, &format!("/api/v1/disclosure/ledger/{id}")).await.0, StatusCode::OK);
    assert_eq!(t.post_json(&sup, &format!("/api/v1/disclosure/ledger/{id}/withdraw"), json!({"reason": "x"})).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_guide_page_shows_the_edited_fields() {
    let t = spawn().await;
    let (c, csrf) = t.console("xilian-office").await;
    let town = t.org_id(XILIAN).await.to_string();
    let r = c
        .post(t.url("/console/disclosure/guide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("town_id", town.as_str()),
            ("agency_name", "西联镇政务公开办公室（测试）"),
            ("address", "西联镇府前路1号（测试）"),
            ("office_hours", "工作日 9:00—17:00（测试）"),
            ("phone", "0751-8123456"),
            ("fax", "0751-8654321"),
            ("online_contact", "xlgk-test@example.gov.cn"),
            ("arrangement", "按分类和年度编排（测试）"),
            ("index_pattern", "XL-{分类}-{年度}-{序号}"),
            ("rereview_months", "6"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, html) = get_text(&t, &format!("/portal/{XILIAN}/disclosure/guide")).await;
    assert_eq!(s, StatusCode::OK);
    for v in ["西联镇政务公开办公室（测试）", "西联镇府前路1号（测试）", "工作日 9:00—17:00（测试）", "0751-8123456", "0751-8654321", "xlgk-test@example.gov.cn", "按分类和年度编排（测试）", "XL-06-2021-00012"] {
        assert!(html.contains(v), "guide shows {v}");
    }
    // Generated parts: every category, and the art.20 scope.
    for v in ["社会救助（低保、特困）", "宅基地审核", "分类", "编排体系", "获取方式", "传真", "网络联系方式", "突发公共事件的应急预案"] {
        assert!(html.contains(v), "guide shows {v}");
    }
    // The new scheme numbers the next draft.
    let office = t.token("xilian-office").await;
    let id = draft(&t, &office, "新规则编号测试", "正文。").await;
    let (_, v) = t.get_json(&office, &format!("/api/v1/disclosure/ledger/{id}")).await;
    assert!(v["item"]["index_no"].as_str().unwrap().starts_with(&format!("XL-06-{}-", fazhi::web::pages::today().format("%Y"))), "{v}");
    // A bad scheme is refused, naming the field.
    let r = c.post(t.url("/console/disclosure/guide")).form(&[("_csrf", csrf.as_str()), ("town_id", town.as_str()), ("index_pattern", "{机构代码}")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Other towns' staff cannot edit it.
    let (c2, csrf2) = t.console("longgui-office").await;
    let r = c2.post(t.url("/console/disclosure/guide")).form(&[("_csrf", csrf2.as_str()), ("town_id", town.as_str()), ("fax", "越权")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn console_pages_render_for_each_role() {
    let t = spawn().await;
    let in_review: i64 = t.count("SELECT MIN(id) FROM disclosure_item WHERE status = 'conf_review'").await;
    let withheld: i64 = t.count("SELECT MIN(id) FROM disclosure_item WHERE status = 'withheld'").await;
    let (c, _) = t.console("xilian-office").await;
    for p in [
        "/console/disclosure".to_string(),
        "/console/disclosure/items/new".into(),
        format!("/console/disclosure/items/{in_review}"),
        format!("/console/disclosure/items/{withheld}"),
        "/console/disclosure/guide".into(),
        "/console/disclosure/categories".into(),
        "/console/lists/disclosure_items".into(),
        "/console/lists/disclosure_items?f_status=withheld".into(),
        "/console/lists/disclosure_withheld".into(),
    ] {
        let r = c.get(t.url(&p)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{p}");
    }
    let html = c.get(t.url("/console/lists/disclosure_items")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("/console/disclosure/items/"), "ledger rows link to items");
    // The reviewer sees the review form; the office does not.
    let (s, _) = t.console("xilian-sifa").await;
    let html = s.get(t.url(&format!("/console/disclosure/items/{in_review}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("记录审查结论"));
    let html = c.get(t.url(&format!("/console/disclosure/items/{in_review}"))).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("记录审查结论"));
    // A console form round trip: draft, then the item page.
    let (c, csrf) = t.console("xilian-office").await;
    let town = t.org_id(XILIAN).await.to_string();
    let cat = category(&t, XILIAN, "05").await.to_string();
    let r = c
        .post(t.url("/console/disclosure/items"))
        .form(&[("_csrf", csrf.as_str()), ("town_id", town.as_str()), ("category_id", cat.as_str()), ("title", "表单起草测试"), ("issuer", "西联镇人民政府"), ("formed_on", today().as_str()), ("publicity", "proactive"), ("summary", "概述"), ("body", "正文"), ("doc_no", ""), ("withhold_ground", ""), ("publicity_reason", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let html = c.get(t.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("表单起草测试") && html.contains("提交保密审查"));
    // The openapi document lists the module.
    let (_, doc) = t.get_json("", "/api/v1/openapi.json").await;
    assert!(doc["paths"]["/disclosure/items"]["get"].is_object());
}
