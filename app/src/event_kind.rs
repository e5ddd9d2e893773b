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
            }
        }
    }
}
