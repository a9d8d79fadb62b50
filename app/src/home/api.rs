//! The home page's one server function: the newest work of each kind, slim enough that the
//! start page renders from a single small answer.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::images::ImageCard;
use crate::songs::SongStatus;

/// How many of each kind the home page lists.
#[cfg(feature = "ssr")]
const NEWEST: u32 = 5;
/// Images fill a row of thumbnails.
#[cfg(feature = "ssr")]
const NEWEST_IMAGES: u32 = 6;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub songs: Vec<RecentSong>,
    pub sketches: Vec<RecentSketch>,
    pub images: Vec<ImageCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentSong {
    pub id: String,
    /// Its title, else its first lyric line; empty when it has neither.
    pub title: String,
    pub status: SongStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentSketch {
    pub id: String,
    pub title: String,
    pub updated_at: i64,
}

#[server(endpoint = "home_overview")]
pub async fn home_overview() -> Result<Overview, AppError> {
    let (state, user) = crate::auth::signed_in().await?;
    let (db, id) = (&state.db, user.id.as_str());
    let (songs, sketches, images) = tokio::try_join!(
        crate::songs::db::list(db, id, NEWEST, 0),
        crate::sketches::db::newest(db, id, NEWEST),
        crate::images::db::newest(db, id, NEWEST_IMAGES),
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
