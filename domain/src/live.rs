//! The live channel: what an open page, player or TV hears about its own session and
//! account the moment it happens, on every server instance.
//!
//! A service that ends sessions, starts one or stops streams [`LiveHub::publish`]es an
//! event after its transaction commits. On PostgreSQL the event goes out with `NOTIFY`,
//! and each instance's one `LISTEN` connection feeds it back into that instance's
//! in-process broadcast — the publishing instance included, so there is one delivery
//! path. On SQLite the broadcast is fed directly, and the event is also written to the
//! `live_event` table for other processes on the same file (a second server, the
//! command line), which poll it.
//!
//! A [`Watch`] turns the events into what one session's page needs to know. It never
//! trusts an event's claim about whom it concerns: told that sessions of its account
//! ended, it reads its own session row again, so a page learns only its own fate.

use crate::Services;
use crate::error::Result;
use crate::token;
use chrono::{DateTime, Utc};
use entity::session::{self, RevokeReason};
use entity::{account, live_event};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::broadcast;

/// Something that happened to an account, as it travels between instances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// Some sessions of the account ended; each page finds out whether it was one.
    SessionsEnded { account_id: i64 },
    /// A device of the account signed in.
    SessionStarted { account_id: i64 },
    /// A notice of a sign-in on a new device appeared or was answered.
    SignInNoticesChanged { account_id: i64 },
    /// The server stopped these streams of the account (a parental change forbade them).
    StreamsStopped {
        account_id: i64,
        playback_ids: Vec<i64>,
    },
}

impl LiveEvent {
    pub fn account_id(&self) -> i64 {
        match self {
            Self::SessionsEnded { account_id }
            | Self::SessionStarted { account_id }
            | Self::SignInNoticesChanged { account_id }
            | Self::StreamsStopped { account_id, .. } => *account_id,
        }
    }
}

/// PostgreSQL refuses a `NOTIFY` payload of 8000 bytes or more.
const NOTIFY_LIMIT: usize = 7999;

impl LiveEvent {
    /// The event as events whose JSON is at most `limit` bytes each: a list of stopped
    /// streams too long for one goes in several, so that no part of it is lost.
    fn in_parts(self, limit: usize) -> Vec<LiveEvent> {
        let fits = serde_json::to_string(&self).is_ok_and(|p| p.len() <= limit);
        match self {
            Self::StreamsStopped {
                account_id,
                mut playback_ids,
            } if !fits && playback_ids.len() > 1 => {
                let rest = playback_ids.split_off(playback_ids.len() / 2);
                let mut parts = Self::StreamsStopped {
                    account_id,
                    playback_ids,
                }
                .in_parts(limit);
                parts.extend(
                    Self::StreamsStopped {
                        account_id,
                        playback_ids: rest,
                    }
                    .in_parts(limit),
                );
                parts
            }
            event => vec![event],
        }
    }
}

/// What the in-process broadcast carries.
#[derive(Clone, Debug)]
enum Signal {
    Event(LiveEvent),
    /// Events may have been lost (the `LISTEN` connection dropped): every watcher reads
    /// its session again.
    Resync,
}

/// Events waiting for slow receivers; one behind by more than this re-reads its session.
const BROADCAST_CAPACITY: usize = 1024;
/// How often a server on SQLite looks for events written by other processes.
pub const SQLITE_POLL: Duration = Duration::from_millis(200);
/// How often a watch reads its session again although it heard nothing: a `NOTIFY` that
/// failed, or an instance that died between its commit and its publish, cannot leave a
/// page showing an account it was signed out of for longer than this (and its spread).
pub const RECHECK_EVERY: Duration = Duration::from_secs(45);
/// How soon a watch tries again after its session could not be read.
const RECHECK_FAILED: Duration = Duration::from_secs(2);
/// Relayed events older than this are swept.
const RELAY_KEEP: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// The live events of one process. Cloning shares it.
#[derive(Clone)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

struct Inner {
    sender: broadcast::Sender<Signal>,
    db: DatabaseConnection,
    transport: Transport,
    /// Tells this process's relayed rows from other processes'.
    origin: String,
}

enum Transport {
    Notify { channel: String },
    Relay,
}

impl LiveHub {
    /// A hub that delivers to this process's watchers and listens for other instances'
    /// events: for `serve`.
    pub async fn start(db: &DatabaseConnection) -> Result<Self> {
        let hub = Self::new(db).await?;
        let weak = Arc::downgrade(&hub.inner);
        match &hub.inner.transport {
            Transport::Notify { channel } => {
                let pool = db.get_postgres_connection_pool().clone();
                let (ready, listening) = tokio::sync::oneshot::channel();
                tokio::spawn(listen(pool, channel.clone(), weak, ready));
                // Serve only once other instances' events can be heard.
                if tokio::time::timeout(Duration::from_secs(10), listening)
                    .await
                    .is_err()
                {
                    tracing::warn!("live events: not listening yet; carrying on");
                }
            }
            Transport::Relay => {
                let last = relayed_max_id(db).await?;
                tokio::spawn(poll_relay(db.clone(), last, weak));
            }
        }
        Ok(hub)
    }

    /// A hub that only publishes, for a command run beside the servers.
    pub async fn publisher(db: &DatabaseConnection) -> Result<Self> {
        Self::new(db).await
    }

    async fn new(db: &DatabaseConnection) -> Result<Self> {
        let transport = match db.get_database_backend() {
            DbBackend::Postgres => Transport::Notify {
                channel: notify_channel(db).await?,
            },
            _ => Transport::Relay,
        };
        let (sender, _) = broadcast::channel(BROADCAST_CAPACITY);
        Ok(Self {
            inner: Arc::new(Inner {
                sender,
                db: db.clone(),
                transport,
                origin: token::generate().hash[..32].to_owned(),
            }),
        })
    }

    /// Tells every instance. Called after the change is committed; a failure is logged
    /// and the change stands (pages re-check their session whenever they reconnect).
    pub async fn publish(&self, event: LiveEvent) {
        let inner = &self.inner;
        match &inner.transport {
            Transport::Notify { channel } => {
                for part in event.in_parts(NOTIFY_LIMIT) {
                    let payload = match serde_json::to_string(&part) {
                        Ok(p) => p,
                        Err(e) => {
                            tracing::error!(error = %e, "encoding a live event");
                            continue;
                        }
                    };
                    let sent = inner
                        .db
                        .execute_raw(Statement::from_sql_and_values(
                            DbBackend::Postgres,
                            "SELECT pg_notify($1, $2)",
                            [channel.clone().into(), payload.into()],
                        ))
                        .await;
                    if let Err(e) = sent {
                        tracing::warn!(error = %e, "NOTIFY failed; only this instance hears it");
                        let _ = inner.sender.send(Signal::Event(part));
                    }
                }
            }
            Transport::Relay => {
                let payload = match serde_json::to_string(&event) {
                    Ok(p) => p,
                    Err(e) => {
                        tracing::error!(error = %e, "encoding a live event");
                        return;
                    }
                };
                let _ = inner.sender.send(Signal::Event(event));
                let row = live_event::ActiveModel {
                    origin: Set(inner.origin.clone()),
                    payload: Set(payload),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                };
                if let Err(e) = row.insert(&inner.db).await {
                    tracing::warn!(error = %e, "relaying a live event to other processes");
                }
            }
        }
    }

    fn subscribe(&self) -> broadcast::Receiver<Signal> {
        self.inner.sender.subscribe()
    }

    /// Open channels of this process.
    pub fn watchers(&self) -> usize {
        self.inner.sender.receiver_count()
    }
}

/// One `NOTIFY` channel per database schema, so that deployments (and test runs) sharing
/// a PostgreSQL server never hear each other's accounts.
async fn notify_channel(db: &DatabaseConnection) -> Result<String> {
    let schema = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT current_schema()",
        ))
        .await?
        .and_then(|row| row.try_get_by_index::<String>(0).ok())
        .unwrap_or_else(|| "public".into());
    let channel = format!("kinoguard_live.{schema}");
    // Identifiers are cut at 63 bytes; a long schema name is hashed instead.
    Ok(if channel.len() <= 63 {
        channel
    } else {
        format!("kinoguard_live.{}", &token::hash(&schema)[..40])
    })
}

/// Feeds other instances' (and this one's) `NOTIFY`s into the local broadcast until the
/// hub is dropped. A lost connection is re-opened with back-off, and every watcher then
/// re-reads its session, since notifications sent meanwhile are gone.
async fn listen(
    pool: sea_orm::sqlx::PgPool,
    channel: String,
    hub: Weak<Inner>,
    ready: tokio::sync::oneshot::Sender<()>,
) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut backoff = Duration::from_millis(100);
    let mut ready = Some(ready);
    loop {
        let connected = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(&channel).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        }
        .await;
        match connected {
            Ok(mut listener) => {
                backoff = Duration::from_millis(100);
                // The first connection, if the server still waits for it, needs no resync;
                // one that came too late, or any later one, may have missed events.
                let awaited = ready.take().is_some_and(|ready| ready.send(()).is_ok());
                if !awaited {
                    let Some(inner) = hub.upgrade() else { return };
                    let _ = inner.sender.send(Signal::Resync);
                }
                loop {
                    let received = listener.try_recv().await;
                    let Some(inner) = hub.upgrade() else { return };
                    match received {
                        Ok(Some(n)) => match serde_json::from_str::<LiveEvent>(n.payload()) {
                            Ok(event) => {
                                let _ = inner.sender.send(Signal::Event(event));
                            }
                            Err(e) => tracing::warn!(error = %e, "an unreadable live event"),
                        },
                        // The connection was lost. sqlx would reconnect on the next call, but
                        // a resync sent before it is listening again could miss a sign-out
                        // committed in between: reconnect here, and resync once listening.
                        Ok(None) => {
                            tracing::warn!("live events: the LISTEN connection was lost");
                            break;
                        }
                        Err(sea_orm::sqlx::Error::PoolClosed) => return,
                        Err(e) => {
                            tracing::warn!(error = %e, "live events: LISTEN failed");
                            break;
                        }
                    }
                }
            }
            Err(sea_orm::sqlx::Error::PoolClosed) => return,
            Err(e) => tracing::warn!(error = %e, "live events: cannot LISTEN"),
        }
        if hub.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

async fn relayed_max_id(db: &DatabaseConnection) -> Result<i64> {
    Ok(live_event::Entity::find()
        .select_only()
        .column(live_event::Column::Id)
        .order_by_desc(live_event::Column::Id)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// Delivers events that other processes wrote to the SQLite file, until the hub is
/// dropped. A failed read is retried; watchers then re-read their sessions.
async fn poll_relay(db: DatabaseConnection, mut last: i64, hub: Weak<Inner>) {
    let mut every = tokio::time::interval(SQLITE_POLL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        every.tick().await;
        let Some(inner) = hub.upgrade() else { return };
        let rows = live_event::Entity::find()
            .filter(live_event::Column::Id.gt(last))
            .order_by_asc(live_event::Column::Id)
            .limit(1000)
            .all(&db)
            .await;
        match rows {
            Ok(rows) => {
                if failing {
                    failing = false;
                    let _ = inner.sender.send(Signal::Resync);
                }
                for row in rows {
                    last = row.id;
                    if row.origin == inner.origin {
                        continue;
                    }
                    match serde_json::from_str::<LiveEvent>(&row.payload) {
                        Ok(event) => {
                            let _ = inner.sender.send(Signal::Event(event));
                        }
                        Err(e) => tracing::warn!(error = %e, "an unreadable live event"),
                    }
                }
            }
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "live events: reading the relay failed");
                }
                failing = true;
            }
        }
    }
}

/// Deletes relayed events every process has long since read.
pub async fn sweep(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    Ok(live_event::Entity::delete_many()
        .filter(live_event::Column::CreatedAt.lt(now - RELAY_KEEP))
        .exec(db)
        .await?
        .rows_affected)
}

/// Why a session is over, as its page says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Revoked(RevokeReason),
    Expired,
}

impl Ended {
    /// Whether `s`, a session of `account`, is over at `now`, and why.
    pub fn of(s: &session::Model, account: &account::Model, now: DateTime<Utc>) -> Option<Self> {
        if s.revoked_at.is_some() {
            Some(Self::Revoked(
                s.revoked_reason.unwrap_or(RevokeReason::SignOut),
            ))
        } else if s.generation < account.session_generation {
            // Ended with its generation; the row is marked revoked soon after.
            Some(Self::Revoked(
                account
                    .sessions_ended_by
                    .unwrap_or(RevokeReason::SignOutAll),
            ))
        } else if now >= s.idle_expires_at || now >= s.absolute_expires_at {
            Some(Self::Expired)
        } else {
            None
        }
    }
}

/// What a session's page is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// This session is over; nothing follows.
    SignedOut(Ended),
    /// The account's devices or sessions changed: lists and counts are stale.
    DevicesChanged,
    /// The server stopped this stream of the account.
    StreamStopped { playback_id: i64 },
    /// The notices of sign-ins on new devices changed.
    SignInNoticesChanged,
}

/// What a channel opened with a session token finds.
pub enum Opening {
    Live(Watch),
    /// The token's session is over: the page is told at once.
    Ended(Ended),
    /// No session has this token.
    Unknown,
}

/// Opens a channel for the session behind `token`. Reading the row does not count as
/// use of the session: an open tab alone must not keep a session from going idle.
pub async fn open(svc: &Services, token: &str, now: DateTime<Utc>) -> Result<Opening> {
    if !token::looks_valid(token) {
        return Ok(Opening::Unknown);
    }
    // Subscribed before the row is read, so nothing that happens after the read is missed.
    let receiver = svc.live.subscribe();
    let Some((s, account)) = crate::sessions::by_token(&svc.db, token).await? else {
        return Ok(Opening::Unknown);
    };
    if let Some(ended) = Ended::of(&s, &account, now) {
        return Ok(Opening::Ended(ended));
    }
    Ok(Opening::Live(Watch {
        db: svc.db.clone(),
        receiver,
        session_id: s.id,
        account_id: s.account_id,
        ends_at: s.idle_expires_at.min(s.absolute_expires_at),
        next_recheck: spread(RECHECK_EVERY, s.id),
        recheck_every: RECHECK_EVERY,
        queued: VecDeque::new(),
        over: false,
    }))
}

/// `every` plus up to half of it again, different for each session, so that the watches
/// of an instance do not all read their sessions at the same moment.
fn spread(every: Duration, session_id: i64) -> Duration {
    let half = every.as_millis().max(2) as u64 / 2;
    every + Duration::from_millis(session_id.unsigned_abs().wrapping_mul(7919) % half)
}

/// One session's view of the live events.
pub struct Watch {
    db: DatabaseConnection,
    receiver: broadcast::Receiver<Signal>,
    session_id: i64,
    account_id: i64,
    /// When the session expires unless it is used meanwhile.
    ends_at: DateTime<Utc>,
    /// How long until the next unprompted re-read of the session.
    next_recheck: Duration,
    recheck_every: Duration,
    queued: VecDeque<Notice>,
    over: bool,
}

impl Watch {
    pub fn session_id(&self) -> i64 {
        self.session_id
    }

    pub fn account_id(&self) -> i64 {
        self.account_id
    }

    /// Re-reads the session unprompted this often (and its spread) instead of
    /// [`RECHECK_EVERY`]; tests use a short one.
    pub fn recheck_every(mut self, every: Duration) -> Self {
        self.recheck_every = every;
        self.next_recheck = spread(every, self.session_id);
        self
    }

    /// The next notice, or `None` once the session is over or the hub is gone. Between
    /// events the session is read again every [`RECHECK_EVERY`] or so, and at its expiry.
    pub async fn next(&mut self) -> Option<Notice> {
        loop {
            if let Some(notice) = self.queued.pop_front() {
                return Some(notice);
            }
            if self.over {
                return None;
            }
            let until_expiry = (self.ends_at - Utc::now()).to_std().unwrap_or_default();
            let signal = tokio::select! {
                signal = self.receiver.recv() => signal,
                () = tokio::time::sleep(until_expiry.min(self.next_recheck)) => {
                    self.recheck(false).await;
                    continue;
                }
            };
            match signal {
                Ok(Signal::Event(event)) if event.account_id() == self.account_id => match event {
                    LiveEvent::SessionsEnded { .. } => self.recheck(true).await,
                    LiveEvent::SessionStarted { .. } => {
                        self.queued.push_back(Notice::DevicesChanged)
                    }
                    LiveEvent::SignInNoticesChanged { .. } => {
                        self.queued.push_back(Notice::SignInNoticesChanged)
                    }
                    LiveEvent::StreamsStopped { playback_ids, .. } => self.queued.extend(
                        playback_ids
                            .into_iter()
                            .map(|playback_id| Notice::StreamStopped { playback_id }),
                    ),
                },
                Ok(Signal::Event(_)) => {}
                Ok(Signal::Resync) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    self.recheck(true).await;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    /// Reads the session again: queues its end, or (with `changed`) that the account's
    /// devices may have changed.
    async fn recheck(&mut self, changed: bool) {
        self.next_recheck = spread(self.recheck_every, self.session_id);
        let now = Utc::now();
        match crate::sessions::by_id(&self.db, self.session_id).await {
            Ok(Some((s, account))) => match Ended::of(&s, &account, now) {
                Some(ended) => {
                    self.queued.push_back(Notice::SignedOut(ended));
                    self.over = true;
                }
                None => {
                    self.ends_at = s.idle_expires_at.min(s.absolute_expires_at);
                    if changed {
                        self.queued.push_back(Notice::DevicesChanged);
                    }
                }
            },
            Ok(None) => {
                self.queued
                    .push_back(Notice::SignedOut(Ended::Revoked(RevokeReason::SignOut)));
                self.over = true;
            }
            // The channel stays open and tries again soon: ending it would bring every
            // page of a struggling database back at once. A sign-out it was told of is
            // not lost, since the next successful read finds the session ended.
            Err(e) => {
                tracing::warn!(error = %e, "live channel: reading the session failed");
                self.next_recheck = RECHECK_FAILED;
            }
        }
    }
}
