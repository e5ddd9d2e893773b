//! What the device API (`/api/v1`) tells a person when it refuses a request, in the
//! account's language or the request's `Accept-Language`. The JSON's `code` is for
//! programs and never changes with the language.

use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use chrono::{DateTime, Utc};
use domain::error::Problem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiMessage {
    Problem(Problem),
    Unauthorized,
    NotFound,
    InvalidCredentials,
    Forbidden,
    LockPinRequired,
    PinRequired,
    PinLocked {
        retry_at: DateTime<Utc>,
    },
    ReauthRequired,
    Throttled {
        retry_at: DateTime<Utc>,
    },
    Internal,
    /// The body was not the JSON the route takes; `detail` is the parser's own (English)
    /// words, sent apart from the message for a program's author.
    BadJson {
        detail: String,
    },
    TvOnly,
    CodeExpired,
    ProfileNeeded,
}

impl ApiMessage {
    pub fn say(&self, locale: Locale) -> String {
        match self {
            Self::Problem(problem) => crate::problem::say(locale, problem),
            Self::Unauthorized => td_string!(locale, api.unauthorized).to_owned(),
            Self::NotFound => td_string!(locale, api.not_found).to_owned(),
            Self::InvalidCredentials => td_string!(locale, errors.invalid_credentials).to_owned(),
            Self::Forbidden => td_string!(locale, api.forbidden).to_owned(),
            Self::LockPinRequired => td_string!(locale, api.lock_pin_required).to_owned(),
            Self::PinRequired => td_string!(locale, api.pin_required).to_owned(),
            // An app may be anywhere: the time is given in UTC, saying so.
            Self::PinLocked { retry_at } => AppError::PinLocked {
                retry_at: crate::moment::Dates { locale, zone: None }.time(*retry_at),
            }
            .message(locale),
            Self::ReauthRequired => td_string!(locale, api.reauth_required).to_owned(),
            Self::Throttled { retry_at } => AppError::TooManyAttempts {
                retry_after_secs: (*retry_at - Utc::now()).num_seconds().max(1),
            }
            .message(locale),
            Self::Internal => td_string!(locale, errors.internal).to_owned(),
            Self::BadJson { .. } => td_string!(locale, api.bad_json).to_owned(),
            Self::TvOnly => td_string!(locale, api.tv_only).to_owned(),
            Self::CodeExpired => td_string!(locale, api.code_expired).to_owned(),
            Self::ProfileNeeded => td_string!(locale, api.profile_needed).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_device_api_says_its_refusals_in_both_languages() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 21, 4, 0).unwrap();
        let locked = ApiMessage::PinLocked { retry_at: at };
        assert_eq!(
            locked.say(Locale::en),
            "Too many wrong PINs. Try again at 21:04 UTC."
        );
        assert_eq!(
            locked.say(Locale::es),
            "Demasiados PIN incorrectos. Vuelve a intentarlo a las 21:04 UTC."
        );
        assert_eq!(
            ApiMessage::Problem(Problem::TvCodeGone).say(Locale::es),
            "Ese código se acaba de usar o ha caducado."
        );
        assert_eq!(
            ApiMessage::ProfileNeeded.say(Locale::en),
            "Choose a profile: send profile_id."
        );
    }
}
