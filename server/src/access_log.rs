//! The access log: one line per request when its answer is ready, inside a span that
//! names the method, the route *template* (`/account/profiles/{id}`; never the path as
//! sent, nor its query string, which may hold a one-time link or a filter), the client's
//! address and the request id. Every line logged while the request is served carries the
//! span's fields, so one id finds all of a request's lines.

use crate::client_ip::TrustedProxies;
use axum::extract::{ConnectInfo, MatchedPath};
use axum::http::{Request, Response};
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::trace::{MakeSpan, OnResponse};
use tracing::Span;

/// What requests no route matched (static files and unknown addresses) are logged as.
pub const UNMATCHED: &str = "(static or unknown)";

/// The route template a request matched, or [`UNMATCHED`].
pub fn route<B>(req: &Request<B>) -> &str {
    req.extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
}

#[derive(Clone, Debug)]
pub struct RequestSpan {
    pub proxies: TrustedProxies,
}

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let client = self
            .proxies
            .client_ip(peer, req.headers())
            .map(|ip| ip.to_string());
        let request_id = req
            .headers()
            .get(crate::middleware::request_id::HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        tracing::info_span!(
            "request",
            method = %req.method(),
            route = route(req),
            client = client.as_deref().unwrap_or("unknown"),
            request_id,
        )
    }
}

#[derive(Clone, Copy, Debug)]
pub struct AccessLine;

impl<B> OnResponse<B> for AccessLine {
    fn on_response(self, res: &Response<B>, latency: Duration, _span: &Span) {
        tracing::info!(
            status = res.status().as_u16(),
            // Milliseconds to the microsecond.
            latency_ms = (latency.as_secs_f64() * 1_000_000.0).round() / 1000.0,
            "served"
        );
    }
}
