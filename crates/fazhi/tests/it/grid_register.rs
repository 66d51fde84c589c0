//! 居民基础信息表 over HTTP: a grid worker reaches no resident of another
//! grid through any page or endpoint; a 楼栋长 sees only their building and
//! cannot edit or unmask; no 身份证号 or phone in clear in the raw tables,
//! pages or exports; the audited reveal; duplicate and bad 身份证号 refused
//! naming the field; exact search by blind index; a move keeps history.
use std::io::Read;

use chrono::NaiveDate;
use fazhi_core::personal::IdNumber;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;

use crate::support::{TestApp, spawn, spawn_with};

const WORKER: &str = "xilian-grid";
const DIRECTOR: &str = "xilian-director";
const STEWARD: &str = "xilian-steward";
const GRID1: &str = "440203103-01-01";
const GRID2: &str = "440203103-01-02";

fn id_number(seq: u16) -> String {
    IdNumber::synthesize("440203", NaiveDate::from_ymd_opt(1985, 5, 5).unwrap(), seq).as_str().to_string()
}

fn body(grid_id: i64, name: &str, id: &str, phone: &str, building: &str, door: &str) -> Value {
    json!({"grid_id": grid_id, "name": name, "id_number": id, "phone": phone, "relation": "02", "residence": "户籍",
        "building": building, "door": door, "sanitation": "重点：门前堆放杂物"})
}

async fn register(t: &TestApp, user: &str, b: Value) -> i64 {
    let token = t.token(user).await;
    let (s, v) = t.post_json(&token, "/api/v1/grid/residents", b).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

/// A resident of `grid` in `building` from the demo.
async fn demo_resident(t: &TestApp, grid: &str, building: &str) -> i64 {
    sqlx::query_scalar("SELECT r.id FROM grid_resident r JOIN org_unit o ON o.id = r.grid_id JOIN grid_building b ON b.id = r.building_id WHERE o.code = $1 AND b.name = $2 ORDER BY r.id LIMIT 1")
        .bind(grid)
        .bind(building)
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap()
}

async fn get_text(c: &Client, t: &TestApp, path: &str) -> (StatusCode, String) {
    let r = c.get(t.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post_form(c: &Client, t: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = c.post(t.url(path)).form(form).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// All cells of an XLSX's sheets and shared strings, as one text.
fn xlsx_text(bytes: Vec<u8>) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut out = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().unwrap().ends_with(".xml") {
            f.read_to_string(&mut out).unwrap();
        }
    }
    out
}

/// Every value of every column of every row of `table`, as text (the raw-table check).
async fn dump(t: &TestApp, table: &str) -> String {
    let pool = &t.app.db.pool;
    let names: Vec<String> = if t.database_url.starts_with("sqlite") {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT name FROM pragma_table_info('{table}')"))).fetch_all(pool).await.unwrap()
    } else {
        sqlx::query_scalar("SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()").bind(table).fetch_all(pool).await.unwrap()
    };
    assert!(!names.is_empty(), "{table} has columns");
    let cols: Vec<String> = names.iter().map(|n| format!("CAST({n} AS TEXT)")).collect();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {} FROM {table}", cols.join(", ")))).fetch_all(pool).await.unwrap();
    let mut out = String::new();
    for r in &rows {
        for i in 0..r.len() {
            out.push_str(&r.try_get::<Option<String>, _>(i).unwrap().unwrap_or_default());
            out.push('|');
        }
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn a_grid_worker_reaches_no_resident_of_another_grid() {
    let t = spawn().await;
    let g1 = t.org_id(GRID1).await;
    let g2 = t.org_id(GRID2).await;
    let other = register(&t, DIRECTOR, body(g2, "演示·孙测乙", &id_number(301), "13607510301", "8栋", "1单元101")).await;
    let own = demo_resident(&t, GRID1, "2栋").await;
    let token = t.token(WORKER).await;

    // JSON list: only the worker's grid, and never the other grid's resident.
    let (s, v) = t.get_json(&token, "/api/v1/grid/residents?limit=1000").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["grid"] == "西联社区第一网格"), "{v}");
    assert!(items.iter().all(|i| i["id"].as_i64() != Some(other)));
    // Filtering by the other grid's name finds nothing, nor does the exact ID search.
    let (_, v) = t.get_json(&token, &format!("/api/v1/grid/residents?f_id_number={}", id_number(301))).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v}");
    // API detail and create in the other grid.
    let (s, _) = t.get_json(&token, &format!("/api/v1/grid/residents/{other}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = t.post_json(&token, "/api/v1/grid/residents", body(g2, "演示·孙测丙", &id_number(302), "", "8栋", "1单元102")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(t.count("SELECT COUNT(*) FROM grid_resident WHERE name = '演示·孙测丙'").await, 0);

    // Pages: list, detail, reveal, edit, move (both ways), grid page.
    let (c, csrf) = t.console(WORKER).await;
    let (s, html) = get_text(&c, &t, "/console/grid/residents").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("西联社区第一网格") && !html.contains("演示·孙测乙") && !html.contains("西联社区第二网格</td>"));
    let (s, html) = get_text(&c, &t, "/console/lists/grid_residents?f_name=%E5%AD%99%E6%B5%8B%E4%B9%99").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("演示·孙测乙"));
    assert_eq!(get_text(&c, &t, &format!("/console/grid/residents/{other}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(get_text(&c, &t, &format!("/console/grid/residents/{other}/edit")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post_form(&c, &t, &format!("/console/grid/residents/{other}/reveal"), &[("_csrf", &csrf)]).await.0, StatusCode::FORBIDDEN);
    let (s, _) = post_form(&c, &t, &format!("/console/grid/residents/{other}/edit"), &[("_csrf", &csrf), ("name", "改名"), ("relation", "02"), ("residence", "registered")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let g1s = g1.to_string();
    let (s, _) = post_form(&c, &t, &format!("/console/grid/residents/{other}/move"), &[("_csrf", &csrf), ("grid_id", &g1s), ("building", "1栋"), ("door", "1单元909")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let g2s = g2.to_string();
    let (s, _) = post_form(&c, &t, &format!("/console/grid/residents/{own}/move"), &[("_csrf", &csrf), ("grid_id", &g2s), ("building", "8栋"), ("door", "1单元909")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(get_text(&c, &t, &format!("/console/grid/grids/{g2}")).await.0, StatusCode::FORBIDDEN);
    let other_name: String = sqlx::query_scalar("SELECT name FROM grid_resident WHERE id = $1").bind(other).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(other_name, "演示·孙测乙");
    let unmasks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record WHERE action = 'unmask' AND entity_id = $1").bind(other.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(unmasks, 0);

    // Export: only the worker's grid.
    let r = c.get(t.url("/console/lists/grid_residents/export")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = xlsx_text(r.bytes().await.unwrap().to_vec());
    assert!(text.contains("西联社区第一网格") && !text.contains("西联社区第二网格") && !text.contains("演示·孙测乙"));
}

#[tokio::test]
async fn a_building_steward_sees_only_their_building_and_cannot_edit_or_unmask() {
    let t = spawn().await;
    let token = t.token(STEWARD).await;
    let (s, v) = t.get_json(&token, "/api/v1/grid/residents?limit=1000").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty(), "the steward's building has residents");
    assert!(items.iter().all(|i| i["building"] == "1栋" && i["grid"] == "西联社区第一网格"), "{v}");
    let mine = demo_resident(&t, GRID1, "1栋").await;
    let next_door = demo_resident(&t, GRID1, "2栋").await;
    assert_eq!(t.get_json(&token, &format!("/api/v1/grid/residents/{mine}")).await.0, StatusCode::OK);
    assert_eq!(t.get_json(&token, &format!("/api/v1/grid/residents/{next_door}")).await.0, StatusCode::FORBIDDEN);
    let g1 = t.org_id(GRID1).await;
    let (s, _) = t.post_json(&token, "/api/v1/grid/residents", body(g1, "演示·钱测丁", &id_number(401), "", "1栋", "1单元909")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (c, csrf) = t.console(STEWARD).await;
    let (s, html) = get_text(&c, &t, "/console/grid/residents").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<td data-label=\"楼栋\">1栋</td>") && !html.contains("<td data-label=\"楼栋\">2栋</td>"), "only 1栋");
    assert!(!html.contains("登记居民</a>"));
    let (s, html) = get_text(&c, &t, &format!("/console/grid/residents/{mine}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("显示完整信息") && !html.contains("/edit\""));
    assert_eq!(get_text(&c, &t, &format!("/console/grid/residents/{next_door}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(get_text(&c, &t, &format!("/console/grid/residents/{mine}/edit")).await.0, StatusCode::FORBIDDEN);
    let (s, _) = post_form(&c, &t, &format!("/console/grid/residents/{mine}/edit"), &[("_csrf", &csrf), ("name", "改名"), ("relation", "02"), ("residence", "registered")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(post_form(&c, &t, &format!("/console/grid/residents/{mine}/reveal"), &[("_csrf", &csrf)]).await.0, StatusCode::FORBIDDEN);
    // The grid page shows only their building.
    let (s, html) = get_text(&c, &t, &format!("/console/grid/grids/{g1}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(">1栋</a>") && !html.contains(">2栋</a>") && !html.contains("新增楼栋"));
}

#[tokio::test]
async fn no_plaintext_id_or_phone_anywhere_and_the_reveal_is_audited() {
    let t = spawn_with(|c| c.export_inline_rows = 1).await;
    let g1 = t.org_id(GRID1).await;
    let id = id_number(501);
    let phone = "13607510501";
    let rid = register(&t, WORKER, body(g1, "演示·周测戊", &id, phone, "3栋", "2单元301")).await;
    // An edit of the phone and a background export (a job row) before looking.
    let (c, csrf) = t.console(WORKER).await;
    let (s, _) = post_form(&c, &t, &format!("/console/grid/residents/{rid}/edit"), &[("_csrf", &csrf), ("name", "演示·周测戊"), ("phone", "13607510502"), ("relation", "02"), ("residence", "registered"), ("sanitation_attention", "key"), ("sanitation_note", "门前堆放杂物")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let r = c.get(t.url("/console/lists/grid_residents/export")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "export becomes a job");
    assert!(fazhi::platform::jobs::run_one(&t.app, "test").await.unwrap());
    let job: i64 = sqlx::query_scalar("SELECT MAX(id) FROM job").fetch_one(&t.app.db.pool).await.unwrap();
    let r = c.get(t.url(&format!("/console/jobs/{job}/download"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = xlsx_text(r.bytes().await.unwrap().to_vec());
    assert!(text.contains("演示·周测戊") && text.contains(&format!("{}********{}", &id[..6], &id[14..])) && text.contains("136****0502"), "masked in the export");
    assert!(!text.contains(&id) && !text.contains("13607510502") && !text.contains("2单元301"));

    for table in ["grid_resident", "grid_household", "grid_residence", "audit_record", "job"] {
        let raw = dump(&t, table).await;
        for secret in [id.as_str(), phone, "13607510502", "2单元301"] {
            assert!(!raw.contains(secret), "{table} holds {secret} in clear");
        }
    }
    // The pages show it masked.
    let (_, html) = get_text(&c, &t, &format!("/console/grid/residents/{rid}")).await;
    assert!(html.contains(&format!("{}********{}", &id[..6], &id[14..])) && html.contains("136****0502") && !html.contains(&id) && !html.contains("13607510502"));
    let (_, html) = get_text(&c, &t, "/console/grid/residents?f_name=%E5%91%A8%E6%B5%8B%E6%88%8A").await;
    assert!(html.contains("演示·周测戊") && !html.contains(&id));
    // The API too.
    let token = t.token(WORKER).await;
    let (_, v) = t.get_json(&token, &format!("/api/v1/grid/residents/{rid}")).await;
    assert!(!v.to_string().contains(&id) && v["phone"] == "136****0502", "{v}");

    // Reveal: in full, audited.
    let (s, html) = post_form(&c, &t, &format!("/console/grid/residents/{rid}/reveal"), &[("_csrf", &csrf)]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&id) && html.contains("13607510502") && html.contains("2单元301"));
    let audited: Vec<String> = sqlx::query_scalar("SELECT after_json FROM audit_record WHERE action = 'unmask' AND entity = 'grid_resident' AND entity_id = $1")
        .bind(rid.to_string())
        .fetch_all(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited.len(), 3, "{audited:?}");
    assert!(audited.iter().any(|a| a.contains("id_number")) && audited.iter().all(|a| !a.contains(&id)));
    // The steward may not (not their building, and no unmask permission at all).
    let (sc, scsrf) = t.console(STEWARD).await;
    let mine = demo_resident(&t, GRID1, "1栋").await;
    assert_eq!(post_form(&sc, &t, &format!("/console/grid/residents/{mine}/reveal"), &[("_csrf", &scsrf)]).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn duplicate_or_bad_id_numbers_are_refused_naming_the_field() {
    let t = spawn().await;
    let g1 = t.org_id(GRID1).await;
    let token = t.token(WORKER).await;
    let id = id_number(601);
    register(&t, WORKER, body(g1, "演示·吴测己", &id, "", "4栋", "1单元101")).await;
    let before = t.count("SELECT COUNT(*) FROM grid_resident").await;
    let audits = t.count("SELECT COUNT(*) FROM audit_record").await;
    let households = t.count("SELECT COUNT(*) FROM grid_household").await;
    let (s, v) = t.post_json(&token, "/api/v1/grid/residents", body(g1, "演示·吴测庚", &id, "", "4栋", "9单元909")).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("身份证号"), "{v}");
    // A bad checksum.
    let mut bad = id_number(602);
    let last = bad.pop().unwrap();
    bad.push(if last == '1' { '2' } else { '1' });
    let (s, v) = t.post_json(&token, "/api/v1/grid/residents", body(g1, "演示·吴测辛", &bad, "", "4栋", "9单元909")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "id_number", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("身份证号"), "{v}");
    // A missing name is named too.
    let (s, v) = t.post_json(&token, "/api/v1/grid/residents", body(g1, "", &id_number(603), "", "4栋", "9单元909")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "name", "{v}");
    assert_eq!(t.count("SELECT COUNT(*) FROM grid_resident").await, before);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_record").await, audits);
    assert_eq!(t.count("SELECT COUNT(*) FROM grid_household").await, households, "nothing written");
    // The form says it too, and keeps the typed 身份证号 out of the page.
    let (c, csrf) = t.console(WORKER).await;
    let g1s = g1.to_string();
    let (s, html) = post_form(&c, &t, "/console/grid/residents", &[("_csrf", &csrf), ("grid_id", &g1s), ("name", "演示·吴测壬"), ("id_number", &id), ("relation", "02"), ("residence", "registered"), ("building", "4栋"), ("door", "9单元909")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("身份证号") && html.contains("role=\"alert\"") && !html.contains(&id));
}

#[tokio::test]
async fn exact_search_by_id_number_and_phone() {
    let t = spawn().await;
    let g1 = t.org_id(GRID1).await;
    let id = id_number(701);
    let rid = register(&t, WORKER, body(g1, "演示·郑测癸", &id, "13607510701", "5栋", "1单元101")).await;
    let token = t.token(WORKER).await;
    for q in [format!("f_id_number={id}"), format!("f_id_number={}", id.to_lowercase()), "f_phone=13607510701".to_string()] {
        let (s, v) = t.get_json(&token, &format!("/api/v1/grid/residents?{q}")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{q}: {v}");
        assert_eq!(items[0]["id"].as_i64(), Some(rid));
    }
    let (s, v) = t.get_json(&token, "/api/v1/grid/residents?f_id_number=44020319850505").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "id_number");
    // The page search says it in Chinese.
    let (c, _) = t.console(WORKER).await;
    let (_, html) = get_text(&c, &t, &format!("/console/grid/residents?f_id_number={id}")).await;
    assert!(html.contains("共 1 人") && html.contains("演示·郑测癸"), "page search");
    let (_, html) = get_text(&c, &t, "/console/grid/residents?f_id_number=123").await;
    assert!(html.contains("id=\"list-error\"") && html.contains("身份证号"));
}

#[tokio::test]
async fn a_move_keeps_the_history() {
    let t = spawn().await;
    let g2 = t.org_id(GRID2).await;
    let rid = demo_resident(&t, GRID1, "3栋").await;
    let (c, csrf) = t.console(DIRECTOR).await;
    let g2s = g2.to_string();
    let today = fazhi::web::pages::today();
    let on = today.to_string();
    let (s, body) = post_form(&c, &t, &format!("/console/grid/residents/{rid}/move"), &[("_csrf", &csrf), ("grid_id", &g2s), ("building", "8栋"), ("door", "3单元502"), ("on", &on)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let rows = sqlx::query("SELECT grid_id, from_date, to_date FROM grid_residence WHERE resident_id = $1 ORDER BY id").bind(rid).fetch_all(&t.app.db.pool).await.unwrap();
    assert_eq!(rows.len(), 2);
    let closed: Option<String> = rows[0].try_get("to_date").unwrap();
    assert_eq!(closed, Some((today - chrono::Duration::days(1)).to_string()));
    let open: Option<String> = rows[1].try_get("to_date").unwrap();
    assert_eq!(open, None);
    assert_eq!(rows[1].try_get::<i64, _>("grid_id").unwrap(), g2);
    let now_in: i64 = sqlx::query_scalar("SELECT grid_id FROM grid_resident WHERE id = $1").bind(rid).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(now_in, g2);
    let (_, html) = get_text(&c, &t, &format!("/console/grid/residents/{rid}")).await;
    assert!(html.contains("西联社区第一网格") && html.contains("西联社区第二网格") && html.contains("至今") && !html.contains("3单元502"));
    // The same household again is refused; the first grid's worker no longer reaches them.
    let (s, _) = post_form(&c, &t, &format!("/console/grid/residents/{rid}/move"), &[("_csrf", &csrf), ("grid_id", &g2s), ("building", "8栋"), ("door", "3单元 502"), ("on", &on)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let token = t.token(WORKER).await;
    assert_eq!(t.get_json(&token, &format!("/api/v1/grid/residents/{rid}")).await.0, StatusCode::FORBIDDEN);
    let moves: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record WHERE action IN ('move', 'move_out') AND entity_id = $1").bind(rid.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(moves, 2, "audited in both grids' chain");
}


