//! Devices: one row per sign-in, named from its User-Agent.

use crate::error::{DomainError, Result};
use crate::events::{self, EventOrigin};
use crate::sessions::{self, CurrentSession};
use crate::{ClientInfo, Services, device_name};
use chrono::{DateTime, TimeDelta, Utc};
use entity::device::{self, DeviceState};
use entity::security_event::{self, SecurityEventKind};
use entity::session::{self, RevokeReason};
use entity::{playback, profile};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashSet;

/// User agents are attacker-controlled; keep what we store bounded.
const MAX_USER_AGENT: usize = 512;

/// What a new device is called and what kind it is, from its User-Agent unless the sign-in
/// path knows better (a TV signing in by code is a TV whatever its browser says).
pub fn describe(
    client: &ClientInfo,
    client_kind: entity::session::ClientKind,
) -> device_name::DeviceDescription {
    let described = device_name::describe(&client.user_agent);
    if client_kind == entity::session::ClientKind::Tv && described.kind != device::DeviceKind::Tv {
        device_name::DeviceDescription {
            name: "Smart TV".into(),
            kind: device::DeviceKind::Tv,
        }
    } else {
        described
    }
}

/// Whether a sign-in comes from a device the account has not used before: one that did
/// not present the account's device cookie (`trusted`; browsers keep it, and the API hands
/// it to apps to send back). The device's name only describes it: a User-Agent is the
/// caller's to write, so a thief naming their device after the owner's is no less news.
/// The account's very first device is nobody's news.
pub async fn is_new(db: &impl ConnectionTrait, account_id: i64, trusted: bool) -> Result<bool> {
    if trusted {
        return Ok(false);
    }
    Ok(device::Entity::find()
        .filter(device::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .is_some())
}

pub async fn register(
    db: &impl ConnectionTrait,
    account_id: i64,
    client: &ClientInfo,
    described: device_name::DeviceDescription,
    location: String,
    now: DateTime<Utc>,
) -> Result<device::Model> {
    let user_agent: String = client.user_agent.chars().take(MAX_USER_AGENT).collect();
    Ok(device::ActiveModel {
        account_id: Set(account_id),
        name: Set(described.name),
        kind: Set(described.kind),
        user_agent: Set(user_agent),
        first_seen_at: Set(now),
        last_seen_at: Set(now),
        last_ip: Set(client.ip.map(|ip| ip.to_string())),
        last_location: Set(Some(location)),
        state: Set(DeviceState::Active),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The account's device `device_id`; another account's id is simply not found.
pub async fn get(
    db: &impl ConnectionTrait,
    account_id: i64,
    device_id: i64,
) -> Result<device::Model> {
    device::Entity::find_by_id(device_id)
        .filter(device::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// How a security event caused from this device is attributed.
pub async fn origin(
    svc: &Services,
    current: &CurrentSession,
    client: &ClientInfo,
) -> Result<EventOrigin> {
    let device = get(&svc.db, current.account_id, current.device_id).await?;
    Ok(EventOrigin {
        device_id: Some(device.id),
        device_name: Some(device.name),
        ip: client.ip.map(|ip| ip.to_string()),
        location: Some(svc.geo.locate(client.ip).describe()),
        profile_id: None,
    })
}

/// Devices not seen for this long drop off the list unless still signed in.
pub const RECENT_DAYS: i64 = 90;

/// A row of "Manage access and devices".
#[derive(Clone, Debug)]
pub struct DeviceSummary {
    pub device: device::Model,
    pub this_device: bool,
    pub signed_in: bool,
    /// The profile of the device's latest stream.
    pub last_profile: Option<String>,
}

/// The account's devices with a live session or seen recently, most recent first.
/// Deactivated devices are gone from the list.
pub async fn list(
    db: &impl ConnectionTrait,
    current: &CurrentSession,
    now: DateTime<Utc>,
) -> Result<Vec<DeviceSummary>> {
    let live: HashSet<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::DeviceId)
        .filter(session::Column::AccountId.eq(current.account_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(crate::sessions::in_current_generation())
        .filter(session::Column::IdleExpiresAt.gt(now))
        .filter(session::Column::AbsoluteExpiresAt.gt(now))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let devices = device::Entity::find()
        .filter(device::Column::AccountId.eq(current.account_id))
        .filter(device::Column::State.ne(DeviceState::Deactivated))
        .order_by_desc(device::Column::LastSeenAt)
        .order_by_desc(device::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for d in devices {
        let signed_in = live.contains(&d.id);
        if !signed_in && now - d.last_seen_at > TimeDelta::days(RECENT_DAYS) {
            continue;
        }
        let last_profile = playback::Entity::find()
            .filter(playback::Column::DeviceId.eq(d.id))
            .order_by_desc(playback::Column::StartedAt)
            .order_by_desc(playback::Column::Id)
            .find_also_related(profile::Entity)
            .one(db)
            .await?
            .and_then(|(_, p)| p)
            .map(|p| p.name);
        out.push(DeviceSummary {
            this_device: d.id == current.device_id,
            signed_in,
            last_profile,
            device: d,
        });
    }
    Ok(out)
}

/// Every device the account has had, deactivated ones included (their streams stay in the
/// audit), newest first: the streaming activity's device filter.
pub async fn all(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<device::Model>> {
    Ok(device::Entity::find()
        .filter(device::Column::AccountId.eq(account_id))
        .order_by_desc(device::Column::LastSeenAt)
        .order_by_desc(device::Column::Id)
        .all(db)
        .await?)
}

/// A device of the account that is not deactivated.
async fn manageable(
    db: &impl ConnectionTrait,
    account_id: i64,
    device_id: i64,
) -> Result<device::Model> {
    let d = get(db, account_id, device_id).await?;
    if d.state == DeviceState::Deactivated {
        return Err(DomainError::NotFound);
    }
    Ok(d)
}

/// Signs one device out at once: its next request is refused. Returns whether it was the
/// caller's own device. Not from a TV.
pub async fn sign_out(
    svc: &Services,
    current: &CurrentSession,
    device_id: i64,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<bool> {
    current.require_not_tv()?;
    let target = manageable(&svc.db, current.account_id, device_id).await?;
    // Signing yourself out needs nothing; signing out another device is what a thief with
    // a stolen cookie would do to the owner, so it needs the password entered recently.
    if target.id != current.device_id {
        current.require_recent_auth(&svc.policy, now)?;
    }
    let origin = origin(svc, current, client).await?;
    let account_id = current.account_id;
    crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            sessions::revoke_device(
                txn,
                account_id,
                target.id,
                RevokeReason::DeviceSignedOut,
                now,
            )
            .await?;
            events::record(
                txn,
                account_id,
                SecurityEventKind::DeviceSignedOut,
                &origin,
                Some(events::Detail::DeviceSignedOut {
                    device: target.name.clone(),
                }),
                now,
            )
            .await
        })
    })
    .await?;
    svc.live
        .publish(crate::live::LiveEvent::SessionsEnded { account_id })
        .await;
    Ok(device_id == current.device_id)
}

/// Deactivates a device: signs it out, removes it from the list and erases the IP address
/// and location of its streams and security events. Needs a recent re-authentication;
/// not from a TV. Returns whether it was the caller's own device.
pub async fn deactivate(
    svc: &Services,
    current: &CurrentSession,
    device_id: i64,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<bool> {
    current.require_not_tv()?;
    current.require_recent_auth(&svc.policy, now)?;
    let target = manageable(&svc.db, current.account_id, device_id).await?;
    let own = target.id == current.device_id;
    let mut origin = origin(svc, current, client).await?;
    if own {
        // The erased device must not reappear in the log that records its erasure.
        origin.ip = None;
        origin.location = None;
    }
    let account_id = current.account_id;
    crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            sessions::revoke_device(
                txn,
                account_id,
                target.id,
                RevokeReason::DeviceDeactivated,
                now,
            )
            .await?;
            device::Entity::update_many()
                .col_expr(device::Column::State, Expr::value(DeviceState::Deactivated))
                .col_expr(device::Column::LastIp, Expr::value(Option::<String>::None))
                .col_expr(
                    device::Column::LastLocation,
                    Expr::value(Option::<String>::None),
                )
                .filter(device::Column::Id.eq(target.id))
                .filter(device::Column::AccountId.eq(account_id))
                .exec(txn)
                .await?;
            playback::Entity::update_many()
                .col_expr(playback::Column::Ip, Expr::value(Option::<String>::None))
                .col_expr(
                    playback::Column::Country,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    playback::Column::Region,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(playback::Column::City, Expr::value(Option::<String>::None))
                .filter(playback::Column::DeviceId.eq(target.id))
                .filter(playback::Column::AccountId.eq(account_id))
                .exec(txn)
                .await?;
            security_event::Entity::update_many()
                .col_expr(
                    security_event::Column::Ip,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    security_event::Column::Location,
                    Expr::value(Option::<String>::None),
                )
                .filter(security_event::Column::DeviceId.eq(target.id))
                .filter(security_event::Column::AccountId.eq(account_id))
                .exec(txn)
                .await?;
            events::record(
                txn,
                account_id,
                SecurityEventKind::DeviceDeactivated,
                &origin,
                Some(events::Detail::DeviceDeactivated {
                    device: target.name.clone(),
                }),
                now,
            )
            .await
        })
    })
    .await?;
    svc.live
        .publish(crate::live::LiveEvent::SessionsEnded { account_id })
        .await;
    Ok(own)
}
