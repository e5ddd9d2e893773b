//! Moments the pages show. The server writes each one in the reader's language and, once
//! the browser has told it (the `kg_tz` cookie the page sets), in the viewer's time zone;
//! without that, in UTC, saying so. After hydration the browser's own `Intl` says it again
//! in the page's language, so a change of language in place follows. The browser build
//! carries no date library.

use serde::{Deserialize, Serialize};

/// The cookie that tells the server the viewer's time zone ("Europe/Madrid"). It is no
/// credential and only changes how times read; the server accepts only zone names it knows.
pub const TIME_ZONE_COOKIE: &str = "kg_tz";

/// A moment, as the server writes it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// RFC 3339 in UTC: for `<time datetime>` and the browser's `Intl`.
    pub iso: String,
    /// How it reads for this viewer: "Dec 6, 2026, 9:04 PM" in their zone, or
    /// "Dec 6, 2026, 21:04 UTC" while the server does not know it.
    pub text: String,
}

/// How the viewer of a request reads moments: their language and, when known, time zone.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    pub locale: crate::i18n::Locale,
    pub zone: Option<chrono_tz::Tz>,
}

#[cfg(feature = "ssr")]
impl Dates {
    /// The viewer of the request being served.
    pub fn of_request() -> Self {
        let zone = crate::server::with_request(|parts| time_zone(&parts.headers)).flatten();
        Self {
            locale: crate::language::of_request(),
            zone,
        }
    }

    pub fn moment(&self, at: chrono::DateTime<chrono::Utc>) -> Moment {
        Moment {
            iso: at.to_rfc3339(),
            text: self.date_time(at),
        }
    }

    /// "Dec 6, 2026, 9:04 PM" / "6 dic 2026, 21:04"; "…, 21:04 UTC" without a zone.
    pub fn date_time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        use crate::i18n::td_string;
        let date = self.date(at);
        let time = self.time(at);
        td_string!(self.locale, dates.date_time, date = date, time = time)
    }

    /// "Dec 6, 2026" / "6 dic 2026", on the viewer's calendar (UTC without a zone).
    pub fn date(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        use crate::i18n::td_string;
        use chrono::Datelike;
        let local = self.local(at);
        let month = month_name(self.locale, local.month());
        td_string!(
            self.locale,
            dates.date,
            day = local.day(),
            month = month,
            year = local.year()
        )
    }

    /// "9:04 PM" / "21:04" in the viewer's zone; "21:04 UTC" without one.
    pub fn time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        use crate::i18n::td_string;
        use chrono::Timelike;
        let local = self.local(at);
        if self.zone.is_none() {
            return format!("{:02}:{:02} UTC", local.hour(), local.minute());
        }
        if td_string!(self.locale, dates.clock) == "12" {
            let (pm, hour) = local.hour12();
            let half = if pm {
                td_string!(self.locale, dates.pm)
            } else {
                td_string!(self.locale, dates.am)
            };
            format!("{hour}:{:02} {half}", local.minute())
        } else {
            // CLDR's 24-hour clock for these languages is "H:mm": no leading zero.
            format!("{}:{:02}", local.hour(), local.minute())
        }
    }

    fn local(&self, at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
        match self.zone {
            Some(zone) => at.with_timezone(&zone).naive_local(),
            None => at.naive_utc(),
        }
    }
}

/// The viewer's time zone from the request's `kg_tz` cookie, if it names a zone.
#[cfg(feature = "ssr")]
pub fn time_zone(headers: &axum::http::HeaderMap) -> Option<chrono_tz::Tz> {
    crate::server::read_cookie(headers, TIME_ZONE_COOKIE)?
        .parse()
        .ok()
}

#[cfg(feature = "ssr")]
fn month_name(locale: crate::i18n::Locale, month: u32) -> &'static str {
    use crate::i18n::td_string;
    match month {
        1 => td_string!(locale, dates.months.jan),
        2 => td_string!(locale, dates.months.feb),
        3 => td_string!(locale, dates.months.mar),
        4 => td_string!(locale, dates.months.apr),
        5 => td_string!(locale, dates.months.may),
        6 => td_string!(locale, dates.months.jun),
        7 => td_string!(locale, dates.months.jul),
        8 => td_string!(locale, dates.months.aug),
        9 => td_string!(locale, dates.months.sep),
        10 => td_string!(locale, dates.months.oct),
        11 => td_string!(locale, dates.months.nov),
        _ => td_string!(locale, dates.months.dec),
    }
}

/// The browser's side: it tells the server its time zone, and says moments with `Intl`.
#[cfg(feature = "hydrate")]
pub mod browser {
    use leptos::wasm_bindgen::JsValue;
    use leptos::web_sys::js_sys::{Array, Date, Intl, Object, Reflect};

    /// Sets the `kg_tz` cookie to the browser's zone when it says otherwise, so the next
    /// pages the server writes — also with JavaScript off — read in the viewer's zone.
    pub fn remember_time_zone() {
        let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
        let Some(zone) = Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|z| z.as_string())
        else {
            return;
        };
        // Zone names are letters, digits and `/_+-`: nothing that could end the cookie.
        if zone.is_empty()
            || !zone
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
        {
            return;
        }
        let document = leptos::prelude::document();
        let current = Reflect::get(&document, &"cookie".into())
            .ok()
            .and_then(|c| c.as_string())
            .unwrap_or_default();
        let wanted = format!("{}={zone}", super::TIME_ZONE_COOKIE);
        if current.split(';').any(|c| c.trim() == wanted) {
            return;
        }
        let secure = leptos::prelude::window()
            .location()
            .protocol()
            .is_ok_and(|p| p == "https:");
        let cookie = format!(
            "{wanted}; Path=/; Max-Age=31536000; SameSite=Lax{}",
            if secure { "; Secure" } else { "" }
        );
        let _ = Reflect::set(&document, &"cookie".into(), &JsValue::from_str(&cookie));
    }

    /// `iso` as the page's language says a date and time, in the viewer's zone.
    pub fn say(iso: &str, language: &str) -> String {
        let date = Date::new(&JsValue::from_str(iso));
        let options = Object::new();
        let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
        date.to_locale_string(language, &options).into()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use chrono::TimeZone;

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc.with_ymd_and_hms(2026, 12, 6, 21, 4, 5).unwrap()
    }

    #[test]
    fn without_a_zone_a_moment_reads_in_utc_and_says_so() {
        let en = Dates {
            locale: Locale::en,
            zone: None,
        }
        .moment(at());
        assert_eq!(en.text, "Dec 6, 2026, 21:04 UTC");
        assert_eq!(en.iso, "2026-12-06T21:04:05+00:00");
        let es = Dates {
            locale: Locale::es,
            zone: None,
        }
        .moment(at());
        assert_eq!(es.text, "6 dic 2026, 21:04 UTC");
    }

    #[test]
    fn with_a_zone_a_moment_reads_as_the_browsers_intl_says_it() {
        // What Chromium's `toLocaleString(lang, {dateStyle: "medium", timeStyle: "short"})`
        // writes, so nothing changes when the page hydrates.
        let madrid = Some(chrono_tz::Europe::Madrid);
        let es = Dates {
            locale: Locale::es,
            zone: madrid,
        };
        assert_eq!(es.date_time(at()), "6 dic 2026, 22:04");
        // Before ten in the morning the hour has one digit, as Intl writes it.
        let early = chrono::Utc.with_ymd_and_hms(2026, 12, 6, 15, 4, 0).unwrap();
        let tokyo_es = Dates {
            locale: Locale::es,
            zone: Some(chrono_tz::Asia::Tokyo),
        };
        assert_eq!(tokyo_es.date_time(early), "7 dic 2026, 0:04");
        assert_eq!(es.date_time(early), "6 dic 2026, 16:04");
        let morning = chrono::Utc.with_ymd_and_hms(2026, 12, 6, 7, 9, 0).unwrap();
        assert_eq!(es.time(morning), "8:09");
        let new_york = Some(chrono_tz::America::New_York);
        let en = Dates {
            locale: Locale::en,
            zone: new_york,
        };
        assert_eq!(en.date_time(at()), "Dec 6, 2026, 4:04 PM");
        // The calendar day is the viewer's: 21:04 UTC is the next day in Tokyo.
        let tokyo = Dates {
            locale: Locale::en,
            zone: Some(chrono_tz::Asia::Tokyo),
        };
        assert_eq!(tokyo.date_time(at()), "Dec 7, 2026, 6:04 AM");
        let noon = chrono::Utc.with_ymd_and_hms(2026, 9, 1, 12, 30, 0).unwrap();
        let utc = Dates {
            locale: Locale::en,
            zone: Some(chrono_tz::UTC),
        };
        assert_eq!(utc.date_time(noon), "Sep 1, 2026, 12:30 PM");
        assert_eq!(
            Dates {
                locale: Locale::es,
                zone: Some(chrono_tz::UTC)
            }
            .date(noon),
            "1 sept 2026"
        );
    }

    #[test]
    fn only_a_known_zone_is_taken_from_the_cookie() {
        use axum::http::{HeaderMap, HeaderValue, header};
        let with = |cookie: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
            time_zone(&headers)
        };
        assert_eq!(with("kg_tz=Europe/Madrid"), Some(chrono_tz::Europe::Madrid));
        assert_eq!(
            with("a=b; kg_tz=America/New_York"),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(with("kg_tz=Mars/Olympus"), None);
        assert_eq!(with("kg_tz=<script>"), None);
        assert_eq!(with("kg_tz="), None);
        assert_eq!(time_zone(&HeaderMap::new()), None);
    }
}
