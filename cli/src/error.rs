//! One error type for the whole client; its kind decides the exit code, its message says what
//! to do next. Exit codes are part of the interface (scripts test them) and are documented in
//! the README and in `--help`.

use std::fmt;

/// Why a run ended, as the exit code a script sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// Some transfers failed (the others completed; running again retries the rest).
    TransfersFailed = 1,
    /// The command line or its arguments are wrong.
    Usage = 2,
    /// No token, an expired one, or one the server refused.
    NotSignedIn = 3,
    /// A project, folder or file that does not exist (or is not the user's).
    NotFound = 4,
    /// Stopped by a safety rule: a delete limit, an empty local folder, local changes that
    /// would be overwritten, an unsafe path sent by the server.
    Safety = 5,
}

#[derive(Debug)]
pub struct CliError {
    pub exit: Exit,
    pub message: String,
    /// Already told (a `--json` summary carrying the exit code was printed).
    pub reported: bool,
}

impl CliError {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        CliError {
            exit,
            message: message.into(),
            reported: false,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Exit::NotFound, message)
    }
    pub fn safety(message: impl Into<String>) -> Self {
        Self::new(Exit::Safety, message)
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Self::new(Exit::TransfersFailed, message)
    }
    pub fn not_signed_in(message: impl Into<String>) -> Self {
        Self::new(Exit::NotSignedIn, message)
    }
    pub fn local(what: &str, path: &std::path::Path, err: std::io::Error) -> Self {
        Self::failed(format!("{what} {}: {err}", path.display()))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

/// What `aitoolbox login` is, in every "sign in again" message.
pub const SIGN_IN: &str = "run `aitoolbox login`";
