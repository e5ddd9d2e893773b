//! The device API over HTTP: bearer tokens, JSON errors, scoping. On SQLite and PostgreSQL.

mod common;

use axum::http::{StatusCode, header};
use common::*;
use domain::entity::playback;
use domain::testing::within;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// A title any adult profile may play.
async fn a_title(h: &Harness) -> i64 {
    domain::entity::title::Entity::find()
        .all(&h.t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Café Solitude")
        .unwrap()
        .id
}

#[tokio::test]
async fn a_device_signs_in_reads_its_session_and_reports_a_stream() {
    for h in harnesses().await {
        let token = h.api_token("ana@example.com").await;
        let me = h.api("GET", "/api/v1/session", Some(&token), None).await;
        assert_eq!(me.status, StatusCode::OK, "{} {}", h.t.label, me.body);
        let me = me.json();
        assert_eq!(me["email"], "ana@example.com");
        assert_eq!(me["session"]["client"], "app");
        assert_eq!(me["device"]["kind"], "tv");
        assert_eq!(me["device"]["last_location"], "London, United Kingdom");
        let profile = me["profiles"][0]["id"].as_i64().unwrap();
        assert!(
            !me.to_string().contains(&token),
            "the token is never echoed"
        );

        let title = a_title(&h).await;
        let started = h
            .api(
                "POST",
                "/api/v1/playbacks",
                Some(&token),
                Some(&format!(r#"{{"title_id":{title},"profile_id":{profile}}}"#)),
            )
            .await;
        assert_eq!(
            started.status,
            StatusCode::CREATED,
            "{} {}",
            h.t.label,
            started.body
        );
        let id = started.json()["id"].as_i64().unwrap();
        assert_eq!(started.json()["heartbeat_interval_secs"], 30);

        let beat = h
            .api(
                "POST",
                &format!("/api/v1/playbacks/{id}/heartbeat"),
                Some(&token),
                Some(r#"{"position_secs":3}"#),
            )
            .await;
        assert_eq!(
            (beat.status, beat.json()["recorded"].as_bool()),
            (StatusCode::OK, Some(false)),
            "throttled"
        );

        let stop = h
            .api(
                "POST",
                &format!("/api/v1/playbacks/{id}/stop"),
                Some(&token),
                Some(r#"{"position_secs":42}"#),
            )
            .await;
        assert_eq!(stop.status, StatusCode::NO_CONTENT, "{}", stop.body);
        let row = playback::Entity::find_by_id(id)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.position_secs, row.ended_at.is_some()), (42, true));
        assert_eq!(
            (row.city.as_deref(), row.ip.as_deref()),
            (Some("London"), Some("81.2.69.142"))
        );

        let out = h
            .api("POST", "/api/v1/session/sign-out", Some(&token), None)
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let after = h.api("GET", "/api/v1/session", Some(&token), None).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED, "revoked at once");
    }
}

#[tokio::test]
async fn bad_tokens_are_401_with_a_json_error() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    for token in [None, Some(""), Some("nonsense"), Some(&*"A".repeat(43))] {
        let r = h.api("GET", "/api/v1/session", token, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(r.json()["error"]["code"], "unauthorized");
        assert_eq!(r.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
    // The browser's cookie is no key to the API.
    let cookie = h.sign_in().await;
    let mut req = axum::http::Request::get("/api/v1/session").header(header::COOKIE, cookie);
    req = req.header(header::ACCEPT, "application/json");
    let r = h.send(req.body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let wrong = h
        .api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"identifier":"ana@example.com","password":"wrong password"}"#),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"]["code"], "invalid_credentials");
}

#[tokio::test]
async fn other_accounts_ids_are_404_and_change_nothing() {
    for h in harnesses().await {
        h.create_account("bo@example.com").await;
        let ana = h.api_token("ana@example.com").await;
        let bo = h.api_token("bo@example.com").await;
        let title = a_title(&h).await;
        let bos_profile = h
            .api("GET", "/api/v1/session", Some(&bo), None)
            .await
            .json()["profiles"][0]["id"]
            .as_i64()
            .unwrap();
        let anas_profile = h
            .api("GET", "/api/v1/session", Some(&ana), None)
            .await
            .json()["profiles"][0]["id"]
            .as_i64()
            .unwrap();

        let start = h
            .api(
                "POST",
                "/api/v1/playbacks",
                Some(&ana),
                Some(&format!(
                    r#"{{"title_id":{title},"profile_id":{bos_profile}}}"#
                )),
            )
            .await;
        assert_eq!(
            start.status,
            StatusCode::NOT_FOUND,
            "{} {}",
            h.t.label,
            start.body
        );
        assert_eq!(start.json()["error"]["code"], "not_found");

        let bos_stream = h
            .api(
                "POST",
                "/api/v1/playbacks",
                Some(&bo),
                Some(&format!(
                    r#"{{"title_id":{title},"profile_id":{bos_profile}}}"#
                )),
            )
            .await
            .json()["id"]
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
        let unknown = h
            .api(
                "POST",
                "/api/v1/playbacks",
                Some(&ana),
                Some(&format!(
                    r#"{{"title_id":999999,"profile_id":{anas_profile}}}"#
                )),
            )
            .await;
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
async fn malformed_bodies_are_422_and_change_nothing() {
    for h in harnesses().await {
        let token = h.api_token("ana@example.com").await;
        let before = playback::Entity::find().count(&h.t.db).await.unwrap();
        for body in [
            "",
            "not json",
            r#"{"title_id":"one"}"#,
            r#"{"profile_id":1}"#,
            r#"{"title_id":1,"profile_id":1,"extra":true}"#,
            r#"[1,2,3]"#,
        ] {
            let r = h
                .api("POST", "/api/v1/playbacks", Some(&token), Some(body))
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{} {body:?}: {}",
                h.t.label,
                r.body
            );
            assert_eq!(r.json()["error"]["code"], "invalid");
        }
        // No profile chosen and none sent.
        let title = a_title(&h).await;
        let r = h
            .api(
                "POST",
                "/api/v1/playbacks",
                Some(&token),
                Some(&format!(r#"{{"title_id":{title}}}"#)),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("profile_id")
        );
        let r = h
            .api(
                "POST",
                "/api/v1/sessions",
                None,
                Some(r#"{"identifier":"ana@","password":"x"}"#),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            playback::Entity::find().count(&h.t.db).await.unwrap(),
            before,
            "{}",
            h.t.label
        );
    }
}

#[tokio::test]
async fn a_kids_profile_cannot_start_an_adult_title_through_the_api() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let token = h.api_token("ana@example.com").await;
    let account = h
        .api("GET", "/api/v1/session", Some(&token), None)
        .await
        .json()["profiles"][0]["id"]
        .as_i64()
        .unwrap();
    let owner = domain::entity::profile::Entity::find_by_id(account)
        .one(&h.t.db)
        .await
        .unwrap()
        .unwrap();
    let kid = domain::profiles::insert(
        &h.t.db,
        owner.account_id,
        domain::profiles::NewProfile {
            name: domain::profiles::ProfileName::parse("Kid").unwrap(),
            avatar: domain::profiles::Avatar::parse("blue").unwrap(),
            kids: true,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let adult = domain::entity::title::Entity::find()
        .all(&h.t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.maturity_rating == domain::entity::profile::MaturityLevel::Eighteen)
        .unwrap();
    let r = h
        .api(
            "POST",
            "/api/v1/playbacks",
            Some(&token),
            Some(&format!(
                r#"{{"title_id":{},"profile_id":{}}}"#,
                adult.id, kid.id
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "forbidden");
}

#[tokio::test]
async fn parental_controls_bind_the_device_api_at_once() {
    for h in harnesses().await {
        let token = h.api_token("ana@example.com").await;
        let profile = h
            .api("GET", "/api/v1/session", Some(&token), None)
            .await
            .json()["profiles"][0]["id"]
            .as_i64()
            .unwrap();
        let owner = domain::entity::profile::Entity::find_by_id(profile)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        let svc = h.state.services();
        let me =
            domain::sessions::authenticate(&svc.db, &svc.policy, &token, None, chrono::Utc::now())
                .await
                .unwrap()
                .unwrap();
        let ip = domain::ClientInfo::default();
        let now = chrono::Utc::now();
        let adult = domain::entity::title::Entity::find()
            .all(&h.t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.maturity_rating == domain::entity::profile::MaturityLevel::Eighteen)
            .unwrap();
        let start = |pin: Option<&str>| {
            let body = match pin {
                Some(p) => format!(
                    r#"{{"title_id":{},"profile_id":{profile},"pin":"{p}"}}"#,
                    adult.id
                ),
                None => format!(r#"{{"title_id":{},"profile_id":{profile}}}"#, adult.id),
            };
            let h = &h;
            let token = token.clone();
            async move {
                h.api("POST", "/api/v1/playbacks", Some(&token), Some(&body))
                    .await
            }
        };
        // A stream running when the parent lowers the level stops at its next heartbeat.
        let running = start(None).await.json()["id"].as_i64().unwrap();
        domain::parental::set_account_pin(
            svc,
            &me,
            &domain::pin::Pin::parse("2580").unwrap(),
            &ip,
            now,
        )
        .await
        .unwrap();
        domain::parental::set_maturity(
            svc,
            &me,
            owner.id,
            domain::entity::profile::MaturityLevel::Seven,
            &ip,
            now,
        )
        .await
        .unwrap();
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
        let beat = h
            .api(
                "POST",
                &format!("/api/v1/playbacks/{running}/heartbeat"),
                Some(&token),
                Some(r#"{"position_secs":60}"#),
            )
            .await;
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
    let profile = h
        .api("GET", "/api/v1/session", Some(&token), None)
        .await
        .json()["profiles"][0]["id"]
        .as_i64()
        .unwrap();
    let svc = h.state.services();
    let me = domain::sessions::authenticate(&svc.db, &svc.policy, &token, None, chrono::Utc::now())
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let ip = domain::ClientInfo::default();
    domain::parental::set_account_pin(
        svc,
        &me,
        &domain::pin::Pin::parse("2580").unwrap(),
        &ip,
        now,
    )
    .await
    .unwrap();
    domain::parental::set_maturity(
        svc,
        &me,
        profile,
        domain::entity::profile::MaturityLevel::All,
        &ip,
        now,
    )
    .await
    .unwrap();
    let title = domain::entity::title::Entity::find()
        .all(&h.t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.maturity_rating == domain::entity::profile::MaturityLevel::Eighteen)
        .unwrap()
        .id;
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

#[tokio::test]
async fn a_native_tv_app_signs_in_by_code_and_cannot_end_other_sessions() {
    for h in harnesses().await {
        let phone = h.api_token("ana@example.com").await;
        let started = h.api("POST", "/api/v1/device-codes", None, None).await;
        assert_eq!(
            started.status,
            StatusCode::CREATED,
            "{} {}",
            h.t.label,
            started.body
        );
        let s = started.json();
        let device_code = s["device_code"].as_str().unwrap().to_owned();
        let user_code = s["user_code"].as_str().unwrap().to_owned();
        assert!(
            s["verification_uri"]
                .as_str()
                .unwrap()
                .ends_with("/activate")
        );
        assert_eq!(s["expires_in"], 600);
        let poll = |code: String| {
            let h = &h;
            async move {
                h.api(
                    "POST",
                    "/api/v1/device-codes/poll",
                    None,
                    Some(&format!(r#"{{"device_code":"{code}"}}"#)),
                )
                .await
            }
        };
        assert_eq!(poll(device_code.clone()).await.json()["status"], "pending");

        let bad = h
            .api(
                "POST",
                "/api/v1/device-codes/approve",
                Some(&phone),
                Some(r#"{"user_code":"AAAA-0000"}"#),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = h
            .api(
                "POST",
                "/api/v1/device-codes/approve",
                Some(&phone),
                Some(&format!(r#"{{"user_code":"{user_code}"}}"#)),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{} {}", h.t.label, ok.body);
        assert_eq!(ok.json()["device_name"], "Smart TV");

        let approved = poll(device_code.clone()).await;
        assert_eq!(approved.json()["status"], "approved", "{}", approved.body);
        let tv = approved.json()["token"].as_str().unwrap().to_owned();
        let me = h
            .api("GET", "/api/v1/session", Some(&tv), None)
            .await
            .json();
        assert_eq!(
            (
                me["session"]["client"].as_str(),
                me["device"]["kind"].as_str()
            ),
            (Some("tv"), Some("tv"))
        );
        // Single use.
        assert_eq!(poll(device_code).await.status, StatusCode::GONE);

        // The TV cannot approve further TVs, and its own sign-out works.
        let again = h
            .api("POST", "/api/v1/device-codes", None, None)
            .await
            .json();
        let from_tv = h
            .api(
                "POST",
                "/api/v1/device-codes/approve",
                Some(&tv),
                Some(&format!(
                    r#"{{"user_code":"{}"}}"#,
                    again["user_code"].as_str().unwrap()
                )),
            )
            .await;
        assert_eq!(from_tv.status, StatusCode::FORBIDDEN);
        assert_eq!(
            h.api("POST", "/api/v1/session/sign-out", Some(&tv), None)
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            h.api("GET", "/api/v1/session", Some(&phone), None)
                .await
                .status,
            StatusCode::OK,
            "the phone stays"
        );
    }
}

#[tokio::test]
async fn a_tv_web_session_is_refused_account_wide_actions() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let phone = h.api_token("ana@example.com").await;
    let code = h
        .api("POST", "/api/v1/device-codes", None, None)
        .await
        .json();
    h.api(
        "POST",
        "/api/v1/device-codes/approve",
        Some(&phone),
        Some(&format!(
            r#"{{"user_code":"{}"}}"#,
            code["user_code"].as_str().unwrap()
        )),
    )
    .await;
    let tv = h
        .api(
            "POST",
            "/api/v1/device-codes/poll",
            None,
            Some(&format!(
                r#"{{"device_code":"{}"}}"#,
                code["device_code"].as_str().unwrap()
            )),
        )
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // The same token as a TV browser's cookie.
    let cookie = format!("kg_session={tv}");
    let everywhere = h
        .post_form("/api/sign_out_everywhere", &[], Some(&cookie), &[])
        .await;
    assert_eq!(
        everywhere.status,
        StatusCode::FORBIDDEN,
        "{}",
        everywhere.body
    );
    let phone_device = h
        .api("GET", "/api/v1/session", Some(&phone), None)
        .await
        .json()["device"]["id"]
        .to_string();
    let one = h
        .post_form(
            "/api/sign_out_device",
            &[("device_id", &phone_device)],
            Some(&cookie),
            &[],
        )
        .await;
    assert_eq!(one.status, StatusCode::FORBIDDEN, "{}", one.body);
    assert_eq!(h.live_sessions().await, 2, "nothing was signed out");
    let own = h
        .post_form("/api/tv_close_session", &[], Some(&cookie), &[])
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(h.live_sessions().await, 1);
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
        let me = domain::sessions::authenticate(&svc.db, &svc.policy, &token, None, now)
            .await
            .unwrap()
            .unwrap();
        let add = |name: &str| domain::profiles::NewProfile {
            name: domain::profiles::ProfileName::parse(name).unwrap(),
            avatar: domain::profiles::Avatar::parse("blue").unwrap(),
            kids: false,
        };
        let kid = domain::profiles::insert(&h.t.db, me.account_id, add("Kid"), now)
            .await
            .unwrap();
        let bo = domain::profiles::insert(&h.t.db, me.account_id, add("Bo"), now)
            .await
            .unwrap();
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
        let beat = h
            .api(
                "POST",
                &format!("/api/v1/playbacks/{running}/heartbeat"),
                Some(&token),
                Some(r#"{"position_secs":30}"#),
            )
            .await;
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
        let beat = h
            .api(
                "POST",
                &format!("/api/v1/playbacks/{on_bo}/heartbeat"),
                Some(&phone),
                Some(r#"{"position_secs":30}"#),
            )
            .await;
        assert_eq!(
            beat.status,
            StatusCode::FORBIDDEN,
            "{} {}",
            h.t.label,
            beat.body
        );
    }
}

/// A session's kind decides what it may do, so a requester cannot choose it: asking for a
/// code as an "app" (which would escape a TV's limits) is refused, and stores nothing.
#[tokio::test]
async fn a_code_cannot_be_asked_for_as_anything_but_a_tv() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let r = h
        .api(
            "POST",
            "/api/v1/device-codes",
            None,
            Some(r#"{"client":"app"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Only TVs")
    );
    use sea_orm::PaginatorTrait;
    let stored = domain::entity::device_code::Entity::find()
        .count(&h.t.db)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    let tv = h
        .api(
            "POST",
            "/api/v1/device-codes",
            None,
            Some(r#"{"client":"tv"}"#),
        )
        .await;
    assert_eq!(tv.status, StatusCode::CREATED, "{}", tv.body);
}
