//! Headers every response carries. Pages set their own nonce-based CSP; everything else
//! (server-function JSON, the API, static files) gets one that allows nothing.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub async fn add(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_asset = path.starts_with("/pkg/") || path == "/favicon.svg";
    let immutable = state.leptos_options.hash_files && is_hashed_asset(path);
    let mut res = next.run(req).await;
    let found = res.status().is_success();
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin only: the no-JavaScript form flow needs the Referer to come back to.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    let cache = if !is_asset {
        // Pages and API answers are personal: never store them in a shared cache.
        "no-store"
    } else if !found {
        // A missing file is answered with the not-found page: a page, never stored.
        "no-store"
    } else if immutable {
        // A hashed name changes with its content: a new release brings new names.
        "public, max-age=31536000, immutable"
    } else {
        // Unhashed (a debug build, the favicon): ask again each time.
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if is_asset {
        // The same name is sent as brotli, gzip or plain: a cache must keep them apart.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if state.config.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// `/pkg/name.HASH.ext`, as cargo-leptos names a file whose name carries its content's
/// hash (URL-safe base64 of at least 16 characters).
fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let mut parts = file.rsplit('.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && !file.contains('/')
        && hash.len() >= 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_names_carrying_a_hash_are_immutable() {
        assert!(is_hashed_asset(
            "/pkg/kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.wasm"
        ));
        assert!(is_hashed_asset("/pkg/kinoguard.Xo3nU1m6QJ2f7b8c9d0e1w.js"));
        assert!(!is_hashed_asset("/pkg/kinoguard.wasm"));
        assert!(!is_hashed_asset("/pkg/kinoguard.css"));
        assert!(!is_hashed_asset(
            "/pkg/snippets/x/inline0.Xo3nU1m6QJ2f7b8c9d0e1w.js"
        ));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/pkg/.Xo3nU1m6QJ2f7b8c9d0e1w.js"));
    }
}
