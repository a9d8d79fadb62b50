//! A project's folders: ordered, uniquely named (up to case: each becomes a folder on the
//! user's disk, see `collisions.rs`), each with its statistics.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Tx;
use crate::infra::{objects, Db};
use crate::projects::{Folder, FolderIcon, FolderType};

fn folder(r: &AnyRow) -> Result<Folder, sqlx::Error> {
    let kind: String = r.try_get("folder_type")?;
    let icon: String = r.try_get("icon")?;
    Ok(Folder {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        folder_type: FolderType::parse(&kind).unwrap_or(FolderType::Custom),
        icon: FolderIcon::parse(&icon),
        position: r.try_get("position")?,
        file_count: r.try_get("file_count")?,
        byte_count: r.try_get("byte_count")?,
    })
}

/// The folders of a project in their order, with how many files and bytes each holds.
pub async fn folders(db: &Db, project_id: &str) -> Result<Vec<Folder>, sqlx::Error> {
    sqlx::query(
        "SELECT d.id, d.name, d.folder_type, d.icon, d.position, \
         COUNT(f.id) AS file_count, CAST(COALESCE(SUM(f.byte_size), 0) AS BIGINT) AS byte_count \
         FROM project_folders d LEFT JOIN project_files f ON f.folder_id = d.id \
         WHERE d.project_id = $1 \
         GROUP BY d.id, d.name, d.folder_type, d.icon, d.position ORDER BY d.position, d.id",
    )
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(folder)
    .collect()
}

/// The folder `folder_id` of the user's project `project_id`: its name, or `None`.
pub async fn folder_name(
    db: &Db,
    user_id: &str,
    project_id: &str,
    folder_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT d.name FROM project_folders d JOIN song_projects p ON p.id = d.project_id \
         WHERE d.id = $1 AND p.id = $2 AND p.user_id = $3",
    )
    .bind(folder_id)
    .bind(project_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

pub async fn insert_folder(
    tx: &mut Tx,
    project_id: &str,
    name: &str,
    kind: FolderType,
    icon: Option<FolderIcon>,
    position: i64,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO project_folders (id, project_id, name, folder_type, icon, position, \
         created_at, name_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(project_id)
    .bind(name)
    .bind(kind.as_str())
    .bind(icon.map(|i| i.as_str()).unwrap_or(""))
    .bind(position)
    .bind(now)
    .bind(shared::project_path::collision_key(name))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Adds a folder at the end; `Ok(None)` past the limit.
pub async fn add_folder(
    db: &Db,
    project_id: &str,
    name: &str,
    kind: FolderType,
    icon: Option<FolderIcon>,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let (count, last): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MAX(position) FROM project_folders WHERE project_id = $1")
            .bind(project_id)
            .fetch_one(&mut *tx)
            .await?;
    if count as usize >= crate::projects::MAX_FOLDERS {
        return Ok(None);
    }
    let id = insert_folder(
        &mut tx,
        project_id,
        name,
        kind,
        icon,
        last.unwrap_or(-1) + 1,
        now,
    )
    .await?;
    super::touch(&mut tx, project_id, now).await?;
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn update_folder(
    db: &Db,
    project_id: &str,
    folder_id: &str,
    name: &str,
    kind: FolderType,
    icon: Option<FolderIcon>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE project_folders SET name = $3, folder_type = $4, icon = $5, name_key = $6 \
         WHERE id = $1 AND project_id = $2",
    )
    .bind(folder_id)
    .bind(project_id)
    .bind(name)
    .bind(kind.as_str())
    .bind(icon.map(|i| i.as_str()).unwrap_or(""))
    .bind(shared::project_path::collision_key(name))
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a folder one place up (`-1`) or down (`1`).
pub async fn move_folder(
    db: &Db,
    project_id: &str,
    folder_id: &str,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let order: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM project_folders WHERE project_id = $1 ORDER BY position, id{}",
        super::lock_clause(db)
    ))
    .bind(project_id)
    .fetch_all(&mut *tx)
    .await?;
    let found = super::step_in_order(&mut tx, "project_folders", &order, folder_id, step).await?;
    tx.commit().await?;
    Ok(found)
}

/// Deletes a folder with its files (their objects released, statistics reduced); returns the
/// outbox entries, or `None` when there is no such folder in the project.
pub async fn delete_folder(
    db: &Db,
    project_id: &str,
    folder_id: &str,
    now: i64,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // The folder first, locked (PostgreSQL): an upload into it waits for this transaction
    // and then finds the folder gone, instead of slipping a file past the list below into
    // the cascade (its object would never be released, the statistics off).
    let lock = super::lock_clause(db);
    let found: Option<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM project_folders WHERE id = $1 AND project_id = $2{lock}"
    ))
    .bind(folder_id)
    .bind(project_id)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Ok(None);
    }
    // The files as they are when deleted (a replace that committed meanwhile included).
    let files: Vec<(String, i64)> = sqlx::query_as(
        "DELETE FROM project_files WHERE folder_id = $1 AND project_id = $2 \
         RETURNING storage_key, byte_size",
    )
    .bind(folder_id)
    .bind(project_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM project_folders WHERE id = $1 AND project_id = $2")
        .bind(folder_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    let bytes: i64 = files.iter().map(|(_, b)| b).sum();
    super::add_stats(&mut tx, project_id, -(files.len() as i64), -bytes).await?;
    super::touch(&mut tx, project_id, now).await?;
    let keys: Vec<String> = files.into_iter().map(|(k, _)| k).collect();
    let entries = objects::release(&mut tx, &keys).await?;
    tx.commit().await?;
    Ok(Some(entries))
}
