//! Server-side plumbing shared by every server function: the services, the request's
//! session, the session cookie and the mapping of domain errors to public ones.

use crate::error::AppError;
use crate::i18n::td_string;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use chrono::Utc;
use domain::sessions::CurrentSession;
use domain::{ClientInfo, DomainError, Services};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::sync::Arc;

/// Provided to every render and server function by the server.
#[derive(Clone)]
pub struct ServerContext {
    pub services: Services,
    pub cookie: SessionCookie,
    /// `https://kinoguard.example`, when configured; otherwise taken from the request.
    pub public_origin: Option<String>,
    /// Which release of Kinoguard this server is (`crate::release`).
    pub release: std::sync::Arc<str>,
}

impl ServerContext {
    /// The site's origin as users type it, for the TV's "go to … /activate".
    pub fn origin(&self) -> String {
        if let Some(o) = &self.public_origin {
            return o.clone();
        }
        let host = with_request(|p| {
            p.headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        })
        .flatten()
        .unwrap_or_else(|| "localhost".into());
        let scheme = if self.cookie.secure { "https" } else { "http" };
        format!("{scheme}://{host}")
    }
}

/// What the session middleware learned about the request, stored in its extensions.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    pub session: Option<CurrentSession>,
    /// The session's account, read with it: the page's first read of the account.
    pub account: Option<Arc<domain::entity::account::Model>>,
    /// For a page, the account's profiles, read with the session.
    pub profiles: Option<Arc<Vec<domain::entity::profile::Model>>>,
    /// For a page, the account's live sessions, counted with the session.
    pub live_sessions: Option<u64>,
    /// For a page, how many sign-ins on new devices it may ask about, counted with the
    /// session: most pages have none, and then read nothing more for them.
    pub new_sign_ins: Option<u64>,
    pub client: ClientInfo,
}

/// The session cookie: `HttpOnly; SameSite=Lax; Path=/`, and over HTTPS `Secure` with the
/// `__Host-` prefix, which browsers only accept from a secure origin without a Domain.
#[derive(Clone, Debug)]
pub struct SessionCookie {
    pub secure: bool,
    pub max_age_secs: i64,
}

impl SessionCookie {
    pub fn name(&self) -> &'static str {
        if self.secure {
            "__Host-kg_session"
        } else {
            "kg_session"
        }
    }

    pub fn set(&self, token: &str) -> String {
        self.render(token, self.max_age_secs)
    }

    pub fn clear(&self) -> String {
        self.render("", 0)
    }

    fn render(&self, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}",
            self.name()
        )
    }

    /// The token from the request's `Cookie` headers, if any.
    pub fn read(&self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, self.name())
    }

    /// The cookie holding a TV's pending sign-in code secret.
    pub fn tv_code_name(&self) -> &'static str {
        if self.secure {
            "__Host-kg_tv_code"
        } else {
            "kg_tv_code"
        }
    }

    pub fn set_tv_code(&self, secret: &str, max_age_secs: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={secret}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}",
            self.tv_code_name()
        )
    }

    pub fn clear_tv_code(&self) -> String {
        self.set_tv_code("", 0)
    }

    pub fn read_tv_code(&self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, self.tv_code_name())
    }

    /// The device cookie (see `domain::device_cookies`): it outlives sessions and
    /// sign-outs, and is sent only to sign-in.
    pub fn device_name(&self) -> &'static str {
        if self.secure {
            "__Secure-kg_device"
        } else {
            "kg_device"
        }
    }

    pub fn set_device(&self, token: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/api/sign_in; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
            self.device_name(),
            domain::device_cookies::LIFETIME.num_seconds()
        )
    }

    pub fn read_device(&self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, self.device_name())
    }

    /// The language chosen on this browser (see `crate::language`): no secret, but only
    /// the server reads it.
    pub fn language_name(&self) -> &'static str {
        if self.secure {
            "__Host-kg_lang"
        } else {
            "kg_lang"
        }
    }

    pub fn set_language(&self, code: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={code}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            self.language_name(),
            LANGUAGE_LIFETIME_SECS
        )
    }

    pub fn read_language(&self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, self.language_name())
    }
}

/// A language choice is kept for a year from the last time it was made.
const LANGUAGE_LIFETIME_SECS: i64 = 365 * 24 * 60 * 60;

pub(crate) fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

pub fn context() -> Result<ServerContext, AppError> {
    use_context::<ServerContext>().ok_or_else(|| {
        tracing::error!("ServerContext missing from the leptos context");
        AppError::Internal
    })
}

/// `f` of the request being served, or `None` outside a request. Borrowed: the request's
/// headers and extensions are not copied for every read (a page reads them dozens of times).
pub fn with_request<T>(f: impl FnOnce(&axum::http::request::Parts) -> T) -> Option<T> {
    with_context::<axum::http::request::Parts, _>(f)
}

/// The request's headers, or none outside a request.
pub fn request_headers() -> HeaderMap {
    with_request(|parts| parts.headers.clone()).unwrap_or_default()
}

pub fn request_auth() -> RequestAuth {
    with_request(|parts| parts.extensions.get::<RequestAuth>().cloned())
        .flatten()
        .unwrap_or_default()
}

/// The signed-in session, or `Unauthorized`.
/// A server function's signed-in caller: the services, its session, and where it calls
/// from.
pub struct Caller {
    pub ctx: ServerContext,
    pub session: CurrentSession,
    pub client: ClientInfo,
}

pub fn require_session() -> Result<Caller, AppError> {
    let ctx = context()?;
    let auth = request_auth();
    match auth.session {
        Some(session) => Ok(Caller {
            ctx,
            session,
            client: auth.client,
        }),
        None => Err(AppError::Unauthorized),
    }
}

/// Service errors travel to the browser by `?`, in their public form.
impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        public_error(e)
    }
}

/// Maps a service error to its public form, logging what the user must not see.
fn public_error(e: DomainError) -> AppError {
    match e {
        DomainError::Invalid(problem) | DomainError::Conflict(problem) => {
            AppError::Invalid(crate::problem::say(crate::language::of_request(), &problem))
        }
        DomainError::InvalidCredentials => AppError::Invalid(
            td_string!(crate::language::of_request(), errors.invalid_credentials).to_owned(),
        ),
        DomainError::Unauthenticated => AppError::Unauthorized,
        DomainError::Forbidden => AppError::Forbidden(
            td_string!(crate::language::of_request(), errors.forbidden_here).to_owned(),
        ),
        DomainError::NotFound => AppError::NotFound,
        DomainError::ReauthRequired => AppError::ReauthRequired,
        DomainError::PinRequired | DomainError::LockPinRequired => AppError::PinRequired,
        DomainError::PinThrottled { retry_at } => AppError::PinLocked {
            retry_at: crate::moment::Dates::of_request().time(retry_at),
        },
        DomainError::Throttled { retry_at } => AppError::TooManyAttempts {
            retry_after_secs: (retry_at - Utc::now()).num_seconds().max(1),
        },
        DomainError::Db(err) => {
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
        DomainError::Internal(err) => {
            tracing::error!(error = %err, "internal error");
            AppError::Internal
        }
    }
}

/// The HTTP status an API client sees for each public error. Server functions fail with
/// 500 whatever the cause; the server's handler rewrites it with this.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthorized => StatusCode::UNAUTHORIZED,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) | AppError::ReauthRequired => StatusCode::FORBIDDEN,
        AppError::TooManyAttempts { .. } | AppError::PinLocked { .. } => {
            StatusCode::TOO_MANY_REQUESTS
        }
        AppError::PinRequired => StatusCode::FORBIDDEN,
        AppError::Network | AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::ReleaseChanged => StatusCode::GONE,
    }
}

/// Redirects a JavaScript-off form post; a script caller gets the result instead.
pub fn redirect_plain_form(path: &str) {
    let plain = with_request(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
    .unwrap_or(false);
    if plain {
        leptos_axum::redirect(path);
    }
}

pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.append_header(header::SET_COOKIE, value);
    }
}

/// Signs the browser out locally too: the cookie and anything cached for the account.
pub fn clear_browser_session(cookie: &SessionCookie) {
    set_cookie(&cookie.clear());
    if let Some(res) = use_context::<ResponseOptions>() {
        res.insert_header(
            header::HeaderName::from_static("clear-site-data"),
            // Not "cookies": that would also delete the device cookie, which must outlive
            // sign-out to keep the owner's sign-in allowance; the session cookie is cleared
            // above.
            HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
}

/// Gives the browser its new session after a sign-in. A new token at every sign-in (ASVS
/// 7.2.4): the session this browser held until now ends, rather than living on unseen for
/// its idle lifetime.
pub async fn hand_over(
    ctx: &ServerContext,
    auth: &RequestAuth,
    signed_in: &domain::auth::SignedIn,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    if let Some(previous) = &auth.session {
        domain::auth::sign_out(&ctx.services, previous, &auth.client, now).await?;
    }
    set_cookie(&ctx.cookie.set(&signed_in.token));
    if let Some(device) = &signed_in.device_cookie {
        set_cookie(&ctx.cookie.set_device(device));
    }
    Ok(())
}

/// Only same-site paths are followed after sign-in; anything else goes home.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.chars().any(|c| c.is_control()) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_site() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("/account?tab=1")), "/account?tab=1");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "account",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn cookie_attributes() {
        let plain = SessionCookie {
            secure: false,
            max_age_secs: 60,
        };
        assert_eq!(
            plain.set("tok"),
            "kg_session=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax"
        );
        let secure = SessionCookie {
            secure: true,
            max_age_secs: 60,
        };
        assert_eq!(
            secure.set("tok"),
            "__Host-kg_session=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(secure.clear().contains("Max-Age=0"));
    }

    #[test]
    fn the_language_cookie_is_host_only_and_secure_over_https() {
        let plain = SessionCookie {
            secure: false,
            max_age_secs: 60,
        };
        assert_eq!(
            plain.set_language("es"),
            "kg_lang=es; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
        );
        let secure = SessionCookie {
            secure: true,
            max_age_secs: 60,
        };
        assert_eq!(
            secure.set_language("es"),
            "__Host-kg_lang=es; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure"
        );
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("kg_lang=en; __Host-kg_lang=es"),
        );
        assert_eq!(secure.read_language(&h).as_deref(), Some("es"));
        assert_eq!(plain.read_language(&h).as_deref(), Some("en"));
    }

    #[test]
    fn reads_the_right_cookie() {
        let c = SessionCookie {
            secure: false,
            max_age_secs: 60,
        };
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; kg_session=abc; b=2"),
        );
        assert_eq!(c.read(&h).as_deref(), Some("abc"));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("xkg_session=abc"));
        assert_eq!(c.read(&h), None);
    }
}
