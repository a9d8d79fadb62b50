//! Queries on `generated_images`; every one is scoped to the owning user.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{ImageCard, ImageDetail, ImageQuery, ImageSort, PAGE_SIZE};
use crate::server::Db;

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

pub async fn insert(db: &Db, n: &NewImage, now: i64) -> Result<(), sqlx::Error> {
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
    .execute(&db.pool)
    .await?;
    Ok(())
}

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

/// `%` and `_` are wildcards in LIKE; a search for "100%" must find the text "100%".
fn like_pattern(search: &str) -> String {
    let escaped = search
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One gallery page and the total count, filtered and sorted in the database.
pub async fn list(
    db: &Db,
    user_id: &str,
    q: &ImageQuery,
) -> Result<(Vec<ImageCard>, i64), sqlx::Error> {
    let mut filter = String::from("user_id = $1");
    let mut binds: Vec<String> = vec![user_id.to_string()];
    let search = q.search.trim();
    if !search.is_empty() {
        binds.push(like_pattern(search));
        let n = binds.len();
        filter.push_str(&format!(
            " AND (LOWER(title) LIKE ${n} ESCAPE '\\' OR LOWER(tags) LIKE ${n} ESCAPE '\\' \
             OR LOWER(user_prompt) LIKE ${n} ESCAPE '\\' OR LOWER(final_prompt) LIKE ${n} ESCAPE '\\' \
             OR LOWER(COALESCE(revised_prompt, '')) LIKE ${n} ESCAPE '\\')"
        ));
    }
    for (column, value) in [
        ("composition", &q.composition),
        ("artistic_style", &q.style),
    ] {
        if !value.is_empty() {
            binds.push(value.clone());
            filter.push_str(&format!(" AND {column} = ${}", binds.len()));
        }
    }
    let order = match q.sort {
        ImageSort::Newest => "created_at DESC, id DESC",
        ImageSort::Oldest => "created_at ASC, id ASC",
        ImageSort::Title => "LOWER(title) ASC, created_at DESC, id DESC",
    };
    let count_sql = format!("SELECT COUNT(*) FROM generated_images WHERE {filter}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        count = count.bind(b);
    }
    let total = count.fetch_one(&db.pool).await?;
    let offset = q.page.offset(PAGE_SIZE);
    let list_sql = format!(
        "SELECT id, title, composition, overlay IS NOT NULL AS has_overlay, width, height, created_at \
         FROM generated_images WHERE {filter} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}"
    );
    let mut list = sqlx::query(&list_sql);
    for b in &binds {
        list = list.bind(b);
    }
    let rows = list.fetch_all(&db.pool).await?;
    let items = rows
        .iter()
        .map(card_from_row)
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((items, total))
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
    let rows = sqlx::query(
        "SELECT id, title, composition, overlay IS NOT NULL AS has_overlay, width, height, created_at \
         FROM generated_images WHERE user_id = $1 AND overlay IS NULL \
         ORDER BY CASE WHEN composition = 'album-cover' THEN 0 ELSE 1 END, created_at DESC, id DESC \
         LIMIT 500",
    )
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
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<Option<ImageFiles>, sqlx::Error> {
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
    tx.commit().await?;
    Ok(Some(files))
}
