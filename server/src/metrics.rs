//! `/metrics` for Prometheus: requests by route, their latency, and the service's own
//! counters (`domain::counters`), with gauges read at each scrape (live channels open,
//! password hashes waiting, database connections in use).
//!
//! Never public by accident: on the public listener it answers only a scraper holding
//! `KINOGUARD_METRICS_TOKEN`; `KINOGUARD_METRICS_ADDR` serves it on a listener of its own.

use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::DbBackend;
use std::sync::OnceLock;
use std::time::Instant;

pub const PATH: &str = "/metrics";
pub const REQUESTS: &str = "kinoguard_http_requests_total";
pub const REQUEST_SECONDS: &str = "kinoguard_http_request_duration_seconds";
pub const LIVE_CHANNELS: &str = "kinoguard_live_channels_open";
pub const HASH_QUEUE: &str = "kinoguard_password_hash_queue_depth";
pub const POOL_CONNECTIONS: &str = "kinoguard_db_pool_connections";
pub const POOL_MAX: &str = "kinoguard_db_pool_max_connections";

/// From a static file's millisecond to a flooded sign-in's seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's recorder, installed on first use. One per process: the `metrics` macros
/// everywhere (the domain's included) write to it.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), LATENCY_BUCKETS)
            .expect("the latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder was installed first; /metrics stays empty");
        }
        describe();
        handle
    })
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        REQUESTS,
        "HTTP requests answered, by method, route template and status"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to answer, by method and route template"
    );
    describe_counter!(
        domain::counters::SIGN_INS,
        "Sign-ins, by method and outcome"
    );
    describe_counter!(
        domain::counters::THROTTLE_REFUSALS,
        "Guesses refused because an allowance was spent, by allowance"
    );
    describe_counter!(domain::counters::REVOCATIONS, "Sessions ended, by reason");
    describe_gauge!(LIVE_CHANNELS, "Live channels open on this instance");
    describe_gauge!(
        HASH_QUEUE,
        "Password hashes and checks waiting for a hashing thread"
    );
    describe_gauge!(
        POOL_CONNECTIONS,
        "Database connections of this instance, by state (idle, in_use)"
    );
    describe_gauge!(
        POOL_MAX,
        "The most database connections this instance opens"
    );
}

/// Counts and times every request, by the route template it matched.
pub async fn count(req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let route = crate::access_log::route(&req).to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::histogram!(REQUEST_SECONDS, "method" => method, "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!(REQUESTS, "method" => method, "route" => route, "status" => status)
        .increment(1);
    res
}

/// The methods the service answers, by name; any other (a client may send any token)
/// as one label, so that no request can add series to the metrics.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// `/metrics` on the public listener: only with the configured bearer token.
pub async fn public(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !bearer_matches(&headers, token) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a metrics token is needed",
        )
            .into_response();
    }
    render(&state)
}

/// The router of the listener kept for metrics (`KINOGUARD_METRICS_ADDR`): nothing else.
pub fn private_router(state: AppState) -> Router {
    Router::new()
        .route(
            PATH,
            get(|State(state): State<AppState>| async move { render(&state) }),
        )
        .with_state(state)
}

fn render(state: &AppState) -> Response {
    let handle = handle();
    let services = state.services();
    metrics::gauge!(LIVE_CHANNELS).set(state.live_channels.count() as f64);
    metrics::gauge!(HASH_QUEUE).set(services.hasher.queued() as f64);
    let (size, idle, max) = match services.db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = services.db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => {
            let pool = services.db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
    };
    let idle = idle as f64;
    metrics::gauge!(POOL_CONNECTIONS, "state" => "idle").set(idle);
    metrics::gauge!(POOL_CONNECTIONS, "state" => "in_use").set((f64::from(size) - idle).max(0.0));
    metrics::gauge!(POOL_MAX).set(f64::from(max));
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// The whole header compared, in time that does not depend on where it first differs.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let Some(sent) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (domain::token::hash(sent.trim()), domain::token::hash(token));
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
        && a.len() == b.len()
}
