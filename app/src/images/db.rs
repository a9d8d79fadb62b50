//! Queries on `generated_images`; every one is scoped to the owning user.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{ImageCard, ImageDetail, ImageQuery, ImageSort, PAGE_SIZE};
use crate::infra::{objects, Db, ListQuery, TextSearch};

/// A new image record; files are already in storage under the two keys.
#[derive(Debug, Clone, Default)]
pub struct NewImage {
    pub id: String,
    pub user_id: String,
    pub user_prompt: String,
    pub enhanced_prompt: Option<String>,
    pub final_prompt: String,
    pub revised_prompt: Option<String>,
    pub model: String,
    pub size: String,
    pub quality: Option<String>,
    pub width: i64,
    pub height: i64,
    pub mime: String,
    pub byte_size: i64,
    pub storage_key: String,
    pub thumb_key: String,
    pub title: String,
    pub tags: String,
    pub artistic_style: Option<String>,
    pub composition: Option<String>,
    pub lighting: Option<String>,
    pub color_palette: Option<String>,
    pub detail_level: Option<String>,
    pub source_image_id: Option<String>,
    pub overlay: Option<String>,
}

/// Inserts in the caller's transaction, which also claims the image's stored objects.
pub async fn insert(tx: &mut Tx, n: &NewImage, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO generated_images (id, user_id, user_prompt, enhanced_prompt, final_prompt, \
         revised_prompt, model, size, quality, width, height, mime, byte_size, storage_key, \
         thumb_key, title, tags, artistic_style, composition, lighting, color_palette, detail_level, \
         source_image_id, overlay, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25)",
    )
    .bind(&n.id)
    .bind(&n.user_id)
    .bind(&n.user_prompt)
    .bind(&n.enhanced_prompt)
    .bind(&n.final_prompt)
    .bind(&n.revised_prompt)
    .bind(&n.model)
    .bind(&n.size)
    .bind(&n.quality)
    .bind(n.width)
    .bind(n.height)
    .bind(&n.mime)
    .bind(n.byte_size)
    .bind(&n.storage_key)
    .bind(&n.thumb_key)
    .bind(&n.title)
    .bind(&n.tags)
    .bind(&n.artistic_style)
    .bind(&n.composition)
    .bind(&n.lighting)
    .bind(&n.color_palette)
    .bind(&n.detail_level)
    .bind(&n.source_image_id)
    .bind(&n.overlay)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

const DETAIL_COLUMNS: &str = "id, title, tags, user_prompt, enhanced_prompt, final_prompt, \
    revised_prompt, model, size, quality, width, height, mime, byte_size, artistic_style, \
    composition, lighting, color_palette, detail_level, source_image_id, overlay, created_at";

fn detail_from_row(r: &AnyRow) -> Result<ImageDetail, sqlx::Error> {
    let overlay: Option<String> = r.try_get("overlay")?;
    Ok(ImageDetail {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        tags: r.try_get("tags")?,
        user_prompt: r.try_get("user_prompt")?,
        enhanced_prompt: r.try_get("enhanced_prompt")?,
        final_prompt: r.try_get("final_prompt")?,
        revised_prompt: r.try_get("revised_prompt")?,
        model: r.try_get("model")?,
        size: r.try_get("size")?,
        quality: r.try_get("quality")?,
        width: r.try_get("width")?,
        height: r.try_get("height")?,
        mime: r.try_get("mime")?,
        byte_size: r.try_get("byte_size")?,
        artistic_style: r.try_get("artistic_style")?,
        composition: r.try_get("composition")?,
        lighting: r.try_get("lighting")?,
        color_palette: r.try_get("color_palette")?,
        detail_level: r.try_get("detail_level")?,
        source_image_id: r.try_get("source_image_id")?,
        overlay: overlay.and_then(|o| serde_json::from_str(&o).ok()),
        created_at: r.try_get("created_at")?,
    })
}

pub async fn detail(db: &Db, user_id: &str, id: &str) -> Result<Option<ImageDetail>, sqlx::Error> {
    let sql =
        format!("SELECT {DETAIL_COLUMNS} FROM generated_images WHERE id = $1 AND user_id = $2");
    sqlx::query(&sql)
        .bind(id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(detail_from_row)
        .transpose()
}

/// Storage keys and serving facts of an owned image.
#[derive(Debug, Clone)]
pub struct ImageFiles {
    pub storage_key: String,
    pub thumb_key: String,
    pub mime: String,
    pub title: String,
}

const FILES_SQL: &str =
    "SELECT storage_key, thumb_key, mime, title FROM generated_images WHERE id = $1 AND user_id = $2";

fn files_from_row(r: &AnyRow) -> Result<ImageFiles, sqlx::Error> {
    Ok(ImageFiles {
        storage_key: r.try_get("storage_key")?,
        thumb_key: r.try_get("thumb_key")?,
        mime: r.try_get("mime")?,
        title: r.try_get("title")?,
    })
}

pub async fn files(db: &Db, user_id: &str, id: &str) -> Result<Option<ImageFiles>, sqlx::Error> {
    sqlx::query(FILES_SQL)
        .bind(id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(files_from_row)
        .transpose()
}

/// What a gallery search looks in.
pub const SEARCH: TextSearch = TextSearch {
    columns: &[
        "title",
        "tags",
        "user_prompt",
        "final_prompt",
        "revised_prompt",
    ],
    sqlite_table: "generated_images_search",
    postgres_expression: "lower(title || chr(1) || tags || chr(1) || user_prompt || chr(1) \
        || final_prompt || chr(1) || coalesce(revised_prompt, ''))",
};

const CARD_COLUMNS: &str =
    "id, title, composition, overlay IS NOT NULL AS has_overlay, width, height, created_at";

/// One gallery page and the total count, filtered and sorted in the database.
pub async fn list(
    db: &Db,
    user_id: &str,
    q: &ImageQuery,
) -> Result<(Vec<ImageCard>, i64), sqlx::Error> {
    let query = ListQuery::owned_by("generated_images", user_id)
        .search(db, &SEARCH, &q.search)
        .equals("composition", &q.composition)
        .equals("artistic_style", &q.style);
    let order = match q.sort {
        ImageSort::Newest => "created_at DESC, id DESC",
        ImageSort::Oldest => "created_at ASC, id ASC",
        ImageSort::Title => "LOWER(title) ASC, created_at DESC, id DESC",
    };
    let total = query.count(db).await?;
    let items = query
        .page(db, CARD_COLUMNS, order, q.page, PAGE_SIZE, card_from_row)
        .await?;
    Ok((items, total))
}

/// The `limit` newest images (for the home page).
pub async fn newest(db: &Db, user_id: &str, limit: u32) -> Result<Vec<ImageCard>, sqlx::Error> {
    ListQuery::owned_by("generated_images", user_id)
        .page(
            db,
            CARD_COLUMNS,
            "created_at DESC, id DESC",
            Default::default(),
            limit,
            card_from_row,
        )
        .await
}

fn card_from_row(r: &AnyRow) -> Result<ImageCard, sqlx::Error> {
    Ok(ImageCard {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        composition: r.try_get("composition")?,
        has_overlay: read_flag(r, "has_overlay")?,
        width: r.try_get("width")?,
        height: r.try_get("height")?,
        created_at: r.try_get("created_at")?,
    })
}

/// A boolean expression's value: PostgreSQL answers `bool`, SQLite an integer.
fn read_flag(r: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    match r.try_get::<bool, _>(column) {
        Ok(b) => Ok(b),
        Err(_) => Ok(r.try_get::<i64, _>(column)? != 0),
    }
}

/// Images the cover editor offers: originals without an overlay, album covers first.
pub async fn overlay_candidates(db: &Db, user_id: &str) -> Result<Vec<ImageCard>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {CARD_COLUMNS} FROM generated_images WHERE user_id = $1 AND overlay IS NULL \
         ORDER BY CASE WHEN composition = 'album-cover' THEN 0 ELSE 1 END, created_at DESC, id DESC \
         LIMIT 500"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(card_from_row).collect()
}

/// Sets title and tags; false when the image is not the user's.
pub async fn update_meta(
    db: &Db,
    user_id: &str,
    id: &str,
    title: &str,
    tags: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE generated_images SET title = $3, tags = $4, updated_at = $5 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(title)
    .bind(tags)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the record and returns its files' keys, or `None` when it is not the user's.
/// Deletes the image and releases its files to the storage outbox in the same transaction;
/// returns the outbox entries to deliver after the commit.
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<Option<Vec<String>>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(FILES_SQL)
        .bind(id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(files) = row.as_ref().map(files_from_row).transpose()? else {
        return Ok(None);
    };
    sqlx::query("DELETE FROM generated_images WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let outbox = objects::release(&mut tx, &[files.storage_key, files.thumb_key]).await?;
    tx.commit().await?;
    Ok(Some(outbox))
}
