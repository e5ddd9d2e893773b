//! Streams: started, kept alive by heartbeats and stopped by the device playing them.
//! Each row records where and when the stream ran, for the account's audit.

use crate::error::{DomainError, Problem, Result};
use crate::pin::Pin;
use crate::policy::{Access, Rules};
use crate::sessions::CurrentSession;
use crate::{ClientInfo, Services, catalog, profiles};
use chrono::{DateTime, TimeDelta, Utc};
use entity::device;
use entity::playback;
use entity::title;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// Heartbeats closer together than this are acknowledged but not written.
pub const HEARTBEAT_EVERY: TimeDelta = TimeDelta::seconds(20);
/// Clients are asked to send a heartbeat this often while playing.
pub const HEARTBEAT_INTERVAL_SECS: u32 = 30;
/// A stream whose last heartbeat is older than this is no longer playing: its player went
/// away without stopping it.
pub const PLAYING_WITHIN: TimeDelta = TimeDelta::seconds(3 * HEARTBEAT_INTERVAL_SECS as i64);
/// A position beyond this is not a real one (the longest title is far shorter).
const MAX_POSITION_SECS: i32 = 24 * 60 * 60;

/// Starts a stream of `title_id` for `profile_id` on the caller's device, if the profile
/// belongs to the account, is not locked against this session, and may watch the title. A title above the profile's level needs
/// the account's parental-controls PIN (`pin`), checked and throttled per profile.
pub async fn start(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    title_id: i64,
    pin: Option<&Pin>,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<playback::Model> {
    let db = &svc.db;
    let profile = profiles::get(db, current.account_id, profile_id).await?;
    require_in_use_if_locked(current.profile_id, &profile, DomainError::LockPinRequired)?;
    let rules = Rules::load(db, &profile).await?;
    let (title, access) = catalog::get_for(db, &rules, title_id).await?;
    let pin_unlocked = access == Access::NeedsPin;
    if pin_unlocked {
        let pin = pin.ok_or(DomainError::PinRequired)?;
        crate::pin::verify_account_pin(svc, current, &profile, pin, client, now).await?;
    }
    let place = svc.geo.locate(client.ip);
    let (country, region, city) = place.columns();
    let ip = client.ip.map(|ip| ip.to_string());
    let started = playback::ActiveModel {
        account_id: Set(current.account_id),
        profile_id: Set(Some(profile.id)),
        device_id: Set(current.device_id),
        title_id: Set(title.id),
        started_at: Set(now),
        last_heartbeat_at: Set(now),
        ended_at: Set(None),
        position_secs: Set(0),
        ip: Set(ip.clone()),
        country: Set(country),
        region: Set(region),
        city: Set(city),
        hidden_from_history: Set(false),
        pin_unlocked: Set(pin_unlocked),
        ..Default::default()
    }
    .insert(db)
    .await?;
    device::Entity::update_many()
        .col_expr(device::Column::LastSeenAt, Expr::value(now))
        .col_expr(device::Column::LastIp, Expr::value(ip))
        .col_expr(device::Column::LastLocation, Expr::value(place.describe()))
        .filter(device::Column::Id.eq(current.device_id))
        .filter(device::Column::AccountId.eq(current.account_id))
        .exec(db)
        .await?;
    Ok(started)
}

/// A locked profile streams only on a session that unlocked it with its PIN (switched to
/// it) — on the web, the TV and the device API alike, at start and on every heartbeat, so
/// locking a profile mid-stream stops it on the other devices.
fn require_in_use_if_locked(
    chosen_profile: Option<i64>,
    profile: &entity::profile::Model,
    refusal: DomainError,
) -> Result<()> {
    if profile.lock_pin_hash.is_some() && chosen_profile != Some(profile.id) {
        Err(refusal)
    } else {
        Ok(())
    }
}

/// A stream of the caller's own device that has not ended.
async fn live_stream(
    db: &impl ConnectionTrait,
    current: &CurrentSession,
    playback_id: i64,
) -> Result<playback::Model> {
    running(own_stream(db, current, playback_id).await?)
}

/// A stream of the caller's own device.
async fn own_stream(
    db: &impl ConnectionTrait,
    current: &CurrentSession,
    playback_id: i64,
) -> Result<playback::Model> {
    playback::Entity::find_by_id(playback_id)
        .filter(playback::Column::AccountId.eq(current.account_id))
        .filter(playback::Column::DeviceId.eq(current.device_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

fn running(stream: playback::Model) -> Result<playback::Model> {
    if stream.ended_at.is_some() {
        return Err(DomainError::Conflict(Problem::StreamStopped));
    }
    Ok(stream)
}

fn position(secs: i32) -> Result<i32> {
    if (0..=MAX_POSITION_SECS).contains(&secs) {
        Ok(secs)
    } else {
        Err(DomainError::invalid(Problem::PositionOutOfRange))
    }
}

/// Keeps a stream alive. Returns whether the heartbeat was written (at most one per
/// [`HEARTBEAT_EVERY`]). The title is checked again: a restriction saved mid-stream
/// stops it on the next heartbeat.
pub async fn heartbeat(
    db: &impl ConnectionTrait,
    current: &CurrentSession,
    playback_id: i64,
    position_secs: i32,
    now: DateTime<Utc>,
) -> Result<bool> {
    let position_secs = position(position_secs)?;
    let stream = own_stream(db, current, playback_id).await?;
    // Checked first, so a stream that a parental change stopped is refused as forbidden,
    // not merely as stopped.
    may_continue(db, current.profile_id, &stream).await?;
    let stream = running(stream)?;
    if now - stream.last_heartbeat_at < HEARTBEAT_EVERY {
        return Ok(false);
    }
    playback::Entity::update_many()
        .col_expr(playback::Column::LastHeartbeatAt, Expr::value(now))
        .col_expr(playback::Column::PositionSecs, Expr::value(position_secs))
        .filter(playback::Column::Id.eq(stream.id))
        .filter(playback::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    Ok(true)
}

/// Whether a running stream may go on, given the profile its session has chosen: the one
/// rule that the heartbeat and a parental change both apply, so neither can let a stream
/// run that the other would stop.
async fn may_continue(
    db: &impl ConnectionTrait,
    chosen_profile: Option<i64>,
    stream: &playback::Model,
) -> Result<()> {
    let Some(profile_id) = stream.profile_id else {
        return Ok(());
    };
    let profile = profiles::get(db, stream.account_id, profile_id).await?;
    require_in_use_if_locked(chosen_profile, &profile, DomainError::Forbidden)?;
    let rules = Rules::load(db, &profile).await?;
    let (_, access) = catalog::get_for(db, &rules, stream.title_id).await?;
    if access == Access::NeedsPin && !stream.pin_unlocked {
        return Err(DomainError::Forbidden);
    }
    Ok(())
}

/// Stops every playing stream of the account that its profile may no longer watch (a title
/// just blocked, a lower maturity level, a new profile lock, the PIN removed), tells the
/// players, and returns the streams it stopped.
pub async fn stop_disallowed(
    svc: &Services,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let db = &svc.db;
    let playing = playback::Entity::find()
        .filter(playback::Column::AccountId.eq(account_id))
        .filter(playback::Column::EndedAt.is_null())
        .filter(playback::Column::LastHeartbeatAt.gt(now - PLAYING_WITHIN))
        .all(db)
        .await?;
    let mut stopped = Vec::new();
    for stream in playing {
        // The profile chosen on the device playing it: a locked profile plays only there.
        let chosen_profile = entity::session::Entity::find()
            .select_only()
            .column(entity::session::Column::ProfileId)
            .filter(entity::session::Column::DeviceId.eq(stream.device_id))
            .filter(entity::session::Column::RevokedAt.is_null())
            .filter(crate::sessions::in_current_generation())
            .order_by_desc(entity::session::Column::Id)
            .into_tuple::<Option<i64>>()
            .one(db)
            .await?
            .flatten();
        match may_continue(db, chosen_profile, &stream).await {
            Ok(()) => continue,
            Err(DomainError::Forbidden | DomainError::NotFound) => {}
            Err(e) => return Err(e),
        }
        let ended = playback::Entity::update_many()
            .col_expr(playback::Column::EndedAt, Expr::value(now))
            .filter(playback::Column::Id.eq(stream.id))
            .filter(playback::Column::EndedAt.is_null())
            .exec(db)
            .await?
            .rows_affected;
        if ended > 0 {
            stopped.push(stream.id);
        }
    }
    if !stopped.is_empty() {
        svc.live
            .publish(crate::live::LiveEvent::StreamsStopped {
                account_id,
                playback_ids: stopped.clone(),
            })
            .await;
    }
    Ok(stopped)
}

/// Ends a stream. Stopping one that already stopped is not an error.
pub async fn stop(
    db: &impl ConnectionTrait,
    current: &CurrentSession,
    playback_id: i64,
    position_secs: i32,
    now: DateTime<Utc>,
) -> Result<()> {
    let position_secs = position(position_secs)?;
    match live_stream(db, current, playback_id).await {
        Ok(stream) => {
            playback::Entity::update_many()
                .col_expr(playback::Column::EndedAt, Expr::value(now))
                .col_expr(playback::Column::LastHeartbeatAt, Expr::value(now))
                .col_expr(playback::Column::PositionSecs, Expr::value(position_secs))
                .filter(playback::Column::Id.eq(stream.id))
                .filter(playback::Column::EndedAt.is_null())
                .exec(db)
                .await?;
            Ok(())
        }
        Err(DomainError::Conflict(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

pub async fn get(
    db: &impl ConnectionTrait,
    account_id: i64,
    playback_id: i64,
) -> Result<playback::Model> {
    playback::Entity::find_by_id(playback_id)
        .filter(playback::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The profile's most recent titles it may still see, newest first, one entry per title.
pub async fn recently_watched(
    db: &impl ConnectionTrait,
    profile: &entity::profile::Model,
    rules: &Rules,
    limit: usize,
) -> Result<Vec<(title::Model, Access)>> {
    let recent = playback::Entity::find()
        .filter(playback::Column::ProfileId.eq(profile.id))
        .filter(playback::Column::HiddenFromHistory.eq(false))
        .order_by_desc(playback::Column::StartedAt)
        .order_by_desc(playback::Column::Id)
        .limit(50)
        .find_also_related(title::Entity)
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    Ok(recent
        .into_iter()
        .filter_map(|(_, t)| t)
        .filter(|t| seen.insert(t.id))
        .map(|t| {
            let access = rules.access(&t);
            (t, access)
        })
        .filter(|(_, a)| *a != Access::Hidden)
        .take(limit)
        .collect())
}
