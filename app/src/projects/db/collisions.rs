//! Names a disk would confuse. A folder of a project becomes a folder on the user's disk
//! (`aitoolbox clone`, the ZIP), and macOS and Windows ignore case: two files `Mix.wav` and
//! `mix.wav`, or a file `Takes` beside a folder `Takes/` holding `Takes/1.wav`, cannot both
//! be written there. So a folder's files are unique by their collision key
//! (`shared::project_path::collision_key`, a unique index), and no file's path may be a
//! folder of another's. Checked before an upload streams a byte and again, under the folder's
//! lock, whenever a record takes a path (saved, renamed, moved).

use shared::project_path::{collision_key, leading, parents};
use sqlx::AnyConnection;

use super::Tx;
use crate::error::AppError;
use crate::infra::{is_unique_violation, Backend, Db};

/// A file of the folder that a disk would take for the one being written.
pub struct Twin {
    pub id: String,
    pub path: String,
    pub storage_key: String,
    pub size: i64,
}

/// The file whose collision key is `key`'s.
pub async fn twin(
    conn: &mut AnyConnection,
    folder_id: &str,
    key: &str,
) -> Result<Option<Twin>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, relative_path, storage_key, byte_size FROM project_files \
         WHERE folder_id = $1 AND path_key = $2",
    )
    .bind(folder_id)
    .bind(key)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, path, storage_key, size)| Twin {
        id,
        path,
        storage_key,
        size,
    }))
}

/// Locks the folder's row on PostgreSQL until the transaction ends, so that two changes of
/// its names (`a` uploaded while `a/b` is renamed into place) cannot both pass the checks
/// below; SQLite's write lock already covers it.
pub async fn lock_folder(tx: &mut Tx, db: &Db, folder_id: &str) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT id FROM project_folders WHERE id = $1 FOR UPDATE")
            .bind(folder_id)
            .fetch_optional(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Refuses `key` when a file of the folder has the name of one of its folders, or when it
/// names a folder that holds files: `PathBlocked` with the name in the way, as it is stored.
/// File `except` (being renamed) does not count.
pub async fn check_not_blocked(
    conn: &mut AnyConnection,
    folder_id: &str,
    key: &str,
    except: &str,
) -> Result<(), AppError> {
    for parent in parents(key) {
        let file: Option<String> = sqlx::query_scalar(
            "SELECT relative_path FROM project_files \
             WHERE folder_id = $1 AND path_key = $2 AND id <> $3",
        )
        .bind(folder_id)
        .bind(parent)
        .bind(except)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(path) = file {
            return Err(AppError::PathBlocked { path });
        }
    }
    // Every key below `key/` sorts from `key/` up to `key0` ('0' follows '/'), bytewise on
    // both databases (the column is "C" on PostgreSQL).
    let inside: Option<String> = sqlx::query_scalar(
        "SELECT relative_path FROM project_files WHERE folder_id = $1 \
         AND path_key >= $2 AND path_key < $3 AND id <> $4 ORDER BY path_key LIMIT 1",
    )
    .bind(folder_id)
    .bind(format!("{key}/"))
    .bind(format!("{key}0"))
    .bind(except)
    .fetch_optional(conn)
    .await?;
    match inside {
        Some(path) => Err(AppError::PathBlocked {
            path: leading(&path, key.split('/').count()).to_string(),
        }),
        None => Ok(()),
    }
}

/// Before an upload streams: refuses a path that would be refused when saving (a twin when
/// not replacing, a file or folder in the way), so no byte is stored for nothing.
pub async fn check_free(
    db: &Db,
    folder_id: &str,
    path: &str,
    replace: bool,
) -> Result<(), AppError> {
    let key = collision_key(path);
    let mut conn = db.pool.acquire().await?;
    if let Some(twin) = twin(&mut conn, folder_id, &key).await? {
        if !replace {
            return Err(AppError::FileExists { path: twin.path });
        }
    }
    check_not_blocked(&mut conn, folder_id, &key, "").await
}

/// Gives files and folders from before collision keys their keys; run at start (a no-op
/// once done). Names that already collide keep one key; the others are logged and stay
/// unguarded until renamed.
pub async fn fill_collision_keys(db: &Db) -> Result<(), sqlx::Error> {
    for (table, name, key) in [
        ("project_files", "relative_path", "path_key"),
        ("project_folders", "name", "name_key"),
    ] {
        let rows: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT id, {name} FROM {table} WHERE {key} IS NULL ORDER BY created_at, id"
        ))
        .fetch_all(&db.pool)
        .await?;
        for (id, value) in rows {
            let filled = sqlx::query(&format!("UPDATE {table} SET {key} = $2 WHERE id = $1"))
                .bind(&id)
                .bind(collision_key(&value))
                .execute(&db.pool)
                .await;
            match filled {
                Err(e) if is_unique_violation(&e) => {
                    tracing::warn!(table, id = %id, name = %value, "differs from another name only in case");
                }
                other => {
                    other?;
                }
            }
        }
    }
    Ok(())
}
