//! The services' problems (`domain::error::Problem`) in the reader's language: the web's
//! messages, the device API's and, in English, the operator's CLI.

use crate::i18n::{Locale, td_string};
use domain::error::Problem;

/// What `problem` asks the reader to change, in `locale`.
pub fn say(locale: Locale, problem: &Problem) -> String {
    match problem {
        Problem::EmailMissing => td_string!(locale, problems.email_missing).to_owned(),
        Problem::EmailTooLong { max } => td_string!(locale, problems.email_too_long, max = max),
        Problem::EmailNotValid => td_string!(locale, problems.email_not_valid).to_owned(),
        Problem::RegionNotValid { given } => {
            td_string!(locale, problems.region_not_valid, given = given)
        }
        Problem::RegionAlreadySet { region } => {
            td_string!(locale, problems.region_already_set, region = region)
        }
        Problem::PhoneMissing => td_string!(locale, problems.phone_missing).to_owned(),
        Problem::PhoneTooLong => td_string!(locale, problems.phone_too_long).to_owned(),
        Problem::PhoneCharacters => td_string!(locale, problems.phone_characters).to_owned(),
        Problem::PhoneNeedsCountryCode => {
            td_string!(locale, problems.phone_needs_country_code).to_owned()
        }
        Problem::PhoneNotValidIn { region } => {
            td_string!(locale, problems.phone_not_valid_in, region = region)
        }
        Problem::PhoneNotValid => td_string!(locale, problems.phone_not_valid).to_owned(),
        Problem::IdentifierMissing => td_string!(locale, problems.identifier_missing).to_owned(),
        Problem::IdentifierNotValid => td_string!(locale, problems.identifier_not_valid).to_owned(),
        Problem::PasswordMissing => td_string!(locale, problems.password_missing).to_owned(),
        Problem::PasswordTooLong { max } => {
            td_string!(locale, problems.password_too_long, max = max)
        }
        Problem::NewPasswordMissing { min } => {
            td_string!(locale, problems.new_password_missing, min = min)
        }
        Problem::PasswordTooShort { min } => {
            td_string!(locale, problems.password_too_short, min = min)
        }
        Problem::PasswordCommon => td_string!(locale, problems.password_common).to_owned(),
        Problem::PasswordWrong => td_string!(locale, problems.password_wrong).to_owned(),
        Problem::CurrentPasswordMissing => {
            td_string!(locale, problems.current_password_missing).to_owned()
        }
        Problem::CurrentPasswordWrong => {
            td_string!(locale, problems.current_password_wrong).to_owned()
        }
        Problem::PasswordUnchanged => td_string!(locale, problems.password_unchanged).to_owned(),
        Problem::PasswordsDiffer => td_string!(locale, problems.passwords_differ).to_owned(),
        Problem::PinMissing => td_string!(locale, problems.pin_missing).to_owned(),
        Problem::PinLetters => td_string!(locale, problems.pin_letters).to_owned(),
        Problem::PinSpaces => td_string!(locale, problems.pin_spaces).to_owned(),
        Problem::PinCharacters => td_string!(locale, problems.pin_characters).to_owned(),
        Problem::PinLength => td_string!(locale, problems.pin_length).to_owned(),
        Problem::PinWrong => td_string!(locale, problems.pin_wrong).to_owned(),
        Problem::ProfileNameMissing => td_string!(locale, problems.profile_name_missing).to_owned(),
        Problem::ProfileNameTooLong { max } => {
            td_string!(locale, problems.profile_name_too_long, max = max)
        }
        Problem::ProfileNameControl => td_string!(locale, problems.profile_name_control).to_owned(),
        Problem::ProfileNameTaken { name } => {
            td_string!(locale, problems.profile_name_taken, name = name)
        }
        Problem::AvatarUnknown => td_string!(locale, problems.avatar_unknown).to_owned(),
        Problem::ProfilesFull { max } => td_string!(locale, problems.profiles_full, max = max),
        Problem::OwnerProfileKept => td_string!(locale, problems.owner_profile_kept).to_owned(),
        Problem::ProfileNotChosen => td_string!(locale, problems.profile_not_chosen).to_owned(),
        Problem::KidsMaturity => td_string!(locale, problems.kids_maturity).to_owned(),
        Problem::StreamStopped => td_string!(locale, problems.stream_stopped).to_owned(),
        Problem::PositionOutOfRange => {
            td_string!(locale, problems.position_out_of_range).to_owned()
        }
        Problem::TvCodeShape => td_string!(locale, problems.tv_code_shape).to_owned(),
        Problem::TvCodeUnknown => td_string!(locale, problems.tv_code_unknown).to_owned(),
        Problem::TvCodeGone => td_string!(locale, problems.tv_code_gone).to_owned(),
        Problem::PageLinkNotValid => td_string!(locale, problems.page_link_not_valid).to_owned(),
        Problem::SecureLinkUnusable => td_string!(locale, problems.secure_link_unusable).to_owned(),
        Problem::FilterNotValid => td_string!(locale, problems.filter_not_valid).to_owned(),
        Problem::SecureLinkOtherAccount => {
            td_string!(locale, problems.secure_link_other_account).to_owned()
        }
        Problem::EmailTaken => td_string!(locale, problems.email_taken).to_owned(),
        Problem::PhoneTaken => td_string!(locale, problems.phone_taken).to_owned(),
        Problem::IdentifierTaken => td_string!(locale, problems.identifier_taken).to_owned(),
        Problem::AccountDisabled => td_string!(locale, problems.account_disabled).to_owned(),
    }
}

/// A service error as the operator's console prints it: the problem in English, else the
/// error's own description.
pub fn in_english(error: &domain::DomainError) -> String {
    match error {
        domain::DomainError::Invalid(problem) | domain::DomainError::Conflict(problem) => {
            say(Locale::en, problem)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_carries_its_values_into_both_languages() {
        let taken = Problem::ProfileNameTaken { name: "Ana".into() };
        assert_eq!(
            say(Locale::en, &taken),
            "There is already a profile called Ana."
        );
        assert_eq!(say(Locale::es, &taken), "Ya hay un perfil llamado Ana.");
        let short = Problem::PasswordTooShort { min: 8 };
        assert_eq!(
            say(Locale::es, &short),
            "Usa al menos 8 caracteres para tu contraseña."
        );
        assert_eq!(
            say(Locale::en, &Problem::PinWrong),
            "That PIN is not right."
        );
        assert_eq!(
            say(Locale::es, &Problem::PinWrong),
            "Ese PIN no es correcto."
        );
    }
}
