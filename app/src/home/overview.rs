//! The newest work of each kind, read for the home page's lists.

use crate::error::AppError;
use crate::images::ImageCard;
use crate::infra::db::Db;
use crate::songs::SongStatus;

/// How many of each kind the home page lists.
const NEWEST: u32 = 5;
/// Images fill a row of thumbnails.
const NEWEST_IMAGES: u32 = 6;

pub struct Overview {
    pub songs: Vec<RecentSong>,
    pub sketches: Vec<RecentSketch>,
    pub images: Vec<ImageCard>,
}

pub struct RecentSong {
    pub id: String,
    /// Its title, else its first lyric line; empty when it has neither.
    pub title: String,
    pub status: SongStatus,
}

pub struct RecentSketch {
    pub id: String,
    pub title: String,
    pub updated_at: i64,
}

pub async fn load(db: &Db, user: &str) -> Result<Overview, AppError> {
    let (songs, sketches, images) = tokio::try_join!(
        crate::songs::db::list(db, user, NEWEST, 0),
        crate::sketches::db::newest(db, user, NEWEST),
        crate::images::db::newest(db, user, NEWEST_IMAGES),
    )?;
    Ok(Overview {
        songs: songs
            .into_iter()
            .map(|s| RecentSong {
                title: s.display_title(""),
                id: s.id,
                status: s.status,
            })
            .collect(),
        sketches: sketches
            .into_iter()
            .map(|s| RecentSketch {
                id: s.id,
                title: s.title,
                updated_at: s.updated_at,
            })
            .collect(),
        images,
    })
}
