//! The notice of a sign-in on a new device, shown on the owner's other devices until they
//! answer it: "Yes, it was me", or "No, secure my account" (securing answers every one).

use crate::error::{DomainError, Result};
use crate::sessions::CurrentSession;
use chrono::{DateTime, TimeDelta, Utc};
use entity::security_event::{self, SecurityEventKind};
use entity::sign_in_review::{self, Answer};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// A sign-in older than this is no longer news; the security activity still has it.
pub const NEWS_FOR: TimeDelta = TimeDelta::days(14);

/// At most this many are shown at once, newest first.
const SHOWN: u64 = 3;

fn unanswered(account_id: i64, now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(security_event::Column::AccountId.eq(account_id))
        .add(security_event::Column::Kind.eq(SecurityEventKind::NewDeviceSignIn))
        .add(security_event::Column::OccurredAt.gt(now - NEWS_FOR))
        .add(
            security_event::Column::Id.not_in_subquery(
                Query::select()
                    .column(sign_in_review::Column::EventId)
                    .from(sign_in_review::Entity)
                    .and_where(sign_in_review::Column::AccountId.eq(account_id))
                    .to_owned(),
            ),
        )
}

/// Since when `viewer`'s device is known, if it is the owner's to ask at all: not a TV,
/// and not a Kids profile (a child must not be able to wave an intruder's sign-in
/// through). Only sign-ins after that moment are asked about on it: a device that signed
/// in later — the new device itself, or the intruder's next sign-in — cannot vouch for
/// one before it.
async fn asks(db: &impl ConnectionTrait, viewer: &CurrentSession) -> Result<Option<DateTime<Utc>>> {
    if viewer.client == entity::session::ClientKind::Tv {
        return Ok(None);
    }
    if let Some(id) = viewer.profile_id
        && crate::profiles::get(db, viewer.account_id, id)
            .await?
            .is_kids
    {
        return Ok(None);
    }
    let device = crate::devices::get(db, viewer.account_id, viewer.device_id).await?;
    Ok(Some(device.first_seen_at))
}

/// The sign-ins on new devices the owner has not answered, for a page of `viewer`'s: never
/// the viewer's own sign-in (the new device does not warn itself), never on a TV or a Kids
/// profile.
pub async fn pending(
    db: &impl ConnectionTrait,
    viewer: &CurrentSession,
    now: DateTime<Utc>,
) -> Result<Vec<security_event::Model>> {
    let Some(known_since) = asks(db, viewer).await? else {
        return Ok(Vec::new());
    };
    Ok(security_event::Entity::find()
        .filter(unanswered(viewer.account_id, now))
        .filter(security_event::Column::OccurredAt.gt(known_since))
        .filter(
            Condition::any()
                .add(security_event::Column::DeviceId.is_null())
                .add(security_event::Column::DeviceId.ne(viewer.device_id)),
        )
        .order_by_desc(security_event::Column::OccurredAt)
        .order_by_desc(security_event::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?)
}

/// "Yes, it was me": the notice of `event_id` goes away on every device of the account.
/// Only the account's own new-device sign-ins can be answered, and only from a device
/// known before them (whoever signed in there would vouch for themselves), never from a
/// TV or a Kids profile.
pub async fn confirm(
    svc: &crate::Services,
    viewer: &CurrentSession,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let db = &svc.db;
    let Some(known_since) = asks(db, viewer).await? else {
        return Err(DomainError::Forbidden);
    };
    let event = security_event::Entity::find_by_id(event_id)
        .filter(security_event::Column::AccountId.eq(viewer.account_id))
        .filter(security_event::Column::Kind.eq(SecurityEventKind::NewDeviceSignIn))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if event.device_id == Some(viewer.device_id) || event.occurred_at <= known_since {
        return Err(DomainError::Forbidden);
    }
    answer(db, viewer.account_id, &[event_id], Answer::Mine, now).await?;
    svc.live
        .publish(crate::live::LiveEvent::SignInNoticesChanged {
            account_id: viewer.account_id,
        })
        .await;
    Ok(())
}

/// Securing the account answers every notice still open.
pub(crate) async fn answer_all_secured(
    db: &impl ConnectionTrait,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let open: Vec<i64> = security_event::Entity::find()
        .select_only()
        .column(security_event::Column::Id)
        .filter(unanswered(account_id, now))
        .into_tuple()
        .all(db)
        .await?;
    answer(db, account_id, &open, Answer::Secured, now).await
}

async fn answer(
    db: &impl ConnectionTrait,
    account_id: i64,
    event_ids: &[i64],
    answer: Answer,
    now: DateTime<Utc>,
) -> Result<()> {
    if event_ids.is_empty() {
        return Ok(());
    }
    // Answered twice (two devices at once): the first answer stands.
    sign_in_review::Entity::insert_many(event_ids.iter().map(|&event_id| {
        sign_in_review::ActiveModel {
            event_id: Set(event_id),
            account_id: Set(account_id),
            answer: Set(answer),
            reviewed_at: Set(now),
        }
    }))
    .on_conflict(
        OnConflict::column(sign_in_review::Column::EventId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
