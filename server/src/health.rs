//! Liveness and readiness, for a process supervisor and a load balancer.
//!
//! `/healthz` says the process answers, and nothing more: a database outage is no reason
//! to restart every instance. `/readyz` says whether this instance can serve: the
//! database answers and has every migration this release needs; a load balancer sends
//! requests elsewhere until it does.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub async fn healthz() -> Response {
    (StatusCode::OK, "ok").into_response()
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let db = &state.services().db;
    if let Err(e) = db.ping().await {
        tracing::error!(error = %e, "not ready: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response();
    }
    match domain::migrate::pending(db).await {
        Ok(0) => (StatusCode::OK, "ready").into_response(),
        Ok(n) => {
            tracing::warn!(pending = n, "not ready: migrations pending");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{n} database migrations pending"),
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "not ready: reading the migrations failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                // Among the reasons: a newer release migrated it (its migrations are
                // unknown here), and this instance should drain until it is replaced.
                "database migrations unreadable or newer than this release",
            )
                .into_response()
        }
    }
}
