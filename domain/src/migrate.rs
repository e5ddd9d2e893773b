//! Bringing a database up to date: the schema, then the data every version expects.

use migration::{MigrationStatus, Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbBackend, DbErr};

/// Applies pending migrations, brings stored emails and phone numbers to today's
/// normal form, and loads the bundled catalog into an empty title table.
///
/// On PostgreSQL, instances starting together on one database take turns: the work runs
/// under an advisory lock (one per schema), held by a connection of its own.
pub async fn run(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return apply(db).await;
    }
    use sea_orm::sqlx;
    let sqlx_err = |e: sqlx::Error| DbErr::Custom(format!("migration lock: {e}"));
    let mut lock = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(sqlx_err)?;
    sqlx::query("SELECT pg_advisory_lock(hashtext('kinoguard.migrate.' || current_schema()))")
        .execute(&mut *lock)
        .await
        .map_err(sqlx_err)?;
    let applied = apply(db).await;
    // Closing the connection ends its session, which releases the lock whatever happened.
    if let Err(e) = lock.close().await {
        tracing::warn!(error = %e, "closing the migration lock's connection");
    }
    applied
}

async fn apply(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    crate::accounts::normalise_identifiers(db)
        .await
        .map_err(|e| DbErr::Custom(format!("normalising emails and phone numbers: {e}")))?;
    crate::catalog::ensure_seeded(db)
        .await
        .map_err(|e| DbErr::Custom(format!("seeding the catalog: {e}")))?;
    Ok(())
}

/// One migration and whether this database has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationState {
    pub name: String,
    pub applied: bool,
}

/// Every migration this release knows, oldest first, and whether it is applied: what
/// `kinoguard migrate --status` prints. Reads only: creates and applies nothing.
pub async fn status(db: &DatabaseConnection) -> Result<Vec<MigrationState>, DbErr> {
    Ok(Migrator::get_migration_with_status_read_only(db)
        .await?
        .iter()
        .map(|m| MigrationState {
            name: m.name().to_owned(),
            applied: m.status() == MigrationStatus::Applied,
        })
        .collect())
}

/// How many of this release's migrations the database lacks: an instance is ready to
/// serve only at none (`/readyz`).
pub async fn pending(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations_read_only(db).await?.len())
}
