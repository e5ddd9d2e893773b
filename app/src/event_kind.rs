//! What happened in a security event, as the security activity page names it.

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// Sent in the spelling the database stores ("sign_in", "pin_failed", …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    AccountCreated,
    SignIn,
    NewDeviceSignIn,
    SignInFailed,
    SignOut,
    SignOutAll,
    AccountSecured,
    AccountDisabled,
    AccountEnabled,
    PasswordReset,
    DeviceSignedOut,
    DeviceDeactivated,
    PasswordChanged,
    PinSet,
    PinRemoved,
    PinFailed,
    ParentalChanged,
    ProfileLockSet,
    ProfileLockRemoved,
    TvCodeApproved,
    ProfileAdded,
    ProfileDeleted,
}

impl EventKind {
    /// Every kind, in the order the security activity's filter lists them.
    pub const ALL: [EventKind; 22] = [
        Self::AccountCreated,
        Self::SignIn,
        Self::NewDeviceSignIn,
        Self::SignInFailed,
        Self::SignOut,
        Self::SignOutAll,
        Self::AccountSecured,
        Self::AccountDisabled,
        Self::AccountEnabled,
        Self::PasswordReset,
        Self::DeviceSignedOut,
        Self::DeviceDeactivated,
        Self::PasswordChanged,
        Self::PinSet,
        Self::PinRemoved,
        Self::PinFailed,
        Self::ParentalChanged,
        Self::ProfileLockSet,
        Self::ProfileLockRemoved,
        Self::TvCodeApproved,
        Self::ProfileAdded,
        Self::ProfileDeleted,
    ];

    /// The kind as the database stores it, and as filters and downloads name it.
    pub fn code(self) -> &'static str {
        match self {
            Self::AccountCreated => "account_created",
            Self::SignIn => "sign_in",
            Self::NewDeviceSignIn => "new_device_sign_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignOut => "sign_out",
            Self::SignOutAll => "sign_out_all",
            Self::AccountSecured => "account_secured",
            Self::AccountDisabled => "account_disabled",
            Self::AccountEnabled => "account_enabled",
            Self::PasswordReset => "password_reset",
            Self::DeviceSignedOut => "device_signed_out",
            Self::DeviceDeactivated => "device_deactivated",
            Self::PasswordChanged => "password_changed",
            Self::PinSet => "pin_set",
            Self::PinRemoved => "pin_removed",
            Self::PinFailed => "pin_failed",
            Self::ParentalChanged => "parental_changed",
            Self::ProfileLockSet => "profile_lock_set",
            Self::ProfileLockRemoved => "profile_lock_removed",
            Self::TvCodeApproved => "tv_code_approved",
            Self::ProfileAdded => "profile_added",
            Self::ProfileDeleted => "profile_deleted",
        }
    }

    /// The kind `code` names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// "Signed in", "Wrong PIN entered", … in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::AccountCreated => td_string!(locale, activity.events.account_created),
            Self::SignIn => td_string!(locale, activity.events.sign_in),
            Self::NewDeviceSignIn => td_string!(locale, activity.events.new_device_sign_in),
            Self::SignInFailed => td_string!(locale, activity.events.sign_in_failed),
            Self::SignOut => td_string!(locale, activity.events.sign_out),
            Self::SignOutAll => td_string!(locale, activity.events.sign_out_all),
            Self::AccountSecured => td_string!(locale, activity.events.account_secured),
            Self::AccountDisabled => td_string!(locale, activity.events.account_disabled),
            Self::AccountEnabled => td_string!(locale, activity.events.account_enabled),
            Self::PasswordReset => td_string!(locale, activity.events.password_reset),
            Self::DeviceSignedOut => td_string!(locale, activity.events.device_signed_out),
            Self::DeviceDeactivated => td_string!(locale, activity.events.device_deactivated),
            Self::PasswordChanged => td_string!(locale, activity.events.password_changed),
            Self::PinSet => td_string!(locale, activity.events.pin_set),
            Self::PinRemoved => td_string!(locale, activity.events.pin_removed),
            Self::PinFailed => td_string!(locale, activity.events.pin_failed),
            Self::ParentalChanged => td_string!(locale, activity.events.parental_changed),
            Self::ProfileLockSet => td_string!(locale, activity.events.profile_lock_set),
            Self::ProfileLockRemoved => td_string!(locale, activity.events.profile_lock_removed),
            Self::TvCodeApproved => td_string!(locale, activity.events.tv_code_approved),
            Self::ProfileAdded => td_string!(locale, activity.events.profile_added),
            Self::ProfileDeleted => td_string!(locale, activity.events.profile_deleted),
        }
    }
}

#[cfg(feature = "ssr")]
mod stored {
    use super::EventKind;
    use domain::entity::security_event::SecurityEventKind as Stored;

    impl From<Stored> for EventKind {
        fn from(kind: Stored) -> Self {
            match kind {
                Stored::AccountCreated => Self::AccountCreated,
                Stored::SignIn => Self::SignIn,
                Stored::NewDeviceSignIn => Self::NewDeviceSignIn,
                Stored::SignInFailed => Self::SignInFailed,
                Stored::SignOut => Self::SignOut,
                Stored::SignOutAll => Self::SignOutAll,
                Stored::AccountSecured => Self::AccountSecured,
                Stored::AccountDisabled => Self::AccountDisabled,
                Stored::AccountEnabled => Self::AccountEnabled,
                Stored::PasswordReset => Self::PasswordReset,
                Stored::DeviceSignedOut => Self::DeviceSignedOut,
                Stored::DeviceDeactivated => Self::DeviceDeactivated,
                Stored::PasswordChanged => Self::PasswordChanged,
                Stored::PinSet => Self::PinSet,
                Stored::PinRemoved => Self::PinRemoved,
                Stored::PinFailed => Self::PinFailed,
                Stored::ParentalChanged => Self::ParentalChanged,
                Stored::ProfileLockSet => Self::ProfileLockSet,
                Stored::ProfileLockRemoved => Self::ProfileLockRemoved,
                Stored::TvCodeApproved => Self::TvCodeApproved,
                Stored::ProfileAdded => Self::ProfileAdded,
                Stored::ProfileDeleted => Self::ProfileDeleted,
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use sea_orm::{ActiveEnum, Iterable};

        #[test]
        fn the_wire_spells_each_kind_as_the_database_stores_it() {
            for stored in Stored::iter() {
                assert_eq!(
                    serde_json::to_string(&EventKind::from(stored)).unwrap(),
                    format!("\"{}\"", stored.to_value())
                );
                assert_eq!(EventKind::from(stored).code(), stored.to_value());
                assert_eq!(
                    EventKind::from_code(&stored.to_value()),
                    Some(EventKind::from(stored))
                );
            }
        }
    }
}
