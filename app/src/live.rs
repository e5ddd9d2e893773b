//! The live channel's wire format, shared by the server that sends it (`GET /api/live`,
//! Server-Sent Events) and the page that listens.

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// Where a signed-in page opens its channel.
pub const PATH: &str = "/api/live";

/// The SSE event names.
pub const SIGNED_OUT: &str = "signed-out";
pub const DEVICES_CHANGED: &str = "devices-changed";
pub const STREAM_STOPPED: &str = "stream-stopped";
pub const SIGN_IN_NOTICES: &str = "sign-in-notices";
/// Sent first on every channel: the server's release (`crate::release`), as JSON text.
pub const RELEASE: &str = "release";

/// Why this page's session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedOutReason {
    /// Signed out on this device (in another tab or window).
    SignOut,
    /// "Sign out of all devices", from any device.
    SignOutAll,
    /// This device was signed out from another device.
    DeviceSignedOut,
    /// This device was deactivated from another device.
    DeviceDeactivated,
    /// The account password was changed on another device.
    PasswordChanged,
    /// The service's support ended the account's sessions.
    Operator,
    /// The owner chose "Secure my account" on another device.
    AccountSecured,
    /// The session was unused too long, or reached its lifetime.
    Expired,
    /// The server no longer knows this session.
    Unknown,
}

impl SignedOutReason {
    /// The second half of "You were signed out — …", in `locale`.
    pub fn explanation(self, locale: Locale) -> &'static str {
        match self {
            Self::SignOut => td_string!(locale, signed_out.reasons.sign_out),
            Self::SignOutAll => td_string!(locale, signed_out.reasons.sign_out_all),
            Self::DeviceSignedOut => td_string!(locale, signed_out.reasons.device_signed_out),
            Self::DeviceDeactivated => td_string!(locale, signed_out.reasons.device_deactivated),
            Self::PasswordChanged => td_string!(locale, signed_out.reasons.password_changed),
            Self::Operator => td_string!(locale, signed_out.reasons.operator),
            Self::AccountSecured => td_string!(locale, signed_out.reasons.account_secured),
            Self::Expired => td_string!(locale, signed_out.reasons.expired),
            Self::Unknown => td_string!(locale, signed_out.reasons.unknown),
        }
    }
}

/// The data of a [`SIGNED_OUT`] event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedOut {
    pub reason: SignedOutReason,
}

/// The data of a [`STREAM_STOPPED`] event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamStopped {
    pub playback_id: i64,
}
