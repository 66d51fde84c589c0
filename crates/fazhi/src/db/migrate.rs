//! One migration set for both backends. Each step has portable SQL plus an
//! optional per-dialect part; `{{PK}}` expands to the dialect's serial key.
use sqlx::Executor;

use super::{Db, Dialect, now_text};

struct Step {
    version: i64,
    name: &'static str,
    common: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const STEPS: &[Step] = &[
    Step {
        version: 1,
        name: "platform",
        common: include_str!("migrations/0001_platform.sql"),
        sqlite: include_str!("migrations/0001_platform.sqlite.sql"),
        postgres: include_str!("migrations/0001_platform.postgres.sql"),
    },
    Step { version: 2, name: "jobs", common: include_str!("migrations/0002_jobs.sql"), sqlite: "", postgres: "" },
    Step { version: 3, name: "disclosure_publication", common: include_str!("migrations/0003_disclosure_publication.sql"), sqlite: "", postgres: "" },
    Step { version: 4, name: "disclosure_requests", common: include_str!("migrations/0004_disclosure_requests.sql"), sqlite: "", postgres: "" },
    Step { version: 5, name: "disclosure_annual_report", common: include_str!("migrations/0005_disclosure_annual_report.sql"), sqlite: "", postgres: "" },
    Step { version: 6, name: "disclosure_indexes", common: include_str!("migrations/0006_disclosure_indexes.sql"), sqlite: "", postgres: "" },
    Step { version: 7, name: "legal_review", common: include_str!("migrations/0007_legal_review.sql"), sqlite: "", postgres: "" },
    Step { version: 8, name: "meeting", common: include_str!("migrations/0008_meeting.sql"), sqlite: "", postgres: "" },
    Step { version: 9, name: "major_decision", common: include_str!("migrations/0009_major_decision.sql"), sqlite: "", postgres: "" },
    Step { version: 10, name: "grid", common: include_str!("migrations/0010_grid.sql"), sqlite: "", postgres: "" },
    Step { version: 11, name: "mediation", common: include_str!("migrations/0011_mediation.sql"), sqlite: "", postgres: "" },
    Step {
        version: 12,
        name: "grid_resident_index",
        common: include_str!("migrations/0012_grid_resident_index.sql"),
        sqlite: include_str!("migrations/0012_grid_resident_index.sqlite.sql"),
        postgres: "",
    },
    Step { version: 13, name: "grid_resident_list_name", common: include_str!("migrations/0013_grid_resident_list_name.sql"), sqlite: "", postgres: "" },
];

fn expand(sql: &str, d: Dialect) -> String {
    let pk = match d {
        Dialect::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Dialect::Postgres => "BIGSERIAL PRIMARY KEY",
    };
    sql.replace("{{PK}}", pk)
}

/// Applies pending steps, each in its own transaction. On PostgreSQL an
/// advisory lock lets several app servers start at once safely.
pub async fn migrate(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    if db.dialect == Dialect::Postgres {
        conn.execute("SELECT pg_advisory_lock(727274)").await?;
    }
    let result = async {
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            .await?;
        let done: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migration").fetch_all(&mut *conn).await?;
        let mut applied = Vec::new();
        for step in STEPS.iter().filter(|s| !done.contains(&s.version)) {
            let mut sql = expand(step.common, db.dialect);
            sql.push('\n');
            sql.push_str(&expand(if db.dialect == Dialect::Sqlite { step.sqlite } else { step.postgres }, db.dialect));
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(step.version)
                .bind(step.name)
                .bind(now_text())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            applied.push(step.version);
        }
        Ok::<_, sqlx::Error>(applied)
    }
    .await;
    if db.dialect == Dialect::Postgres {
        conn.execute("SELECT pg_advisory_unlock(727274)").await?;
    }
    result
}
