//! Parental controls of a profile: behind the account password, applied at once.

use crate::api::profiles::ProfileCard;
use crate::error::AppError;
use crate::maturity::MaturityLevel;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedTitle {
    pub id: i64,
    pub name: String,
    pub year: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentalControls {
    pub profile: ProfileCard,
    pub level: MaturityLevel,
    /// The highest level this profile may be given (a kids profile: 7+).
    pub highest_level: MaturityLevel,
    /// The account has a parental-controls PIN.
    pub pin_set: bool,
    pub blocked: Vec<BlockedTitle>,
}

/// What the page shows; `ReauthRequired` when the password must be entered first.
#[server(endpoint = "parental_controls")]
pub async fn load_parental_controls(profile_id: i64) -> Result<ParentalControls, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let controls =
        domain::parental::controls(&ctx.services, &session, profile_id, chrono::Utc::now()).await?;
    Ok(ParentalControls {
        level: controls.profile.maturity_level.into(),
        highest_level: domain::parental::highest_level(controls.profile.is_kids).into(),
        pin_set: controls.pin_set,
        blocked: controls
            .blocked
            .into_iter()
            .map(|t| BlockedTitle {
                id: t.id,
                name: t.name,
                year: t.year,
            })
            .collect(),
        profile: crate::api::profiles::card(controls.profile),
    })
}

/// The password gate: entering it unlocks parental controls for 10 minutes.
#[server(endpoint = "confirm_password")]
pub async fn confirm_password(password: String) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        mut session,
        client,
    } = require_session()?;
    domain::auth::confirm_recent_auth(
        &ctx.services,
        &mut session,
        Some(&password),
        &client,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[cfg(feature = "ssr")]
fn parse_pin(pin: &str) -> Result<domain::pin::Pin, AppError> {
    domain::pin::Pin::parse(pin).map_err(AppError::from)
}

#[server(endpoint = "set_parental_pin")]
pub async fn set_parental_pin(pin: String) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let pin = parse_pin(&pin)?;
    domain::parental::set_account_pin(&ctx.services, &session, &pin, &client, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "remove_parental_pin")]
pub async fn remove_parental_pin() -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    domain::parental::remove_account_pin(&ctx.services, &session, &client, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "set_maturity")]
pub async fn set_maturity(profile_id: i64, level: MaturityLevel) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    domain::parental::set_maturity(
        &ctx.services,
        &session,
        profile_id,
        level.into(),
        &client,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

/// Titles to block, by name, as the parent types (or submits, without JavaScript).
#[server(endpoint = "suggest_titles")]
pub async fn suggest_titles(profile_id: i64, query: String) -> Result<Vec<BlockedTitle>, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    Ok(domain::parental::suggest(
        &ctx.services,
        &session,
        profile_id,
        &query,
        chrono::Utc::now(),
    )
    .await?
    .into_iter()
    .map(|t| BlockedTitle {
        id: t.id,
        name: t.name,
        year: t.year,
    })
    .collect())
}

#[server(endpoint = "block_title")]
pub async fn block_title(profile_id: i64, title_id: i64) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    domain::parental::block_title(
        &ctx.services,
        &session,
        profile_id,
        title_id,
        &client,
        chrono::Utc::now(),
    )
    .await?;
    crate::server::redirect_plain_form(&format!("/account/profiles/{profile_id}/parental"));
    Ok(())
}

#[server(endpoint = "unblock_title")]
pub async fn unblock_title(profile_id: i64, title_id: i64) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    domain::parental::unblock_title(
        &ctx.services,
        &session,
        profile_id,
        title_id,
        &client,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "set_profile_lock")]
pub async fn set_profile_lock(profile_id: i64, pin: String) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let pin = parse_pin(&pin)?;
    domain::parental::set_profile_lock(
        &ctx.services,
        &session,
        profile_id,
        &pin,
        &client,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "remove_profile_lock")]
pub async fn remove_profile_lock(profile_id: i64) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    domain::parental::remove_profile_lock(
        &ctx.services,
        &session,
        profile_id,
        &client,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}
