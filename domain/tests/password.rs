//! Changing the password: the current one checked, the rules applied, other devices
//! signed out when asked (the default), this one kept.

mod common;

use chrono::Utc;
use common::*;
use domain::auth;
use domain::entity::security_event::SecurityEventKind;
use domain::error::Problem;
use domain::events::Detail;
use domain::password::{NewPassword, Password};
use domain::{DomainError, events, testing};

#[tokio::test]
async fn changing_the_password_signs_out_the_others_when_asked() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let mut laptop = signed_in(&svc, "ana@example.com").await;
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token;
            let tablet = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token;
            let laptop_token_check = laptop.clone();

            let ended = auth::change_password(
                &svc,
                &mut laptop,
                &Password::parse(PASSWORD).unwrap(),
                &NewPassword::parse("a brand new passphrase").unwrap(),
                true,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(ended, 2, "{}", t.label);
            assert!(current(&svc, &phone).await.is_none());
            assert!(current(&svc, &tablet).await.is_none());
            let still =
                domain::sessions::get(&svc.db, laptop.account_id, laptop_token_check.session_id)
                    .await
                    .unwrap();
            assert!(
                still.revoked_at.is_none(),
                "{}: this device stays signed in",
                t.label
            );
            domain::sessions::settle(&svc.db, laptop.account_id, Utc::now())
                .await
                .unwrap();
            let settled =
                domain::sessions::get(&svc.db, laptop.account_id, laptop_token_check.session_id)
                    .await
                    .unwrap();
            assert!(settled.revoked_at.is_none(), "{}: and stays so", t.label);
            assert_eq!(
                domain::sessions::live_count(&svc.db, laptop.account_id, Utc::now())
                    .await
                    .unwrap(),
                1,
                "{}",
                t.label
            );
            let e = &events::recent(&svc.db, laptop.account_id, 1).await.unwrap()[0];
            assert_eq!(e.kind, SecurityEventKind::PasswordChanged);
            assert_eq!(
                e.detail.as_deref().and_then(Detail::read),
                Some(Detail::OthersSignedOut { count: 2 })
            );

            assert!(
                sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                    .await
                    .is_err(),
                "the old one is dead"
            );
            sign_in(
                &svc,
                "ana@example.com",
                "a brand new passphrase",
                CHROME_LINUX,
            )
            .await
            .unwrap();
        })
        .await;
    }
}

#[tokio::test]
async fn without_signing_out_others_they_stay() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let mut laptop = signed_in(&svc, "ana@example.com").await;
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token;
            let ended = auth::change_password(
                &svc,
                &mut laptop,
                &Password::parse(PASSWORD).unwrap(),
                &NewPassword::parse("a brand new passphrase").unwrap(),
                false,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(ended, 0);
            assert!(current(&svc, &phone).await.is_some(), "{}", t.label);
        })
        .await;
    }
}

#[tokio::test]
async fn a_wrong_current_password_or_the_same_password_changes_nothing() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        let mut laptop = signed_in(&svc, "ana@example.com").await;
        let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
            .await
            .unwrap()
            .token;
        let attempt = |current: &'static str, new: &'static str| {
            let svc = svc.clone();
            let mut laptop = laptop.clone();
            async move {
                auth::change_password(
                    &svc,
                    &mut laptop,
                    &Password::parse(current).unwrap(),
                    &NewPassword::parse(new).unwrap(),
                    true,
                    &client(CHROME_LINUX, LONDON_IP),
                    Utc::now(),
                )
                .await
            }
        };
        match attempt("not my password", "a brand new passphrase").await {
            Err(DomainError::Invalid(Problem::CurrentPasswordWrong)) => {}
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            attempt(PASSWORD, PASSWORD).await,
            Err(DomainError::Invalid(Problem::PasswordUnchanged))
        ));
        assert!(current(&svc, &phone).await.is_some());
        sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
            .await
            .unwrap();
        // The wrong password was logged.
        let kinds: Vec<_> = events::recent(&svc.db, laptop.account_id, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert!(kinds.contains(&SecurityEventKind::SignInFailed));
        let _ = &mut laptop;
    })
    .await;
}
