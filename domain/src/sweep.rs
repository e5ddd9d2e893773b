//! Rows whose time has passed: old guesses, long-expired TV codes, expired device
//! cookies and "This wasn't me" links, relayed live events; and sessions a sign-out of all devices ended but a crash
//! left unmarked. The server sweeps every few minutes, so no request ever has to.

use crate::error::Result;
use crate::{attempts, device_codes, device_cookies};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

/// How often the server sweeps.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Deletes what has expired; returns how many rows went.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    Ok(attempts::sweep(db, now).await?
        + device_codes::sweep(db, now).await?
        + device_cookies::sweep(db, now).await?
        + crate::live::sweep(db, now).await?
        + crate::secure_links::sweep(db, now).await?
        + crate::sessions::sweep(db, now).await?)
}
