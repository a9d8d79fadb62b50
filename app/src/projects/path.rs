//! Relative file paths inside a folder: validated and normalised before anything is stored.
//!
//! A path comes from a user's disk (a dropped folder, the command-line client walking a DAW
//! project), so it is refused with a reason rather than silently rewritten: no absolute paths,
//! no `..`, no backslashes or control characters, no empty segments, no over-long names. It
//! is normalised to Unicode NFC, because macOS writes names in NFD and the same "Über.wav"
//! must be the same file whichever machine sent it. Object keys never contain these names
//! (they are generated), so this protects the folder's meaning, not the storage.

use unicode_normalization::UnicodeNormalization;

use super::FileType;
use crate::error::{AppError, PathProblem};

/// Longest segment in bytes (what common file systems allow) and longest path.
pub const MAX_SEGMENT_BYTES: usize = 255;
pub const MAX_PATH_BYTES: usize = 1024;

/// The normalised form of `raw`, or why it cannot be stored.
pub fn normalise(raw: &str) -> Result<String, PathProblem> {
    if raw.is_empty() {
        return Err(PathProblem::Empty);
    }
    if raw.chars().any(char::is_control) {
        return Err(PathProblem::ControlCharacters);
    }
    if raw.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    let bytes = raw.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if raw.starts_with('/') || drive {
        return Err(PathProblem::Absolute);
    }
    let nfc: String = raw.nfc().collect();
    if nfc.len() > MAX_PATH_BYTES {
        return Err(PathProblem::TooLong);
    }
    for segment in nfc.split('/') {
        match segment {
            ".." => return Err(PathProblem::Climbs),
            "" | "." => return Err(PathProblem::EmptySegment),
            s if s.len() > MAX_SEGMENT_BYTES => return Err(PathProblem::TooLong),
            s if !portable(s) => return Err(PathProblem::NotPortable),
            _ => {}
        }
    }
    Ok(nfc)
}

/// Whether a name can be written as it is on Windows, macOS and Linux alike, and shows as what
/// it is: the command-line client writes these names onto the user's disk.
fn portable(segment: &str) -> bool {
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let invisible = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
    let stem = segment.split('.').next().unwrap_or(segment).trim_end();
    !segment
        .chars()
        .any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') || invisible(c))
        && !segment.ends_with(['.', ' '])
        && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem))
}

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
    fn hostile_paths_are_refused_with_their_reason() {
        let long = "a".repeat(256);
        for (raw, problem) in [
            ("", PathProblem::Empty),
            ("/etc/passwd", PathProblem::Absolute),
            ("C:/Windows/x", PathProblem::Absolute),
            ("../up.wav", PathProblem::Climbs),
            ("a/../../b", PathProblem::Climbs),
            ("a\\b.wav", PathProblem::Backslash),
            ("a\0b", PathProblem::ControlCharacters),
            ("a\nb", PathProblem::ControlCharacters),
            ("a//b", PathProblem::EmptySegment),
            ("./a", PathProblem::EmptySegment),
            ("a/", PathProblem::EmptySegment),
            (long.as_str(), PathProblem::TooLong),
            ("mix.wav:stream", PathProblem::NotPortable),
            ("a?.wav", PathProblem::NotPortable),
            ("take.\u{202E}vaw.exe", PathProblem::NotPortable),
            ("Takes./a.wav", PathProblem::NotPortable),
            ("nul.txt", PathProblem::NotPortable),
            ("Com1", PathProblem::NotPortable),
        ] {
            assert_eq!(normalise(raw), Err(problem), "{raw:?}");
        }
        assert_eq!(normalise(&"ab/".repeat(400)), Err(PathProblem::TooLong));
    }

    #[test]
    fn names_become_nfc() {
        let nfd = "U\u{0308}ber/Stimme.wav";
        assert_eq!(normalise(nfd).unwrap(), "\u{00DC}ber/Stimme.wav");
        assert_eq!(normalise("Media/drums.flac").unwrap(), "Media/drums.flac");
        assert_eq!(
            normalise(".hidden/console.wav").unwrap(),
            ".hidden/console.wav"
        );
        assert_eq!(file_name("Media/drums.flac"), "drums.flac");
        assert_eq!(classify("Mix.WAV").0, FileType::Audio);
        assert_eq!(classify("Song.logicx").0, FileType::Project);
    }
}
