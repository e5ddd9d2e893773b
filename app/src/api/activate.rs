//! `/activate`: a signed-in user approves the TV showing a code.

use crate::device_name::DeviceName;
use crate::error::AppError;
use crate::moment::Moment;
#[cfg(feature = "ssr")]
use chrono::Utc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The device asking to sign in, as the user sees it before approving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TvRequest {
    /// "BCDF-GHJK".
    pub user_code: String,
    pub device_name: DeviceName,
    pub location: Option<String>,
    pub requested_at: Moment,
}

#[cfg(feature = "ssr")]
fn view(r: domain::device_codes::Request) -> TvRequest {
    TvRequest {
        user_code: r.user_code.display(),
        device_name: DeviceName::of(&r.device_name),
        location: r.location,
        requested_at: crate::moment::Dates::of_request().moment(r.requested_at),
    }
}

/// Looks up the code typed on the page (a POST: every miss counts as a guess). Without
/// JavaScript the browser comes back to `/activate`, which shows what was found.
#[server(endpoint = "look_up_tv_code")]
pub async fn look_up_tv_code(code: String) -> Result<TvRequest, AppError> {
    use crate::server::{Caller, redirect_plain_form, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let found = domain::device_codes::find(&ctx.services, &session, &code, &client, Utc::now())
        .await
        .map(view)?;
    redirect_plain_form("/activate");
    Ok(found)
}

/// The code this session looked up last, while it still waits: reading it is no guess.
#[server(endpoint = "looked_up_tv_code")]
pub async fn looked_up_tv_code() -> Result<Option<TvRequest>, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    domain::device_codes::looked_up(&ctx.services, &session, Utc::now())
        .await
        .map(|found| found.map(view))
        .map_err(AppError::from)
}

#[server(endpoint = "approve_tv_code")]
pub async fn approve_tv_code(code: String) -> Result<TvRequest, AppError> {
    use crate::server::{Caller, redirect_plain_form, require_session};
    let Caller {
        ctx,
        session,
        client,
    } = require_session()?;
    let approved =
        domain::device_codes::approve(&ctx.services, &session, &code, &client, Utc::now())
            .await
            .map(view)?;
    redirect_plain_form("/activate?approved=1");
    Ok(approved)
}
