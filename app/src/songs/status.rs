//! How a song's generation state and failures read, in the user's language.

use shared::input::InputProblem;

use super::SongStatus;
use crate::error::{AppError, Field};
use crate::i18n::*;
use crate::jobs::{FailureKind, JobState};
use crate::ui::form::error_text;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn state_label(i18n: I18n, status: &SongStatus) -> String {
    match status.state {
        JobState::Queued if status.attempts > 0 => {
            t_string!(i18n, songs.state_retrying).to_string()
        }
        JobState::Queued => t_string!(i18n, songs.state_queued).to_string(),
        JobState::Submitting => t_string!(i18n, songs.state_submitting).to_string(),
        JobState::Running if status.progress >= 100 => {
            t_string!(i18n, songs.state_fetching).to_string()
        }
        JobState::Running => format!(
            "{} {} %",
            t_string!(i18n, songs.state_running),
            status.progress
        ),
        JobState::Succeeded => t_string!(i18n, songs.state_succeeded).to_string(),
        JobState::Failed => t_string!(i18n, songs.state_failed).to_string(),
        JobState::Cancelled => t_string!(i18n, songs.state_cancelled).to_string(),
        JobState::Interrupted => t_string!(i18n, songs.state_interrupted).to_string(),
    }
}

/// The CSS modifier for a state badge.
pub fn state_class(state: JobState) -> &'static str {
    match state {
        JobState::Succeeded => "badge badge-ok",
        JobState::Failed | JobState::Interrupted => "badge badge-error",
        JobState::Cancelled => "badge",
        _ => "badge badge-busy",
    }
}

/// Why the last attempt failed, when it did.
pub fn error_label(i18n: I18n, status: &SongStatus) -> Option<String> {
    use FailureKind as K;
    let text = match status.error_kind? {
        K::InvalidKey => t_string!(i18n, songs.error_invalid_key),
        K::Rejected => t_string!(i18n, songs.error_rejected),
        K::RateLimited => t_string!(i18n, songs.error_rate_limited),
        K::Unavailable | K::Timeout => t_string!(i18n, songs.error_unavailable),
        K::GenerationFailed => t_string!(i18n, songs.error_generation_failed),
        K::Interrupted => t_string!(i18n, songs.error_interrupted),
        K::Download | K::Storage => t_string!(i18n, songs.error_download),
        K::BadResponse | K::Database | K::Gone | K::UnknownKind | K::Other => {
            t_string!(i18n, songs.error_other)
        }
    };
    Some(text.to_string())
}

/// A preflight problem as the form shows it.
pub fn problem_text(i18n: I18n, field: Field, problem: InputProblem) -> String {
    error_text(i18n, &AppError::invalid(field, problem))
}
