//! The image-generation request as the form sends it, and the one check it passes on the
//! server (the rules themselves are `shared::images`, which the page also uses for its limits).

use serde::{Deserialize, Serialize};
use shared::images::{self as rules, StyleChoice, StyleGroup};
use shared::input::InputProblem;

use crate::error::Field;

/// What the generate form sends (`request[prompt]`, `request[size]`, …); every field may be
/// missing, as a form without scripts may omit empty ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GenerateImageRequest {
    pub prompt: String,
    /// The enhanced prompt the user accepted (and may have edited); sent instead of `prompt`.
    pub enhanced_prompt: String,
    pub artistic_style: String,
    pub composition: String,
    pub lighting: String,
    pub color_palette: String,
    pub detail_level: String,
    pub size: String,
    pub quality: String,
    pub title: String,
    pub tags: String,
}

/// A request that passed every check, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedImageRequest {
    pub prompt: String,
    pub enhanced: Option<String>,
    pub styles: StyleChoice,
    pub size: String,
    pub quality: String,
    pub title: String,
    pub tags: String,
}

impl CheckedImageRequest {
    /// The prompt the provider gets: the enhanced one if any, with the chosen styles.
    pub fn final_prompt(&self) -> String {
        rules::compose_prompt(
            self.enhanced.as_deref().unwrap_or(&self.prompt),
            &self.styles,
        )
    }
}

/// Checks every field; the first problem found names its field.
pub fn check(req: &GenerateImageRequest) -> Result<CheckedImageRequest, (Field, InputProblem)> {
    let at = |field: Field| move |problem: InputProblem| (field, problem);
    let prompt = rules::check_prompt(&req.prompt).map_err(at(Field::Prompt))?;
    let enhanced = match req.enhanced_prompt.trim() {
        "" => None,
        e => Some(rules::check_prompt(e).map_err(at(Field::Prompt))?),
    };
    let pick = |group: &StyleGroup, value: &str| {
        group
            .check(value)
            .map(|o| o.map(str::to_string))
            .map_err(at(Field::Style))
    };
    let styles = StyleChoice {
        artistic_style: pick(&rules::ARTISTIC_STYLE, &req.artistic_style)?,
        composition: pick(&rules::COMPOSITION, &req.composition)?,
        lighting: pick(&rules::LIGHTING, &req.lighting)?,
        color_palette: pick(&rules::COLOR_PALETTE, &req.color_palette)?,
        detail_level: pick(&rules::DETAIL_LEVEL, &req.detail_level)?,
    };
    if !rules::SIZES.contains(&req.size.as_str()) {
        return Err((Field::Size, InputProblem::UnknownOption));
    }
    if !rules::QUALITIES.contains(&req.quality.as_str()) {
        return Err((Field::Quality, InputProblem::UnknownOption));
    }
    Ok(CheckedImageRequest {
        prompt,
        enhanced,
        styles,
        size: req.size.clone(),
        quality: req.quality.clone(),
        title: rules::check_title(&req.title).map_err(at(Field::Title))?,
        tags: rules::normalize_tags(&req.tags).map_err(at(Field::Tags))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> GenerateImageRequest {
        GenerateImageRequest {
            prompt: "a lake at dawn".into(),
            size: "1024x1024".into(),
            quality: "low".into(),
            ..Default::default()
        }
    }

    #[test]
    fn each_field_is_named_in_its_refusal() {
        assert!(check(&valid()).is_ok());
        let refused = |edit: fn(&mut GenerateImageRequest)| {
            let mut r = valid();
            edit(&mut r);
            check(&r).unwrap_err().0
        };
        assert_eq!(refused(|r| r.prompt.clear()), Field::Prompt);
        assert_eq!(refused(|r| r.size = "1x1".into()), Field::Size);
        assert_eq!(refused(|r| r.quality = "ultra".into()), Field::Quality);
        assert_eq!(refused(|r| r.lighting = "laser".into()), Field::Style);
    }

    #[test]
    fn the_enhanced_prompt_replaces_the_idea() {
        let mut r = valid();
        r.enhanced_prompt = "a misty lake at dawn, soft light".into();
        let checked = check(&r).unwrap();
        assert!(checked.final_prompt().starts_with("a misty lake"));
    }
}
