//! Reading streams back: the account's streaming activity (every stream, for the audit)
//! and a profile's viewing activity (its history, minus what it hid). Both newest first,
//! paged by keyset on `(started_at, id)` — no OFFSET, so page 1000 costs what page 1 does.

use crate::error::{DomainError, Result};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use entity::{device, playback, profile, title};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

pub const PAGE_SIZE: u64 = 25;

/// Where a page ends: the last row's `(time, id)`, opaque to clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let raw = format!(
            "{}~{}",
            self.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            self.id
        );
        URL_SAFE_NO_PAD.encode(raw)
    }

    pub fn decode(s: &str) -> Result<Self> {
        let bad =
            || DomainError::invalid("That page link is not valid. Start again from the newest.");
        if s.len() > 200 {
            return Err(bad());
        }
        let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
        let raw = String::from_utf8(raw).map_err(|_| bad())?;
        let (at, id) = raw.split_once('~').ok_or_else(bad)?;
        Ok(Self {
            at: DateTime::parse_from_rfc3339(at)
                .map_err(|_| bad())?
                .with_timezone(&Utc),
            id: id.parse().map_err(|_| bad())?,
        })
    }
}

/// A page and the cursor of the next one, if there is more.
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<Cursor>,
}

/// A row of "Recent device streaming activity".
#[derive(Clone, Debug, FromQueryResult)]
pub struct StreamRow {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub device_id: i64,
    pub device_name: String,
    pub ip: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub profile_name: Option<String>,
    pub title_id: i64,
    pub title_name: String,
}

impl StreamRow {
    /// "Paris, France"; "Erased" once the device was deactivated.
    pub fn location(&self) -> String {
        match (&self.ip, &self.country) {
            (None, _) => "Erased".into(),
            (Some(ip), None) => match ip.parse() {
                Ok(addr) if crate::geo::is_local(addr) => "Local network".into(),
                _ => "Unknown location".into(),
            },
            (Some(_), Some(country)) => match (&self.city, &self.region) {
                (Some(city), _) => format!("{city}, {country}"),
                (None, Some(region)) => format!("{region}, {country}"),
                (None, None) => country.clone(),
            },
        }
    }
}

/// Rows strictly older than the cursor in `(time, id)` order. Written as
/// `time <= t AND (time < t OR id < i)`: the first half is a range both SQLite and
/// PostgreSQL seek to in the `(…, time, id)` indexes, so a deep page costs what the first
/// one does. (SQLite does not range-scan a row-value comparison after an equality prefix.)
pub fn before<T: ColumnTrait, I: ColumnTrait>(
    time: T,
    id: I,
    cursor: Option<&Cursor>,
) -> Condition {
    match cursor {
        None => Condition::all(),
        Some(c) => Condition::all()
            .add(time.lte(c.at))
            .add(Condition::any().add(time.lt(c.at)).add(id.lt(c.id))),
    }
}

pub fn page<T>(mut rows: Vec<T>, limit: u64, key: impl Fn(&T) -> Cursor) -> Page<T> {
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(key)
    } else {
        None
    };
    Page { rows, next }
}

/// The account's streams, optionally of one device, newest first.
pub async fn streams(
    db: &impl ConnectionTrait,
    account_id: i64,
    device_id: Option<i64>,
    cursor: Option<&Cursor>,
    limit: u64,
) -> Result<Page<StreamRow>> {
    let rows = streams_query(account_id, device_id, cursor, limit)
        .into_model::<StreamRow>()
        .all(db)
        .await?;
    Ok(page(rows, limit, |r| Cursor {
        at: r.started_at,
        id: r.id,
    }))
}

/// The query behind [`streams`]; public so the benchmark can show its plan.
pub fn streams_query(
    account_id: i64,
    device_id: Option<i64>,
    cursor: Option<&Cursor>,
    limit: u64,
) -> sea_orm::Select<playback::Entity> {
    let mut query = playback::Entity::find()
        .select_only()
        .columns([
            playback::Column::Id,
            playback::Column::StartedAt,
            playback::Column::EndedAt,
            playback::Column::DeviceId,
            playback::Column::Ip,
            playback::Column::Country,
            playback::Column::Region,
            playback::Column::City,
            playback::Column::TitleId,
        ])
        .column_as(
            Expr::col((device::Entity, device::Column::Name)),
            "device_name",
        )
        .column_as(
            Expr::col((profile::Entity, profile::Column::Name)),
            "profile_name",
        )
        .column_as(
            Expr::col((title::Entity, title::Column::Name)),
            "title_name",
        )
        .join(JoinType::InnerJoin, playback::Relation::Device.def())
        .join(JoinType::InnerJoin, playback::Relation::Title.def())
        .join(JoinType::LeftJoin, playback::Relation::Profile.def());
    // Through the device index when filtering by device; the account filter stays as a
    // second guard.
    if let Some(device_id) = device_id {
        query = query.filter(playback::Column::DeviceId.eq(device_id));
    }
    query
        .filter(playback::Column::AccountId.eq(account_id))
        .filter(before(
            playback::Column::StartedAt,
            playback::Column::Id,
            cursor,
        ))
        .order_by_desc(playback::Column::StartedAt)
        .order_by_desc(playback::Column::Id)
        .limit(limit + 1)
}

/// A row of a profile's viewing activity.
#[derive(Clone, Debug, FromQueryResult)]
pub struct HistoryRow {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub title_id: i64,
    pub title_name: String,
    pub title_rating: entity::profile::MaturityLevel,
    pub device_name: String,
}

/// The profile's viewing history, newest first, without the items it hid.
pub async fn history(
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
    cursor: Option<&Cursor>,
    limit: u64,
) -> Result<Page<HistoryRow>> {
    let rows = playback::Entity::find()
        .select_only()
        .columns([
            playback::Column::Id,
            playback::Column::StartedAt,
            playback::Column::TitleId,
        ])
        .column_as(
            Expr::col((title::Entity, title::Column::Name)),
            "title_name",
        )
        .column_as(
            Expr::col((title::Entity, title::Column::MaturityRating)),
            "title_rating",
        )
        .column_as(
            Expr::col((device::Entity, device::Column::Name)),
            "device_name",
        )
        .join(JoinType::InnerJoin, playback::Relation::Device.def())
        .join(JoinType::InnerJoin, playback::Relation::Title.def())
        .filter(playback::Column::ProfileId.eq(profile_id))
        .filter(playback::Column::AccountId.eq(account_id))
        .filter(playback::Column::HiddenFromHistory.eq(false))
        .filter(before(
            playback::Column::StartedAt,
            playback::Column::Id,
            cursor,
        ))
        .order_by_desc(playback::Column::StartedAt)
        .order_by_desc(playback::Column::Id)
        .limit(limit + 1)
        .into_model::<HistoryRow>()
        .all(db)
        .await?;
    Ok(page(rows, limit, |r| Cursor {
        at: r.started_at,
        id: r.id,
    }))
}

/// Hides a stream from its profile's viewing history. It stays in the streaming activity.
pub async fn hide(db: &impl ConnectionTrait, account_id: i64, playback_id: i64) -> Result<()> {
    let hidden = playback::Entity::update_many()
        .col_expr(playback::Column::HiddenFromHistory, Expr::value(true))
        .filter(playback::Column::Id.eq(playback_id))
        .filter(playback::Column::AccountId.eq(account_id))
        .exec(db)
        .await?
        .rows_affected;
    if hidden == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// The whole visible history of a profile as CSV: `Title,Date,Device`, dates in UTC.
pub async fn history_csv(
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
) -> Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| DomainError::Internal(format!("csv: {e}"));
    out.write_record(["Title", "Date (UTC)", "Device"])
        .map_err(csv_err)?;
    let mut cursor = None;
    loop {
        let page = history(db, account_id, profile_id, cursor.as_ref(), 500).await?;
        for row in &page.rows {
            out.write_record([
                neutralise(&row.title_name).as_str(),
                &row.started_at.format("%Y-%m-%d %H:%M").to_string(),
                &neutralise(&row.device_name),
            ])
            .map_err(csv_err)?;
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| DomainError::Internal(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| DomainError::Internal(format!("csv: {e}")))
}

/// Spreadsheets run cells that start with `=`, `+`, `-` or `@` as formulas; a device name
/// comes from a User-Agent anyone can write, so such cells are prefixed with `'`.
fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The account's profile, for checking a profile id from the client.
pub async fn profile_of(
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
) -> Result<profile::Model> {
    crate::profiles::get(db, account_id, profile_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_to_the_nanosecond() {
        let c = Cursor {
            at: DateTime::parse_from_rfc3339("2026-11-24T03:16:23.778903123Z")
                .unwrap()
                .with_timezone(&Utc),
            id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        for bad in ["", "!!!", "bm90IGEgY3Vyc29y", &"A".repeat(500)] {
            assert!(Cursor::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("Chrome on Linux"), "Chrome on Linux");
    }
}
