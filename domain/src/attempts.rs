//! Throttles that hold under concurrency and across server instances: every guess at a
//! secret (a PIN today) is reserved in the database before it is checked.
//!
//! A guess counts against one or more scopes, each allowing so many guesses per window.
//! [`reserve`] writes one row per scope, then counts that scope's rows in its window, its
//! own included; over the limit, it takes its rows back and refuses. Each insert commits
//! before its count, so of N simultaneous guesses the one whose row committed
//! (limit + 1)-th sees at least limit + 1 rows and is refused: never more than the limit get
//! through, on SQLite or PostgreSQL, on one instance or several. (Inside one transaction
//! the count could not see the other guesses' uncommitted rows, and all would pass: hence
//! [`reserve`] takes a connection, never a transaction.) Simultaneous guesses may refuse
//! each other a little early; that errs on the safe side.
//!
//! A right guess releases its reservation; a wrong one stays, counted, until its window
//! passes.

use crate::error::{DomainError, Result};
use chrono::{DateTime, TimeDelta, Utc};
use entity::attempt;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// Wrong PINs allowed per PIN per [`PIN_WINDOW`].
pub const PIN_GUESSES: u64 = 5;
pub const PIN_WINDOW: TimeDelta = TimeDelta::minutes(15);

/// What a guess counts against, and how many guesses it allows per window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    key: String,
    limit: u64,
    window: TimeDelta,
}

impl Scope {
    /// The account's parental-controls PIN, whichever profile it is typed on: switching
    /// profiles buys no extra guesses.
    pub fn account_pin(account_id: i64) -> Self {
        Self::new(format!("pin:account:{account_id}"), PIN_GUESSES, PIN_WINDOW)
    }

    /// One profile's lock PIN.
    pub fn profile_lock(profile_id: i64) -> Self {
        Self::new(format!("pin:profile:{profile_id}"), PIN_GUESSES, PIN_WINDOW)
    }

    fn new(key: String, limit: u64, window: TimeDelta) -> Self {
        Self { key, limit, window }
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// A guess that may go ahead. Check the secret, then [`release`](Self::release) it when
/// right or [`fail`](Self::fail) it when wrong.
#[must_use = "a reservation must be released or failed"]
#[derive(Debug)]
pub struct Reservation {
    ids: Vec<i64>,
    /// When this was the last guess a scope allowed: when the next one will be.
    last_until: Option<DateTime<Utc>>,
}

impl Reservation {
    /// The guess was right: it no longer counts.
    pub async fn release(self, db: &DatabaseConnection) -> Result<()> {
        attempt::Entity::delete_many()
            .filter(attempt::Column::Id.is_in(self.ids))
            .exec(db)
            .await?;
        Ok(())
    }

    /// The guess was wrong and stays counted. Returns when the next guess is allowed, if
    /// this one used up a scope's allowance.
    pub fn fail(self) -> Option<DateTime<Utc>> {
        self.last_until
    }
}

/// Reserves one guess against every scope, or refuses with
/// [`DomainError::Throttled`] saying when to try again.
pub async fn reserve(
    db: &DatabaseConnection,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> Result<Reservation> {
    let mut reservation = Reservation {
        ids: Vec::with_capacity(scopes.len()),
        last_until: None,
    };
    for scope in scopes {
        let since = now - scope.window;
        // Guesses older than the window no longer count; clearing them keeps the ledger small.
        attempt::Entity::delete_many()
            .filter(attempt::Column::Scope.eq(&scope.key))
            .filter(attempt::Column::AttemptedAt.lte(since))
            .exec(db)
            .await?;
        let id = attempt::Entity::insert(attempt::ActiveModel {
            scope: Set(scope.key.clone()),
            attempted_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await?
        .last_insert_id;
        reservation.ids.push(id);
        let in_window = attempt::Entity::find()
            .filter(attempt::Column::Scope.eq(&scope.key))
            .filter(attempt::Column::AttemptedAt.gt(since));
        let counted = in_window.clone().count(db).await?;
        if counted < scope.limit {
            continue;
        }
        // The next guess is allowed once the oldest counted one leaves the window.
        let oldest: Option<DateTime<Utc>> = in_window
            .filter(attempt::Column::Id.is_not_in(reservation.ids.clone()))
            .select_only()
            .column(attempt::Column::AttemptedAt)
            .order_by_asc(attempt::Column::AttemptedAt)
            .into_tuple()
            .one(db)
            .await?;
        let next = oldest.unwrap_or(now) + scope.window;
        if counted == scope.limit {
            reservation.last_until = reservation.last_until.max(Some(next));
            continue;
        }
        attempt::Entity::delete_many()
            .filter(attempt::Column::Id.is_in(reservation.ids))
            .exec(db)
            .await?;
        return Err(DomainError::Throttled { retry_at: next });
    }
    Ok(reservation)
}
