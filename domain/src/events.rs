//! The append-only security-event log.

use crate::error::Result;
use chrono::{DateTime, Utc};
use entity::security_event::{self, SecurityEventKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};

/// Where an event came from, copied into the row so it reads well later.
#[derive(Clone, Debug, Default)]
pub struct EventOrigin {
    pub device_id: Option<i64>,
    pub device_name: Option<String>,
    pub ip: Option<String>,
    pub location: Option<String>,
    /// The profile the event concerns (PINs, parental controls).
    pub profile_id: Option<i64>,
}

/// What an event says beyond its kind, stored as JSON in its row's `detail` so that each
/// reader gets it in their language (the app's `EventDetail` reads it). Names in it are as
/// they were when it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Detail {
    SessionsEnded {
        count: u64,
    },
    OthersSignedOut {
        count: u64,
    },
    OthersStayed,
    /// A wrong password where a sensitive action asked for it again.
    ReauthFailed,
    TvApproved {
        device: String,
        place: Option<String>,
    },
    DeviceSignedOut {
        device: String,
    },
    DeviceDeactivated {
        device: String,
    },
    PinCreated,
    PinChanged,
    PinRemoved,
    MaturitySet {
        profile: String,
        level: String,
    },
    TitleBlocked {
        profile: String,
        title: String,
    },
    TitleUnblocked {
        profile: String,
        title: String,
    },
    ProfileLocked {
        profile: String,
    },
    ProfileUnlocked {
        profile: String,
    },
    ProfileAdded {
        profile: String,
    },
    ProfileDeleted {
        profile: String,
    },
    WrongParentalPin {
        profile: String,
    },
    WrongLockPin {
        profile: String,
    },
}

impl Detail {
    /// The row's `detail` column.
    pub fn store(&self) -> String {
        serde_json::to_string(self).expect("a detail is plain data")
    }

    /// A row's `detail` column, if it holds a detail (older rows hold English text).
    pub fn read(stored: &str) -> Option<Self> {
        serde_json::from_str(stored).ok()
    }
}

/// Appends an event to the account's log; one its owner is told of by mail gets its
/// message in the outbox in the same transaction (a savepoint inside the caller's).
pub async fn record<C>(
    db: &C,
    account_id: i64,
    kind: SecurityEventKind,
    origin: &EventOrigin,
    detail: Option<Detail>,
    now: DateTime<Utc>,
) -> Result<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let event = security_event::ActiveModel {
        account_id: Set(account_id),
        kind: Set(kind),
        occurred_at: Set(now),
        device_id: Set(origin.device_id),
        device_name: Set(origin.device_name.clone()),
        ip: Set(origin.ip.clone()),
        location: Set(origin.location.clone()),
        detail: Set(detail.as_ref().map(Detail::store)),
        profile_id: Set(origin.profile_id),
        ..Default::default()
    };
    if !crate::outbox::tells_the_owner(kind) {
        event.insert(db).await?;
        return Ok(());
    }
    let txn = db.begin().await?;
    let event = event.insert(&txn).await?;
    crate::outbox::enqueue(&txn, account_id, event.id, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The account's newest events first.
pub async fn recent(
    db: &impl ConnectionTrait,
    account_id: i64,
    limit: u64,
) -> Result<Vec<security_event::Model>> {
    Ok(security_event::Entity::find()
        .filter(security_event::Column::AccountId.eq(account_id))
        .order_by_desc(security_event::Column::OccurredAt)
        .order_by_desc(security_event::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The kind stored as `code` ("sign_in", "pin_failed", …).
pub fn kind_of(code: &str) -> Option<SecurityEventKind> {
    use sea_orm::ActiveEnum;
    SecurityEventKind::try_from_value(&code.to_owned()).ok()
}

/// Which of the account's events a reader asks for: of one kind, from one device, since
/// a moment; each left out means any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub kind: Option<SecurityEventKind>,
    pub device_id: Option<i64>,
    pub since: Option<DateTime<Utc>>,
}

impl EventFilter {
    fn of_account(&self, account_id: i64) -> sea_orm::Condition {
        let mut c = sea_orm::Condition::all().add(security_event::Column::AccountId.eq(account_id));
        if let Some(kind) = self.kind {
            c = c.add(security_event::Column::Kind.eq(kind));
        }
        if let Some(device_id) = self.device_id {
            c = c.add(security_event::Column::DeviceId.eq(device_id));
        }
        if let Some(since) = self.since {
            c = c.add(security_event::Column::OccurredAt.gte(since));
        }
        c
    }
}

/// The account's events that `filter` lets through, newest first, a page at a time.
pub async fn page(
    db: &impl ConnectionTrait,
    account_id: i64,
    filter: &EventFilter,
    cursor: Option<&crate::paging::Cursor>,
    limit: u64,
) -> Result<crate::paging::Page<security_event::Model>> {
    use crate::paging::{Cursor, before, page};
    let rows = security_event::Entity::find()
        .filter(filter.of_account(account_id))
        .filter(before(
            security_event::Column::OccurredAt,
            security_event::Column::Id,
            cursor,
        ))
        .order_by_desc(security_event::Column::OccurredAt)
        .order_by_desc(security_event::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    Ok(page(rows, limit, |e| Cursor {
        at: e.occurred_at,
        id: e.id,
    }))
}

/// The most events one download holds: the log only grows (wrong passwords add to it), and
/// a download is built in memory.
pub const DOWNLOAD_LIMIT: usize = 10_000;

/// The newest [`DOWNLOAD_LIMIT`] events `filter` lets through, newest first, for a
/// download.
pub async fn every(
    db: &impl ConnectionTrait,
    account_id: i64,
    filter: &EventFilter,
) -> Result<Vec<security_event::Model>> {
    let mut all = Vec::new();
    let mut cursor = None;
    while all.len() < DOWNLOAD_LIMIT {
        let page = page(db, account_id, filter, cursor.as_ref(), 500).await?;
        all.extend(page.rows);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    all.truncate(DOWNLOAD_LIMIT);
    Ok(all)
}
