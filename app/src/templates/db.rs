//! Queries on `prompt_templates`.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::PromptTemplate;
use crate::infra::Db;

const COLUMNS: &str = "id, category, action, pre_condition, post_condition, description, version, \
                       model, temperature, max_tokens, active, updated_at";

fn from_row(r: &AnyRow) -> Result<PromptTemplate, sqlx::Error> {
    Ok(PromptTemplate {
        id: r.try_get("id")?,
        category: r.try_get("category")?,
        action: r.try_get("action")?,
        pre_condition: r.try_get("pre_condition")?,
        post_condition: r.try_get("post_condition")?,
        description: r.try_get("description")?,
        version: r.try_get("version")?,
        model: r.try_get("model")?,
        temperature: r.try_get("temperature")?,
        max_tokens: r.try_get("max_tokens")?,
        active: r.try_get::<i32, _>("active")? != 0,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn list(db: &Db) -> Result<Vec<PromptTemplate>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM prompt_templates ORDER BY category, action");
    sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<PromptTemplate>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM prompt_templates WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_purpose(
    db: &Db,
    category: &str,
    action: &str,
) -> Result<Option<PromptTemplate>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM prompt_templates WHERE category = $1 AND action = $2");
    sqlx::query(&sql)
        .bind(category)
        .bind(action)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Saves the editable fields and bumps the version; `None` when the id does not exist.
pub async fn update(
    db: &Db,
    t: &PromptTemplate,
    now: i64,
) -> Result<Option<PromptTemplate>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let current: Option<String> =
        sqlx::query_scalar("SELECT version FROM prompt_templates WHERE id = $1")
            .bind(&t.id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(current) = current else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE prompt_templates SET pre_condition = $2, post_condition = $3, description = $4, \
         model = $5, temperature = $6, max_tokens = $7, active = $8, version = $9, updated_at = $10 \
         WHERE id = $1",
    )
    .bind(&t.id)
    .bind(&t.pre_condition)
    .bind(&t.post_condition)
    .bind(&t.description)
    .bind(&t.model)
    .bind(t.temperature)
    .bind(t.max_tokens)
    .bind(i32::from(t.active))
    .bind(super::next_version(&current))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    by_id(db, &t.id).await
}
