use crate::i18n::{Locale, td_string};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The only errors a browser ever sees. Messages are written for the subscriber (in
/// `locales/*.json`; `Display` gives the English one); nothing internal (SQL, paths, stack
/// traces) is carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// No live session: the page sends the browser to the sign-in page.
    Unauthorized,
    /// Bad input; the message says what to fix.
    Invalid(String),
    NotFound,
    Forbidden(String),
    /// The title or profile needs a 4-digit PIN.
    PinRequired,
    PinLocked {
        /// "21:04 UTC", or in the viewer's zone when the server knows it.
        retry_at: String,
    },
    /// A sensitive action needs the account password entered again.
    ReauthRequired,
    TooManyAttempts {
        retry_after_secs: i64,
    },
    Network,
    Internal,
    /// A newer release of Kinoguard answered (this page's server function is gone): the
    /// page reloads itself to run the new one.
    ReleaseChanged,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::en))
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// The message in the reader's language. `Invalid` and `Forbidden` carry a text the
    /// server already wrote in it.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::Unauthorized => td_string!(locale, errors.unauthorized).to_owned(),
            Self::Invalid(text) | Self::Forbidden(text) => text.clone(),
            Self::NotFound => td_string!(locale, errors.not_found).to_owned(),
            Self::PinRequired => td_string!(locale, errors.pin_required).to_owned(),
            Self::PinLocked { retry_at } => {
                td_string!(locale, errors.pin_locked, time = retry_at)
            }
            Self::ReauthRequired => td_string!(locale, errors.reauth_required).to_owned(),
            Self::TooManyAttempts { retry_after_secs } => {
                let wait = wait_text(locale, *retry_after_secs);
                td_string!(locale, errors.too_many_attempts, wait = wait)
            }
            Self::Network => td_string!(locale, errors.network).to_owned(),
            Self::Internal => td_string!(locale, errors.internal).to_owned(),
            Self::ReleaseChanged => td_string!(locale, errors.release_changed).to_owned(),
        }
    }
}

/// What a browser is told while the database cannot be reached.
pub fn unavailable(locale: Locale) -> &'static str {
    td_string!(locale, errors.unavailable)
}

/// "30 seconds", "2 minutes": a wait rounded up to whole minutes past the first one.
fn wait_text(locale: Locale, secs: i64) -> String {
    match secs {
        ..=59 => td_string!(locale, errors.seconds, count = secs.max(1)),
        _ => td_string!(locale, errors.minutes, count = (secs + 59) / 60),
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                Self::Invalid(td_string!(Locale::en, errors.malformed).to_owned())
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Network,
            _ => Self::Internal,
        }
    }

    fn de(data: leptos::server_fn::Bytes) -> Self {
        use leptos::server_fn::Decodes;
        let error = JsonEncoding::decode(data).unwrap_or_else(|e| {
            Self::from_server_fn_error(ServerFnErrorErr::Deserialization(e.to_string()))
        });
        // Every server function's failure passes here, in the browser: the one place to
        // notice that the server is a newer release than this page.
        if error == Self::ReleaseChanged {
            crate::release::replaced("a release without this server function");
        }
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_releases_answer_is_read_as_release_changed() {
        let said = serde_json::to_string(&AppError::ReleaseChanged).unwrap();
        assert_eq!(
            AppError::de(leptos::server_fn::Bytes::from(said)),
            AppError::ReleaseChanged
        );
        // Anything else a server might send is no release change.
        assert_eq!(
            AppError::de(leptos::server_fn::Bytes::from_static(b"<html>")),
            AppError::Invalid(td_string!(Locale::en, errors.malformed).to_owned())
        );
        assert!(
            AppError::ReleaseChanged
                .message(Locale::es)
                .contains("actualizar")
        );
    }

    #[test]
    fn throttle_messages_round_up_to_minutes() {
        let msg = |s| {
            AppError::TooManyAttempts {
                retry_after_secs: s,
            }
            .to_string()
        };
        assert_eq!(msg(1), "Too many attempts. Try again in 1 second.");
        assert_eq!(msg(30), "Too many attempts. Try again in 30 seconds.");
        assert_eq!(msg(61), "Too many attempts. Try again in 2 minutes.");
        assert_eq!(msg(300), "Too many attempts. Try again in 5 minutes.");
    }

    #[test]
    fn messages_are_written_in_the_readers_language() {
        let wait = |s, locale| {
            AppError::TooManyAttempts {
                retry_after_secs: s,
            }
            .message(locale)
        };
        assert_eq!(
            wait(1, Locale::en),
            "Too many attempts. Try again in 1 second."
        );
        assert_eq!(
            wait(61, Locale::en),
            "Too many attempts. Try again in 2 minutes."
        );
        assert_eq!(
            wait(1, Locale::es),
            "Demasiados intentos. Vuelve a intentarlo en 1 segundo."
        );
        assert_eq!(
            wait(30, Locale::es),
            "Demasiados intentos. Vuelve a intentarlo en 30 segundos."
        );
        assert_eq!(
            wait(60, Locale::es),
            "Demasiados intentos. Vuelve a intentarlo en 1 minuto."
        );
        assert_eq!(
            AppError::PinLocked {
                retry_at: "21:04 UTC".into()
            }
            .message(Locale::es),
            "Demasiados PIN incorrectos. Vuelve a intentarlo a las 21:04 UTC."
        );
        assert_eq!(
            AppError::Invalid("Sin cambios.".into()).message(Locale::en),
            "Sin cambios."
        );
    }
}
