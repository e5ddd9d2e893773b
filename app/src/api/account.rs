//! The Account page: membership, security actions, profiles.

use crate::api::profiles::ProfileCard;
use crate::error::AppError;
use crate::moment::Moment;
#[cfg(feature = "ssr")]
use chrono::Utc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub email: String,
    pub phone: Option<String>,
    /// "December 6, 2026".
    pub member_since: String,
    pub password_changed: Moment,
    /// Sessions that would end with "Sign out of all devices", this one included.
    pub signed_in_sessions: u64,
    /// Sensitive actions will ask for the password first.
    pub needs_reauth: bool,
    pub profiles: Vec<ProfileCard>,
}

#[server(endpoint = "account_overview")]
pub async fn account_overview() -> Result<AccountSummary, AppError> {
    use crate::page_reads::PageReads;
    use crate::server::{Caller, require_session};

    let Caller { ctx, session, .. } = require_session()?;
    let svc = &ctx.services;
    let now = Utc::now();
    let dates = crate::moment::Dates::of_request();
    let account = PageReads::account(svc, session.account_id).await?;
    let signed_in_sessions = PageReads::live_sessions(svc, session.account_id, now).await?;
    let profiles = PageReads::profiles(svc, session.account_id).await?;
    Ok(AccountSummary {
        email: account.email,
        phone: account
            .phone
            .as_deref()
            .map(domain::identifier::display_phone),
        member_since: dates.date(account.created_at),
        password_changed: dates.moment(account.password_changed_at),
        signed_in_sessions,
        needs_reauth: !session.recently_authenticated(&ctx.services.policy, now),
        profiles: profiles
            .into_iter()
            .map(crate::api::profiles::card)
            .collect(),
    })
}

/// Ends every session of the account at once, this one included. Needs the password
/// entered within the last 10 minutes: `password` supplies it when it was not.
#[server(endpoint = "sign_out_all")]
pub async fn sign_out_all(password: Option<String>) -> Result<(), AppError> {
    use crate::server::{Caller, clear_browser_session, require_session};

    let Caller {
        ctx,
        mut session,
        client,
    } = require_session()?;
    let now = Utc::now();
    domain::auth::confirm_recent_auth(
        &ctx.services,
        &mut session,
        password.as_deref(),
        &client,
        now,
    )
    .await?;
    domain::auth::sign_out_all(&ctx.services, &session, &client, now).await?;
    clear_browser_session(&ctx.cookie);
    leptos_axum::redirect("/login?signed_out=all");
    Ok(())
}

/// A new password, typed the same twice.
#[cfg(feature = "ssr")]
pub(crate) fn new_password_confirmed(
    new_password: &str,
    confirm_password: &str,
) -> Result<domain::password::NewPassword, AppError> {
    let new = domain::password::NewPassword::parse(new_password)?;
    if new_password != confirm_password {
        return Err(domain::DomainError::invalid(domain::error::Problem::PasswordsDiffer).into());
    }
    Ok(new)
}

/// Changes the password. `sign_out_others` is a checkbox, checked by default.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
    sign_out_others: Option<String>,
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
    let current = Password::parse(&current_password)
        .map_err(|_| DomainError::Invalid(Problem::CurrentPasswordMissing))?;
    let new = new_password_confirmed(&new_password, &confirm_password)?;
    let others = sign_out_others.is_some();
    domain::auth::change_password(
        &ctx.services,
        &mut session,
        &current,
        &new,
        others,
        &client,
        Utc::now(),
    )
    .await?;
    leptos_axum::redirect(if others {
        "/account?password_changed=others"
    } else {
        "/account?password_changed=1"
    });
    Ok(())
}
