//! The device API for TV and mobile apps: JSON over HTTP, `Authorization: Bearer <token>`.
//! Documented in `docs/api.md`. Every answer is JSON, errors included:
//! `{"error": {"code": "not_found", "message": "…"}}`, the message in the account's
//! language, else the request's `Accept-Language`.

mod caller;
pub mod device_code;
pub(crate) mod error;
mod json;
mod playback;
mod session;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub use caller::Caller;
pub use error::ApiError;

/// Mounted at `/api/v1`.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/sessions", post(session::sign_in))
        .route("/session", get(session::show))
        .route("/session/sign-out", post(session::sign_out))
        .route("/playbacks", post(playback::start))
        .route("/playbacks/{id}/heartbeat", post(playback::heartbeat))
        .route("/playbacks/{id}/stop", post(playback::stop))
        .route("/device-codes", post(device_code::start))
        .route("/device-codes/poll", post(device_code::poll))
        .route("/device-codes/approve", post(device_code::approve))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::speak,
        ))
}
