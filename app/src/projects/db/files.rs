//! A project's file records. Every change of files changes the project's statistics in the
//! same transaction, so `total_files` and `total_bytes` are exact at all times, concurrent
//! uploads included (each adds its own delta under the row lock).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::collisions::{check_not_blocked, twin};
use super::Tx;
use crate::error::AppError;
use crate::infra::objects::{self, Unclaimed};
use crate::infra::{is_unique_violation, Db};
use crate::projects::{FilePage, FileType, ManifestEntry, ProjectFile, FILES_PAGE_SIZE};
use shared::paging::Page;
use shared::project_path::collision_key;

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

/// A file as a ZIP entry needs it: its record, object key and CRC-32 (`None` for files
/// stored before CRCs were kept).
pub struct ZipSource {
    pub file: ProjectFile,
    pub storage_key: String,
    pub crc32: Option<u32>,
}

/// Files of a folder in path order, for a ZIP.
pub async fn folder_objects(
    db: &Db,
    project_id: &str,
    folder_id: &str,
) -> Result<Vec<ZipSource>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {FILE_COLUMNS}, storage_key, crc32 FROM project_files \
         WHERE project_id = $1 AND folder_id = $2 ORDER BY relative_path"
    ))
    .bind(project_id)
    .bind(folder_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let crc: Option<i64> = r.try_get("crc32")?;
            Ok(ZipSource {
                file: file(r)?,
                storage_key: r.try_get("storage_key")?,
                crc32: crc.and_then(|c| u32::try_from(c).ok()),
            })
        })
        .collect()
}

/// Keeps the CRC-32 of a file stored before CRCs were (found when it was first zipped).
pub async fn remember_crc32(
    db: &Db,
    file_id: &str,
    storage_key: &str,
    crc32: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE project_files SET crc32 = $3 WHERE id = $1 AND storage_key = $2")
        .bind(file_id)
        .bind(storage_key)
        .bind(i64::from(crc32))
        .execute(&db.pool)
        .await?;
    Ok(())
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
    // they read (one would be orphaned, the statistics off), and two uploads of `a` and `a/b`
    // must not both pass the check below; SQLite's write lock covers both.
    let lock = super::lock_clause(db);
    sqlx::query(&format!(
        "SELECT id FROM project_folders WHERE id = $1{lock}"
    ))
    .bind(&new.folder_id)
    .fetch_optional(&mut *tx)
    .await?;
    let key = collision_key(&new.relative_path);
    let existing = twin(&mut tx, &new.folder_id, &key).await?;
    check_not_blocked(&mut tx, &new.folder_id, &key).await?;
    let size = written.size as i64;
    let name = crate::projects::path::file_name(&new.relative_path);
    let (id, released) = match existing {
        Some(twin) if !replace => {
            return Err(Attempt::Failed(AppError::FileExists { path: twin.path }))
        }
        // Replaced under the new name: `Mix.wav` over `mix.wav` renames it too.
        Some(twin) => {
            sqlx::query(
                "UPDATE project_files SET storage_key = $2, byte_size = $3, sha256 = $4, \
                 file_type = $5, mime_type = $6, modified_at = $7, created_at = $8, \
                 relative_path = $9, file_name = $10, crc32 = $11 WHERE id = $1",
            )
            .bind(&twin.id)
            .bind(written.key.as_str())
            .bind(size)
            .bind(&written.sha256)
            .bind(new.file_type.as_str())
            .bind(&new.mime_type)
            .bind(new.modified_at)
            .bind(now)
            .bind(&new.relative_path)
            .bind(name)
            .bind(i64::from(written.crc32))
            .execute(&mut *tx)
            .await?;
            add_stats(&mut tx, &new.project_id, 0, size - twin.size).await?;
            let released = objects::release(&mut tx, &[twin.storage_key]).await?;
            (twin.id, released)
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO project_files (id, project_id, folder_id, relative_path, file_name, \
                 file_type, mime_type, storage_key, byte_size, sha256, modified_at, created_at, \
                 path_key, crc32) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
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
            .bind(&key)
            .bind(i64::from(written.crc32))
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

/// Renames a file within its folder; `FileExists` when a disk would take the new path for
/// another file's, `PathBlocked` when a file or folder is in its way.
pub async fn rename_file(
    db: &Db,
    project_id: &str,
    file_id: &str,
    path: &str,
) -> Result<bool, AppError> {
    let mut tx = db.begin_write().await?;
    let folder: Option<String> =
        sqlx::query_scalar("SELECT folder_id FROM project_files WHERE id = $1 AND project_id = $2")
            .bind(file_id)
            .bind(project_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(folder) = folder else {
        return Ok(false);
    };
    let key = collision_key(path);
    check_arrival(&mut tx, &folder, &key, file_id).await?;
    sqlx::query(
        "UPDATE project_files SET relative_path = $2, file_name = $3, path_key = $4 WHERE id = $1",
    )
    .bind(file_id)
    .bind(path)
    .bind(crate::projects::path::file_name(path))
    .bind(&key)
    .execute(&mut *tx)
    .await
    .map_err(|e| clash(e, path))?;
    tx.commit().await?;
    Ok(true)
}

/// Whether file `id` may take `key` in the folder: no other file with that key, nothing in
/// its way.
async fn check_arrival(tx: &mut Tx, folder: &str, key: &str, id: &str) -> Result<(), AppError> {
    if let Some(twin) = twin(tx, folder, key).await? {
        if twin.id != id {
            return Err(AppError::FileExists { path: twin.path });
        }
    }
    check_not_blocked(tx, folder, key).await
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

/// Moves files into another folder of the same project, all or none; `FileExists` or
/// `PathBlocked` names the first that the target folder cannot take. Returns how many moved.
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
        let key = collision_key(&path);
        check_arrival(&mut tx, folder_id, &key, id).await?;
        moved +=
            sqlx::query("UPDATE project_files SET folder_id = $2, path_key = $3 WHERE id = $1")
                .bind(id)
                .bind(folder_id)
                .bind(&key)
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
