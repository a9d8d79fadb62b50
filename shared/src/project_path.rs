//! Relative file paths inside a song project's folder: validated and normalised, by the
//! server before anything is stored and by the command-line client before anything it was
//! sent is written to disk (a path in a server's answer is as untrusted as one from a user).
//!
//! A path comes from a user's disk (a dropped folder, the command-line client walking a DAW
//! project), so it is refused with a reason rather than silently rewritten: no absolute paths,
//! no `..`, no backslashes or control characters, no empty segments, no over-long names. It
//! is normalised to Unicode NFC, because macOS writes names in NFD and the same "Über.wav"
//! must be the same file whichever machine sent it.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Why a relative file path was refused. Paths are the user's own names (a DAW folder's
/// layout), so each reason gets its own message instead of a generic "invalid".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathProblem {
    Empty,
    /// Starts with `/` or a drive letter.
    Absolute,
    /// Holds a `..` segment.
    Climbs,
    /// Holds a backslash (a Windows separator would become part of a name elsewhere).
    Backslash,
    /// Control characters or NUL.
    ControlCharacters,
    /// An empty or `.` segment (`a//b`, `./a`).
    EmptySegment,
    /// A name longer than 255 bytes or a path longer than 1,024.
    TooLong,
    /// A name another system cannot hold or shows misleadingly: `< > : " | ? *`, invisible
    /// direction or zero-width marks, a trailing dot or space, a reserved device name (`CON`).
    NotPortable,
}

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

/// The form under which two paths name the same thing on a disk that ignores case (macOS and
/// Windows by default): lower case, NFC. Two files of one folder may not share it, or a clone
/// onto such a disk would write one over the other.
pub fn collision_key(path: &str) -> String {
    path.chars().flat_map(char::to_lowercase).nfc().collect()
}

/// The folders a path lies in, outermost first: `a/b/c.wav` → `a`, `a/b`. A file may not have
/// one of these names, because a disk cannot hold a file and a folder of the same name.
pub fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(at, _)| &path[..at])
}

/// `path` cut to its first `segments` parts (`a/b/c.wav`, 2 → `a/b`).
pub fn leading(path: &str, segments: usize) -> &str {
    match path.match_indices('/').nth(segments.saturating_sub(1)) {
        Some((at, _)) if segments > 0 => &path[..at],
        _ => path,
    }
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
    }

    #[test]
    fn names_a_disk_would_confuse_share_a_key() {
        assert_eq!(
            collision_key("Mix/Über.WAV"),
            collision_key("mix/u\u{0308}ber.wav")
        );
        assert_ne!(collision_key("mix.wav"), collision_key("mix.wave"));
        assert_eq!(parents("a/b/c.wav").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(parents("c.wav").count(), 0);
        assert_eq!(leading("A/b/c.wav", 1), "A");
        assert_eq!(leading("A/b/c.wav", 2), "A/b");
        assert_eq!(leading("A/b/c.wav", 3), "A/b/c.wav");
    }
}
