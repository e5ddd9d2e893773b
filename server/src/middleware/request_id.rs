//! `X-Request-Id`: believed only from a trusted proxy, and only when it looks like an id;
//! otherwise removed here, so that tower-http's `SetRequestId` gives the request a fresh
//! one. A client cannot choose the id its requests are logged under, nor put text of its
//! own into the log.

use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

pub const HEADER: &str = "x-request-id";

/// The longest id taken from a proxy; UUIDs and the usual trace ids are far shorter.
const LONGEST: usize = 128;

pub async fn distrust(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let from_proxy = peer.is_some_and(|ip| state.config.trusted_proxies.trusts(ip));
    let believed = from_proxy && req.headers().get(HEADER).is_some_and(looks_like_an_id);
    if !believed {
        req.headers_mut().remove(HEADER);
    }
    next.run(req).await
}

fn looks_like_an_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= LONGEST
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_are_believed() {
        for good in ["3f2c9d1e-8a4b-4c1d-9e2f-0a1b2c3d4e5f", "req_42", "a.b:c"] {
            assert!(looks_like_an_id(&HeaderValue::from_static(good)), "{good}");
        }
        let long = "a".repeat(LONGEST + 1);
        for bad in ["", "a b", "a\"b", "x=1; y", long.as_str()] {
            assert!(
                !looks_like_an_id(&HeaderValue::from_str(bad).unwrap()),
                "{bad}"
            );
        }
    }
}
