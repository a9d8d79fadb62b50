//! The kinds of background job songs owns.

use crate::providers::mureka::Generator;

/// The job kinds songs owns, stored in `jobs.kind`; the server's job dispatch parses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SongJob {
    /// A song with vocals from lyrics (`/v1/song/*`).
    Song,
    /// An instrumental from a style prompt (`/v1/instrumental/*`).
    Instrumental,
}

impl SongJob {
    pub fn as_str(self) -> &'static str {
        match self {
            SongJob::Song => "song",
            SongJob::Instrumental => "instrumental",
        }
    }

    pub fn parse(kind: &str) -> Option<SongJob> {
        match kind {
            "song" => Some(SongJob::Song),
            "instrumental" => Some(SongJob::Instrumental),
            _ => None,
        }
    }

    pub fn generator(self) -> Generator {
        match self {
            SongJob::Song => Generator::Song,
            SongJob::Instrumental => Generator::Instrumental,
        }
    }
}
