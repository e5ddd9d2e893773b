//! What was wrong with a request, as the services find it. A problem carries the values its
//! message needs; the words live in the site's language files (`app/locales`, section
//! `problems`), so a reader gets them in their language and the CLI in English.

/// A request the services refused, in terms the person who made it can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    EmailMissing,
    EmailTooLong {
        max: usize,
    },
    EmailNotValid,
    /// What was given for a phone region, as typed.
    RegionNotValid {
        given: String,
    },
    RegionAlreadySet {
        region: String,
    },
    PhoneMissing,
    PhoneTooLong,
    PhoneCharacters,
    PhoneNeedsCountryCode,
    /// Not a number of `region`, where the number was read without a country code.
    PhoneNotValidIn {
        region: String,
    },
    PhoneNotValid,
    IdentifierMissing,
    IdentifierNotValid,
    PasswordMissing,
    PasswordTooLong {
        max: usize,
    },
    NewPasswordMissing {
        min: usize,
    },
    PasswordTooShort {
        min: usize,
    },
    PasswordCommon,
    PasswordWrong,
    CurrentPasswordMissing,
    CurrentPasswordWrong,
    PasswordUnchanged,
    PasswordsDiffer,
    PinMissing,
    PinLetters,
    PinSpaces,
    PinCharacters,
    PinLength,
    PinWrong,
    ProfileNameMissing,
    ProfileNameTooLong {
        max: usize,
    },
    ProfileNameControl,
    ProfileNameTaken {
        name: String,
    },
    AvatarUnknown,
    ProfilesFull {
        max: u64,
    },
    OwnerProfileKept,
    ProfileNotChosen,
    KidsMaturity,
    StreamStopped,
    PositionOutOfRange,
    TvCodeShape,
    TvCodeUnknown,
    TvCodeGone,
    PageLinkNotValid,
    /// A "This wasn't me" link that was used already, expired or never existed.
    SecureLinkUnusable,
    /// A "This wasn't me" link of another account than the one signed in.
    SecureLinkOtherAccount,
    /// A security activity filter the page does not offer.
    FilterNotValid,
    EmailTaken,
    PhoneTaken,
    IdentifierTaken,
    /// The service's operator disabled the account (`kinoguard disable`); said only
    /// after the right password, so it tells a guesser nothing.
    AccountDisabled,
}
