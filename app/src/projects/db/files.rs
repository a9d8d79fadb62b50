//! A project's file records. Every change of files changes the project's statistics in the
//! same transaction, so `total_files` and `total_bytes` are exact at all times, concurrent
//! uploads included (each adds its own delta under the row lock).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Tx;
use crate::error::AppError;
use crate::infra::objects::{self, Unclaimed};
use crate::infra::{is_unique_violation, Db};
use crate::projects::{FilePage, FileType, ManifestEntry, ProjectFile, FILES_PAGE_SIZE};
use shared::paging::Page;

const FILE_COLUMNS: &str = "id, folder_id, relative_path, file_name, file_type, mime_type, \
    byte_size, sha256, modified_at, created_at";

fn file(r: &AnyRow) -> Result<ProjectFile, sqlx::Error> {
    let kind: String = r.try_get("file_type")?;
    Ok(ProjectFile {
        id: r.try_get("id")?,
        folder_id: r.try_get("folder_id")?,
        relative_path: r.try_get("relative_path")?,
        file_name: r.try_get("file_name")?,
        file_type: FileType::parse(&kind).unwrap_or(FileType::Other),
        mime_type: r.try_get("mime_type")?,
        size: r.try_get("byte_size")?,
        sha256: r.try_get("sha256")?,
        modified_at: r.try_get("modified_at")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn add_stats(
    tx: &mut Tx,
    project_id: &str,
    files: i64,
    bytes: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE song_projects SET total_files = total_files + $2, total_bytes = total_bytes + $3 \
         WHERE id = $1",
    )
    .bind(project_id)
    .bind(files)
    .bind(bytes)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One page of a folder's files, by path.
pub async fn file_page(
    db: &Db,
    project_id: &str,
    folder_id: &str,
    page: Page,
) -> Result<FilePage, sqlx::Error> {
    let items = sqlx::query(&format!(
        "SELECT {FILE_COLUMNS} FROM project_files WHERE project_id = $1 AND folder_id = $2 \
         ORDER BY relative_path, id LIMIT $3 OFFSET $4"
    ))
    .bind(project_id)
    .bind(folder_id)
    .bind(i64::from(FILES_PAGE_SIZE))
    .bind(page.offset(FILES_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(file)
    .collect::<Result<Vec<_>, _>>()?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM project_files WHERE project_id = $1 AND folder_id = $2",
    )
    .bind(project_id)
    .bind(folder_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(FilePage { items, total })
}

/// Every file of a folder, what a syncing client compares with.
pub async fn manifest(
    db: &Db,
    project_id: &str,
    folder_id: &str,
) -> Result<Vec<ManifestEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, relative_path, byte_size, sha256, modified_at FROM project_files \
         WHERE project_id = $1 AND folder_id = $2 ORDER BY relative_path",
    )
    .bind(project_id)
    .bind(folder_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ManifestEntry {
                id: r.try_get("id")?,
                path: r.try_get("relative_path")?,
                size: r.try_get("byte_size")?,
                sha256: r.try_get("sha256")?,
                modified_at: r.try_get("modified_at")?,
            })
        })
        .collect()
}

/// A file of the user's project with its object key.
pub async fn owned_file(
    db: &Db,
    user_id: &str,
    project_id: &str,
    file_id: &str,
) -> Result<Option<(ProjectFile, String)>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {cols}, f.storage_key FROM project_files f JOIN song_projects p ON p.id = f.project_id \
         WHERE f.id = $1 AND p.id = $2 AND p.user_id = $3",
        cols = FILE_COLUMNS.split(", ").map(|c| format!("f.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(file_id)
    .bind(project_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((file(&r)?, r.try_get("storage_key")?)))
        .transpose()
}

/// Files of a folder in path order with their keys, for a ZIP.
pub async fn folder_objects(
    db: &Db,
    project_id: &str,
    folder_id: &str,
) -> Result<Vec<(ProjectFile, String)>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {FILE_COLUMNS}, storage_key FROM project_files WHERE project_id = $1 AND folder_id = $2 \
         ORDER BY relative_path"
    ))
    .bind(project_id)
    .bind(folder_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| Ok((file(r)?, r.try_get("storage_key")?)))
        .collect()
}

/// What a finished upload becomes.
pub struct NewFile {
    pub project_id: String,
    pub folder_id: String,
    pub relative_path: String,
    pub file_type: FileType,
    pub mime_type: String,
    pub modified_at: i64,
}

/// Whether the folder holds a file at `path` (checked before streaming, so a clash is refused
/// before any byte is stored; checked again when saving).
pub async fn path_taken(db: &Db, folder_id: &str, path: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM project_files WHERE folder_id = $1 AND relative_path = $2",
    )
    .bind(folder_id)
    .bind(path)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Saves the record of a written object and claims it, replacing a file of the same path
/// only when `replace` says so. Returns the record and the outbox entries of a replaced
/// object. Two uploads racing for one new path: one wins, the other gets `FileExists` (or,
/// replacing, tries again and replaces the winner).
pub async fn save_file(
    db: &Db,
    new: &NewFile,
    written: &Unclaimed,
    replace: bool,
    now: i64,
) -> Result<(String, Vec<String>), AppError> {
    for _ in 0..3 {
        match try_save(db, new, written, replace, now).await {
            Err(Attempt::Raced) => continue,
            Err(Attempt::Failed(e)) => return Err(e),
            Ok(done) => return Ok(done),
        }
    }
    Err(AppError::Busy)
}

enum Attempt {
    Raced,
    Failed(AppError),
}

impl From<sqlx::Error> for Attempt {
    fn from(e: sqlx::Error) -> Self {
        if is_unique_violation(&e) {
            Attempt::Raced
        } else {
            Attempt::Failed(e.into())
        }
    }
}

impl From<AppError> for Attempt {
    fn from(e: AppError) -> Self {
        Attempt::Failed(e)
    }
}

async fn try_save(
    db: &Db,
    new: &NewFile,
    written: &Unclaimed,
    replace: bool,
    now: i64,
) -> Result<(String, Vec<String>), Attempt> {
    let mut tx = db.begin_write().await?;
    // Locked on PostgreSQL: two uploads replacing one file must not both replace the object
    // they read (one would be orphaned, the statistics off); SQLite's write lock covers it.
    let lock = super::lock_clause(db);
    let existing: Option<(String, String, i64)> = sqlx::query_as(&format!(
        "SELECT id, storage_key, byte_size FROM project_files \
         WHERE folder_id = $1 AND relative_path = $2{lock}"
    ))
    .bind(&new.folder_id)
    .bind(&new.relative_path)
    .fetch_optional(&mut *tx)
    .await?;
    let size = written.size as i64;
    let name = crate::projects::path::file_name(&new.relative_path);
    let (id, released) = match existing {
        Some(_) if !replace => {
            return Err(Attempt::Failed(AppError::FileExists {
                path: new.relative_path.clone(),
            }))
        }
        Some((id, old_key, old_size)) => {
            sqlx::query(
                "UPDATE project_files SET storage_key = $2, byte_size = $3, sha256 = $4, \
                 file_type = $5, mime_type = $6, modified_at = $7, created_at = $8 WHERE id = $1",
            )
            .bind(&id)
            .bind(written.key.as_str())
            .bind(size)
            .bind(&written.sha256)
            .bind(new.file_type.as_str())
            .bind(&new.mime_type)
            .bind(new.modified_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            add_stats(&mut tx, &new.project_id, 0, size - old_size).await?;
            (id, objects::release(&mut tx, &[old_key]).await?)
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO project_files (id, project_id, folder_id, relative_path, file_name, \
                 file_type, mime_type, storage_key, byte_size, sha256, modified_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&id)
            .bind(&new.project_id)
            .bind(&new.folder_id)
            .bind(&new.relative_path)
            .bind(name)
            .bind(new.file_type.as_str())
            .bind(&new.mime_type)
            .bind(written.key.as_str())
            .bind(size)
            .bind(&written.sha256)
            .bind(new.modified_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            add_stats(&mut tx, &new.project_id, 1, size).await?;
            (id, Vec::new())
        }
    };
    super::touch(&mut tx, &new.project_id, now).await?;
    objects::claim(&mut tx, written).await?;
    tx.commit().await?;
    Ok((id, released))
}

/// Renames a file within its folder; `FileExists` when the new path is taken.
pub async fn rename_file(
    db: &Db,
    project_id: &str,
    file_id: &str,
    path: &str,
) -> Result<bool, AppError> {
    let name = crate::projects::path::file_name(path);
    let done = sqlx::query(
        "UPDATE project_files SET relative_path = $3, file_name = $4 WHERE id = $1 AND project_id = $2",
    )
    .bind(file_id)
    .bind(project_id)
    .bind(path)
    .bind(name)
    .execute(&db.pool)
    .await
    .map_err(|e| clash(e, path))?;
    Ok(done.rows_affected() == 1)
}

fn clash(e: sqlx::Error, path: &str) -> AppError {
    if is_unique_violation(&e) {
        AppError::FileExists {
            path: path.to_string(),
        }
    } else {
        e.into()
    }
}

/// Moves files into another folder of the same project, all or none; `FileExists` names the
/// first path the target folder holds already. Returns how many moved.
pub async fn move_files(
    db: &Db,
    project_id: &str,
    ids: &[String],
    folder_id: &str,
) -> Result<u64, AppError> {
    let mut tx = db.begin_write().await?;
    let mut moved = 0;
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    for id in &ids {
        let path: Option<String> = sqlx::query_scalar(
            "SELECT relative_path FROM project_files WHERE id = $1 AND project_id = $2",
        )
        .bind(id)
        .bind(project_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(path) = path else { continue };
        moved += sqlx::query("UPDATE project_files SET folder_id = $2 WHERE id = $1")
            .bind(id)
            .bind(folder_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| clash(e, &path))?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(moved)
}

/// Deletes files of the project; returns how many and the outbox entries of their objects.
pub async fn delete_files(
    db: &Db,
    project_id: &str,
    ids: &[String],
    now: i64,
) -> Result<(u64, Vec<String>), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let mut keys = Vec::new();
    let mut bytes = 0;
    // In one order, so two overlapping batches wait for each other instead of deadlocking.
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    for id in &ids {
        let gone: Option<(String, i64)> = sqlx::query_as(
            "DELETE FROM project_files WHERE id = $1 AND project_id = $2 RETURNING storage_key, byte_size",
        )
        .bind(id)
        .bind(project_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((key, size)) = gone {
            keys.push(key);
            bytes += size;
        }
    }
    add_stats(&mut tx, project_id, -(keys.len() as i64), -bytes).await?;
    if !keys.is_empty() {
        super::touch(&mut tx, project_id, now).await?;
    }
    let entries = objects::release(&mut tx, &keys).await?;
    tx.commit().await?;
    Ok((keys.len() as u64, entries))
}
