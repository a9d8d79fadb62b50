//! Account input rules: what makes an email, a password or a profile name acceptable.
//!
//! The server is the authority, but the same functions run in the browser so a form can say what
//! is wrong before a round trip.

use crate::input::InputProblem;
use crate::text::SingleLine;

/// Shortest password accepted; NIST SP 800-63B recommends at least 8 characters.
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Longest password accepted: argon2 hashes any length, but an unbounded one is a cheap DoS.
pub const PASSWORD_MAX_CHARS: usize = 256;
/// Longest profile name (first, last, artist), as in the original schema (VARCHAR(100)).
pub const NAME_MAX_CHARS: usize = 100;
/// Longest email address (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// Normalises an email for storage and lookup: trimmed and lower-cased, so sign-in is
/// case-insensitive and one address cannot register twice in different spellings.
pub fn normalize_email(raw: &str) -> Result<String, InputProblem> {
    let email = SingleLine::parse(raw, usize::MAX)?.to_lowercase();
    if email.is_empty() {
        return Err(InputProblem::Required);
    }
    if email.chars().count() > EMAIL_MAX_CHARS {
        return Err(InputProblem::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(InputProblem::EmailInvalid);
    };
    let domain_ok = !domain.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
        return Err(InputProblem::EmailInvalid);
    }
    Ok(email)
}

/// Checks a new password's length in characters (not bytes, so umlauts count once).
pub fn check_password(password: &str) -> Result<(), InputProblem> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        Err(InputProblem::PasswordTooShort)
    } else if n > PASSWORD_MAX_CHARS {
        Err(InputProblem::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// Trims a profile name and enforces its maximum length; empty is allowed.
pub fn clean_name(raw: &str) -> Result<String, InputProblem> {
    SingleLine::parse(raw, NAME_MAX_CHARS).map(SingleLine::into_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Ann@Example.ORG ").unwrap(),
            "ann@example.org"
        );
        assert_eq!(normalize_email(""), Err(InputProblem::Required));
        for bad in [
            "ann",
            "@example.org",
            "ann@",
            "ann@.org",
            "ann@org.",
            "a b@x.org",
            "a@b@c",
        ] {
            assert_eq!(
                normalize_email(bad),
                Err(InputProblem::EmailInvalid),
                "{bad}"
            );
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(normalize_email(&long), Err(InputProblem::TooLong));
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert_eq!(check_password("short"), Err(InputProblem::PasswordTooShort));
        assert!(check_password("äöüäöüäö").is_ok());
        assert_eq!(
            check_password(&"x".repeat(257)),
            Err(InputProblem::PasswordTooLong)
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  Mia  ").unwrap(), "Mia");
        assert_eq!(clean_name(&"ß".repeat(101)), Err(InputProblem::TooLong));
    }
}
