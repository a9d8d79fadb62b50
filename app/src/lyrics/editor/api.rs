//! Server functions of the editor: autosave with a version check, new drafts, and the section
//! suggestions, streamed as the model writes them.

use leptos::prelude::*;
use leptos::server_fn::codec::{StreamingText, TextStream};

use super::{LyricsForm, LyricsSaved, SectionRequest};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::MAX_EXTEND_LINES,
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, record_id},
    crate::sketches::{db as sketches, LyricsSave, MAX_LYRICS_CHARS},
    shared::input::InputProblem,
    shared::lyrics::Architecture,
    shared::text::{MultiLine, SingleLine},
};

/// Saves the lyrics, language and structure of a sketch if it is still at `form.version`;
/// `ChangedElsewhere` when another tab saved first (nothing is overwritten).
#[server(endpoint = "save_lyrics")]
pub async fn save_lyrics(form: LyricsForm) -> Result<LyricsSaved, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&form.id)?;
    let save = LyricsSave {
        id: form.id.clone(),
        version: form.version,
        lyrics: MultiLine::parse(&form.lyrics, MAX_LYRICS_CHARS)
            .field(Field::Lyrics)?
            .into_string(),
        language: crate::sketches::request::language(&form.language)
            .map_err(|p| AppError::invalid(Field::Language, p))?,
        structure: Architecture::parse(&form.structure)
            .map_err(|_| AppError::invalid(Field::Structure, InputProblem::UnknownOption))?,
    };
    let now = now_ms();
    match sketches::save_lyrics(&state.db, &user.id, &save, now).await? {
        sketches::Updated::Saved(version) => Ok(LyricsSaved {
            version,
            updated_at: now,
        }),
        sketches::Updated::Stale => Err(AppError::ChangedElsewhere),
        sketches::Updated::NotFound => Err(AppError::NotFound),
    }
}

/// Improves, rewrites or extends one section through the `lyrics` prompt template of the
/// action, streaming the model's text as it comes. A failure before the first piece is the
/// answer's error; one later ends the stream with it.
#[server(endpoint = "suggest_section", output = StreamingText)]
pub async fn suggest_section(request: SectionRequest) -> Result<TextStream<AppError>, AppError> {
    let (state, _) = signed_in().await?;
    let song = MultiLine::parse(&request.song, MAX_LYRICS_CHARS).field(Field::Lyrics)?;
    let text = MultiLine::parse(&request.text, MAX_LYRICS_CHARS).field(Field::Lyrics)?;
    let label = SingleLine::parse(&request.label, 100).field(Field::Title)?;
    if request.action == super::SectionAction::Extend
        && !(1..=MAX_EXTEND_LINES).contains(&request.lines)
    {
        return Err(AppError::invalid(Field::Lines, InputProblem::OutOfRange));
    }
    let stream = super::section_ai::start(
        &state,
        request.action,
        song.as_str(),
        label.as_str(),
        text.as_str(),
        request.lines,
    )
    .await?;
    Ok(TextStream::new(stream))
}
