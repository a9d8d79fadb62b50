//! A sketch as its form sends it, and the one check it passes on the server.

use serde::{Deserialize, Serialize};
use shared::input::InputProblem;
use shared::locale::Language;
use shared::text::{MultiLine, SingleLine};

use super::{
    Sketch, SketchWorkflow, MAX_LYRICS_CHARS, MAX_PROMPT_CHARS, MAX_TAGS_CHARS, MAX_TITLE_CHARS,
};
use crate::error::Field;

/// The editor's fields (`sketch[title]`, …); `id` is empty for a new sketch and `workflow`
/// empty means draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SketchForm {
    pub id: String,
    pub title: String,
    pub lyrics: String,
    /// The style prompt; required, as in the spec.
    pub prompt: String,
    pub tags: String,
    pub workflow: String,
    /// `en` or `de`; empty keeps English.
    pub language: String,
    /// The version the form was opened at (0 for a new sketch).
    pub version: i64,
}

/// A lyric language tag as forms send it; empty is English.
pub fn language(tag: &str) -> Result<Language, InputProblem> {
    match tag {
        "" => Ok(Language::En),
        tag => Language::from_tag(tag).ok_or(InputProblem::UnknownOption),
    }
}

/// The sketch to save, every field checked (times are set when it is stored).
pub fn check(form: &SketchForm) -> Result<Sketch, (Field, InputProblem)> {
    let at = |field: Field| move |problem: InputProblem| (field, problem);
    let workflow = match form.workflow.as_str() {
        "" => SketchWorkflow::Draft,
        w => SketchWorkflow::parse(w).ok_or((Field::Workflow, InputProblem::UnknownOption))?,
    };
    Ok(Sketch {
        id: form.id.trim().to_string(),
        title: SingleLine::parse(&form.title, MAX_TITLE_CHARS)
            .map_err(at(Field::Title))?
            .into_string(),
        lyrics: MultiLine::parse(&form.lyrics, MAX_LYRICS_CHARS)
            .map_err(at(Field::Lyrics))?
            .into_string(),
        // Required here, as in the spec; only a lyric draft (`new_lyric`) starts without one.
        prompt: MultiLine::required(form.prompt.trim_start(), MAX_PROMPT_CHARS)
            .map_err(at(Field::Prompt))?
            .into_string(),
        tags: SingleLine::parse(&form.tags, MAX_TAGS_CHARS)
            .map_err(at(Field::Tags))?
            .into_string(),
        workflow,
        language: language(&form.language).map_err(at(Field::Language))?,
        structure: Default::default(),
        version: form.version,
        created_at: 0,
        updated_at: 0,
    })
}
