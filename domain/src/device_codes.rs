//! Signing a TV in with a code (the OAuth device flow, RFC 8628, in spirit): the TV shows a
//! short user code, a signed-in user types it on a phone or browser and approves, and the
//! TV — polling with a secret only it holds — is signed in. Codes expire after 10 minutes,
//! are single-use, and guessing them is throttled; every approval is a security event.

use crate::attempts::{self, Scope};
use crate::auth::{self, SignedIn};
use crate::error::{DomainError, Problem, Result};
use crate::events;
use crate::sessions::{CurrentSession, SignInMethod};
use crate::{ClientInfo, Services, devices, token};
use chrono::{DateTime, TimeDelta, Utc};
use entity::device_code;
use entity::security_event::SecurityEventKind;
use entity::session::ClientKind;
use rand::TryRng as _;
use rand::rngs::SysRng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// Twenty consonants: no vowels (no words), no look-alikes (0/O, 1/I/L, 5/S…).
pub const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
pub const CODE_LEN: usize = 8;
pub const LIFETIME: TimeDelta = TimeDelta::minutes(10);
// Code requests are counted over a code's lifetime; the sweep must not forget them sooner.
const _: () = assert!(LIFETIME.num_seconds() <= attempts::LONGEST_WINDOW.num_seconds());
/// Expired codes are deleted after this long (they show up in no audit).
const KEEP_EXPIRED: TimeDelta = TimeDelta::days(1);

/// Deletes codes that expired more than [`KEEP_EXPIRED`] ago. Run by the server's
/// sweeper, never by a request.
pub async fn sweep(db: &sea_orm::DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    Ok(device_code::Entity::delete_many()
        .filter(device_code::Column::ExpiresAt.lt(now - KEEP_EXPIRED))
        .exec(db)
        .await?
        .rows_affected)
}
/// How often a TV should ask whether it was approved.
pub const POLL_INTERVAL_SECS: u32 = 3;

/// A user code as typed: case, spaces and dashes do not matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserCode(String);

impl UserCode {
    pub fn parse(raw: &str) -> Result<Self> {
        let code: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.len() != CODE_LEN || !code.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(DomainError::invalid(Problem::TvCodeShape));
        }
        Ok(Self(code))
    }

    fn generate() -> Self {
        let mut code = String::with_capacity(CODE_LEN);
        let mut byte = [0u8; 1];
        while code.len() < CODE_LEN {
            SysRng
                .try_fill_bytes(&mut byte)
                .expect("the operating system's random source");
            // 240 is the largest multiple of 20 that fits a byte: no letter is favoured.
            if byte[0] < 240 {
                code.push(ALPHABET[(byte[0] % 20) as usize] as char);
            }
        }
        Self(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "BCDF-GHJK", as the TV shows it.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// What a TV gets when it asks for a code.
pub struct Started {
    pub user_code: UserCode,
    /// The secret the TV polls with; only its hash is stored.
    pub device_code: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn start(svc: &Services, client: &ClientInfo, now: DateTime<Utc>) -> Result<Started> {
    // A session's kind decides what it may do, so the requester does not choose it:
    // whatever signs in by code is a TV, which can end only its own session.
    let kind = ClientKind::Tv;
    // Anyone may ask for a code without signing in: bound what that can make us store,
    // counted atomically so that a burst from one address gets no more.
    attempts::reserve(&svc.db, &[Scope::code_request(client.ip, LIFETIME)], now)
        .await?
        .keep();
    let ip = client.ip.map(|ip| ip.to_string());
    let described = devices::describe(client, kind);
    let secret = token::generate();
    // A clash among live codes is astronomically rare; draw again if it happens.
    let mut user_code = UserCode::generate();
    while find_live(svc, &user_code, now).await?.is_some() {
        user_code = UserCode::generate();
    }
    let expires_at = now + LIFETIME;
    device_code::ActiveModel {
        user_code: Set(user_code.as_str().to_owned()),
        device_code_hash: Set(secret.hash),
        client: Set(kind),
        device_name: Set(described.name),
        user_agent: Set(client.user_agent.chars().take(512).collect()),
        ip: Set(ip),
        location: Set(Some(svc.geo.locate(client.ip).describe())),
        created_at: Set(now),
        expires_at: Set(expires_at),
        approved_account_id: Set(None),
        approved_at: Set(None),
        consumed_at: Set(None),
        looked_up_by_session_id: Set(None),
        ..Default::default()
    }
    .insert(&svc.db)
    .await?;
    Ok(Started {
        user_code,
        device_code: secret.token,
        expires_at,
    })
}

/// A code still waiting for approval.
async fn find_live(
    svc: &Services,
    code: &UserCode,
    now: DateTime<Utc>,
) -> Result<Option<device_code::Model>> {
    Ok(device_code::Entity::find()
        .filter(device_code::Column::UserCode.eq(code.as_str()))
        .filter(device_code::Column::ExpiresAt.gt(now))
        .filter(device_code::Column::ApprovedAt.is_null())
        .one(&svc.db)
        .await?)
}

/// The device asking, as the approving user sees it before approving.
#[derive(Clone, Debug)]
pub struct Request {
    pub user_code: UserCode,
    pub device_name: String,
    pub location: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Looks a typed code up for the signed-in user, and remembers that this session did, for
/// [`looked_up`]. Unknown, expired and used codes all read the same, and every miss counts
/// against the account and the address — so only a deliberate POST may call this, never
/// the rendering of a page (a hostile page navigating the victim could spend their
/// allowance).
pub async fn find(
    svc: &Services,
    current: &CurrentSession,
    raw: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<Request> {
    current.require_not_tv()?;
    let code = UserCode::parse(raw)?;
    let scopes = Scope::activation(current.account_id, client.ip);
    let reservation = attempts::reserve(&svc.db, &scopes, now).await?;
    // A new lookup replaces what this session looked up before, found or not.
    device_code::Entity::update_many()
        .col_expr(
            device_code::Column::LookedUpBySessionId,
            Expr::value(Option::<i64>::None),
        )
        .filter(device_code::Column::LookedUpBySessionId.eq(current.session_id))
        .exec(&svc.db)
        .await?;
    let Some(row) = find_live(svc, &code, now).await? else {
        let _ = reservation.fail();
        return Err(DomainError::invalid(Problem::TvCodeUnknown));
    };
    reservation.release(&svc.db).await?;
    device_code::Entity::update_many()
        .col_expr(
            device_code::Column::LookedUpBySessionId,
            Expr::value(current.session_id),
        )
        .filter(device_code::Column::Id.eq(row.id))
        .exec(&svc.db)
        .await?;
    Ok(request(code, row))
}

fn request(user_code: UserCode, row: device_code::Model) -> Request {
    Request {
        user_code,
        device_name: row.device_name,
        location: row.location,
        requested_at: row.created_at,
        expires_at: row.expires_at,
    }
}

/// The live code this session last looked up with [`find`], if it still waits for
/// approval. Reading it is not a guess.
pub async fn looked_up(
    svc: &Services,
    current: &CurrentSession,
    now: DateTime<Utc>,
) -> Result<Option<Request>> {
    let row = device_code::Entity::find()
        .filter(device_code::Column::LookedUpBySessionId.eq(current.session_id))
        .filter(device_code::Column::ExpiresAt.gt(now))
        .filter(device_code::Column::ApprovedAt.is_null())
        .one(&svc.db)
        .await?;
    Ok(row.and_then(|row| {
        let code = UserCode::parse(&row.user_code).ok()?;
        Some(request(code, row))
    }))
}

/// Approves the TV into the caller's own account.
pub async fn approve(
    svc: &Services,
    current: &CurrentSession,
    raw: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<Request> {
    let request = find(svc, current, raw, client, now).await?;
    let origin = devices::origin(svc, current, client).await?;
    let detail = events::Detail::TvApproved {
        device: request.device_name.clone(),
        place: request.location.clone(),
    };
    let (account_id, user_code) = (current.account_id, request.user_code.as_str().to_owned());
    let approver = current.clone();
    // The approval, its event and the owner's message stand or fall together.
    crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            // An approval from a session ended meanwhile (sign out of all devices, a
            // password reset or securing the account, committed while this request ran)
            // would hand the TV a session of the new generation: refused.
            if !crate::sessions::still_live_in(txn, &approver).await? {
                return Err(DomainError::Unauthenticated);
            }
            let approved = device_code::Entity::update_many()
                .col_expr(
                    device_code::Column::ApprovedAccountId,
                    Expr::value(account_id),
                )
                .col_expr(device_code::Column::ApprovedAt, Expr::value(now))
                .filter(device_code::Column::UserCode.eq(user_code))
                .filter(device_code::Column::ExpiresAt.gt(now))
                .filter(device_code::Column::ApprovedAt.is_null())
                .exec(txn)
                .await?
                .rows_affected;
            if approved != 1 {
                return Err(DomainError::invalid(Problem::TvCodeGone));
            }
            events::record(
                txn,
                account_id,
                SecurityEventKind::TvCodeApproved,
                &origin,
                Some(detail),
                now,
            )
            .await
        })
    })
    .await?;
    Ok(request)
}

/// The code a TV is still waiting on, from the secret it holds.
pub async fn pending(
    svc: &Services,
    device_code: &str,
    now: DateTime<Utc>,
) -> Result<Option<(UserCode, DateTime<Utc>)>> {
    if !token::looks_valid(device_code) {
        return Ok(None);
    }
    let row = device_code::Entity::find()
        .filter(device_code::Column::DeviceCodeHash.eq(token::hash(device_code)))
        .filter(device_code::Column::ExpiresAt.gt(now))
        .filter(device_code::Column::ApprovedAt.is_null())
        .one(&svc.db)
        .await?;
    Ok(row.map(|r| (UserCode(r.user_code), r.expires_at)))
}

pub enum Poll {
    /// Not approved yet: ask again in [`POLL_INTERVAL_SECS`].
    Pending { expires_at: DateTime<Utc> },
    /// Signed in: the session token, handed over once.
    Approved(Box<SignedIn>),
    /// Expired or already used: start again with a new code.
    Expired,
}

/// The TV asks whether its code was approved; the first ask after approval signs it in.
pub async fn poll(
    svc: &Services,
    device_code: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<Poll> {
    if !token::looks_valid(device_code) {
        return Err(DomainError::NotFound);
    }
    let row = device_code::Entity::find()
        .filter(device_code::Column::DeviceCodeHash.eq(token::hash(device_code)))
        .one(&svc.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let Some(account_id) = row.approved_account_id else {
        return Ok(if now < row.expires_at {
            Poll::Pending {
                expires_at: row.expires_at,
            }
        } else {
            Poll::Expired
        });
    };
    if row.consumed_at.is_some() || now >= row.expires_at {
        return Ok(Poll::Expired);
    }
    // Single use: only the poll that flips `consumed_at` gets a session, in the same
    // transaction as the session itself. "Sign out of all devices" flips it first too
    // (`sessions::revoke_all`), so either it sees this session and ends it, or this poll
    // finds the code used.
    let location = svc.geo.locate(client.ip).describe();
    let (policy, client, code_id, kind) = (svc.policy.clone(), client.clone(), row.id, row.client);
    let signed = crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            let consumed = device_code::Entity::update_many()
                .col_expr(device_code::Column::ConsumedAt, Expr::value(now))
                .filter(device_code::Column::Id.eq(code_id))
                .filter(device_code::Column::ConsumedAt.is_null())
                .filter(device_code::Column::ExpiresAt.gt(now))
                .exec(txn)
                .await?
                .rows_affected;
            if consumed != 1 {
                return Ok(None);
            }
            auth::open_session_in(
                txn,
                &policy,
                account_id,
                None,
                kind,
                SignInMethod::Code,
                false,
                &client,
                location,
                now,
            )
            .await
            .map(Some)
        })
    })
    .await?;
    Ok(match signed {
        Some(signed) => {
            crate::counters::sign_in("tv_code", &Ok(()));
            svc.live
                .publish(crate::live::LiveEvent::SessionStarted { account_id })
                .await;
            Poll::Approved(Box::new(signed))
        }
        None => Poll::Expired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_use_the_unambiguous_alphabet() {
        for _ in 0..500 {
            let c = UserCode::generate();
            assert_eq!(c.as_str().len(), CODE_LEN);
            assert!(
                c.as_str().bytes().all(|b| ALPHABET.contains(&b)),
                "{}",
                c.as_str()
            );
            assert_eq!(UserCode::parse(&c.display()).unwrap(), c);
        }
    }

    #[test]
    fn typed_codes_forgive_case_spaces_and_dashes_only() {
        assert_eq!(UserCode::parse(" bcdf-ghjk ").unwrap().as_str(), "BCDFGHJK");
        assert_eq!(UserCode::parse("BCDF GHJK").unwrap().display(), "BCDF-GHJK");
        for bad in [
            "",
            "BCDFGHJ",
            "BCDFGHJKL",
            "BCDF-GHJ1",
            "ABCD-EFGH",
            "BCDF_GHJK",
            "ВCDFGHJK",
        ] {
            assert!(UserCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_alphabet_has_no_vowels_or_look_alikes() {
        for c in b"AEIOUY0123456789" {
            assert!(!ALPHABET.contains(c), "{}", *c as char);
        }
        assert_eq!(ALPHABET.len(), 20);
    }
}
