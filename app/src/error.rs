use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The only errors a browser ever sees. Messages are written for the subscriber; nothing
/// internal (SQL, paths, stack traces) is carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No live session: the page sends the browser to the sign-in page.
    #[error("Your session has ended. Please sign in again.")]
    Unauthorized,
    /// Bad input; the message says what to fix.
    #[error("{0}")]
    Invalid(String),
    #[error("That was not found.")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    /// The title or profile needs a 4-digit PIN.
    #[error("Enter the 4-digit PIN to continue.")]
    PinRequired,
    #[error("Too many wrong PINs. Try again at {retry_at} UTC.")]
    PinLocked {
        /// "21:04", in UTC.
        retry_at: String,
    },
    /// A sensitive action needs the account password entered again.
    #[error("For your security, enter your password to continue.")]
    ReauthRequired,
    #[error("Too many attempts. Try again in {}.", minutes_text(*retry_after_secs))]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("We could not reach Kinoguard. Check your connection and try again.")]
    Network,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

fn minutes_text(secs: i64) -> String {
    match secs {
        ..=59 => {
            let s = secs.max(1);
            format!("{s} second{}", if s == 1 { "" } else { "s" })
        }
        _ => {
            let m = (secs + 59) / 60;
            format!("{m} minute{}", if m == 1 { "" } else { "s" })
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                Self::Invalid("The form was incomplete or malformed. Please try again.".into())
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Network,
            _ => Self::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
