//! The mail outbox: a message is written with the event it tells of, claimed by one worker
//! at a time, retried ever more slowly, and never sent again once sent.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::entity::outbox as row;
use domain::entity::security_event::SecurityEventKind;
use domain::{auth, outbox, testing};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn an_event_the_owner_must_hear_of_is_written_with_its_message() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            // Signing in is no news by mail (a new device is, in its own event).
            let me = signed_in(&svc, "ana@example.com").await;
            assert_eq!(
                row::Entity::find().count(&svc.db).await.unwrap(),
                0,
                "{}",
                t.label
            );

            auth::sign_out_all(&svc, &me, &client(CHROME_LINUX, LONDON_IP), Utc::now())
                .await
                .unwrap();
            let messages = outbox::list(&svc.db, None, 10).await.unwrap();
            assert_eq!(messages.len(), 1, "{}", t.label);
            let message = &messages[0];
            assert_eq!(message.event.kind, SecurityEventKind::SignOutAll);
            assert_eq!(message.to, "ana@example.com");
            assert_eq!(message.message.sent_at, None);
        })
        .await;
    }
}

#[tokio::test]
async fn one_worker_claims_a_message_until_it_is_sent_or_its_claim_runs_out() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            auth::sign_out_all(&svc, &me, &client(CHROME_LINUX, LONDON_IP), Utc::now())
                .await
                .unwrap();
            let now = Utc::now();

            // Two instances look at once: one of them gets it.
            let (a, b) = tokio::join!(
                outbox::claim(&svc.db, now, 10),
                outbox::claim(&svc.db, now, 10)
            );
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!(a.len() + b.len(), 1, "{}", t.label);
            let claimed = a.into_iter().chain(b).next().unwrap();
            assert!(outbox::claim(&svc.db, now, 10).await.unwrap().is_empty());

            // It failed: tried again 30 seconds later, not before.
            outbox::failed(&svc.db, &claimed.message, "connection refused", now)
                .await
                .unwrap();
            let soon = now + TimeDelta::seconds(29);
            assert!(outbox::claim(&svc.db, soon, 10).await.unwrap().is_empty());
            let later = now + TimeDelta::seconds(31);
            let again = outbox::claim(&svc.db, later, 10).await.unwrap();
            assert_eq!(again.len(), 1, "{}", t.label);
            assert_eq!(again[0].message.attempts, 1);
            assert_eq!(
                again[0].message.last_error.as_deref(),
                Some("connection refused")
            );

            // A worker that stalled with it: another takes it once the claim has run out,
            // and the stalled one can no longer mark it.
            let after_the_claim = later + outbox::LEASE + TimeDelta::seconds(1);
            let taken_over = outbox::claim(&svc.db, after_the_claim, 10).await.unwrap();
            assert_eq!(taken_over.len(), 1, "{}", t.label);
            let stalled = &again[0].message;
            assert!(
                !outbox::failed(&svc.db, stalled, "timed out", after_the_claim)
                    .await
                    .unwrap()
            );
            assert!(
                !outbox::sent(&svc.db, stalled, after_the_claim)
                    .await
                    .unwrap()
            );
            assert!(
                outbox::claim(&svc.db, after_the_claim, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );

            // Sent: never again.
            assert!(
                outbox::sent(&svc.db, &taken_over[0].message, after_the_claim)
                    .await
                    .unwrap()
            );
            let next_day = after_the_claim + TimeDelta::days(1);
            assert!(
                outbox::claim(&svc.db, next_day, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            let listed = &outbox::list(&svc.db, None, 10).await.unwrap()[0];
            assert!(listed.message.sent_at.is_some(), "{}", t.label);
            assert_eq!(listed.message.last_error, None);
        })
        .await;
    }
}

/// Signs in as ana on `kind` with `ua`, presenting `cookie`; the kind of event it logged.
async fn sign_in_as(
    svc: &domain::Services,
    kind: domain::entity::session::ClientKind,
    ua: &str,
    cookie: Option<&str>,
) -> (SecurityEventKind, Option<String>) {
    let signed = auth::sign_in(
        svc,
        &domain::identifier::LoginIdentifier::parse("ana@example.com").unwrap(),
        &domain::password::Password::parse(PASSWORD).unwrap(),
        kind,
        &client(ua, LONDON_IP),
        cookie,
        Utc::now(),
    )
    .await
    .unwrap();
    let event = &domain::events::recent(&svc.db, signed.session.account_id, 1)
        .await
        .unwrap()[0];
    (event.kind, signed.device_cookie)
}

#[tokio::test]
async fn only_a_device_the_account_has_not_used_before_is_news() {
    use SecurityEventKind::{NewDeviceSignIn, SignIn};
    use domain::entity::session::ClientKind::{App, Web};
    const APP: &str = "Kinoguard/2.1 (iPhone; iOS 18.1) Mobile";
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let news = || async { outbox::list(&svc.db, None, 100).await.unwrap().len() };

            // The account's first device: nobody else to tell.
            let (kind, laptop) = sign_in_as(&svc, Web, CHROME_LINUX, None).await;
            assert_eq!(kind, SignIn, "{}", t.label);
            assert_eq!(news().await, 0);
            // The same browser again, with the cookie it was given: known.
            let (kind, _) = sign_in_as(&svc, Web, CHROME_LINUX, laptop.as_deref()).await;
            assert_eq!(kind, SignIn, "{}", t.label);
            assert_eq!(news().await, 0);
            // Another browser of the same make, without the cookie: news, whatever its name.
            let (kind, _) = sign_in_as(&svc, Web, CHROME_LINUX, None).await;
            assert_eq!(kind, NewDeviceSignIn, "{}", t.label);
            assert_eq!(news().await, 1);
            let message = &outbox::list(&svc.db, None, 1).await.unwrap()[0];
            assert_eq!(message.event.kind, NewDeviceSignIn);
            assert_eq!(
                message.event.location.as_deref(),
                Some("London, United Kingdom")
            );
            // An app is known by the cookie the API gave it, never by the name it gives
            // itself: a thief calling their device "Chrome on Linux" is news all the same.
            let (kind, app) = sign_in_as(&svc, App, APP, None).await;
            assert_eq!(kind, NewDeviceSignIn, "{}", t.label);
            let (kind, _) = sign_in_as(&svc, App, APP, app.as_deref()).await;
            assert_eq!(kind, SignIn, "{}", t.label);
            let (kind, _) = sign_in_as(&svc, App, CHROME_LINUX, None).await;
            assert_eq!(kind, NewDeviceSignIn, "{}", t.label);
            assert_eq!(news().await, 3);
        })
        .await;
    }
}
