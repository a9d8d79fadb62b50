//! Where a song, sketch or image belongs, shown on its own page. The pages that show an asset
//! sit below the feature that knows the places (song projects uses songs, sketches and
//! images), so the router fills this slot with that feature's panel and the asset pages only
//! say "here": no feature has to know the one above it.

use leptos::prelude::*;

/// The panel for an asset: its kind (`song`, `sketch`, `image`) and id.
#[derive(Clone, Copy)]
pub struct AssetPlaces(pub fn(&'static str, String) -> AnyView);

/// Renders the provided panel, or nothing when no router provided one.
#[component]
pub fn AssetPlacesSlot(kind: &'static str, #[prop(into)] id: String) -> impl IntoView {
    use_context::<AssetPlaces>().map(|places| (places.0)(kind, id))
}
