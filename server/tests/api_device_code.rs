//! The device API's TV sign-in by code over HTTP, and what a TV session may not do. On
//! SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::*;
use sea_orm::EntityTrait;

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

        let bad = h.approve_code(&phone, "AAAA-0000").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = h.approve_code(&phone, &user_code).await;
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
            .approve_code(&tv, again["user_code"].as_str().unwrap())
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
    let tv = h.tv_signed_in_by(&phone).await;
    // The same token as a TV browser's cookie.
    let cookie = format!("kg_session={tv}");
    let everywhere = h
        .post_form("/api/sign_out_all", &[], Some(&cookie), &[])
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
