//! Song projects (spec 6.9): a release's folders, its files of any size, and the songs,
//! sketches and images that belong to it.
//!
//! Files stream through plain HTTP endpoints (`transfer.rs`, `/api/v1/projects/…`): a server
//! function reads its whole body first, which a 4 GB stem must never be. Everything else is a
//! server function (`api.rs`). The original uploaded three files per request because of an
//! nginx body limit and handed out presigned URLs; here a file is one streamed request each
//! way, hashed while it streams, recorded only once it is complete.

#[cfg(feature = "ssr")]
mod access;
pub mod api;
pub mod copy;
#[cfg(feature = "ssr")]
pub mod db;
mod detail;
mod file_table;
pub mod files_api;
mod folder_dialogs;
pub mod in_asset;
mod labels;
mod links_panel;
mod page;
#[cfg(feature = "ssr")]
pub mod path;
mod project_form;
#[cfg(feature = "ssr")]
pub mod sync_v1;
#[cfg(feature = "ssr")]
pub mod transfer;
mod upload;

pub use page::ProjectsPage;

use serde::{Deserialize, Serialize};
use shared::paging::Page;

shared::closed_set! {
    /// Where the project's files are with respect to a local copy (spec 6.9.4); set by the
    /// command-line client, shown here.
    pub enum SyncStatus { Local = "local", Cloud = "cloud", Synced = "synced", Syncing = "syncing" }
}

shared::closed_set! {
    /// What a folder holds (the spec's folder_type); the default folders have theirs.
    pub enum FolderType {
        Arrangement = "arrangement", Mixing = "mixing", Mastering = "mastering", Stems = "stems",
        References = "references", Artwork = "artwork", Ideas = "ideas", Custom = "custom"
    }
}

shared::closed_set! {
    /// What a file is, from its name (the spec's file_type).
    pub enum FileType {
        Audio = "audio", Project = "project", Image = "image", Video = "video",
        Document = "document", Archive = "archive", Other = "other"
    }
}

shared::closed_set! {
    /// The kinds of records a project links to.
    pub enum AssetKind { Song = "song", Sketch = "sketch", Image = "image" }
}

shared::closed_set! {
    /// A folder's optional icon (the spec's custom_icon, as a closed set of symbols).
    pub enum FolderIcon {
        Folder = "folder", Music = "music", Sliders = "sliders", Disc = "disc", Wave = "wave",
        Book = "book", Image = "image", Star = "star"
    }
}

/// The folders a new project gets unless the user asks for none (spec 6.9.1).
pub const DEFAULT_FOLDERS: [(&str, FolderType); 5] = [
    ("01 Arrangement", FolderType::Arrangement),
    ("02 Mixing", FolderType::Mixing),
    ("03 Mastering", FolderType::Mastering),
    ("04 Stems", FolderType::Stems),
    ("05 References", FolderType::References),
];

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_FOLDER_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
pub const MAX_TAGS_CHARS: usize = 1000;
/// Folders per project and files per batch action: far above any real release.
pub const MAX_FOLDERS: usize = 100;
pub const MAX_BATCH: usize = 1000;
/// Projects per page of the list; files per page of a folder.
pub const PAGE_SIZE: u32 = 50;
pub const FILES_PAGE_SIZE: u32 = 200;

/// The list's address: search, tag, page, the open project and its open folder.
pub const PROJECTS: crate::ui::list::ListUrl = crate::ui::list::ListUrl {
    path: "/projects",
    keys: &["q", "tag", "page", "id", "folder", "fpage", "edit"],
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Comma-separated, as typed.
    pub tags: String,
    pub cover_image_id: Option<String>,
    pub sync_status: SyncStatus,
    pub last_sync_at: Option<i64>,
    pub total_files: i64,
    pub total_bytes: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Project {
    pub fn tag_list(&self) -> Vec<String> {
        split_tags(&self.tags)
    }
}

/// Tags as a list: trimmed, empty ones dropped, duplicates (ignoring case) once.
pub fn split_tags(tags: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_string());
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Folder {
    pub id: String,
    pub name: String,
    pub folder_type: FolderType,
    pub icon: Option<FolderIcon>,
    pub position: i64,
    pub file_count: i64,
    pub byte_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    pub id: String,
    pub folder_id: String,
    /// NFC, `/`-separated, relative to the folder.
    pub relative_path: String,
    pub file_name: String,
    pub file_type: FileType,
    pub mime_type: String,
    pub size: i64,
    /// Lowercase hex.
    pub sha256: String,
    pub modified_at: i64,
    pub created_at: i64,
}

/// A song, sketch or image linked to a project (and, for songs and sketches, one folder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkedAsset {
    pub kind: AssetKind,
    pub id: String,
    pub title: String,
    pub folder_id: Option<String>,
    /// For a song: the first variant with audio, to play in place.
    pub audio_choice: Option<String>,
}

/// A project with its folders and linked assets; files come a folder and a page at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub project: Project,
    pub folders: Vec<Folder>,
    pub assets: Vec<LinkedAsset>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectQuery {
    pub search: String,
    pub tag: String,
    pub page: Page,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectPageData {
    pub items: Vec<Project>,
    pub total: i64,
    pub tags: Vec<String>,
}

/// What the project page shows at once: the project, the open folder (the one asked for, else
/// the first) and a page of its files. One request, so the page renders whole on the server
/// and hydrates without a second resource inside the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectView {
    pub detail: ProjectDetail,
    pub open_folder: Option<String>,
    pub files: FilePage,
    pub files_page: Page,
}

/// One page of a folder's files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilePage {
    pub items: Vec<ProjectFile>,
    pub total: i64,
}

/// A project's editable fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectForm {
    /// Empty for a new project.
    pub id: String,
    pub name: String,
    pub description: String,
    pub tags: String,
    /// An image of the user's gallery, or empty for none.
    pub cover_image_id: String,
    /// New projects only: create without the default folders.
    pub no_default_folders: bool,
}

/// A folder's editable fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FolderForm {
    pub name: String,
    pub folder_type: String,
    pub icon: String,
}

/// One file of a folder's manifest (`GET /api/v1/projects/{p}/folders/{f}/manifest`), what a
/// syncing client compares its local files with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub id: String,
    pub path: String,
    pub size: i64,
    pub sha256: String,
    pub modified_at: i64,
}

/// The manifest of a folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub project_id: String,
    pub folder_id: String,
    pub folder_name: String,
    pub files: Vec<ManifestEntry>,
}

/// A project and its folders, for pickers on a song's, sketch's or image's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectChoice {
    pub id: String,
    pub name: String,
    pub folders: Vec<(String, String)>,
}

/// What can be linked: (id, title) of the newest songs, sketches and images.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkChoices {
    pub songs: Vec<(String, String)>,
    pub sketches: Vec<(String, String)>,
    pub images: Vec<(String, String)>,
}

/// Where a file goes and what it is: the versioned upload's query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UploadQuery {
    pub path: String,
    /// Lowercase hex SHA-256 the client computed; the upload is refused if the bytes differ.
    pub sha256: Option<String>,
    /// Unix milliseconds of the local file's last change.
    pub modified: Option<i64>,
    /// `1` or `true`: replace a file of the same path instead of refusing.
    pub replace: Option<String>,
}

impl UploadQuery {
    pub fn replaces(&self) -> bool {
        matches!(self.replace.as_deref(), Some("1" | "true"))
    }
}

/// The versioned file endpoints' paths, for the browser and the command-line client.
pub fn file_url(project: &str, file: &str) -> String {
    format!("/api/v1/projects/{project}/files/{file}")
}
pub fn upload_url(project: &str, folder: &str) -> String {
    format!("/api/v1/projects/{project}/folders/{folder}/files")
}
pub fn zip_url(project: &str, folder: &str) -> String {
    format!("/api/v1/projects/{project}/folders/{folder}/zip")
}
