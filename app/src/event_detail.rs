//! What a security event's row says beyond its kind ("Kids: maturity level set to 7+"),
//! said in the reader's language. The services store it as JSON (`domain::events::Detail`);
//! rows from before that hold English text, shown as stored.

use crate::device_name::DeviceName;
use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// A detail as the pages get it: `domain::events::Detail` with its device names taken
/// apart, so both follow the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventDetail {
    SessionsEnded {
        count: u64,
    },
    OthersSignedOut {
        count: u64,
    },
    OthersStayed,
    ReauthFailed,
    TvApproved {
        device: DeviceName,
        place: Option<String>,
    },
    DeviceSignedOut {
        device: DeviceName,
    },
    DeviceDeactivated {
        device: DeviceName,
    },
    PinCreated,
    PinChanged,
    PinRemoved,
    MaturitySet {
        profile: String,
        level: String,
    },
    TitleBlocked {
        profile: String,
        title: String,
    },
    TitleUnblocked {
        profile: String,
        title: String,
    },
    ProfileLocked {
        profile: String,
    },
    ProfileUnlocked {
        profile: String,
    },
    ProfileAdded {
        profile: String,
    },
    ProfileDeleted {
        profile: String,
    },
    WrongParentalPin {
        profile: String,
    },
    WrongLockPin {
        profile: String,
    },
    /// A row written before details were stored as data: its English text.
    Written {
        text: String,
    },
}

#[cfg(feature = "ssr")]
impl From<domain::events::Detail> for EventDetail {
    fn from(detail: domain::events::Detail) -> Self {
        use domain::events::Detail;
        match detail {
            Detail::SessionsEnded { count } => Self::SessionsEnded { count },
            Detail::OthersSignedOut { count } => Self::OthersSignedOut { count },
            Detail::OthersStayed => Self::OthersStayed,
            Detail::ReauthFailed => Self::ReauthFailed,
            Detail::TvApproved { device, place } => Self::TvApproved {
                device: DeviceName::of(&device),
                place,
            },
            Detail::DeviceSignedOut { device } => Self::DeviceSignedOut {
                device: DeviceName::of(&device),
            },
            Detail::DeviceDeactivated { device } => Self::DeviceDeactivated {
                device: DeviceName::of(&device),
            },
            Detail::PinCreated => Self::PinCreated,
            Detail::PinChanged => Self::PinChanged,
            Detail::PinRemoved => Self::PinRemoved,
            Detail::MaturitySet { profile, level } => Self::MaturitySet { profile, level },
            Detail::TitleBlocked { profile, title } => Self::TitleBlocked { profile, title },
            Detail::TitleUnblocked { profile, title } => Self::TitleUnblocked { profile, title },
            Detail::ProfileLocked { profile } => Self::ProfileLocked { profile },
            Detail::ProfileUnlocked { profile } => Self::ProfileUnlocked { profile },
            Detail::ProfileAdded { profile } => Self::ProfileAdded { profile },
            Detail::ProfileDeleted { profile } => Self::ProfileDeleted { profile },
            Detail::WrongParentalPin { profile } => Self::WrongParentalPin { profile },
            Detail::WrongLockPin { profile } => Self::WrongLockPin { profile },
        }
    }
}

impl EventDetail {
    /// The stored detail; text that is not a detail's JSON is an older row's own words.
    #[cfg(feature = "ssr")]
    pub fn read(stored: &str) -> Self {
        match domain::events::Detail::read(stored) {
            Some(detail) => detail.into(),
            None => Self::Written {
                text: stored.to_owned(),
            },
        }
    }

    pub fn say(&self, locale: Locale) -> String {
        match self {
            Self::SessionsEnded { count } => {
                td_string!(locale, activity.details.sessions_ended, count = *count)
            }
            Self::OthersSignedOut { count } => {
                td_string!(locale, activity.details.others_signed_out, count = *count)
            }
            Self::OthersStayed => td_string!(locale, activity.details.others_stayed).to_owned(),
            Self::ReauthFailed => td_string!(locale, activity.details.reauth_failed).to_owned(),
            Self::TvApproved { device, place } => match place {
                Some(_) => {
                    let device = device.say(locale);
                    let place = crate::place::name(locale, place.as_deref());
                    td_string!(
                        locale,
                        activity.details.tv_approved_near,
                        device = device,
                        place = place
                    )
                }
                None => {
                    let device = device.say(locale);
                    td_string!(locale, activity.details.tv_approved, device = device)
                }
            },
            Self::DeviceSignedOut { device } => {
                let device = device.say(locale);
                td_string!(locale, activity.details.device_signed_out, device = device)
            }
            Self::DeviceDeactivated { device } => {
                let device = device.say(locale);
                td_string!(locale, activity.details.device_deactivated, device = device)
            }
            Self::PinCreated => td_string!(locale, activity.details.pin_created).to_owned(),
            Self::PinChanged => td_string!(locale, activity.details.pin_changed).to_owned(),
            Self::PinRemoved => td_string!(locale, activity.details.pin_removed).to_owned(),
            Self::MaturitySet { profile, level } => {
                // Said as the parental page names the level ("7+ — niños mayores").
                let level = crate::maturity::MaturityLevel::EVERY
                    .into_iter()
                    .find(|l| l.as_str() == level)
                    .map_or(level.as_str(), |l| l.description(locale));
                td_string!(
                    locale,
                    activity.details.maturity_set,
                    profile = profile,
                    level = level
                )
            }
            Self::TitleBlocked { profile, title } => td_string!(
                locale,
                activity.details.title_blocked,
                profile = profile,
                title = title
            ),
            Self::TitleUnblocked { profile, title } => td_string!(
                locale,
                activity.details.title_unblocked,
                profile = profile,
                title = title
            ),
            Self::ProfileLocked { profile } => {
                td_string!(locale, activity.details.profile_locked, profile = profile)
            }
            Self::ProfileUnlocked { profile } => {
                td_string!(locale, activity.details.profile_unlocked, profile = profile)
            }
            Self::ProfileAdded { profile } => {
                td_string!(locale, activity.details.profile_added, profile = profile)
            }
            Self::ProfileDeleted { profile } => {
                td_string!(locale, activity.details.profile_deleted, profile = profile)
            }
            Self::WrongParentalPin { profile } => {
                td_string!(
                    locale,
                    activity.details.wrong_parental_pin,
                    profile = profile
                )
            }
            Self::WrongLockPin { profile } => {
                td_string!(locale, activity.details.wrong_lock_pin, profile = profile)
            }
            Self::Written { text } => text.clone(),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use domain::events::Detail;

    /// Every detail the services store, once.
    fn every_detail() -> Vec<Detail> {
        let all = vec![
            Detail::SessionsEnded { count: 2 },
            Detail::OthersSignedOut { count: 1 },
            Detail::OthersStayed,
            Detail::ReauthFailed,
            Detail::TvApproved {
                device: "Smart TV".into(),
                place: Some("Local network".into()),
            },
            Detail::DeviceSignedOut {
                device: "Safari on iPhone".into(),
            },
            Detail::DeviceDeactivated {
                device: "Safari on iPhone".into(),
            },
            Detail::PinCreated,
            Detail::PinChanged,
            Detail::PinRemoved,
            Detail::MaturitySet {
                profile: "Kids".into(),
                level: "7+".into(),
            },
            Detail::TitleBlocked {
                profile: "Kids".into(),
                title: "Noche de Ánimas".into(),
            },
            Detail::TitleUnblocked {
                profile: "Kids".into(),
                title: "Noche de Ánimas".into(),
            },
            Detail::ProfileLocked {
                profile: "Kids".into(),
            },
            Detail::ProfileUnlocked {
                profile: "Kids".into(),
            },
            Detail::ProfileAdded {
                profile: "Kids".into(),
            },
            Detail::ProfileDeleted {
                profile: "Kids".into(),
            },
            Detail::WrongParentalPin {
                profile: "Kids".into(),
            },
            Detail::WrongLockPin {
                profile: "Kids".into(),
            },
        ];
        all
    }

    #[test]
    fn every_stored_detail_is_read_and_said_in_both_languages() {
        for detail in every_detail() {
            let read = EventDetail::read(&detail.store());
            assert!(
                !matches!(read, EventDetail::Written { .. }),
                "{detail:?} was not read"
            );
            for locale in [Locale::en, Locale::es] {
                assert!(!read.say(locale).is_empty());
            }
        }
    }

    #[test]
    fn a_detail_reads_as_the_reader_speaks() {
        let set = EventDetail::read(
            &Detail::MaturitySet {
                profile: "Kids".into(),
                level: "7+".into(),
            }
            .store(),
        );
        assert_eq!(
            set.say(Locale::en),
            "Kids: maturity level set to 7+ — older kids"
        );
        assert_eq!(
            set.say(Locale::es),
            "Kids: clasificación por edad fijada en 7+ — niños mayores"
        );
        let tv = EventDetail::read(
            &Detail::TvApproved {
                device: "Smart TV".into(),
                place: Some("Local network".into()),
            }
            .store(),
        );
        assert_eq!(tv.say(Locale::es), "Se aprobó Smart TV (Red local)");
        let signed_out = EventDetail::read(
            &Detail::DeviceSignedOut {
                device: "Safari on iPhone".into(),
            }
            .store(),
        );
        assert_eq!(
            signed_out.say(Locale::es),
            "Se cerró la sesión de Safari en iPhone"
        );
        let ended = EventDetail::read(&Detail::SessionsEnded { count: 1 }.store());
        assert_eq!(ended.say(Locale::en), "1 session ended");
        assert_eq!(ended.say(Locale::es), "Terminó 1 sesión");
    }

    #[test]
    fn an_older_rows_english_text_is_shown_as_stored() {
        let old = EventDetail::read("Kids: maturity level set to 7+");
        assert_eq!(old.say(Locale::es), "Kids: maturity level set to 7+");
        // Markup in a stored detail stays text: the view escapes it.
        let odd = EventDetail::read("{\"what\":\"nonsense\"}");
        assert!(matches!(odd, EventDetail::Written { .. }));
    }
}
