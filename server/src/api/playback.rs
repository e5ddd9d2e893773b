//! Reporting streams: start, heartbeat, stop.

use super::json::ApiJson;
use super::{ApiError, Caller};
use crate::state::AppState;
use app::api_message::ApiMessage;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::playback;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    title_id: i64,
    /// Defaults to the session's current profile.
    profile_id: Option<i64>,
    /// The account's parental-controls PIN, for a title above the profile's level.
    pin: Option<String>,
    /// A locked profile's PIN, when the session is not using that profile yet; the session
    /// switches to it, as choosing it on "Who's watching?" does.
    lock_pin: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    position_secs: i32,
}

#[derive(Serialize)]
pub struct Started {
    id: i64,
    title_id: i64,
    profile_id: Option<i64>,
    started_at: DateTime<Utc>,
    /// Send a heartbeat this often while playing.
    heartbeat_interval_secs: u32,
}

#[derive(Serialize)]
pub struct Ack {
    /// Whether this heartbeat was stored (at most one per 20 seconds is).
    recorded: bool,
}

/// Ids that are not numbers cannot exist.
fn id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found())
}

/// `POST /api/v1/playbacks`
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Start>,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    let profile_id = body
        .profile_id
        .or(caller.session.profile_id)
        .ok_or_else(|| ApiError::invalid(ApiMessage::ProfileNeeded))?;
    let pin = domain::pin::Pin::parse_optional(body.pin.as_deref())?;
    let lock_pin = domain::pin::Pin::parse_optional(body.lock_pin.as_deref())?;
    let mut session = caller.session.clone();
    if let Some(lock_pin) = &lock_pin
        && session.profile_id != Some(profile_id)
    {
        let chosen = domain::profiles::select(
            state.services(),
            &session,
            profile_id,
            Some(lock_pin),
            &caller.client,
            Utc::now(),
        )
        .await?;
        session.profile_id = Some(chosen.id);
    }
    let stream = playback::start(
        state.services(),
        &session,
        profile_id,
        body.title_id,
        pin.as_ref(),
        &caller.client,
        Utc::now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Started {
            id: stream.id,
            title_id: stream.title_id,
            profile_id: stream.profile_id,
            started_at: stream.started_at,
            heartbeat_interval_secs: playback::HEARTBEAT_INTERVAL_SECS,
        }),
    ))
}

/// `POST /api/v1/playbacks/{id}/heartbeat`
pub async fn heartbeat(
    State(state): State<AppState>,
    caller: Caller,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<Position>,
) -> Result<Json<Ack>, ApiError> {
    let recorded = playback::heartbeat(
        &state.services().db,
        &caller.session,
        id(&raw)?,
        body.position_secs,
        Utc::now(),
    )
    .await?;
    Ok(Json(Ack { recorded }))
}

/// `POST /api/v1/playbacks/{id}/stop`
pub async fn stop(
    State(state): State<AppState>,
    caller: Caller,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<Position>,
) -> Result<StatusCode, ApiError> {
    playback::stop(
        &state.services().db,
        &caller.session,
        id(&raw)?,
        body.position_secs,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
