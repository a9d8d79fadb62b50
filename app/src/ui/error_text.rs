//! Every [`AppError`] as a translated sentence; the one place errors become words.

use leptos_i18n::I18nContext;
use shared::input::InputProblem;

use crate::error::{AppError, Field, PathProblem, ProviderName, ProviderProblem};
use crate::i18n::*;

/// The translated label of a form field, used inside error messages.
fn field_label(i18n: I18nContext<Locale>, field: Field) -> String {
    match field {
        Field::Email => t_string!(i18n, auth.email).to_string(),
        Field::Password => t_string!(i18n, auth.password).to_string(),
        Field::NewPassword => t_string!(i18n, profile.new_password).to_string(),
        Field::ConfirmPassword => t_string!(i18n, auth.confirm_password).to_string(),
        Field::FirstName => t_string!(i18n, profile.first_name).to_string(),
        Field::LastName => t_string!(i18n, profile.last_name).to_string(),
        Field::ArtistName => t_string!(i18n, profile.artist_name).to_string(),
        Field::Language => t_string!(i18n, profile.language).to_string(),
        Field::Prompt => t_string!(i18n, fields.prompt).to_string(),
        Field::Title => t_string!(i18n, fields.title).to_string(),
        Field::Tags => t_string!(i18n, fields.tags).to_string(),
        Field::Size => t_string!(i18n, fields.size).to_string(),
        Field::Quality => t_string!(i18n, fields.quality).to_string(),
        Field::Style => t_string!(i18n, fields.style).to_string(),
        Field::Model => t_string!(i18n, fields.model).to_string(),
        Field::Temperature => t_string!(i18n, fields.temperature).to_string(),
        Field::MaxTokens => t_string!(i18n, fields.max_tokens).to_string(),
        Field::Condition => t_string!(i18n, fields.condition).to_string(),
        Field::Overlay => t_string!(i18n, fields.overlay).to_string(),
        Field::Lyrics => t_string!(i18n, fields.lyrics).to_string(),
        Field::Workflow => t_string!(i18n, fields.workflow).to_string(),
        Field::Rating => t_string!(i18n, fields.rating).to_string(),
        Field::Name => t_string!(i18n, fields.name).to_string(),
        Field::Text => t_string!(i18n, fields.text).to_string(),
        Field::Description => t_string!(i18n, fields.description).to_string(),
        Field::Search => t_string!(i18n, fields.search).to_string(),
        Field::TimeZone => t_string!(i18n, fields.time_zone).to_string(),
        Field::Message => t_string!(i18n, fields.message).to_string(),
        Field::SystemContext => t_string!(i18n, fields.system_context).to_string(),
        Field::Kind => t_string!(i18n, fields.kind).to_string(),
        Field::Pattern => t_string!(i18n, fields.pattern).to_string(),
        Field::Replacement => t_string!(i18n, fields.replacement).to_string(),
        Field::Rules => t_string!(i18n, fields.rules).to_string(),
        Field::Structure => t_string!(i18n, fields.structure).to_string(),
        Field::Lines => t_string!(i18n, fields.lines).to_string(),
        Field::Type => t_string!(i18n, fields.item_type).to_string(),
        Field::Version => t_string!(i18n, fields.version).to_string(),
        Field::Manufacturer => t_string!(i18n, fields.manufacturer).to_string(),
        Field::Url => t_string!(i18n, fields.url).to_string(),
        Field::SoftwareTags => t_string!(i18n, fields.software_tags).to_string(),
        Field::PluginTags => t_string!(i18n, fields.plugin_tags).to_string(),
        Field::Username => t_string!(i18n, fields.username).to_string(),
        Field::LicenseManagement => t_string!(i18n, fields.license_management).to_string(),
        Field::LicenseKey => t_string!(i18n, fields.license_key).to_string(),
        Field::LicenseDescription => t_string!(i18n, fields.license_description).to_string(),
        Field::PurchaseDate => t_string!(i18n, fields.purchase_date).to_string(),
        Field::Price => t_string!(i18n, fields.price).to_string(),
        Field::Currency => t_string!(i18n, fields.currency).to_string(),
        Field::SystemRequirements => t_string!(i18n, fields.system_requirements).to_string(),
        Field::Status => t_string!(i18n, fields.status).to_string(),
        Field::Icon => t_string!(i18n, fields.icon).to_string(),
        Field::Folder => t_string!(i18n, fields.folder).to_string(),
    }
}

fn provider_label(provider: ProviderName) -> &'static str {
    match provider {
        ProviderName::Openai => "OpenAI",
        ProviderName::Ollama => "Ollama",
        ProviderName::Mureka => "Mureka",
    }
}

fn provider_text(
    i18n: I18nContext<Locale>,
    provider: ProviderName,
    problem: ProviderProblem,
    detail: Option<&str>,
) -> String {
    let provider = provider_label(provider);
    let text = match problem {
        ProviderProblem::InvalidKey => t_string!(i18n, errors.provider_invalid_key, provider),
        ProviderProblem::Rejected => t_string!(i18n, errors.provider_rejected, provider),
        ProviderProblem::RateLimited => t_string!(i18n, errors.provider_rate_limited, provider),
        ProviderProblem::Unavailable => t_string!(i18n, errors.provider_unavailable, provider),
        ProviderProblem::Timeout => t_string!(i18n, errors.provider_timeout, provider),
        ProviderProblem::BadResponse => t_string!(i18n, errors.provider_bad_response, provider),
    }
    .to_string();
    match detail {
        Some(d) if !d.is_empty() => format!("{text} ({d})"),
        _ => text,
    }
}

fn input_text(i18n: I18nContext<Locale>, field: Field, problem: InputProblem) -> String {
    let field = field_label(i18n, field);
    match problem {
        InputProblem::Required => t_string!(i18n, errors.required, field).to_string(),
        InputProblem::EmailInvalid => t_string!(i18n, errors.email_invalid).to_string(),
        InputProblem::PasswordTooShort => {
            t_string!(i18n, errors.password_too_short, field).to_string()
        }
        InputProblem::PasswordTooLong => {
            t_string!(i18n, errors.password_too_long, field).to_string()
        }
        InputProblem::PasswordsDiffer => t_string!(i18n, errors.passwords_differ).to_string(),
        InputProblem::TooLong => t_string!(i18n, errors.too_long, field).to_string(),
        InputProblem::LanguageUnknown => t_string!(i18n, errors.language_unknown).to_string(),
        InputProblem::UnknownOption => t_string!(i18n, errors.unknown_option, field).to_string(),
        InputProblem::OutOfRange => t_string!(i18n, errors.out_of_range, field).to_string(),
        InputProblem::TooMany => t_string!(i18n, errors.too_many, field).to_string(),
        InputProblem::InvalidCharacters => {
            t_string!(i18n, errors.invalid_characters, field).to_string()
        }
        InputProblem::InvalidFormat => t_string!(i18n, errors.invalid_format, field).to_string(),
    }
}

fn path_text(i18n: I18nContext<Locale>, problem: PathProblem) -> String {
    match problem {
        PathProblem::Empty => t_string!(i18n, errors.path_empty),
        PathProblem::Absolute => t_string!(i18n, errors.path_absolute),
        PathProblem::Climbs => t_string!(i18n, errors.path_climbs),
        PathProblem::Backslash => t_string!(i18n, errors.path_backslash),
        PathProblem::ControlCharacters => t_string!(i18n, errors.path_control),
        PathProblem::EmptySegment => t_string!(i18n, errors.path_empty_segment),
        PathProblem::TooLong => t_string!(i18n, errors.path_too_long),
        PathProblem::NotPortable => t_string!(i18n, errors.path_not_portable),
    }
    .to_string()
}

/// The translated, user-facing message for an error.
pub fn error_text(i18n: I18nContext<Locale>, err: &AppError) -> String {
    match err {
        AppError::Unauthorized => t_string!(i18n, errors.unauthorized).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, errors.invalid_credentials).to_string(),
        AppError::WrongPassword => t_string!(i18n, errors.wrong_password).to_string(),
        AppError::EmailTaken => t_string!(i18n, errors.email_taken).to_string(),
        AppError::RegistrationClosed => t_string!(i18n, errors.registration_closed).to_string(),
        AppError::AlreadySetUp => t_string!(i18n, errors.already_set_up).to_string(),
        AppError::RateLimited { retry_after_secs } => {
            crate::plural_text!(i18n, errors.rate_limited, *retry_after_secs)
        }
        AppError::CrossOrigin => t_string!(i18n, errors.cross_origin).to_string(),
        AppError::BadRequest => t_string!(i18n, errors.bad_request).to_string(),
        AppError::PayloadTooLarge => t_string!(i18n, errors.payload_too_large).to_string(),
        AppError::Internal => t_string!(i18n, errors.internal).to_string(),
        AppError::Network => t_string!(i18n, errors.network).to_string(),
        AppError::UnreadableImage => t_string!(i18n, errors.unreadable_image).to_string(),
        AppError::KeysUnavailable => t_string!(i18n, errors.keys_unavailable).to_string(),
        AppError::ChecksumMismatch => t_string!(i18n, errors.checksum_mismatch).to_string(),
        AppError::StorageUnavailable => t_string!(i18n, errors.storage_unavailable).to_string(),
        AppError::SecretUnreadable => t_string!(i18n, errors.secret_unreadable).to_string(),
        AppError::Validation { field, problem } => input_text(i18n, *field, *problem),
        AppError::InvalidPath { problem } => path_text(i18n, *problem),
        AppError::FileExists { path } => {
            t_string!(i18n, errors.file_exists, path = path.clone()).to_string()
        }
        AppError::PathBlocked { path } => {
            t_string!(i18n, errors.path_blocked, path = path.clone()).to_string()
        }
        AppError::Busy => t_string!(i18n, errors.busy).to_string(),
        AppError::NothingToCompress => t_string!(i18n, errors.nothing_to_compress).to_string(),
        AppError::HistoryChanged => t_string!(i18n, errors.history_changed).to_string(),
        AppError::ChangedElsewhere => t_string!(i18n, errors.changed_elsewhere).to_string(),
        AppError::InvalidPattern { message, position } => match position {
            Some(at) => t_string!(
                i18n,
                errors.invalid_pattern_at,
                message = message.clone(),
                at = *at + 1
            )
            .to_string(),
            None => t_string!(i18n, errors.invalid_pattern, message = message.clone()).to_string(),
        },
        AppError::CompressedSince => t_string!(i18n, errors.compressed_since).to_string(),
        AppError::InvalidImport { at } => {
            t_string!(i18n, errors.invalid_import, at = at.clone()).to_string()
        }
        AppError::ContextFull {
            prompt,
            reply_room,
            window,
        } => t_string!(
            i18n,
            errors.context_full,
            prompt = crate::ui::number::whole(i18n, u64::from(*prompt)),
            reply_room = crate::ui::number::whole(i18n, u64::from(*reply_room)),
            window = crate::ui::number::whole(i18n, u64::from(*window))
        )
        .to_string(),
        AppError::Provider {
            provider,
            problem,
            detail,
        } => provider_text(i18n, *provider, *problem, detail.as_deref()),
    }
}
