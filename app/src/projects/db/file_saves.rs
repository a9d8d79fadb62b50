//! Where a file's record goes: saved after its upload (new, or replacing the file a disk
//! would take for it), renamed, moved to another folder. Every path is checked against the
//! folder's other names first (`collisions.rs`).

use shared::project_path::collision_key;

use super::collisions::{check_not_blocked, lock_folder, twin};
use super::files::add_stats;
use super::Tx;
use crate::error::AppError;
use crate::infra::objects::{self, Unclaimed};
use crate::infra::{is_unique_violation, Db};
use crate::projects::FileType;

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
    check_not_blocked(&mut tx, &new.folder_id, &key, "").await?;
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
    lock_folder(&mut tx, db, &folder).await?;
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
    check_not_blocked(tx, folder, key, id).await
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
    lock_folder(&mut tx, db, folder_id).await?;
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
