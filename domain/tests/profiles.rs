//! Profiles: the limit of five, editing, deleting, and the session's current profile.

mod common;

use chrono::Utc;
use common::*;
use domain::entity::session;
use domain::error::Problem;
use domain::profiles::{self, Avatar, Consent, NewProfile, ProfileName};
use domain::{DomainError, testing};
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
            profiles::insert(&svc.db, me.account_id, new(name, false), Utc::now())
                .await
                .unwrap();
        }
        let sixth = profiles::insert(&svc.db, me.account_id, new("Flo", false), Utc::now()).await;
        match sixth {
            Err(DomainError::Invalid(Problem::ProfilesFull { max: 5 })) => {}
            other => panic!("{}: {other:?}", t.label),
        }
        assert_eq!(
            profiles::list(&svc.db, me.account_id).await.unwrap().len(),
            5
        );

        let all = profiles::list(&svc.db, me.account_id).await.unwrap();
        assert!(all[0].is_owner, "the owner comes first");
        let bo = all.iter().find(|p| p.name == "Bo").unwrap();
        profiles::delete(&svc, &me, bo.id, Consent::default(), None, &client(CHROME_LINUX, LONDON_IP), Utc::now())
            .await
            .unwrap();
        let dup = profiles::insert(&svc.db, me.account_id, new("cy", false), Utc::now()).await;
        assert!(
            matches!(dup, Err(DomainError::Invalid(Problem::ProfileNameTaken { name })) if name == "cy"),
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
            let kid = profiles::insert(&svc.db, me.account_id, new("Kid", true), Utc::now())
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
            let refused = profiles::delete(
                &svc,
                &me,
                owner.id,
                Consent::default(),
                None,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await;
            assert!(
                matches!(refused, Err(DomainError::Invalid(_))),
                "{}",
                t.label
            );
            profiles::delete(
                &svc,
                &me,
                kid.id,
                Consent::default(),
                None,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
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
                profiles::delete(
                    &svc,
                    &ana,
                    bos.id,
                    Consent::default(),
                    None,
                    &client(CHROME_LINUX, LONDON_IP),
                    Utc::now()
                )
                .await,
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
            let kid = profiles::insert(&svc.db, laptop.account_id, new("Kid", true), Utc::now())
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
            let title = title(&svc, &kid, "a").await;
            let stream = start_stream(
                &svc,
                &laptop,
                kid.id,
                title.id,
                &client(CHROME_LINUX, LONDON_IP),
            )
            .await;
            profiles::delete(
                &svc,
                &laptop,
                kid.id,
                Consent::default(),
                None,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            let laptop = sessions_reload(&svc, &laptop).await;
            assert_eq!(profiles::current(&svc.db, &laptop).await.unwrap(), None);
            let kept = domain::entity::playback::Entity::find_by_id(stream.id)
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
    use domain::entity::device;
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
            let streams = domain::entity::playback::Entity::find()
                .filter(domain::entity::playback::Column::AccountId.eq(account.id))
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
                        profiles::insert(&db, account_id, new(name, false), Utc::now()).await?;
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

/// A child at the family laptop (signed in days ago) cannot add an unlocked 18+ profile or
/// delete one: that needs the password entered now, or the parental-controls PIN once one
/// is set, and a TV cannot do it at all.
#[tokio::test]
async fn adding_or_deleting_a_profile_needs_a_parent_and_never_a_tv() {
    use domain::entity::security_event::SecurityEventKind;
    use domain::pin::Pin;
    use domain::profiles::ConsentAsked;
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop_client = client(CHROME_LINUX, LONDON_IP);
            let laptop = signed_in(&svc, "ana@example.com").await;
            let id = laptop.account_id;
            let count = || async { profiles::list(&svc.db, id).await.unwrap().len() };
            let stale = || async {
                domain::sessions::require_reauthentication(&svc.db, id)
                    .await
                    .unwrap();
                sessions_reload(&svc, &laptop).await
            };
            let add = |s: domain::sessions::CurrentSession, name: &'static str, consent| {
                let (svc, laptop_client) = (&svc, &laptop_client);
                async move {
                    profiles::add(
                        svc,
                        &s,
                        new(name, false),
                        consent,
                        laptop_client,
                        Utc::now(),
                    )
                    .await
                }
            };

            // Signed in long ago: the password is asked for, and nothing is added.
            let old = stale().await;
            assert_eq!(
                profiles::consent_asked(&svc, &old, Utc::now())
                    .await
                    .unwrap(),
                ConsentAsked::Password
            );
            let refused = add(old.clone(), "Bo", Consent::default()).await;
            assert!(
                matches!(refused, Err(DomainError::ReauthRequired)),
                "{}: {refused:?}",
                t.label
            );
            let wrong = Consent {
                password: Some("not the password"),
                pin: None,
            };
            assert!(add(old.clone(), "Bo", wrong).await.is_err());
            assert_eq!(count().await, 1, "{}", t.label);
            let right = Consent {
                password: Some(PASSWORD),
                pin: None,
            };
            let bo = add(old, "Bo", right).await.unwrap();
            assert_eq!(count().await, 2);

            // With a PIN set, the PIN is asked for instead, and a wrong one counts.
            let fresh = sessions_reload(&svc, &laptop).await;
            let pin = Pin::parse("2580").unwrap();
            domain::parental::set_account_pin(&svc, &fresh, &pin, &laptop_client, Utc::now())
                .await
                .unwrap();
            let old = stale().await;
            assert_eq!(
                profiles::consent_asked(&svc, &old, Utc::now())
                    .await
                    .unwrap(),
                ConsentAsked::Pin
            );
            let refused = add(old.clone(), "Cy", Consent::default()).await;
            assert!(
                matches!(refused, Err(DomainError::PinRequired)),
                "{refused:?}"
            );
            let wrong_pin = Pin::parse("1111").unwrap();
            let wrong = Consent {
                password: None,
                pin: Some(&wrong_pin),
            };
            assert!(matches!(
                add(old.clone(), "Cy", wrong).await,
                Err(DomainError::Invalid(_))
            ));
            let delete = |consent| {
                profiles::delete(&svc, &old, bo.id, consent, None, &laptop_client, Utc::now())
            };
            assert!(matches!(
                delete(Consent::default()).await,
                Err(DomainError::PinRequired)
            ));
            assert_eq!(count().await, 2, "{}", t.label);
            let with_pin = Consent {
                password: None,
                pin: Some(&pin),
            };
            add(old.clone(), "Cy", with_pin).await.unwrap();
            delete(with_pin).await.unwrap();
            assert_eq!(count().await, 2);

            // A TV, however fresh its sign-in, is told no and changes nothing.
            let tv = domain::auth::sign_in(
                &svc,
                &domain::identifier::LoginIdentifier::parse("ana@example.com").unwrap(),
                &domain::password::Password::parse(PASSWORD).unwrap(),
                domain::entity::session::ClientKind::Tv,
                &laptop_client,
                None,
                Utc::now(),
            )
            .await
            .unwrap();
            let tv = current(&svc, &tv.token).await.unwrap();
            assert_eq!(
                profiles::consent_asked(&svc, &tv, Utc::now())
                    .await
                    .unwrap(),
                ConsentAsked::NotOnThisDevice
            );
            assert!(matches!(
                add(tv.clone(), "Di", with_pin).await,
                Err(DomainError::Forbidden)
            ));
            let cy = profiles::list(&svc.db, id).await.unwrap().remove(1);
            assert!(matches!(
                profiles::delete(&svc, &tv, cy.id, with_pin, None, &laptop_client, Utc::now())
                    .await,
                Err(DomainError::Forbidden)
            ));
            assert_eq!(count().await, 2, "{}", t.label);

            let kinds: Vec<_> = domain::events::recent(&svc.db, id, 20)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.kind)
                .filter(|k| {
                    matches!(
                        k,
                        SecurityEventKind::ProfileAdded | SecurityEventKind::ProfileDeleted
                    )
                })
                .collect();
            assert_eq!(
                kinds,
                [
                    SecurityEventKind::ProfileDeleted,
                    SecurityEventKind::ProfileAdded,
                    SecurityEventKind::ProfileAdded
                ],
                "{}",
                t.label
            );
        })
        .await;
    }
}
