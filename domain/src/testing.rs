//! Databases for tests: every test gets a fresh SQLite file and, when PostgreSQL is
//! reachable, a fresh PostgreSQL schema, both migrated and both removed afterwards.
//!
//! `KINOGUARD_TEST_POSTGRES_URL` names the server (default: the local `test` database).
//! Under `CI=true` an unreachable server fails the test; elsewhere it is skipped and
//! `make test` says so.

use crate::Services;
use crate::geo::GeoIp;
use crate::password::PasswordHasher;
use crate::sessions::SessionPolicy;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub struct TestDb {
    pub label: &'static str,
    pub url: String,
    pub db: DatabaseConnection,
    /// This database's live events, shared by every `services()`: one server instance.
    pub live: crate::live::LiveHub,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDb {
    /// Services over this database with a cheap hasher pool.
    pub fn services(&self) -> Services {
        Services {
            db: self.db.clone(),
            hasher: shared_hasher(),
            policy: SessionPolicy::default(),
            geo: shared_geo(),
            live: self.live.clone(),
        }
    }

    /// The database's address for another process (`kinoguard` run by a test): on
    /// PostgreSQL it names the test's schema itself.
    pub fn process_url(&self) -> String {
        match &self.cleanup {
            Cleanup::Sqlite(_) => self.url.clone(),
            Cleanup::Postgres { schema, .. } => {
                format!("{}&options[search_path]={schema}", self.url)
            }
        }
    }

    /// Another pool on the same database, as another process opens it.
    pub async fn connect(&self) -> DatabaseConnection {
        let db = match &self.cleanup {
            Cleanup::Sqlite(_) => crate::db::connect(&self.url).await,
            Cleanup::Postgres { schema, .. } => {
                crate::db::connect_with(&self.url, Some(schema)).await
            }
        };
        within(STEP_LIMIT, "the database to open again", async { db })
            .await
            .expect("open the database again")
    }

    /// A second server instance on the same database: its own pool and its own live hub.
    pub async fn another_instance(&self) -> Services {
        let db = self.connect().await;
        let live = crate::live::LiveHub::start(&db)
            .await
            .expect("start the live hub");
        Services {
            db,
            hasher: shared_hasher(),
            policy: SessionPolicy::default(),
            geo: shared_geo(),
            live,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, schema } = &self.cleanup {
            let (admin_url, schema) = (admin_url.clone(), schema.clone());
            // Drop runs inside the test's runtime; use a thread with its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    if let Ok(db) = Database::connect(&admin_url).await {
                        let _ = db
                            .execute_unprepared(&format!(
                                "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"
                            ))
                            .await;
                        let _ = db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// How long one step of a test (a request, opening a database) may take before the test
/// fails. Every step here takes milliseconds; a minute means it is waiting for something
/// that will never come.
pub const STEP_LIMIT: Duration = Duration::from_secs(60);

/// Awaits `work`, or fails the test that called it — by name, saying what it was waiting
/// for — once `limit` has passed. A hang then costs one test a minute, not the whole run.
///
/// The test's name is taken when `within` is called, so a step spawned onto another task
/// still reports the test that started it.
pub fn within<F: Future>(
    limit: Duration,
    what: impl std::fmt::Display,
    work: F,
) -> impl Future<Output = F::Output> {
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let what = what.to_string();
    async move {
        match tokio::time::timeout(limit, work).await {
            Ok(value) => value,
            Err(_) => panic!(
                "{test}: still waiting for {what} after {} s",
                limit.as_secs()
            ),
        }
    }
}

/// Runs one test's work on one database, failing the test — by its name and the
/// database's — if it is still running after [`STEP_LIMIT`]. A query that waits on a lock
/// fails sooner, with its statement: see [`postgres`] and `db::connect` (busy timeout).
pub async fn on<F: Future>(t: &TestDb, work: F) -> F::Output {
    within(STEP_LIMIT, format!("its work on {}", t.label), work).await
}

/// The geo-IP database fetched by `scripts/fetch-geoip.sh` (`KINOGUARD_GEOIP_DB`, default
/// `data/geoip` at the workspace root), opened once per test binary.
pub fn shared_geo() -> Arc<GeoIp> {
    static GEO: std::sync::OnceLock<Arc<GeoIp>> = std::sync::OnceLock::new();
    GEO.get_or_init(|| Arc::new(GeoIp::open(&geoip_path())))
        .clone()
}

pub fn geoip_path() -> std::path::PathBuf {
    std::env::var_os("KINOGUARD_GEOIP_DB")
        .map(Into::into)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/geoip"))
}

/// One hasher for the whole test binary: building one hashes a dummy password.
fn shared_hasher() -> PasswordHasher {
    static HASHER: std::sync::OnceLock<PasswordHasher> = std::sync::OnceLock::new();
    HASHER
        .get_or_init(|| PasswordHasher::with_concurrency(4))
        .clone()
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("kinoguard.db").display()
    );
    let db = within(STEP_LIMIT, "SQLite to open", crate::db::connect(&url))
        .await
        .expect("open SQLite");
    within(STEP_LIMIT, "SQLite migrations", crate::migrate::run(&db))
        .await
        .expect("migrate SQLite");
    let live = within(STEP_LIMIT, "the live hub", crate::live::LiveHub::start(&db))
        .await
        .expect("start the live hub");
    TestDb {
        label: "sqlite",
        url,
        db,
        live,
        cleanup: Cleanup::Sqlite(dir),
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A migrated, empty schema of its own on the PostgreSQL server, or `None` when the
/// server is unreachable outside CI.
pub async fn postgres() -> Option<TestDb> {
    let t = postgres_unmigrated().await?;
    within(
        STEP_LIMIT,
        "PostgreSQL migrations",
        crate::migrate::run(&t.db),
    )
    .await
    .expect("migrate PostgreSQL");
    Some(t)
}

/// Like [`postgres`], before any migration: a new database as an operator first starts
/// on it.
pub async fn postgres_unmigrated() -> Option<TestDb> {
    let admin_url = std::env::var("KINOGUARD_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into());
    let admin =
        match tokio::time::timeout(Duration::from_secs(5), Database::connect(&admin_url)).await {
            Ok(Ok(db)) => db,
            failure => {
                let why = match failure {
                    Ok(Err(e)) => e.to_string(),
                    Err(_) => "timed out".into(),
                    Ok(Ok(_)) => unreachable!(),
                };
                if in_ci() {
                    panic!("PostgreSQL at {admin_url} is unreachable ({why}); CI requires it");
                }
                eprintln!("skipping PostgreSQL: {admin_url} is unreachable ({why})");
                return None;
            }
        };
    let schema = format!("kg_test_{}", crate::token::generate().hash[..16].to_owned());
    within(
        STEP_LIMIT,
        "PostgreSQL to create a test schema",
        admin.execute_unprepared(&format!("CREATE SCHEMA \"{schema}\"")),
    )
    .await
    .expect("create test schema");
    let _ = admin.close().await;
    // A statement stuck behind a lock fails with its own error instead of waiting for
    // the test's limit, so the failure says which query was waiting.
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    let test_url =
        format!("{admin_url}{separator}options[lock_timeout]=20s&options[statement_timeout]=30s");
    let db = within(
        STEP_LIMIT,
        "PostgreSQL to open the test schema",
        crate::db::connect_with(&test_url, Some(&schema)),
    )
    .await
    .expect("connect to test schema");
    let live = within(STEP_LIMIT, "the live hub", crate::live::LiveHub::start(&db))
        .await
        .expect("start the live hub");
    Some(TestDb {
        label: "postgres",
        url: test_url,
        db,
        live,
        cleanup: Cleanup::Postgres { admin_url, schema },
    })
}

/// A fresh database on the backend a benchmark was asked for: `sqlite` or `postgres`.
pub async fn named(backend: &str) -> TestDb {
    match backend {
        "sqlite" => sqlite().await,
        "postgres" => postgres().await.expect("PostgreSQL is unreachable"),
        other => panic!("unknown backend {other}: use sqlite or postgres"),
    }
}

/// SQLite, and PostgreSQL when available.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    dbs.extend(postgres().await);
    dbs
}
