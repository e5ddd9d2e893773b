//! Server-side sessions: opened at sign-in, checked on every request, revoked at once.

use crate::error::Result;
use crate::sql_text::SqlText;
use crate::token::{self, NewToken};
use chrono::{DateTime, TimeDelta, Utc};
use entity::account;
use entity::device::{self, DeviceState};
use entity::device_code;
use entity::playback;
use entity::session::{self, ClientKind, RevokeReason};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, FromQueryResult, IdenStatic, PaginatorTrait, QueryFilter,
    QuerySelect, QueryTrait, SelectA, SelectB, UpdateMany,
};

/// Lifetimes; configurable, defaults suit a streaming service's long-lived sign-ins.
#[derive(Clone, Debug)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: TimeDelta,
    /// A session ends this long after sign-in, however busy.
    pub absolute: TimeDelta,
    /// `last_seen` is written at most this often per session.
    pub touch_every: TimeDelta,
    /// How long an entered password unlocks sensitive actions.
    pub reauth_window: TimeDelta,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: TimeDelta::days(14),
            absolute: TimeDelta::days(60),
            touch_every: TimeDelta::seconds(60),
            reauth_window: TimeDelta::minutes(10),
        }
    }
}

/// The session a request was made with, once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentSession {
    pub session_id: i64,
    pub account_id: i64,
    pub device_id: i64,
    pub profile_id: Option<i64>,
    pub client: ClientKind,
    pub reauthenticated_at: DateTime<Utc>,
}

impl CurrentSession {
    /// Whether the password was entered on this session recently enough for sensitive
    /// actions.
    pub fn recently_authenticated(&self, policy: &SessionPolicy, now: DateTime<Utc>) -> bool {
        now - self.reauthenticated_at < policy.reauth_window
    }

    pub fn require_recent_auth(&self, policy: &SessionPolicy, now: DateTime<Utc>) -> Result<()> {
        if self.recently_authenticated(policy, now) {
            Ok(())
        } else {
            Err(crate::DomainError::ReauthRequired)
        }
    }

    /// A TV may end only its own session; account-wide actions need the web or a phone.
    pub fn require_not_tv(&self) -> Result<()> {
        if self.client == ClientKind::Tv {
            Err(crate::DomainError::Forbidden)
        } else {
            Ok(())
        }
    }
}

impl From<&session::Model> for CurrentSession {
    fn from(s: &session::Model) -> Self {
        Self {
            session_id: s.id,
            account_id: s.account_id,
            device_id: s.device_id,
            profile_id: s.profile_id,
            client: s.client,
            reauthenticated_at: s.reauthenticated_at,
        }
    }
}

pub async fn open(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    account_id: i64,
    device_id: i64,
    client: ClientKind,
    method: SignInMethod,
    now: DateTime<Utc>,
) -> Result<(NewToken, session::Model)> {
    // Only a password typed on this session unlocks sensitive actions. A session from an
    // approved TV code proves only that some signed-in device approved it (a family
    // laptop left signed in for days), so it must enter the password first.
    let reauthenticated_at = match method {
        SignInMethod::Password => now,
        SignInMethod::Code => DateTime::<Utc>::UNIX_EPOCH,
    };
    let generation = generation_of(db, account_id).await?;
    let new = token::generate();
    let model = session::ActiveModel {
        account_id: Set(account_id),
        device_id: Set(device_id),
        token_hash: Set(new.hash.clone()),
        client: Set(client),
        profile_id: Set(None),
        created_at: Set(now),
        last_seen_at: Set(now),
        idle_expires_at: Set(now + policy.idle),
        absolute_expires_at: Set(now + policy.absolute),
        reauthenticated_at: Set(reauthenticated_at),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        generation: Set(generation),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((new, model))
}

/// The live session behind `token`, or `None` when it is unknown, revoked or expired.
/// Refreshes `last_seen` (and the device's) at most once per `touch_every`.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    token: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<CurrentSession>> {
    Ok(authenticate_with_account(db, policy, token, ip, now)
        .await?
        .map(|(session, _)| session))
}

/// [`authenticate`], with the session's account as read in the same query, for a page
/// that shows it.
pub async fn authenticate_with_account(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    token: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<(CurrentSession, account::Model)>> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let Some((s, account)) = by_token(db, token).await? else {
        return Ok(None);
    };
    Ok(check_and_touch(db, policy, &s, &account, ip, now)
        .await?
        .map(|session| (session, account)))
}

/// The session `s` of `account` as read for a request: `None` when it has ended (revoked,
/// expired, or of an earlier generation); otherwise `last_seen` is refreshed at most once
/// per `touch_every`. Every way in ([`authenticate`], the page lookup) checks here.
pub(crate) async fn check_and_touch(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    s: &session::Model,
    account: &account::Model,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<CurrentSession>> {
    if s.account_id != account.id || crate::live::Ended::of(s, account, now).is_some() {
        return Ok(None);
    }
    if now - s.last_seen_at >= policy.touch_every {
        touch(db, policy, s, ip, now).await?;
    }
    Ok(Some(CurrentSession::from(s)))
}

/// The session behind `token` (a well-formed one) with its account, read in one query.
pub(crate) async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(session::Model, account::Model)>> {
    // Every signed-in request runs this: its SQL text is built once (see `sql_text`).
    static TEXT: SqlText = SqlText::new();
    let backend = db.get_database_backend();
    let hash = token::hash(token);
    let stmt = TEXT.bind(
        backend,
        || by_token_query(String::new()).build(backend),
        by_token_values(hash),
    );
    let Some(row) = db.query_one_raw(stmt).await? else {
        return Ok(None);
    };
    let s = session::Model::from_query_result(&row, SelectA.as_str())?;
    Ok(account::Model::from_query_result_optional(&row, SelectB.as_str())?.map(|a| (s, a)))
}

/// The query behind [`by_token`], for a token's hash.
fn by_token_query(hash: String) -> sea_orm::SelectTwo<session::Entity, account::Entity> {
    session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash))
        .find_also_related(account::Entity)
        .limit(1)
}

/// The values [`by_token_query`] binds, in its order.
fn by_token_values(hash: String) -> [sea_orm::Value; 2] {
    [hash.into(), 1u64.into()]
}

/// The session `session_id` with its account, read in one query.
pub(crate) async fn by_id(
    db: &impl ConnectionTrait,
    session_id: i64,
) -> Result<Option<(session::Model, account::Model)>> {
    Ok(session::Entity::find_by_id(session_id)
        .find_also_related(account::Entity)
        .one(db)
        .await?
        .and_then(|(s, a)| Some((s, a?))))
}

/// The account's current session generation.
async fn generation_of(db: &impl ConnectionTrait, account_id: i64) -> Result<i64> {
    account::Entity::find_by_id(account_id)
        .select_only()
        .column(account::Column::SessionGeneration)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .ok_or(crate::DomainError::NotFound)
}

/// Holds for a session that "sign out of all devices" has not ended: its generation is
/// its account's. Every query for live sessions needs it beside `revoked_at IS NULL`,
/// since the rows of an ended generation are marked revoked only afterwards.
pub(crate) fn in_current_generation() -> SimpleExpr {
    Expr::col((session::Entity, session::Column::Generation)).in_subquery(
        Query::select()
            .column(account::Column::SessionGeneration)
            .from(account::Entity)
            .and_where(
                Expr::col((account::Entity, account::Column::Id))
                    .equals((session::Entity, session::Column::AccountId)),
            )
            .to_owned(),
    )
}

/// Whether `current` is still live, read inside the caller's transaction after taking
/// its account's row, so that an ending of all sessions (which takes the row first:
/// [`revoke_all`]) either came before and shows here, or waits for the caller to commit
/// and then sees what it did.
pub async fn still_live_in(txn: &DatabaseTransaction, current: &CurrentSession) -> Result<bool> {
    // A write that changes nothing, for its row lock (PostgreSQL); SQLite's transactions
    // are serialised whole (`BEGIN IMMEDIATE`).
    account::Entity::update_many()
        .col_expr(
            account::Column::SessionGeneration,
            Expr::col(account::Column::SessionGeneration),
        )
        .filter(account::Column::Id.eq(current.account_id))
        .exec(txn)
        .await?;
    Ok(session::Entity::find()
        .filter(session::Column::Id.eq(current.session_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(in_current_generation())
        .count(txn)
        .await?
        == 1)
}

async fn touch(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    s: &session::Model,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    // Column-wise updates guarded on `revoked_at`, so a concurrent revocation is never undone.
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .col_expr(
            session::Column::IdleExpiresAt,
            Expr::value(Ord::min(now + policy.idle, s.absolute_expires_at)),
        )
        .filter(session::Column::Id.eq(s.id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    let mut device = device::Entity::update_many()
        .col_expr(device::Column::LastSeenAt, Expr::value(now))
        .filter(device::Column::Id.eq(s.device_id));
    if let Some(ip) = ip {
        device = device.col_expr(device::Column::LastIp, Expr::value(ip));
    }
    device.exec(db).await?;
    Ok(())
}

/// An update that ends live sessions; callers narrow it down.
fn revocation(reason: RevokeReason, now: DateTime<Utc>) -> UpdateMany<session::Entity> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason))
        .filter(session::Column::RevokedAt.is_null())
}

/// An update that marks active devices signed out; callers narrow it down.
fn device_sign_out(account_id: i64) -> UpdateMany<device::Entity> {
    device::Entity::update_many()
        .col_expr(device::Column::State, Expr::value(DeviceState::SignedOut))
        .filter(device::Column::AccountId.eq(account_id))
        .filter(device::Column::State.eq(DeviceState::Active))
}

/// An update that ends the account's running streams; callers narrow it down. A signed-out
/// device's player stops at once, and the activity shows the stream ended then.
fn stop_streams(account_id: i64, now: DateTime<Utc>) -> UpdateMany<playback::Entity> {
    playback::Entity::update_many()
        .col_expr(playback::Column::EndedAt, Expr::value(now))
        .filter(playback::Column::AccountId.eq(account_id))
        .filter(playback::Column::EndedAt.is_null())
        // A stream abandoned long ago (its player closed without stopping) did not run
        // until now; the activity keeps its last heartbeat as its end.
        .filter(playback::Column::LastHeartbeatAt.gt(now - crate::playback::PLAYING_WITHIN))
}

/// How a new session was signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInMethod {
    /// The account password, typed on this device.
    Password,
    /// A TV code approved from another signed-in device.
    Code,
}

/// Ends every live session of a device and its streams, and marks the device signed out.
pub async fn revoke_device(
    db: &impl ConnectionTrait,
    account_id: i64,
    device_id: i64,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<u64> {
    let ended = revocation(reason, now)
        .filter(session::Column::DeviceId.eq(device_id))
        .filter(session::Column::AccountId.eq(account_id))
        .exec(db)
        .await?
        .rows_affected;
    device_sign_out(account_id)
        .filter(device::Column::Id.eq(device_id))
        .exec(db)
        .await?;
    stop_streams(account_id, now)
        .filter(playback::Column::DeviceId.eq(device_id))
        .exec(db)
        .await?;
    // Counted before the caller commits: a rolled-back ending is counted all the same.
    crate::counters::revoked(reason, ended);
    Ok(ended)
}

/// Ends every live session of the account except `keep` (if given) and their streams, and
/// voids every TV code approved into the account but not yet collected, so nothing that
/// could still become a session survives. Returns how many sessions ended.
///
/// However many sessions there are, this is a few writes: the account's session
/// generation goes up, which ends every session of the old one at once. Their rows and
/// devices are marked afterwards by [`settle`], which the caller runs once this commits.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    account_id: i64,
    keep: Option<&CurrentSession>,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<u64> {
    // Codes first: this waits for a TV collecting its code right now to commit (or makes
    // its collection fail), so the session it opens is of the generation ended below.
    device_code::Entity::update_many()
        .col_expr(device_code::Column::ConsumedAt, Expr::value(now))
        .filter(device_code::Column::ApprovedAccountId.eq(account_id))
        .filter(device_code::Column::ConsumedAt.is_null())
        .exec(db)
        .await?;
    // The account row stays locked until commit, so no other bump comes between this one
    // and the read that follows.
    account::Entity::update_many()
        .col_expr(
            account::Column::SessionGeneration,
            Expr::col(account::Column::SessionGeneration).add(1),
        )
        .col_expr(account::Column::SessionsEndedBy, Expr::value(reason))
        .filter(account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    let generation = generation_of(db, account_id).await?;
    let ended_generation = generation - 1;
    let mut streams = stop_streams(account_id, now);
    if let Some(keep) = keep {
        // Carried over only from the generation just ended: a session that a concurrent
        // sign-out of all devices ended before this one stays ended.
        session::Entity::update_many()
            .col_expr(session::Column::Generation, Expr::value(generation))
            .filter(session::Column::Id.eq(keep.session_id))
            .filter(session::Column::Generation.eq(ended_generation))
            .filter(session::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
        streams = streams.filter(playback::Column::DeviceId.ne(keep.device_id));
    }
    streams.exec(db).await?;
    let ended = count_live(
        db,
        account_id,
        session::Column::Generation.eq(ended_generation),
        now,
    )
    .await?;
    crate::counters::revoked(reason, ended);
    Ok(ended)
}

/// Marks the sessions of the account's ended generations revoked (at `ended_at`, for the
/// reason the account records) and the devices left without a live session signed out.
/// Bookkeeping only: those sessions were refused from the moment their generation
/// ended. Idempotent; the sweep runs it for any account a crash left unsettled.
pub async fn settle(
    db: &impl ConnectionTrait,
    account_id: i64,
    ended_at: DateTime<Utc>,
) -> Result<u64> {
    let Some(account) = account::Entity::find_by_id(account_id).one(db).await? else {
        return Ok(0);
    };
    let reason = account
        .sessions_ended_by
        .unwrap_or(RevokeReason::SignOutAll);
    let ended = revocation(reason, ended_at)
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Generation.lt(account.session_generation))
        .exec(db)
        .await?
        .rows_affected;
    device_sign_out(account_id)
        .filter(
            device::Column::Id.not_in_subquery(
                Query::select()
                    .column(session::Column::DeviceId)
                    .from(session::Entity)
                    .and_where(session::Column::AccountId.eq(account_id))
                    .and_where(session::Column::Generation.eq(account.session_generation))
                    .and_where(session::Column::RevokedAt.is_null())
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    Ok(ended)
}

/// Settles in the background: the caller's answer does not wait for the bookkeeping.
pub fn settle_later(db: &DatabaseConnection, account_id: i64, ended_at: DateTime<Utc>) {
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = settle(&db, account_id, ended_at).await {
            tracing::warn!(error = %e, account_id, "settling ended sessions failed; the sweep retries");
        }
    });
}

/// Settles accounts whose ended sessions are still unmarked (a crash between a sign-out
/// of all devices and its settling). Returns how many sessions it marked.
pub async fn sweep(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    let unsettled: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::AccountId)
        .distinct()
        .filter(session::Column::RevokedAt.is_null())
        .filter(in_current_generation().not())
        .limit(100)
        .into_tuple()
        .all(db)
        .await?;
    let mut marked = 0;
    for account_id in unsettled {
        marked += settle(db, account_id, now).await?;
    }
    Ok(marked)
}

/// Records that the password was just entered on this session.
pub async fn mark_reauthenticated(
    db: &impl ConnectionTrait,
    current: &mut CurrentSession,
    now: DateTime<Utc>,
) -> Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::ReauthenticatedAt, Expr::value(now))
        .filter(session::Column::Id.eq(current.session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    current.reauthenticated_at = now;
    Ok(())
}

/// Makes every live session of the account enter the password again before its next
/// sensitive action, without signing anyone out. Returns how many sessions it touched.
///
/// For support, when a session may be in the wrong hands but the owner is still using
/// it; the browser tests reach the password gate through it instead of waiting ten
/// minutes or editing the database behind the server's back.
pub async fn require_reauthentication(db: &impl ConnectionTrait, account_id: i64) -> Result<u64> {
    Ok(session::Entity::update_many()
        .col_expr(
            session::Column::ReauthenticatedAt,
            Expr::value(DateTime::<Utc>::UNIX_EPOCH),
        )
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The account's session `session_id`.
pub async fn get(
    db: &impl ConnectionTrait,
    account_id: i64,
    session_id: i64,
) -> Result<session::Model> {
    session::Entity::find_by_id(session_id)
        .filter(session::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .ok_or(crate::DomainError::NotFound)
}

/// Live sessions of the account, for tests and the devices page.
pub async fn live_count(
    db: &impl ConnectionTrait,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<u64> {
    // The Account page runs this on every view: its SQL text is built once.
    static TEXT: SqlText = SqlText::new();
    let backend = db.get_database_backend();
    let stmt = TEXT.bind(
        backend,
        || count_live_query(0, in_current_generation(), now).build(backend),
        count_live_values(account_id, now),
    );
    let n: Option<i64> = match db.query_one_raw(stmt).await? {
        Some(row) => row.try_get("", "n")?,
        None => None,
    };
    Ok(n.unwrap_or(0) as u64)
}

/// Unrevoked, unexpired sessions of the account in the generation `generation` picks.
async fn count_live(
    db: &impl ConnectionTrait,
    account_id: i64,
    generation: SimpleExpr,
    now: DateTime<Utc>,
) -> Result<u64> {
    let n: Option<i64> = count_live_query(account_id, generation, now)
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.unwrap_or(0) as u64)
}

/// The query behind [`count_live`]. A plain COUNT: the paginator's wraps the query in a
/// sub-select, which costs every account page noticeably more.
fn count_live_query(
    account_id: i64,
    generation: SimpleExpr,
    now: DateTime<Utc>,
) -> sea_orm::Select<session::Entity> {
    session::Entity::find()
        .select_only()
        .column_as(session::Column::Id.count(), "n")
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(generation)
        .filter(session::Column::IdleExpiresAt.gt(now))
        .filter(session::Column::AbsoluteExpiresAt.gt(now))
}

/// The values [`count_live_query`] binds with the current generation, in its order.
fn count_live_values(account_id: i64, now: DateTime<Utc>) -> [sea_orm::Value; 3] {
    [account_id.into(), now.into(), now.into()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::DbBackend;

    // The session lookup and the live count keep their SQL text (`sql_text`) and bind
    // fresh values to it: the values must be the ones SeaORM binds, in its order.
    #[test]
    fn the_kept_session_queries_are_the_ones_seaorm_builds() {
        let now = Utc::now();
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let kept = SqlText::new().bind(
                backend,
                || by_token_query(String::new()).build(backend),
                by_token_values("hash".into()),
            );
            assert_eq!(
                kept,
                by_token_query("hash".into()).build(backend),
                "{backend:?}"
            );

            let kept = SqlText::new().bind(
                backend,
                || count_live_query(0, in_current_generation(), now).build(backend),
                count_live_values(7, now),
            );
            let built = count_live_query(7, in_current_generation(), now).build(backend);
            assert_eq!(kept, built, "{backend:?}");
        }
    }
}
