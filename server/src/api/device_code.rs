//! Signing a TV or app in with a code shown on its screen and approved from a phone.

use super::json::ApiJson;
use super::{ApiError, Caller};
use crate::middleware::session::client_info;
use crate::state::AppState;
use app::api_message::ApiMessage;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use domain::device_codes::{self, Poll};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Start {
    /// "tv", the only kind of client that signs in by code; may be left out.
    client: Option<String>,
}

#[derive(Serialize)]
pub struct Started {
    /// Secret: poll with it. Never show it.
    device_code: String,
    /// Show this on screen: "BCDF-GHJK".
    user_code: String,
    /// Where the user types the code.
    verification_uri: String,
    expires_at: DateTime<Utc>,
    expires_in: i64,
    interval: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollBody {
    device_code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approve {
    user_code: String,
}

/// The address users type the code at, from the configured public origin or the request.
pub fn activation_url(state: &AppState, parts: &Parts) -> String {
    let origin = state.config.public_origin.clone().unwrap_or_else(|| {
        let host = parts
            .headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let scheme = if state.config.secure_cookies {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{host}")
    });
    format!("{origin}/activate")
}

/// `POST /api/v1/device-codes`
pub async fn start(
    State(state): State<AppState>,
    parts: Parts,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    // The body is optional: none means a TV.
    let body: Start = if body.iter().all(u8::is_ascii_whitespace) {
        Start::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::invalid(ApiMessage::BadJson {
                detail: e.to_string(),
            })
        })?
    };
    // What a session may do depends on its kind, so the kind is the server's to decide,
    // never the requester's: whatever signs in by code is limited like a TV (it ends only
    // itself). Apps that can take a password sign in with it.
    if body.client.as_deref().is_some_and(|c| c != "tv") {
        return Err(ApiError::invalid(ApiMessage::TvOnly));
    }
    let client = client_info(&parts.headers, &parts.extensions, &state);
    let now = Utc::now();
    let started = device_codes::start(state.services(), &client, now).await?;
    Ok((
        StatusCode::CREATED,
        Json(Started {
            device_code: started.device_code,
            user_code: started.user_code.display(),
            verification_uri: activation_url(&state, &parts),
            expires_in: (started.expires_at - now).num_seconds(),
            expires_at: started.expires_at,
            interval: device_codes::POLL_INTERVAL_SECS,
        }),
    ))
}

/// `POST /api/v1/device-codes/poll`: `{"status":"pending"}` until approved, then the token.
pub async fn poll(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(body): ApiJson<PollBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let client = client_info(&parts.headers, &parts.extensions, &state);
    match device_codes::poll(state.services(), &body.device_code, &client, Utc::now()).await? {
        Poll::Pending { expires_at } => Ok(Json(serde_json::json!({
            "status": "pending",
            "expires_at": expires_at,
            "interval": device_codes::POLL_INTERVAL_SECS,
        }))),
        Poll::Approved(signed) => Ok(Json(serde_json::json!({
            "status": "approved",
            "token": signed.token,
            "session_id": signed.session.id,
        }))),
        Poll::Expired => Err(ApiError::new(
            StatusCode::GONE,
            "expired",
            ApiMessage::CodeExpired,
        )),
    }
}

/// `POST /api/v1/device-codes/approve`: a signed-in app approves a TV into its account.
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Approve>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let request = device_codes::approve(
        state.services(),
        &caller.session,
        &body.user_code,
        &caller.client,
        Utc::now(),
    )
    .await?;
    Ok(Json(serde_json::json!({
        "approved": true,
        "device_name": request.device_name,
        "location": request.location,
    })))
}
