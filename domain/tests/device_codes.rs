//! TV sign-in by code: generation, approval scoping, expiry, single use, throttling, and
//! what a TV session may not do.

mod common;

use chrono::{SubsecRound, TimeDelta, Utc};
use common::*;
use domain::device_codes::{self, Poll};
use domain::entity::device::DeviceKind;
use domain::entity::security_event::SecurityEventKind;
use domain::entity::session::ClientKind;
use domain::entity::{device, device_code, session};
use domain::events::Detail;
use domain::{ClientInfo, DomainError, auth, devices, events, testing};
use sea_orm::{EntityTrait, PaginatorTrait};

const TV: &str = "Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) TV Safari/537.36";

fn fresh() -> domain::password::NewPassword {
    domain::password::NewPassword::parse("a brand new passphrase").unwrap()
}

fn tv() -> ClientInfo {
    client(TV, "62.210.0.1")
}

#[tokio::test]
async fn a_tv_shows_a_code_a_user_approves_it_and_the_tv_signs_in_once() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let started = device_codes::start(&svc, &tv(), now).await.unwrap();
            assert!(matches!(
                device_codes::poll(&svc, &started.device_code, &tv(), now)
                    .await
                    .unwrap(),
                Poll::Pending { .. }
            ));

            let typed = started.user_code.display().to_lowercase();
            let seen =
                device_codes::find(&svc, &phone, &typed, &client(SAFARI_IPHONE, LONDON_IP), now)
                    .await
                    .unwrap();
            assert_eq!(seen.device_name, "Smart TV", "{}", t.label);
            assert_eq!(seen.location.as_deref(), Some("Paris, France"));
            device_codes::approve(&svc, &phone, &typed, &client(SAFARI_IPHONE, LONDON_IP), now)
                .await
                .unwrap();
            let e = &events::recent(&svc.db, phone.account_id, 1).await.unwrap()[0];
            assert_eq!(e.kind, SecurityEventKind::TvCodeApproved);
            assert_eq!(
                e.detail.as_deref().and_then(Detail::read),
                Some(Detail::TvApproved {
                    device: "Smart TV".into(),
                    place: Some("Paris, France".into())
                })
            );

            let Poll::Approved(signed) = device_codes::poll(&svc, &started.device_code, &tv(), now)
                .await
                .unwrap()
            else {
                panic!("{}: not signed in", t.label);
            };
            let tv_session = current(&svc, &signed.token).await.expect("a live session");
            assert_eq!(
                tv_session.account_id, phone.account_id,
                "{}: into the approver's account",
                t.label
            );
            assert_eq!(tv_session.client, ClientKind::Tv);
            let d = device::Entity::find_by_id(tv_session.device_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((d.kind, d.name.as_str()), (DeviceKind::Tv, "Smart TV"));

            // Single use: the code signs in once, and cannot be approved again.
            assert!(matches!(
                device_codes::poll(&svc, &started.device_code, &tv(), now)
                    .await
                    .unwrap(),
                Poll::Expired
            ));
            assert!(
                device_codes::approve(&svc, &phone, &typed, &client(SAFARI_IPHONE, LONDON_IP), now)
                    .await
                    .is_err()
            );
        })
        .await;
    }
}

#[tokio::test]
async fn codes_expire_after_ten_minutes() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let started = device_codes::start(&svc, &tv(), now).await.unwrap();
            assert_eq!(started.expires_at, now + TimeDelta::minutes(10));
            let later = now + TimeDelta::minutes(10) + TimeDelta::seconds(1);
            let code = started.user_code.display();
            assert!(
                matches!(
                    device_codes::approve(
                        &svc,
                        &phone,
                        &code,
                        &client(SAFARI_IPHONE, LONDON_IP),
                        later
                    )
                    .await,
                    Err(DomainError::Invalid(_))
                ),
                "{}",
                t.label
            );
            assert!(matches!(
                device_codes::poll(&svc, &started.device_code, &tv(), later)
                    .await
                    .unwrap(),
                Poll::Expired
            ));
        })
        .await;
    }
}

/// Asking for codes needs no sign-in, so one address can ask for only so many per code
/// lifetime — a burst included — and expired codes are swept a day later.
#[tokio::test]
async fn one_address_asks_for_at_most_twenty_codes_per_lifetime_and_old_ones_are_swept() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            // PostgreSQL keeps microseconds.
            let t0 = Utc::now().trunc_subsecs(3);
            for i in 0..domain::attempts::CODE_REQUESTS {
                let at = t0 + TimeDelta::seconds(i as i64);
                device_codes::start(&svc, &tv(), at).await.unwrap();
            }
            let at = t0 + TimeDelta::seconds(30);
            match device_codes::start(&svc, &tv(), at).await {
                Err(DomainError::Throttled { retry_at }) => {
                    assert_eq!(retry_at, t0 + device_codes::LIFETIME, "{}", t.label)
                }
                other => panic!("{}: {:?}", t.label, other.map(|s| s.expires_at)),
            }
            // Another address is not affected, and nothing was stored for the refusal.
            device_codes::start(&svc, &client(TV, "62.210.0.2"), at)
                .await
                .unwrap();
            let stored = device_code::Entity::find().count(&svc.db).await.unwrap();
            assert_eq!(stored, domain::attempts::CODE_REQUESTS + 1);

            // Once the oldest expires, the address may ask again.
            let after = t0 + device_codes::LIFETIME + TimeDelta::milliseconds(500);
            device_codes::start(&svc, &tv(), after).await.unwrap();

            // A day after they expired, the sweep deletes old codes; asking never does.
            let next_day =
                after + device_codes::LIFETIME + TimeDelta::days(1) + TimeDelta::seconds(1);
            device_codes::start(&svc, &tv(), next_day).await.unwrap();
            let stored = device_code::Entity::find().count(&svc.db).await.unwrap();
            assert_eq!(stored, domain::attempts::CODE_REQUESTS + 3, "{}", t.label);
            domain::sweep::run(&svc.db, next_day).await.unwrap();
            let stored = device_code::Entity::find().count(&svc.db).await.unwrap();
            assert_eq!(stored, 1, "{}", t.label);
            let guesses = domain::entity::attempt::Entity::find()
                .count(&svc.db)
                .await
                .unwrap();
            assert_eq!(
                guesses, 1,
                "{}: only the newest request is still counted",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn guessing_codes_is_throttled() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        let phone = signed_in(&svc, "ana@example.com").await;
        let now = Utc::now();
        let real = device_codes::start(&svc, &tv(), now).await.unwrap();
        let guesser = client(SAFARI_IPHONE, LONDON_IP);
        let wrong: Vec<String> = (0..domain::attempts::ACTIVATION_ACCOUNT_GUESSES)
            .map(|i| {
                let letter = b"BCDFGHJKLMNPQRSTVWXZ"[i as usize] as char;
                letter.to_string().repeat(8)
            })
            .filter(|guess| *guess != real.user_code.as_str())
            .take(domain::attempts::ACTIVATION_ACCOUNT_GUESSES as usize)
            .collect();
        for guess in &wrong {
            assert!(matches!(
                device_codes::find(&svc, &phone, guess, &guesser, now).await,
                Err(DomainError::Invalid(_))
            ));
        }
        if wrong.len() as u64 == domain::attempts::ACTIVATION_ACCOUNT_GUESSES {
            let next =
                device_codes::find(&svc, &phone, &real.user_code.display(), &guesser, now).await;
            assert!(
                matches!(next, Err(DomainError::Throttled { .. })),
                "even the right code waits"
            );
        }
        let later = now + domain::attempts::WINDOW + TimeDelta::seconds(1);
        assert!(
            device_codes::find(&svc, &phone, &real.user_code.display(), &guesser, later)
                .await
                .is_err_and(|e| matches!(e, DomainError::Invalid(_))),
            "the code itself has expired by then, and says so rather than waiting"
        );
    })
    .await;
}

#[tokio::test]
async fn a_tv_session_can_close_only_itself() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let started = device_codes::start(&svc, &tv(), now).await.unwrap();
            device_codes::approve(
                &svc,
                &phone,
                started.user_code.as_str(),
                &client(SAFARI_IPHONE, LONDON_IP),
                now,
            )
            .await
            .unwrap();
            let Poll::Approved(signed) = device_codes::poll(&svc, &started.device_code, &tv(), now)
                .await
                .unwrap()
            else {
                panic!("not signed in");
            };
            let tv_session = current(&svc, &signed.token).await.unwrap();

            let everywhere = auth::sign_out_all(&svc, &tv_session, &tv(), now).await;
            assert!(
                matches!(everywhere, Err(DomainError::Forbidden)),
                "{}",
                t.label
            );
            let other = devices::sign_out(&svc, &tv_session, phone.device_id, &tv(), now).await;
            assert!(matches!(other, Err(DomainError::Forbidden)));
            let deactivate =
                devices::deactivate(&svc, &tv_session, phone.device_id, &tv(), now).await;
            assert!(matches!(deactivate, Err(DomainError::Forbidden)));
            let approve_more = device_codes::find(&svc, &tv_session, "BCDFGHJK", &tv(), now).await;
            assert!(matches!(approve_more, Err(DomainError::Forbidden)));

            // Its own session it may close.
            auth::sign_out(&svc, &tv_session, &tv(), now).await.unwrap();
            assert!(current(&svc, &signed.token).await.is_none());
            let row = session::Entity::find_by_id(phone.session_id)
                .one(&svc.db)
                .await
                .unwrap()
                .unwrap();
            assert!(
                row.revoked_at.is_none(),
                "{}: the phone is untouched",
                t.label
            );
        })
        .await;
    }
}

/// Starts a code on a TV and approves it from `phone`; the TV has not collected it yet.
async fn approved_code(
    svc: &domain::Services,
    phone: &domain::sessions::CurrentSession,
    now: chrono::DateTime<Utc>,
) -> String {
    approved_code_for(svc, phone, &tv(), now).await
}

/// Starts a code on a device at `asking` and approves it from `approver`.
async fn approved_code_for(
    svc: &domain::Services,
    approver: &domain::sessions::CurrentSession,
    asking: &ClientInfo,
    now: chrono::DateTime<Utc>,
) -> String {
    let started = device_codes::start(svc, asking, now).await.unwrap();
    device_codes::approve(
        svc,
        approver,
        &started.user_code.display(),
        &client(SAFARI_IPHONE, LONDON_IP),
        now,
    )
    .await
    .unwrap();
    started.device_code
}

/// The device collects its approved code: the session it signs in with.
async fn collect(
    svc: &domain::Services,
    code: &str,
    asking: &ClientInfo,
    now: chrono::DateTime<Utc>,
) -> domain::sessions::CurrentSession {
    let Poll::Approved(signed) = device_codes::poll(svc, code, asking, now).await.unwrap() else {
        panic!("the code did not sign the device in");
    };
    current(svc, &signed.token).await.unwrap()
}

#[tokio::test]
async fn an_approved_code_not_yet_collected_dies_with_every_sign_out_of_others() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let mut phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let here = client(SAFARI_IPHONE, LONDON_IP);

            let code = approved_code(&svc, &phone, now).await;
            auth::sign_out_all(&svc, &phone, &here, now).await.unwrap();
            assert!(
                matches!(
                    device_codes::poll(&svc, &code, &tv(), now).await.unwrap(),
                    Poll::Expired
                ),
                "{}: sign out of all devices",
                t.label
            );

            let signed = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap();
            phone = current(&svc, &signed.token).await.unwrap();
            let code = approved_code(&svc, &phone, now).await;
            domain::auth::change_password(
                &svc,
                &mut phone,
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &domain::password::NewPassword::parse("a new and better passphrase").unwrap(),
                true,
                &here,
                now,
            )
            .await
            .unwrap();
            assert!(
                matches!(
                    device_codes::poll(&svc, &code, &tv(), now).await.unwrap(),
                    Poll::Expired
                ),
                "{}: a password change that signs out the others",
                t.label
            );
            assert_eq!(
                domain::sessions::live_count(&svc.db, phone.account_id, now)
                    .await
                    .unwrap(),
                1,
                "{}: only the phone that changed the password",
                t.label
            );
        })
        .await;
    }
}

/// An approval whose session ended while the request ran (a sign-out of all devices or a
/// password reset by support committed first) must not hand the TV a session.
#[tokio::test]
async fn a_session_ended_meanwhile_cannot_approve_a_code() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let started = device_codes::start(&svc, &tv(), now).await.unwrap();
            // The phone's request read its session; then support reset the password.
            let ended = domain::auth::operator_reset_password(
                &svc.db,
                &svc.hasher,
                &svc.live,
                phone.account_id,
                &fresh(),
                now,
            )
            .await
            .unwrap();
            assert_eq!(ended, 1, "{}", t.label);
            let approved = device_codes::approve(
                &svc,
                &phone,
                &started.user_code.display(),
                &client(SAFARI_IPHONE, LONDON_IP),
                now,
            )
            .await;
            assert!(
                matches!(approved, Err(DomainError::Unauthenticated)),
                "{}: {approved:?}",
                t.label
            );
            assert!(
                matches!(
                    device_codes::poll(&svc, &started.device_code, &tv(), now)
                        .await
                        .unwrap(),
                    Poll::Pending { .. }
                ),
                "{}: the code stays unapproved",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn an_approved_code_expires_with_its_lifetime() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let phone = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let code = approved_code(&svc, &phone, now).await;
            let late = now + device_codes::LIFETIME + TimeDelta::seconds(1);
            assert!(
                matches!(
                    device_codes::poll(&svc, &code, &tv(), late).await.unwrap(),
                    Poll::Expired
                ),
                "{}",
                t.label
            );
        })
        .await;
    }
}

/// Anyone at a family laptop signed in for days could approve their own code: the session
/// it opens must not count as a fresh password entry.
#[tokio::test]
async fn a_session_from_a_code_must_enter_the_password_before_sensitive_actions() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let now = Utc::now();
            let app = client(SAFARI_IPHONE, LONDON_IP);
            let code = approved_code_for(&svc, &laptop, &app, now).await;
            let mut intruder = collect(&svc, &code, &app, now).await;
            // Whatever it looks like, a device signed in by code is a TV, and not fresh.
            assert_eq!(intruder.client, ClientKind::Tv, "{}", t.label);
            assert!(!intruder.recently_authenticated(&svc.policy, now));
            for (what, r) in [
                (
                    "sign out of all devices",
                    auth::sign_out_all(&svc, &intruder, &app, now)
                        .await
                        .map(|_| ()),
                ),
                (
                    "remove the parental PIN",
                    domain::parental::remove_account_pin(&svc, &intruder, &app, now).await,
                ),
                (
                    "deactivate the laptop",
                    devices::deactivate(&svc, &intruder, laptop.device_id, &app, now)
                        .await
                        .map(|_| ()),
                ),
            ] {
                assert!(
                    matches!(r, Err(DomainError::Forbidden | DomainError::ReauthRequired)),
                    "{}: {what}: {r:?}",
                    t.label
                );
            }
            // With the password typed on it, it may.
            auth::reauthenticate(
                &svc,
                &mut intruder,
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &app,
                now,
            )
            .await
            .unwrap();
            assert!(intruder.recently_authenticated(&svc.policy, now));
        })
        .await;
    }
}

#[tokio::test]
async fn a_tv_cannot_list_titles_to_block() {
    let t = testing::sqlite().await;
    testing::on(&t, async {
        let svc = t.services();
        let phone = signed_in(&svc, "ana@example.com").await;
        let now = Utc::now();
        let code = approved_code(&svc, &phone, now).await;
        let mut tv_session = collect(&svc, &code, &tv(), now).await;
        // Even with the password typed on the TV: a TV never edits parental controls.
        auth::reauthenticate(
            &svc,
            &mut tv_session,
            &domain::password::Password::parse(PASSWORD).unwrap(),
            &tv(),
            now,
        )
        .await
        .unwrap();
        let owner = owner(&svc, phone.account_id).await;
        assert!(matches!(
            domain::parental::suggest(&svc, &tv_session, owner.id, "the", now).await,
            Err(DomainError::Forbidden)
        ));
    })
    .await;
}

/// A burst of requests from one address gets no more codes than the allowance.
#[tokio::test]
async fn a_burst_of_code_requests_from_one_address_gets_the_allowance_and_no_more() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let now = Utc::now();
            let mut burst = tokio::task::JoinSet::new();
            for _ in 0..2 * domain::attempts::CODE_REQUESTS {
                let svc = svc.clone();
                burst.spawn(async move {
                    match device_codes::start(&svc, &tv(), now).await {
                        Ok(_) => true,
                        Err(DomainError::Throttled { .. }) => false,
                        Err(e) => panic!("{e:?}"),
                    }
                });
            }
            let granted = burst.join_all().await.into_iter().filter(|ok| *ok).count() as u64;
            let stored = device_code::Entity::find().count(&svc.db).await.unwrap();
            assert_eq!(stored, granted, "{}", t.label);
            // Simultaneous requests may refuse each other early; never more get through.
            assert!(
                granted <= domain::attempts::CODE_REQUESTS,
                "{}: {granted}",
                t.label
            );
            // What was refused is not counted: the address may still ask, up to the limit.
            let mut more = 0;
            while device_codes::start(&svc, &tv(), now).await.is_ok() {
                more += 1;
            }
            assert_eq!(
                granted + more,
                domain::attempts::CODE_REQUESTS,
                "{}",
                t.label
            );
        })
        .await;
    }
}

#[tokio::test]
async fn securing_the_account_leaves_this_session_alone_and_no_usable_tv_code() {
    for t in testing::all().await {
        testing::on(&t, async {
            let svc = t.services();
            let laptop = signed_in(&svc, "ana@example.com").await;
            let phone = sign_in(&svc, "ana@example.com", PASSWORD, SAFARI_IPHONE)
                .await
                .unwrap()
                .token;
            let now = Utc::now();
            // A TV code the intruder had approved and not collected yet.
            let started = device_codes::start(&svc, &tv(), now).await.unwrap();
            let typed = started.user_code.display();
            device_codes::approve(&svc, &laptop, &typed, &client(CHROME_LINUX, LONDON_IP), now)
                .await
                .unwrap();
            // A TV cannot do it.
            let tv_session = current(&svc, &{
                let other = device_codes::start(&svc, &tv(), now).await.unwrap();
                device_codes::approve(
                    &svc,
                    &laptop,
                    &other.user_code.display(),
                    &client(CHROME_LINUX, LONDON_IP),
                    now,
                )
                .await
                .unwrap();
                let Poll::Approved(signed) =
                    device_codes::poll(&svc, &other.device_code, &tv(), now)
                        .await
                        .unwrap()
                else {
                    panic!("the TV signs in");
                };
                signed.token
            })
            .await
            .unwrap();
            assert!(matches!(
                auth::secure_account(
                    &svc,
                    &mut tv_session.clone(),
                    &domain::password::Password::parse(PASSWORD).unwrap(),
                    &fresh(),
                    &tv(),
                    now
                )
                .await,
                Err(DomainError::Forbidden)
            ));

            let ended = auth::secure_account(
                &svc,
                &mut laptop.clone(),
                &domain::password::Password::parse(PASSWORD).unwrap(),
                &fresh(),
                &client(CHROME_LINUX, LONDON_IP),
                now,
            )
            .await
            .unwrap();
            assert_eq!(ended, 2, "{}: the phone and the TV", t.label);
            assert!(current(&svc, &phone).await.is_none());
            domain::sessions::settle(&svc.db, laptop.account_id, Utc::now())
                .await
                .unwrap();
            let still = domain::sessions::get(&svc.db, laptop.account_id, laptop.session_id)
                .await
                .unwrap();
            assert!(still.revoked_at.is_none(), "{}: this device stays", t.label);
            assert_eq!(
                domain::sessions::live_count(&svc.db, laptop.account_id, Utc::now())
                    .await
                    .unwrap(),
                1
            );
            assert!(
                matches!(
                    device_codes::poll(&svc, &started.device_code, &tv(), Utc::now())
                        .await
                        .unwrap(),
                    Poll::Expired
                ),
                "{}: the approved code signs nobody in",
                t.label
            );
            let e = &events::recent(&svc.db, laptop.account_id, 1).await.unwrap()[0];
            assert_eq!(e.kind, SecurityEventKind::AccountSecured);
            assert_eq!(
                e.detail.as_deref().and_then(Detail::read),
                Some(Detail::OthersSignedOut { count: 2 })
            );
            let mailed = domain::outbox::list(&svc.db, None, 1).await.unwrap();
            assert_eq!(mailed[0].event.kind, SecurityEventKind::AccountSecured);
        })
        .await;
    }
}
