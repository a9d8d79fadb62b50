//! The one error type that crosses the wire from server functions to the UI.
//!
//! Variants carry only what the UI needs to pick a translated message; internal details are
//! logged on the server where the error is created and never serialised.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use shared::input::InputProblem;

/// What went wrong, in terms a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// No valid session: missing, expired or revoked token.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but this is not yours (or needs an administrator).
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Email or password did not match; deliberately does not say which.
    #[error("wrong email or password")]
    InvalidCredentials,
    /// The current password given to confirm a change was wrong.
    #[error("wrong current password")]
    WrongPassword,
    /// A form field failed validation.
    #[error("invalid {field:?}: {problem:?}")]
    Validation { field: Field, problem: InputProblem },
    #[error("email already registered")]
    EmailTaken,
    #[error("registration is closed")]
    RegistrationClosed,
    /// The first account exists already, so the first-run page is closed.
    #[error("already set up")]
    AlreadySetUp,
    #[error("too many attempts, retry in {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// A request from another site tried to change something.
    #[error("cross-origin request refused")]
    CrossOrigin,
    /// The request itself was malformed (missing or unreadable arguments).
    #[error("bad request")]
    BadRequest,
    /// The request body is larger than the server accepts.
    #[error("payload too large")]
    PayloadTooLarge,
    /// Something failed on the server; the details are in the server log.
    #[error("internal error")]
    Internal,
    /// The server could not be reached or answered something unreadable.
    #[error("network error")]
    Network,
    /// The thing is busy with earlier work (a conversation whose reply is still streaming).
    #[error("busy")]
    Busy,
    /// A chat prompt (estimated at `prompt` tokens) and the room kept for the reply would not
    /// fit the model's window: sending it would make the provider drop part of the
    /// conversation without saying so.
    #[error("context full: {prompt} + {reply_room} > {window}")]
    ContextFull {
        prompt: u32,
        reply_room: u32,
        window: u32,
    },
    /// Compressing found too little to summarise (the most recent messages stay as they are).
    #[error("nothing to compress")]
    NothingToCompress,
    /// The conversation changed since the page showed it (in another tab, say).
    #[error("history changed")]
    HistoryChanged,
    /// An earlier branch cannot come back while a later summary covers part of what
    /// replaced it: that summary's messages must come back first.
    #[error("restore the compressed messages first")]
    CompressedSince,
    /// What the user edits changed since it was opened (a sketch saved from another tab): the
    /// save was refused so neither version is lost.
    #[error("changed elsewhere")]
    ChangedElsewhere,
    /// A regular expression does not compile: the engine's message and the character offset
    /// in the pattern where it stumbled.
    #[error("invalid pattern at {position:?}: {message}")]
    InvalidPattern {
        message: String,
        position: Option<usize>,
    },
    /// A file to import is not a conversation this app exported; `at` names the part that is
    /// wrong (`messages[3].role`).
    #[error("not a conversation export (at {at})")]
    InvalidImport { at: String },
    /// An external AI provider refused or failed; `detail` is the provider's own message, shown
    /// as is because it is often the only actionable part (e.g. a moderation refusal).
    #[error("{provider:?}: {problem:?}")]
    Provider {
        provider: ProviderName,
        problem: ProviderProblem,
        detail: Option<String>,
    },
    /// A file that should be an image could not be decoded.
    #[error("unreadable image")]
    UnreadableImage,
    /// The keys that seal stored secrets cannot be had (a missing or damaged key file): the
    /// feature that needs them refuses, the rest of the app runs on; details in the server log.
    #[error("secret keys unavailable")]
    KeysUnavailable,
    /// An uploaded file did not arrive as sent: its SHA-256 differs from the client's.
    #[error("checksum mismatch")]
    ChecksumMismatch,
    /// The object storage (S3) cannot be reached; nothing was changed.
    #[error("storage unavailable")]
    StorageUnavailable,
    /// A sealed value does not open with the keys the server holds (a wrong key, or a value
    /// moved in the database): refused, never shown as garbage.
    #[error("secret unreadable")]
    SecretUnreadable,
    /// A file path a client sent cannot be stored as it is (see [`PathProblem`]).
    #[error("invalid path: {problem:?}")]
    InvalidPath { problem: PathProblem },
    /// A file of this path exists in the folder already; replacing it must be asked for.
    #[error("file exists: {path}")]
    FileExists { path: String },
    /// A file cannot take this path because `path` is in its way: a file where one of its
    /// folders would be, or a folder of files where it would be (a disk holds only one).
    #[error("path blocked by {path}")]
    PathBlocked { path: String },
}

pub use shared::project_path::PathProblem;

/// The external services the app talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderName {
    Openai,
    Ollama,
    Mureka,
}

/// How a provider call failed, in the categories a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderProblem {
    /// The API key was refused (401/403).
    InvalidKey,
    /// The provider refused this request (400, moderation, unknown model).
    Rejected,
    /// Too many requests or quota exhausted (429).
    RateLimited,
    /// The provider failed or could not be reached (5xx, connection refused).
    Unavailable,
    /// No answer in time.
    Timeout,
    /// The answer did not match the provider's documented format.
    BadResponse,
}

/// Form fields that validation errors can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Email,
    Password,
    NewPassword,
    ConfirmPassword,
    FirstName,
    LastName,
    ArtistName,
    Language,
    Prompt,
    Title,
    Tags,
    Size,
    Quality,
    Style,
    Model,
    Temperature,
    MaxTokens,
    Condition,
    Overlay,
    Lyrics,
    Workflow,
    Rating,
    Name,
    Text,
    Description,
    Search,
    TimeZone,
    Message,
    SystemContext,
    Kind,
    Pattern,
    Replacement,
    Rules,
    Structure,
    Lines,
    Type,
    Version,
    Manufacturer,
    Url,
    SoftwareTags,
    PluginTags,
    Username,
    LicenseManagement,
    LicenseKey,
    LicenseDescription,
    PurchaseDate,
    Price,
    Currency,
    SystemRequirements,
    Status,
    Icon,
    Folder,
}

impl Field {
    /// The field a server function argument fills, by the argument's name (nested names such
    /// as `request[lyrics]` by their last part), so errors found before the function runs —
    /// bytes that are not text — still name the field. `None` for arguments that are not text
    /// a person typed (ids, numbers, keys).
    pub fn from_argument(name: &str) -> Option<Field> {
        let name = name
            .rsplit('[')
            .next()
            .unwrap_or(name)
            .trim_end_matches(']');
        Some(match name {
            "email" => Field::Email,
            "password" | "current_password" => Field::Password,
            "new_password" => Field::NewPassword,
            "confirm_password" => Field::ConfirmPassword,
            "first_name" => Field::FirstName,
            "last_name" => Field::LastName,
            "artist_name" => Field::ArtistName,
            "prompt" | "enhanced_prompt" => Field::Prompt,
            "title" | "label" => Field::Title,
            "tags" | "tag" => Field::Tags,
            "lyrics" | "song" => Field::Lyrics,
            "pre_condition" | "post_condition" => Field::Condition,
            "spec" => Field::Overlay,
            "model" => Field::Model,
            "name" => Field::Name,
            "text" | "input" | "word" => Field::Text,
            "description" => Field::Description,
            "search" => Field::Search,
            "time_zone" => Field::TimeZone,
            "content" => Field::Message,
            "system_context" => Field::SystemContext,
            "pattern" => Field::Pattern,
            "replacement" => Field::Replacement,
            "version" => Field::Version,
            "manufacturer" => Field::Manufacturer,
            "url" => Field::Url,
            "software_tags" => Field::SoftwareTags,
            "plugin_tags" => Field::PluginTags,
            "username" => Field::Username,
            "license_key" => Field::LicenseKey,
            "license_description" => Field::LicenseDescription,
            "price" | "price_amount" => Field::Price,
            "currency" | "price_currency" => Field::Currency,
            "system_requirements" => Field::SystemRequirements,
            _ => return None,
        })
    }
}

impl AppError {
    pub fn invalid(field: Field, problem: InputProblem) -> Self {
        AppError::Validation { field, problem }
    }

    /// Whether the client caused this error (4xx): logged at debug level only, since anyone can
    /// cause them at will and they say nothing about the server's health.
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status())
    }

    /// The HTTP status a programmatic client (the CLI, tests) sees for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::Forbidden
            | AppError::CrossOrigin
            | AppError::RegistrationClosed
            | AppError::WrongPassword => 403,
            AppError::NotFound => 404,
            AppError::BadRequest => 400,
            AppError::PayloadTooLarge => 413,
            AppError::EmailTaken
            | AppError::AlreadySetUp
            | AppError::Busy
            | AppError::NothingToCompress
            | AppError::HistoryChanged
            | AppError::CompressedSince
            | AppError::ChangedElsewhere
            | AppError::FileExists { .. }
            | AppError::PathBlocked { .. } => 409,
            AppError::Validation { .. }
            | AppError::ContextFull { .. }
            | AppError::InvalidImport { .. }
            | AppError::InvalidPattern { .. }
            | AppError::InvalidPath { .. } => 422,
            AppError::RateLimited { .. } => 429,
            AppError::Internal | AppError::SecretUnreadable => 500,
            AppError::KeysUnavailable | AppError::StorageUnavailable => 503,
            AppError::ChecksumMismatch => 422,
            AppError::Network => 502,
            AppError::UnreadableImage => 422,
            AppError::Provider { problem, .. } => match problem {
                ProviderProblem::RateLimited => 429,
                ProviderProblem::Timeout => 504,
                _ => 502,
            },
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these errors come from decoding a request (its body or its arguments),
    /// which is the client's mistake; in the browser, from reaching the server or reading its
    /// answer, which is the network's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest
            }
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Network
            }
            // Malformed arguments are a client bug or tampering, never a user's typo.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            _ => AppError::Internal,
        }
    }
}

/// Names the field a validation result belongs to: `SingleLine::parse(&title, MAX).field(Field::Title)?`.
pub trait FieldCheck<T> {
    fn field(self, field: Field) -> Result<T, AppError>;
}

impl<T> FieldCheck<T> for Result<T, InputProblem> {
    fn field(self, field: Field) -> Result<T, AppError> {
        self.map_err(|problem| AppError::invalid(field, problem))
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
