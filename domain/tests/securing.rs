//! "This wasn't me": securing the account (new password, every other device out), the
//! notices of sign-ins on new devices, the mailed links, and what the unrecognised
//! devices did.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::entity::security_event::SecurityEventKind;
use domain::password::{NewPassword, Password};
use domain::{DomainError, auth, secure_links, sign_in_notices, testing, unrecognised};

const NEW_PASSWORD: &str = "a brand new passphrase";

fn new_password() -> NewPassword {
    NewPassword::parse(NEW_PASSWORD).unwrap()
}

fn password(p: &str) -> Password {
    Password::parse(p).unwrap()
}

fn problem(e: DomainError) -> domain::error::Problem {
    match e {
        DomainError::Invalid(p) => p,
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[tokio::test]
async fn securing_replaces_the_password_and_reports_what_the_new_device_did() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            // The intruder signs in on a phone the account never used, and watches.
            let intruder = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let phone = current(&svc, &intruder.token).await.unwrap();
            let owner = owner(&svc, laptop.account_id).await;
            let film = title(&svc, &owner, "a").await;
            start_stream(
                &svc,
                &phone,
                owner.id,
                film.id,
                &client(SAFARI_IPHONE, LONDON_IP),
            )
            .await;

            // A cookie alone cannot do it, however lately the password was entered: the
            // current password is asked every time.
            let wrong = auth::secure_account(
                &svc,
                &mut laptop.clone(),
                &password("not the password"),
                &new_password(),
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap_err();
            assert_eq!(problem(wrong), domain::error::Problem::CurrentPasswordWrong);
            // The same password again would change nothing.
            let same = auth::secure_account(
                &svc,
                &mut laptop.clone(),
                &password(PASSWORD),
                &NewPassword::parse(PASSWORD).unwrap(),
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap_err();
            assert_eq!(problem(same), domain::error::Problem::PasswordUnchanged);
            assert!(
                current(&svc, &intruder.token).await.is_some(),
                "{}",
                t.label
            );

            let ended = auth::secure_account(
                &svc,
                &mut laptop.clone(),
                &password(PASSWORD),
                &new_password(),
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(ended, 1, "{}", t.label);
            assert!(current(&svc, &intruder.token).await.is_none());
            // The intruder's device cookies (each a sign-in allowance of its own) are void.
            assert!(intruder.device_cookie.is_some());
            let cookies = domain::entity::device_cookie::Entity::find()
                .filter(domain::entity::device_cookie::Column::AccountId.eq(laptop.account_id))
                .all(&svc.db)
                .await
                .unwrap();
            assert!(cookies.is_empty(), "{}", t.label);
            let kept = domain::sessions::get(&svc.db, laptop.account_id, laptop.session_id)
                .await
                .unwrap();
            assert!(
                kept.revoked_at.is_none(),
                "{}: the device securing stays",
                t.label
            );
            assert!(matches!(
                sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE).await,
                Err(DomainError::InvalidCredentials)
            ));
            sign_in(&svc, "ana@example.com", NEW_PASSWORD, CHROME_LINUX)
                .await
                .expect("the new password signs in");

            // One event says it all.
            let secured: Vec<_> = domain::events::recent(&svc.db, laptop.account_id, 10)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| {
                    matches!(
                        e.kind,
                        SecurityEventKind::AccountSecured | SecurityEventKind::PasswordChanged
                    )
                })
                .collect();
            assert_eq!(secured.len(), 1, "{}", t.label);
            assert_eq!(secured[0].kind, SecurityEventKind::AccountSecured);

            // What the phone did, from the laptop's side: its sign-in and its stream.
            let report =
                unrecognised::report(&svc.db, laptop.account_id, laptop.device_id, Utc::now())
                    .await
                    .unwrap();
            assert!(report.secured_at.is_some(), "{}", t.label);
            let phone_report = report
                .devices
                .iter()
                .find(|r| r.sign_in.device_id == Some(phone.device_id))
                .expect("the phone is unrecognised");
            assert_eq!(
                phone_report.sign_in.device_name.as_deref(),
                Some("Safari on iPhone")
            );
            assert!(
                phone_report
                    .events
                    .iter()
                    .any(|e| e.kind == SecurityEventKind::NewDeviceSignIn)
            );
            assert_eq!(phone_report.streams.len(), 1, "{}", t.label);
            assert_eq!(phone_report.streams[0].title_id, film.id);
            assert!(
                report
                    .devices
                    .iter()
                    .all(|r| r.sign_in.device_id != Some(laptop.device_id)),
                "{}: the device securing is never unrecognised",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn a_new_devices_sign_in_is_shown_on_the_others_until_answered() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            assert!(
                sign_in_notices::pending(&svc.db, &laptop, now)
                    .await
                    .unwrap()
                    .is_empty(),
                "{}: the first device is no news",
                t.label
            );
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let phone_cookie = phone.device_cookie.clone();
            let phone = current(&svc, &phone.token).await.unwrap();
            let shown = sign_in_notices::pending(&svc.db, &laptop, Utc::now())
                .await
                .unwrap();
            assert_eq!(shown.len(), 1, "{}", t.label);
            assert_eq!(shown[0].device_id, Some(phone.device_id));
            assert!(
                sign_in_notices::pending(&svc.db, &phone, Utc::now())
                    .await
                    .unwrap()
                    .is_empty(),
                "{}: the new device does not warn itself",
                t.label
            );

            // Whoever is on the new device cannot vouch for it; another account cannot
            // touch the notice.
            assert!(matches!(
                sign_in_notices::confirm(&svc, &phone, shown[0].id, Utc::now()).await,
                Err(DomainError::Forbidden)
            ));
            // Nor can the intruder's next sign-in, on the same browser with its device cookie:
            // a device that came after the sign-in does not vouch for it.
            let again = auth::sign_in(
                &svc,
                &domain::identifier::LoginIdentifier::parse("ana@example.com").unwrap(),
                &password(PASSWORD),
                domain::entity::session::ClientKind::Web,
                &client(SAFARI_IPHONE, LONDON_IP),
                phone_cookie.as_deref(),
                Utc::now(),
            )
            .await
            .unwrap();
            assert!(
                again.device_cookie.is_none(),
                "{}: a trusted browser",
                t.label
            );
            let again = current(&svc, &again.token).await.unwrap();
            assert!(
                sign_in_notices::pending(&svc.db, &again, Utc::now())
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert!(matches!(
                sign_in_notices::confirm(&svc, &again, shown[0].id, Utc::now()).await,
                Err(DomainError::Forbidden)
            ));
            // Nor can a TV: it is not asked, and cannot answer.
            let on_tv = domain::sessions::CurrentSession {
                client: domain::entity::session::ClientKind::Tv,
                ..laptop.clone()
            };
            assert!(
                sign_in_notices::pending(&svc.db, &on_tv, Utc::now())
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert!(matches!(
                sign_in_notices::confirm(&svc, &on_tv, shown[0].id, Utc::now()).await,
                Err(DomainError::Forbidden)
            ));
            // Nor can a child: a Kids profile is not asked.
            let child = kid(&svc, laptop.account_id).await;
            let on_kids = domain::sessions::CurrentSession {
                profile_id: Some(child.id),
                ..laptop.clone()
            };
            assert!(
                sign_in_notices::pending(&svc.db, &on_kids, Utc::now())
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert!(matches!(
                sign_in_notices::confirm(&svc, &on_kids, shown[0].id, Utc::now()).await,
                Err(DomainError::Forbidden)
            ));
            let bea = signed_in(&svc, "bea@example.com").await;
            assert!(matches!(
                sign_in_notices::confirm(&svc, &bea, shown[0].id, Utc::now()).await,
                Err(DomainError::NotFound)
            ));
            assert_eq!(
                sign_in_notices::pending(&svc.db, &laptop, Utc::now())
                    .await
                    .unwrap()
                    .len(),
                1
            );

            // "Yes, it was me", twice (two tabs): answered once, gone everywhere.
            sign_in_notices::confirm(&svc, &laptop, shown[0].id, Utc::now())
                .await
                .unwrap();
            sign_in_notices::confirm(&svc, &laptop, shown[0].id, Utc::now())
                .await
                .unwrap();
            assert!(
                sign_in_notices::pending(&svc.db, &laptop, Utc::now())
                    .await
                    .unwrap()
                    .is_empty()
            );

            // Two weeks on, an unanswered one is no longer news.
            sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let later = Utc::now() + sign_in_notices::NEWS_FOR + TimeDelta::minutes(1);
            assert_eq!(
                sign_in_notices::pending(&svc.db, &laptop, Utc::now())
                    .await
                    .unwrap()
                    .len(),
                1
            );
            assert!(
                sign_in_notices::pending(&svc.db, &laptop, later)
                    .await
                    .unwrap()
                    .is_empty()
            );

            // Securing the account answers every open notice.
            auth::secure_account(
                &svc,
                &mut laptop.clone(),
                &password(PASSWORD),
                &new_password(),
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert!(
                sign_in_notices::pending(&svc.db, &laptop, Utc::now())
                    .await
                    .unwrap()
                    .is_empty()
            );
        })
        .await;
    }
}

#[tokio::test]
async fn a_mailed_link_signs_in_once_with_the_password_and_not_after_it_expires() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let from = client(SAFARI_IPHONE, LONDON_IP);
            let link = secure_links::issue(&svc.db, laptop.account_id, None, now)
                .await
                .unwrap();
            // Only its hash is kept.
            let stored = domain::entity::secure_link::Entity::find()
                .all(&svc.db)
                .await
                .unwrap();
            assert_eq!(stored.len(), 1);
            assert_ne!(stored[0].token_hash, link);
            assert!(!stored[0].token_hash.contains(&link));

            // A wrong password is refused and leaves the link usable.
            let wrong = auth::sign_in_with_link(
                &svc,
                &link,
                &password("not the password"),
                &from,
                None,
                now,
            )
            .await;
            assert!(
                matches!(wrong, Err(DomainError::InvalidCredentials)),
                "{}",
                t.label
            );
            let signed =
                auth::sign_in_with_link(&svc, &link, &password(PASSWORD), &from, None, now)
                    .await
                    .expect("link and password sign in");
            let session = current(&svc, &signed.token).await.unwrap();
            assert_eq!(session.account_id, laptop.account_id);
            assert!(
                session.recently_authenticated(&svc.policy, now),
                "{}: the password was just entered",
                t.label
            );
            // Used once, never again.
            let again = auth::sign_in_with_link(&svc, &link, &password(PASSWORD), &from, None, now)
                .await
                .err()
                .unwrap();
            assert_eq!(problem(again), domain::error::Problem::SecureLinkUnusable);

            // Expired: refused even with the right password.
            let old = secure_links::issue(&svc.db, laptop.account_id, None, now)
                .await
                .unwrap();
            let late = now + secure_links::LIFETIME + TimeDelta::seconds(1);
            assert!(
                secure_links::usable(&svc.db, &old, late)
                    .await
                    .unwrap()
                    .is_none()
            );
            // The sweep keeps what still works and deletes what expired.
            let stored = domain::entity::secure_link::Entity::find()
                .all(&svc.db)
                .await
                .unwrap()
                .len() as u64;
            assert_eq!(
                secure_links::sweep(&svc.db, now).await.unwrap(),
                0,
                "{}",
                t.label
            );
            assert_eq!(
                secure_links::sweep(&svc.db, late).await.unwrap(),
                stored,
                "{}",
                t.label
            );
            let old = secure_links::issue(&svc.db, laptop.account_id, None, now)
                .await
                .unwrap();
            let expired =
                auth::sign_in_with_link(&svc, &old, &password(PASSWORD), &from, None, late)
                    .await
                    .err()
                    .unwrap();
            assert_eq!(problem(expired), domain::error::Problem::SecureLinkUnusable);
            // Anything that is not a link is refused the same way.
            let made_up = auth::sign_in_with_link(&svc, "x", &password(PASSWORD), &from, None, now)
                .await
                .err()
                .unwrap();
            assert_eq!(problem(made_up), domain::error::Problem::SecureLinkUnusable);

            // Two requests racing with one link: one session between them.
            let raced = secure_links::issue(&svc.db, laptop.account_id, None, now)
                .await
                .unwrap();
            let before = domain::sessions::live_count(&svc.db, laptop.account_id, Utc::now())
                .await
                .unwrap();
            let right = password(PASSWORD);
            let (a, b) = tokio::join!(
                auth::sign_in_with_link(&svc, &raced, &right, &from, None, now),
                auth::sign_in_with_link(&svc, &raced, &right, &from, None, now),
            );
            assert_eq!(
                [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
                1,
                "{}",
                t.label
            );
            assert_eq!(
                domain::sessions::live_count(&svc.db, laptop.account_id, Utc::now())
                    .await
                    .unwrap(),
                before + 1
            );
        })
        .await;
    }
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
