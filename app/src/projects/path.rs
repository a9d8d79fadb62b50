//! Relative file paths inside a folder: the rules live in `shared::project_path` (the
//! command-line client checks what it is sent with the same ones); here they become the error
//! every endpoint answers with, and a path gets its file kind. Object keys never contain these
//! names (they are generated), so the rules protect the folder's meaning, not the storage.

use shared::project_path::normalise;

use super::FileType;
use crate::error::AppError;

/// [`normalise`] as the error every endpoint answers with.
pub fn checked(raw: &str) -> Result<String, AppError> {
    normalise(raw).map_err(|problem| AppError::InvalidPath { problem })
}

/// The last segment of a normalised path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The file's kind and MIME type from its name (DAW sessions have no registered MIME type).
pub fn classify(name: &str) -> (FileType, String) {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (kind, mime) = match ext.as_str() {
        "wav" => (FileType::Audio, "audio/wav"),
        "aif" | "aiff" => (FileType::Audio, "audio/aiff"),
        "mp3" => (FileType::Audio, "audio/mpeg"),
        "flac" => (FileType::Audio, "audio/flac"),
        "ogg" | "oga" => (FileType::Audio, "audio/ogg"),
        "m4a" | "aac" => (FileType::Audio, "audio/mp4"),
        "mid" | "midi" => (FileType::Audio, "audio/midi"),
        "logicx" | "als" | "ptx" | "ptf" | "flp" | "cpr" | "rpp" | "song" | "bwproject" | "asd" => {
            (FileType::Project, "application/octet-stream")
        }
        "png" => (FileType::Image, "image/png"),
        "jpg" | "jpeg" => (FileType::Image, "image/jpeg"),
        "webp" => (FileType::Image, "image/webp"),
        "gif" => (FileType::Image, "image/gif"),
        "tif" | "tiff" => (FileType::Image, "image/tiff"),
        "mp4" => (FileType::Video, "video/mp4"),
        "mov" => (FileType::Video, "video/quicktime"),
        "pdf" => (FileType::Document, "application/pdf"),
        "txt" | "md" => (FileType::Document, "text/plain; charset=utf-8"),
        "zip" => (FileType::Archive, "application/zip"),
        _ => (FileType::Other, "application/octet-stream"),
    };
    (kind, mime.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_kinds() {
        assert_eq!(file_name("Media/drums.flac"), "drums.flac");
        assert_eq!(classify("Mix.WAV").0, FileType::Audio);
        assert_eq!(classify("Song.logicx").0, FileType::Project);
    }
}
