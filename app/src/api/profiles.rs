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

/// What adding or deleting a profile asks for on this device (see `domain::profiles`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentAsked {
    Nothing,
    Password,
    Pin,
    NotOnThisDevice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileList {
    pub profiles: Vec<ProfileCard>,
    pub current: Option<i64>,
    pub can_add: bool,
    pub consent: ConsentAsked,
}

/// A profile and whether this device may change its settings without its PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSettings {
    pub profile: ProfileCard,
    pub needs_pin: bool,
    /// What deleting it asks for.
    pub consent: ConsentAsked,
}

#[cfg(feature = "ssr")]
async fn consent_asked(
    ctx: &crate::server::ServerContext,
    session: &domain::sessions::CurrentSession,
) -> Result<ConsentAsked, AppError> {
    use domain::profiles::ConsentAsked as Asked;
    let asked = domain::profiles::consent_asked(&ctx.services, session, chrono::Utc::now()).await?;
    Ok(match asked {
        Asked::Nothing => ConsentAsked::Nothing,
        Asked::Password => ConsentAsked::Password,
        Asked::Pin => ConsentAsked::Pin,
        Asked::NotOnThisDevice => ConsentAsked::NotOnThisDevice,
    })
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
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let profiles =
        crate::page_reads::PageReads::profiles(&ctx.services, session.account_id).await?;
    Ok(ProfileList {
        consent: consent_asked(&ctx, &session).await?,
        can_add: (profiles.len() as u64) < domain::profiles::MAX_PROFILES,
        current: session.profile_id,
        profiles: profiles.into_iter().map(card).collect(),
    })
}

#[server(endpoint = "profile")]
pub async fn get_profile(profile_id: i64) -> Result<ProfileSettings, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let p = domain::profiles::get(&ctx.services.db, session.account_id, profile_id).await?;
    Ok(ProfileSettings {
        consent: consent_asked(&ctx, &session).await?,
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
    use crate::server::{Caller, require_session, safe_next};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let pin = domain::pin::Pin::parse_optional(pin.as_deref())?;
    domain::profiles::select(
        &ctx.services,
        &session,
        profile_id,
        pin.as_ref(),
        &client,
        chrono::Utc::now(),
    )
    .await?;
    let next = match next.as_deref() {
        Some(n) if !n.is_empty() && !n.starts_with("/profiles") => safe_next(Some(n)),
        _ => "/browse".to_owned(),
    };
    leptos_axum::redirect(&next);
    Ok(())
}

/// Adds a profile. A parent consents with the account `password` (when it was not entered
/// in the last minutes) or the parental-controls `pin` (when the account has one).
#[server(endpoint = "add_profile")]
pub async fn add_profile(
    name: String,
    avatar: String,
    kids: Option<String>,
    password: Option<String>,
    pin: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    use domain::profiles::{Avatar, Consent, NewProfile, ProfileName};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let new = NewProfile {
        name: ProfileName::parse(&name)?,
        avatar: Avatar::parse(&avatar)?,
        kids: kids.is_some(),
    };
    let pin = domain::pin::Pin::parse_optional(pin.as_deref())?;
    let consent = Consent {
        password: password.as_deref(),
        pin: pin.as_ref(),
    };
    domain::profiles::add(
        &ctx.services,
        &session,
        new,
        consent,
        &client,
        chrono::Utc::now(),
    )
    .await?;
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
    let profile = domain::profiles::get(&ctx.services.db, session.account_id, profile_id).await?;
    let pin = domain::pin::Pin::parse_optional(lock_pin)?;
    domain::profiles::unlock_settings(
        &ctx.services,
        session,
        &profile,
        pin.as_ref(),
        client,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "update_profile")]
pub async fn update_profile(
    profile_id: i64,
    name: String,
    avatar: String,
    lock_pin: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    use domain::profiles::{Avatar, ProfileName};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    unlock_settings(&ctx, &session, &client, profile_id, lock_pin.as_deref()).await?;
    let name = ProfileName::parse(&name)?;
    let avatar = Avatar::parse(&avatar)?;
    domain::profiles::update(
        &ctx.services.db,
        session.account_id,
        profile_id,
        name,
        avatar,
    )
    .await?;
    leptos_axum::redirect("/profiles/manage");
    Ok(())
}

/// Deletes a profile: a parent's consent as for adding one, and a locked profile's PIN.
#[server(endpoint = "delete_profile")]
pub async fn delete_profile(
    profile_id: i64,
    lock_pin: Option<String>,
    password: Option<String>,
    pin: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let lock_pin = domain::pin::Pin::parse_optional(lock_pin.as_deref())?;
    let pin = domain::pin::Pin::parse_optional(pin.as_deref())?;
    let consent = domain::profiles::Consent {
        password: password.as_deref(),
        pin: pin.as_ref(),
    };
    domain::profiles::delete(
        &ctx.services,
        &session,
        profile_id,
        consent,
        lock_pin.as_ref(),
        &client,
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/profiles/manage");
    Ok(())
}
