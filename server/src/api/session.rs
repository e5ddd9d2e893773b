//! Signing a device in, reading its own session, signing it out.

use super::json::ApiJson;
use super::{ApiError, Caller};
use crate::middleware::session::client_info;
use crate::state::AppState;
use app::device_kind::DeviceKind;
use app::maturity::MaturityLevel;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use domain::entity::session::ClientKind;
use domain::identifier::LoginIdentifier;
use domain::password::Password;
use domain::{accounts, devices, profiles};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    identifier: String,
    password: String,
    /// The device cookie an earlier sign-in of this app answered with: its own allowance
    /// of wrong passwords, which strangers' guesses cannot spend.
    device_cookie: Option<String>,
}

#[derive(Serialize)]
pub struct SignedIn {
    /// Send as `Authorization: Bearer <token>`. Shown once; store it securely.
    token: String,
    session: SessionView,
    /// A new device cookie, when the request did not send a trusted one: keep it, and send
    /// it with later sign-ins.
    #[serde(skip_serializing_if = "Option::is_none")]
    device_cookie: Option<String>,
}

#[derive(Serialize)]
pub struct SessionView {
    id: i64,
    client: &'static str,
    profile_id: Option<i64>,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct DeviceView {
    id: i64,
    name: String,
    kind: DeviceKind,
    last_ip: Option<String>,
    last_location: Option<String>,
}

#[derive(Serialize)]
pub struct ProfileView {
    id: i64,
    name: String,
    avatar: String,
    maturity_level: MaturityLevel,
    kids: bool,
}

#[derive(Serialize)]
pub struct Me {
    email: String,
    session: SessionView,
    device: DeviceView,
    profiles: Vec<ProfileView>,
}

pub fn client_name(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Web => "web",
        ClientKind::Tv => "tv",
        ClientKind::App => "app",
    }
}

fn session_view(s: &domain::entity::session::Model) -> SessionView {
    SessionView {
        id: s.id,
        client: client_name(s.client),
        profile_id: s.profile_id,
        created_at: s.created_at,
        expires_at: s.idle_expires_at.min(s.absolute_expires_at),
    }
}

/// `POST /api/v1/sessions`: signs a native app in; answers with its bearer token.
pub async fn sign_in(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<(StatusCode, Json<SignedIn>), ApiError> {
    let identifier = LoginIdentifier::parse(&body.identifier)?;
    let password = Password::parse(&body.password)?;
    let client = client_info(&parts.headers, &parts.extensions, &state);
    let signed = domain::auth::sign_in(
        state.services(),
        &identifier,
        &password,
        ClientKind::App,
        &client,
        body.device_cookie.as_deref(),
        Utc::now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(SignedIn {
            token: signed.token,
            session: session_view(&signed.session),
            device_cookie: signed.device_cookie,
        }),
    ))
}

/// `GET /api/v1/session`: the caller's own session, device and the account's profiles.
pub async fn show(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    let db = &state.services().db;
    let s = &caller.session;
    let account = accounts::get(db, s.account_id).await?;
    let device = devices::get(db, s.account_id, s.device_id).await?;
    let row = domain::sessions::get(db, s.account_id, s.session_id).await?;
    let profiles = profiles::list(db, s.account_id)
        .await?
        .into_iter()
        .map(|p| ProfileView {
            id: p.id,
            name: p.name,
            avatar: p.avatar,
            maturity_level: p.maturity_level.into(),
            kids: p.is_kids,
        })
        .collect();
    Ok(Json(Me {
        email: account.email,
        session: session_view(&row),
        device: DeviceView {
            id: device.id,
            name: device.name,
            kind: device.kind.into(),
            last_ip: device.last_ip,
            last_location: device.last_location,
        },
        profiles,
    }))
}

/// `POST /api/v1/session/sign-out`: ends the caller's own session.
pub async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    domain::auth::sign_out(
        state.services(),
        &caller.session,
        &caller.client,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
