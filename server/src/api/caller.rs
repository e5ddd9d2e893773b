use super::ApiError;
use super::error::CallerAccount;
use crate::middleware::session::client_info;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;
use domain::ClientInfo;
use domain::sessions::CurrentSession;

/// The device calling the API, authenticated by its bearer token on every request.
pub struct Caller {
    pub session: CurrentSession,
    pub client: ClientInfo,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(ApiError::unauthorized)?;
        let client = client_info(&parts.headers, &parts.extensions, state);
        let services = state.services();
        let ip = client.ip.map(|ip| ip.to_string());
        let session = domain::sessions::authenticate(
            &services.db,
            &services.policy,
            token,
            ip.as_deref(),
            Utc::now(),
        )
        .await?
        .ok_or_else(ApiError::unauthorized)?;
        // Its refusals from here on are said in the account's language.
        if let Some(account) = parts.extensions.get::<CallerAccount>() {
            account.set(session.account_id);
        }
        Ok(Self { session, client })
    }
}
