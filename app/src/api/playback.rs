//! The web player's reports: start, heartbeat, stop — as the current profile, from this
//! device.

use crate::error::AppError;
use leptos::prelude::*;

/// Starts a stream; returns its id. A title above the profile's maturity level needs the
/// parental-controls `pin`. Without JavaScript the browser is sent back to the player
/// showing the stream.
#[server(endpoint = "start_playback")]
pub async fn start_playback(title_id: i64, pin: Option<String>) -> Result<i64, AppError> {
    use crate::api::catalog::current_profile;
    use crate::server::{Caller, redirect_plain_form, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let (profile, _) = current_profile(&ctx, &session).await?;
    let pin = domain::pin::Pin::parse_optional(pin.as_deref())?;
    let now = chrono::Utc::now();
    let stream = domain::playback::start(
        &ctx.services,
        &session,
        profile.id,
        title_id,
        pin.as_ref(),
        &client,
        now,
    )
    .await?;
    redirect_plain_form(&format!("/watch/{title_id}?stream={}", stream.id));
    Ok(stream.id)
}

#[server(endpoint = "playback_heartbeat")]
pub async fn playback_heartbeat(playback_id: i64, position_secs: i32) -> Result<bool, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    domain::playback::heartbeat(
        &ctx.services.db,
        &session,
        playback_id,
        position_secs,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "stop_playback")]
pub async fn stop_playback(playback_id: i64, position_secs: i32) -> Result<(), AppError> {
    use crate::server::{Caller, redirect_plain_form, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let stream = domain::playback::get(&ctx.services.db, session.account_id, playback_id).await?;
    domain::playback::stop(
        &ctx.services.db,
        &session,
        playback_id,
        position_secs,
        chrono::Utc::now(),
    )
    .await?;
    redirect_plain_form(&format!("/watch/{}", stream.title_id));
    Ok(())
}
