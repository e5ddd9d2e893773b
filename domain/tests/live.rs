//! The live channel's events: every way a session ends reaches exactly that session's
//! pages (and never another account's), on one instance and across two; sign-ins reach
//! the account's pages; a parental change stops a stream it forbids at once.

mod common;

use chrono::{TimeDelta, Utc};
use common::*;
use domain::device_codes::{self, Poll};
use domain::entity::playback;
use domain::entity::profile::MaturityLevel;
use domain::entity::session::{self, ClientKind, RevokeReason};
use domain::live::{self, Ended, Notice, Opening, Watch};
use domain::password::{NewPassword, Password};
use domain::sessions::CurrentSession;
use domain::{Services, auth, devices, parental, testing};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::Duration;

/// A revocation must reach an open page in under a second.
const PROMPT: Duration = Duration::from_secs(1);
/// How long a page that should hear nothing is listened to.
const QUIET: Duration = Duration::from_millis(400);

const TV_UA: &str = "Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) TV Safari/537.36";

/// A signed-in browser: its session and its open channel.
struct Page {
    session: CurrentSession,
    watch: Watch,
}

async fn open(svc: &Services, token: &str) -> Watch {
    match live::open(svc, token, Utc::now()).await.unwrap() {
        Opening::Live(watch) => watch,
        Opening::Ended(why) => panic!("the session already ended: {why:?}"),
        Opening::Unknown => panic!("no such session"),
    }
}

async fn page(svc: &Services, email: &str, ua: &str) -> Page {
    let signed = sign_in(svc, email, PASSWORD, ua).await.unwrap();
    let mut watch = open(svc, &signed.token).await;
    settle(&mut watch).await;
    Page {
        session: current(svc, &signed.token).await.unwrap(),
        watch,
    }
}

/// Ana's laptop and phone, signed in, with their channels open and quiet.
async fn laptop_and_phone(svc: &Services) -> (Page, Page) {
    account(svc, "ana@example.com", None).await;
    let mut laptop = page(svc, "ana@example.com", CHROME_LINUX).await;
    let phone = page(svc, "ana@example.com", SAFARI_IPHONE).await;
    // The phone's sign-in reached the laptop's page, and with it the notice of a sign-in
    // on a new device.
    assert_eq!(
        next(&mut laptop.watch, "laptop").await,
        Notice::DevicesChanged
    );
    assert_eq!(
        next(&mut laptop.watch, "laptop").await,
        Notice::SignInNoticesChanged
    );
    (laptop, phone)
}

/// A TV signed in by a code that `approver` approved, with its channel open.
async fn tv_page(svc: &Services, approver: &CurrentSession) -> Page {
    let tv = client(TV_UA, "62.210.0.1");
    let now = Utc::now();
    let started = device_codes::start(svc, &tv, now).await.unwrap();
    let code = started.user_code.display();
    device_codes::approve(svc, approver, &code, &client(SAFARI_IPHONE, LONDON_IP), now)
        .await
        .unwrap();
    let Poll::Approved(signed) = device_codes::poll(svc, &started.device_code, &tv, now)
        .await
        .unwrap()
    else {
        panic!("the TV was not signed in");
    };
    let session = current(svc, &signed.token).await.unwrap();
    assert_eq!(session.client, ClientKind::Tv);
    let mut watch = open(svc, &signed.token).await;
    settle(&mut watch).await;
    Page { session, watch }
}

async fn next(watch: &mut Watch, label: &str) -> Notice {
    tokio::time::timeout(PROMPT, watch.next())
        .await
        .unwrap_or_else(|_| panic!("{label}: nothing within {PROMPT:?}"))
        .unwrap_or_else(|| panic!("{label}: the channel closed"))
}

/// Waits for the sign-out, past any "devices changed" or sign-in notice still on the way
/// (a sign-in that another instance relays late).
async fn signed_out(watch: &mut Watch, label: &str) -> Ended {
    let deadline = tokio::time::Instant::now() + PROMPT;
    loop {
        let notice = tokio::time::timeout_at(deadline, watch.next())
            .await
            .unwrap_or_else(|_| panic!("{label}: not signed out within {PROMPT:?}"))
            .unwrap_or_else(|| panic!("{label}: the channel closed"));
        match notice {
            Notice::SignedOut(why) => {
                assert!(
                    watch.next().await.is_none(),
                    "{label}: nothing after sign-out"
                );
                return why;
            }
            Notice::DevicesChanged | Notice::SignInNoticesChanged => {}
            other => panic!("{label}: {other:?} instead of a sign-out"),
        }
    }
}

/// The next notice other than "devices changed" (a sign-in's, delivered late).
async fn next_but_devices(watch: &mut Watch, label: &str) -> Notice {
    loop {
        match next(watch, label).await {
            Notice::DevicesChanged => {}
            notice => return notice,
        }
    }
}

/// Lets sign-ins arrive that were published before the channel opened but delivered after
/// (through NOTIFY or the relay): they only say "devices changed" and, for a new device,
/// "sign-in notices changed".
async fn settle(watch: &mut Watch) {
    while let Ok(notice) = tokio::time::timeout(QUIET, watch.next()).await {
        assert!(
            matches!(
                notice,
                Some(Notice::DevicesChanged | Notice::SignInNoticesChanged)
            ),
            "{notice:?}"
        );
    }
}

async fn quiet(watch: &mut Watch, label: &str) {
    if let Ok(notice) = tokio::time::timeout(QUIET, watch.next()).await {
        panic!("{label}: heard {notice:?}");
    }
}

fn revoked(reason: RevokeReason) -> Ended {
    Ended::Revoked(reason)
}

#[tokio::test]
async fn sign_out_of_all_devices_reaches_every_page_of_the_account_and_no_other() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            account(&svc, "bob@example.com", None).await;
            let mut laptop = page(&svc, "ana@example.com", CHROME_LINUX).await;
            let mut phone = page(&svc, "ana@example.com", SAFARI_IPHONE).await;
            let mut tv = tv_page(&svc, &phone.session).await;
            // The TV's sign-in told the other pages; take that first.
            assert_eq!(
                next(&mut laptop.watch, "laptop").await,
                Notice::DevicesChanged
            );
            assert_eq!(
                next(&mut phone.watch, "phone").await,
                Notice::DevicesChanged
            );
            let mut stranger = page(&svc, "bob@example.com", CHROME_LINUX).await;

            auth::sign_out_all(
                &svc,
                &phone.session,
                &client(SAFARI_IPHONE, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();

            let label = t.label;
            assert_eq!(
                signed_out(&mut phone.watch, label).await,
                revoked(RevokeReason::SignOutAll)
            );
            assert_eq!(
                signed_out(&mut laptop.watch, label).await,
                revoked(RevokeReason::SignOutAll)
            );
            assert_eq!(
                signed_out(&mut tv.watch, label).await,
                revoked(RevokeReason::SignOutAll)
            );
            quiet(&mut stranger.watch, "another account's page").await;
            assert!(current(&svc, &"x".repeat(43)).await.is_none());
        })
        .await;
    }
}

#[tokio::test]
async fn signing_out_one_device_ends_only_its_pages_and_tells_the_others() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let (mut laptop, mut phone) = laptop_and_phone(&svc).await;
            let from = client(CHROME_LINUX, LONDON_IP);

            devices::sign_out(
                &svc,
                &laptop.session,
                phone.session.device_id,
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(
                signed_out(&mut phone.watch, t.label).await,
                revoked(RevokeReason::DeviceSignedOut)
            );
            assert_eq!(
                next(&mut laptop.watch, t.label).await,
                Notice::DevicesChanged
            );
            quiet(&mut laptop.watch, "the laptop, still signed in").await;

            let mut tablet = page(&svc, "ana@example.com", SAFARI_IPHONE).await;
            assert_eq!(
                next(&mut laptop.watch, "laptop").await,
                Notice::DevicesChanged
            );
            assert_eq!(
                next(&mut laptop.watch, "laptop").await,
                Notice::SignInNoticesChanged
            );
            devices::deactivate(
                &svc,
                &laptop.session,
                tablet.session.device_id,
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(
                signed_out(&mut tablet.watch, t.label).await,
                revoked(RevokeReason::DeviceDeactivated)
            );
            assert_eq!(
                next(&mut laptop.watch, t.label).await,
                Notice::DevicesChanged
            );

            auth::sign_out(&svc, &laptop.session, &from, Utc::now())
                .await
                .unwrap();
            assert_eq!(
                signed_out(&mut laptop.watch, t.label).await,
                revoked(RevokeReason::SignOut)
            );
        })
        .await;
    }
}

#[tokio::test]
async fn a_tv_closing_its_session_ends_only_the_tv() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let mut phone = page(&svc, "ana@example.com", SAFARI_IPHONE).await;
            let mut tv = tv_page(&svc, &phone.session).await;
            assert_eq!(
                next(&mut phone.watch, "phone").await,
                Notice::DevicesChanged
            );

            auth::sign_out(&svc, &tv.session, &client(TV_UA, "62.210.0.1"), Utc::now())
                .await
                .unwrap();
            assert_eq!(
                signed_out(&mut tv.watch, t.label).await,
                revoked(RevokeReason::SignOut)
            );
            assert_eq!(
                next(&mut phone.watch, t.label).await,
                Notice::DevicesChanged
            );
        })
        .await;
    }
}

#[tokio::test]
async fn a_password_change_ends_the_other_pages_only_when_asked_to() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let (mut laptop, mut phone) = laptop_and_phone(&svc).await;
            let from = client(CHROME_LINUX, LONDON_IP);
            let change = |to: &'static str, others: bool| {
                let mut session = laptop.session.clone();
                let svc = svc.clone();
                let from = from.clone();
                async move {
                    let old = if to == "a second good password" {
                        PASSWORD
                    } else {
                        "a second good password"
                    };
                    auth::change_password(
                        &svc,
                        &mut session,
                        &Password::parse(old).unwrap(),
                        &NewPassword::parse(to).unwrap(),
                        others,
                        &from,
                        Utc::now(),
                    )
                    .await
                    .unwrap()
                }
            };

            assert_eq!(change("a second good password", false).await, 0);
            quiet(&mut phone.watch, "the phone, when others stay signed in").await;

            assert_eq!(change(PASSWORD, true).await, 1);
            assert_eq!(
                signed_out(&mut phone.watch, t.label).await,
                revoked(RevokeReason::PasswordChanged)
            );
            assert_eq!(
                next(&mut laptop.watch, t.label).await,
                Notice::DevicesChanged
            );
        })
        .await;
    }
}

#[tokio::test]
async fn support_signing_out_an_account_from_the_command_line_reaches_its_pages() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let mut laptop = page(&svc, "ana@example.com", CHROME_LINUX).await;
            // The command line is another process with a hub that only publishes.
            let cli = live::LiveHub::publisher(&svc.db).await.unwrap();
            let ended =
                auth::operator_sign_out_all(&svc.db, &cli, laptop.session.account_id, Utc::now())
                    .await
                    .unwrap();
            assert_eq!(ended, 1);
            assert_eq!(
                signed_out(&mut laptop.watch, t.label).await,
                revoked(RevokeReason::Operator)
            );
        })
        .await;
    }
}

#[tokio::test]
async fn a_page_on_another_instance_hears_a_sign_out_at_once() {
    for t in testing::all().await {
        testing::on(&t, async {
            let a = t.services();
            let b = t.another_instance().await;
            account(&a, "ana@example.com", None).await;
            account(&a, "bob@example.com", None).await;
            let laptop = page(&a, "ana@example.com", CHROME_LINUX).await;
            let signed = sign_in(&a, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let mut phone_on_b = open(&b, &signed.token).await;
            let signed = sign_in(&a, "bob@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let mut stranger_on_b = open(&b, &signed.token).await;
            settle(&mut stranger_on_b).await;

            auth::sign_out_all(
                &a,
                &laptop.session,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(
                signed_out(&mut phone_on_b, &format!("{}: instance B", t.label)).await,
                revoked(RevokeReason::SignOutAll)
            );
            quiet(&mut stranger_on_b, "another account on instance B").await;
        })
        .await;
    }
}

#[tokio::test]
async fn a_page_hears_its_session_expire_with_no_event_at_all() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let signed = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            session::Entity::update_many()
                .col_expr(
                    session::Column::IdleExpiresAt,
                    Expr::value(Utc::now() + TimeDelta::milliseconds(300)),
                )
                .filter(session::Column::Id.eq(signed.session.id))
                .exec(&svc.db)
                .await
                .unwrap();
            let mut watch = open(&svc, &signed.token).await;
            assert_eq!(signed_out(&mut watch, t.label).await, Ended::Expired);

            // Reconnecting with the dead cookie says why at once.
            assert!(matches!(
                live::open(&svc, &signed.token, Utc::now()).await.unwrap(),
                Opening::Ended(Ended::Expired)
            ));
        })
        .await;
    }
}

#[tokio::test]
async fn a_sign_out_nobody_announced_still_reaches_the_page() {
    // An instance that died between its commit and its publish, or a NOTIFY that failed.
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let signed = sign_in(&svc, "ana@example.com", PASSWORD, CHROME_LINUX)
                .await
                .unwrap();
            let mut watch = open(&svc, &signed.token)
                .await
                .recheck_every(Duration::from_millis(300));
            settle(&mut watch).await;
            session::Entity::update_many()
                .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
                .col_expr(
                    session::Column::RevokedReason,
                    Expr::value(RevokeReason::SignOutAll),
                )
                .filter(session::Column::Id.eq(signed.session.id))
                .exec(&svc.db)
                .await
                .unwrap();
            assert_eq!(
                signed_out(&mut watch, t.label).await,
                revoked(RevokeReason::SignOutAll)
            );
        })
        .await;
    }
}

#[tokio::test]
async fn a_page_hears_a_sign_out_made_just_after_its_instance_lost_its_listen_connection() {
    let Some(t) = testing::all()
        .await
        .into_iter()
        .find(|t| t.db.get_database_backend() == sea_orm::DbBackend::Postgres)
    else {
        panic!("PostgreSQL is part of every test run");
    };
    testing::on(&t, async {
        let svc = t.services();
        let other = t.another_instance().await;
        let laptop = signed_in(&svc, "ana@example.com").await;
        let signed = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
            .await
            .unwrap();
        let mut phone = open(&svc, &signed.token).await;
        settle(&mut phone).await;

        // This instance's LISTEN connection dies (a database restart, a network cut).
        let channel: String =
            t.db.query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT 'kinoguard_live.' || current_schema()",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap();
        let killed =
            t.db.query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE query LIKE 'LISTEN %' AND position($1 in query) > 0",
                [channel.into()],
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert!(killed >= 1, "no LISTEN connection to end");

        // Signed out at once from the other instance: its NOTIFY may go out while this
        // instance is not listening, and the page must still hear it.
        auth::sign_out_all(
            &other,
            &laptop,
            &client(CHROME_LINUX, LONDON_IP),
            Utc::now(),
        )
        .await
        .unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
        loop {
            let notice = tokio::time::timeout_at(deadline, phone.next())
                .await
                .expect("the phone was not told within 3 s (the backstop is 45 s)")
                .expect("the channel closed");
            match notice {
                Notice::SignedOut(why) => {
                    assert_eq!(why, revoked(RevokeReason::SignOutAll));
                    break;
                }
                Notice::DevicesChanged => {}
                other => panic!("{other:?} instead of a sign-out"),
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_page_reconnecting_after_a_revocation_learns_it_at_once() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let signed = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            auth::sign_out_all(&svc, &laptop, &client(CHROME_LINUX, LONDON_IP), Utc::now())
                .await
                .unwrap();
            assert!(matches!(
                live::open(&svc, &signed.token, Utc::now()).await.unwrap(),
                Opening::Ended(Ended::Revoked(RevokeReason::SignOutAll))
            ));
            assert!(matches!(
                live::open(&svc, &"A".repeat(43), Utc::now()).await.unwrap(),
                Opening::Unknown
            ));
        })
        .await;
    }
}

#[tokio::test]
async fn signing_out_a_device_closes_its_stream_in_the_activity() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let (laptop, phone) = laptop_and_phone(&svc).await;
            let me = owner(&svc, laptop.session.account_id).await;
            let film = title(&svc, &me, "cafe").await;
            let on_phone = start_stream(
                &svc,
                &phone.session,
                me.id,
                film.id,
                &client(SAFARI_IPHONE, LONDON_IP),
            )
            .await;
            let on_laptop = start_stream(
                &svc,
                &laptop.session,
                me.id,
                film.id,
                &client(CHROME_LINUX, LONDON_IP),
            )
            .await;

            let mut laptop_session = laptop.session.clone();
            auth::change_password(
                &svc,
                &mut laptop_session,
                &Password::parse(PASSWORD).unwrap(),
                &NewPassword::parse("a second good password").unwrap(),
                true,
                &client(CHROME_LINUX, LONDON_IP),
                Utc::now(),
            )
            .await
            .unwrap();
            let ended = |id| {
                let db = svc.db.clone();
                async move {
                    playback::Entity::find_by_id(id)
                        .one(&db)
                        .await
                        .unwrap()
                        .unwrap()
                        .ended_at
                }
            };
            assert!(
                ended(on_phone.id).await.is_some(),
                "{}: the phone's stream ended",
                t.label
            );
            assert!(
                ended(on_laptop.id).await.is_none(),
                "{}: this device plays on",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn blocking_the_title_that_is_playing_stops_that_stream_at_once() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            account(&svc, "ana@example.com", None).await;
            let mut laptop = page(&svc, "ana@example.com", CHROME_LINUX).await;
            let mut tv = tv_page(&svc, &laptop.session).await;
            assert_eq!(
                next(&mut laptop.watch, "laptop").await,
                Notice::DevicesChanged
            );
            let me = owner(&svc, laptop.session.account_id).await;
            let blocked = title(&svc, &me, "cafe").await;
            let other = title(&svc, &me, "the").await;
            assert_ne!(blocked.id, other.id);
            let from_tv = client(TV_UA, "62.210.0.1");
            let playing = start_stream(&svc, &tv.session, me.id, blocked.id, &from_tv).await;
            let elsewhere = start_stream(&svc, &laptop.session, me.id, other.id, &from_tv).await;
            let from = client(CHROME_LINUX, LONDON_IP);

            parental::block_title(&svc, &laptop.session, me.id, blocked.id, &from, Utc::now())
                .await
                .unwrap();
            let stopped = Notice::StreamStopped {
                playback_id: playing.id,
            };
            assert_eq!(next_but_devices(&mut tv.watch, t.label).await, stopped);
            assert_eq!(next_but_devices(&mut laptop.watch, t.label).await, stopped);
            let row = playback::Entity::find_by_id(playing.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert!(
                row.ended_at.is_some(),
                "{}: closed in the activity",
                t.label
            );
            let row = playback::Entity::find_by_id(elsewhere.id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert!(
                row.ended_at.is_none(),
                "{}: an allowed stream plays on",
                t.label
            );

            // Lowering the level below the other title's rating stops that one too.
            parental::set_maturity(
                &svc,
                &laptop.session,
                me.id,
                MaturityLevel::All,
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            if other.maturity_rating > MaturityLevel::All {
                assert_eq!(
                    next_but_devices(&mut tv.watch, t.label).await,
                    Notice::StreamStopped {
                        playback_id: elsewhere.id
                    }
                );
            }
        })
        .await;
    }
}

#[tokio::test]
async fn locking_a_profile_or_removing_the_pin_stops_its_streams_elsewhere_at_once() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let (mut laptop, mut phone) = laptop_and_phone(&svc).await;
            let me = owner(&svc, laptop.session.account_id).await;
            let film = title(&svc, &me, "cafe").await;
            let from = client(CHROME_LINUX, LONDON_IP);
            // The phone plays the owner's profile without having unlocked it.
            let playing = start_stream(&svc, &phone.session, me.id, film.id, &from).await;
            parental::set_profile_lock(
                &svc,
                &laptop.session,
                me.id,
                &domain::pin::Pin::parse("2468").unwrap(),
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            let stopped = Notice::StreamStopped {
                playback_id: playing.id,
            };
            assert_eq!(next_but_devices(&mut phone.watch, t.label).await, stopped);
            assert_eq!(next_but_devices(&mut laptop.watch, t.label).await, stopped);

            // A title above the level, unlocked with the account PIN, stops when the PIN
            // that unlocked it is removed.
            parental::remove_profile_lock(&svc, &laptop.session, me.id, &from, Utc::now())
                .await
                .unwrap();
            parental::set_account_pin(
                &svc,
                &laptop.session,
                &domain::pin::Pin::parse("1357").unwrap(),
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            parental::set_maturity(
                &svc,
                &laptop.session,
                me.id,
                MaturityLevel::All,
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            let above = adult_title(&svc, &me).await;
            let unlocked = domain::playback::start(
                &svc,
                &phone.session,
                me.id,
                above.id,
                Some(&domain::pin::Pin::parse("1357").unwrap()),
                &from,
                Utc::now(),
            )
            .await
            .unwrap();
            quiet(&mut phone.watch, "the phone, playing with the PIN").await;
            parental::remove_account_pin(&svc, &laptop.session, &from, Utc::now())
                .await
                .unwrap();
            assert_eq!(
                next_but_devices(&mut phone.watch, t.label).await,
                Notice::StreamStopped {
                    playback_id: unlocked.id
                }
            );
        })
        .await;
    }
}

#[tokio::test]
async fn two_instances_migrating_one_new_database_at_once_both_succeed() {
    let Some(t) = testing::postgres_unmigrated().await else {
        return;
    };
    let (a, b) = (t.connect().await, t.connect().await);
    let (ra, rb) = tokio::join!(domain::migrate::run(&a), domain::migrate::run(&b));
    ra.expect("instance A migrates");
    rb.expect("instance B migrates");
    let bundled = testing::sqlite().await;
    let count = |db: sea_orm::DatabaseConnection| async move {
        domain::entity::title::Entity::find()
            .count(&db)
            .await
            .unwrap()
    };
    assert_eq!(
        count(a.clone()).await,
        count(bundled.db.clone()).await,
        "the catalog was seeded once"
    );
}

/// PostgreSQL refuses a `NOTIFY` of 8000 bytes or more: a parental change that stops more
/// streams than one fits still reaches every page on the other instance, every stream.
#[tokio::test]
async fn a_long_list_of_stopped_streams_reaches_another_instance_whole() {
    for t in testing::all().await {
        testing::on(&t, async {
            let a = t.services();
            let b = t.another_instance().await;
            let ana = account(&a, "ana@example.com", None).await;
            let signed = sign_in(&a, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            let mut phone_on_b = open(&b, &signed.token).await;
            settle(&mut phone_on_b).await;

            // Ids as long as they come: 2 000 of them make ~40 000 bytes of JSON.
            let stopped: Vec<i64> = (0..2_000).map(|i| i64::MAX - i).collect();
            a.live
                .publish(live::LiveEvent::StreamsStopped {
                    account_id: ana,
                    playback_ids: stopped.clone(),
                })
                .await;
            let mut heard = Vec::new();
            while heard.len() < stopped.len() {
                match next(&mut phone_on_b, &format!("{}: instance B", t.label)).await {
                    Notice::StreamStopped { playback_id } => heard.push(playback_id),
                    other => panic!("{}: {other:?}", t.label),
                }
            }
            heard.sort_unstable();
            let mut want = stopped;
            want.sort_unstable();
            assert_eq!(heard, want, "{}", t.label);
        })
        .await;
    }
}
