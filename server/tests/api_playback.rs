//! The device API's streams over HTTP: scoped to the account, bound by parental controls
//! and profile locks, PINs throttled. On SQLite and PostgreSQL.

mod common;

use axum::http::{StatusCode, header};
use common::*;
use domain::entity::playback;
use domain::testing::within;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn other_accounts_ids_are_404_and_change_nothing() {
    for h in harnesses().await {
        h.create_account("bo@example.com").await;
        let ana = h.api_token("ana@example.com").await;
        let bo = h.api_token("bo@example.com").await;
        let title = h.title_named("Café Solitude").await;
        let bos_profile = h.owner_profile(&bo).await;
        let anas_profile = h.owner_profile(&ana).await;

        let start = h.start_stream(&ana, title, bos_profile, None).await;
        assert_eq!(
            start.status,
            StatusCode::NOT_FOUND,
            "{} {}",
            h.t.label,
            start.body
        );
        assert_eq!(start.json()["error"]["code"], "not_found");

        let bos_stream = h.start_stream(&bo, title, bos_profile, None).await.json()["id"]
            .as_i64()
            .unwrap();
        for action in ["heartbeat", "stop"] {
            let r = h
                .api(
                    "POST",
                    &format!("/api/v1/playbacks/{bos_stream}/{action}"),
                    Some(&ana),
                    Some(r#"{"position_secs":9}"#),
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{} {action}", h.t.label);
        }
        let row = playback::Entity::find_by_id(bos_stream)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.ended_at, row.position_secs), (None, 0), "unchanged");

        // Unknown title, unknown stream, a non-numeric id.
        let unknown = h.start_stream(&ana, 999999, anas_profile, None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let nan = h
            .api(
                "POST",
                "/api/v1/playbacks/abc/stop",
                Some(&ana),
                Some(r#"{"position_secs":1}"#),
            )
            .await;
        assert_eq!(nan.status, StatusCode::NOT_FOUND);
        assert_eq!(nan.json()["error"]["code"], "not_found");
        let nowhere = h.api("GET", "/api/v1/nowhere", Some(&ana), None).await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
        assert_eq!(nowhere.json()["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn a_kids_profile_cannot_start_an_adult_title_through_the_api() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let token = h.api_token("ana@example.com").await;
    let account = h.owner_profile(&token).await;
    let owner = domain::entity::profile::Entity::find_by_id(account)
        .one(&h.t.db)
        .await
        .unwrap()
        .unwrap();
    let kid = h.add_profile(owner.account_id, "Kid", true).await;
    let adult = h.adult_title().await;
    let r = h.start_stream(&token, adult.id, kid.id, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "forbidden");
}

#[tokio::test]
async fn parental_controls_bind_the_device_api_at_once() {
    for h in harnesses().await {
        let token = h.api_token("ana@example.com").await;
        let profile = h.owner_profile(&token).await;
        let owner = domain::entity::profile::Entity::find_by_id(profile)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        let svc = h.state.services();
        let me = h.session_of(&token).await;
        let ip = domain::ClientInfo::default();
        let now = chrono::Utc::now();
        let adult = h.adult_title().await;
        let start = |pin: Option<&'static str>| h.start_stream(&token, adult.id, profile, pin);
        // A stream running when the parent lowers the level stops at its next heartbeat.
        let running = start(None).await.json()["id"].as_i64().unwrap();
        h.set_parental(
            &token,
            "2580",
            owner.id,
            domain::entity::profile::MaturityLevel::Seven,
        )
        .await;
        // Let the heartbeat be past the throttle so it is really checked.
        use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
        domain::entity::playback::Entity::update_many()
            .col_expr(
                domain::entity::playback::Column::LastHeartbeatAt,
                Expr::value(now - chrono::TimeDelta::minutes(1)),
            )
            .filter(domain::entity::playback::Column::Id.eq(running))
            .exec(&h.t.db)
            .await
            .unwrap();
        let beat = h.heartbeat(&token, running, 60).await;
        assert_eq!(
            beat.status,
            StatusCode::FORBIDDEN,
            "{} {}",
            h.t.label,
            beat.body
        );

        let no_pin = start(None).await;
        assert_eq!(
            (no_pin.status, no_pin.json()["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("pin_required"))
        );
        let bad = start(Some("12a4")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("letters are not allowed")
        );
        let wrong = start(Some("1111")).await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.body
        );
        let right = start(Some("2580")).await;
        assert_eq!(
            right.status,
            StatusCode::CREATED,
            "{} {}",
            h.t.label,
            right.body
        );

        // Blocked: refused even with the PIN.
        domain::parental::block_title(svc, &me, owner.id, adult.id, &ip, now)
            .await
            .unwrap();
        let blocked = start(Some("2580")).await;
        assert_eq!(
            (blocked.status, blocked.json()["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden"))
        );
    }
}

/// A device signed in on an account whose owner profile needs the parental PIN "2580" for
/// 18+ titles: its token and the body that starts an 18+ title with `pin`.
async fn pin_guarded_title(h: &Harness) -> (String, impl Fn(&str) -> String) {
    let token = h.api_token("ana@example.com").await;
    let profile = h.owner_profile(&token).await;
    h.set_parental(
        &token,
        "2580",
        profile,
        domain::entity::profile::MaturityLevel::All,
    )
    .await;
    let title = h.adult_title().await.id;
    let body =
        move |pin: &str| format!(r#"{{"title_id":{title},"profile_id":{profile},"pin":"{pin}"}}"#);
    (token, body)
}

#[tokio::test]
async fn five_wrong_pins_through_the_api_answer_429_with_the_time() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let (token, body) = pin_guarded_title(&h).await;
    let mut last = None;
    for _ in 0..5 {
        last = Some(
            h.api(
                "POST",
                "/api/v1/playbacks",
                Some(&token),
                Some(&body("0000")),
            )
            .await,
        );
    }
    let last = last.unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS, "{}", last.body);
    assert_eq!(last.json()["error"]["code"], "pin_throttled");
    assert!(
        last.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Try again at")
    );
}

/// 10 000 parallel guesses used to try the whole PIN space in one burst.
#[tokio::test]
async fn a_burst_of_fifty_pins_through_the_api_gets_five_checked_at_most() {
    for h in harnesses().await {
        let (token, body) = pin_guarded_title(&h).await;
        let mut burst = tokio::task::JoinSet::new();
        for i in 0..50 {
            let guess = body(&format!("{:04}", 3000 + i));
            let req = axum::http::Request::post("/api/v1/playbacks")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(guess))
                .unwrap();
            burst.spawn(within(
                domain::testing::STEP_LIMIT,
                "POST /api/v1/playbacks",
                answer(h.app.clone(), req),
            ));
        }
        while let Some(r) = burst.join_next().await {
            let r = r.unwrap();
            let code = r.json()["error"]["code"].as_str().unwrap_or("").to_owned();
            assert!(
                code == "invalid" || code == "pin_throttled",
                "{}: {} {}",
                h.t.label,
                r.status,
                r.body
            );
        }
        let checked = domain::entity::security_event::Entity::find()
            .filter(
                domain::entity::security_event::Column::Kind
                    .eq(domain::entity::security_event::SecurityEventKind::PinFailed),
            )
            .count(&h.t.db)
            .await
            .unwrap();
        assert!(checked <= 5, "{}: {checked} PINs were checked", h.t.label);
    }
}

/// A locked profile plays through the API only with its PIN, which switches the session to
/// it; locking a profile stops another device's stream of it at its next heartbeat.
#[tokio::test]
async fn a_locked_profile_streams_through_the_api_only_with_its_pin() {
    for h in harnesses().await {
        let token = h.api_token("ana@example.com").await;
        let svc = h.state.services();
        let now = chrono::Utc::now();
        let ip = domain::ClientInfo::default();
        let me = h.session_of(&token).await;
        let kid = h.add_profile(me.account_id, "Kid", false).await;
        let bo = h.add_profile(me.account_id, "Bo", false).await;
        let lock = domain::pin::Pin::parse("4321").unwrap();
        domain::parental::set_profile_lock(svc, &me, kid.id, &lock, &ip, now)
            .await
            .unwrap();
        let streams = || async {
            domain::entity::playback::Entity::find()
                .all(&h.t.db)
                .await
                .unwrap()
                .len()
        };
        let start = |token: &str, body: String| {
            let (h, token) = (&h, token.to_owned());
            async move {
                h.api("POST", "/api/v1/playbacks", Some(&token), Some(&body))
                    .await
            }
        };

        let refused = start(
            &token,
            format!(r#"{{"title_id":1,"profile_id":{}}}"#, kid.id),
        )
        .await;
        assert_eq!(
            (refused.status, refused.json()["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("lock_pin_required")),
            "{} {}",
            h.t.label,
            refused.body
        );
        let wrong = start(
            &token,
            format!(
                r#"{{"title_id":1,"profile_id":{},"lock_pin":"1111"}}"#,
                kid.id
            ),
        )
        .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.body
        );
        assert_eq!(streams().await, 0, "{}: nothing played", h.t.label);

        let right = start(
            &token,
            format!(
                r#"{{"title_id":1,"profile_id":{},"lock_pin":"4321"}}"#,
                kid.id
            ),
        )
        .await;
        assert_eq!(right.status, StatusCode::CREATED, "{}", right.body);
        let session = h.api("GET", "/api/v1/session", Some(&token), None).await;
        assert_eq!(session.json()["session"]["profile_id"], kid.id);
        let running = right.json()["id"].as_i64().unwrap();
        let beat = h.heartbeat(&token, running, 30).await;
        assert_eq!(beat.status, StatusCode::OK, "{}", beat.body);

        // Another device streams Bo; the parent locks Bo; that stream is stopped.
        let phone = h.api_token("ana@example.com").await;
        let on_bo = start(
            &phone,
            format!(r#"{{"title_id":1,"profile_id":{}}}"#, bo.id),
        )
        .await;
        assert_eq!(on_bo.status, StatusCode::CREATED, "{}", on_bo.body);
        let on_bo = on_bo.json()["id"].as_i64().unwrap();
        domain::parental::set_profile_lock(svc, &me, bo.id, &lock, &ip, now)
            .await
            .unwrap();
        let beat = h.heartbeat(&phone, on_bo, 30).await;
        assert_eq!(
            beat.status,
            StatusCode::FORBIDDEN,
            "{} {}",
            h.t.label,
            beat.body
        );
    }
}
