//! Gallery links: the current search, filters, page and selection carried into the next URL,
//! shared by the gallery and its detail panel.

use leptos_router::params::ParamsMap;

/// The gallery URL with `changes` applied to the current query (empty values removed).
pub fn gallery_href(current: &ParamsMap, changes: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = ["q", "composition", "style", "sort", "page", "id"]
        .iter()
        .filter_map(|k| current.get(k).map(|v| (k.to_string(), v)))
        .collect();
    for (k, v) in changes {
        pairs.retain(|(key, _)| key != k);
        if !v.is_empty() {
            pairs.push((k.to_string(), v.to_string()));
        }
    }
    if pairs.is_empty() {
        return "/images".into();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::ui::url::encode(v)))
        .collect();
    format!("/images?{}", query.join("&"))
}
