//! Which release this server is, and what a page of another release is told when it calls
//! a server function this one does not have (app::release).

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::LeptosOptions;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The release: in a release build, a digest of its hashed asset names (`hash.txt`
/// beside the binary), which change whenever the code a page runs does; otherwise the
/// package version.
pub fn id(options: &LeptosOptions) -> Arc<str> {
    let listed = options
        .hash_files
        .then(|| {
            let exe = std::env::current_exe().ok()?;
            std::fs::read(exe.parent()?.join(options.hash_file.as_ref())).ok()
        })
        .flatten();
    match listed {
        Some(hashes) => hex(&Sha256::digest(&hashes)[..8]).into(),
        None => env!("CARGO_PKG_VERSION").into(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `/api/…` that no server function of this release answers: a page of an older release
/// calling one that is gone. The page's script hears `ReleaseChanged` and reloads; a form
/// posted without JavaScript goes back to the page it came from, served anew.
pub async fn gone(req: Request) -> Response {
    // The device API keeps its own answer for an address it lacks: an app is no page.
    if req.uri().path().starts_with("/api/v1/") {
        return crate::api::error::ApiError::not_found().into_response();
    }
    let from_script = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if from_script {
        let body = serde_json::to_string(&app::error::AppError::ReleaseChanged).unwrap_or_default();
        return (
            StatusCode::GONE,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    Redirect::to(&back(&req)).into_response()
}

/// The same-site page a form came from, else the front page.
fn back(req: &Request) -> String {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    req.headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            let rest = r
                .strip_prefix("https://")
                .or_else(|| r.strip_prefix("http://"))?;
            let path = rest.strip_prefix(host)?;
            (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
        })
        .unwrap_or_else(|| "/".to_owned())
}
