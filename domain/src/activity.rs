//! Reading streams back: the account's streaming activity (every stream, for the audit)
//! and a profile's viewing activity (its history, minus what it hid). Both newest first,
//! paged by keyset on `(started_at, id)` ([`crate::paging`]).

use crate::error::{DomainError, Result};
use crate::paging::{Cursor, Page, before, page};
use chrono::{DateTime, Utc};
use entity::{device, playback, profile, title};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

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

/// The whole visible history of a profile as CSV: `Title,Date,Device`, dates in UTC, the
/// columns named and each stored device name said as the reader's language has them.
pub async fn history_csv(
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
    headers: [&str; 3],
    device: impl Fn(&str) -> String,
) -> Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| DomainError::Internal(format!("csv: {e}"));
    out.write_record(headers).map_err(csv_err)?;
    let mut cursor = None;
    loop {
        let page = history(db, account_id, profile_id, cursor.as_ref(), 500).await?;
        for row in &page.rows {
            out.write_record([
                neutralise(&row.title_name).as_str(),
                &row.started_at.format("%Y-%m-%d %H:%M").to_string(),
                &neutralise(&device(&row.device_name)),
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

/// A table as CSV, every cell made safe for a spreadsheet (see [`neutralise`]): the
/// security activity download, whose device names, places and profile names come from
/// people and the network.
pub fn csv_table(headers: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let csv_err = |e: csv::Error| DomainError::Internal(format!("csv: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(headers).map_err(csv_err)?;
    for row in rows {
        out.write_record(row.iter().map(|cell| neutralise(cell)))
            .map_err(csv_err)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("Chrome on Linux"), "Chrome on Linux");
        let table = csv_table(
            &["Event", "Device"],
            &[vec!["Signed in".into(), "@SUM(A1)".into()]],
        )
        .unwrap();
        assert_eq!(table, "Event,Device\nSigned in,'@SUM(A1)\n");
    }
}
