//! Server functions for equipment; another user's id answers "not found". Every one refuses
//! while the keyring is unavailable (a missing key file with sealed values present), so the
//! feature stops cleanly and the rest of the app runs on.

use leptos::prelude::*;

use super::request::EquipmentForm;
use super::{CopySecrets, Equipment, EquipmentPageData, EquipmentQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::db::{self, SealedWrite},
    super::request::{self, SecretChange},
    super::{sealed, Secret, MAX_NAME_CHARS},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::secrets::Keyring,
    crate::infra::{now_ms, record_id},
    shared::paging::MAX_SEARCH_CHARS,
    shared::text::SingleLine,
};

/// The signed-in user, the state and the keyring, or the refusal.
#[cfg(feature = "ssr")]
async fn entry() -> Result<
    (
        crate::state::AppState,
        crate::auth::db::UserRow,
        std::sync::Arc<Keyring>,
    ),
    AppError,
> {
    let (state, user) = signed_in().await?;
    let ring = sealed::keyring(&state)?;
    Ok((state, user, ring))
}

#[server(endpoint = "list_equipment")]
pub async fn list_equipment(
    #[server(default)] query: EquipmentQuery,
) -> Result<EquipmentPageData, AppError> {
    let (state, user, _) = entry().await?;
    let mut query = query;
    for (text, field) in [
        (&mut query.search, Field::Search),
        (&mut query.tag, Field::Tags),
    ] {
        *text = SingleLine::parse(text, MAX_SEARCH_CHARS)
            .field(field)?
            .into_string();
    }
    let (items, total) = db::list(&state.db, &user.id, &query).await?;
    let tags = db::tags(&state.db, &user.id).await?;
    Ok(EquipmentPageData { items, total, tags })
}

#[server(endpoint = "get_equipment")]
pub async fn get_equipment(id: String) -> Result<Equipment, AppError> {
    let (state, user, _) = entry().await?;
    record_id(&id)?;
    db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates (empty `id`) or updates a record; secrets left empty stay as they are.
#[server(endpoint = "save_equipment")]
pub async fn save_equipment(equipment: EquipmentForm) -> Result<Equipment, AppError> {
    let (state, user, ring) = entry().await?;
    let checked =
        request::check(&equipment).map_err(|(field, problem)| AppError::invalid(field, problem))?;
    let is_new = checked.record.id.is_empty();
    let id = if is_new {
        uuid::Uuid::new_v4().to_string()
    } else {
        record_id(&checked.record.id)?;
        checked.record.id.clone()
    };
    let write = |secret: Secret| match checked.change(secret) {
        SecretChange::Keep => None,
        SecretChange::Clear => Some(None),
        SecretChange::Set(plain) => Some(Some(sealed::seal(&ring, secret, &id, plain))),
    };
    let sealed = SealedWrite {
        password: write(Secret::Password),
        license_key: write(Secret::LicenseKey),
        price: write(Secret::Price),
    };
    let record = Equipment {
        id: id.clone(),
        ..checked.record
    };
    if is_new {
        db::insert(&state.db, &user.id, &id, &record, &sealed, now_ms()).await?;
    } else if !db::update(&state.db, &user.id, &record, &sealed, now_ms()).await? {
        return Err(AppError::NotFound);
    }
    db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Copies record `id` under `name` (empty: the original's name with " (copy)"); its secrets
/// only where `copy` asks for them, sealed again for the new record.
#[server(endpoint = "duplicate_equipment")]
pub async fn duplicate_equipment(
    id: String,
    #[server(default)] name: String,
    #[server(default)] copy: CopySecrets,
) -> Result<Equipment, AppError> {
    let (state, user, ring) = entry().await?;
    let typed = SingleLine::parse(&name, MAX_NAME_CHARS).field(Field::Name)?;
    record_id(&id)?;
    let original = db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = match typed {
        n if n.is_empty() => {
            let suffix = " (copy)";
            let keep = MAX_NAME_CHARS - suffix.chars().count();
            format!(
                "{}{suffix}",
                original.name.chars().take(keep).collect::<String>()
            )
        }
        n => n.into_string(),
    };
    let new_id = uuid::Uuid::new_v4().to_string();
    let mut write = SealedWrite::default();
    for secret in Secret::ALL.iter().copied().filter(|s| copy.wants(*s)) {
        let Some(Some(stored)) = db::sealed(&state.db, &user.id, &id, secret).await? else {
            continue;
        };
        let plain = sealed::open(&ring, secret, &id, &stored)?;
        let again = Some(Some(sealed::seal(&ring, secret, &new_id, &plain)));
        match secret {
            Secret::Password => write.password = again,
            Secret::LicenseKey => write.license_key = again,
            Secret::Price => write.price = again,
        }
    }
    let copy = Equipment {
        id: new_id.clone(),
        name,
        ..original
    };
    db::insert(&state.db, &user.id, &new_id, &copy, &write, now_ms()).await?;
    db::get(&state.db, &user.id, &new_id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "delete_equipment")]
pub async fn delete_equipment(id: String) -> Result<(), AppError> {
    let (state, user, _) = entry().await?;
    record_id(&id)?;
    if !db::delete(&state.db, &user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// One secret of record `id` in plain text, for the user who asked to see it (each reveal is
/// its own request; nothing else ever carries a secret).
#[server(endpoint = "reveal_equipment_secret")]
pub async fn reveal_equipment_secret(id: String, secret: String) -> Result<String, AppError> {
    let (state, user, ring) = entry().await?;
    record_id(&id)?;
    let which = Secret::parse(&secret).ok_or(AppError::BadRequest)?;
    let stored = db::sealed(&state.db, &user.id, &id, which)
        .await?
        .ok_or(AppError::NotFound)?
        .ok_or(AppError::NotFound)?;
    sealed::open(&ring, which, &id, &stored)
}
