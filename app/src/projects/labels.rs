//! The translated names of the feature's closed sets.

use super::{AssetKind, FileType, FolderIcon, SyncStatus};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn sync(i18n: I18n, s: SyncStatus) -> String {
    match s {
        SyncStatus::Local => t_string!(i18n, projects.sync_local),
        SyncStatus::Cloud => t_string!(i18n, projects.sync_cloud),
        SyncStatus::Synced => t_string!(i18n, projects.sync_synced),
        SyncStatus::Syncing => t_string!(i18n, projects.sync_syncing),
    }
    .to_string()
}

pub fn file_type(i18n: I18n, t: FileType) -> String {
    match t {
        FileType::Audio => t_string!(i18n, projects.type_audio),
        FileType::Project => t_string!(i18n, projects.type_project),
        FileType::Image => t_string!(i18n, projects.type_image),
        FileType::Video => t_string!(i18n, projects.type_video),
        FileType::Document => t_string!(i18n, projects.type_document),
        FileType::Archive => t_string!(i18n, projects.type_archive),
        FileType::Other => t_string!(i18n, projects.type_other),
    }
    .to_string()
}

pub fn asset(i18n: I18n, k: AssetKind) -> String {
    match k {
        AssetKind::Song => t_string!(i18n, projects.asset_song),
        AssetKind::Sketch => t_string!(i18n, projects.asset_sketch),
        AssetKind::Image => t_string!(i18n, projects.asset_image),
    }
    .to_string()
}

/// A folder icon as a symbol from the fonts every system has (no emoji or icon font: those
/// render as empty boxes where they are missing). No icon chosen shows none.
pub fn icon(icon: Option<FolderIcon>) -> &'static str {
    match icon {
        None => "",
        Some(FolderIcon::Folder) => "▣",
        Some(FolderIcon::Music) => "♪",
        Some(FolderIcon::Sliders) => "≡",
        Some(FolderIcon::Disc) => "◉",
        Some(FolderIcon::Wave) => "∿",
        Some(FolderIcon::Book) => "¶",
        Some(FolderIcon::Image) => "▨",
        Some(FolderIcon::Star) => "★",
    }
}
