//! What an operator sees: the access log and its request ids, `/metrics` and who may read
//! it, and readiness apart from liveness.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use domain::testing;
use sea_orm::ConnectionTrait;
use server::logging::{self, LogFormat};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Log lines written while the guard lives, on this thread (the test's runtime).
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Lines {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    fn json(&self) -> Vec<serde_json::Value> {
        self.text()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// The lines logged under `request_id`.
    fn of(&self, request_id: &str) -> Vec<serde_json::Value> {
        self.json()
            .into_iter()
            .filter(|l| l["span"]["request_id"] == request_id)
            .collect()
    }
}

fn request_id(r: &Reply) -> String {
    r.headers
        .get("x-request-id")
        .expect("an X-Request-Id header")
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn each_request_is_logged_by_its_route_template_under_the_id_it_answers_with() {
    let h = harness(testing::sqlite().await, &[]).await;
    let cookie = h.sign_in().await;
    let lines = Lines::default();
    let _guard = logging::capture(LogFormat::Json, {
        let lines = lines.clone();
        move || lines.clone()
    });

    // A download whose address holds an id and a query string: neither is logged.
    let r = h
        .get(
            "/account/profiles/1/viewing-activity.csv?secret=do-not-log-me",
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = request_id(&r);
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let logged = lines.of(&id);
    assert_eq!(logged.len(), 1, "{}", lines.text());
    let line = &logged[0];
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["fields"]["message"], "served");
    assert_eq!(line["fields"]["status"], 200);
    assert!(line["fields"]["latency_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(line["span"]["method"], "GET");
    assert_eq!(
        line["span"]["route"],
        "/account/profiles/{id}/viewing-activity.csv"
    );
    assert_eq!(line["span"]["client"], "81.2.69.142");
    let all = lines.text();
    assert!(!all.contains("do-not-log-me"), "{all}");
    let session = cookie.split_once('=').unwrap().1;
    assert!(
        !all.contains(session),
        "the session token was logged: {all}"
    );

    // Every request gets its own id; a client's own is not believed.
    let mut req = Request::get("/login").header("x-request-id", "chosen-by-the-client");
    req = req.header(header::ACCEPT, "text/html");
    let r2 = h.send(req.body(Body::empty()).unwrap()).await;
    let id2 = request_id(&r2);
    assert_ne!(id2, "chosen-by-the-client");
    assert_ne!(id2, id);
    assert_eq!(lines.of(&id2)[0]["span"]["route"], "/login");
    assert!(!lines.text().contains("chosen-by-the-client"));

    // A request no route matched is logged without its path.
    let r3 = h.get("/no-such-page?token=abc", None).await;
    assert_eq!(r3.status, StatusCode::NOT_FOUND);
    let line = &lines.of(&request_id(&r3))[0];
    assert_eq!(line["span"]["route"], server::access_log::UNMATCHED);
    assert_eq!(line["fields"]["status"], 404);
    assert!(!lines.text().contains("no-such-page"));
}

#[tokio::test]
async fn a_trusted_proxys_request_id_is_kept_and_every_line_of_the_request_carries_it() {
    // The harness's requests come from 81.2.69.142, here a trusted proxy.
    let h = harness(
        testing::sqlite().await,
        &[("KINOGUARD_TRUSTED_PROXIES", "81.2.69.0/24")],
    )
    .await;
    let lines = Lines::default();
    let _guard = logging::capture(LogFormat::Json, {
        let lines = lines.clone();
        move || lines.clone()
    });
    // The database is gone: the readiness check logs why, under the request's id.
    let req = Request::get("/readyz")
        .header("x-request-id", "lb-7f3a9c")
        .header("x-forwarded-for", "203.0.113.9")
        .body(Body::empty())
        .unwrap();
    h.t.db.clone().close().await.unwrap();
    let r = h.send(req).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(request_id(&r), "lb-7f3a9c");
    let logged = lines.of("lb-7f3a9c");
    assert_eq!(logged.len(), 2, "{}", lines.text());
    assert_eq!(logged[0]["level"], "ERROR");
    assert!(
        logged[0]["fields"]["message"]
            .as_str()
            .unwrap()
            .contains("database unreachable")
    );
    assert_eq!(logged[1]["fields"]["status"], 503);
    assert_eq!(logged[1]["span"]["client"], "203.0.113.9");

    // Even from the proxy, an id that is not plainly an id is replaced.
    let req = Request::get("/healthz")
        .header("x-request-id", "a b\" injected=1")
        .body(Body::empty())
        .unwrap();
    let r = h.send(req).await;
    assert_eq!(request_id(&r).len(), 36);
}

#[tokio::test]
async fn the_text_log_names_the_route_and_the_request_id_too() {
    let h = harness(testing::sqlite().await, &[]).await;
    let lines = Lines::default();
    let _guard = logging::capture(LogFormat::Text, {
        let lines = lines.clone();
        move || lines.clone()
    });
    let r = h.get("/login", None).await;
    let id = request_id(&r);
    let text = lines.text();
    let line = text
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("no line with {id}: {text}"));
    for part in [
        "method=GET",
        "route=\"/login\"",
        "status=200",
        "latency_ms=",
        "served",
    ] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
}

const TOKEN: &str = "scraper-secret-0123456789abcdef";

#[tokio::test]
async fn metrics_need_the_token_on_the_public_listener() {
    let h = harness(testing::sqlite().await, &[]).await;
    assert_eq!(
        h.get("/metrics", None).await.status,
        StatusCode::NOT_FOUND,
        "without a token configured, the public listener has no metrics"
    );

    let h = harness(
        testing::sqlite().await,
        &[("KINOGUARD_METRICS_TOKEN", TOKEN)],
    )
    .await;
    for auth in [
        None,
        Some("Bearer wrong-token-0123456789abcdef"),
        Some(TOKEN),
    ] {
        let mut req = Request::get("/metrics");
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        let r = h.send(req.body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(!r.body.contains("kinoguard_"));
    }
}

async fn scrape(h: &Harness) -> String {
    let r = h
        .send(
            Request::get("/metrics")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    r.body
}

/// The value of the sample `name{labels}` (labels as Prometheus writes them, sorted as
/// given), or 0 when it is absent.
fn sample(body: &str, series: &str) -> f64 {
    body.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0.0, |v| v.trim().parse().unwrap())
}

#[tokio::test]
async fn metrics_count_requests_sign_ins_refusals_and_revocations() {
    for t in testing::all().await {
        let h = harness(t, &[("KINOGUARD_METRICS_TOKEN", TOKEN)]).await;
        let before = scrape(&h).await;

        assert_eq!(h.get("/login", None).await.status, StatusCode::OK);
        let cookie = h.sign_in().await;
        let wrong = h
            .post_form(
                "/api/sign_in",
                &[
                    ("identifier", "ana@example.com"),
                    ("password", "not the password"),
                ],
                None,
                &[],
            )
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.body
        );
        // TV codes asked for from one address, past its allowance.
        let now = chrono::Utc::now();
        let scope = domain::attempts::Scope::code_request(
            Some("198.51.100.4".parse().unwrap()),
            chrono::TimeDelta::minutes(15),
        );
        let mut refused = 0;
        for _ in 0..=domain::attempts::CODE_REQUESTS {
            if domain::attempts::reserve(&h.t.db, std::slice::from_ref(&scope), now)
                .await
                .is_err()
            {
                refused += 1;
            }
        }
        assert_eq!(refused, 1);
        let out = h.post_form("/api/sign_out", &[], Some(&cookie), &[]).await;
        assert!(out.status.is_success(), "{} {}", out.status, out.body);

        // A method nobody uses adds no series of its own.
        let odd = h
            .send(
                Request::builder()
                    .method("FOOBARBAZ")
                    .uri("/login")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(odd.status, StatusCode::METHOD_NOT_ALLOWED);

        let after = scrape(&h).await;
        let grew = |series: &str| sample(&after, series) - sample(&before, series);
        assert_eq!(
            grew(r#"kinoguard_http_requests_total{method="GET",route="/login",status="200"}"#),
            1.0,
            "{after}"
        );
        assert!(
            grew(r#"kinoguard_http_request_duration_seconds_count{method="GET",route="/login"}"#)
                >= 1.0,
            "{after}"
        );
        assert!(after.contains(r#"kinoguard_http_request_duration_seconds_bucket{method="GET",route="/login",le="0.005"}"#), "{after}");
        assert_eq!(
            grew(r#"kinoguard_sign_ins_total{method="password",outcome="signed_in"}"#),
            1.0
        );
        assert_eq!(
            grew(r#"kinoguard_sign_ins_total{method="password",outcome="wrong_credentials"}"#),
            1.0
        );
        assert_eq!(
            grew(r#"kinoguard_throttle_refusals_total{allowance="code-request"}"#),
            1.0
        );
        assert_eq!(
            grew(r#"kinoguard_sessions_revoked_total{reason="sign_out"}"#),
            1.0
        );
        assert!(!after.contains("FOOBARBAZ"), "{after}");
        assert!(
            grew(r#"kinoguard_http_requests_total{method="other",route="/login",status="405"}"#)
                == 1.0,
            "{after}"
        );
        for gauge in [
            "kinoguard_live_channels_open 0",
            "kinoguard_password_hash_queue_depth 0",
            r#"kinoguard_db_pool_connections{state="in_use"}"#,
            "kinoguard_db_pool_max_connections ",
            "# HELP kinoguard_sign_ins_total Sign-ins, by method and outcome",
        ] {
            assert!(after.contains(gauge), "{gauge} missing: {after}");
        }
    }
}

#[tokio::test]
async fn the_metrics_listener_serves_metrics_and_nothing_else() {
    let h = harness(
        testing::sqlite().await,
        &[("KINOGUARD_METRICS_ADDR", "127.0.0.1:9100")],
    )
    .await;
    let private = server::metrics::private_router(h.state.clone());
    let r = answer(
        private.clone(),
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("kinoguard_live_channels_open"),
        "{}",
        r.body
    );
    let page = answer(private, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // And the public listener does not serve them without a token.
    assert_eq!(h.get("/metrics", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn readiness_needs_the_database_and_every_migration_while_liveness_does_not() {
    for h in harnesses().await {
        let ready = h.get("/readyz", None).await;
        assert_eq!(
            (ready.status, ready.body.as_str()),
            (StatusCode::OK, "ready")
        );

        // An older release's database: the newest migration is missing.
        let newest = domain::migrate::status(&h.t.db)
            .await
            .unwrap()
            .pop()
            .unwrap();
        assert!(newest.applied);
        let forget = |sql: &str| sql.replace("{}", &newest.name);
        h.t.db
            .execute_unprepared(&forget("DELETE FROM seaql_migrations WHERE version = '{}'"))
            .await
            .unwrap();
        let behind = h.get("/readyz", None).await;
        assert_eq!(
            (behind.status, behind.body.as_str()),
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "1 database migrations pending"
            ),
            "{}",
            h.t.label
        );
        h.t.db
            .execute_unprepared(&forget(
                "INSERT INTO seaql_migrations (version, applied_at) VALUES ('{}', 0)",
            ))
            .await
            .unwrap();
        assert_eq!(h.get("/readyz", None).await.status, StatusCode::OK);

        // A newer release's database: a migration this one does not know.
        h.t.db
            .execute_unprepared(
                "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000099_later', 0)",
            )
            .await
            .unwrap();
        let ahead = h.get("/readyz", None).await;
        assert_eq!(
            (ahead.status, ahead.body.as_str()),
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database migrations unreadable or newer than this release"
            ),
            "{}",
            h.t.label
        );

        h.t.db.clone().close().await.unwrap();
        let gone = h.get("/readyz", None).await;
        assert_eq!(
            (gone.status, gone.body.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
            "{}",
            h.t.label
        );
        let live = h.get("/healthz", None).await;
        assert_eq!((live.status, live.body.as_str()), (StatusCode::OK, "ok"));
    }
}
