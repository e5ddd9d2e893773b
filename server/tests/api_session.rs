//! The device API's sessions over HTTP: signing in, bearer tokens, JSON errors. On
//! SQLite and PostgreSQL.

mod common;

use axum::http::{StatusCode, header};
use common::*;
use domain::entity::playback;
use sea_orm::{EntityTrait, PaginatorTrait};

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

        let title = h.title_named("Café Solitude").await;
        let started = h.start_stream(&token, title, profile, None).await;
        assert_eq!(
            started.status,
            StatusCode::CREATED,
            "{} {}",
            h.t.label,
            started.body
        );
        let id = started.json()["id"].as_i64().unwrap();
        assert_eq!(started.json()["heartbeat_interval_secs"], 30);

        let beat = h.heartbeat(&token, id, 3).await;
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
        let title = h.title_named("Café Solitude").await;
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
