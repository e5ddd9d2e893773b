//! Throttles that hold under concurrency and across server instances: every guess at a
//! secret (a password, a PIN, a TV code) is reserved in the database before it is checked.
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
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::net::{IpAddr, Ipv6Addr};

/// Wrong PINs allowed per PIN per [`PIN_WINDOW`].
pub const PIN_GUESSES: u64 = 5;
pub const PIN_WINDOW: TimeDelta = TimeDelta::minutes(15);
/// The window of the sign-in, re-authentication and TV-code limits.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Wrong passwords for one account from one address per [`WINDOW`]. Per address, not per
/// account, so that strangers elsewhere cannot spend the owner's allowance.
pub const ACCOUNT_ADDRESS_GUESSES: u64 = 10;
/// Wrong passwords from one address, whatever the account, per [`WINDOW`].
pub const ADDRESS_GUESSES: u64 = 30;
/// Wrong passwords for one account from browsers it does not trust, from all addresses
/// together, per [`WINDOW`]: what a guesser spread over many addresses gets.
pub const UNTRUSTED_ACCOUNT_GUESSES: u64 = 50;
/// Wrong passwords through one device cookie per [`WINDOW`]: the owner's own allowance,
/// and all a thief of the cookie gets.
pub const DEVICE_COOKIE_GUESSES: u64 = 10;
/// Wrong passwords typed to confirm a sensitive action, per session per [`WINDOW`].
pub const REAUTHENTICATION_GUESSES: u64 = 5;
/// Wrong TV codes typed by one account, and from one address, per [`WINDOW`].
pub const ACTIVATION_ACCOUNT_GUESSES: u64 = 10;
pub const ACTIVATION_ADDRESS_GUESSES: u64 = 30;
/// TV codes one address may ask for per code lifetime (the window the caller passes): a
/// household's TVs, or a few behind a carrier's shared address, but not a script filling
/// the table — asking needs no sign-in.
pub const CODE_REQUESTS: u64 = 20;
/// The longest window of any scope: older rows count for nothing and can be swept.
pub const LONGEST_WINDOW: TimeDelta = TimeDelta::minutes(15);

/// What a guess counts against, and how many guesses it allows per window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// What kind of allowance this is, without whose (the metrics count refusals by it).
    kind: &'static str,
    key: String,
    limit: u64,
    window: TimeDelta,
}

impl Scope {
    /// The account's parental-controls PIN, whichever profile it is typed on: switching
    /// profiles buys no extra guesses.
    pub fn account_pin(account_id: i64) -> Self {
        Self::new(
            "pin",
            format!("pin:account:{account_id}"),
            PIN_GUESSES,
            PIN_WINDOW,
        )
    }

    /// One profile's lock PIN.
    pub fn profile_lock(profile_id: i64) -> Self {
        Self::new(
            "profile-lock",
            format!("pin:profile:{profile_id}"),
            PIN_GUESSES,
            PIN_WINDOW,
        )
    }

    /// A password sign-in for `identifier` (an account's key, existing or not) from
    /// `address`. Through a device cookie the account trusts, it counts against that cookie
    /// alone; otherwise per account and address, per address, and per account for all
    /// untrusted browsers together.
    pub fn sign_in(identifier: &str, address: Option<IpAddr>, trusted: Option<i64>) -> Vec<Self> {
        if let Some(cookie_id) = trusted {
            return vec![Self::new(
                "sign-in-device-cookie",
                format!("sign-in:device-cookie:{cookie_id}"),
                DEVICE_COOKIE_GUESSES,
                WINDOW,
            )];
        }
        let at = address_key(address);
        let account = crate::token::hash(identifier);
        vec![
            Self::new(
                "sign-in-account-address",
                format!("sign-in:{account}@{at}"),
                ACCOUNT_ADDRESS_GUESSES,
                WINDOW,
            ),
            Self::new(
                "sign-in-address",
                format!("sign-in:{at}"),
                ADDRESS_GUESSES,
                WINDOW,
            ),
            Self::new(
                "sign-in-untrusted",
                format!("sign-in:untrusted:{account}"),
                UNTRUSTED_ACCOUNT_GUESSES,
                WINDOW,
            ),
        ]
    }

    /// The password typed again on a signed-in session: its own allowance, so failed
    /// sign-ins elsewhere never stop the owner confirming an action.
    pub fn reauthentication(session_id: i64) -> Self {
        Self::new(
            "reauthentication",
            format!("reauthentication:session:{session_id}"),
            REAUTHENTICATION_GUESSES,
            WINDOW,
        )
    }

    /// A TV code typed by a signed-in account, from `address`.
    pub fn activation(account_id: i64, address: Option<IpAddr>) -> Vec<Self> {
        vec![
            Self::new(
                "activation-account",
                format!("activation:account:{account_id}"),
                ACTIVATION_ACCOUNT_GUESSES,
                WINDOW,
            ),
            Self::new(
                "activation-address",
                format!("activation:{}", address_key(address)),
                ACTIVATION_ADDRESS_GUESSES,
                WINDOW,
            ),
        ]
    }

    /// A TV code asked for from `address`, counted over `window` (a code's lifetime).
    pub fn code_request(address: Option<IpAddr>, window: TimeDelta) -> Self {
        Self::new(
            "code-request",
            format!("code-request:{}", address_key(address)),
            CODE_REQUESTS,
            window,
        )
    }

    fn new(kind: &'static str, key: String, limit: u64, window: TimeDelta) -> Self {
        Self {
            kind,
            key,
            limit,
            window,
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// How an address is counted: IPv4 as it is, IPv6 by its /64, which one subscriber line
/// usually holds whole (counting single IPv6 addresses would give a guesser billions).
pub fn address_key(address: Option<IpAddr>) -> String {
    match address {
        None => "unknown".to_owned(),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
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

    /// [`fail`](Self::fail), writing to the guess's rows in the caller's transaction: a
    /// write the caller makes whatever else it records, so that every failure costs the
    /// same time (see `auth::sign_in`).
    pub async fn fail_in(self, txn: &DatabaseTransaction) -> Result<Option<DateTime<Utc>>> {
        attempt::Entity::update_many()
            .col_expr(
                attempt::Column::AttemptedAt,
                sea_orm::sea_query::Expr::col(attempt::Column::AttemptedAt),
            )
            .filter(attempt::Column::Id.is_in(self.ids.clone()))
            .exec(txn)
            .await?;
        Ok(self.fail())
    }

    /// A request that is not a guess (asking for a TV code) went ahead: it stays counted.
    pub fn keep(self) {}
}

/// Deletes rows whose window has passed; [`reserve`] clears its own scope as it goes, this
/// clears the scopes nobody uses again.
pub async fn sweep(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    Ok(attempt::Entity::delete_many()
        .filter(attempt::Column::AttemptedAt.lte(now - LONGEST_WINDOW))
        .exec(db)
        .await?
        .rows_affected)
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
        crate::counters::throttled(scope.kind);
        return Err(DomainError::Throttled { retry_at: next });
    }
    Ok(reservation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_by_its_64_and_ipv4_as_it_is() {
        let key = |s: &str| address_key(Some(s.parse().unwrap()));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_ne!(key("203.0.113.9"), key("203.0.113.10"));
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key(None), "unknown");
    }

    #[test]
    fn no_window_is_longer_than_the_sweep_keeps() {
        let scopes = [
            Scope::account_pin(1),
            Scope::profile_lock(1),
            Scope::reauthentication(1),
        ]
        .into_iter()
        .chain(Scope::sign_in("a", None, None))
        .chain(Scope::sign_in("a", None, Some(1)))
        .chain(Scope::activation(1, None));
        for scope in scopes {
            assert!(scope.window <= LONGEST_WINDOW, "{}", scope.key);
        }
    }

    #[test]
    fn scopes_never_hold_an_email_address_and_fit_the_column() {
        let long = format!("{}@example.com", "a".repeat(240));
        let scopes = [None, Some(7)].into_iter().flat_map(|trusted| {
            Scope::sign_in(&long, Some("2001:db8::1".parse().unwrap()), trusted)
        });
        for scope in scopes {
            assert!(!scope.key().contains("example.com"), "{}", scope.key());
            assert!(scope.key().len() <= 200, "{}", scope.key());
        }
    }
}
