//! Signing in and out, and who is signed in.

use crate::api::profiles::ProfileCard;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in subscriber, as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub email: String,
    /// The profile this device watches as, once chosen.
    pub current: Option<ProfileCard>,
    /// The account's other profiles, to switch to.
    pub others: Vec<ProfileCard>,
}

impl Viewer {
    pub fn display_name(&self) -> String {
        self.current
            .as_ref()
            .map_or_else(|| self.email.clone(), |p| p.name.clone())
    }
}

#[server(endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    use crate::api::profiles::card;
    use crate::page_reads::PageReads;
    use crate::server::{context, request_auth};

    let ctx = context()?;
    let Some(session) = request_auth().session else {
        return Ok(None);
    };
    let svc = &ctx.services;
    let account = PageReads::account(svc, session.account_id).await?;
    let (current, others) = PageReads::profiles(svc, session.account_id)
        .await?
        .into_iter()
        .map(card)
        .partition::<Vec<_>, _>(|p| Some(p.id) == session.profile_id);
    Ok(Some(Viewer {
        email: account.email,
        current: current.into_iter().next(),
        others,
    }))
}

/// The country national phone numbers are read in (`KINOGUARD_PHONE_REGION`), if any: the
/// sign-in form says so.
#[server(endpoint = "phone_region")]
pub async fn phone_region() -> Result<Option<String>, AppError> {
    Ok(domain::identifier::default_region().map(|r| r.code().to_owned()))
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    identifier: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{context, request_auth, request_headers, safe_next};
    use domain::entity::session::ClientKind;
    use domain::identifier::LoginIdentifier;
    use domain::password::Password;

    let ctx = context()?;
    let identifier = LoginIdentifier::parse(&identifier)?;
    let password = Password::parse(&password)?;
    let auth = request_auth();
    let now = chrono::Utc::now();
    let signed_in = domain::auth::sign_in(
        &ctx.services,
        &identifier,
        &password,
        ClientKind::Web,
        &auth.client,
        ctx.cookie.read_device(&request_headers()).as_deref(),
        now,
    )
    .await?;
    crate::server::hand_over(&ctx, &auth, &signed_in, now).await?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{clear_browser_session, context, request_auth};

    let ctx = context()?;
    let auth = request_auth();
    // Signing out without a session still clears the browser, and is not an error.
    if let Some(session) = auth.session {
        domain::auth::sign_out(&ctx.services, &session, &auth.client, chrono::Utc::now()).await?;
    }
    clear_browser_session(&ctx.cookie);
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}
