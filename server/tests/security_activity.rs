//! The security activity's filters and its CSV and JSON downloads, over HTTP: what the
//! filter lets through, cells a spreadsheet would run made harmless, bad filters refused.

mod common;

use axum::http::StatusCode;
use common::*;

/// Signs in twice (the second browser is a new device), gets a wrong password and adds a
/// profile whose name a spreadsheet would take for a formula. Returns the first cookie.
async fn history(h: &Harness) -> String {
    let cookie = h.sign_in().await;
    h.sign_in().await;
    let wrong = h
        .post_form(
            "/api/sign_in",
            &[
                ("identifier", "ana@example.com"),
                ("password", "not it at all"),
            ],
            None,
            &[],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = h
        .post_form(
            "/api/add_profile",
            &[
                ("name", "=HYPERLINK(1)"),
                ("avatar", "blue"),
                ("password", PASSWORD),
            ],
            Some(&cookie),
            &[],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    cookie
}

#[tokio::test]
async fn the_downloads_hold_what_the_filter_shows_and_nothing_a_spreadsheet_runs() {
    for h in harnesses().await {
        let cookie = history(&h).await;

        let all = h
            .get("/account/security/activity.json", Some(&cookie))
            .await;
        assert_eq!(all.status, StatusCode::OK, "{}", all.body);
        assert!(
            all.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("security-activity.json")
        );
        let events = all.json();
        let kinds: Vec<&str> = events
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        for kind in [
            "sign_in",
            "new_device_sign_in",
            "sign_in_failed",
            "profile_added",
        ] {
            assert!(kinds.contains(&kind), "{}: {kind} in {kinds:?}", h.t.label);
        }
        assert!(events[0]["occurred_at"].as_str().unwrap().ends_with('Z'));

        // One kind only, in the CSV: the profile's name cannot run as a formula.
        let csv = h
            .get(
                "/account/security/activity.csv?kind=profile_added&device=&period=30",
                Some(&cookie),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let lines: Vec<&str> = csv.body.lines().collect();
        assert_eq!(
            lines[0],
            "Date (UTC),Event,Device,IP address,Approximate location,Details"
        );
        assert_eq!(lines.len(), 2, "{}: {}", h.t.label, csv.body);
        assert!(lines[1].contains("Profile added"), "{}", lines[1]);
        assert!(lines[1].contains("'=HYPERLINK(1) added"), "{}", lines[1]);
        assert!(!lines[1].contains(",=HYPERLINK"), "{}", lines[1]);

        // One device only: the second browser's sign-in and nothing of the first's.
        let account = h
            .session_of(cookie.split('=').nth(1).unwrap())
            .await
            .account_id;
        let devices = domain::devices::all(&h.t.db, account).await.unwrap();
        let newest = devices.iter().map(|d| d.id).max().unwrap();
        let one = h
            .get(
                &format!("/account/security/activity.json?device={newest}"),
                Some(&cookie),
            )
            .await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.body);
        let kinds: Vec<String> = one
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(kinds, ["new_device_sign_in"], "{}", h.t.label);

        // The page shows the same filter, and keeps it in its download links.
        let page = h
            .get("/account/security?kind=sign_in_failed", Some(&cookie))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body
                .contains(r#"class="event-what">Wrong password entered"#),
            "{}",
            page.body
        );
        assert!(
            !page
                .body
                .contains(r#"class="event-what">Signed in on a new device"#),
            "{}",
            h.t.label
        );
        assert!(
            page.body
                .contains("/account/security/activity.csv?kind=sign_in_failed")
        );
    }
}

#[tokio::test]
async fn a_filter_the_page_does_not_offer_is_refused() {
    let h = harness(domain::testing::sqlite().await, &[]).await;
    let cookie = h.sign_in().await;
    let bea = h.create_account("bea@example.com").await;
    let bea_device = domain::devices::register(
        &h.t.db,
        bea,
        &domain::ClientInfo::default(),
        domain::devices::describe(
            &domain::ClientInfo::default(),
            domain::entity::session::ClientKind::Web,
        ),
        String::new(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    for query in [
        "kind=everything".to_owned(),
        "period=5".to_owned(),
        "device=abc".to_owned(),
        // Another account's device is not one to filter by.
        format!("device={}", bea_device.id),
    ] {
        for path in [
            "/account/security/activity.csv",
            "/account/security/activity.json",
        ] {
            let r = h.get(&format!("{path}?{query}"), Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}?{query}");
            assert_eq!(
                r.body, "That filter is not one this page offers. Choose from its lists.",
                "{path}?{query}"
            );
        }
    }
    // Signed out: sign-in first.
    let r = h.get("/account/security/activity.csv", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}
