//! Profiles: the limit of five, editing, deleting, and the session's current profile.

mod common;

use chrono::Utc;
use common::*;
use domain::entity::{playback, session};
use domain::profiles::{self, Avatar, NewProfile, ProfileName};
use domain::{DomainError, playback as streams, testing};
use sea_orm::EntityTrait;

fn new(name: &str, kids: bool) -> NewProfile {
    NewProfile {
        name: ProfileName::parse(name).unwrap(),
        avatar: Avatar::parse("green").unwrap(),
        kids,
    }
}

#[tokio::test]
async fn at_most_five_profiles_and_names_are_unique() {
    for t in testing::all().await {
        testing::on(&t, async {
        let svc = t.services();
        let me = signed_in(&svc, "ana@example.com").await;
        for name in ["Bo", "Cy", "Di", "Ed"] {
            profiles::create(&svc.db, me.account_id, new(name, false), Utc::now())
                .await
                .unwrap();
        }
        let sixth = profiles::create(&svc.db, me.account_id, new("Flo", false), Utc::now()).await;
        match sixth {
            Err(DomainError::Invalid(msg)) => assert!(msg.contains("at most 5 profiles"), "{msg}"),
            other => panic!("{}: {other:?}", t.label),
        }
        assert_eq!(
            profiles::list(&svc.db, me.account_id).await.unwrap().len(),
            5
        );

        let all = profiles::list(&svc.db, me.account_id).await.unwrap();
        assert!(all[0].is_owner, "the owner comes first");
        let bo = all.iter().find(|p| p.name == "Bo").unwrap();
        profiles::delete(&svc.db, me.account_id, bo.id)
            .await
            .unwrap();
        let dup = profiles::create(&svc.db, me.account_id, new("cy", false), Utc::now()).await;
        assert!(
            matches!(dup, Err(DomainError::Invalid(m)) if m.contains("already a profile called")),
            "{}",
            t.label
        );
        })
        .await;
    }
}

#[tokio::test]
async fn rename_pick_an_avatar_and_delete_but_never_the_owner() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let kid = profiles::create(&svc.db, me.account_id, new("Kid", true), Utc::now())
                .await
                .unwrap();
            assert!(kid.is_kids);
            let renamed = profiles::update(
                &svc.db,
                me.account_id,
                kid.id,
                ProfileName::parse("Little one").unwrap(),
                Avatar::parse("pink").unwrap(),
            )
            .await
            .unwrap();
            assert_eq!(
                (renamed.name.as_str(), renamed.avatar.as_str()),
                ("Little one", "pink")
            );

            let owner = profiles::list(&svc.db, me.account_id)
                .await
                .unwrap()
                .remove(0);
            let refused = profiles::delete(&svc.db, me.account_id, owner.id).await;
            assert!(
                matches!(refused, Err(DomainError::Invalid(_))),
                "{}",
                t.label
            );
            profiles::delete(&svc.db, me.account_id, kid.id)
                .await
                .unwrap();
            assert_eq!(
                profiles::list(&svc.db, me.account_id).await.unwrap().len(),
                1
            );
        })
        .await;
    }
}

#[tokio::test]
async fn another_accounts_profile_is_not_found_and_unchanged() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = signed_in(&svc, "ana@example.com").await;
            let bo = signed_in(&svc, "bo@example.com").await;
            let bos = profiles::list(&svc.db, bo.account_id)
                .await
                .unwrap()
                .remove(0);
            let name = || ProfileName::parse("Hacked").unwrap();
            let avatar = || Avatar::parse("red").unwrap();
            assert!(matches!(
                profiles::get(&svc.db, ana.account_id, bos.id).await,
                Err(DomainError::NotFound)
            ));
            assert!(matches!(
                profiles::update(&svc.db, ana.account_id, bos.id, name(), avatar()).await,
                Err(DomainError::NotFound)
            ));
            assert!(matches!(
                profiles::delete(&svc.db, ana.account_id, bos.id).await,
                Err(DomainError::NotFound)
            ));
            assert!(matches!(
                profiles::select(
                    &svc,
                    &ana,
                    bos.id,
                    None,
                    &client(CHROME_LINUX, LONDON_IP),
                    Utc::now()
                )
                .await,
                Err(DomainError::NotFound)
            ));
            assert_eq!(
                profiles::get(&svc.db, bo.account_id, bos.id).await.unwrap(),
                bos,
                "{}",
                t.label
            );
            let row = session::Entity::find_by_id(ana.session_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.profile_id, None);
        })
        .await;
    }
}

#[tokio::test]
async fn the_current_profile_lives_in_the_session() {
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
            let kid = profiles::create(&svc.db, laptop.account_id, new("Kid", true), Utc::now())
                .await
                .unwrap();
            assert_eq!(profiles::current(&svc.db, &laptop).await.unwrap(), None);

            profiles::select(
                &svc,
                &laptop,
                kid.id,
                None,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            let laptop = sessions_reload(&svc, &laptop).await;
            assert_eq!(
                profiles::current(&svc.db, &laptop)
                    .await
                    .unwrap()
                    .map(|p| p.id),
                Some(kid.id),
                "{}",
                t.label
            );
            // Another device keeps its own choice.
            assert_eq!(profiles::current(&svc.db, &phone).await.unwrap(), None);

            // Deleting the profile leaves the session without one, and keeps its streams.
            let title = domain::catalog::search(&svc.db, &rules_for(&svc, &kid).await, "a", 1)
                .await
                .unwrap()
                .remove(0)
                .0;
            let stream = streams::start(
                &svc,
                &laptop,
                kid.id,
                title.id,
                None,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            profiles::delete(&svc.db, laptop.account_id, kid.id)
                .await
                .unwrap();
            let laptop = sessions_reload(&svc, &laptop).await;
            assert_eq!(profiles::current(&svc.db, &laptop).await.unwrap(), None);
            let kept = playback::Entity::find_by_id(stream.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                kept.profile_id, None,
                "{}: the stream stays in the audit",
                t.label
            );
        })
        .await;
    }
}

async fn sessions_reload(
    svc: &domain::Services,
    s: &domain::sessions::CurrentSession,
) -> domain::sessions::CurrentSession {
    let row = session::Entity::find_by_id(s.session_id)
        .one(&svc.db)
        .await
        .unwrap()
        .unwrap();
    domain::sessions::CurrentSession::from(&row)
}

#[tokio::test]
async fn the_demo_account_has_four_profiles_and_a_month_on_five_devices_in_three_countries() {
    use domain::entity::{device, playback};
    use sea_orm::{ColumnTrait, QueryFilter};
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let now = Utc::now();
            let account = domain::demo::seed(&svc.db, &svc.hasher, &svc.geo, now)
                .await
                .unwrap();
            assert_eq!(profiles::list(&svc.db, account.id).await.unwrap().len(), 4);
            let devices = device::Entity::find()
                .filter(device::Column::AccountId.eq(account.id))
                .all(&svc.db)
                .await
                .unwrap();
            let kinds: std::collections::HashSet<_> = devices.iter().map(|d| d.kind).collect();
            assert_eq!(
                kinds.len(),
                5,
                "{}: laptop, phone, tablet, TV, console",
                t.label
            );
            let streams = playback::Entity::find()
                .filter(playback::Column::AccountId.eq(account.id))
                .all(&svc.db)
                .await
                .unwrap();
            assert!(streams.len() > 60, "{}: {}", t.label, streams.len());
            let countries: std::collections::HashSet<_> =
                streams.iter().filter_map(|s| s.country.clone()).collect();
            assert!(countries.len() >= 3, "{}: {countries:?}", t.label);
            let oldest = streams.iter().map(|s| s.started_at).min().unwrap();
            assert!(now - oldest > chrono::TimeDelta::days(25));
            assert!(domain::demo::exists(&svc.db).await.unwrap());
            // The demo password works.
            sign_in(
                &svc,
                domain::demo::DEMO_EMAIL,
                domain::demo::DEMO_PASSWORD,
                CHROME_LINUX,
            )
            .await
            .unwrap();
        })
        .await;
    }
}

/// Requests write at the same time. On SQLite a transaction that reads before it writes
/// must wait for the lock, never fail with "database is locked" (as it did when two
/// browsers added profiles at once).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_wait_their_turn() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let mut accounts = Vec::new();
            for i in 0..6 {
                accounts.push(
                    signed_in(&svc, &format!("writer{i}@example.com"))
                        .await
                        .account_id,
                );
            }
            let mut tasks = tokio::task::JoinSet::new();
            for account_id in accounts.clone() {
                let db = svc.db.clone();
                tasks.spawn(async move {
                    for name in ["Bo", "Cy", "Di", "Ed"] {
                        profiles::create(&db, account_id, new(name, false), Utc::now()).await?;
                    }
                    Ok::<_, DomainError>(())
                });
            }
            while let Some(done) = tasks.join_next().await {
                if let Err(e) = done.unwrap() {
                    panic!("{}: a concurrent write failed: {e}", t.label);
                }
            }
            for account_id in accounts {
                assert_eq!(
                    profiles::list(&svc.db, account_id).await.unwrap().len(),
                    5,
                    "{}",
                    t.label
                );
            }
        })
        .await;
    }
}
