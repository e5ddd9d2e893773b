use chrono::{DateTime, Utc};
use sea_orm::DbErr;

/// Every service fails with one of these. `Invalid`, `Conflict` carry a message written for
/// the user; the other variants are mapped to fixed public messages by the web layer so
/// that no internal detail reaches a browser.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    Invalid(String),
    #[error("incorrect sign-in details")]
    InvalidCredentials,
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// The action needs the account password entered within the last few minutes.
    #[error("re-authentication required")]
    ReauthRequired,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts until {retry_at}")]
    Throttled { retry_at: DateTime<Utc> },
    /// The title or profile needs a PIN and none was given.
    #[error("PIN required")]
    PinRequired,
    /// The profile is locked and this session is not using it: its lock PIN was not given.
    #[error("profile lock PIN required")]
    LockPinRequired,
    #[error("too many wrong PINs until {retry_at}")]
    PinThrottled { retry_at: DateTime<Utc> },
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }
}

pub type Result<T, E = DomainError> = std::result::Result<T, E>;
