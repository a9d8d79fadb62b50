//! Why a user's input was refused: one closed set every validator in the workspace answers
//! with, each variant translated once in the UI.

use serde::{Deserialize, Serialize};

/// The largest file whose text is sent to a server function (an imported conversation); the
/// browser checks it before sending, the server before reading.
pub const MAX_FILE_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// Why an input was refused; each variant has a translated message in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputProblem {
    Required,
    EmailInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordsDiffer,
    TooLong,
    LanguageUnknown,
    /// Not one of the values offered (a select option, a size).
    UnknownOption,
    /// A number outside its allowed range.
    OutOfRange,
    /// More items than the limit allows (rules of an instance, say).
    TooMany,
    /// Control characters (or NUL, or bytes that are not UTF-8) where text was expected.
    InvalidCharacters,
    /// Not in the form the field takes (a date, a web address, a price).
    InvalidFormat,
}
