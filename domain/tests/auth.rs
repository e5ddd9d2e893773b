//! Sign-in, sessions and sign-out, on SQLite and PostgreSQL.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::accounts::{self, NewAccount};
use domain::entity::security_event::SecurityEventKind;
use domain::entity::session::RevokeReason;
use domain::entity::{device, session};
use domain::events::Detail;
use domain::identifier::{Email, Phone};
use domain::password::NewPassword;
use domain::{ClientInfo, DomainError, auth, events, sessions, testing};
use sea_orm::EntityTrait;

#[tokio::test]
async fn sign_in_by_email_or_phone_opens_a_session_on_a_named_device() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let id = account(&svc, "ana@example.com", Some("+1 415 555 0123")).await;

            let by_email = sign_in(&svc, "  ANA@Example.com ", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let by_phone = sign_in(&svc, "+1 (415) 555-0123", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            assert_ne!(by_email.token, by_phone.token, "{}", t.label);
            assert_ne!(by_email.session.device_id, by_phone.session.device_id);

            let s = current(&svc, &by_email.token)
                .await
                .expect("session is live");
            assert_eq!(s.account_id, id);
            // Only the hash is stored.
            let row = session::Entity::find_by_id(s.session_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_ne!(row.token_hash, by_email.token);
            assert_eq!(row.token_hash, domain::token::hash(&by_email.token));

            let d = device::Entity::find_by_id(by_phone.session.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d.name, "Safari on iPhone");
            assert_eq!(d.kind, device::DeviceKind::Phone);
            assert_eq!(d.last_ip.as_deref(), Some("81.2.69.142"));
            assert_eq!(d.last_location.as_deref(), Some("London, United Kingdom"));

            let kinds: Vec<_> = events::recent(&svc.db, id, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.kind)
                .collect();
            assert_eq!(
                kinds,
                [
                    // The phone is a device the account had not used before.
                    SecurityEventKind::NewDeviceSignIn,
                    SecurityEventKind::SignIn,
                    SecurityEventKind::AccountCreated
                ],
                "{}",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_account_fail_alike() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let id = account(&svc, "ana@example.com", None).await;
            let wrong = sign_in(&svc, "ana@example.com", "not the password", CHROME_LINUX).await;
            let unknown = sign_in(&svc, "nobody@example.com", PASSWORD, CHROME_LINUX).await;
            assert!(
                matches!(wrong, Err(DomainError::InvalidCredentials)),
                "{}",
                t.label
            );
            assert!(
                matches!(unknown, Err(DomainError::InvalidCredentials)),
                "{}",
                t.label
            );
            assert_eq!(
                sessions::live_count(&svc.db, id, Utc::now()).await.unwrap(),
                0
            );
            let newest = &events::recent(&svc.db, id, 1).await.unwrap()[0];
            assert_eq!(newest.kind, SecurityEventKind::SignInFailed);
            assert_eq!(newest.device_name.as_deref(), Some("Chrome on Linux"));
        })
        .await;
    }
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        account(&svc, "ana@example.com", None).await;
        for _ in 0..domain::attempts::ACCOUNT_ADDRESS_GUESSES {
            let _ = sign_in(&svc, "ana@example.com", "wrong password", CHROME_LINUX).await;
        }
        let result = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX).await;
        assert!(matches!(result, Err(DomainError::Throttled { .. })));
    })
    .await;
}

#[tokio::test]
async fn duplicate_accounts_are_refused() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", Some("+14155550123")).await;
            for (email, phone) in [
                ("ANA@example.com", None),
                ("bo@example.com", Some("+1 415 555 0123")),
            ] {
                let result = accounts::create(
                    &svc.db,
                    &svc.hasher,
                    NewAccount {
                        email: Email::parse(email).unwrap(),
                        phone: phone.map(|p| Phone::parse(p).unwrap()),
                        password: NewPassword::parse(PASSWORD).unwrap(),
                    },
                    Utc::now(),
                )
                .await;
                assert!(
                    matches!(result, Err(DomainError::Conflict(_))),
                    "{} {email}",
                    t.label
                );
            }
        })
        .await;
    }
}

#[tokio::test]
async fn sign_out_ends_only_this_device() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let laptop = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let s = current(&svc, &laptop.token).await.unwrap();
            auth::sign_out(&svc, &s, &ClientInfo::default(), Utc::now())
                .await
                .unwrap();
            assert!(current(&svc, &laptop.token).await.is_none(), "{}", t.label);
            assert!(current(&svc, &phone.token).await.is_some(), "{}", t.label);
            let d = device::Entity::find_by_id(s.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d.state, device::DeviceState::SignedOut);
        })
        .await;
    }
}

#[tokio::test]
async fn sign_out_all_ends_every_session_of_the_account_only() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = account(&svc, "ana@example.com", None).await;
            account(&svc, "bo@example.com", None).await;
            let laptop = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let other = sign_in(&svc, "bo@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();

            let s = current(&svc, &laptop.token).await.unwrap();
            let ended =
                auth::sign_out_all(&svc, &s, &client(CHROME_LINUX, "198.51.100.4"), Utc::now())
                    .await
                    .unwrap();
            assert_eq!(ended, 2, "{}", t.label);
            assert!(current(&svc, &laptop.token).await.is_none());
            assert!(current(&svc, &phone.token).await.is_none());
            assert!(
                current(&svc, &other.token).await.is_some(),
                "another account is untouched"
            );
            assert_eq!(
                sessions::live_count(&svc.db, ana, Utc::now())
                    .await
                    .unwrap(),
                0
            );

            let event = &events::recent(&svc.db, ana, 1).await.unwrap()[0];
            assert_eq!(event.kind, SecurityEventKind::SignOutAll);
            assert_eq!(event.ip.as_deref(), Some("198.51.100.4"));
            assert_eq!(
                event.detail.as_deref().and_then(Detail::read),
                Some(Detail::SessionsEnded { count: 2 })
            );
            // The audit log survives: sign-ins are still there.
            assert_eq!(events::recent(&svc.db, ana, 10).await.unwrap().len(), 4);
        })
        .await;
    }
}

#[tokio::test]
async fn sessions_of_an_ended_generation_are_refused_before_their_rows_are_marked() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = account(&svc, "ana@example.com", None).await;
            account(&svc, "bo@example.com", None).await;
            let laptop = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let other = sign_in(&svc, "bo@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let laptop_now = current(&svc, &laptop.token).await.unwrap();

            // The sign-out's own writes, without the settling that follows them.
            let ended =
                sessions::revoke_all(&svc.db, ana, None, RevokeReason::SignOutAll, Utc::now())
                    .await
                    .unwrap();
            assert_eq!(ended, 2, "{}", t.label);
            let row = sessions::get(&svc.db, ana, phone.session.id).await.unwrap();
            assert!(row.revoked_at.is_none(), "{}: not marked yet", t.label);
            assert!(current(&svc, &phone.token).await.is_none(), "{}", t.label);
            assert!(current(&svc, &laptop.token).await.is_none(), "{}", t.label);
            assert!(current(&svc, &other.token).await.is_some(), "{}", t.label);
            assert_eq!(
                sessions::live_count(&svc.db, ana, Utc::now())
                    .await
                    .unwrap(),
                0
            );
            assert!(
                domain::devices::list(&svc.db, &laptop_now, Utc::now())
                    .await
                    .unwrap()
                    .iter()
                    .all(|d| !d.signed_in),
                "{}: the devices page shows every device signed out",
                t.label
            );
            match domain::live::open(&svc, &phone.token, Utc::now())
                .await
                .unwrap()
            {
                domain::live::Opening::Ended(ended) => assert_eq!(
                    ended,
                    domain::live::Ended::Revoked(RevokeReason::SignOutAll),
                    "{}",
                    t.label
                ),
                _ => panic!("{}: the phone's page must hear it is signed out", t.label),
            }

            // What a crash left unmarked, the sweep marks; a new sign-in is left alone.
            let again = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            domain::sweep::run(&svc.db, Utc::now()).await.unwrap();
            let row = sessions::get(&svc.db, ana, phone.session.id).await.unwrap();
            assert!(row.revoked_at.is_some(), "{}", t.label);
            assert_eq!(row.revoked_reason, Some(RevokeReason::SignOutAll));
            let laptop_device = device::Entity::find_by_id(laptop.session.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(laptop_device.state, device::DeviceState::SignedOut);
            let phone_device = device::Entity::find_by_id(again.session.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                phone_device.state,
                device::DeviceState::Active,
                "{}: signed in again",
                t.label
            );
            assert!(current(&svc, &again.token).await.is_some(), "{}", t.label);
            assert!(current(&svc, &other.token).await.is_some(), "{}", t.label);
        })
        .await;
    }
}

#[tokio::test]
async fn a_password_change_does_not_keep_a_session_another_sign_out_ended() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let laptop = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            // The laptop's request was checked just before the phone signed everyone out;
            // the rows are not marked yet (the sign-out's own writes, without settling).
            let mut laptop_now = current(&svc, &laptop.token).await.unwrap();
            let phone_now = current(&svc, &phone.token).await.unwrap();
            sessions::revoke_all(
                &svc.db,
                phone_now.account_id,
                None,
                RevokeReason::SignOutAll,
                Utc::now(),
            )
            .await
            .unwrap();
            let _ = auth::change_password(
                &svc,
                &mut laptop_now,
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &NewPassword::parse("a brand new passphrase").unwrap(),
                true,
                &ClientInfo::default(),
                Utc::now(),
            )
            .await;
            assert!(
                current(&svc, &laptop.token).await.is_none(),
                "{}: the laptop stays signed out",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn sessions_expire_when_idle_and_absolutely() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let signed = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let p = &svc.policy;
            let at = |offset: TimeDelta| {
                sessions::authenticate(&svc.db, p, &signed.token, None, Utc::now() + offset)
            };

            assert!(
                at(p.idle - TimeDelta::minutes(1)).await.unwrap().is_some(),
                "{}",
                t.label
            );
            // That request refreshed the idle deadline...
            assert!(
                at(p.idle + TimeDelta::minutes(1)).await.unwrap().is_some(),
                "{}",
                t.label
            );
            // ...but never past the absolute one.
            assert!(
                at(p.absolute + TimeDelta::seconds(1))
                    .await
                    .unwrap()
                    .is_none(),
                "{}",
                t.label
            );
            assert!(at(p.idle * 3).await.unwrap().is_none(), "{}", t.label);
        })
        .await;
    }
}

#[tokio::test]
async fn last_seen_is_written_at_most_once_a_minute() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let signed = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let id = signed.session.id;
            let seen = || async {
                session::Entity::find_by_id(id)
                    .one(&svc.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .last_seen_at
            };
            let start = seen().await;
            let soon = start + TimeDelta::seconds(30);
            sessions::authenticate(&svc.db, &svc.policy, &signed.token, None, soon)
                .await
                .unwrap();
            assert_eq!(seen().await, start, "{}", t.label);
            let later = start + TimeDelta::seconds(90);
            sessions::authenticate(
                &svc.db,
                &svc.policy,
                &signed.token,
                Some("198.51.100.9"),
                later,
            )
            .await
            .unwrap();
            assert_eq!(seen().await, later, "{}", t.label);
            let d = device::Entity::find_by_id(signed.session.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d.last_ip.as_deref(), Some("198.51.100.9"));
        })
        .await;
    }
}

#[tokio::test]
async fn forged_and_malformed_tokens_are_refused() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        for token in ["", "x", &"A".repeat(43), &"A".repeat(4096)] {
            assert!(current(&svc, token).await.is_none());
        }
    })
    .await;
}

#[tokio::test]
async fn require_reauthentication_asks_every_live_session_of_that_account_only() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = signed_in(&svc, "ana@example.com").await;
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let bo = signed_in(&svc, "bo@example.com").await;
            let now = Utc::now();
            assert!(ana.recently_authenticated(&svc.policy, now));

            let touched = sessions::require_reauthentication(&svc.db, ana.account_id)
                .await
                .unwrap();
            assert_eq!(touched, 2, "{}", t.label);
            for s in [
                sessions::get(&svc.db, ana.account_id, ana.session_id)
                    .await
                    .unwrap(),
                sessions::get(&svc.db, ana.account_id, phone.session.id)
                    .await
                    .unwrap(),
            ] {
                assert!(s.revoked_at.is_none(), "{}: nobody is signed out", t.label);
                assert!(now - s.reauthenticated_at > svc.policy.reauth_window);
            }
            let phone_now = current(&svc, &phone.token).await.expect("still signed in");
            assert!(!phone_now.recently_authenticated(&svc.policy, Utc::now()));
            let bo_now = sessions::get(&svc.db, bo.account_id, bo.session_id)
                .await
                .unwrap();
            assert!(
                Utc::now() - bo_now.reauthenticated_at < svc.policy.reauth_window,
                "{}: another account is untouched",
                t.label
            );
        })
        .await;
    }
}

/// A wrong password, from `ip`.
async fn guess_from(svc: &domain::Services, who: &str, ip: &str) -> Result<(), DomainError> {
    auth::sign_in(
        svc,
        &domain::identifier::LoginIdentifier::parse(who).unwrap(),
        &domain::password::Password::parse("wrong password").unwrap(),
        domain::entity::session::ClientKind::Web,
        &client(CHROME_LINUX, ip),
        None,
        Utc::now(),
    )
    .await
    .map(|_| ())
}

async fn failed_sign_ins(svc: &domain::Services) -> u64 {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    domain::entity::security_event::Entity::find()
        .filter(domain::entity::security_event::Column::Kind.eq(SecurityEventKind::SignInFailed))
        .count(&svc.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn fifty_simultaneous_wrong_passwords_get_at_most_the_allowance_checked() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let mut burst = tokio::task::JoinSet::new();
            for _ in 0..50 {
                let svc = svc.clone();
                burst
                    .spawn(async move { guess_from(&svc, "ana@example.com", "203.0.113.9").await });
            }
            while let Some(r) = burst.join_next().await {
                assert!(
                    matches!(
                        r.unwrap(),
                        Err(DomainError::InvalidCredentials | DomainError::Throttled { .. })
                    ),
                    "{}",
                    t.label
                );
            }
            let checked = failed_sign_ins(&svc).await;
            assert!(
                checked <= domain::attempts::ACCOUNT_ADDRESS_GUESSES,
                "{}: {checked} passwords were checked",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn strangers_elsewhere_cannot_lock_the_owner_out() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let open = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let mut laptop = current(&svc, &open.token).await.unwrap();
            // 25 wrong passwords from an address that is not the owner's.
            for _ in 0..25 {
                let _ = guess_from(&svc, "ana@example.com", "203.0.113.9").await;
            }
            assert!(matches!(
                guess_from(&svc, "ana@example.com", "203.0.113.9").await,
                Err(DomainError::Throttled { .. })
            ));
            // The owner, at home in London, signs in at once...
            sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap_or_else(|e| panic!("{}: the owner was locked out: {e:?}", t.label));
            // ...and confirms a sensitive action on the session already open.
            auth::reauthenticate(
                &svc,
                &mut laptop,
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: re-authentication was refused: {e:?}", t.label));
        })
        .await;
    }
}

#[tokio::test]
async fn re_authentication_is_throttled_per_session() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let mut stolen = signed_in(&svc, "ana@example.com").await;
            let owner = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let mut owner = current(&svc, &owner.token).await.unwrap();
            let here = client(CHROME_LINUX, LONDON_IP);
            let wrong = domain::password::Password::parse("wrong password").unwrap();
            let right = domain::password::Password::parse(PASSWORD).unwrap();
            let now = Utc::now();
            for i in 0..domain::attempts::REAUTHENTICATION_GUESSES {
                let r = auth::reauthenticate(&svc, &mut stolen, &wrong, &here, now).await;
                let last = i + 1 == domain::attempts::REAUTHENTICATION_GUESSES;
                assert!(
                    matches!(
                        (last, &r),
                        (false, Err(DomainError::Invalid(_)))
                            | (true, Err(DomainError::Throttled { .. }))
                    ),
                    "{}: guess {i}: {r:?}",
                    t.label
                );
            }
            assert!(matches!(
                auth::reauthenticate(&svc, &mut stolen, &right, &here, now).await,
                Err(DomainError::Throttled { .. })
            ));
            // The owner's own session is not held back by the other one's guesses.
            auth::reauthenticate(&svc, &mut owner, &right, &here, now)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", t.label));
        })
        .await;
    }
}

/// A password sign-in from `ip`, presenting `device_cookie`.
async fn sign_in_with_cookie(
    svc: &domain::Services,
    password: &str,
    ip: &str,
    device_cookie: Option<&str>,
) -> Result<auth::SignedIn, DomainError> {
    auth::sign_in(
        svc,
        &domain::identifier::LoginIdentifier::parse("ana@example.com").unwrap(),
        &domain::password::Password::parse(password).unwrap(),
        domain::entity::session::ClientKind::Web,
        &client(CHROME_LINUX, ip),
        device_cookie,
        Utc::now(),
    )
    .await
}

/// OWASP's device cookie: guessers spread over many addresses — or at the owner's own
/// address — use up what untrusted browsers may try, but the owner's usual browser keeps
/// an allowance of its own; a stolen cookie buys only that small allowance.
#[tokio::test]
async fn the_owners_usual_browser_signs_in_whatever_strangers_guess() {
    use domain::attempts::{DEVICE_COOKIE_GUESSES, UNTRUSTED_ACCOUNT_GUESSES};
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            account(&svc, "bo@example.com", None).await;
            let first = sign_in_with_cookie(&svc, PASSWORD, LONDON_IP, None)
                .await
                .unwrap();
            let cookie = first
                .device_cookie
                .expect("a first sign-in gets a device cookie");
            let mut laptop = current(&svc, &first.token).await.unwrap();

            // A botnet: one wrong password from each of many addresses, and from London.
            let mut refused = 0;
            for i in 0..UNTRUSTED_ACCOUNT_GUESSES + 5 {
                let ip = format!("198.51.{}.{}", i / 200, 1 + i % 200);
                if let Err(DomainError::Throttled { .. }) =
                    sign_in_with_cookie(&svc, "wrong password", &ip, None).await
                {
                    refused += 1;
                }
            }
            assert_eq!(
                refused, 5,
                "{}: the untrusted allowance is account-wide",
                t.label
            );
            // A new browser, even with the right password, waits...
            assert!(matches!(
                sign_in_with_cookie(&svc, PASSWORD, "192.0.2.77", None).await,
                Err(DomainError::Throttled { .. })
            ));
            // ...and so does one presenting a made-up cookie.
            let made_up = domain::token::generate().token;
            assert!(matches!(
                sign_in_with_cookie(&svc, PASSWORD, LONDON_IP, Some(&made_up)).await,
                Err(DomainError::Throttled { .. })
            ));
            // The owner's usual browser signs in at once, and keeps its cookie.
            let again = sign_in_with_cookie(&svc, PASSWORD, LONDON_IP, Some(&cookie))
                .await
                .unwrap_or_else(|e| panic!("{}: the owner was locked out: {e:?}", t.label));
            assert_eq!(again.device_cookie, None, "{}", t.label);
            // Re-authentication on an open session is its own allowance too.
            auth::reauthenticate(
                &svc,
                &mut laptop,
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();

            // A thief of the cookie gets its allowance and no more.
            let mut checked = 0;
            for _ in 0..DEVICE_COOKIE_GUESSES + 3 {
                match sign_in_with_cookie(&svc, "wrong password", "192.0.2.99", Some(&cookie)).await
                {
                    Err(DomainError::InvalidCredentials) => checked += 1,
                    Err(DomainError::Throttled { .. }) => {}
                    other => panic!("{}: {:?}", t.label, other.map(|_| ())),
                }
            }
            assert_eq!(checked, DEVICE_COOKIE_GUESSES, "{}", t.label);

            // Bo's cookie does not make Ana's sign-in trusted.
            let bo = auth::sign_in(
                &svc,
                &domain::identifier::LoginIdentifier::parse("bo@example.com").unwrap(),
                &domain::password::Password::parse(PASSWORD).unwrap(),
                domain::entity::session::ClientKind::Web,
                &client(CHROME_LINUX, "192.0.2.5"),
                None,
                Utc::now(),
            )
            .await
            .unwrap();
            let bos_cookie = bo.device_cookie.unwrap();
            assert!(matches!(
                sign_in_with_cookie(&svc, PASSWORD, "192.0.2.5", Some(&bos_cookie)).await,
                Err(DomainError::Throttled { .. })
            ));
        })
        .await;
    }
}

/// `+44 (0)20 7946 0958`, the usual UK spelling, signs in to the account whose number is
/// `+44 20 7946 0958` — and an account stored by the old parser with the trunk 0 kept is
/// rewritten at start-up so that it can too.
#[tokio::test]
async fn phone_numbers_sign_in_as_people_write_them_and_old_ones_are_rewritten() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", Some("+44 20 7946 0958")).await;
            sign_in(&svc, "+44 (0)20 7946 0958", PASSWORD, CHROME_LINUX)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", t.label));

            let bo = account(&svc, "bo@example.com", None).await;
            let mut old = domain::entity::account::Entity::find_by_id(bo)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap()
                .into_active_model();
            old.phone = Set(Some("+4402071234567".into()));
            old.update(&svc.db).await.unwrap();
            assert!(
                sign_in(&svc, "+44 20 7123 4567", PASSWORD, CHROME_LINUX)
                    .await
                    .is_err()
            );
            domain::migrate::run(&svc.db).await.unwrap();
            let rewritten = accounts::get(&svc.db, bo).await.unwrap();
            assert_eq!(
                rewritten.phone.as_deref(),
                Some("+442071234567"),
                "{}",
                t.label
            );
            sign_in(&svc, "+44 (0)20 7123 4567", PASSWORD, CHROME_LINUX)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", t.label));
            // Running it again changes nothing.
            assert_eq!(accounts::normalise_identifiers(&svc.db).await.unwrap(), 0);
        })
        .await;
    }
}

/// What a page reads of its session in one statement is what the reads one by one give:
/// the same session, the account's own profiles in the profile menu's order, and the same
/// live count, through a device sign-out and a "sign out of all devices".
#[tokio::test]
async fn a_page_reads_its_session_profiles_and_live_count_at_once() {
    use domain::page_session;
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let page = |token: String| {
                let svc = svc.clone();
                async move {
                    page_session::authenticate(&svc.db, &svc.policy, &token, None, Utc::now())
                        .await
                        .unwrap()
                }
            };
            let ana = account(&svc, "ana@example.com", None).await;
            let bo = account(&svc, "bo@example.com", None).await;
            kid(&svc, ana).await;
            let laptop = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let other = sign_in(&svc, "bo@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();

            let read = page(laptop.token.clone()).await.expect("a live session");
            assert_eq!(
                Some(read.session.clone()),
                current(&svc, &laptop.token).await
            );
            assert_eq!(read.account.id, ana, "{}", t.label);
            assert!(read.profiles[0].is_owner, "{}: the owner first", t.label);
            assert_eq!(read.profiles[1].name, "Kid", "{}", t.label);
            assert_eq!(
                read.profiles,
                domain::profiles::list(&svc.db, ana).await.unwrap()
            );
            assert_eq!(read.live_sessions, 2, "{}", t.label);

            let bo_read = page(other.token.clone()).await.unwrap();
            assert_eq!(bo_read.account.id, bo);
            assert_eq!(bo_read.profiles.len(), 1, "{}", t.label);
            assert_eq!(bo_read.live_sessions, 1);

            sessions::revoke_device(
                &svc.db,
                ana,
                phone.session.device_id,
                RevokeReason::DeviceSignedOut,
                Utc::now(),
            )
            .await
            .unwrap();
            assert!(page(phone.token.clone()).await.is_none(), "{}", t.label);
            let read = page(laptop.token.clone()).await.unwrap();
            assert_eq!(read.live_sessions, 1, "{}", t.label);
            assert_eq!(
                read.live_sessions,
                sessions::live_count(&svc.db, ana, Utc::now())
                    .await
                    .unwrap()
            );

            // The sign-out's own writes, before its rows are marked revoked.
            sessions::revoke_all(&svc.db, ana, None, RevokeReason::SignOutAll, Utc::now())
                .await
                .unwrap();
            assert!(page(laptop.token.clone()).await.is_none(), "{}", t.label);
            let again = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            assert_eq!(
                page(again.token.clone()).await.unwrap().live_sessions,
                1,
                "{}: the ended generation's unmarked rows are not counted",
                t.label
            );
            assert!(page("not a token".into()).await.is_none());
            assert!(page(domain::token::generate().token).await.is_none());
        })
        .await;
    }
}
