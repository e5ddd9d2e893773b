use chrono::{DateTime, Utc};
use sea_orm::DbErr;

pub use crate::problem::Problem;

/// Every service fails with one of these. `Invalid`, `Conflict` carry what the user must
/// change, said in their language by the web layer and the device API; the other variants
/// are mapped to fixed public messages so that no internal detail reaches a browser.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("invalid: {0:?}")]
    Invalid(Problem),
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
    #[error("conflict: {0:?}")]
    Conflict(Problem),
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
    pub fn invalid(problem: Problem) -> Self {
        Self::Invalid(problem)
    }
}

pub type Result<T, E = DomainError> = std::result::Result<T, E>;
