//! Bringing a database up to date: the schema, then the data every version expects.

use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbErr};

/// Applies pending migrations, brings stored emails and phone numbers to today's
/// normal form, and loads the bundled catalog into an empty title table.
pub async fn run(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    crate::accounts::normalise_identifiers(db)
        .await
        .map_err(|e| DbErr::Custom(format!("normalising emails and phone numbers: {e}")))?;
    crate::catalog::ensure_seeded(db)
        .await
        .map_err(|e| DbErr::Custom(format!("seeding the catalog: {e}")))?;
    Ok(())
}
