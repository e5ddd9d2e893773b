use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use domain::DomainError;
use serde_json::json;

/// An API failure: a status and a message safe to show.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Missing, invalid, expired or revoked token. Sign in again.",
        )
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Not found.")
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(m) => Self::invalid(m),
            DomainError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
            DomainError::InvalidCredentials => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "Incorrect email, phone number or password.",
            ),
            DomainError::Unauthenticated => Self::unauthorized(),
            DomainError::Forbidden => Self::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Not allowed for this profile or device.",
            ),
            DomainError::NotFound => Self::not_found(),
            DomainError::LockPinRequired => Self::new(
                StatusCode::FORBIDDEN,
                "lock_pin_required",
                "This profile is locked: send its PIN as \"lock_pin\".",
            ),
            DomainError::PinRequired => Self::new(
                StatusCode::FORBIDDEN,
                "pin_required",
                "This title is above the profile's maturity level: send the account's parental-controls PIN as \"pin\".",
            ),
            DomainError::PinThrottled { retry_at } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "pin_throttled",
                format!(
                    "Too many wrong PINs. Try again at {} UTC.",
                    retry_at.format("%H:%M")
                ),
            ),
            DomainError::ReauthRequired => Self::new(
                StatusCode::FORBIDDEN,
                "reauth_required",
                "Enter the account password again on the web or phone to do this.",
            ),
            DomainError::Throttled { retry_at } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                format!(
                    "Too many attempts. Try again in {} seconds.",
                    (retry_at - Utc::now()).num_seconds().max(1)
                ),
            ),
            DomainError::Db(err) => {
                tracing::error!(error = %err, "database error in the device API");
                Self::internal()
            }
            DomainError::Internal(err) => {
                tracing::error!(error = %err, "internal error in the device API");
                Self::internal()
            }
        }
    }
}

impl ApiError {
    fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": { "code": self.code, "message": self.message } }));
        let mut res = (self.status, body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}
