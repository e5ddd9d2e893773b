//! Profiles: who's watching, switching, and managing up to five.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileCard {
    pub id: i64,
    pub name: String,
    pub avatar: String,
    pub kids: bool,
    pub owner: bool,
    /// Switching to it asks for its PIN.
    pub locked: bool,
}

impl ProfileCard {
    pub fn initial(&self) -> String {
        self.name
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileList {
    pub profiles: Vec<ProfileCard>,
    pub current: Option<i64>,
    pub can_add: bool,
}

/// A profile and whether this device may change its settings without its PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSettings {
    pub profile: ProfileCard,
    pub needs_pin: bool,
}

/// The avatar colours to pick from.
pub const AVATARS: &[&str] = &[
    "blue", "red", "green", "yellow", "purple", "teal", "orange", "pink",
];

#[cfg(feature = "ssr")]
pub(crate) fn card(p: domain::entity::profile::Model) -> ProfileCard {
    ProfileCard {
        id: p.id,
        name: p.name,
        avatar: p.avatar,
        kids: p.is_kids,
        owner: p.is_owner,
        locked: p.lock_pin_hash.is_some(),
    }
}

#[server(endpoint = "profiles")]
pub async fn list_profiles() -> Result<ProfileList, AppError> {
    use crate::server::{public_error, require_session};
    let (ctx, session, _) = require_session()?;
    let profiles = domain::profiles::list(&ctx.services.db, session.account_id)
        .await
        .map_err(public_error)?;
    Ok(ProfileList {
        can_add: (profiles.len() as u64) < domain::profiles::MAX_PROFILES,
        current: session.profile_id,
        profiles: profiles.into_iter().map(card).collect(),
    })
}

#[server(endpoint = "profile")]
pub async fn get_profile(profile_id: i64) -> Result<ProfileSettings, AppError> {
    use crate::server::{public_error, require_session};
    let (ctx, session, _) = require_session()?;
    let p = domain::profiles::get(&ctx.services.db, session.account_id, profile_id)
        .await
        .map_err(public_error)?;
    Ok(ProfileSettings {
        needs_pin: p.lock_pin_hash.is_some() && session.profile_id != Some(p.id),
        profile: card(p),
    })
}

/// Makes the profile the one this device watches as, then goes on to `next` (or browsing).
/// A locked profile needs its `pin`.
#[server(endpoint = "select_profile")]
pub async fn select_profile(
    profile_id: i64,
    next: Option<String>,
    pin: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{public_error, require_session, safe_next};
    let (ctx, session, client) = require_session()?;
    let pin = pin
        .as_deref()
        .map(domain::pin::Pin::parse)
        .transpose()
        .map_err(public_error)?;
    domain::profiles::select(
        &ctx.services,
        &session,
        profile_id,
        pin.as_ref(),
        &client,
        chrono::Utc::now(),
    )
    .await
    .map_err(public_error)?;
    let next = match next.as_deref() {
        Some(n) if !n.is_empty() && !n.starts_with("/profiles") => safe_next(Some(n)),
        _ => "/browse".to_owned(),
    };
    leptos_axum::redirect(&next);
    Ok(())
}

#[server(endpoint = "create_profile")]
pub async fn create_profile(
    name: String,
    avatar: String,
    kids: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{public_error, require_session};
    use domain::profiles::{Avatar, NewProfile, ProfileName};
    let (ctx, session, _) = require_session()?;
    let new = NewProfile {
        name: ProfileName::parse(&name).map_err(public_error)?,
        avatar: Avatar::parse(&avatar).map_err(public_error)?,
        kids: kids.is_some(),
    };
    domain::profiles::create(
        &ctx.services.db,
        session.account_id,
        new,
        chrono::Utc::now(),
    )
    .await
    .map_err(public_error)?;
    leptos_axum::redirect("/profiles/manage");
    Ok(())
}

/// A locked profile's settings need its PIN unless this device is using it already.
#[cfg(feature = "ssr")]
async fn unlock_settings(
    ctx: &crate::server::ServerContext,
    session: &domain::sessions::CurrentSession,
    client: &domain::ClientInfo,
    profile_id: i64,
    lock_pin: Option<&str>,
) -> Result<(), AppError> {
    use crate::server::public_error;
    let profile = domain::profiles::get(&ctx.services.db, session.account_id, profile_id)
        .await
        .map_err(public_error)?;
    if profile.lock_pin_hash.is_none() || session.profile_id == Some(profile.id) {
        return Ok(());
    }
    let pin = lock_pin
        .filter(|p| !p.is_empty())
        .ok_or(AppError::PinRequired)
        .and_then(|p| domain::pin::Pin::parse(p).map_err(public_error))?;
    domain::parental::verify_profile_lock(
        &ctx.services,
        session,
        &profile,
        &pin,
        client,
        chrono::Utc::now(),
    )
    .await
    .map_err(public_error)
}

#[server(endpoint = "update_profile")]
pub async fn update_profile(
    profile_id: i64,
    name: String,
    avatar: String,
    lock_pin: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{public_error, require_session};
    use domain::profiles::{Avatar, ProfileName};
    let (ctx, session, client) = require_session()?;
    unlock_settings(&ctx, &session, &client, profile_id, lock_pin.as_deref()).await?;
    let name = ProfileName::parse(&name).map_err(public_error)?;
    let avatar = Avatar::parse(&avatar).map_err(public_error)?;
    domain::profiles::update(
        &ctx.services.db,
        session.account_id,
        profile_id,
        name,
        avatar,
    )
    .await
    .map_err(public_error)?;
    leptos_axum::redirect("/profiles/manage");
    Ok(())
}

#[server(endpoint = "delete_profile")]
pub async fn delete_profile(profile_id: i64, lock_pin: Option<String>) -> Result<(), AppError> {
    use crate::server::{public_error, require_session};
    let (ctx, session, client) = require_session()?;
    unlock_settings(&ctx, &session, &client, profile_id, lock_pin.as_deref()).await?;
    domain::profiles::delete(&ctx.services.db, session.account_id, profile_id)
        .await
        .map_err(public_error)?;
    leptos_axum::redirect("/profiles/manage");
    Ok(())
}
