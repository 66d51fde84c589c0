//! The single write path: a failure half-way leaves nothing behind.
use fazhi::kernel::{Change, Write, load_actor, load_org};
use fazhi_core::access::Permission;

use crate::support::spawn;

#[tokio::test]
async fn a_write_failing_half_way_leaves_no_rows() {
    let t = spawn().await;
    let todos = t.count("SELECT COUNT(*) FROM todo_item").await;
    let audits = t.count("SELECT COUNT(*) FROM audit_record").await;
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-office'").fetch_one(&t.app.db.pool).await.unwrap();
    let actor = load_actor(&t.app, uid).await.unwrap().unwrap();
    let org = load_org(&t.app, t.org_id("440203103").await).await.unwrap();
    let result: Result<(), fazhi::error::AppError> = async {
        let mut w = Write::begin(&t.app, &actor, Permission::TodoAssign, &org).await?;
        sqlx::query("INSERT INTO todo_item (org_id, module, kind, title, status, created_at) VALUES ($1, 'platform', 'assignment', '半截写入', 'open', '2026-01-01')")
            .bind(org.id)
            .execute(w.conn())
            .await?;
        w.record(Change::create("todo_item", 0, &"半截写入"));
        // The second step fails (no such org): the first must not survive.
        sqlx::query("INSERT INTO todo_item (org_id, module, kind, title, status, created_at) VALUES (999999, 'platform', 'assignment', 'x', 'open', '2026-01-01')")
            .execute(w.conn())
            .await?;
        w.commit().await
    }
    .await;
    assert!(result.is_err());
    assert_eq!(t.count("SELECT COUNT(*) FROM todo_item").await, todos);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_record").await, audits);
}

#[tokio::test]
async fn an_unaudited_write_is_refused() {
    let t = spawn().await;
    let uid: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = 'xilian-office'").fetch_one(&t.app.db.pool).await.unwrap();
    let actor = load_actor(&t.app, uid).await.unwrap().unwrap();
    let org = load_org(&t.app, t.org_id("440203103").await).await.unwrap();
    let todos = t.count("SELECT COUNT(*) FROM todo_item").await;
    let mut w = Write::begin(&t.app, &actor, Permission::TodoAssign, &org).await.unwrap();
    sqlx::query("INSERT INTO todo_item (org_id, module, kind, title, status, created_at) VALUES ($1, 'platform', 'assignment', '未审计', 'open', '2026-01-01')")
        .bind(org.id)
        .execute(w.conn())
        .await
        .unwrap();
    assert!(w.commit().await.is_err());
    assert_eq!(t.count("SELECT COUNT(*) FROM todo_item").await, todos);
}
