//! Storage: one pool over SQLite or PostgreSQL, chosen by URL. Queries are
//! portable SQL with `$n` placeholders (both drivers accept them); the few
//! places that differ (full-text search, row locks) branch on `Dialect`.
mod migrate;
mod time;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use migrate::migrate;
pub use time::{now, now_text, parse_instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
    /// SQLite allows one writer; taking this before BEGIN avoids SQLITE_BUSY on
    /// lock upgrade. PostgreSQL needs no such gate (row locks do the work).
    write_gate: Option<Arc<Mutex<()>>>,
}

/// A write transaction. Dropped without `commit`, it rolls back.
pub struct WriteTx {
    pub tx: Transaction<'static, Any>,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Transaction<'static, Any>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}
impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("postgres") {
            Dialect::Postgres
        } else if url.starts_with("sqlite") {
            Dialect::Sqlite
        } else {
            return Err(sqlx::Error::Configuration("数据库地址应以 sqlite:// 或 postgres:// 开头".into()));
        };
        let opts = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        // mmap: page reads come from the shared OS cache instead of a read()
                        // per page into each connection's small cache (measured in BENCHMARKS.md).
                        conn.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA mmap_size=268435456;")
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool = opts.connect(url).await?;
        let write_gate = (dialect == Dialect::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Db { pool, dialect, write_gate })
    }

    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let gate = match &self.write_gate {
            Some(m) => Some(m.clone().lock_owned().await),
            None => None,
        };
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _gate: gate })
    }

    /// ` FOR UPDATE` where the backend has row locks; SQLite's writer gate already serializes.
    pub fn for_update(&self) -> &'static str {
        match self.dialect {
            Dialect::Postgres => " FOR UPDATE",
            Dialect::Sqlite => "",
        }
    }
}

/// Reads a column by name with a clear error (Any rows are untyped until read).
pub fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    sqlx::Row::try_get(row, name)
}

/// Reads a boolean column portably: PostgreSQL returns `bool`, SQLite an
/// integer (the Any driver does not map SQLite's BOOLEAN affinity).
pub fn flag(row: &AnyRow, name: &str) -> Result<bool, sqlx::Error> {
    if let Ok(b) = sqlx::Row::try_get::<bool, _>(row, name) {
        return Ok(b);
    }
    if let Ok(n) = sqlx::Row::try_get::<i64, _>(row, name) {
        return Ok(n != 0);
    }
    sqlx::Row::try_get::<i32, _>(row, name).map(|n| n != 0)
}
