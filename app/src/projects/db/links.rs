//! Songs, sketches and images linked to a project. The link tables are this feature's; the
//! records they point at belong to their features, whose foreign keys unlink on delete.

use sqlx::Row;

use crate::infra::Db;
use crate::projects::AssetKind;

/// A link as stored: kind, asset id, folder.
pub struct Link {
    pub kind: AssetKind,
    pub asset_id: String,
    pub folder_id: Option<String>,
}

/// Every link of a project: songs and sketches by creation, images in their order.
pub async fn links(db: &Db, project_id: &str) -> Result<Vec<Link>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT 'song' AS kind, song_id AS asset_id, folder_id, 0 AS position, created_at \
           FROM project_song_links WHERE project_id = $1 \
         UNION ALL SELECT 'sketch', sketch_id, folder_id, 0, created_at \
           FROM project_sketch_links WHERE project_id = $1 \
         UNION ALL SELECT 'image', image_id, folder_id, position, created_at \
           FROM project_image_links WHERE project_id = $1 \
         ORDER BY kind, position, created_at, asset_id",
    )
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Link {
                kind: AssetKind::parse(&kind).unwrap_or(AssetKind::Image),
                asset_id: r.try_get("asset_id")?,
                folder_id: r.try_get("folder_id")?,
            })
        })
        .collect()
}

/// Links a song or sketch to a folder (moving it from wherever it was: one folder each), or an
/// image to the project or one of its folders (at the end of the order; linking it twice to
/// the same place changes nothing).
pub async fn link(
    db: &Db,
    kind: AssetKind,
    asset_id: &str,
    project_id: &str,
    folder_id: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    match kind {
        AssetKind::Song | AssetKind::Sketch => {
            let (table, column) = single_table(kind);
            sqlx::query(&format!(
                "INSERT INTO {table} ({column}, project_id, folder_id, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT ({column}) DO UPDATE SET \
                 project_id = excluded.project_id, folder_id = excluded.folder_id"
            ))
            .bind(asset_id)
            .bind(project_id)
            .bind(folder_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        AssetKind::Image => {
            let last: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(position) FROM project_image_links WHERE project_id = $1",
            )
            .bind(project_id)
            .fetch_one(&mut *tx)
            .await?;
            // Positions may tie when two links race; the order then falls back to creation.
            sqlx::query(
                "INSERT INTO project_image_links (id, image_id, project_id, folder_id, position, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(asset_id)
            .bind(project_id)
            .bind(folder_id)
            .bind(last.unwrap_or(-1) + 1)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    super::touch(&mut tx, project_id, now).await?;
    tx.commit().await
}

/// Moves an image one place up (`-1`) or down (`1`) among the images of its place (the
/// project itself when `folder_id` is `None`, or one folder).
pub async fn move_image(
    db: &Db,
    project_id: &str,
    folder_id: Option<&str>,
    image_id: &str,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let place: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT id, image_id FROM project_image_links WHERE project_id = $1 \
         AND COALESCE(folder_id, '') = $2 ORDER BY position, created_at, image_id{}",
        super::lock_clause(db)
    ))
    .bind(project_id)
    .bind(folder_id.unwrap_or(""))
    .fetch_all(&mut *tx)
    .await?;
    let Some((link, _)) = place.iter().find(|(_, image)| image == image_id) else {
        return Ok(false);
    };
    let order: Vec<String> = place.iter().map(|(id, _)| id.clone()).collect();
    super::step_in_order(&mut tx, "project_image_links", &order, link, step).await?;
    tx.commit().await?;
    Ok(true)
}

fn single_table(kind: AssetKind) -> (&'static str, &'static str) {
    match kind {
        AssetKind::Song => ("project_song_links", "song_id"),
        _ => ("project_sketch_links", "sketch_id"),
    }
}

/// Removes a link (an image's from one place: the project itself when `folder_id` is `None`).
pub async fn unlink(
    db: &Db,
    kind: AssetKind,
    asset_id: &str,
    project_id: &str,
    folder_id: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = match kind {
        AssetKind::Song | AssetKind::Sketch => {
            let (table, column) = single_table(kind);
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE {column} = $1 AND project_id = $2"
            ))
            .bind(asset_id)
            .bind(project_id)
            .execute(&db.pool)
            .await?
        }
        AssetKind::Image => {
            sqlx::query(
                "DELETE FROM project_image_links WHERE image_id = $1 AND project_id = $2 \
                 AND COALESCE(folder_id, '') = $3",
            )
            .bind(asset_id)
            .bind(project_id)
            .bind(folder_id.unwrap_or(""))
            .execute(&db.pool)
            .await?
        }
    };
    Ok(done.rows_affected() > 0)
}

/// Where an asset of the user is linked: (project id, project name, folder id, folder name).
pub async fn places(
    db: &Db,
    user_id: &str,
    kind: AssetKind,
    asset_id: &str,
) -> Result<Vec<(String, String, Option<String>, Option<String>)>, sqlx::Error> {
    let (table, column) = match kind {
        AssetKind::Image => ("project_image_links", "image_id"),
        other => single_table(other),
    };
    let rows = sqlx::query(&format!(
        "SELECT p.id AS pid, p.name AS pname, d.id AS fid, d.name AS fname FROM {table} l \
         JOIN song_projects p ON p.id = l.project_id \
         LEFT JOIN project_folders d ON d.id = l.folder_id \
         WHERE l.{column} = $1 AND p.user_id = $2 ORDER BY p.name, d.position"
    ))
    .bind(asset_id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("pid")?,
                r.try_get("pname")?,
                r.try_get("fid")?,
                r.try_get("fname")?,
            ))
        })
        .collect()
}
