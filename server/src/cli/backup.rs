//! `kinoguard backup PATH`: a consistent copy of the SQLite database, taken with `VACUUM
//! INTO` in one read transaction, so the server may go on writing meanwhile. The database
//! is copied as it is, unmigrated: a backup taken before an upgrade restores the release
//! it was taken under.

use super::connect;
use crate::config::Config;
use anyhow::{Context, Result, bail};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::path::Path;

pub async fn run(config: &Config, path: &Path) -> Result<()> {
    if path.exists() {
        bail!(
            "{} exists already; choose a new file (a backup never overwrites)",
            path.display()
        );
    }
    let Some(text) = path.to_str() else {
        bail!("{} is not a path SQLite can be given", path.display());
    };
    let db = connect(config).await?;
    if db.get_database_backend() != DbBackend::Sqlite {
        bail!(
            "backup copies a SQLite database; this one is PostgreSQL: use pg_dump (see the README's \"Backups\")"
        );
    }
    // A mistyped DATABASE_URL opens (and makes) an empty file: nothing worth a backup.
    let applied = domain::migrate::status(&db)
        .await
        .map(|all| all.iter().filter(|m| m.applied).count())
        .unwrap_or(0);
    if applied == 0 {
        bail!(
            "no Kinoguard database at {}",
            super::redact(&config.database_url)
        );
    }
    // Made here, empty and readable by this user alone (it will hold password hashes and
    // personal data), and never over an existing file; VACUUM INTO fills an empty file.
    create_private(path)?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [text.into()],
    ))
    .await
    .inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
    .with_context(|| format!("copying the database into {}", path.display()))?;
    check(&db, text).await?;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "Backed up the database into {} ({bytes} bytes).",
        path.display()
    );
    Ok(())
}

fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    Ok(())
}

/// Has SQLite check the copy, attached beside the database on one connection (opened
/// on its own, the copy would be switched to the server's journal mode).
async fn check(db: &sea_orm::DatabaseConnection, path: &str) -> Result<()> {
    use sea_orm::sqlx::{self, Row};
    let mut conn = db.get_sqlite_connection_pool().acquire().await?;
    sqlx::query("ATTACH DATABASE ? AS backup_copy")
        .bind(path)
        .execute(&mut *conn)
        .await
        .context("opening the copy")?;
    let verdict = sqlx::query("PRAGMA backup_copy.quick_check")
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| row.try_get::<String, _>(0));
    sqlx::query("DETACH DATABASE backup_copy")
        .execute(&mut *conn)
        .await?;
    let verdict = verdict.context("checking the copy")?;
    if verdict != "ok" {
        bail!("the copy in {path} does not check out: {verdict}");
    }
    Ok(())
}
