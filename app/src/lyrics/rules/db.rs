//! Queries on `lyric_parsing_rules`. `"order"` is quoted: the spec's column name is an SQL
//! keyword.

use shared::lyrics::RuleKind;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::LyricRule;
use crate::infra::Db;

const COLUMNS: &str =
    r#"id, name, description, pattern, replacement, rule_type, active, "order", updated_at"#;

fn kind_of(stored: &str) -> Option<RuleKind> {
    match stored {
        "cleanup" => Some(RuleKind::Cleanup),
        "section" => Some(RuleKind::Section),
        _ => None,
    }
}

pub fn kind_str(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Cleanup => "cleanup",
        RuleKind::Section => "section",
    }
}

fn from_row(r: &AnyRow) -> Result<LyricRule, sqlx::Error> {
    let stored: String = r.try_get("rule_type")?;
    Ok(LyricRule {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        pattern: r.try_get("pattern")?,
        replacement: r.try_get("replacement")?,
        kind: kind_of(&stored)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown rule type {stored:?}").into()))?,
        active: r.try_get::<i32, _>("active")? != 0,
        order: r.try_get::<i64, _>("order")? as i32,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Every rule in execution order.
pub async fn list(db: &Db) -> Result<Vec<LyricRule>, sqlx::Error> {
    let sql = format!(r#"SELECT {COLUMNS} FROM lyric_parsing_rules ORDER BY "order", name, id"#);
    sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<LyricRule>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM lyric_parsing_rules WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Inserts `rule` after every other rule; its `order` is chosen here.
pub async fn insert(db: &Db, rule: &LyricRule, now: i64) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        r#"INSERT INTO lyric_parsing_rules
             (id, name, description, pattern, replacement, rule_type, active, "order",
              created_at, updated_at)
           SELECT $1, $2, $3, $4, $5, $6, $7, COALESCE(MAX("order"), 0) + 10, $8, $8
             FROM lyric_parsing_rules"#,
    )
    .bind(&id)
    .bind(&rule.name)
    .bind(&rule.description)
    .bind(&rule.pattern)
    .bind(&rule.replacement)
    .bind(kind_str(rule.kind))
    .bind(i32::from(rule.active))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// Updates everything but the order; whether the rule exists.
pub async fn update(db: &Db, rule: &LyricRule, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE lyric_parsing_rules SET name = $2, description = $3, pattern = $4, \
         replacement = $5, rule_type = $6, active = $7, updated_at = $8 WHERE id = $1",
    )
    .bind(&rule.id)
    .bind(&rule.name)
    .bind(&rule.description)
    .bind(&rule.pattern)
    .bind(&rule.replacement)
    .bind(kind_str(rule.kind))
    .bind(i32::from(rule.active))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_active(db: &Db, id: &str, active: bool, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE lyric_parsing_rules SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(i32::from(active))
            .bind(now)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM lyric_parsing_rules WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM lyric_parsing_rules")
        .fetch_one(&db.pool)
        .await
}

/// Puts the rules in the order of `ids`, which must name every rule exactly once (checked in
/// the transaction, so a rule added meanwhile makes it `false` and changes nothing).
pub async fn reorder(db: &Db, ids: &[String], now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM lyric_parsing_rules")
        .fetch_all(&mut *tx)
        .await?;
    let mut wanted: Vec<&String> = ids.iter().collect();
    wanted.sort();
    wanted.dedup();
    let mut have: Vec<&String> = stored.iter().collect();
    have.sort();
    if wanted.len() != ids.len() || wanted != have {
        return Ok(false);
    }
    for (i, id) in ids.iter().enumerate() {
        sqlx::query(
            r#"UPDATE lyric_parsing_rules SET "order" = $2, updated_at = $3 WHERE id = $1"#,
        )
        .bind(id)
        .bind((i as i64 + 1) * 10)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
