//! A page left open from an older release: it names the release that served it, and a
//! server function of its release that this one lacks answers "release changed" instead
//! of a page or a cryptic error.

mod common;

use app::error::AppError;
use axum::http::{StatusCode, header};
use common::*;
use domain::testing;

#[tokio::test]
async fn a_page_names_its_release_and_a_gone_server_function_says_the_release_changed() {
    let h = harness(testing::sqlite().await, &[]).await;
    let release = h.state.context.release.to_string();
    let page = h.get("/login", None).await;
    assert!(
        page.body.contains(&format!(
            "<meta name=\"kinoguard-release\" content=\"{release}\""
        )),
        "{}",
        page.body
    );

    // The wasm client asks for JSON: it gets the error it knows how to act on.
    let cookie = h.sign_in().await;
    let gone = h
        .post_form(
            "/api/sign_out_device_of_an_older_release",
            &[("device_id", "1")],
            Some(&cookie),
            &[],
        )
        .await;
    assert_eq!(gone.status, StatusCode::GONE, "{}", gone.body);
    assert_eq!(
        serde_json::from_str::<AppError>(&gone.body).unwrap(),
        AppError::ReleaseChanged
    );
    assert_eq!(h.live_sessions().await, 1, "nothing was done");

    // Without JavaScript, the form's page is served again (now by this release).
    let back = h
        .post_form(
            "/api/sign_out_device_of_an_older_release",
            &[("device_id", "1")],
            Some(&cookie),
            &[
                ("accept", "text/html"),
                ("host", "kinoguard.example"),
                ("referer", "https://kinoguard.example/account/devices"),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.headers[header::LOCATION], "/account/devices");
    for hostile in [
        "https://evil.example/account",
        "https://kinoguard.example.evil.example/x",
        "https://kinoguard.example//evil.example/x",
    ] {
        let r = h
            .post_form(
                "/api/gone",
                &[],
                Some(&cookie),
                &[
                    ("accept", "text/html"),
                    ("host", "kinoguard.example"),
                    ("referer", hostile),
                ],
            )
            .await;
        assert_eq!(r.headers[header::LOCATION], "/", "{hostile}");
    }

    // This release's own functions and the device API are untouched by the catch-all.
    let out = h.post_form("/api/sign_out", &[], Some(&cookie), &[]).await;
    assert!(out.status.is_success(), "{} {}", out.status, out.body);
    let api = h.api("GET", "/api/v1/session", None, None).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED, "{}", api.body);
    // An address the device API lacks is the API's own 404, not a release change.
    for method in ["GET", "POST"] {
        let missing = h.api(method, "/api/v1/no-such-endpoint", None, None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        assert_eq!(
            missing.json()["error"]["code"],
            "not_found",
            "{}",
            missing.body
        );
    }
}
