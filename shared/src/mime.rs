//! The media types the app stores and serves, with the file extension each is saved and
//! downloaded under: one table, so an upload, its storage key, its download name and its
//! `Content-Type` always agree.

/// (MIME type, extension), one row per type the app keeps.
const MEDIA_TYPES: [(&str, &str); 5] = [
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("image/webp", "webp"),
    ("audio/mpeg", "mp3"),
    ("audio/flac", "flac"),
];

/// The extension files of `mime` are saved and downloaded with; `None` for a type the app does
/// not keep.
pub fn extension_for(mime: &str) -> Option<&'static str> {
    MEDIA_TYPES
        .iter()
        .find(|(m, _)| *m == mime)
        .map(|(_, ext)| *ext)
}

/// The MIME type of a file saved with `extension`; `None` for an extension the app does not
/// keep.
pub fn mime_for(extension: &str) -> Option<&'static str> {
    MEDIA_TYPES
        .iter()
        .find(|(_, ext)| *ext == extension)
        .map(|(m, _)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_round_trips() {
        for (mime, ext) in MEDIA_TYPES {
            assert_eq!(extension_for(mime), Some(ext));
            assert_eq!(mime_for(ext), Some(mime));
        }
        assert_eq!(extension_for("text/html"), None);
        assert_eq!(mime_for("exe"), None);
    }
}
