//! Four-digit PINs: the account's parental-controls PIN and each profile's lock PIN.
//! Parsed strictly, stored as argon2id hashes, and checked here: every guess reserved in
//! [`crate::attempts`] first (the account PIN per account, a lock PIN per profile) and
//! every wrong one logged.

use crate::attempts::{self, Scope};
use crate::error::{DomainError, Problem, Result};
use crate::events::{self, EventOrigin};
use crate::sessions::CurrentSession;
use crate::{ClientInfo, Services, accounts, devices};
use chrono::{DateTime, Utc};
use entity::profile;
use entity::security_event::SecurityEventKind;
use sea_orm::ConnectionTrait;

/// Whether the account has a parental-controls PIN to be asked for.
pub async fn has_account_pin(svc: &Services, account_id: i64) -> Result<bool> {
    Ok(accounts::get(&svc.db, account_id)
        .await?
        .parental_pin_hash
        .is_some())
}

/// Exactly four ASCII digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(raw: &str) -> Result<Self> {
        if raw.is_empty() {
            return Err(DomainError::invalid(Problem::PinMissing));
        }
        if raw.chars().any(char::is_alphabetic) {
            return Err(DomainError::invalid(Problem::PinLetters));
        }
        if raw.chars().any(char::is_whitespace) {
            return Err(DomainError::invalid(Problem::PinSpaces));
        }
        if !raw.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::invalid(Problem::PinCharacters));
        }
        if raw.len() != 4 {
            return Err(DomainError::invalid(Problem::PinLength));
        }
        Ok(Self(raw.to_owned()))
    }

    /// A PIN field that may be left blank: blank (or only spaces) is no PIN, anything else
    /// must be a valid PIN.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(_) => raw.map(Self::parse).transpose(),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

/// Logs a wrong PIN typed on the profile: the account owner sees it in the security
/// activity.
pub async fn record_failure(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    account_id: i64,
    profile_id: i64,
    mut origin: EventOrigin,
    what: events::Detail,
    now: DateTime<Utc>,
) -> Result<()> {
    origin.profile_id = Some(profile_id);
    events::record(
        db,
        account_id,
        SecurityEventKind::PinFailed,
        &origin,
        Some(what),
        now,
    )
    .await
}

/// Which PIN is being typed.
#[derive(Clone, Copy)]
enum PinKind {
    Parental,
    ProfileLock,
}

/// Checks a PIN typed on `profile`; a wrong one is logged. The guess is reserved before
/// it is checked (the account PIN per account, a lock PIN per profile), so no burst of
/// simultaneous guesses gets more than the allowance.
async fn verify(
    svc: &Services,
    current: &CurrentSession,
    profile: &profile::Model,
    kind: PinKind,
    pin: &Pin,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    let scope = match kind {
        PinKind::Parental => Scope::account_pin(current.account_id),
        PinKind::ProfileLock => Scope::profile_lock(profile.id),
    };
    let reservation = attempts::reserve(&svc.db, &[scope], now)
        .await
        .map_err(|e| match e {
            DomainError::Throttled { retry_at } => DomainError::PinThrottled { retry_at },
            other => other,
        })?;
    let (hash, what) = match kind {
        PinKind::Parental => (
            accounts::get(&svc.db, current.account_id)
                .await?
                .parental_pin_hash,
            events::Detail::WrongParentalPin {
                profile: profile.name.clone(),
            },
        ),
        PinKind::ProfileLock => (
            profile.lock_pin_hash.clone(),
            events::Detail::WrongLockPin {
                profile: profile.name.clone(),
            },
        ),
    };
    let right = match hash {
        Some(hash) => svc.hasher.verify(pin.expose(), &hash).await?,
        None => false,
    };
    if right {
        return reservation.release(&svc.db).await;
    }
    let used_up = reservation.fail();
    let origin: EventOrigin = devices::origin(svc, current, client).await?;
    record_failure(&svc.db, current.account_id, profile.id, origin, what, now).await?;
    match used_up {
        // That was the last guess allowed for now: say so at once.
        Some(retry_at) => Err(DomainError::PinThrottled { retry_at }),
        None => Err(DomainError::invalid(Problem::PinWrong)),
    }
}

/// The account's parental-controls PIN, typed to watch a title above `profile`'s level.
pub async fn verify_account_pin(
    svc: &Services,
    current: &CurrentSession,
    profile: &profile::Model,
    pin: &Pin,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    verify(svc, current, profile, PinKind::Parental, pin, client, now).await
}

/// The profile's lock PIN, typed to switch to it or open its settings.
pub async fn verify_profile_lock(
    svc: &Services,
    current: &CurrentSession,
    profile: &profile::Model,
    pin: &Pin,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    verify(
        svc,
        current,
        profile,
        PinKind::ProfileLock,
        pin,
        client,
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_ascii_digits() {
        assert_eq!(Pin::parse("1234").unwrap().expose(), "1234");
        assert_eq!(Pin::parse("0000").unwrap().expose(), "0000");
        let problem = |s: &str| match Pin::parse(s) {
            Err(DomainError::Invalid(problem)) => problem,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(problem("12a4"), Problem::PinLetters);
        assert_eq!(problem("abcd"), Problem::PinLetters);
        assert_eq!(problem("123"), Problem::PinLength);
        assert_eq!(problem("12345"), Problem::PinLength);
        assert_eq!(problem(" 1234"), Problem::PinSpaces);
        assert_eq!(problem("12 34"), Problem::PinSpaces);
        assert_eq!(
            problem("１２３４"),
            Problem::PinCharacters,
            "full-width digits"
        );
        assert_eq!(problem("12-4"), Problem::PinCharacters);
        assert_eq!(problem(""), Problem::PinMissing);
        assert!(!format!("{:?}", Pin::parse("1234").unwrap()).contains("1234"));
    }

    #[test]
    fn a_blank_optional_field_is_no_pin_and_anything_else_must_be_one() {
        assert_eq!(Pin::parse_optional(None).unwrap(), None);
        assert_eq!(Pin::parse_optional(Some("")).unwrap(), None);
        assert_eq!(Pin::parse_optional(Some("   ")).unwrap(), None);
        assert_eq!(
            Pin::parse_optional(Some("2580")).unwrap().unwrap().expose(),
            "2580"
        );
        assert!(Pin::parse_optional(Some("25 80")).is_err());
        assert!(Pin::parse_optional(Some(" 2580")).is_err());
    }
}
