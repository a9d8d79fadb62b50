//! Queries on the project tables, every one scoped to the owner through `song_projects`.
//! Files and statistics change together in one transaction (`files.rs`); deleting anything
//! that holds files releases their objects in the same transaction (`objects::release`).

mod collisions;
mod file_saves;
mod files;
mod folders;
mod links;

pub use collisions::{check_free, fill_collision_keys};
pub use file_saves::*;
pub use files::*;
pub use folders::*;
pub use links::*;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{
    FolderType, Project, ProjectForm, ProjectQuery, SyncStatus, DEFAULT_FOLDERS, PAGE_SIZE,
};
use crate::infra::{objects, Db, ListQuery, TextSearch};

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

const COLUMNS: &str = "id, name, description, tags, cover_image_id, sync_status, last_sync_at, \
    total_files, total_bytes, created_at, updated_at";

fn project(r: &AnyRow) -> Result<Project, sqlx::Error> {
    let status: String = r.try_get("sync_status")?;
    Ok(Project {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        tags: r.try_get("tags")?,
        cover_image_id: r.try_get("cover_image_id")?,
        sync_status: SyncStatus::parse(&status).unwrap_or(SyncStatus::Local),
        last_sync_at: r.try_get("last_sync_at")?,
        total_files: r.try_get("total_files")?,
        total_bytes: r.try_get("total_bytes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub const SEARCH: TextSearch = TextSearch {
    columns: &["name", "description", "tags"],
    sqlite_table: "song_projects_search",
    postgres_expression: "lower(name || chr(1) || description || chr(1) || tags)",
};

pub async fn list(
    db: &Db,
    user_id: &str,
    q: &ProjectQuery,
) -> Result<(Vec<Project>, i64), sqlx::Error> {
    let query = ListQuery::owned_by("song_projects", user_id)
        .search(db, &SEARCH, &q.search)
        .in_tag_list(&["tags"], &q.tag);
    let items = query
        .page(
            db,
            COLUMNS,
            "updated_at DESC, id",
            q.page,
            PAGE_SIZE,
            project,
        )
        .await?;
    Ok((items, query.count(db).await?))
}

/// All of the user's projects by name (the command-line client's list: a handful, unpaged).
pub async fn all(db: &Db, user_id: &str) -> Result<Vec<Project>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM song_projects WHERE user_id = $1 ORDER BY lower(name), id"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(project)
    .collect()
}

/// Every tag of the user's projects, for the filter.
pub async fn tags(db: &Db, user_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<String> = sqlx::query_scalar("SELECT tags FROM song_projects WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let mut all = super::split_tags(&rows.join(","));
    all.sort_by_key(|t| t.to_lowercase());
    Ok(all)
}

pub async fn get(db: &Db, user_id: &str, id: &str) -> Result<Option<Project>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM song_projects WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(project)
    .transpose()
}

/// Whether project `id` is the user's.
pub async fn is_owned(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM song_projects WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_one(&db.pool)
            .await?;
    Ok(n == 1)
}

/// Creates a project with the default folders unless the form asks for none.
pub async fn insert(
    db: &Db,
    user_id: &str,
    id: &str,
    form: &ProjectForm,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO song_projects (id, user_id, name, description, tags, cover_image_id, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(id)
    .bind(user_id)
    .bind(&form.name)
    .bind(&form.description)
    .bind(&form.tags)
    .bind((!form.cover_image_id.is_empty()).then_some(&form.cover_image_id))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if !form.no_default_folders {
        for (position, (name, kind)) in DEFAULT_FOLDERS.iter().enumerate() {
            insert_folder(&mut tx, id, name, *kind, None, position as i64, now).await?;
        }
    }
    tx.commit().await
}

pub async fn update(
    db: &Db,
    user_id: &str,
    form: &ProjectForm,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE song_projects SET name = $3, description = $4, tags = $5, cover_image_id = $6, \
         updated_at = $7 WHERE id = $1 AND user_id = $2",
    )
    .bind(&form.id)
    .bind(user_id)
    .bind(&form.name)
    .bind(&form.description)
    .bind(&form.tags)
    .bind((!form.cover_image_id.is_empty()).then_some(&form.cover_image_id))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a project, its folders, links and file records; returns the outbox entries of its
/// objects (deliver them after this returns), or `None` if it is not the user's.
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<Option<Vec<String>>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // Locked first (PostgreSQL), so no upload adds a file between the list below and the
    // cascade: it waits, then finds the project gone.
    let lock = lock_clause(db);
    let found: Option<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM song_projects WHERE id = $1 AND user_id = $2{lock}"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Ok(None);
    }
    let keys: Vec<String> =
        sqlx::query_scalar("DELETE FROM project_files WHERE project_id = $1 RETURNING storage_key")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    sqlx::query("DELETE FROM song_projects WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let entries = objects::release(&mut tx, &keys).await?;
    tx.commit().await?;
    Ok(Some(entries))
}

/// Records a sync by the command-line client.
pub async fn set_sync(
    db: &Db,
    user_id: &str,
    id: &str,
    status: SyncStatus,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE song_projects SET sync_status = $3, last_sync_at = $4 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(status.as_str())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The user's projects with their folders, for pickers.
pub async fn choices(db: &Db, user_id: &str) -> Result<Vec<super::ProjectChoice>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id AS pid, p.name AS pname, f.id AS fid, f.name AS fname \
         FROM song_projects p LEFT JOIN project_folders f ON f.project_id = p.id \
         WHERE p.user_id = $1 ORDER BY p.updated_at DESC, p.id, f.position, f.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<super::ProjectChoice> = Vec::new();
    for r in &rows {
        let pid: String = r.try_get("pid")?;
        if out.last().is_none_or(|c| c.id != pid) {
            out.push(super::ProjectChoice {
                id: pid,
                name: r.try_get("pname")?,
                folders: Vec::new(),
            });
        }
        if let Some(fid) = r.try_get::<Option<String>, _>("fid")? {
            let name: String = r.try_get("fname")?;
            out.last_mut().expect("pushed").folders.push((fid, name));
        }
    }
    Ok(out)
}

/// ` FOR UPDATE` on PostgreSQL, where a row read before a change must stay as read until the
/// transaction ends; SQLite's `BEGIN IMMEDIATE` already holds the whole database.
pub fn lock_clause(db: &Db) -> &'static str {
    match db.backend {
        crate::infra::Backend::Postgres => " FOR UPDATE",
        crate::infra::Backend::Sqlite => "",
    }
}

/// Moves row `id` of an ordered list one place (`step` −1 or 1) and writes the positions of
/// the whole list densely (they may have gaps or ties after deletions and racing inserts).
/// `order` is the list as read (and on PostgreSQL locked) inside the transaction, so a stale
/// page or a double click cannot scramble it; `table`'s rows are found by `id`. False when
/// `id` is not in the list.
pub async fn step_in_order(
    tx: &mut Tx,
    table: &str,
    order: &[String],
    id: &str,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let Some(at) = order.iter().position(|o| o == id) else {
        return Ok(false);
    };
    let to = at as i64 + step;
    if to < 0 || to as usize >= order.len() {
        return Ok(true);
    }
    let mut ids: Vec<&str> = order.iter().map(String::as_str).collect();
    ids.swap(at, to as usize);
    for (position, id) in ids.iter().enumerate() {
        sqlx::query(&format!("UPDATE {table} SET position = $2 WHERE id = $1"))
            .bind(*id)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

/// Marks the project changed (the list is ordered by it).
pub async fn touch(tx: &mut Tx, project_id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE song_projects SET updated_at = $2 WHERE id = $1")
        .bind(project_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A default folder's type, for tests and seeds.
pub fn default_type(name: &str) -> FolderType {
    DEFAULT_FOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or(FolderType::Custom)
}
