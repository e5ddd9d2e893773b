//! Connecting to SQLite (the embedded default) or PostgreSQL, and running transactions.

use crate::error::DomainError;
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/kinoguard.db?mode=rwc";

/// Opens a pool. For SQLite the file's folder is created, WAL is on (readers never wait
/// for the writer) and foreign keys are enforced.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, None).await
}

/// Like [`connect`], with a PostgreSQL schema to work in (tests use one per run).
pub async fn connect_with(url: &str, pg_schema: Option<&str>) -> Result<DatabaseConnection, DbErr> {
    if let Some(dir) = sqlite_file(url).and_then(|p| std::path::Path::new(p).parent())
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(16)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        })
        .map_sqlx_sqlite_pool_opts(|o| {
            o.after_connect(|conn, _| Box::pin(sqlite_plan::keep_plans_across_bindings(conn)))
        })
        // A connection left idle inside a transaction holds its locks; end it.
        .map_sqlx_postgres_opts(|o| o.options([("idle_in_transaction_session_timeout", "60s")]));
    if let Some(schema) = pg_schema {
        options.set_schema_search_path(schema.to_owned());
    }
    Database::connect(options).await
}

/// Runs `work` in a transaction: committed when it succeeds, rolled back at once when it
/// fails. (A transaction merely dropped is rolled back lazily, and meanwhile its pooled
/// connection sits idle in transaction, holding its locks.)
///
/// On SQLite the transaction is `BEGIN IMMEDIATE`: our transactions read before they
/// write, and a deferred one whose snapshot another writer has moved past fails at its
/// first write with "database is locked" at once, without waiting for the busy timeout.
/// Taking the write lock up front makes it wait its turn instead.
pub async fn transaction<T, F>(db: &DatabaseConnection, work: F) -> Result<T, DomainError>
where
    F: for<'c> FnOnce(
            &'c DatabaseTransaction,
        ) -> Pin<Box<dyn Future<Output = Result<T, DomainError>> + Send + 'c>>
        + Send,
    T: Send,
{
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    match work(&txn).await {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rolling back a failed transaction");
            }
            Err(e)
        }
    }
}

/// SQLite's query planner stability guarantee, on every pooled connection.
mod sqlite_plan {
    use sea_orm::sqlx::sqlite::SqliteConnection;

    /// SQLite marks a cached statement stale whenever a new value is bound to a parameter
    /// its plan looked at, and compiles it again on the next step. SeaORM binds `LIMIT` as
    /// a parameter (every `.one()` is `LIMIT ?`), and SQLite 3.5x looks at that value, so
    /// every such query was compiled anew on every run: about 235 000 instructions, more
    /// than rendering a whole page. With the guarantee on, a statement keeps the plan it
    /// was compiled with; none of ours depends on the bound values (no `ANALYZE`
    /// statistics, no `LIKE` prefix searches), so no plan gets worse.
    pub(super) async fn keep_plans_across_bindings(
        conn: &mut SqliteConnection,
    ) -> Result<(), sea_orm::sqlx::Error> {
        if planner_stability(conn, 1).await? {
            Ok(())
        } else {
            Err(sea_orm::sqlx::Error::Protocol(
                "SQLite refused its query planner stability guarantee".into(),
            ))
        }
    }

    /// Whether the guarantee is on for `conn` (for the tests).
    #[cfg(feature = "testing")]
    pub async fn keeps_plans_across_bindings(
        conn: &mut SqliteConnection,
    ) -> Result<bool, sea_orm::sqlx::Error> {
        planner_stability(conn, -1).await
    }

    /// `SQLITE_DBCONFIG_ENABLE_QPSG`: 1 turns it on, 0 off, -1 leaves it; answers whether it
    /// is on afterwards.
    async fn planner_stability(
        conn: &mut SqliteConnection,
        set: i32,
    ) -> Result<bool, sea_orm::sqlx::Error> {
        let mut handle = conn.lock_handle().await?;
        let db = handle.as_raw_handle().as_ptr();
        let mut on: i32 = 0;
        // SAFETY: the locked handle keeps the connection's worker thread off this database
        // while the call runs, and the pointer is the live connection it locked. This
        // option takes an int and an `int*` that receives the setting.
        let rc = unsafe {
            libsqlite3_sys::sqlite3_db_config(
                db,
                libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
                set,
                &mut on as *mut i32,
            )
        };
        if rc != libsqlite3_sys::SQLITE_OK {
            return Err(sea_orm::sqlx::Error::Protocol(format!(
                "SQLite's query planner stability setting failed ({rc})"
            )));
        }
        Ok(on == 1)
    }
}

#[cfg(feature = "testing")]
pub use sqlite_plan::keeps_plans_across_bindings;

/// The file behind an `sqlite:` URL, if it names one.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_file("sqlite://data/k.db?mode=rwc"),
            Some("data/k.db")
        );
        assert_eq!(sqlite_file("sqlite:///tmp/k.db"), Some("/tmp/k.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/test"), None);
    }
}
