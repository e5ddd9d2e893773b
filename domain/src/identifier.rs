//! Email addresses and phone numbers, parsed once at the boundary.

use crate::error::{DomainError, Problem, Result};
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// Longer than any real address (RFC 5321 caps a path at 256 octets).
const MAX_EMAIL_LEN: usize = 254;

/// A syntactically valid, case-folded email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DomainError::invalid(Problem::EmailMissing));
        }
        if trimmed.len() > MAX_EMAIL_LEN {
            return Err(DomainError::invalid(Problem::EmailTooLong {
                max: MAX_EMAIL_LEN,
            }));
        }
        // One address, however it was typed: composed Unicode (NFC, so "é" typed as e +
        // accent is the same "é"), lower case, and the domain in its IDNA ASCII form
        // ("bücher.example" and "xn--bcher-kva.example" are one domain).
        let folded: String = trimmed.nfc().collect::<String>().to_lowercase();
        let invalid = || DomainError::invalid(Problem::EmailNotValid);
        let folded = match folded.rsplit_once('@') {
            Some((local, domain)) if !domain.is_empty() => {
                let ascii = idna::domain_to_ascii(domain).map_err(|_| invalid())?;
                format!("{local}@{ascii}")
            }
            _ => folded,
        };
        let parsed = email_address::EmailAddress::from_str(&folded).map_err(|_| invalid())?;
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
            return Err(DomainError::invalid(Problem::EmailNotValid));
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

/// The country whose national numbers (written without `+` and a country code) are
/// understood, e.g. `GB` for "020 7946 0958". Set once at start-up from
/// `KINOGUARD_PHONE_REGION`; with none, numbers need their country code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(phonenumber::country::Id);

impl Region {
    /// A two-letter ISO 3166 country code, any case.
    pub fn parse(raw: &str) -> Result<Self> {
        raw.trim()
            .to_ascii_uppercase()
            .parse::<phonenumber::country::Id>()
            .map(Self)
            .map_err(|_| {
                DomainError::invalid(Problem::RegionNotValid {
                    given: raw.to_owned(),
                })
            })
    }

    pub fn code(&self) -> &str {
        self.0.as_ref()
    }
}

static DEFAULT_REGION: std::sync::OnceLock<Region> = std::sync::OnceLock::new();

/// Sets the region national numbers belong to, once per process; a second, different
/// region is refused (two parts of one server must not read numbers differently).
pub fn set_default_region(region: Region) -> Result<()> {
    let set = DEFAULT_REGION.get_or_init(|| region);
    if *set == region {
        Ok(())
    } else {
        Err(DomainError::invalid(Problem::RegionAlreadySet {
            region: set.code().to_owned(),
        }))
    }
}

pub fn default_region() -> Option<Region> {
    DEFAULT_REGION.get().copied()
}

/// A valid phone number, kept in E.164 form (`+442079460958`) and parsed with
/// libphonenumber's metadata (the `phonenumber` crate): spaces, dashes, dots, brackets,
/// a trunk `(0)` and a leading `00` are understood as people write them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses `raw`, reading a national number as one of the [`default_region`].
    pub fn parse(raw: &str) -> Result<Self> {
        Self::parse_in(raw, default_region())
    }

    pub fn parse_in(raw: &str, region: Option<Region>) -> Result<Self> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DomainError::invalid(Problem::PhoneMissing));
        }
        if trimmed.len() > 32 {
            return Err(DomainError::invalid(Problem::PhoneTooLong));
        }
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
        {
            return Err(DomainError::invalid(Problem::PhoneCharacters));
        }
        // `00` is the international prefix nearly everywhere; without a region to say
        // otherwise, read it as `+`.
        let international =
            trimmed.starts_with('+') || (region.is_none() && trimmed.starts_with("00"));
        let text = match trimmed.strip_prefix("00") {
            Some(rest) if region.is_none() => format!("+{rest}"),
            _ => trimmed.to_owned(),
        };
        if !international && region.is_none() {
            return Err(DomainError::invalid(Problem::PhoneNeedsCountryCode));
        }
        let invalid = || {
            DomainError::invalid(match region {
                Some(r) if !international => Problem::PhoneNotValidIn {
                    region: r.code().to_owned(),
                },
                _ => Problem::PhoneNotValid,
            })
        };
        let number = phonenumber::parse(region.map(|r| r.0), &text).map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        Ok(Self(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As people read it: `+44 20 7946 0958`.
    pub fn international(&self) -> String {
        phonenumber::parse(None, &self.0)
            .map(|n| {
                n.format()
                    .mode(phonenumber::Mode::International)
                    .to_string()
            })
            .unwrap_or_else(|_| self.0.clone())
    }
}

/// A stored E.164 number as people read it; one that no longer parses is shown as stored.
pub fn display_phone(stored: &str) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    // Parsing with the metadata costs ~150 000 instructions, more than the rest of an
    // account page's reads together; stored numbers are few and never change form.
    static SHOWN: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let shown = SHOWN.get_or_init(Default::default);
    if let Some(hit) = shown.lock().unwrap_or_else(|e| e.into_inner()).get(stored) {
        return hit.clone();
    }
    let display = Phone::parse_in(stored, None)
        .map(|p| p.international())
        .unwrap_or_else(|_| stored.to_owned());
    let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
    // Bounded: a server with more accounts than this simply parses again.
    if shown.len() >= 10_000 {
        shown.clear();
    }
    shown.insert(stored.to_owned(), display.clone());
    display
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
            return Err(DomainError::invalid(Problem::IdentifierMissing));
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
            Err(DomainError::invalid(Problem::IdentifierNotValid))
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
    fn emails_are_one_address_however_typed() {
        // "é" precomposed and as e + combining accent.
        let composed = Email::parse("ana.p\u{e9}rez@example.com").unwrap();
        let decomposed = Email::parse("ana.pe\u{301}rez@example.com").unwrap();
        assert_eq!(composed, decomposed);
        // An internationalised domain, in Unicode or in its ASCII form.
        let unicode = Email::parse("ana@B\u{fc}cher.Example").unwrap();
        let ascii = Email::parse("ana@xn--bcher-kva.example").unwrap();
        assert_eq!(unicode, ascii);
        assert_eq!(unicode.as_str(), "ana@xn--bcher-kva.example");
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
            // The usual UK spelling, with the trunk 0 in brackets.
            ("+44 (0)20 7946 0958", "+442079460958"),
            // What the hand-written parser stored for it before.
            ("+4402079460958", "+442079460958"),
        ] {
            assert_eq!(Phone::parse_in(raw, None).unwrap().as_str(), want, "{raw}");
        }
    }

    #[test]
    fn numbers_are_shown_grouped_as_people_read_them() {
        assert_eq!(display_phone("+442079460958"), "+44 20 7946 0958");
        assert_eq!(display_phone("+14155550123"), "+1 415-555-0123");
        assert_eq!(display_phone("+15555550100"), "+15555550100");
    }

    #[test]
    fn national_numbers_are_read_in_the_configured_region() {
        let gb = Region::parse("gb").unwrap();
        assert_eq!(
            Phone::parse_in("020 7946 0958", Some(gb)).unwrap().as_str(),
            "+442079460958"
        );
        let us = Region::parse("US").unwrap();
        assert_eq!(
            Phone::parse_in("(415) 555-0123", Some(us))
                .unwrap()
                .as_str(),
            "+14155550123"
        );
        // A number with its country code is read as written, whatever the region.
        assert_eq!(
            Phone::parse_in("+33 6 12 34 56 78", Some(gb))
                .unwrap()
                .as_str(),
            "+33612345678"
        );
        assert!(matches!(
            Phone::parse_in("12", Some(gb)),
            Err(DomainError::Invalid(Problem::PhoneNotValidIn { region })) if region == "GB"
        ));
        assert!(Region::parse("Narnia").is_err());
    }

    #[test]
    fn malformed_phones_are_refused_with_a_reason() {
        assert!(matches!(
            Phone::parse_in("415 555 0123", None),
            Err(DomainError::Invalid(Problem::PhoneNeedsCountryCode))
        ));
        for bad in [
            "+1",
            "+123",
            "+0 123 456 789",
            "+1 415 555 0123 45678",
            "+1-415-CALL-NOW",
            "+44 77123456",
        ] {
            assert!(
                Phone::parse_in(bad, None).is_err(),
                "{bad:?} should be refused"
            );
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
