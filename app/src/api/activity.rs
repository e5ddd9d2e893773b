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
    /// Devices to filter by.
    pub devices: Vec<DeviceOption>,
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
    let devices = device_options(&ctx.services, session.account_id).await?;
    Ok(StreamingPage {
        rows: page
            .rows
            .into_iter()
            .map(|r| stream_view(&dates, r))
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
pub async fn security_activity(
    filter: SecurityQuery,
    before: Option<String>,
) -> Result<EventsPage, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let svc = &ctx.services;
    let dates = crate::moment::Dates::of_request();
    let filter = security_filter(svc, session.account_id, &filter, chrono::Utc::now()).await?;
    let page = domain::events::page(
        &svc.db,
        session.account_id,
        &filter,
        cursor(before.as_deref())?.as_ref(),
        30,
    )
    .await?;
    Ok(EventsPage {
        rows: page
            .rows
            .into_iter()
            .map(|e| event_view(&dates, e))
            .collect(),
        next: page.next.map(|c| c.encode()),
        devices: device_options(svc, session.account_id).await?,
    })
}

/// The account's devices, to filter by.
#[cfg(feature = "ssr")]
async fn device_options(
    svc: &domain::Services,
    account_id: i64,
) -> Result<Vec<DeviceOption>, AppError> {
    Ok(domain::devices::all(&svc.db, account_id)
        .await?
        .into_iter()
        .map(|d| DeviceOption {
            id: d.id,
            name: DeviceName::of(&d.name),
        })
        .collect())
}

/// The periods the security activity can be narrowed to, in days.
pub const PERIODS: [i64; 4] = [7, 30, 90, 365];

/// The security activity's filter as the page's form and the downloads send it, each part
/// empty for any: the kind's code, a device's id, a period in days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SecurityQuery {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
}

impl SecurityQuery {
    fn given(part: &Option<String>) -> Option<&str> {
        part.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }

    pub fn kind(&self) -> Option<&str> {
        Self::given(&self.kind)
    }

    pub fn device(&self) -> Option<&str> {
        Self::given(&self.device)
    }

    pub fn period(&self) -> Option<&str> {
        Self::given(&self.period)
    }

    /// `kind=…&device=…&period=…` with only the parts given, for links that keep it.
    pub fn to_query(&self) -> String {
        [
            ("kind", self.kind()),
            ("device", self.device()),
            ("period", self.period()),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| format!("{name}={}", encode(v))))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// Query values are codes and numbers; anything else is escaped rather than trusted.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads a filter: a kind that exists, one of the account's own devices, an offered
/// period. Anything else is refused with a message, and nothing is shown for it.
#[cfg(feature = "ssr")]
pub async fn security_filter(
    svc: &domain::Services,
    account_id: i64,
    query: &SecurityQuery,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<domain::events::EventFilter, domain::DomainError> {
    use domain::DomainError;
    use domain::error::Problem;
    let bad = || DomainError::invalid(Problem::FilterNotValid);
    let kind = query
        .kind()
        .map(|code| domain::events::kind_of(code).ok_or_else(bad))
        .transpose()?;
    let device_id = match query.device() {
        Some(raw) => {
            let id = raw.parse::<i64>().map_err(|_| bad())?;
            // Another account's device is not one to filter by.
            // A database failure stays one, not a "bad filter".
            domain::devices::get(&svc.db, account_id, id)
                .await
                .map_err(|e| match e {
                    DomainError::NotFound => bad(),
                    other => other,
                })?;
            Some(id)
        }
        None => None,
    };
    let since = match query.period() {
        Some(raw) => {
            let days = raw
                .parse::<i64>()
                .ok()
                .filter(|d| PERIODS.contains(d))
                .ok_or_else(bad)?;
            Some(now - chrono::TimeDelta::days(days))
        }
        None => None,
    };
    Ok(domain::events::EventFilter {
        kind,
        device_id,
        since,
    })
}

/// The security activity download's column names in `locale`.
pub fn security_export_columns(locale: crate::i18n::Locale) -> [&'static str; 6] {
    use crate::i18n::td_string;
    [
        td_string!(locale, activity.csv_date),
        td_string!(locale, activity.export_event),
        td_string!(locale, activity.csv_device),
        td_string!(locale, activity.ip),
        td_string!(locale, activity.location),
        td_string!(locale, activity.export_details),
    ]
}

/// A stream as the pages show it.
#[cfg(feature = "ssr")]
pub(crate) fn stream_view(
    dates: &crate::moment::Dates,
    r: domain::activity::StreamRow,
) -> StreamView {
    StreamView {
        location: r.location(),
        id: r.id,
        started_at: dates.moment(r.started_at),
        device_name: DeviceName::of(&r.device_name),
        ip: r.ip,
        profile_name: r.profile_name,
        title_name: r.title_name,
    }
}

/// A security event as the pages show it.
#[cfg(feature = "ssr")]
pub(crate) fn event_view(
    dates: &crate::moment::Dates,
    e: domain::entity::security_event::Model,
) -> EventView {
    EventView {
        id: e.id,
        at: dates.moment(e.occurred_at),
        kind: e.kind.into(),
        device_name: e.device_name.as_deref().map(DeviceName::of),
        ip: e.ip,
        location: e.location,
        detail: e.detail.as_deref().map(EventDetail::read),
    }
}
