//! Manage access and devices.

use crate::device_kind::DeviceKind;
use crate::device_name::DeviceName;
use crate::error::AppError;
use crate::moment::Moment;
#[cfg(feature = "ssr")]
use chrono::Utc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: i64,
    pub name: DeviceName,
    pub kind: DeviceKind,
    pub this_device: bool,
    pub signed_in: bool,
    pub last_active: Moment,
    pub last_ip: Option<String>,
    pub last_location: Option<String>,
    pub last_profile: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    pub devices: Vec<DeviceView>,
    pub needs_reauth: bool,
}

#[server(endpoint = "devices")]
pub async fn list_devices() -> Result<DeviceList, AppError> {
    use crate::server::{Caller, require_session};
    let Caller { ctx, session, .. } = require_session()?;
    let now = Utc::now();
    let dates = crate::moment::Dates::of_request();
    let devices = domain::devices::list(&ctx.services.db, &session, now)
        .await?
        .into_iter()
        .map(|d| DeviceView {
            id: d.device.id,
            kind: d.device.kind.into(),
            name: DeviceName::of(&d.device.name),
            this_device: d.this_device,
            signed_in: d.signed_in,
            last_active: dates.moment(d.device.last_seen_at),
            last_ip: d.device.last_ip,
            last_location: d.device.last_location,
            last_profile: d.last_profile,
        })
        .collect();
    Ok(DeviceList {
        devices,
        needs_reauth: !session.recently_authenticated(&ctx.services.policy, now),
    })
}

/// The device to confirm deactivating (the page shown without JavaScript).
#[server(endpoint = "device")]
pub async fn get_device(device_id: i64) -> Result<DeviceView, AppError> {
    list_devices()
        .await?
        .devices
        .into_iter()
        .find(|d| d.id == device_id)
        .ok_or(AppError::NotFound)
}

/// After acting on the caller's own device there is no session left to show a page with.
#[cfg(feature = "ssr")]
fn leave_if_own(own: bool, ctx: &crate::server::ServerContext, then: &str) {
    if own {
        crate::server::clear_browser_session(&ctx.cookie);
        leptos_axum::redirect("/login?signed_out=1");
    } else {
        leptos_axum::redirect(then);
    }
}

/// Signs a device out. Another device needs the password entered in the last 10 minutes
/// (`password` supplies it); this one never does.
#[server(endpoint = "sign_out_device")]
pub async fn sign_out_device(device_id: i64, password: Option<String>) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
    let Caller {
        ctx,
        mut session,
        client,
    } = require_session()?;
    let now = Utc::now();
    if let Some(password) = password.as_deref().filter(|p| !p.is_empty()) {
        let password = domain::password::Password::parse(password)?;
        domain::auth::reauthenticate(&ctx.services, &mut session, &password, &client, now).await?;
    }
    let own = domain::devices::sign_out(&ctx.services, &session, device_id, &client, now).await?;
    leave_if_own(own, &ctx, "/account/devices?done=signed_out");
    Ok(())
}

#[server(endpoint = "deactivate_device")]
pub async fn deactivate_device(device_id: i64, password: Option<String>) -> Result<(), AppError> {
    use crate::server::{Caller, require_session};
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
    let own = domain::devices::deactivate(&ctx.services, &session, device_id, &client, now).await?;
    leave_if_own(own, &ctx, "/account/devices?done=deactivated");
    Ok(())
}
