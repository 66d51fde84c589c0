//! 导入居民信息: the per-row report, "all or nothing", valid rows only,
//! re-import without duplicates, junk files, and who may import where.
//! Through the console upload and the job where it is the user's path;
//! through the service for junk and scope.
use fazhi::grid::import::{self, NewImport};
use fazhi::platform::jobs;
use fazhi_core::grid::resident::ImportMode;
use reqwest::StatusCode;

use crate::support::{TestApp, spawn};

const GRID: &str = "440203103-01-01";

async fn counts(t: &TestApp) -> (i64, i64, i64, i64) {
    (
        t.count("SELECT COUNT(*) FROM grid_resident").await,
        t.count("SELECT COUNT(*) FROM grid_household").await,
        t.count("SELECT COUNT(*) FROM grid_building").await,
        t.count("SELECT COUNT(*) FROM grid_residence").await,
    )
}

/// A multipart body by hand (the test client has no multipart feature).
fn multipart(fields: &[(&str, &str)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----fazhi-test-boundary-7d3a";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"居民信息.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads through the console page, runs the queued job, returns the import id.
async fn upload(t: &TestApp, c: &reqwest::Client, csrf: &str, grid_id: i64, mode: &str, file: &[u8]) -> i64 {
    let (ct, body) = multipart(&[("grid_id", &grid_id.to_string()), ("mode", mode)], file);
    let r = c.post(t.url(&format!("/console/grid/import?_csrf={csrf}"))).header("content-type", ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    assert!(jobs::run_one(&t.app, "test").await.unwrap(), "the import job ran");
    id
}

async fn import_row(t: &TestApp, id: i64) -> (String, i64, i64, i64, i64) {
    let r = sqlx::query_as::<_, (String, i64, i64, i64, i64)>("SELECT status, rows_total, rows_inserted, rows_registered, rows_bad FROM grid_import WHERE id = $1")
        .bind(id)
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    r
}

#[tokio::test]
async fn grid_import_reports_bad_rows_and_honours_the_mode() {
    let t = spawn().await;
    let grid_id = t.org_id(GRID).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.xlsx");
    // 40 rows under the header and note rows; rows 10, 20, 30, 40 (sheet rows 12, 22, 32, 42) are wrong in the four ways.
    let s = import::write_sample(&path, 40, 4).unwrap();
    assert_eq!(s.bad, 4);
    let file = std::fs::read(&path).unwrap();
    let (c, csrf) = t.console("xilian-grid").await;

    // The page and the template.
    let page = c.get(t.url("/console/grid/import")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("全部正确才导入") && page.contains("西联社区第一网格"), "{page}");
    let tpl = c.get(t.url("/console/grid/import/template.xlsx")).send().await.unwrap();
    assert_eq!(tpl.status(), StatusCode::OK);
    let tpl_path = dir.path().join("t.xlsx");
    std::fs::write(&tpl_path, tpl.bytes().await.unwrap()).unwrap();
    let mut wb = fazhi::grid::xlsx_read::open(&tpl_path).unwrap();
    let mut rows = wb.rows().unwrap();
    let header = rows.next_row().unwrap().unwrap();
    assert_eq!(header.cells[2], "身份证号");

    // All or nothing: a precise report, and nothing written.
    let before = counts(&t).await;
    let id = upload(&t, &c, &csrf, grid_id, "all_or_nothing", &file).await;
    assert_eq!(counts(&t).await, before, "all-or-nothing wrote nothing");
    assert_eq!(import_row(&t, id).await, ("refused".into(), 40, 0, 0, 4));
    let html = c.get(t.url(&format!("/console/grid/import/{id}"))).send().await.unwrap().text().await.unwrap();
    for line in [
        "第 12 行「身份证号」：身份证号码校验位错误，请核对号码",
        "第 22 行「姓名」：「姓名」不能为空",
        "第 32 行「身份证号」：与第 3 行的身份证号重复，同一居民只能登记一次",
        "第 42 行「流入日期」：「2021-13-45」不是有效日期，请按 2021-03-01 的格式填写",
        "本次未导入任何记录",
    ] {
        assert!(html.contains(line), "missing {line}: {html}");
    }
    // The bad rows as XLSX, with their reasons.
    let r = c.get(t.url(&format!("/console/grid/import/{id}/errors.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bad_path = dir.path().join("bad.xlsx");
    std::fs::write(&bad_path, r.bytes().await.unwrap()).unwrap();
    let mut wb = fazhi::grid::xlsx_read::open(&bad_path).unwrap();
    let mut rows = wb.rows().unwrap();
    let mut n = 0;
    let mut reasons = String::new();
    while let Some(r) = rows.next_row().unwrap() {
        n += 1;
        reasons.push_str(r.cells.last().unwrap());
    }
    assert_eq!(n, 5, "header + 4 bad rows");
    assert!(reasons.contains("校验位错误") && reasons.contains("不能为空"), "{reasons}");

    // Valid rows only: exactly the 36 valid rows go in.
    let id = upload(&t, &c, &csrf, grid_id, "valid_rows_only", &file).await;
    assert_eq!(import_row(&t, id).await, ("done".into(), 40, 36, 0, 4));
    let after = counts(&t).await;
    assert_eq!(after.0, before.0 + 36);
    assert_eq!(after.3, before.3 + 36, "each new resident has a residence row");
    // The file's buildings and doors may already exist in the demo register: found, not duplicated.
    assert!(after.1 >= before.1 && after.2 >= before.2);
    let households: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT household_id) FROM grid_resident WHERE import_id = $1").bind(id).fetch_one(&t.app.db.pool).await.unwrap();
    assert!(households > 0);
    let in_grid: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_resident WHERE import_id = $1 AND grid_id = $2").bind(id).bind(grid_id).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(in_grid, 36);
    // No ID number in clear in the register.
    let id_numbers: Vec<String> = (0..40).map(|i| fazhi_core::personal::IdNumber::synthesize("440203", chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(), i).as_str().to_string()).collect();
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id_enc, id_idx FROM grid_resident WHERE import_id = $1").bind(id).fetch_all(&t.app.db.pool).await.unwrap();
    for (enc, idx) in rows {
        assert!(id_numbers.iter().all(|n| !enc.contains(&n[..17]) && !idx.contains(&n[..17])));
    }
    // One audited import record with the counts.
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_record WHERE entity = 'grid_import' AND entity_id = $1 AND action = 'import'")
        .bind(id.to_string())
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // The same file again adds nothing.
    let id = upload(&t, &c, &csrf, grid_id, "valid_rows_only", &file).await;
    assert_eq!(import_row(&t, id).await, ("done".into(), 40, 0, 36, 4));
    assert_eq!(counts(&t).await, after);
    let html = c.get(t.url("/console/grid/import")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("已导入") && html.contains("居民信息.xlsx"), "{html}");
}

async fn service_import(t: &TestApp, user: &str, grid: &str, path: &std::path::Path) -> Result<import::Outcome, String> {
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(user).fetch_one(&t.app.db.pool).await.unwrap();
    let actor = fazhi::kernel::load_actor(&t.app, uid).await.unwrap().unwrap();
    let grid_id = t.org_id(grid).await;
    let new = NewImport { grid_id, mode: ImportMode::ValidRowsOnly, file_name: "x.xlsx", file_path: path, file_sm3: "0", enqueue: false };
    let id = import::create(&t.app, &actor, new).await.map_err(|e| e.message())?;
    import::run(&t.app, id).await.map_err(|e| e.message())
}

#[tokio::test]
async fn grid_import_refuses_junk_files_with_one_clear_error() {
    let t = spawn().await;
    let before = counts(&t).await;
    let dir = tempfile::tempdir().unwrap();
    // 30 MB of random bytes.
    let junk = dir.path().join("junk.xlsx");
    let mut bytes = vec![0u8; 30 << 20];
    for chunk in bytes.chunks_mut(32) {
        chunk.copy_from_slice(&fazhi_crypto::random_bytes::<32>());
    }
    std::fs::write(&junk, &bytes).unwrap();
    let o = service_import(&t, "xilian-grid", GRID, &junk).await.unwrap();
    assert_eq!(o.status, "failed");
    assert!(o.summary.contains("不是有效的 Excel 工作簿"), "{}", o.summary);
    // A zip that is not a workbook (30 MB of random bytes inside).
    let zip_path = dir.path().join("other.xlsx");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    w.start_file("data.bin", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut w, &bytes).unwrap();
    w.finish().unwrap();
    let o = service_import(&t, "xilian-grid", GRID, &zip_path).await.unwrap();
    assert_eq!(o.status, "failed");
    assert!(o.summary.contains("缺少工作簿"), "{}", o.summary);
    // A workbook in another layout.
    let other = dir.path().join("layout.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "名字").unwrap();
    wb.save(&other).unwrap();
    let o = service_import(&t, "xilian-grid", GRID, &other).await.unwrap();
    assert!(o.summary.contains("表头第 1 列应为「序号」"), "{}", o.summary);
    assert_eq!(counts(&t).await, before, "nothing written");
    let failed: i64 = t.count("SELECT COUNT(*) FROM grid_import WHERE status = 'failed'").await;
    assert_eq!(failed, 3);
}

#[tokio::test]
async fn grid_import_only_into_ones_own_grid_and_not_by_a_steward() {
    let t = spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.xlsx");
    import::write_sample(&path, 5, 0).unwrap();
    // Another grid's worker.
    let e = service_import(&t, "xilian-grid", "440203103-02-01", &path).await.unwrap_err();
    assert!(e.contains("权限"), "{e}");
    // A building steward of the grid itself.
    let grid_id = t.org_id(GRID).await;
    let now = fazhi::db::now_text();
    sqlx::query("INSERT INTO app_user (username, display_name, org_id, password_hash, created_at, updated_at) VALUES ('steward-t', '楼栋长甲', $1, 'x', $2, $2)").bind(grid_id).bind(&now).execute(&t.app.db.pool).await.unwrap();
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'steward-t'").fetch_one(&t.app.db.pool).await.unwrap();
    sqlx::query("INSERT INTO role_grant (user_id, role, org_id, created_at) VALUES ($1, 'building_steward', $2, $3)").bind(uid).bind(grid_id).bind(&now).execute(&t.app.db.pool).await.unwrap();
    let e = service_import(&t, "steward-t", GRID, &path).await.unwrap_err();
    assert!(e.contains("权限"), "{e}");
    assert_eq!(t.count("SELECT COUNT(*) FROM grid_import").await, 0);
    assert_eq!(t.count("SELECT COUNT(*) FROM grid_resident").await, counts(&t).await.0);
    // The console refuses another grid too (403 shown on the form).
    let (c, csrf) = t.console("xilian-grid").await;
    let other = t.org_id("440203103-02-01").await;
    let (ct, body) = multipart(&[("grid_id", &other.to_string()), ("mode", "all_or_nothing")], &std::fs::read(&path).unwrap());
    let r = c.post(t.url(&format!("/console/grid/import?_csrf={csrf}"))).header("content-type", ct).body(body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // And the director of the community may import into the grid.
    let o = service_import(&t, "xilian-director", GRID, &path).await.unwrap();
    assert_eq!((o.status, o.inserted), ("done", 5));
}

/// The resident indexes as the schema has them (SQLite), to compare before and after a bulk load.
async fn resident_indexes(t: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'grid_resident' ORDER BY name").fetch_all(&t.app.db.pool).await.unwrap()
}

#[tokio::test]
async fn grid_import_bulk_load_keeps_the_register_whole() {
    let t = spawn().await;
    let sqlite = t.app.db.dialect == fazhi::db::Dialect::Sqlite;
    let indexes = if sqlite { resident_indexes(&t).await } else { Vec::new() };
    let dir = tempfile::tempdir().unwrap();
    // The first 5 residents of the sample, registered by a small (ordinary) import.
    let small = dir.path().join("small.xlsx");
    import::write_sample(&small, 5, 0).unwrap();
    let o = service_import(&t, "xilian-grid", GRID, &small).await.unwrap();
    assert_eq!((o.status, o.inserted), ("done", 5));
    // 10,500 rows (2.5 MB of sheet XML): a bulk load on SQLite; the same 5 are already registered;
    // three rows are wrong (a check digit, a missing name, the last row repeats the first's 身份证号).
    let big = dir.path().join("big.xlsx");
    let s = import::write_sample(&big, 10_500, 3).unwrap();
    assert_eq!(s.bad, 3);
    let wb_bytes = fazhi::grid::xlsx_read::open(&big).unwrap().sheet_bytes();
    assert!(import::bulk_load_pays(wb_bytes, 5 + 306), "the test file is large enough for a bulk load ({wb_bytes} bytes)");
    let before = counts(&t).await;
    let o = service_import(&t, "xilian-grid", GRID, &big).await.unwrap();
    assert_eq!((o.status, o.rows, o.inserted, o.registered, o.bad), ("done", 10_500, 10_492, 5, 3), "{}", o.summary);
    let after = counts(&t).await;
    assert_eq!(after.0, before.0 + 10_492);
    assert_eq!(after.3, before.3 + 10_492, "each new resident has a residence row");
    if sqlite {
        assert_eq!(resident_indexes(&t).await, indexes, "every index is back, as it was");
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as("EXPLAIN QUERY PLAN SELECT id FROM grid_resident WHERE id_idx = 'x'").fetch_all(&t.app.db.pool).await.unwrap();
        assert!(plan.iter().any(|p| p.3.contains("grid_resident_id_idx")), "{plan:?}");
    }
    // The unique index holds: the same person cannot be registered twice.
    let (idx, enc): (String, String) = sqlx::query_as("SELECT id_idx, id_enc FROM grid_resident WHERE import_id IS NOT NULL ORDER BY id DESC LIMIT 1").fetch_one(&t.app.db.pool).await.unwrap();
    let dup = sqlx::query(
        "INSERT INTO grid_resident (grid_id, building_id, household_id, name, id_enc, id_idx, sex, birth_date, relation, residence, items_json, created_at, updated_at) \
         SELECT grid_id, building_id, household_id, name, $1, $2, sex, birth_date, relation, residence, items_json, created_at, updated_at FROM grid_resident WHERE id_idx = $2",
    )
    .bind(&enc)
    .bind(&idx)
    .execute(&t.app.db.pool)
    .await;
    assert!(dup.is_err(), "a second row with the same 身份证号 is refused");
    // The register page counts up to 10,000, then says so.
    let (c, _) = t.console("xilian-grid").await;
    let html = c.get(t.url("/console/grid/residents")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("共 10000+ 人"), "{html}");
    // A search by 身份证号 finds the 8,999th row's resident (through the rebuilt index).
    let token = t.token("xilian-grid").await;
    let id = fazhi_core::personal::IdNumber::synthesize("440203", chrono::NaiveDate::from_ymd_opt(1950, 1, 9).unwrap(), 998).as_str().to_string();
    let (s, v) = t.get_json(&token, &format!("/api/v1/grid/residents?f_id_number={id}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
}
