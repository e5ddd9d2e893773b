//! Schema migrations, run at start-up by `kinoguard serve` and `kinoguard migrate`.

pub use sea_orm_migration::MigrationStatus;
pub use sea_orm_migration::prelude::*;

mod m20261124_000001_foundation;
mod m20261124_000002_catalog_playback;
mod m20261124_000003_parental_controls;
mod m20261124_000004_device_codes;
mod m20261202_000005_attempts;
mod m20261202_000006_device_cookies;
mod m20261202_000007_code_lookups;
mod m20261202_000008_live_events;
mod m20261203_000009_session_generation;
mod m20261206_000010_account_language;
mod m20261206_000011_outbox;
mod m20261207_000012_secure_account;
mod m20261208_000013_account_disabled;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_catalog_playback::Migration),
            Box::new(m20261124_000003_parental_controls::Migration),
            Box::new(m20261124_000004_device_codes::Migration),
            Box::new(m20261202_000005_attempts::Migration),
            Box::new(m20261202_000006_device_cookies::Migration),
            Box::new(m20261202_000007_code_lookups::Migration),
            Box::new(m20261202_000008_live_events::Migration),
            Box::new(m20261203_000009_session_generation::Migration),
            Box::new(m20261206_000010_account_language::Migration),
            Box::new(m20261206_000011_outbox::Migration),
            Box::new(m20261207_000012_secure_account::Migration),
            Box::new(m20261208_000013_account_disabled::Migration),
        ]
    }
}
