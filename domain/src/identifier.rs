//! Email addresses and phone numbers, parsed once at the boundary.

use crate::error::{DomainError, Result};
use std::fmt;
use std::str::FromStr;

/// Longer than any real address (RFC 5321 caps a path at 256 octets).
const MAX_EMAIL_LEN: usize = 254;

/// A syntactically valid, case-folded email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DomainError::invalid("Enter your email address."));
        }
        if trimmed.len() > MAX_EMAIL_LEN {
            return Err(DomainError::invalid(
                "That email address is too long (at most 254 characters).",
            ));
        }
        let folded = trimmed.to_lowercase();
        let parsed = email_address::EmailAddress::from_str(&folded).map_err(|_| {
            DomainError::invalid("Enter a valid email address, like name@example.com.")
        })?;
        // The RFC allows dotless domains and quoted locals; no subscriber has one.
        let domain = parsed.domain();
        let plain_local = parsed
            .local_part()
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if !plain_local
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.starts_with('[')
        {
            return Err(DomainError::invalid(
                "Enter a valid email address, like name@example.com.",
            ));
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number in E.164 form: `+` then 8 to 15 digits, the first not 0.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DomainError::invalid("Enter your phone number."));
        }
        if trimmed.len() > 32 {
            return Err(DomainError::invalid("That phone number is too long."));
        }
        let (has_prefix, rest) = if let Some(rest) = trimmed.strip_prefix('+') {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("00") {
            (true, rest)
        } else {
            (false, trimmed)
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => {
                    return Err(DomainError::invalid(
                        "A phone number may only contain digits, spaces, dashes and a leading +.",
                    ));
                }
            }
        }
        if !has_prefix {
            return Err(DomainError::invalid(
                "Enter the phone number with its country code, for example +44 20 7946 0958.",
            ));
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(DomainError::invalid(
                "Enter a valid phone number with its country code, for example +44 20 7946 0958.",
            ));
        }
        Ok(Self(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a subscriber types in the sign-in form's first field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LoginIdentifier {
    Email(Email),
    Phone(Phone),
}

impl LoginIdentifier {
    pub fn parse(raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DomainError::invalid(
                "Enter your email address or phone number.",
            ));
        }
        if trimmed.contains('@') {
            return Email::parse(trimmed).map(Self::Email);
        }
        let looks_like_phone = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
        if looks_like_phone {
            Phone::parse(trimmed).map(Self::Phone)
        } else {
            Err(DomainError::invalid(
                "Enter a valid email address or a phone number with its country code.",
            ))
        }
    }

    /// A stable key for throttling, whether or not an account exists.
    pub fn key(&self) -> &str {
        match self {
            Self::Email(e) => e.as_str(),
            Self::Phone(p) => p.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_case_folded_and_trimmed() {
        let e = Email::parse("  Ana.Pérez+tv@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "ana.pérez+tv@example.com");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "   ",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "ana@.example.com",
            "ana@example.com.",
            "a b@example.com",
            "\"a b\"@example.com",
            "ana@[127.0.0.1]",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}@example.com", "a".repeat(300));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn phones_normalise_to_e164() {
        for (raw, want) in [
            ("+1 (415) 555-0123", "+14155550123"),
            ("+44 20 7946 0958", "+442079460958"),
            ("0033 6 12 34 56 78", "+33612345678"),
            ("+34.612.345.678", "+34612345678"),
        ] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), want, "{raw}");
        }
    }

    #[test]
    fn malformed_phones_are_refused_with_a_reason() {
        let err = Phone::parse("415 555 0123").unwrap_err().to_string();
        assert!(err.contains("country code"), "{err}");
        for bad in [
            "+1",
            "+123",
            "+0 123 456 789",
            "+1 415 555 0123 45678",
            "+1-415-CALL-NOW",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn identifier_picks_email_or_phone() {
        assert!(matches!(
            LoginIdentifier::parse("ana@example.com"),
            Ok(LoginIdentifier::Email(_))
        ));
        assert!(matches!(
            LoginIdentifier::parse("+1 415 555 0123"),
            Ok(LoginIdentifier::Phone(_))
        ));
        assert!(LoginIdentifier::parse("ana").is_err());
        assert!(LoginIdentifier::parse("").is_err());
    }
}
