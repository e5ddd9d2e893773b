//! Parental controls enforced on every path, PIN rules and throttling, profile lock.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::entity::profile::MaturityLevel;
use domain::entity::security_event::SecurityEventKind;
use domain::entity::{account, security_event};
use domain::error::Problem;
use domain::pin::Pin;
use domain::policy::Access;
use domain::{DomainError, catalog, parental, playback, profiles, testing};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn pin(s: &str) -> Pin {
    Pin::parse(s).unwrap()
}

#[tokio::test]
async fn a_seven_plus_profile_with_a_pin_and_a_blocked_title_on_every_path() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            let now = Utc::now();
            let teen = owner(&svc, me.account_id).await;
            parental::set_account_pin(&svc, &me, &pin("2580"), &ip, now)
                .await
                .unwrap();
            parental::set_maturity(&svc, &me, teen.id, MaturityLevel::Seven, &ip, now)
                .await
                .unwrap();
            let teen = profiles::get(&svc.db, me.account_id, teen.id)
                .await
                .unwrap();
            let blocked = parental::suggest(&svc, &me, teen.id, "noche de animas", Utc::now())
                .await
                .unwrap()
                .remove(0);
            assert_eq!(blocked.name, "Noche de Ánimas");
            parental::block_title(&svc, &me, teen.id, blocked.id, &ip, now)
                .await
                .unwrap();
            // A second click (another tab) changes nothing and logs nothing more.
            parental::block_title(&svc, &me, teen.id, blocked.id, &ip, now)
                .await
                .unwrap();
            let blocks = security_event::Entity::find()
                .filter(security_event::Column::AccountId.eq(me.account_id))
                .filter(security_event::Column::Detail.contains(r#""what":"title_blocked""#))
                .count(&svc.db)
                .await
                .unwrap();
            assert_eq!(blocks, 1, "{}", t.label);
            assert_eq!(
                parental::controls(&svc, &me, teen.id, Utc::now())
                    .await
                    .unwrap()
                    .blocked
                    .len(),
                1
            );
            // Already blocked titles are not suggested again.
            assert!(
                parental::suggest(&svc, &me, teen.id, "animas", Utc::now())
                    .await
                    .unwrap()
                    .iter()
                    .all(|t| t.id != blocked.id)
            );

            let rules = rules_for(&svc, &teen).await;
            // Browse and search: never the blocked title; titles above 7+ only with a lock.
            for row in catalog::rows(&svc.db, &rules, 1000).await.unwrap() {
                for (title, access) in row.titles {
                    assert_ne!(title.id, blocked.id, "{}", t.label);
                    let expected = if title.maturity_rating <= MaturityLevel::Seven {
                        Access::Allowed
                    } else {
                        Access::NeedsPin
                    };
                    assert_eq!(access, expected, "{}: {}", t.label, title.name);
                }
            }
            assert!(
                catalog::search(&svc.db, &rules, "noche", 50)
                    .await
                    .unwrap()
                    .is_empty(),
                "{}",
                t.label
            );
            // A direct link.
            assert!(matches!(
                catalog::get_for(&svc.db, &rules, blocked.id).await,
                Err(DomainError::Forbidden)
            ));
            // Playback: blocked even with the PIN.
            let start = |title: i64, p: Option<&'static str>| {
                let svc = svc.clone();
                let me = me.clone();
                let ip = ip.clone();
                async move {
                    let pin = p.map(pin);
                    playback::start(&svc, &me, teen.id, title, pin.as_ref(), &ip, Utc::now()).await
                }
            };
            assert!(matches!(
                start(blocked.id, Some("2580")).await,
                Err(DomainError::Forbidden)
            ));
            let adult = adult_title(&svc, &owner_profile_at_18(&svc, me.account_id).await).await;
            assert!(
                matches!(start(adult.id, None).await, Err(DomainError::PinRequired)),
                "{}",
                t.label
            );
            assert!(matches!(
                start(adult.id, Some("1111")).await,
                Err(DomainError::Invalid(_))
            ));
            let unlocked = start(adult.id, Some("2580")).await.unwrap();
            assert!(unlocked.pin_unlocked);
            // Heartbeats of the PIN-unlocked stream keep going.
            assert!(
                playback::heartbeat(
                    &svc.db,
                    &me,
                    unlocked.id,
                    30,
                    Utc::now() + TimeDelta::seconds(30)
                )
                .await
                .is_ok()
            );
        })
        .await;
    }
}

/// A scratch adult profile to find an 18+ title with (the catalog search obeys the rules).
async fn owner_profile_at_18(
    svc: &domain::Services,
    account_id: i64,
) -> domain::entity::profile::Model {
    let mut p = owner(svc, account_id).await;
    p.maturity_level = MaturityLevel::Eighteen;
    p
}

#[tokio::test]
async fn kids_profiles_hide_what_is_above_them_even_with_a_pin() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            parental::set_account_pin(&svc, &me, &pin("2580"), &ip, Utc::now())
                .await
                .unwrap();
            let kid = kid(&svc, me.account_id).await;
            let rules = rules_for(&svc, &kid).await;
            let adult = adult_title(&svc, &owner(&svc, me.account_id).await).await;
            assert_eq!(rules.access(&adult), Access::Hidden, "{}", t.label);
            let found = catalog::search(&svc.db, &rules, &adult.name, 50)
                .await
                .unwrap();
            assert!(found.iter().all(|(t, _)| t.id != adult.id));
            let r = playback::start(
                &svc,
                &me,
                kid.id,
                adult.id,
                Some(&pin("2580")),
                &ip,
                Utc::now(),
            )
            .await;
            assert!(matches!(r, Err(DomainError::Forbidden)));
            let refused =
                parental::set_maturity(&svc, &me, kid.id, MaturityLevel::Sixteen, &ip, Utc::now())
                    .await;
            assert!(matches!(
                refused,
                Err(DomainError::Invalid(Problem::KidsMaturity))
            ));
        })
        .await;
    }
}

#[tokio::test]
async fn a_change_stops_a_running_stream_at_once_and_refuses_its_heartbeat() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            let me_profile = owner(&svc, me.account_id).await;
            let adult = adult_title(&svc, &me_profile).await;
            let t0 = Utc::now();
            let stream = playback::start(&svc, &me, me_profile.id, adult.id, None, &ip, t0)
                .await
                .unwrap();
            // Lowered to 7+ mid-stream: the stream was not unlocked with a PIN.
            parental::set_account_pin(&svc, &me, &pin("2580"), &ip, t0)
                .await
                .unwrap();
            parental::set_maturity(&svc, &me, me_profile.id, MaturityLevel::Seven, &ip, t0)
                .await
                .unwrap();
            let row = playback::get(&svc.db, me.account_id, stream.id)
                .await
                .unwrap();
            assert!(row.ended_at.is_some(), "{}: stopped by the change", t.label);
            let beat =
                playback::heartbeat(&svc.db, &me, stream.id, 60, t0 + TimeDelta::seconds(60)).await;
            assert!(
                matches!(beat, Err(DomainError::Forbidden)),
                "{}: {beat:?}",
                t.label
            );

            // Blocking a title stops its stream too.
            parental::set_maturity(&svc, &me, me_profile.id, MaturityLevel::Eighteen, &ip, t0)
                .await
                .unwrap();
            let other = playback::start(&svc, &me, me_profile.id, adult.id, None, &ip, t0)
                .await
                .unwrap();
            parental::block_title(&svc, &me, me_profile.id, adult.id, &ip, t0)
                .await
                .unwrap();
            let beat =
                playback::heartbeat(&svc.db, &me, other.id, 60, t0 + TimeDelta::seconds(60)).await;
            assert!(matches!(beat, Err(DomainError::Forbidden)), "{}", t.label);
            parental::unblock_title(&svc, &me, me_profile.id, adult.id, &ip, t0)
                .await
                .unwrap();
            // Unblocking does not bring the stopped stream back; playing again starts anew.
            assert!(matches!(
                playback::heartbeat(&svc.db, &me, other.id, 90, t0 + TimeDelta::seconds(90)).await,
                Err(DomainError::Conflict(_))
            ));
            playback::start(&svc, &me, me_profile.id, adult.id, None, &ip, t0)
                .await
                .unwrap();
        })
        .await;
    }
}

#[tokio::test]
async fn five_wrong_account_pins_per_fifteen_minutes_whichever_profile_each_logged() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            let t0 = Utc::now();
            parental::set_account_pin(&svc, &me, &pin("2580"), &ip, t0)
                .await
                .unwrap();
            let p = owner(&svc, me.account_id).await;
            for i in 0..5 {
                let at = t0 + TimeDelta::seconds(i);
                let r = domain::pin::verify_account_pin(&svc, &me, &p, &pin("0000"), &ip, at).await;
                if i < 4 {
                    assert!(
                        matches!(r, Err(DomainError::Invalid(_))),
                        "{}: attempt {i}",
                        t.label
                    );
                } else {
                    assert!(
                        matches!(r, Err(DomainError::PinThrottled { .. })),
                        "{}: the fifth locks",
                        t.label
                    );
                }
            }
            // Even the right PIN waits until the first failure leaves the window.
            let r = domain::pin::verify_account_pin(
                &svc,
                &me,
                &p,
                &pin("2580"),
                &ip,
                t0 + TimeDelta::minutes(5),
            )
            .await;
            match r {
                Err(DomainError::PinThrottled { retry_at }) => {
                    let expected = t0 + TimeDelta::minutes(15);
                    assert!(
                        (retry_at - expected).num_milliseconds().abs() < 5,
                        "{}: {retry_at} vs {expected}",
                        t.label
                    );
                }
                other => panic!("{}: {other:?}", t.label),
            }
            let later = t0 + TimeDelta::minutes(15) + TimeDelta::seconds(1);
            domain::pin::verify_account_pin(&svc, &me, &p, &pin("2580"), &ip, later)
                .await
                .unwrap();

            let failures = security_event::Entity::find()
                .filter(security_event::Column::Kind.eq(SecurityEventKind::PinFailed))
                .filter(security_event::Column::ProfileId.eq(p.id))
                .count(&svc.db)
                .await
                .unwrap();
            assert_eq!(
                failures, 5,
                "{}: every wrong PIN is in the security activity",
                t.label
            );
            // The account PIN is one secret: typing it on another profile buys no more guesses.
            let k = kid(&svc, me.account_id).await;
            for i in 0..5 {
                let at = later + TimeDelta::seconds(i);
                let on = if i % 2 == 0 { &p } else { &k };
                let _ = domain::pin::verify_account_pin(&svc, &me, on, &pin("0000"), &ip, at).await;
            }
            assert!(
                matches!(
                    domain::pin::verify_account_pin(&svc, &me, &k, &pin("2580"), &ip, later).await,
                    Err(DomainError::PinThrottled { .. })
                ),
                "{}: rotating profiles does not reset the count",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn fifty_simultaneous_wrong_pins_get_at_most_five_checks() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            let now = Utc::now();
            parental::set_account_pin(&svc, &me, &pin("2580"), &ip, now)
                .await
                .unwrap();
            let p = owner(&svc, me.account_id).await;
            let k = kid(&svc, me.account_id).await;
            let mut guesses = tokio::task::JoinSet::new();
            for i in 0..50 {
                let (svc, me, ip) = (svc.clone(), me.clone(), ip.clone());
                let on = if i % 2 == 0 { p.clone() } else { k.clone() };
                let guess = pin(&format!("{:04}", 1000 + i));
                guesses.spawn(async move {
                    domain::pin::verify_account_pin(&svc, &me, &on, &guess, &ip, now).await
                });
            }
            let (mut wrong, mut refused) = (0, 0);
            while let Some(r) = guesses.join_next().await {
                match r.unwrap() {
                    Err(DomainError::Invalid(_)) => wrong += 1,
                    Err(DomainError::PinThrottled { .. }) => refused += 1,
                    other => panic!("{}: {other:?}", t.label),
                }
            }
            let failures = security_event::Entity::find()
                .filter(security_event::Column::Kind.eq(SecurityEventKind::PinFailed))
                .count(&svc.db)
                .await
                .unwrap();
            assert!(failures <= 5, "{}: {failures} PINs were checked", t.label);
            assert_eq!(wrong + refused, 50, "{}", t.label);
            // The right PIN waits for the window like any other, then works.
            let later = now + domain::attempts::PIN_WINDOW + TimeDelta::seconds(1);
            domain::pin::verify_account_pin(&svc, &me, &p, &pin("2580"), &ip, later)
                .await
                .unwrap();
        })
        .await;
    }
}

#[tokio::test]
async fn a_locked_profile_asks_for_its_pin_when_switching() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            let k = kid(&svc, me.account_id).await;
            parental::set_profile_lock(&svc, &me, k.id, &pin("1357"), &ip, Utc::now())
                .await
                .unwrap();
            let select = |p: Option<&'static str>| {
                let svc = svc.clone();
                let me = me.clone();
                let ip = ip.clone();
                async move {
                    profiles::select(&svc, &me, k.id, p.map(pin).as_ref(), &ip, Utc::now()).await
                }
            };
            assert!(
                matches!(select(None).await, Err(DomainError::LockPinRequired)),
                "{}",
                t.label
            );
            assert!(matches!(
                select(Some("2468")).await,
                Err(DomainError::Invalid(_))
            ));
            select(Some("1357")).await.unwrap();
            parental::remove_profile_lock(&svc, &me, k.id, &ip, Utc::now())
                .await
                .unwrap();
            select(None).await.unwrap();
        })
        .await;
    }
}

#[tokio::test]
async fn changes_need_a_recent_password_and_the_pin_is_stored_hashed() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        let me = signed_in(&svc, "ana@example.com").await;
        let ip = client(CHROME_LINUX, LONDON_IP);
        let later = Utc::now() + svc.policy.reauth_window + TimeDelta::seconds(1);
        let refused = parental::set_account_pin(&svc, &me, &pin("2580"), &ip, later).await;
        assert!(matches!(refused, Err(DomainError::ReauthRequired)));
        let p = owner(&svc, me.account_id).await;
        assert!(matches!(
            parental::set_maturity(&svc, &me, p.id, MaturityLevel::Seven, &ip, later).await,
            Err(DomainError::ReauthRequired)
        ));
        parental::set_account_pin(&svc, &me, &pin("2580"), &ip, Utc::now())
            .await
            .unwrap();
        let hash = account::Entity::find_by_id(me.account_id)
            .one(&svc.db)
            .await
            .unwrap()
            .unwrap()
            .parental_pin_hash
            .unwrap();
        assert!(hash.starts_with("$argon2id$") && !hash.contains("2580"));
        parental::remove_account_pin(&svc, &me, &ip, Utc::now())
            .await
            .unwrap();
        assert!(
            !domain::pin::has_account_pin(&svc, me.account_id)
                .await
                .unwrap()
        );
    })
    .await;
}

#[tokio::test]
async fn another_accounts_profile_is_not_found_for_every_parental_action() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let ana = signed_in(&svc, "ana@example.com").await;
            let bo = signed_in(&svc, "bo@example.com").await;
            let bos = owner(&svc, bo.account_id).await;
            let ip = client(CHROME_LINUX, LONDON_IP);
            let now = Utc::now();
            let nf = |r: Result<(), DomainError>| matches!(r, Err(DomainError::NotFound));
            assert!(
                nf(parental::set_maturity(&svc, &ana, bos.id, MaturityLevel::All, &ip, now).await),
                "{}",
                t.label
            );
            assert!(nf(
                parental::block_title(&svc, &ana, bos.id, 1, &ip, now).await
            ));
            assert!(nf(
                parental::unblock_title(&svc, &ana, bos.id, 1, &ip, now).await
            ));
            assert!(nf(parental::set_profile_lock(
                &svc,
                &ana,
                bos.id,
                &pin("1111"),
                &ip,
                now
            )
            .await));
            assert!(nf(parental::remove_profile_lock(
                &svc, &ana, bos.id, &ip, now
            )
            .await));
            assert!(matches!(
                parental::suggest(&svc, &ana, bos.id, "a", Utc::now()).await,
                Err(DomainError::NotFound)
            ));
            assert!(matches!(
                parental::controls(&svc, &ana, bos.id, Utc::now()).await,
                Err(DomainError::NotFound)
            ));
            let unchanged = profiles::get(&svc.db, bo.account_id, bos.id).await.unwrap();
            assert_eq!(unchanged, bos, "{}", t.label);
            let _ = domain::entity::playback::Entity::find()
                .count(&svc.db)
                .await
                .unwrap();
        })
        .await;
    }
}

/// What a child is kept from is read behind the same gate as it is changed.
#[tokio::test]
async fn parental_controls_are_read_only_with_the_password_and_never_on_a_tv() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let me = signed_in(&svc, "ana@example.com").await;
            let kid = kid(&svc, me.account_id).await;
            parental::controls(&svc, &me, kid.id, Utc::now())
                .await
                .unwrap();
            let tv = domain::sessions::CurrentSession {
                client: domain::entity::session::ClientKind::Tv,
                ..me.clone()
            };
            assert!(matches!(
                parental::controls(&svc, &tv, kid.id, Utc::now()).await,
                Err(DomainError::Forbidden)
            ));
            let later = Utc::now() + svc.policy.reauth_window + TimeDelta::seconds(1);
            assert!(
                matches!(
                    parental::controls(&svc, &me, kid.id, later).await,
                    Err(DomainError::ReauthRequired)
                ),
                "{}",
                t.label
            );
        })
        .await;
    }
}

/// A parental change is never saved without its security event: when the audit cannot be
/// written, the change is not made either.
#[tokio::test]
async fn a_parental_change_is_never_saved_unlogged() {
    use sea_orm::ConnectionTrait;
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        let me = signed_in(&svc, "ana@example.com").await;
        let kid = kid(&svc, me.account_id).await;
        let ip = domain::ClientInfo::default();
        svc.db
            .execute_unprepared(
                "CREATE TRIGGER audit_down BEFORE INSERT ON security_event \
                 BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END",
            )
            .await
            .unwrap();
        let title = adult_title(&svc, &owner(&svc, me.account_id).await).await;
        let pin = Pin::parse("2580").unwrap();
        assert!(
            parental::set_maturity(&svc, &me, kid.id, MaturityLevel::All, &ip, Utc::now())
                .await
                .is_err()
        );
        assert!(
            parental::block_title(&svc, &me, kid.id, title.id, &ip, Utc::now())
                .await
                .is_err()
        );
        assert!(
            parental::set_account_pin(&svc, &me, &pin, &ip, Utc::now())
                .await
                .is_err()
        );
        assert!(
            parental::set_profile_lock(&svc, &me, kid.id, &pin, &ip, Utc::now())
                .await
                .is_err()
        );
        let after = profiles::get(&svc.db, me.account_id, kid.id).await.unwrap();
        assert_eq!(after, kid, "nothing about the profile changed");
        assert!(
            !domain::pin::has_account_pin(&svc, me.account_id)
                .await
                .unwrap()
        );
        svc.db
            .execute_unprepared("DROP TRIGGER audit_down")
            .await
            .unwrap();
        let controls = parental::controls(&svc, &me, kid.id, Utc::now())
            .await
            .unwrap();
        assert!(controls.blocked.is_empty());
    })
    .await;
}
