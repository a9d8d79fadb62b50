//! A project's file records: listed, looked up, deleted (saving, renaming and moving are in
//! `file_saves.rs`). Every change of files changes the project's statistics in the same
//! transaction, so `total_files` and `total_bytes` are exact at all times, concurrent uploads
//! included (each adds its own delta under the row lock).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Tx;
use crate::infra::{objects, Db};
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
