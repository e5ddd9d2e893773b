//! Recording streams: where and when, heartbeats throttled, scoped to the device.

mod common;

use chrono::{SubsecRound, TimeDelta, Utc};
use common::*;
use domain::entity::device;
use domain::{DomainError, playback, testing};
use sea_orm::EntityTrait;

#[tokio::test]
async fn a_stream_records_profile_device_title_ip_and_location() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let owner = owner(&svc, me.account_id).await;
            let title = title(&svc, &owner, "cafe solitude").await;
            let started = Utc::now();
            let stream = playback::start(
                &svc,
                &me,
                owner.id,
                title.id,
                None,
                &client(CHROME_LINUX, "62.210.0.1"),
                started,
            )
            .await
            .unwrap();
            let row = domain::entity::playback::Entity::find_by_id(stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (row.account_id, row.profile_id, row.device_id, row.title_id),
                (me.account_id, Some(owner.id), me.device_id, title.id),
                "{}",
                t.label
            );
            assert_eq!(row.ip.as_deref(), Some("62.210.0.1"));
            assert_eq!(
                (
                    row.city.as_deref(),
                    row.region.as_deref(),
                    row.country.as_deref()
                ),
                (Some("Paris"), Some("Ile-de-France"), Some("France"))
            );
            assert_eq!(row.ended_at, None);
            let d = device::Entity::find_by_id(me.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d.last_location.as_deref(), Some("Paris, France"));

            assert_eq!(
                playback::recently_watched(&svc.db, &owner, &rules_for(&svc, &owner).await, 5)
                    .await
                    .unwrap()[0]
                    .0
                    .id,
                title.id
            );

            playback::stop(&svc.db, &me, stream.id, 95, started + TimeDelta::minutes(2))
                .await
                .unwrap();
            let row = domain::entity::playback::Entity::find_by_id(stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.position_secs, 95);
            assert!(row.ended_at.is_some());
            // Stopping twice is harmless; a heartbeat after the stop is refused.
            playback::stop(&svc.db, &me, stream.id, 95, Utc::now())
                .await
                .unwrap();
            assert!(matches!(
                playback::heartbeat(&svc.db, &me, stream.id, 100, Utc::now()).await,
                Err(DomainError::Conflict(_))
            ));
        })
        .await;
    }
}

#[tokio::test]
async fn heartbeats_are_throttled() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let owner = owner(&svc, me.account_id).await;
            let title = title(&svc, &owner, "a").await;
            // Whole seconds: PostgreSQL keeps microseconds, SQLite nanoseconds.
            let t0 = Utc::now().trunc_subsecs(0);
            let stream = playback::start(
                &svc,
                &me,
                owner.id,
                title.id,
                None,
                &client(CHROME_LINUX, LONDON_IP),
                t0,
            )
            .await
            .unwrap();
            let beat = |secs: i64, pos: i32| {
                playback::heartbeat(&svc.db, &me, stream.id, pos, t0 + TimeDelta::seconds(secs))
            };
            assert!(!beat(5, 5).await.unwrap(), "{}: too soon", t.label);
            assert!(beat(30, 30).await.unwrap());
            assert!(!beat(40, 40).await.unwrap());
            assert!(beat(61, 61).await.unwrap());
            let row = domain::entity::playback::Entity::find_by_id(stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.position_secs, 61);
            assert_eq!(row.last_heartbeat_at, t0 + TimeDelta::seconds(61));
            assert!(matches!(beat(90, -1).await, Err(DomainError::Invalid(_))));
        })
        .await;
    }
}

#[tokio::test]
async fn streams_are_scoped_to_the_account_the_device_and_the_policy() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = signed_in(&svc, "ana@example.com").await;
            let bo = signed_in(&svc, "bo@example.com").await;
            let anas_phone = current(
                &svc,
                &sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                    .await
                    .unwrap()
                    .token,
            )
            .await
            .unwrap();
            let anas = owner(&svc, ana.account_id).await;
            let bos = owner(&svc, bo.account_id).await;
            let title = title(&svc, &anas, "a").await;
            let ip = client(CHROME_LINUX, LONDON_IP);

            // Another account's profile, or a title that does not exist: not found.
            assert!(matches!(
                playback::start(&svc, &ana, bos.id, title.id, None, &ip, Utc::now()).await,
                Err(DomainError::NotFound)
            ));
            assert!(matches!(
                playback::start(&svc, &ana, anas.id, 999_999, None, &ip, Utc::now()).await,
                Err(DomainError::NotFound)
            ));

            let stream = start_stream(&svc, &ana, anas.id, title.id, &ip).await;
            let later = Utc::now() + TimeDelta::minutes(1);
            for who in [&bo, &anas_phone] {
                assert!(
                    matches!(
                        playback::heartbeat(&svc.db, who, stream.id, 60, later).await,
                        Err(DomainError::NotFound)
                    ),
                    "{}",
                    t.label
                );
                assert!(matches!(
                    playback::stop(&svc.db, who, stream.id, 60, later).await,
                    Err(DomainError::NotFound)
                ));
            }
            let row = domain::entity::playback::Entity::find_by_id(stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (row.ended_at, row.position_secs),
                (None, 0),
                "{}: unchanged",
                t.label
            );

            // A kids profile cannot start an 18+ title, even by id.
            let kid = kid(&svc, ana.account_id).await;
            let adult = adult_title(&svc, &anas).await;
            assert!(matches!(
                playback::start(&svc, &ana, kid.id, adult.id, None, &ip, Utc::now()).await,
                Err(DomainError::Forbidden)
            ));
        })
        .await;
    }
}

#[tokio::test]
async fn geo_ip_public_private_and_missing_database() {
    let geo = testing::shared_geo();
    assert!(
        geo.is_enabled(),
        "run scripts/fetch-geoip.sh (make setup does) to fetch the database"
    );
    assert_eq!(
        geo.locate(Some(LONDON_IP.parse().unwrap())).describe(),
        "London, United Kingdom"
    );
    assert_eq!(
        geo.locate(Some("2001:4860:4860::8888".parse().unwrap()))
            .describe(),
        "Montreal, Canada"
    );
    assert_eq!(
        geo.locate(Some("192.168.1.20".parse().unwrap())).describe(),
        "Local network"
    );
    assert_eq!(
        geo.locate(Some("::1".parse().unwrap())).describe(),
        "Local network"
    );
    let missing = domain::geo::GeoIp::open(std::path::Path::new("/nonexistent/dbip.mmdb"));
    assert_eq!(
        missing.locate(Some(LONDON_IP.parse().unwrap())).describe(),
        "Unknown location"
    );
}
