//! Where a device was, as the pages say it. The server stores a found place as the geo-IP
//! database names it ("Porto, Portugal", kept as is), and a few fixed words in English for
//! the rest; those are said in the reader's language here.

use crate::i18n::{Locale, td_string};

/// What the server stores for a loopback or private address.
pub const LOCAL_NETWORK: &str = "Local network";
/// What the server stores for an address the geo-IP database does not know.
pub const UNKNOWN_LOCATION: &str = "Unknown location";
/// What the server shows once a deactivated device's addresses were erased.
pub const ERASED: &str = "Erased";

/// `stored` in `locale`; nothing stored is an unknown location.
pub fn name(locale: Locale, stored: Option<&str>) -> String {
    match stored {
        None | Some(UNKNOWN_LOCATION) => td_string!(locale, activity.unknown_location).to_owned(),
        Some(LOCAL_NETWORK) => td_string!(locale, activity.local_network).to_owned(),
        Some(ERASED) => td_string!(locale, activity.erased).to_owned(),
        Some(found) => found.to_owned(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use domain::geo::Place;

    #[test]
    fn the_servers_fixed_words_are_the_ones_translated() {
        assert_eq!(Place::Local.describe(), LOCAL_NETWORK);
        assert_eq!(Place::Unknown.describe(), UNKNOWN_LOCATION);
        assert_eq!(name(Locale::es, Some(LOCAL_NETWORK)), "Red local");
        assert_eq!(
            name(Locale::es, Some(UNKNOWN_LOCATION)),
            "Ubicación desconocida"
        );
        assert_eq!(name(Locale::es, None), "Ubicación desconocida");
        assert_eq!(name(Locale::es, Some(ERASED)), "Borrada");
        assert_eq!(name(Locale::es, Some("Porto, Portugal")), "Porto, Portugal");
        assert_eq!(name(Locale::en, Some(LOCAL_NETWORK)), LOCAL_NETWORK);
    }
}
