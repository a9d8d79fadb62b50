//! The translated names of image options (quality, style groups, style values), shown by the
//! generation form, the gallery's filters and the detail panel.

use crate::i18n::*;

pub fn quality_label(i18n: leptos_i18n::I18nContext<Locale>, q: &str) -> String {
    match q {
        "low" => t_string!(i18n, images.quality_low),
        "medium" => t_string!(i18n, images.quality_medium),
        "high" => t_string!(i18n, images.quality_high),
        _ => t_string!(i18n, images.quality_auto),
    }
    .to_string()
}

pub fn group_label(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> String {
    match key {
        "artistic_style" => t_string!(i18n, images.artistic_style),
        "composition" => t_string!(i18n, images.composition),
        "lighting" => t_string!(i18n, images.lighting),
        "color_palette" => t_string!(i18n, images.color_palette),
        _ => t_string!(i18n, images.detail_level),
    }
    .to_string()
}

/// The translated name of a style option value.
pub fn option_label(i18n: leptos_i18n::I18nContext<Locale>, value: &str) -> String {
    let s = match value {
        "photorealistic" => t_string!(i18n, styles.photorealistic),
        "digital-art" => t_string!(i18n, styles.digital_art),
        "oil-painting" => t_string!(i18n, styles.oil_painting),
        "watercolor" => t_string!(i18n, styles.watercolor),
        "illustration" => t_string!(i18n, styles.illustration),
        "3d-render" => t_string!(i18n, styles.render_3d),
        "anime" => t_string!(i18n, styles.anime),
        "vintage" => t_string!(i18n, styles.vintage),
        "surreal" => t_string!(i18n, styles.surreal),
        "minimalist" => t_string!(i18n, styles.minimalist),
        "album-cover" => t_string!(i18n, styles.album_cover),
        "portrait" => t_string!(i18n, styles.portrait),
        "landscape" => t_string!(i18n, styles.landscape),
        "wide-angle" => t_string!(i18n, styles.wide_angle),
        "close-up" => t_string!(i18n, styles.close_up),
        "symmetrical" => t_string!(i18n, styles.symmetrical),
        "rule-of-thirds" => t_string!(i18n, styles.rule_of_thirds),
        "natural" => t_string!(i18n, styles.natural),
        "studio" => t_string!(i18n, styles.studio),
        "dramatic" => t_string!(i18n, styles.dramatic),
        "golden-hour" => t_string!(i18n, styles.golden_hour),
        "neon" => t_string!(i18n, styles.neon),
        "soft" => t_string!(i18n, styles.soft),
        "backlit" => t_string!(i18n, styles.backlit),
        "vibrant" => t_string!(i18n, styles.vibrant),
        "muted" => t_string!(i18n, styles.muted),
        "monochrome" => t_string!(i18n, styles.monochrome),
        "pastel" => t_string!(i18n, styles.pastel),
        "warm" => t_string!(i18n, styles.warm),
        "cool" => t_string!(i18n, styles.cool),
        "high-contrast" => t_string!(i18n, styles.high_contrast),
        "minimal" => t_string!(i18n, styles.minimal),
        "moderate" => t_string!(i18n, styles.moderate),
        "highly-detailed" => t_string!(i18n, styles.highly_detailed),
        other => return other.to_string(),
    };
    s.to_string()
}
