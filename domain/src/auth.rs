//! Signing in and out.

use crate::attempts::{self, Scope};
use crate::error::{DomainError, Problem, Result};
use crate::events::{self, EventOrigin};
use crate::identifier::LoginIdentifier;
use crate::live::LiveEvent;
use crate::password::{NewPassword, Password};
use crate::sessions::{self, CurrentSession, SessionPolicy, SignInMethod};
use crate::{ClientInfo, Services, accounts, device_cookies, devices};
use chrono::{DateTime, Utc};
use entity::account;
use entity::security_event::SecurityEventKind;
use entity::session::{self, ClientKind, RevokeReason};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

pub struct SignedIn {
    /// The bearer token, to hand to the client once.
    pub token: String,
    pub session: session::Model,
    /// A new device cookie to hand to the browser, when it did not present a trusted one.
    pub device_cookie: Option<String>,
}

/// Checks the password and opens a new session on a new device. Wrong password and
/// unknown account fail alike, in the same time. `device_cookie` is the one the browser
/// presented, if any (see [`crate::device_cookies`]).
pub async fn sign_in(
    svc: &Services,
    identifier: &LoginIdentifier,
    password: &Password,
    client_kind: ClientKind,
    client: &ClientInfo,
    device_cookie: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let result = password_sign_in(
        svc,
        identifier,
        password,
        client_kind,
        client,
        device_cookie,
        now,
    )
    .await;
    crate::counters::sign_in("password", &result);
    result
}

async fn password_sign_in(
    svc: &Services,
    identifier: &LoginIdentifier,
    password: &Password,
    client_kind: ClientKind,
    client: &ClientInfo,
    device_cookie: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let account = accounts::find(&svc.db, identifier).await?;
    let account_id = account.as_ref().map(|a| a.id);
    let trusted = device_cookies::trusted(&svc.db, device_cookie, account_id, now).await?;
    // Reserved before the hash is checked, so a burst of guesses cannot all be checked.
    let scopes = Scope::sign_in(identifier.key(), client.ip, trusted);
    let reservation = attempts::reserve(&svc.db, &scopes, now).await?;
    let verified = match &account {
        Some(a) => {
            svc.hasher
                .verify(password.expose(), &a.password_hash)
                .await?
        }
        None => svc.hasher.verify_dummy(password.expose()).await?,
    };
    let location = svc.geo.locate(client.ip).describe();
    let account = match (account, verified) {
        (Some(a), true) => a,
        (found, _) => {
            // A real account logs the failure; an unknown one has nowhere to. So that the
            // answer takes as long either way, both do the same write transaction: the
            // guess is marked failed, and the event (when there is an account) goes with it.
            let event = found.map(|a| {
                let origin = EventOrigin {
                    device_id: None,
                    device_name: Some(crate::device_name::describe(&client.user_agent).name),
                    ip: client.ip.map(|ip| ip.to_string()),
                    location: Some(location),
                    profile_id: None,
                };
                (a.id, origin)
            });
            crate::db::transaction(&svc.db, |txn| {
                Box::pin(async move {
                    reservation.fail_in(txn).await?;
                    if let Some((account_id, origin)) = event {
                        events::record(
                            txn,
                            account_id,
                            SecurityEventKind::SignInFailed,
                            &origin,
                            None,
                            now,
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .await?;
            return Err(DomainError::InvalidCredentials);
        }
    };
    reservation.release(&svc.db).await?;

    let new_device = devices::is_new(&svc.db, account.id, trusted.is_some()).await?;
    let mut signed_in = open_session(
        svc,
        account.id,
        account.password_hash,
        client_kind,
        SignInMethod::Password,
        new_device,
        client,
        location,
        now,
    )
    .await?;
    if trusted.is_none() {
        signed_in.device_cookie = Some(device_cookies::issue(&svc.db, account.id, now).await?);
    }
    Ok(signed_in)
}

/// Signs this browser in from a "This wasn't me" link, to secure the account: the link
/// names the account (it proves the mailbox), the password is checked exactly as a
/// sign-in checks it, throttled alike, and the link is used up. Two requests racing with
/// one link get one session between them.
pub async fn sign_in_with_link(
    svc: &Services,
    link: &str,
    password: &Password,
    client: &ClientInfo,
    device_cookie: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let Some(found) = crate::secure_links::usable(&svc.db, link, now).await? else {
        return Err(DomainError::invalid(Problem::SecureLinkUnusable));
    };
    let identifier = LoginIdentifier::parse(&found.account.email)?;
    let signed_in = password_sign_in(
        svc,
        &identifier,
        password,
        ClientKind::Web,
        client,
        device_cookie,
        now,
    )
    .await;
    crate::counters::sign_in("link", &signed_in);
    let signed_in = signed_in?;
    if !crate::secure_links::use_up(&svc.db, found.id, now).await? {
        sign_out(svc, &CurrentSession::from(&signed_in.session), client, now).await?;
        return Err(DomainError::invalid(Problem::SecureLinkUnusable));
    }
    Ok(signed_in)
}

/// Opens a session on a new device of the account and logs the sign-in (as a new device's
/// when `new_device`: its owner is told).
#[allow(clippy::too_many_arguments)]
async fn open_session(
    svc: &Services,
    account_id: i64,
    verified_hash: String,
    client_kind: ClientKind,
    method: SignInMethod,
    new_device: bool,
    client: &ClientInfo,
    location: String,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let policy = svc.policy.clone();
    let client = client.clone();
    let signed_in = crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            open_session_in(
                txn,
                &policy,
                account_id,
                Some(&verified_hash),
                client_kind,
                method,
                new_device,
                &client,
                location,
                now,
            )
            .await
        })
    })
    .await?;
    svc.live
        .publish(LiveEvent::SessionStarted { account_id })
        .await;
    if new_device {
        svc.live
            .publish(LiveEvent::SignInNoticesChanged { account_id })
            .await;
    }
    Ok(signed_in)
}

/// [`open_session`] inside the caller's transaction. `verified_hash` is the password hash
/// a password sign-in checked against, if it was one.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_session_in(
    txn: &DatabaseTransaction,
    policy: &SessionPolicy,
    account_id: i64,
    verified_hash: Option<&str>,
    client_kind: ClientKind,
    method: SignInMethod,
    new_device: bool,
    client: &ClientInfo,
    location: String,
    now: DateTime<Utc>,
) -> Result<SignedIn> {
    let described = devices::describe(client, client_kind);
    let device = devices::register(txn, account_id, client, described, location, now).await?;
    let (token, session) =
        sessions::open(txn, policy, account_id, device.id, client_kind, method, now).await?;
    // Read after the session took its generation, which disabling the account and
    // replacing its password both bump: a sign-in racing either sees it here or is ended
    // by it. Every way in (password, link, TV code) opens its session here.
    let account = accounts::get(txn, account_id).await?;
    // The password was checked against the hash read before (hashing takes a while).
    if verified_hash.is_some_and(|hash| hash != account.password_hash) {
        return Err(DomainError::InvalidCredentials);
    }
    if account.disabled_at.is_some() {
        return Err(DomainError::invalid(Problem::AccountDisabled));
    }
    let origin = EventOrigin {
        device_id: Some(device.id),
        device_name: Some(device.name.clone()),
        ip: device.last_ip.clone(),
        location: device.last_location.clone(),
        profile_id: None,
    };
    let kind = if new_device {
        SecurityEventKind::NewDeviceSignIn
    } else {
        SecurityEventKind::SignIn
    };
    events::record(txn, account_id, kind, &origin, None, now).await?;
    Ok(SignedIn {
        token: token.token,
        session,
        device_cookie: None,
    })
}

/// Ends the caller's own session.
pub async fn sign_out(
    svc: &Services,
    current: &CurrentSession,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    let origin = devices::origin(svc, current, client).await?;
    let ending = current.clone();
    crate::db::transaction(&svc.db, |txn| {
        let current = ending;
        Box::pin(async move {
            sessions::revoke_device(
                txn,
                current.account_id,
                current.device_id,
                RevokeReason::SignOut,
                now,
            )
            .await?;
            events::record(
                txn,
                current.account_id,
                SecurityEventKind::SignOut,
                &origin,
                None,
                now,
            )
            .await
        })
    })
    .await?;
    svc.live
        .publish(LiveEvent::SessionsEnded {
            account_id: current.account_id,
        })
        .await;
    Ok(())
}

/// Ends every session of the account, the caller's included. Returns how many ended.
/// Needs a recent re-authentication, and is refused from a TV.
pub async fn sign_out_all(
    svc: &Services,
    current: &CurrentSession,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<u64> {
    current.require_not_tv()?;
    current.require_recent_auth(&svc.policy, now)?;
    let origin = devices::origin(svc, current, client).await?;
    end_every_session(
        &svc.db,
        &svc.live,
        current.account_id,
        Ending::All,
        RevokeReason::SignOutAll,
        origin,
        now,
    )
    .await
}

/// "Secure my account": in one transaction, ends every session of the account but this
/// one, voids every TV code approved and not yet collected, and replaces the password
/// (an intruder who knows the old one cannot sign straight back in), logged as one
/// security event; every open notice of a new device's sign-in counts as answered, and
/// the account's device cookies (each a sign-in allowance of its own) are void. Like a
/// password change it asks the current password every time, however lately it was
/// entered: a stolen cookie must not be able to lock the owner out. A TV cannot do it.
/// Returns how many other sessions ended.
pub async fn secure_account(
    svc: &Services,
    current: &mut CurrentSession,
    current_password: &Password,
    new_password: &NewPassword,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<u64> {
    current.require_not_tv()?;
    reauthenticate(svc, current, current_password, client, now)
        .await
        .map_err(|e| match e {
            DomainError::Invalid(_) => DomainError::invalid(Problem::CurrentPasswordWrong),
            other => other,
        })?;
    if new_password.expose() == current_password.expose() {
        return Err(DomainError::invalid(Problem::PasswordUnchanged));
    }
    let password_hash = svc.hasher.hash(new_password.expose()).await?;
    let origin = devices::origin(svc, current, client).await?;
    let ended = end_every_session(
        &svc.db,
        &svc.live,
        current.account_id,
        Ending::AllBut {
            keep: current.clone(),
            password_hash,
        },
        RevokeReason::AccountSecured,
        origin,
        now,
    )
    .await?;
    svc.live
        .publish(LiveEvent::SignInNoticesChanged {
            account_id: current.account_id,
        })
        .await;
    Ok(ended)
}

/// Which sessions [`end_every_session`] ends, and what else it does.
enum Ending {
    /// Every session: signed out of all devices.
    All,
    /// Every session but `keep`'s, and the password replaced: the account secured.
    AllBut {
        keep: CurrentSession,
        password_hash: String,
    },
    /// Every session, and the account disabled: by the service's operator.
    Disable,
    /// Every session, and the password replaced: by the service's operator.
    ResetPassword { password_hash: String },
}

/// Ends the sessions and approved TV codes of the account that `ending` says, logs it from
/// `origin` (a sign-out of all devices, or the account secured), and tells the account's
/// open pages.
async fn end_every_session(
    db: &sea_orm::DatabaseConnection,
    live: &crate::live::LiveHub,
    account_id: i64,
    ending: Ending,
    reason: RevokeReason,
    origin: EventOrigin,
    now: DateTime<Utc>,
) -> Result<u64> {
    let ended = crate::db::transaction(db, |txn| {
        Box::pin(async move {
            let keep = match &ending {
                Ending::AllBut { keep, .. } => Some(keep),
                Ending::All | Ending::Disable | Ending::ResetPassword { .. } => None,
            };
            let ended = sessions::revoke_all(txn, account_id, keep, reason, now).await?;
            let (kind, detail) = match ending {
                Ending::All => (
                    SecurityEventKind::SignOutAll,
                    events::Detail::SessionsEnded { count: ended },
                ),
                Ending::AllBut { password_hash, .. } => {
                    replace_password(txn, account_id, password_hash, now).await?;
                    crate::sign_in_notices::answer_all_secured(txn, account_id, now).await?;
                    (
                        SecurityEventKind::AccountSecured,
                        events::Detail::OthersSignedOut { count: ended },
                    )
                }
                Ending::ResetPassword { password_hash } => {
                    replace_password(txn, account_id, password_hash, now).await?;
                    (
                        SecurityEventKind::PasswordReset,
                        events::Detail::SessionsEnded { count: ended },
                    )
                }
                Ending::Disable => {
                    let disabled = account::Entity::update_many()
                        .col_expr(
                            account::Column::DisabledAt,
                            sea_orm::sea_query::Expr::value(now),
                        )
                        .filter(account::Column::Id.eq(account_id))
                        .filter(account::Column::DisabledAt.is_null())
                        .exec(txn)
                        .await?
                        .rows_affected;
                    // Checked in the transaction: of two disablings at once, one stands.
                    if disabled != 1 {
                        return Err(DomainError::Conflict(Problem::AccountDisabled));
                    }
                    (
                        SecurityEventKind::AccountDisabled,
                        events::Detail::SessionsEnded { count: ended },
                    )
                }
            };
            events::record(txn, account_id, kind, &origin, Some(detail), now).await?;
            Ok(ended)
        })
    })
    .await?;
    live.publish(LiveEvent::SessionsEnded { account_id }).await;
    sessions::settle_later(db, account_id, now);
    Ok(ended)
}

/// A new password hash in place of the old one; the account's device cookies (each a
/// sign-in allowance of its own, earned with the old password) go with it.
async fn replace_password(
    txn: &DatabaseTransaction,
    account_id: i64,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<()> {
    set_password(txn, account_id, password_hash, now).await?;
    entity::device_cookie::Entity::delete_many()
        .filter(entity::device_cookie::Column::AccountId.eq(account_id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn set_password(
    txn: &DatabaseTransaction,
    account_id: i64,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<()> {
    account::Entity::update_many()
        .col_expr(
            account::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(password_hash),
        )
        .col_expr(
            account::Column::PasswordChangedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(account::Column::Id.eq(account_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Checks the account password on an existing session and, when right, unlocks sensitive
/// actions for the re-authentication window. Wrong passwords are throttled per session
/// and logged like failed sign-ins.
pub async fn reauthenticate(
    svc: &Services,
    current: &mut CurrentSession,
    password: &Password,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    let reservation =
        attempts::reserve(&svc.db, &[Scope::reauthentication(current.session_id)], now).await?;
    let account = accounts::get(&svc.db, current.account_id).await?;
    if !svc
        .hasher
        .verify(password.expose(), &account.password_hash)
        .await?
    {
        let used_up = reservation.fail();
        let origin = devices::origin(svc, current, client).await?;
        events::record(
            &svc.db,
            current.account_id,
            SecurityEventKind::SignInFailed,
            &origin,
            Some(events::Detail::ReauthFailed),
            now,
        )
        .await?;
        return Err(match used_up {
            Some(retry_at) => DomainError::Throttled { retry_at },
            None => DomainError::invalid(Problem::PasswordWrong),
        });
    }
    reservation.release(&svc.db).await?;
    sessions::mark_reauthenticated(&svc.db, current, now).await
}

/// Changes the account password after checking the current one. With `sign_out_others`
/// every other session ends at once; this one stays and counts as freshly authenticated.
/// Returns how many other sessions ended.
pub async fn change_password(
    svc: &crate::Services,
    current: &mut crate::sessions::CurrentSession,
    current_password: &crate::password::Password,
    new_password: &crate::password::NewPassword,
    sign_out_others: bool,
    client: &crate::ClientInfo,
    now: DateTime<Utc>,
) -> Result<u64> {
    current.require_not_tv()?;
    reauthenticate(svc, current, current_password, client, now)
        .await
        .map_err(|e| match e {
            DomainError::Invalid(_) => DomainError::invalid(Problem::CurrentPasswordWrong),
            other => other,
        })?;
    if new_password.expose() == current_password.expose() {
        return Err(DomainError::invalid(Problem::PasswordUnchanged));
    }
    let hash = svc.hasher.hash(new_password.expose()).await?;
    let origin = crate::devices::origin(svc, current, client).await?;
    let keep = current.clone();
    let ended = crate::db::transaction(&svc.db, |txn| {
        Box::pin(async move {
            set_password(txn, keep.account_id, hash, now).await?;
            let ended = if sign_out_others {
                crate::sessions::revoke_all(
                    txn,
                    keep.account_id,
                    Some(&keep),
                    entity::session::RevokeReason::PasswordChanged,
                    now,
                )
                .await?
            } else {
                0
            };
            let detail = if sign_out_others {
                events::Detail::OthersSignedOut { count: ended }
            } else {
                events::Detail::OthersStayed
            };
            events::record(
                txn,
                keep.account_id,
                SecurityEventKind::PasswordChanged,
                &origin,
                Some(detail),
                now,
            )
            .await?;
            Ok(ended)
        })
    })
    .await?;
    if sign_out_others {
        crate::sessions::settle_later(&svc.db, current.account_id, now);
    }
    if ended > 0 {
        svc.live
            .publish(LiveEvent::SessionsEnded {
                account_id: current.account_id,
            })
            .await;
    }
    Ok(ended)
}

/// For a sensitive action: re-authenticates with `password` when given, then requires the
/// password to have been entered within the window.
pub async fn confirm_recent_auth(
    svc: &Services,
    current: &mut CurrentSession,
    password: Option<&str>,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(raw) = password.filter(|p| !p.is_empty()) {
        reauthenticate(svc, current, &Password::parse(raw)?, client, now).await?;
    }
    current.require_recent_auth(&svc.policy, now)
}

/// Ends every session of the account and voids its approved TV codes, for the service's
/// support acting on an owner's call (`kinoguard sign-out-all`). Logged as a sign-out of
/// all devices by the operator; open pages hear of it at once. Returns how many ended.
pub async fn operator_sign_out_all(
    db: &sea_orm::DatabaseConnection,
    live: &crate::live::LiveHub,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<u64> {
    end_every_session(
        db,
        live,
        account_id,
        Ending::All,
        RevokeReason::Operator,
        support(),
        now,
    )
    .await
}

/// How the service's support appears in an account's security activity.
fn support() -> EventOrigin {
    EventOrigin {
        device_name: Some(crate::device_name::SUPPORT.into()),
        ..EventOrigin::default()
    }
}

/// Disables the account (ASVS 7.4.2): ends every session and approved TV code in the same
/// transaction, and nobody signs in until [`operator_enable`]. Returns how many sessions
/// ended; an account already disabled is refused.
pub async fn operator_disable(
    db: &sea_orm::DatabaseConnection,
    live: &crate::live::LiveHub,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<u64> {
    end_every_session(
        db,
        live,
        account_id,
        Ending::Disable,
        RevokeReason::Operator,
        support(),
        now,
    )
    .await
}

/// Lets the account be signed in to again. Returns false when it was not disabled.
pub async fn operator_enable(
    db: &sea_orm::DatabaseConnection,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    crate::db::transaction(db, |txn| {
        Box::pin(async move {
            let enabled = account::Entity::update_many()
                .col_expr(
                    account::Column::DisabledAt,
                    sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(account::Column::Id.eq(account_id))
                .filter(account::Column::DisabledAt.is_not_null())
                .exec(txn)
                .await?
                .rows_affected
                == 1;
            if enabled {
                events::record(
                    txn,
                    account_id,
                    SecurityEventKind::AccountEnabled,
                    &support(),
                    None,
                    now,
                )
                .await?;
            }
            Ok(enabled)
        })
    })
    .await
}

/// Replaces the password for an owner who called the service's support, and ends every
/// session and approved TV code with the old one in the same transaction. Returns how
/// many sessions ended.
pub async fn operator_reset_password(
    svc_db: &sea_orm::DatabaseConnection,
    hasher: &crate::password::PasswordHasher,
    live: &crate::live::LiveHub,
    account_id: i64,
    new_password: &NewPassword,
    now: DateTime<Utc>,
) -> Result<u64> {
    accounts::get(svc_db, account_id).await?;
    let password_hash = hasher.hash(new_password.expose()).await?;
    end_every_session(
        svc_db,
        live,
        account_id,
        Ending::ResetPassword { password_hash },
        RevokeReason::Operator,
        support(),
        now,
    )
    .await
}
