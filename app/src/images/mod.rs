//! Images: generation (with optional prompt enhancement), the gallery, and the files behind
//! them. Covers made in the cover editor are images too, with the overlay as metadata.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod detail_panel;
#[cfg(feature = "ssr")]
pub mod file_routes;
mod gallery_page;
mod generate_page;
#[cfg(feature = "ssr")]
pub mod ingest;
mod labels;
pub mod request;

pub use gallery_page::GalleryPage;
pub use generate_page::GeneratePage;
pub use request::GenerateImageRequest;

/// The gallery's address: search, filters, order, page and the open image.
pub const GALLERY: crate::ui::list::ListUrl = crate::ui::list::ListUrl {
    path: "/images",
    keys: &["q", "composition", "style", "sort", "page", "id"],
};

use serde::{Deserialize, Serialize};
use shared::overlay::OverlaySpec;
use shared::paging::Page;

/// Gallery tiles per page: a full grid on wide screens, small enough to render fast.
pub const PAGE_SIZE: u32 = 48;

/// A gallery tile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageCard {
    pub id: String,
    pub title: String,
    pub composition: Option<String>,
    pub has_overlay: bool,
    pub width: i64,
    pub height: i64,
    pub created_at: i64,
}

impl ImageCard {
    pub fn thumb_url(&self) -> String {
        thumb_url(&self.id)
    }
}

/// Everything known about one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageDetail {
    pub id: String,
    pub title: String,
    pub tags: String,
    pub user_prompt: String,
    pub enhanced_prompt: Option<String>,
    pub final_prompt: String,
    pub revised_prompt: Option<String>,
    pub model: String,
    pub size: String,
    pub quality: Option<String>,
    pub width: i64,
    pub height: i64,
    pub mime: String,
    pub byte_size: i64,
    pub artistic_style: Option<String>,
    pub composition: Option<String>,
    pub lighting: Option<String>,
    pub color_palette: Option<String>,
    pub detail_level: Option<String>,
    pub source_image_id: Option<String>,
    pub overlay: Option<OverlaySpec>,
    pub created_at: i64,
}

impl ImageDetail {
    pub fn url(&self) -> String {
        image_url(&self.id)
    }
    pub fn download_url(&self) -> String {
        format!("{}?download=1", image_url(&self.id))
    }
    pub fn thumb_url(&self) -> String {
        thumb_url(&self.id)
    }
}

pub fn image_url(id: &str) -> String {
    format!("/media/images/{id}")
}

pub fn thumb_url(id: &str) -> String {
    format!("/media/images/{id}/thumb")
}

/// Gallery order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ImageSort {
    #[default]
    Newest,
    Oldest,
    Title,
}

impl ImageSort {
    pub fn parse(s: &str) -> ImageSort {
        match s {
            "oldest" => ImageSort::Oldest,
            "title" => ImageSort::Title,
            _ => ImageSort::Newest,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ImageSort::Newest => "newest",
            ImageSort::Oldest => "oldest",
            ImageSort::Title => "title",
        }
    }
}

/// Search, filters, order and page of the gallery (all from the URL, so views can be shared
/// and work without scripts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ImageQuery {
    pub search: String,
    pub composition: String,
    pub style: String,
    pub sort: ImageSort,
    pub page: Page,
}

/// One page of the gallery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImagePage {
    pub items: Vec<ImageCard>,
    pub total: i64,
    pub page: Page,
    pub pages: u32,
}
