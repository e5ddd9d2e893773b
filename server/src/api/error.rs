use crate::state::AppState;
use app::api_message::ApiMessage;
use app::i18n::Locale;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::DomainError;
use serde_json::json;
use std::sync::{Arc, OnceLock};

/// An API failure: a status, a stable `code` for programs and a message for people, said
/// in the caller's language by [`speak`] on the way out.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: ApiMessage,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: ApiMessage) -> Self {
        Self {
            status,
            code,
            message,
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            ApiMessage::Unauthorized,
        )
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", ApiMessage::NotFound)
    }

    pub fn invalid(message: ApiMessage) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            ApiMessage::Internal,
        )
    }

    fn respond(&self, locale: Locale) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message.say(locale) });
        if let ApiMessage::BadJson { detail } = &self.message {
            error["detail"] = json!(detail);
        }
        let body = Json(json!({ "error": error }));
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

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(problem) => Self::invalid(ApiMessage::Problem(problem)),
            DomainError::Conflict(problem) => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                ApiMessage::Problem(problem),
            ),
            DomainError::InvalidCredentials => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                ApiMessage::InvalidCredentials,
            ),
            DomainError::Unauthenticated => Self::unauthorized(),
            DomainError::Forbidden => {
                Self::new(StatusCode::FORBIDDEN, "forbidden", ApiMessage::Forbidden)
            }
            DomainError::NotFound => Self::not_found(),
            DomainError::LockPinRequired => Self::new(
                StatusCode::FORBIDDEN,
                "lock_pin_required",
                ApiMessage::LockPinRequired,
            ),
            DomainError::PinRequired => Self::new(
                StatusCode::FORBIDDEN,
                "pin_required",
                ApiMessage::PinRequired,
            ),
            DomainError::PinThrottled { retry_at } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "pin_throttled",
                ApiMessage::PinLocked { retry_at },
            ),
            DomainError::ReauthRequired => Self::new(
                StatusCode::FORBIDDEN,
                "reauth_required",
                ApiMessage::ReauthRequired,
            ),
            DomainError::Throttled { retry_at } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                ApiMessage::Throttled { retry_at },
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

/// English, as a route outside [`speak`] would answer; [`speak`] says it again in the
/// caller's language.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.respond(Locale::en);
        res.extensions_mut().insert(self);
        res
    }
}

/// The account a request's bearer token belongs to, once [`super::Caller`] has checked it.
#[derive(Clone, Debug, Default)]
pub struct CallerAccount(Arc<OnceLock<i64>>);

impl CallerAccount {
    pub fn set(&self, account_id: i64) {
        let _ = self.0.set(account_id);
    }
}

/// Says an error's message in the caller's language: the one chosen on their account (so
/// the TV follows the phone), else the best of the request's `Accept-Language`. Only a
/// failed request with a valid token looks the account up.
pub async fn speak(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let accepted = app::language::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    );
    let caller = CallerAccount::default();
    req.extensions_mut().insert(caller.clone());
    let mut res = next.run(req).await;
    let Some(error) = res.extensions_mut().remove::<ApiError>() else {
        return res;
    };
    let chosen = match caller.0.get() {
        Some(&account_id) => domain::accounts::get(&state.services().db, account_id)
            .await
            .ok()
            .and_then(|account| account.language)
            .and_then(|code| app::language::parse(&code)),
        None => None,
    };
    error.respond(chosen.unwrap_or(accepted))
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}
