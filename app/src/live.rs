//! The live channel's wire format, shared by the server that sends it (`GET /api/live`,
//! Server-Sent Events) and the page that listens.

use serde::{Deserialize, Serialize};

/// Where a signed-in page opens its channel.
pub const PATH: &str = "/api/live";

/// The SSE event names.
pub const SIGNED_OUT: &str = "signed-out";
pub const DEVICES_CHANGED: &str = "devices-changed";
pub const STREAM_STOPPED: &str = "stream-stopped";

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
    /// The session was unused too long, or reached its lifetime.
    Expired,
    /// The server no longer knows this session.
    Unknown,
}

impl SignedOutReason {
    /// The second half of "You were signed out — …".
    pub fn explanation(self) -> &'static str {
        match self {
            Self::SignOut => "you signed out of this device in another window.",
            Self::SignOutAll => "someone chose “Sign out of all devices” for this account.",
            Self::DeviceSignedOut => "this device was signed out from another device.",
            Self::DeviceDeactivated => "this device was deactivated from another device.",
            Self::PasswordChanged => "the account password was changed on another device.",
            Self::Operator => "the service's support signed out every device of this account.",
            Self::Expired => "your session expired.",
            Self::Unknown => "this session is no longer valid.",
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
