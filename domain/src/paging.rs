//! Keyset paging, newest first, on `(time, id)` — no OFFSET, so page 1000 costs what
//! page 1 does. Used by the streaming and viewing activity and by the security activity.

use crate::error::{DomainError, Problem, Result};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::ColumnTrait;
use sea_orm::sea_query::Condition;

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
        let bad = || DomainError::invalid(Problem::PageLinkNotValid);
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
}
