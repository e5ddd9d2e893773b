//! What sort of device a session runs on, as the browser and the server both see it.

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// Sent as "browser", "phone", "tablet", "tv" or "console", the spelling the database
/// stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    Browser,
    Phone,
    Tablet,
    Tv,
    Console,
}

impl DeviceKind {
    pub const EVERY: [Self; 5] = [
        Self::Browser,
        Self::Phone,
        Self::Tablet,
        Self::Tv,
        Self::Console,
    ];

    /// The kind as the device list names it, in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Browser => td_string!(locale, devices.kinds.computer),
            Self::Phone => td_string!(locale, devices.kinds.phone),
            Self::Tablet => td_string!(locale, devices.kinds.tablet),
            Self::Tv => td_string!(locale, devices.kinds.tv),
            Self::Console => td_string!(locale, devices.kinds.console),
        }
    }
}

#[cfg(feature = "ssr")]
mod stored {
    use super::DeviceKind;
    use domain::entity::device::DeviceKind as Stored;

    impl From<Stored> for DeviceKind {
        fn from(kind: Stored) -> Self {
            match kind {
                Stored::Browser => Self::Browser,
                Stored::Phone => Self::Phone,
                Stored::Tablet => Self::Tablet,
                Stored::Tv => Self::Tv,
                Stored::Console => Self::Console,
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
                let kind = DeviceKind::from(stored);
                assert!(DeviceKind::EVERY.contains(&kind));
                assert_eq!(
                    serde_json::to_string(&kind).unwrap(),
                    format!("\"{}\"", stored.to_value())
                );
            }
        }
    }
}
