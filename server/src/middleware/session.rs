//! Checks the session cookie on every request, so a revoked session is refused on its very
//! next request, and keeps signed-out browsers off the account pages.

use crate::state::AppState;
use app::server::RequestAuth;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::ClientInfo;
use std::net::SocketAddr;
use std::sync::Arc;

/// Pages only a signed-in subscriber may open.
const PROTECTED_PAGES: &[&str] = &["/account", "/profiles", "/browse", "/watch", "/activate"];
/// Pages that show the catalog as a profile: "Who's watching?" comes first.
const PROFILE_PAGES: &[&str] = &["/browse", "/watch"];

pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    // Static files need no session; the device API authenticates by bearer token only,
    // never by the ambient cookie; the live channel reads its session without touching it.
    if path.starts_with("/pkg/")
        || path.starts_with("/api/v1/")
        || path == app::live::PATH
        || path == "/favicon.ico"
        || path == "/healthz"
        || path == "/readyz"
        || path == crate::metrics::PATH
    {
        return next.run(req).await;
    }

    let client = client_info(req.headers(), req.extensions(), &state);
    let ip = client.ip;
    let cookie = &state.context.cookie;
    let token = cookie.read(req.headers());
    // A page shows the account's profiles (and Account its live sessions): read with the
    // session in one statement. Server functions and downloads read what they need.
    let is_page_load = req.method() == Method::GET;
    let for_page = is_page_load && !path.starts_with("/api/");
    let session = match &token {
        None => None,
        Some(token) => {
            let services = state.services();
            let ip_text = ip.map(|ip| ip.to_string());
            let (db, policy, now) = (&services.db, &services.policy, Utc::now());
            let ip = ip_text.as_deref();
            let read = if for_page {
                domain::page_session::authenticate(db, policy, token, ip, now)
                    .await
                    .map(|read| read.map(page_auth))
            } else {
                domain::sessions::authenticate_with_account(db, policy, token, ip, now)
                    .await
                    .map(|read| read.map(request_auth))
            };
            match read {
                Ok(session) => session,
                Err(e) => {
                    tracing::error!(error = %e, "session lookup failed");
                    // The account cannot be read: the browser's own choice of language.
                    let locale = app::language::of(req.headers(), None, Some(cookie));
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        app::error::unavailable(locale),
                    )
                        .into_response();
                }
            }
        }
    };
    let auth = session.unwrap_or_default();
    let session = auth.session;
    let stale_cookie = token.is_some() && session.is_none();
    let signed_in = session.is_some();

    if is_page_load && !signed_in && is_under(&path, PROTECTED_PAGES) {
        let next_path = req
            .uri()
            .path_and_query()
            .map_or(path.clone(), |pq| pq.to_string());
        let reason = if stale_cookie { "expired=1&" } else { "" };
        let mut res =
            Redirect::to(&format!("/login?{reason}next={}", encode(&next_path))).into_response();
        if stale_cookie {
            clear_cookie(&mut res, &cookie.clear());
        }
        return res;
    }
    if is_page_load && let Some(s) = &session {
        let has_profile = s.profile_id.is_some();
        if path == "/login" || path == "/" {
            return Redirect::to(if has_profile { "/browse" } else { "/profiles" }).into_response();
        }
        if !has_profile && is_under(&path, PROFILE_PAGES) {
            let next_path = req
                .uri()
                .path_and_query()
                .map_or(path.clone(), |pq| pq.to_string());
            return Redirect::to(&format!("/profiles?next={}", encode(&next_path))).into_response();
        }
    }

    req.extensions_mut().insert(RequestAuth {
        session,
        client,
        ..auth
    });
    let mut res = next.run(req).await;
    if stale_cookie {
        clear_cookie(&mut res, &cookie.clear());
    }
    res
}

/// What a page's read of its session gives: the session, with its profiles and count.
fn page_auth(read: domain::page_session::PageSession) -> RequestAuth {
    RequestAuth {
        session: Some(read.session),
        account: Some(Arc::new(read.account)),
        profiles: Some(Arc::new(read.profiles)),
        live_sessions: Some(read.live_sessions),
        new_sign_ins: Some(read.new_sign_ins),
        client: ClientInfo::default(),
    }
}

/// What any other request's read of its session gives.
fn request_auth(
    (session, account): (
        domain::sessions::CurrentSession,
        domain::entity::account::Model,
    ),
) -> RequestAuth {
    RequestAuth {
        session: Some(session),
        account: Some(Arc::new(account)),
        ..RequestAuth::default()
    }
}

/// Who is asking: the client address (see [`crate::client_ip`]) and the User-Agent.
pub fn client_info(headers: &HeaderMap, extensions: &Extensions, state: &AppState) -> ClientInfo {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    ClientInfo {
        ip: state.config.trusted_proxies.client_ip(peer, headers),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
    }
}

/// `path` is one of `prefixes` or below one.
fn is_under(path: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

fn clear_cookie(res: &mut Response, value: &str) {
    // A response that already sets the cookie (a fresh sign-in) wins.
    if res.headers().get(header::SET_COOKIE).is_none()
        && let Ok(v) = HeaderValue::from_str(value)
    {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
}

/// Percent-encodes a path for use as a query value.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_paths() {
        assert!(is_under("/account", PROTECTED_PAGES));
        assert!(is_under("/account/sign-out-all", PROTECTED_PAGES));
        assert!(is_under("/watch/12", PROTECTED_PAGES));
        assert!(!is_under("/accounts", PROTECTED_PAGES));
        assert!(!is_under("/login", PROTECTED_PAGES));
        assert!(!is_under("/profiles", PROFILE_PAGES));
    }

    #[test]
    fn next_is_encoded() {
        assert_eq!(encode("/account?a=1&b=2"), "/account%3Fa%3D1%26b%3D2");
    }
}
