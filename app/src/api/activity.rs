//! Recent device streaming activity, viewing activity and security activity.

use crate::device_name::DeviceName;
use crate::error::AppError;
use crate::event_detail::EventDetail;
use crate::event_kind::EventKind;
use crate::moment::Moment;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamView {
    pub id: i64,
    pub started_at: Moment,
    pub device_name: DeviceName,
    pub ip: Option<String>,
    pub location: String,
    pub profile_name: Option<String>,
    pub title_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceOption {
    pub id: i64,
    pub name: DeviceName,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamingPage {
    pub rows: Vec<StreamView>,
    /// The cursor of the next (older) page.
    pub next: Option<String>,
    /// Devices to filter by.
    pub devices: Vec<DeviceOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub id: i64,
    pub watched_at: Moment,
    pub title_id: i64,
    pub title_name: String,
    pub device_name: DeviceName,
    /// The profile may still open the title (it is neither blocked nor hidden now).
    pub watchable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub profile_id: i64,
    pub profile_name: String,
    pub rows: Vec<HistoryItem>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub at: Moment,
    pub kind: EventKind,
    pub device_name: Option<DeviceName>,
    pub ip: Option<String>,
    pub location: Option<String>,
    pub detail: Option<EventDetail>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsPage {
    pub rows: Vec<EventView>,
    pub next: Option<String>,
}

/// The viewing-history download's column names in `locale`; titles and device names in it
/// are data, written as stored.
#[cfg(feature = "ssr")]
pub fn viewing_csv_columns(locale: crate::i18n::Locale) -> [&'static str; 3] {
    use crate::i18n::td_string;
    [
        td_string!(locale, activity.csv_title),
        td_string!(locale, activity.csv_date),
        td_string!(locale, activity.csv_device),
    ]
}

#[cfg(feature = "ssr")]
fn cursor(before: Option<&str>) -> Result<Option<domain::paging::Cursor>, AppError> {
    before
        .filter(|b| !b.is_empty())
        .map(domain::paging::Cursor::decode)
        .transpose()
        .map_err(AppError::from)
}

#[server(endpoint = "streaming_activity")]
pub async fn streaming_activity(
    device: Option<i64>,
    before: Option<String>,
) -> Result<StreamingPage, AppError> {
    use crate::server::{Caller, require_session};
    use domain::activity;
    let Caller { ctx, session, .. } = require_session()?;
    let db = &ctx.services.db;
    let dates = crate::moment::Dates::of_request();
    let cursor = cursor(before.as_deref())?;
    // The filter must name one of the account's devices.
    if let Some(id) = device {
        domain::devices::get(db, session.account_id, id).await?;
    }
    let page = activity::streams(
        db,
        session.account_id,
        device,
        cursor.as_ref(),
        domain::paging::PAGE_SIZE,
    )
    .await?;
    let devices = domain::devices::all(db, session.account_id)
        .await?
        .into_iter()
        .map(|d| DeviceOption {
            id: d.id,
            name: DeviceName::of(&d.name),
        })
        .collect();
    Ok(StreamingPage {
        rows: page
            .rows
            .into_iter()
            .map(|r| StreamView {
                location: r.location(),
                id: r.id,
                started_at: dates.moment(r.started_at),
                device_name: DeviceName::of(&r.device_name),
                ip: r.ip,
                profile_name: r.profile_name,
                title_name: r.title_name,
            })
            .collect(),
        next: page.next.map(|c| c.encode()),
        devices,
    })
}

#[server(endpoint = "viewing_activity")]
pub async fn viewing_activity(
    profile_id: i64,
    before: Option<String>,
) -> Result<HistoryPage, AppError> {
    use crate::server::{Caller, require_session};
    use domain::activity;
    use domain::policy::{Access, Rules};
    let Caller { ctx, session, .. } = require_session()?;
    let db = &ctx.services.db;
    let profile = domain::profiles::get(db, session.account_id, profile_id).await?;
    let rules = Rules::load(db, &profile).await?;
    let dates = crate::moment::Dates::of_request();
    let cursor = cursor(before.as_deref())?;
    let page = activity::history(
        db,
        session.account_id,
        profile.id,
        cursor.as_ref(),
        domain::paging::PAGE_SIZE,
    )
    .await?;
    Ok(HistoryPage {
        profile_id: profile.id,
        profile_name: profile.name,
        rows: page
            .rows
            .into_iter()
            .map(|r| HistoryItem {
                watchable: rules.access_to(r.title_id, r.title_rating) != Access::Hidden,
                id: r.id,
                watched_at: dates.moment(r.started_at),
                title_id: r.title_id,
                title_name: r.title_name,
                device_name: DeviceName::of(&r.device_name),
            })
            .collect(),
        next: page.next.map(|c| c.encode()),
    })
}

/// Hides an item from its profile's viewing activity (it stays in the streaming audit).
#[server(endpoint = "hide_viewing_item")]
pub async fn hide_viewing_item(playback_id: i64) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    domain::activity::hide(&ctx.services.db, session.account_id, playback_id)
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "security_activity")]
pub async fn security_activity(before: Option<String>) -> Result<EventsPage, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let dates = crate::moment::Dates::of_request();
    let page = domain::events::page(
        &ctx.services.db,
        session.account_id,
        cursor(before.as_deref())?.as_ref(),
        30,
    )
    .await?;
    Ok(EventsPage {
        rows: page
            .rows
            .into_iter()
            .map(|e| EventView {
                id: e.id,
                at: dates.moment(e.occurred_at),
                kind: e.kind.into(),
                device_name: e.device_name.as_deref().map(DeviceName::of),
                ip: e.ip,
                location: e.location,
                detail: e.detail.as_deref().map(EventDetail::read),
            })
            .collect(),
        next: page.next.map(|c| c.encode()),
    })
}
