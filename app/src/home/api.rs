//! The home page's one server function: the newest work of each kind, rendered here as an HTML
//! fragment so that the browser needs none of the list code (see [`super`]).

use leptos::prelude::*;
use shared::locale::Language;

use crate::error::AppError;

/// The newest songs, sketches and images of the signed-in user as HTML, in `language` and the
/// user's time zone. Every text in it is escaped by the renderer, as on any page.
#[server(endpoint = "home_lists")]
pub async fn home_lists(language: Language) -> Result<String, AppError> {
    let (state, user) = crate::auth::signed_in().await?;
    let overview = overview::load(&state.db, &user.id).await?;
    Ok(super::lists::render(overview, language, user.time_zone))
}

#[cfg(feature = "ssr")]
pub(super) mod overview {
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
}
