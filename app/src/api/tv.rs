//! The Smart TV: sign-in by code, choosing a profile, and closing its own session.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How often the TV's sign-in screen asks whether its code was approved; the same as
/// `domain::device_codes::POLL_INTERVAL_SECS`, which the browser build cannot see.
pub const POLL_EVERY_MS: u32 = 3_000;

/// What the TV's sign-in screen shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TvCode {
    /// "BCDF-GHJK".
    pub user_code: String,
    /// "http://127.0.0.1:3000/activate".
    pub activate_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TvSignInState {
    Pending,
    SignedIn,
    /// Expired or used: the TV asks for a new code.
    Expired,
}

/// The code this TV shows: the one it holds while still valid, else a new one, so the code
/// is in the first HTML the TV receives, before any script runs. `None` when this address
/// may not ask for another yet, or another site sent the browser here: the screen then
/// offers to ask (a same-origin request), and says why when it is refused.
#[server(endpoint = "tv_sign_in_code")]
pub async fn tv_sign_in_code() -> Result<Option<TvCode>, AppError> {
    use crate::page_reads::PageReads;
    use crate::server::context;
    // A render may build the sign-in screen more than once; only one code is started.
    PageReads::tv_sign_in_code(|| async {
        let ctx = context()?;
        let now = Utc::now();
        if let Some(secret) =
            crate::server::with_request(|p| ctx.cookie.read_tv_code(&p.headers)).flatten()
            && let Some((code, _)) =
                domain::device_codes::pending(&ctx.services, &secret, now).await?
        {
            return Ok(Some(TvCode {
                user_code: code.display(),
                activate_url: format!("{}/activate", ctx.origin()),
            }));
        }
        // Only the TV's own visit starts a code: a page elsewhere that makes this browser
        // load `/tv` must not spend this address's allowance of codes. Without the header
        // (older TV browsers) the visit is taken as the TV's own.
        let cross_site = crate::server::with_request(|p| {
            p.headers
                .get("sec-fetch-site")
                .is_some_and(|v| v != "none" && v != "same-origin")
        })
        .unwrap_or(false);
        if cross_site {
            return Ok(None);
        }
        match new_code(&ctx, now).await {
            Ok(code) => Ok(Some(code)),
            Err(domain::DomainError::Throttled { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Asks for a new sign-in code; its secret goes into an HttpOnly cookie only this TV has.
#[server(endpoint = "tv_start_code")]
pub async fn tv_start_code() -> Result<TvCode, AppError> {
    use crate::server::{context, redirect_plain_form};
    let ctx = context()?;
    let code = new_code(&ctx, Utc::now()).await?;
    redirect_plain_form("/tv");
    Ok(code)
}

/// Starts a code for this TV and hands it its secret, in an HttpOnly cookie.
#[cfg(feature = "ssr")]
async fn new_code(
    ctx: &crate::server::ServerContext,
    now: DateTime<Utc>,
) -> Result<TvCode, domain::DomainError> {
    use crate::server::{request_auth, set_cookie};
    let started = domain::device_codes::start(&ctx.services, &request_auth().client, now).await?;
    set_cookie(&ctx.cookie.set_tv_code(
        &started.device_code,
        (started.expires_at - now).num_seconds(),
    ));
    Ok(TvCode {
        user_code: started.user_code.display(),
        activate_url: format!("{}/activate", ctx.origin()),
    })
}

/// Whether the code was approved; the first time it was, this TV gets its session cookie.
#[server(endpoint = "tv_poll")]
pub async fn tv_poll() -> Result<TvSignInState, AppError> {
    use crate::server::{context, redirect_plain_form, request_auth, set_cookie};
    use domain::device_codes::Poll;
    let ctx = context()?;
    let Some(secret) =
        crate::server::with_request(|p| ctx.cookie.read_tv_code(&p.headers)).flatten()
    else {
        return Ok(TvSignInState::Expired);
    };
    let outcome = match domain::device_codes::poll(
        &ctx.services,
        &secret,
        &request_auth().client,
        Utc::now(),
    )
    .await
    {
        Ok(Poll::Pending { .. }) => TvSignInState::Pending,
        Ok(Poll::Approved(signed)) => {
            set_cookie(&ctx.cookie.set(&signed.token));
            set_cookie(&ctx.cookie.clear_tv_code());
            TvSignInState::SignedIn
        }
        Ok(Poll::Expired) | Err(domain::DomainError::NotFound) => {
            set_cookie(&ctx.cookie.clear_tv_code());
            TvSignInState::Expired
        }
        Err(e) => return Err(e.into()),
    };
    redirect_plain_form("/tv");
    Ok(outcome)
}

/// Chooses who's watching on the TV (a locked profile needs its `pin`).
#[server(endpoint = "tv_select_profile")]
pub async fn tv_select_profile(profile_id: i64, pin: Option<String>) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let pin = domain::pin::Pin::parse_optional(pin.as_deref())?;
    domain::profiles::select(
        &ctx.services,
        &session,
        profile_id,
        pin.as_ref(),
        &client,
        Utc::now(),
    )
    .await
    .map(|_| ())
    .map_err(AppError::from)
}

/// Closes this TV's own session — the only session a TV can close.
#[server(endpoint = "tv_close_session")]
pub async fn tv_close_session() -> Result<(), AppError> {
    use crate::server::{Caller, clear_browser_session, redirect_plain_form, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    domain::auth::sign_out(&ctx.services, &session, &client, Utc::now()).await?;
    clear_browser_session(&ctx.cookie);
    redirect_plain_form("/tv");
    Ok(())
}
