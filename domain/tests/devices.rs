//! Manage access and devices: list, sign out one, deactivate — scoped to the account.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::entity::device::DeviceState;
use domain::entity::security_event::SecurityEventKind;
use domain::entity::{device, security_event};
use domain::events::Detail;
use domain::{DomainError, devices, events, testing};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn the_list_marks_this_device_and_shows_where_and_who() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let phone = current(
                &svc,
                &sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                    .await
                    .unwrap()
                    .token,
            )
            .await
            .unwrap();
            let me = owner(&svc, laptop.account_id).await;
            let title = title(&svc, &me, "cafe").await;
            start_stream(
                &svc,
                &phone,
                me.id,
                title.id,
                &client(SAFARI_IPHONE, "62.210.0.1"),
            )
            .await;

            let list = devices::list(&svc.db, &laptop, Utc::now()).await.unwrap();
            assert_eq!(list.len(), 2, "{}", t.label);
            let phone_row = list
                .iter()
                .find(|d| d.device.id == phone.device_id)
                .unwrap();
            assert_eq!(phone_row.device.name, "Safari on iPhone");
            assert_eq!(
                phone_row.device.last_location.as_deref(),
                Some("Paris, France")
            );
            assert_eq!(phone_row.last_profile.as_deref(), Some("Ana"));
            assert!(phone_row.signed_in && !phone_row.this_device);
            assert!(
                list.iter()
                    .find(|d| d.device.id == laptop.device_id)
                    .unwrap()
                    .this_device
            );
            assert_eq!(
                list[0].device.id, phone.device_id,
                "most recently active first"
            );
        })
        .await;
    }
}

#[tokio::test]
async fn signing_out_a_device_refuses_its_next_request_and_is_logged() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let phone_token = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token;
            let phone = current(&svc, &phone_token).await.unwrap();

            let own = devices::sign_out(
                &svc,
                &laptop,
                phone.device_id,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert!(!own);
            assert!(current(&svc, &phone_token).await.is_none(), "{}", t.label);
            let list = devices::list(&svc.db, &laptop, Utc::now()).await.unwrap();
            let row = list
                .iter()
                .find(|d| d.device.id == phone.device_id)
                .expect("recent devices stay listed");
            assert!(!row.signed_in);
            assert_eq!(row.device.state, DeviceState::SignedOut);
            let e = &events::recent(&svc.db, laptop.account_id, 1).await.unwrap()[0];
            assert_eq!(e.kind, SecurityEventKind::DeviceSignedOut);
            assert_eq!(
                e.detail.as_deref().and_then(Detail::read),
                Some(Detail::DeviceSignedOut {
                    device: "Safari on iPhone".into()
                })
            );
        })
        .await;
    }
}

#[tokio::test]
async fn deactivating_erases_location_but_keeps_the_audit_rows() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let phone_token = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token;
            let phone = current(&svc, &phone_token).await.unwrap();
            let me = owner(&svc, laptop.account_id).await;
            let title = title(&svc, &me, "cafe").await;
            let stream = start_stream(
                &svc,
                &phone,
                me.id,
                title.id,
                &client(SAFARI_IPHONE, "62.210.0.1"),
            )
            .await;
            let laptop_stream = start_stream(
                &svc,
                &laptop,
                me.id,
                title.id,
                &client(CHROME_LINUX, LONDON_IP),
            )
            .await;

            devices::deactivate(
                &svc,
                &laptop,
                phone.device_id,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert!(current(&svc, &phone_token).await.is_none(), "{}", t.label);
            let d = device::Entity::find_by_id(phone.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (d.state, d.last_ip, d.last_location),
                (DeviceState::Deactivated, None, None)
            );
            assert!(
                devices::list(&svc.db, &laptop, Utc::now())
                    .await
                    .unwrap()
                    .iter()
                    .all(|r| r.device.id != phone.device_id)
            );

            let row = domain::entity::playback::Entity::find_by_id(stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (row.ip, row.country, row.region, row.city),
                (None, None, None, None),
                "{}",
                t.label
            );
            assert_eq!(row.title_id, title.id, "the stream itself stays");
            let other = domain::entity::playback::Entity::find_by_id(laptop_stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                other.city.as_deref(),
                Some("London"),
                "other devices keep theirs"
            );

            let phone_events = security_event::Entity::find()
                .filter(security_event::Column::DeviceId.eq(phone.device_id))
                .all(&svc.db)
                .await
                .unwrap();
            assert!(!phone_events.is_empty(), "the phone's sign-in survives");
            assert!(
                phone_events
                    .iter()
                    .all(|e| e.ip.is_none() && e.location.is_none())
            );
            let last = &events::recent(&svc.db, laptop.account_id, 1).await.unwrap()[0];
            assert_eq!(last.kind, SecurityEventKind::DeviceDeactivated);

            // A deactivated device cannot be signed out or deactivated again: it is gone.
            let again = devices::sign_out(
                &svc,
                &laptop,
                phone.device_id,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await;
            assert!(matches!(again, Err(DomainError::NotFound)));
        })
        .await;
    }
}

#[tokio::test]
async fn deactivation_needs_a_recent_password() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        let laptop = signed_in(&svc, "ana@example.com").await;
        let phone = current(
            &svc,
            &sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token,
        )
        .await
        .unwrap();
        let later = Utc::now() + svc.policy.reauth_window + TimeDelta::seconds(1);
        let refused = devices::deactivate(
            &svc,
            &laptop,
            phone.device_id,
            &client(CHROME_LINUX, LONDON_IP),
            later,
        )
        .await;
        assert!(matches!(refused, Err(DomainError::ReauthRequired)));
        assert!(
            current(
                &svc,
                &sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                    .await
                    .unwrap()
                    .token
            )
            .await
            .is_some()
        );

        let mut laptop = laptop;
        let wrong = domain::auth::confirm_recent_auth(
            &svc,
            &mut laptop,
            Some("not it at all"),
            &client(CHROME_LINUX, LONDON_IP),
            later,
        )
        .await;
        assert!(matches!(wrong, Err(DomainError::Invalid(_))));
        domain::auth::confirm_recent_auth(
            &svc,
            &mut laptop,
            Some(PASSWORD),
            &client(CHROME_LINUX, LONDON_IP),
            later,
        )
        .await
        .unwrap();
        devices::deactivate(
            &svc,
            &laptop,
            phone.device_id,
            &client(CHROME_LINUX, LONDON_IP),
            later,
        )
        .await
        .unwrap();
    })
    .await;
}

#[tokio::test]
async fn another_accounts_device_is_not_found_and_untouched() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = signed_in(&svc, "ana@example.com").await;
            let bo = signed_in(&svc, "bo@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            assert!(matches!(
                devices::sign_out(&svc, &ana, bo.device_id, &ip, Utc::now()).await,
                Err(DomainError::NotFound)
            ));
            assert!(matches!(
                devices::deactivate(&svc, &ana, bo.device_id, &ip, Utc::now()).await,
                Err(DomainError::NotFound)
            ));
            let d = device::Entity::find_by_id(bo.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d.state, DeviceState::Active, "{}", t.label);
            assert!(d.last_ip.is_some());
            assert!(
                devices::list(&svc.db, &ana, Utc::now())
                    .await
                    .unwrap()
                    .iter()
                    .all(|r| r.device.id != bo.device_id)
            );
        })
        .await;
    }
}

/// A stolen cookie must not sign the owner's other devices out: that needs the password
/// entered recently. Signing out the device you are on never does.
#[tokio::test]
async fn signing_out_another_device_needs_the_password_entered_recently() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            domain::sessions::require_reauthentication(&svc.db, laptop.account_id)
                .await
                .unwrap();
            let stale = domain::sessions::get(&svc.db, laptop.account_id, laptop.session_id)
                .await
                .unwrap();
            let mut stale = domain::sessions::CurrentSession::from(&stale);
            let ip = client(CHROME_LINUX, LONDON_IP);
            let refused =
                devices::sign_out(&svc, &stale, phone.session.device_id, &ip, Utc::now()).await;
            assert!(
                matches!(refused, Err(DomainError::ReauthRequired)),
                "{}: {refused:?}",
                t.label
            );
            assert!(
                current(&svc, &phone.token).await.is_some(),
                "{}: the phone is still signed in",
                t.label
            );

            domain::auth::reauthenticate(
                &svc,
                &mut stale,
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &ip,
                Utc::now(),
            )
            .await
            .unwrap();
            devices::sign_out(&svc, &stale, phone.session.device_id, &ip, Utc::now())
                .await
                .unwrap();
            assert!(current(&svc, &phone.token).await.is_none(), "{}", t.label);

            // Its own device, however old the password: no password asked.
            domain::sessions::require_reauthentication(&svc.db, laptop.account_id)
                .await
                .unwrap();
            let old = domain::sessions::get(&svc.db, laptop.account_id, laptop.session_id)
                .await
                .unwrap();
            let old = domain::sessions::CurrentSession::from(&old);
            assert!(!old.recently_authenticated(&svc.policy, Utc::now()));
            let own = devices::sign_out(&svc, &old, laptop.device_id, &ip, Utc::now())
                .await
                .unwrap();
            assert!(own, "{}", t.label);
        })
        .await;
    }
}
