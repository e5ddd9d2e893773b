//! "Secure my account" and what leads to it: the notices of sign-ins on new devices, and
//! the "This wasn't me" links mailed to the owner.

use crate::api::activity::{EventView, StreamView};
use crate::device_name::DeviceName;
use crate::error::AppError;
use crate::moment::Moment;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// "New sign-in: Chrome on Windows near Lyon, 21:04".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInNotice {
    /// The sign-in's security event.
    pub id: i64,
    pub device_name: DeviceName,
    pub location: Option<String>,
    pub at: Moment,
}

/// A device new to the account and what it did since it signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnrecognisedDevice {
    pub sign_in: EventView,
    pub events: Vec<EventView>,
    pub streams: Vec<StreamView>,
}

/// Where a "This wasn't me" link leads this browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkOpening {
    /// Signed out: the password of the account the link was mailed to is asked.
    AskPassword { email: String },
    /// Already signed in to that account: straight on.
    SignedIn,
    /// Signed in to another account.
    OtherAccount,
    /// Used, expired or made up.
    Unusable,
}

/// The sign-ins on new devices this device should ask about.
#[server(endpoint = "sign_in_notices")]
pub async fn sign_in_notices() -> Result<Vec<SignInNotice>, AppError> {
    use crate::server::{context, request_auth};
    let ctx = context()?;
    let auth = request_auth();
    let Some(session) = auth.session else {
        return Ok(Vec::new());
    };
    // A page counted them with its session: none, nothing to read.
    if auth.new_sign_ins == Some(0) {
        return Ok(Vec::new());
    }
    let dates = crate::moment::Dates::of_request();
    let pending =
        domain::sign_in_notices::pending(&ctx.services.db, &session, chrono::Utc::now()).await?;
    Ok(pending
        .into_iter()
        .map(|e| SignInNotice {
            id: e.id,
            device_name: DeviceName::of(e.device_name.as_deref().unwrap_or_default()),
            location: e.location,
            at: dates.moment(e.occurred_at),
        })
        .collect())
}

/// "Yes, it was me". `back` is the page to return to without JavaScript.
#[server(endpoint = "confirm_sign_in")]
pub async fn confirm_sign_in(event_id: i64, back: Option<String>) -> Result<(), AppError> {
    use crate::server::{Caller, redirect_plain_form, require_session, safe_next};
    let Caller { ctx, session, .. } = require_session()?;
    domain::sign_in_notices::confirm(&ctx.services, &session, event_id, chrono::Utc::now()).await?;
    redirect_plain_form(&safe_next(back.as_deref()));
    Ok(())
}

/// Secures the account: every other device signed out, every approved TV code voided and
/// the password replaced, in one step. The current password is asked every time.
#[server(endpoint = "secure_account")]
pub async fn secure_account(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    use domain::DomainError;
    use domain::error::Problem;
    use domain::password::Password;
    let Caller {
        ctx,
        mut session,
        client,
    } = require_session()?;
    let now = chrono::Utc::now();
    let current = Password::parse(&current_password)
        .map_err(|_| DomainError::Invalid(Problem::CurrentPasswordMissing))?;
    let new = crate::api::account::new_password_confirmed(&new_password, &confirm_password)?;
    domain::auth::secure_account(&ctx.services, &mut session, &current, &new, &client, now).await?;
    leptos_axum::redirect("/account/secure/report");
    Ok(())
}

/// The last page of "Secure my account".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuredReport {
    /// When the account was last secured, in the last 30 days.
    pub secured_at: Option<Moment>,
    pub devices: Vec<UnrecognisedDevice>,
}

/// When the account was secured, and what the devices new to it did in the last 30 days.
#[server(endpoint = "secured_report")]
pub async fn account_secured_report() -> Result<SecuredReport, AppError> {
    use crate::api::activity::{event_view, stream_view};
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    session.require_not_tv()?;
    let dates = crate::moment::Dates::of_request();
    let report = domain::unrecognised::report(
        &ctx.services.db,
        session.account_id,
        session.device_id,
        chrono::Utc::now(),
    )
    .await?;
    Ok(SecuredReport {
        secured_at: report.secured_at.map(|at| dates.moment(at)),
        devices: report
            .devices
            .into_iter()
            .map(|r| UnrecognisedDevice {
                sign_in: event_view(&dates, r.sign_in),
                events: r
                    .events
                    .into_iter()
                    .map(|e| event_view(&dates, e))
                    .collect(),
                streams: r
                    .streams
                    .into_iter()
                    .map(|s| stream_view(&dates, s))
                    .collect(),
            })
            .collect(),
    })
}

/// What a "This wasn't me" link means for this browser.
#[server(endpoint = "secure_link")]
pub async fn open_secure_link(link: String) -> Result<LinkOpening, AppError> {
    use crate::server::{context, request_auth};
    let ctx = context()?;
    let Some(found) =
        domain::secure_links::usable(&ctx.services.db, &link, chrono::Utc::now()).await?
    else {
        return Ok(LinkOpening::Unusable);
    };
    Ok(match request_auth().session {
        Some(s) if s.account_id == found.account.id => LinkOpening::SignedIn,
        Some(_) => LinkOpening::OtherAccount,
        None => LinkOpening::AskPassword {
            email: found.account.email,
        },
    })
}

/// Signs this browser in with a "This wasn't me" link and the account's password, then
/// goes on to "Secure my account".
#[server(endpoint = "sign_in_with_link")]
pub async fn sign_in_with_link(link: String, password: String) -> Result<(), AppError> {
    use crate::server::{context, request_auth, request_headers};
    use domain::password::Password;

    let ctx = context()?;
    let password = Password::parse(&password)?;
    let auth = request_auth();
    let now = chrono::Utc::now();
    // Signed in to another account here: the page says so, and so does the server.
    if let Some(session) = &auth.session
        && let Some(found) = domain::secure_links::usable(&ctx.services.db, &link, now).await?
        && found.account.id != session.account_id
    {
        return Err(
            domain::DomainError::invalid(domain::error::Problem::SecureLinkOtherAccount).into(),
        );
    }
    let signed_in = domain::auth::sign_in_with_link(
        &ctx.services,
        &link,
        &password,
        &auth.client,
        ctx.cookie.read_device(&request_headers()).as_deref(),
        now,
    )
    .await?;
    crate::server::hand_over(&ctx, &auth, &signed_in, now).await?;
    leptos_axum::redirect("/account/secure");
    Ok(())
}
