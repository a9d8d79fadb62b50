//! Image generation rules shared by the form (browser) and the server: the style options and how
//! they become prompt text, sizes and qualities the image model accepts, tag and title rules,
//! download file names, and the distributor cover check.

use crate::input::InputProblem;
use crate::overlay::OverlaySpec;
use crate::text::{MultiLine, SingleLine};

/// One option group of the generation form: its values (stored in the database) and the words
/// that go into the prompt for each.
pub struct StyleGroup {
    pub key: &'static str,
    pub options: &'static [(&'static str, &'static str)],
}

pub const ARTISTIC_STYLE: StyleGroup = StyleGroup {
    key: "artistic_style",
    options: &[
        ("photorealistic", "photorealistic photograph"),
        ("digital-art", "digital art"),
        ("oil-painting", "oil painting with visible brush strokes"),
        ("watercolor", "watercolor painting"),
        ("illustration", "detailed illustration"),
        ("3d-render", "3D render"),
        ("anime", "anime style"),
        ("vintage", "vintage analog photograph, film grain"),
        ("surreal", "surrealist artwork"),
        ("minimalist", "minimalist graphic design"),
    ],
};

pub const COMPOSITION: StyleGroup = StyleGroup {
    key: "composition",
    options: &[
        ("album-cover", "square album cover composition with a strong central motif and calm areas for title text"),
        ("portrait", "portrait composition"),
        ("landscape", "wide landscape composition"),
        ("wide-angle", "wide-angle view"),
        ("close-up", "close-up"),
        ("symmetrical", "symmetrical composition"),
        ("rule-of-thirds", "rule-of-thirds composition"),
    ],
};

pub const LIGHTING: StyleGroup = StyleGroup {
    key: "lighting",
    options: &[
        ("natural", "natural light"),
        ("studio", "studio lighting"),
        ("dramatic", "dramatic lighting with deep shadows"),
        ("golden-hour", "golden hour light"),
        ("neon", "neon light"),
        ("soft", "soft diffuse light"),
        ("backlit", "backlit, rim light"),
    ],
};

pub const COLOR_PALETTE: StyleGroup = StyleGroup {
    key: "color_palette",
    options: &[
        ("vibrant", "vibrant saturated colours"),
        ("muted", "muted colours"),
        ("monochrome", "monochrome"),
        ("pastel", "pastel colours"),
        ("warm", "warm colour palette"),
        ("cool", "cool colour palette"),
        ("high-contrast", "high contrast"),
    ],
};

pub const DETAIL_LEVEL: StyleGroup = StyleGroup {
    key: "detail_level",
    options: &[
        ("minimal", "minimal detail, clean shapes"),
        ("moderate", "moderate detail"),
        ("highly-detailed", "highly detailed, intricate"),
    ],
};

pub const STYLE_GROUPS: [&StyleGroup; 5] = [
    &ARTISTIC_STYLE,
    &COMPOSITION,
    &LIGHTING,
    &COLOR_PALETTE,
    &DETAIL_LEVEL,
];

/// Sizes the `gpt-image` models accept (besides `auto`, whose result size is unknown upfront).
pub const SIZES: &[&str] = &["1024x1024", "1536x1024", "1024x1536"];
pub const QUALITIES: &[&str] = &["low", "medium", "high", "auto"];

/// Longest prompt the user may type; the provider's own limit (32,000) leaves room for styles.
pub const PROMPT_MAX_CHARS: usize = 4_000;
pub const TITLE_MAX_CHARS: usize = 200;
pub const TAG_MAX_CHARS: usize = 40;
pub const TAGS_MAX: usize = 20;

impl StyleGroup {
    /// `""` means "no preference"; anything else must be one of the options.
    pub fn check(&self, value: &str) -> Result<Option<&'static str>, InputProblem> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        self.options
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(v, _)| Some(*v))
            .ok_or(InputProblem::UnknownOption)
    }

    fn phrase(&self, value: &str) -> Option<&'static str> {
        self.options
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, p)| *p)
    }
}

/// The chosen style options, one per group (`None` = no preference).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyleChoice {
    pub artistic_style: Option<String>,
    pub composition: Option<String>,
    pub lighting: Option<String>,
    pub color_palette: Option<String>,
    pub detail_level: Option<String>,
}

impl StyleChoice {
    fn pairs(&self) -> [(&StyleGroup, &Option<String>); 5] {
        [
            (&ARTISTIC_STYLE, &self.artistic_style),
            (&COMPOSITION, &self.composition),
            (&LIGHTING, &self.lighting),
            (&COLOR_PALETTE, &self.color_palette),
            (&DETAIL_LEVEL, &self.detail_level),
        ]
    }
}

/// The prompt sent to the image model: the (possibly enhanced) prompt followed by the style
/// phrases, so the user's words stay first and carry the most weight.
pub fn compose_prompt(prompt: &str, styles: &StyleChoice) -> String {
    let phrases: Vec<&str> = styles
        .pairs()
        .iter()
        .filter_map(|(group, value)| value.as_deref().and_then(|v| group.phrase(v)))
        .collect();
    if phrases.is_empty() {
        prompt.trim().to_string()
    } else {
        format!("{}\n\nStyle: {}.", prompt.trim(), phrases.join(", "))
    }
}

/// Trims a prompt and checks it is present and not too long.
pub fn check_prompt(raw: &str) -> Result<String, InputProblem> {
    MultiLine::required(raw.trim(), PROMPT_MAX_CHARS).map(MultiLine::into_string)
}

pub fn check_title(raw: &str) -> Result<String, InputProblem> {
    SingleLine::parse(raw, TITLE_MAX_CHARS).map(SingleLine::into_string)
}

/// Comma-separated tags, trimmed, lower-cased and de-duplicated in order: `"Rock, rock , Night"`
/// → `"rock, night"`.
pub fn normalize_tags(raw: &str) -> Result<String, InputProblem> {
    let raw = SingleLine::parse(raw, usize::MAX)?;
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.split(',').map(|t| t.trim().to_lowercase()) {
        if tag.is_empty() || tags.contains(&tag) {
            continue;
        }
        if tag.chars().count() > TAG_MAX_CHARS {
            return Err(InputProblem::TooLong);
        }
        tags.push(tag);
    }
    if tags.len() > TAGS_MAX {
        return Err(InputProblem::TooLong);
    }
    Ok(tags.join(", "))
}

/// A download file name from a title: letters, digits, spaces, `-` and `_` kept, everything else
/// dropped, so the name is safe in a `Content-Disposition` header and on every file system.
pub fn download_name(title: &str, fallback: &str, extension: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let stem: String = if cleaned.is_empty() {
        fallback.to_string()
    } else {
        cleaned.chars().take(100).collect()
    };
    format!("{stem}.{extension}")
}

/// Something a music distributor would reject about a cover.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CoverIssue {
    /// Distributors ask for at least 3000×3000 pixels.
    TooSmall {
        width: u32,
        height: u32,
    },
    NotSquare {
        width: u32,
        height: u32,
    },
    /// Text besides title and artist: a web address, an @handle or an email address.
    ExtraText {
        text: String,
    },
}

/// Minimum side distributors accept.
pub const COVER_MIN_SIDE: u32 = 3000;

/// Lists what stands between an image and an accepted release cover.
pub fn cover_check(width: u32, height: u32, overlay: Option<&OverlaySpec>) -> Vec<CoverIssue> {
    let mut issues = Vec::new();
    if width != height {
        issues.push(CoverIssue::NotSquare { width, height });
    }
    if width.min(height) < COVER_MIN_SIDE {
        issues.push(CoverIssue::TooSmall { width, height });
    }
    if let Some(spec) = overlay {
        let texts = std::iter::once(spec.title.as_str()).chain(spec.artist.as_deref());
        for text in texts {
            for word in text.split_whitespace() {
                if looks_like_contact(word) {
                    issues.push(CoverIssue::ExtraText {
                        text: word.to_string(),
                    });
                }
            }
        }
    }
    issues
}

/// URLs, domains, @handles and email addresses, which stores refuse on covers.
fn looks_like_contact(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '/')
        .to_lowercase();
    if w.len() < 3 {
        return false;
    }
    if w.starts_with('@') || w.contains("://") || w.starts_with("www.") || w.contains('@') {
        return true;
    }
    const TLDS: &[&str] = &[
        ".com", ".net", ".org", ".de", ".io", ".fm", ".me", ".co", ".music", ".band",
    ];
    TLDS.iter().any(|t| w.ends_with(t) && w.len() > t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_phrases_follow_the_prompt() {
        let styles = StyleChoice {
            artistic_style: Some("oil-painting".into()),
            composition: Some("album-cover".into()),
            ..Default::default()
        };
        let p = compose_prompt("  a fox in snow ", &styles);
        assert!(p.starts_with("a fox in snow\n\nStyle: oil painting"));
        assert!(p.contains("album cover"));
        assert_eq!(compose_prompt("x", &StyleChoice::default()), "x");
    }

    #[test]
    fn options_are_checked() {
        assert_eq!(COMPOSITION.check(""), Ok(None));
        assert_eq!(COMPOSITION.check("album-cover"), Ok(Some("album-cover")));
        assert_eq!(
            COMPOSITION.check("poster"),
            Err(InputProblem::UnknownOption)
        );
    }

    #[test]
    fn tags_normalise() {
        assert_eq!(
            normalize_tags("Rock, rock , Night,,").unwrap(),
            "rock, night"
        );
        assert_eq!(normalize_tags("").unwrap(), "");
        assert!(normalize_tags(&"x".repeat(41)).is_err());
    }

    #[test]
    fn download_names_are_safe() {
        assert_eq!(
            download_name("Neon / Nights: \"live\"", "img", "png"),
            "Neon Nights live.png"
        );
        assert_eq!(download_name("../..", "image-1", "png"), "image-1.png");
        assert_eq!(download_name("Über Grün", "x", "png"), "Über Grün.png");
    }

    #[test]
    fn cover_check_names_problems() {
        assert!(cover_check(3000, 3000, None).is_empty());
        assert_eq!(
            cover_check(1024, 1536, None),
            vec![
                CoverIssue::NotSquare {
                    width: 1024,
                    height: 1536
                },
                CoverIssue::TooSmall {
                    width: 1024,
                    height: 1536
                }
            ]
        );
        let spec = OverlaySpec::new("Night Drive", Some("DJ Fox @djfox www.fox.com"));
        let issues = cover_check(3000, 3000, Some(&spec));
        assert_eq!(issues.len(), 2, "{issues:?}");
        let spec = OverlaySpec::new("Vol. 2", Some("Dr. No"));
        assert!(cover_check(3000, 3000, Some(&spec)).is_empty());
    }
}
