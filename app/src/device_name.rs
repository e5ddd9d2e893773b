//! Device names in the reader's language: the services write "Chrome on Windows" from the
//! browser's User-Agent, and a Spanish reader sees "Chrome en Windows".

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeviceName {
    /// A browser on a system; no browser where the User-Agent did not say.
    On {
        browser: Option<String>,
        system: String,
    },
    Unknown,
    /// An operator acting for support, from the command line.
    Support,
    /// A name said the same in every language ("Smart TV", "PlayStation").
    Plain(String),
}

impl DeviceName {
    /// The name the services stored.
    #[cfg(feature = "ssr")]
    pub fn of(stored: &str) -> Self {
        use domain::device_name::{NameParts, parts};
        match parts(stored) {
            NameParts::On { browser, system } => Self::On {
                browser: browser.map(str::to_owned),
                system: system.to_owned(),
            },
            NameParts::Unknown => Self::Unknown,
            NameParts::Support => Self::Support,
            NameParts::Plain(name) => Self::Plain(name.to_owned()),
        }
    }

    pub fn say(&self, locale: Locale) -> String {
        match self {
            Self::On {
                browser: Some(browser),
                system,
            } => td_string!(locale, devices.name_on, browser = browser, system = system),
            Self::On {
                browser: None,
                system,
            } => td_string!(locale, devices.name_browser_on, system = system),
            Self::Unknown => td_string!(locale, devices.name_unknown).to_owned(),
            Self::Support => td_string!(locale, devices.name_support).to_owned(),
            Self::Plain(name) => name.clone(),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_named_in_the_readers_language() {
        let chrome = DeviceName::of("Chrome on Windows");
        assert_eq!(chrome.say(Locale::en), "Chrome on Windows");
        assert_eq!(chrome.say(Locale::es), "Chrome en Windows");
        assert_eq!(
            DeviceName::of("Browser on Linux").say(Locale::es),
            "Navegador en Linux"
        );
        assert_eq!(
            DeviceName::of("Unknown device").say(Locale::es),
            "Dispositivo desconocido"
        );
        assert_eq!(DeviceName::of("Smart TV").say(Locale::es), "Smart TV");
        assert_eq!(
            DeviceName::of("Service support (command line)").say(Locale::es),
            "Atención al cliente (línea de comandos)"
        );
    }
}
