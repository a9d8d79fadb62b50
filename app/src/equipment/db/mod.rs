//! Queries on `equipment`, scoped to the owner. Sealed columns go in and out as sealed text;
//! only `sealed.rs` turns them into secrets.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{
    Equipment, EquipmentQuery, EquipmentSort, EquipmentStatus, EquipmentType, LicenseManagement,
    Secret, PAGE_SIZE,
};
use crate::infra::{Db, ListQuery, TextSearch};

mod sealed_values;
pub use sealed_values::*;

const COLUMNS: &str = "id, type, name, version, description, software_tags, plugin_tags, \
    manufacturer, url, username, license_management, license_description, purchase_date, \
    system_requirements, status, password_encrypted, license_key_encrypted, price_encrypted, \
    created_at, updated_at";

fn decode<T>(r: &AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    let stored: String = r.try_get(column)?;
    parse(&stored).ok_or_else(|| sqlx::Error::Decode(format!("unknown {column} {stored:?}").into()))
}

fn equipment(r: &AnyRow) -> Result<Equipment, sqlx::Error> {
    let sealed = |c: &str| r.try_get::<Option<String>, _>(c).map(|v| v.is_some());
    let license: String = r.try_get("license_management")?;
    Ok(Equipment {
        id: r.try_get("id")?,
        kind: decode(r, "type", EquipmentType::parse)?,
        name: r.try_get("name")?,
        version: r.try_get("version")?,
        description: r.try_get("description")?,
        software_tags: r.try_get("software_tags")?,
        plugin_tags: r.try_get("plugin_tags")?,
        manufacturer: r.try_get("manufacturer")?,
        url: r.try_get("url")?,
        username: r.try_get("username")?,
        license_management: match license.as_str() {
            "" => None,
            _ => Some(decode(r, "license_management", LicenseManagement::parse)?),
        },
        license_description: r.try_get("license_description")?,
        purchase_date: r.try_get("purchase_date")?,
        system_requirements: r.try_get("system_requirements")?,
        status: decode(r, "status", EquipmentStatus::parse)?,
        has_password: sealed("password_encrypted")?,
        has_license_key: sealed("license_key_encrypted")?,
        has_price: sealed("price_encrypted")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// What a search looks in.
pub const SEARCH: TextSearch = TextSearch {
    columns: &[
        "name",
        "manufacturer",
        "software_tags",
        "plugin_tags",
        "description",
    ],
    sqlite_table: "equipment_search",
    postgres_expression: "lower(name || chr(1) || manufacturer || chr(1) || software_tags || \
                          chr(1) || plugin_tags || chr(1) || description)",
};

fn order(sort: Option<EquipmentSort>) -> &'static str {
    match sort.unwrap_or(EquipmentSort::Name) {
        EquipmentSort::Name => "LOWER(name), id",
        EquipmentSort::Manufacturer => "LOWER(manufacturer), LOWER(name), id",
        EquipmentSort::PurchaseDate => "purchase_date IS NULL, purchase_date DESC, LOWER(name), id",
        EquipmentSort::Status => {
            "CASE status WHEN 'active' THEN 0 WHEN 'trial' THEN 1 WHEN 'expired' THEN 2 ELSE 3 END, \
             LOWER(name), id"
        }
    }
}

/// One page of the list and the number of matching records.
pub async fn list(
    db: &Db,
    user_id: &str,
    q: &EquipmentQuery,
) -> Result<(Vec<Equipment>, i64), sqlx::Error> {
    let known = |v: &str, ok: bool| if ok { v.to_string() } else { String::new() };
    let query = ListQuery::owned_by("equipment", user_id)
        .search(db, &SEARCH, &q.search)
        .equals(
            "type",
            &known(&q.kind, EquipmentType::parse(&q.kind).is_some()),
        )
        .equals(
            "status",
            &known(&q.status, EquipmentStatus::parse(&q.status).is_some()),
        )
        .equals(
            "license_management",
            &known(&q.license, LicenseManagement::parse(&q.license).is_some()),
        )
        .in_tag_list(&["software_tags", "plugin_tags"], &q.tag);
    let items = query
        .page(
            db,
            COLUMNS,
            order(EquipmentSort::parse(&q.sort)),
            q.page,
            PAGE_SIZE,
            equipment,
        )
        .await?;
    Ok((items, query.count(db).await?))
}

pub async fn get(db: &Db, user_id: &str, id: &str) -> Result<Option<Equipment>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM equipment WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(equipment)
    .transpose()
}

/// The sealed text of `secret` in record `id`: `None` if there is no such record of the user,
/// `Some(None)` if it has none.
pub async fn sealed(
    db: &Db,
    user_id: &str,
    id: &str,
    secret: Secret,
) -> Result<Option<Option<String>>, sqlx::Error> {
    let column = super::sealed::column(secret);
    sqlx::query_scalar(&format!(
        "SELECT {column} FROM equipment WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// The sealed columns to write: `None` leaves a column as it is, `Some(None)` clears it.
#[derive(Debug, Default)]
pub struct SealedWrite {
    pub password: Option<Option<String>>,
    pub license_key: Option<Option<String>>,
    pub price: Option<Option<String>>,
}

impl SealedWrite {
    fn columns(&self) -> Vec<(&'static str, &Option<String>)> {
        [
            (Secret::Password, &self.password),
            (Secret::LicenseKey, &self.license_key),
            (Secret::Price, &self.price),
        ]
        .into_iter()
        .filter_map(|(s, v)| v.as_ref().map(|v| (super::sealed::column(s), v)))
        .collect()
    }
}

/// The plain columns, in the order [`bind_fields`] binds them.
const FIELDS: [&str; 14] = [
    "type",
    "name",
    "version",
    "description",
    "software_tags",
    "plugin_tags",
    "manufacturer",
    "url",
    "username",
    "license_management",
    "license_description",
    "purchase_date",
    "system_requirements",
    "status",
];

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the record's plain fields, as [`FIELDS`] names them.
fn bind_fields<'q>(query: AnyQuery<'q>, e: &Equipment) -> AnyQuery<'q> {
    query
        .bind(e.kind.as_str())
        .bind(e.name.clone())
        .bind(e.version.clone())
        .bind(e.description.clone())
        .bind(e.software_tags.clone())
        .bind(e.plugin_tags.clone())
        .bind(e.manufacturer.clone())
        .bind(e.url.clone())
        .bind(e.username.clone())
        .bind(e.license_management.map_or("", |l| l.as_str()))
        .bind(e.license_description.clone())
        .bind(e.purchase_date.clone())
        .bind(e.system_requirements.clone())
        .bind(e.status.as_str())
}

/// `$from, $from+1, …` for `n` values.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stores a new record under `id` (its secrets were sealed for that id).
pub async fn insert(
    db: &Db,
    user_id: &str,
    id: &str,
    e: &Equipment,
    sealed: &SealedWrite,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO equipment (id, user_id, {}, password_encrypted, license_key_encrypted, \
         price_encrypted, created_at, updated_at) VALUES ($1, $2, {}, $17, $18, $19, $20, $20)",
        FIELDS.join(", "),
        placeholders(3, FIELDS.len())
    );
    let get = |v: &Option<Option<String>>| v.clone().flatten();
    bind_fields(sqlx::query(&sql).bind(id).bind(user_id), e)
        .bind(get(&sealed.password))
        .bind(get(&sealed.license_key))
        .bind(get(&sealed.price))
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Updates the user's record `e.id`; false if there is none.
pub async fn update(
    db: &Db,
    user_id: &str,
    e: &Equipment,
    sealed: &SealedWrite,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sealed_columns = sealed.columns();
    let set: Vec<String> = FIELDS
        .iter()
        .chain(["updated_at"].iter())
        .chain(sealed_columns.iter().map(|(column, _)| column))
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 3))
        .collect();
    let sql = format!(
        "UPDATE equipment SET {} WHERE id = $1 AND user_id = $2",
        set.join(", ")
    );
    let mut query = bind_fields(sqlx::query(&sql).bind(&e.id).bind(user_id), e).bind(now);
    for (_, value) in sealed_columns {
        query = query.bind(value.clone());
    }
    Ok(query.execute(&db.pool).await?.rows_affected() == 1)
}

pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM equipment WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every tag of the user's records (software and plugin), sorted, each once.
pub async fn tags(db: &Db, user_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT software_tags, plugin_tags FROM equipment WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&db.pool)
            .await?;
    let mut tags: Vec<String> = rows
        .iter()
        .flat_map(|(s, p)| s.split(',').chain(p.split(',')))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort_by_key(|t| t.to_lowercase());
    tags.dedup_by(|a, b| a.to_lowercase() == b.to_lowercase());
    Ok(tags)
}
