//! Queries on users, their settings and instance-wide settings. Every user query is by id or
//! email; nothing here lists users across accounts.

pub mod throttle;

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::AppError;
use crate::infra::db::is_unique_violation;
use crate::infra::{now_ms, Db};

/// A user as stored, including the secrets that never leave the server.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub artist_name: String,
    pub is_admin: bool,
    pub is_active: bool,
    pub token_version: i64,
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

const USER_COLUMNS: &str = "u.id, u.email, u.password_hash, u.first_name, u.last_name, \
     u.artist_name, u.is_admin, u.is_active, u.token_version, s.language, s.time_zone";

fn user_from_row(row: &AnyRow) -> Result<UserRow, sqlx::Error> {
    Ok(UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        artist_name: row.try_get("artist_name")?,
        is_admin: row.try_get::<i64, _>("is_admin")? != 0,
        is_active: row.try_get::<i64, _>("is_active")? != 0,
        token_version: row.try_get("token_version")?,
        language: row.try_get("language")?,
        time_zone: row.try_get("time_zone")?,
    })
}

async fn find_user_where(db: &Db, clause: &str, value: &str) -> Result<Option<UserRow>, AppError> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users u LEFT JOIN user_settings s ON s.user_id = u.id \
         WHERE {clause} = $1"
    );
    let row = sqlx::query(&sql)
        .bind(value)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.as_ref().map(user_from_row).transpose()?)
}

pub async fn find_user_by_id(db: &Db, id: &str) -> Result<Option<UserRow>, AppError> {
    find_user_where(db, "u.id", id).await
}

/// Looks a user up by an already normalised (lower-case) email.
pub async fn find_user_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, AppError> {
    find_user_where(db, "u.email", email).await
}

pub async fn count_users(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await?)
}

/// The data of a new account.
pub struct NewUser {
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub artist_name: String,
    pub language: Option<String>,
}

/// Instance setting that records which account was created first (the administrator).
const OWNER_KEY: &str = "owner_user_id";

/// Creates an account. The first account ever created becomes the administrator: whichever
/// transaction inserts the owner marker wins, so two simultaneous first sign-ups cannot both
/// become administrators. When `only_first` is set (first-run page, or registration closed) the
/// account is created only if it is the first one.
pub async fn create_user(db: &Db, new: NewUser, only_first: bool) -> Result<UserRow, AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, artist_name, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(&new.email)
    .bind(&new.password_hash)
    .bind(&new.first_name)
    .bind(&new.last_name)
    .bind(&new.artist_name)
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(err) = inserted {
        return Err(if is_unique_violation(&err) {
            AppError::EmailTaken
        } else {
            err.into()
        });
    }
    let owner: Option<String> = sqlx::query_scalar(
        "INSERT INTO instance_settings (key, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO NOTHING RETURNING key",
    )
    .bind(OWNER_KEY)
    .bind(&id)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let is_first = owner.is_some();
    if only_first && !is_first {
        tx.rollback().await?;
        return Err(AppError::AlreadySetUp);
    }
    if is_first {
        sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO user_settings (user_id, language, updated_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(&new.language)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    find_user_by_id(db, &id).await?.ok_or(AppError::Internal)
}

/// Revokes every token the user holds by moving the token version on.
pub async fn bump_token_version(db: &Db, user_id: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE users SET token_version = token_version + 1, updated_at = $2 WHERE id = $1",
    )
    .bind(user_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Replaces the password hash and revokes existing tokens in one statement.
pub async fn set_password(db: &Db, user_id: &str, hash: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = $3 \
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(hash)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn touch_last_login(db: &Db, user_id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET last_login_at = $2 WHERE id = $1")
        .bind(user_id)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The names a user may change on their profile, already checked.
pub struct ProfileNames<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub artist_name: &'a str,
}

pub async fn set_names(db: &Db, user_id: &str, names: &ProfileNames<'_>) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE users SET first_name = $2, last_name = $3, artist_name = $4, updated_at = $5 \
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(names.first_name)
    .bind(names.last_name)
    .bind(names.artist_name)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A per-user setting, one column of `user_settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSetting {
    /// The UI language tag; `None` follows the browser.
    Language,
    /// The IANA time zone dates are shown in (already checked).
    TimeZone,
}

/// Stores one of the user's settings.
pub async fn set_setting(
    db: &Db,
    user_id: &str,
    setting: UserSetting,
    value: Option<&str>,
) -> Result<(), AppError> {
    let column = match setting {
        UserSetting::Language => "language",
        UserSetting::TimeZone => "time_zone",
    };
    sqlx::query(&format!(
        "INSERT INTO user_settings (user_id, {column}, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET {column} = $2, updated_at = $3"
    ))
    .bind(user_id)
    .bind(value)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Returns the instance setting `key`, creating it from `make` if absent. Concurrent callers on
/// the same database (several server processes) all end up with the first value written.
pub async fn instance_setting_or_insert(
    db: &Db,
    key: &str,
    make: impl FnOnce() -> String,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO instance_settings (key, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(make())
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    sqlx::query_scalar("SELECT value FROM instance_settings WHERE key = $1")
        .bind(key)
        .fetch_one(&db.pool)
        .await
}
