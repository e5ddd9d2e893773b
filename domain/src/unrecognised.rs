//! What devices new to the account did: the last page of "Secure my account". A device is
//! unrecognised when it signed in as a new device (it did not present the account's
//! device cookie) within [`WINDOW`]; the device the owner secures from is never one.

use crate::activity::{self, StreamRow};
use crate::error::Result;
use chrono::{DateTime, TimeDelta, Utc};
use entity::security_event::{self, SecurityEventKind};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// How far back the report looks.
pub const WINDOW: TimeDelta = TimeDelta::days(30);

/// At most this many events and streams are listed per device; the activity pages have
/// the rest.
const LISTED: u64 = 50;

/// One unrecognised device and what it did, newest first.
#[derive(Clone, Debug)]
pub struct DeviceReport {
    /// Its sign-in as a new device: name, time, address and place.
    pub sign_in: security_event::Model,
    /// Everything logged from it since, its sign-in included.
    pub events: Vec<security_event::Model>,
    pub streams: Vec<StreamRow>,
}

/// The report: when the account was last secured (within the window), and its
/// unrecognised devices.
#[derive(Clone, Debug)]
pub struct Report {
    pub secured_at: Option<DateTime<Utc>>,
    pub devices: Vec<DeviceReport>,
}

/// The account's unrecognised devices but `this_device`, newest sign-in first.
pub async fn report(
    db: &impl ConnectionTrait,
    account_id: i64,
    this_device: i64,
    now: DateTime<Utc>,
) -> Result<Report> {
    let secured_at = security_event::Entity::find()
        .select_only()
        .column(security_event::Column::OccurredAt)
        .filter(security_event::Column::AccountId.eq(account_id))
        .filter(security_event::Column::Kind.eq(SecurityEventKind::AccountSecured))
        .filter(security_event::Column::OccurredAt.gt(now - WINDOW))
        .order_by_desc(security_event::Column::OccurredAt)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    let sign_ins = security_event::Entity::find()
        .filter(security_event::Column::AccountId.eq(account_id))
        .filter(security_event::Column::Kind.eq(SecurityEventKind::NewDeviceSignIn))
        .filter(security_event::Column::OccurredAt.gt(now - WINDOW))
        .filter(security_event::Column::DeviceId.is_not_null())
        .filter(security_event::Column::DeviceId.ne(this_device))
        .order_by_desc(security_event::Column::OccurredAt)
        .order_by_desc(security_event::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?;
    let mut reports = Vec::with_capacity(sign_ins.len());
    for sign_in in sign_ins {
        let Some(device_id) = sign_in.device_id else {
            continue;
        };
        let events = security_event::Entity::find()
            .filter(security_event::Column::AccountId.eq(account_id))
            .filter(security_event::Column::DeviceId.eq(device_id))
            .filter(security_event::Column::OccurredAt.gte(sign_in.occurred_at))
            .order_by_desc(security_event::Column::OccurredAt)
            .order_by_desc(security_event::Column::Id)
            .limit(LISTED)
            .all(db)
            .await?;
        let streams = activity::streams(db, account_id, Some(device_id), None, LISTED)
            .await?
            .rows
            .into_iter()
            .filter(|s| s.started_at >= sign_in.occurred_at)
            .collect();
        reports.push(DeviceReport {
            sign_in,
            events,
            streams,
        });
    }
    Ok(Report {
        secured_at,
        devices: reports,
    })
}
