//! Four-digit PINs: the account's parental-controls PIN and each profile's lock PIN.
//! Parsed strictly, stored as argon2id hashes, and checked here: every guess reserved in
//! [`crate::attempts`] first (the account PIN per account, a lock PIN per profile) and
//! every wrong one logged.

use crate::attempts::{self, Scope};
use crate::error::{DomainError, Result};
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
            return Err(DomainError::invalid("Enter a 4-digit PIN."));
        }
        if raw.chars().any(char::is_alphabetic) {
            return Err(DomainError::invalid(
                "A PIN is 4 digits (0–9); letters are not allowed.",
            ));
        }
        if raw.chars().any(char::is_whitespace) {
            return Err(DomainError::invalid(
                "A PIN is 4 digits (0–9), without spaces.",
            ));
        }
        if !raw.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::invalid(
                "A PIN can only contain the digits 0 to 9.",
            ));
        }
        if raw.len() != 4 {
            return Err(DomainError::invalid("A PIN has exactly 4 digits."));
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
    db: &impl ConnectionTrait,
    account_id: i64,
    profile_id: i64,
    mut origin: EventOrigin,
    what: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    origin.profile_id = Some(profile_id);
    events::record(
        db,
        account_id,
        SecurityEventKind::PinFailed,
        &origin,
        Some(what.to_owned()),
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
            "Wrong parental-controls PIN",
        ),
        PinKind::ProfileLock => (profile.lock_pin_hash.clone(), "Wrong profile-lock PIN"),
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
    record_failure(
        &svc.db,
        current.account_id,
        profile.id,
        origin,
        &format!("{what} on {}", profile.name),
        now,
    )
    .await?;
    match used_up {
        // That was the last guess allowed for now: say so at once.
        Some(retry_at) => Err(DomainError::PinThrottled { retry_at }),
        None => Err(DomainError::invalid("That PIN is not right.")),
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
        let msg = |s: &str| Pin::parse(s).unwrap_err().to_string();
        assert!(msg("12a4").contains("letters are not allowed"));
        assert!(msg("abcd").contains("letters are not allowed"));
        assert!(msg("123").contains("exactly 4 digits"));
        assert!(msg("12345").contains("exactly 4 digits"));
        assert!(msg(" 1234").contains("without spaces"));
        assert!(msg("12 34").contains("without spaces"));
        assert!(msg("１２３４").contains("0 to 9"), "full-width digits");
        assert!(msg("12-4").contains("0 to 9"));
        assert!(msg("").contains("Enter a 4-digit PIN"));
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
