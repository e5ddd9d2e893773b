//! The append-only security-event log.

use crate::error::Result;
use chrono::{DateTime, Utc};
use entity::security_event::{self, SecurityEventKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

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

pub async fn record(
    db: &impl ConnectionTrait,
    account_id: i64,
    kind: SecurityEventKind,
    origin: &EventOrigin,
    detail: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    security_event::ActiveModel {
        account_id: Set(account_id),
        kind: Set(kind),
        occurred_at: Set(now),
        device_id: Set(origin.device_id),
        device_name: Set(origin.device_name.clone()),
        ip: Set(origin.ip.clone()),
        location: Set(origin.location.clone()),
        detail: Set(detail),
        profile_id: Set(origin.profile_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
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

/// The account's events, newest first, a page at a time.
pub async fn page(
    db: &impl ConnectionTrait,
    account_id: i64,
    cursor: Option<&crate::paging::Cursor>,
    limit: u64,
) -> Result<crate::paging::Page<security_event::Model>> {
    use crate::paging::{Cursor, before, page};
    let rows = security_event::Entity::find()
        .filter(security_event::Column::AccountId.eq(account_id))
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
