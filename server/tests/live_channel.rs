//! `GET /api/live` over HTTP: Server-Sent Events for the cookie's own session, a sign-out
//! arriving as an event, caps per session and address, no cross-site use, and a clean end
//! at shutdown.

mod common;

use axum::body::{Body, BodyDataStream};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::*;
use domain::entity::session;
use domain::testing;
use futures_util::StreamExt;
use sea_orm::EntityTrait;
use sea_orm::sea_query::Expr;
use std::net::SocketAddr;
use std::time::Duration;
use tower::ServiceExt;

/// An open channel: its status and headers, and the body as it arrives.
struct Channel {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: BodyDataStream,
    seen: String,
}

impl Channel {
    /// Reads until `needle` has arrived, or fails after a second.
    async fn until(&mut self, needle: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        while !self.seen.contains(needle) {
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(bytes))) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(_) => panic!("the channel ended before {needle:?}: {}", self.seen),
                Err(_) => panic!("no {needle:?} within a second: {}", self.seen),
            }
        }
        self.seen.clone()
    }

    /// Whether the stream ends within a second.
    async fn ends(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        loop {
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(None) => return true,
                Ok(Some(Ok(bytes))) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Some(Err(e))) => panic!("{e}"),
                Err(_) => return false,
            }
        }
    }
}

async fn open(h: &Harness, cookie: Option<&str>, extra: &[(&str, &str)]) -> Channel {
    let mut req = Request::get(app::live::PATH).header(header::ACCEPT, "text/event-stream");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::empty()).unwrap();
    req.extensions_mut().insert(ConnectInfo(
        "81.2.69.142:50000".parse::<SocketAddr>().unwrap(),
    ));
    let res = testing::within(
        testing::STEP_LIMIT,
        "the live channel to answer",
        h.app.clone().oneshot(req),
    )
    .await
    .unwrap();
    Channel {
        status: res.status(),
        headers: res.headers().clone(),
        body: res.into_body().into_data_stream(),
        seen: String::new(),
    }
}

#[tokio::test]
async fn an_open_page_hears_sign_out_of_all_devices_as_an_event() {
    for h in harnesses().await {
        let laptop = h.sign_in().await;
        let phone = h.sign_in().await;
        let mut channel = open(&h, Some(&phone), &[]).await;
        assert_eq!(channel.status, StatusCode::OK, "{}", h.t.label);
        let h_ = &channel.headers;
        assert_eq!(h_[header::CONTENT_TYPE], "text/event-stream");
        assert_eq!(h_["x-accel-buffering"], "no");
        assert_eq!(h_[header::CACHE_CONTROL], "no-store");
        channel.until("retry:").await;

        let r = h
            .post_form("/api/sign_out_all", &[], Some(&laptop), &[])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{} {}", h.t.label, r.body);
        let seen = channel.until("data: {\"reason\":\"sign_out_all\"}").await;
        assert!(seen.contains("event: signed-out"), "{seen}");
        assert!(channel.ends().await, "{}: the channel closes", h.t.label);

        // Reconnecting with the dead cookie hears why at once, and nothing more.
        let mut again = open(&h, Some(&phone), &[]).await;
        assert_eq!(again.status, StatusCode::OK);
        again.until("\"sign_out_all\"").await;
        assert!(again.ends().await);
    }
}

#[tokio::test]
async fn a_sign_in_elsewhere_tells_the_open_pages_that_devices_changed() {
    for h in harnesses().await {
        let laptop = h.sign_in().await;
        let mut channel = open(&h, Some(&laptop), &[]).await;
        channel.until("retry:").await;
        h.sign_in().await;
        channel.until("event: devices-changed").await;
        assert!(
            !channel.ends().await,
            "{}: the laptop stays signed in",
            h.t.label
        );
    }
}

#[tokio::test]
async fn the_channel_needs_a_live_cookie_and_refuses_other_sites() {
    for h in harnesses().await {
        assert_eq!(open(&h, None, &[]).await.status, StatusCode::UNAUTHORIZED);
        let forged = format!("kg_session={}", "A".repeat(43));
        assert_eq!(
            open(&h, Some(&forged), &[]).await.status,
            StatusCode::UNAUTHORIZED
        );
        let cookie = h.sign_in().await;
        let cross = open(&h, Some(&cookie), &[("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN, "{}", h.t.label);
        let sibling = open(&h, Some(&cookie), &[("sec-fetch-site", "same-site")]).await;
        assert_eq!(sibling.status, StatusCode::FORBIDDEN, "a sibling subdomain");
        // A browser without Sec-Fetch-Site still names the page's origin.
        let hostile = open(&h, Some(&cookie), &[("origin", "https://evil.example")]).await;
        assert_eq!(hostile.status, StatusCode::FORBIDDEN, "another origin");
        let same = open(&h, Some(&cookie), &[("sec-fetch-site", "same-origin")]).await;
        assert_eq!(same.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_session_and_an_address_hold_a_bounded_number_of_channels() {
    for t in testing::all().await {
        let h = harness(
            t,
            &[
                ("KINOGUARD_LIVE_PER_SESSION", "2"),
                ("KINOGUARD_LIVE_PER_ADDRESS", "3"),
            ],
        )
        .await;
        let first = h.sign_in().await;
        let a = open(&h, Some(&first), &[]).await;
        let b = open(&h, Some(&first), &[]).await;
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
        let refused = open(&h, Some(&first), &[]).await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            h.t.label
        );
        let mut refused = refused;
        assert!(refused.ends().await);
        assert!(
            refused.seen.contains("Too many windows"),
            "{}",
            refused.seen
        );

        // Closing one frees its place.
        drop(a);
        let again = open(&h, Some(&first), &[]).await;
        assert_eq!(again.status, StatusCode::OK);

        // The address's allowance is shared by its sessions.
        let second = h.sign_in().await;
        let _c = open(&h, Some(&second), &[]).await;
        let mut refused = open(&h, Some(&second), &[]).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.ends().await);
        assert!(refused.seen.contains("your network"), "{}", refused.seen);
        drop((b, again));
    }
}

#[tokio::test]
async fn an_open_channel_does_not_keep_its_session_from_going_idle() {
    for h in harnesses().await {
        let cookie = h.sign_in().await;
        // Last used long enough ago that any use now would move its idle expiry.
        let long_ago = chrono::Utc::now() - chrono::TimeDelta::minutes(10);
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(long_ago))
            .exec(&h.t.db)
            .await
            .unwrap();
        let before = session::Entity::find()
            .all(&h.t.db)
            .await
            .unwrap()
            .remove(0);
        let mut channel = open(&h, Some(&cookie), &[]).await;
        channel.until("retry:").await;
        let after = session::Entity::find_by_id(before.id)
            .one(&h.t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.last_seen_at, before.last_seen_at, "{}", h.t.label);
        assert_eq!(after.idle_expires_at, before.idle_expires_at);
    }
}

#[tokio::test]
async fn shutting_down_ends_every_open_channel_and_refuses_new_ones() {
    for h in harnesses().await {
        let cookie = h.sign_in().await;
        let mut channel = open(&h, Some(&cookie), &[]).await;
        channel.until("retry:").await;
        assert_eq!(h.state.live_channels.count(), 1);
        h.state.live_channels.close_all();
        assert!(channel.ends().await, "{}", h.t.label);
        assert_eq!(h.state.live_channels.count(), 0);
        assert_eq!(
            open(&h, Some(&cookie), &[]).await.status,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}

#[tokio::test]
async fn every_channel_first_names_the_serving_release() {
    let h = harness(testing::sqlite().await, &[]).await;
    let cookie = h.sign_in().await;
    let mut channel = open(&h, Some(&cookie), &[]).await;
    assert_eq!(channel.status, StatusCode::OK);
    let release = h.state.context.release.to_string();
    assert!(!release.is_empty());
    let seen = channel
        .until(&format!("event: release\ndata: \"{release}\"\n"))
        .await;
    // Before any news: a page learns it is stale before it acts on anything.
    assert_eq!(seen.find("event: "), seen.find("event: release"), "{seen}");
}
