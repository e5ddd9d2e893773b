//! Streaming activity and viewing activity: keyset pages, device filter, hiding, CSV.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::activity;
use domain::entity::playback;
use domain::paging::Cursor;
use domain::{DomainError, catalog, testing};
use sea_orm::{ActiveValue::Set, EntityTrait};

/// The column names the download writes in English.
const COLUMNS: [&str; 3] = ["Title", "Date (UTC)", "Device"];

/// Inserts `n` streams for the session's device, some sharing a start time so paging must
/// order by id too.
async fn streams(
    svc: &domain::Services,
    s: &domain::sessions::CurrentSession,
    profile: i64,
    n: i64,
) -> Vec<i64> {
    let title = catalog::get(&svc.db, 1).await.unwrap();
    let base = Utc::now() - TimeDelta::days(3);
    let mut ids = Vec::new();
    for i in 0..n {
        let started = base + TimeDelta::minutes(i / 3); // three streams per minute
        let row = playback::ActiveModel {
            account_id: Set(s.account_id),
            profile_id: Set(Some(profile)),
            device_id: Set(s.device_id),
            title_id: Set(title.id),
            started_at: Set(started),
            last_heartbeat_at: Set(started),
            ended_at: Set(None),
            position_secs: Set(0),
            ip: Set(Some("62.210.0.1".into())),
            country: Set(Some("France".into())),
            region: Set(None),
            city: Set(Some("Paris".into())),
            hidden_from_history: Set(false),
            pin_unlocked: Set(false),
            ..Default::default()
        };
        ids.push(
            playback::Entity::insert(row)
                .exec(&svc.db)
                .await
                .unwrap()
                .last_insert_id,
        );
    }
    ids
}

#[tokio::test]
async fn keyset_pages_cover_every_stream_once_in_order() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let profile = owner(&svc, me.account_id).await.id;
            let ids = streams(&svc, &me, profile, 61).await;

            let mut seen = Vec::new();
            let mut cursor: Option<Cursor> = None;
            let mut pages = 0;
            loop {
                let page = activity::streams(&svc.db, me.account_id, None, cursor.as_ref(), 10)
                    .await
                    .unwrap();
                pages += 1;
                assert!(page.rows.len() <= 10);
                seen.extend(page.rows.iter().map(|r| (r.started_at, r.id)));
                // The cursor survives the round trip through a URL.
                cursor = match page.next {
                    Some(c) => Some(Cursor::decode(&c.encode()).unwrap()),
                    None => break,
                };
            }
            assert_eq!(pages, 7, "{}", t.label);
            let mut expected = seen.clone();
            expected.sort_by(|a, b| b.cmp(a));
            assert_eq!(seen, expected, "{}: newest first, ties by id", t.label);
            let mut got: Vec<i64> = seen.iter().map(|(_, id)| *id).collect();
            got.sort();
            assert_eq!(got, ids, "{}: every stream exactly once", t.label);
        })
        .await;
    }
}

#[tokio::test]
async fn the_device_filter_and_the_account_scope() {
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
            let bo = signed_in(&svc, "bo@example.com").await;
            let profile = owner(&svc, laptop.account_id).await.id;
            streams(&svc, &laptop, profile, 4).await;
            streams(&svc, &phone, profile, 3).await;
            streams(&svc, &bo, owner(&svc, bo.account_id).await.id, 5).await;

            let all = activity::streams(&svc.db, laptop.account_id, None, None, 100)
                .await
                .unwrap();
            assert_eq!(all.rows.len(), 7, "{}", t.label);
            let phone_only =
                activity::streams(&svc.db, laptop.account_id, Some(phone.device_id), None, 100)
                    .await
                    .unwrap();
            assert_eq!(phone_only.rows.len(), 3);
            assert!(
            phone_only
                .rows
                .iter()
                .all(|r| r.device_name == "Safari on iPhone" && r.location() == "Paris, France")
        );
            // Another account's device filters to nothing, never to its streams.
            let foreign =
                activity::streams(&svc.db, laptop.account_id, Some(bo.device_id), None, 100)
                    .await
                    .unwrap();
            assert!(foreign.rows.is_empty(), "{}", t.label);
        })
        .await;
    }
}

#[tokio::test]
async fn hidden_items_leave_the_history_but_not_the_audit_and_csv_has_the_rest() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let profile = owner(&svc, me.account_id).await.id;
            let ids = streams(&svc, &me, profile, 5).await;

            activity::hide(&svc.db, me.account_id, ids[4])
                .await
                .unwrap();
            let history = activity::history(&svc.db, me.account_id, profile, None, 100)
                .await
                .unwrap();
            assert_eq!(history.rows.len(), 4, "{}", t.label);
            assert!(history.rows.iter().all(|r| r.id != ids[4]));
            let audit = activity::streams(&svc.db, me.account_id, None, None, 100)
                .await
                .unwrap();
            assert!(
                audit.rows.iter().any(|r| r.id == ids[4]),
                "{}: still audited",
                t.label
            );

            let csv =
                activity::history_csv(&svc.db, me.account_id, profile, COLUMNS, str::to_owned)
                    .await
                    .unwrap();
            let lines: Vec<&str> = csv.lines().collect();
            assert_eq!(lines[0], "Title,Date (UTC),Device");
            assert_eq!(lines.len(), 5, "{csv}");
            assert!(lines[1].ends_with(",Chrome on Linux"), "{}", lines[1]);

            // Another account cannot hide it, and learns nothing.
            let bo = signed_in(&svc, "bo@example.com").await;
            assert!(matches!(
                activity::hide(&svc.db, bo.account_id, ids[0]).await,
                Err(DomainError::NotFound)
            ));
            let bos_view = activity::history(&svc.db, bo.account_id, profile, None, 100)
                .await
                .unwrap();
            assert!(bos_view.rows.is_empty(), "{}", t.label);
            let bos_csv =
                activity::history_csv(&svc.db, bo.account_id, profile, COLUMNS, str::to_owned)
                    .await
                    .unwrap();
            assert_eq!(bos_csv.lines().count(), 1, "only the header");
        })
        .await;
    }
}
