//! Parental controls: the account PIN, each profile's maturity level, blocked titles and
//! profile lock. Every change needs the account password entered within the last 10
//! minutes, is refused from a TV, takes effect at once on every device (a stream it
//! forbids stops), and is logged.

use crate::error::{DomainError, Problem, Result};
use crate::events;
use crate::events::Detail;
use crate::pin::{self, Pin};
use crate::sessions::CurrentSession;
use crate::text::contains_pattern;
use crate::{ClientInfo, Services, catalog, devices, profiles};
use chrono::{DateTime, Utc};
use entity::profile::{self, MaturityLevel};
use entity::security_event::SecurityEventKind;
use entity::{account, title, title_restriction};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, OnConflict};
use sea_orm::{
    ActiveEnum, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// Checks that the caller may change parental controls now.
fn guard(svc: &Services, current: &CurrentSession, now: DateTime<Utc>) -> Result<()> {
    current.require_not_tv()?;
    current.require_recent_auth(&svc.policy, now)
}

/// What a parental change logs.
struct Logged {
    kind: SecurityEventKind,
    profile_id: Option<i64>,
    detail: Detail,
}

/// Makes a parental change and its security event in one transaction: a change is never
/// saved unlogged, nor logged unsaved. `write` answers whether anything changed (blocking
/// a title twice logs once).
async fn commit<F>(
    svc: &Services,
    current: &CurrentSession,
    client: &ClientInfo,
    logged: Logged,
    now: DateTime<Utc>,
    write: F,
) -> Result<bool>
where
    F: for<'c> FnOnce(
            &'c DatabaseTransaction,
        ) -> std::pin::Pin<Box<dyn Future<Output = Result<bool>> + Send + 'c>>
        + Send
        + 'static,
{
    let mut origin = devices::origin(svc, current, client).await?;
    origin.profile_id = logged.profile_id;
    let account_id = current.account_id;
    let changed = crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            let changed = write(txn).await?;
            if changed {
                events::record(
                    txn,
                    account_id,
                    logged.kind,
                    &origin,
                    Some(logged.detail),
                    now,
                )
                .await?;
            }
            Ok(changed)
        })
    })
    .await?;
    if changed {
        // Takes effect now, not at the next heartbeat: a stream the change forbids stops.
        crate::playback::stop_disallowed(svc, account_id, now).await?;
    }
    Ok(changed)
}

/// Sets or changes the account's parental-controls PIN.
pub async fn set_account_pin(
    svc: &Services,
    current: &CurrentSession,
    pin: &Pin,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let had = pin::has_account_pin(svc, current.account_id).await?;
    let hash = svc.hasher.hash(pin.expose()).await?;
    let logged = Logged {
        kind: SecurityEventKind::PinSet,
        profile_id: None,
        detail: if had {
            Detail::PinChanged
        } else {
            Detail::PinCreated
        },
    };
    let account_id = current.account_id;
    commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            account::Entity::update_many()
                .col_expr(account::Column::ParentalPinHash, Expr::value(Some(hash)))
                .filter(account::Column::Id.eq(account_id))
                .exec(txn)
                .await?;
            Ok(true)
        })
    })
    .await
    .map(drop)
}

pub async fn remove_account_pin(
    svc: &Services,
    current: &CurrentSession,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let logged = Logged {
        kind: SecurityEventKind::PinRemoved,
        profile_id: None,
        detail: Detail::PinRemoved,
    };
    let account_id = current.account_id;
    commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            account::Entity::update_many()
                .col_expr(
                    account::Column::ParentalPinHash,
                    Expr::value(Option::<String>::None),
                )
                .filter(account::Column::Id.eq(account_id))
                .exec(txn)
                .await?;
            Ok(true)
        })
    })
    .await
    .map(drop)
}

/// The highest level a profile may be given: a kids profile stays at 7+ or below.
pub fn highest_level(is_kids: bool) -> MaturityLevel {
    if is_kids {
        MaturityLevel::Seven
    } else {
        MaturityLevel::Eighteen
    }
}

/// Sets a profile's maturity level, up to its [`highest_level`].
pub async fn set_maturity(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    level: MaturityLevel,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let p = profiles::get(&svc.db, current.account_id, profile_id).await?;
    if level > highest_level(p.is_kids) {
        return Err(DomainError::invalid(Problem::KidsMaturity));
    }
    let logged = Logged {
        kind: SecurityEventKind::ParentalChanged,
        profile_id: Some(p.id),
        detail: Detail::MaturitySet {
            profile: p.name.clone(),
            level: level.to_value(),
        },
    };
    let (profile_id, account_id) = (p.id, current.account_id);
    commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            profile::Entity::update_many()
                .col_expr(profile::Column::MaturityLevel, Expr::value(level))
                .filter(profile::Column::Id.eq(profile_id))
                .filter(profile::Column::AccountId.eq(account_id))
                .exec(txn)
                .await?;
            Ok(true)
        })
    })
    .await
    .map(drop)
}

/// A profile's parental controls, as the settings page shows them.
pub struct Controls {
    pub profile: profile::Model,
    /// The account has a parental-controls PIN.
    pub pin_set: bool,
    /// The titles blocked for the profile, by name.
    pub blocked: Vec<title::Model>,
}

/// Reads a profile's parental controls: behind the same gate as changing them (not from a
/// TV, the password entered recently), since they say what a child is kept from.
pub async fn controls(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    now: DateTime<Utc>,
) -> Result<Controls> {
    let profile = profiles::get(&svc.db, current.account_id, profile_id).await?;
    guard(svc, current, now)?;
    let ids = blocked_ids(svc, profile.id).await?;
    let blocked = title::Entity::find()
        .filter(title::Column::Id.is_in(ids))
        .order_by_asc(title::Column::Name)
        .all(&svc.db)
        .await?;
    Ok(Controls {
        pin_set: pin::has_account_pin(svc, current.account_id).await?,
        profile,
        blocked,
    })
}

async fn blocked_ids(svc: &Services, profile_id: i64) -> Result<Vec<i64>> {
    Ok(title_restriction::Entity::find()
        .select_only()
        .column(title_restriction::Column::TitleId)
        .filter(title_restriction::Column::ProfileId.eq(profile_id))
        .into_tuple()
        .all(&svc.db)
        .await?)
}

/// Titles whose name contains `query` (ignoring case and accents) that are not blocked for
/// the profile yet: the suggestions of the "block a title" box. Any rating can be blocked.
/// It lists titles of every rating, so it is a parental-controls action like the others:
/// not from a TV, and only with the password entered recently.
pub async fn suggest(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    query: &str,
    now: DateTime<Utc>,
) -> Result<Vec<title::Model>> {
    guard(svc, current, now)?;
    let account_id = current.account_id;
    let p = profiles::get(&svc.db, account_id, profile_id).await?;
    let query: String = query.chars().take(100).collect();
    if crate::text::fold(&query).is_empty() {
        return Ok(Vec::new());
    }
    let blocked = blocked_ids(svc, p.id).await?;
    let mut q = title::Entity::find().filter(
        Expr::col(title::Column::SearchName)
            .like(LikeExpr::new(contains_pattern(&query)).escape('\\')),
    );
    if !blocked.is_empty() {
        q = q.filter(title::Column::Id.is_not_in(blocked));
    }
    Ok(q.order_by_asc(title::Column::Name)
        .limit(8)
        .all(&svc.db)
        .await?)
}

pub async fn block_title(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    title_id: i64,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let p = profiles::get(&svc.db, current.account_id, profile_id).await?;
    let t = catalog::get(&svc.db, title_id).await?;
    let logged = Logged {
        kind: SecurityEventKind::ParentalChanged,
        profile_id: Some(p.id),
        detail: Detail::TitleBlocked {
            profile: p.name.clone(),
            title: t.name.clone(),
        },
    };
    let (profile_id, title_id) = (p.id, t.id);
    // Blocking twice (two tabs, a double click) is not an error and logs one event.
    commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            let inserted = title_restriction::Entity::insert(title_restriction::ActiveModel {
                profile_id: Set(profile_id),
                title_id: Set(title_id),
                created_at: Set(now),
            })
            .on_conflict(
                OnConflict::columns([
                    title_restriction::Column::ProfileId,
                    title_restriction::Column::TitleId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
            Ok(inserted > 0)
        })
    })
    .await
    .map(drop)
}

pub async fn unblock_title(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    title_id: i64,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let p = profiles::get(&svc.db, current.account_id, profile_id).await?;
    let t = catalog::get(&svc.db, title_id).await?;
    let logged = Logged {
        kind: SecurityEventKind::ParentalChanged,
        profile_id: Some(p.id),
        detail: Detail::TitleUnblocked {
            profile: p.name.clone(),
            title: t.name.clone(),
        },
    };
    let key = (p.id, t.id);
    let removed = commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            let removed = title_restriction::Entity::delete_by_id(key)
                .exec(txn)
                .await?
                .rows_affected;
            Ok(removed > 0)
        })
    })
    .await?;
    if removed {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// Locks a profile with its own 4-digit PIN, asked when switching to it.
pub async fn set_profile_lock(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    pin: &Pin,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let p = profiles::get(&svc.db, current.account_id, profile_id).await?;
    let hash = svc.hasher.hash(pin.expose()).await?;
    let logged = Logged {
        kind: SecurityEventKind::ProfileLockSet,
        profile_id: Some(p.id),
        detail: Detail::ProfileLocked {
            profile: p.name.clone(),
        },
    };
    let profile_id = p.id;
    commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            profile::Entity::update_many()
                .col_expr(profile::Column::LockPinHash, Expr::value(Some(hash)))
                .filter(profile::Column::Id.eq(profile_id))
                .exec(txn)
                .await?;
            Ok(true)
        })
    })
    .await
    .map(drop)
}

pub async fn remove_profile_lock(
    svc: &Services,
    current: &CurrentSession,
    profile_id: i64,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    guard(svc, current, now)?;
    let p = profiles::get(&svc.db, current.account_id, profile_id).await?;
    let logged = Logged {
        kind: SecurityEventKind::ProfileLockRemoved,
        profile_id: Some(p.id),
        detail: Detail::ProfileUnlocked {
            profile: p.name.clone(),
        },
    };
    let profile_id = p.id;
    commit(svc, current, client, logged, now, move |txn| {
        Box::pin(async move {
            profile::Entity::update_many()
                .col_expr(
                    profile::Column::LockPinHash,
                    Expr::value(Option::<String>::None),
                )
                .filter(profile::Column::Id.eq(profile_id))
                .exec(txn)
                .await?;
            Ok(true)
        })
    })
    .await
    .map(drop)
}
