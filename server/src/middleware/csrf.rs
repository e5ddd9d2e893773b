//! Refuses cross-site state changes. Browsers label every request with `Sec-Fetch-Site`
//! and every POST with `Origin`; a request from another site is turned away before it
//! reaches a server function or the API. Clients that send neither (curl, native apps
//! with bearer tokens) carry no ambient cookie authority worth forging.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(req.headers(), state.config.public_origin.as_deref()) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":"Cross-site request refused."}"#,
        )
            .into_response();
    }
    next.run(req).await
}

pub(crate) fn same_origin(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match text(header::ORIGIN) {
        Some(origin) => {
            public_origin == Some(origin)
                || text(header::HOST).is_some_and(|host| {
                    origin
                        .strip_prefix("http://")
                        .or_else(|| origin.strip_prefix("https://"))
                        .is_some_and(|authority| authority.eq_ignore_ascii_case(host))
                })
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(same_origin(&headers(&[("sec-fetch-site", "none")]), None));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "http://k.test"),
                ("host", "k.test")
            ]),
            None
        ));
    }

    #[test]
    fn origin_must_match_host_or_the_public_origin() {
        assert!(same_origin(
            &headers(&[("origin", "http://k.test:3000"), ("host", "k.test:3000")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.test"), ("host", "k.test")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("origin", "null"), ("host", "k.test")]),
            None
        ));
        assert!(same_origin(
            &headers(&[
                ("origin", "https://kinoguard.example"),
                ("host", "10.0.0.5:3000")
            ]),
            Some("https://kinoguard.example")
        ));
        assert!(same_origin(&headers(&[]), None), "non-browser clients");
    }
}
