//! A record's secrets sealed and opened with the process's keyring. Each is bound to its
//! column and row (`equipment/<column>/<id>`), so a sealed value copied elsewhere does not open.
//! Failures are logged with what the operator needs and reach the user as a plain refusal.

use std::sync::Arc;

use super::Secret;
use crate::error::AppError;
use crate::infra::secrets::Keyring;
use crate::state::AppState;

/// The column holding `secret` (the spec's names).
pub fn column(secret: Secret) -> &'static str {
    match secret {
        Secret::Password => "password_encrypted",
        Secret::LicenseKey => "license_key_encrypted",
        Secret::Price => "price_encrypted",
    }
}

/// The associated data of `secret` in record `id`.
pub fn context(secret: Secret, id: &str) -> String {
    format!("equipment/{}/{id}", column(secret))
}

/// The keyring, or the refusal every equipment function gives without one.
pub fn keyring(state: &AppState) -> Result<Arc<Keyring>, AppError> {
    state.equipment_keys.keyring().map_err(|e| {
        tracing::error!("equipment refused: {e}");
        AppError::KeysUnavailable
    })
}

pub fn seal(ring: &Keyring, secret: Secret, id: &str, plain: &str) -> String {
    ring.seal(&context(secret, id), plain)
}

pub fn open(ring: &Keyring, secret: Secret, id: &str, sealed: &str) -> Result<String, AppError> {
    ring.open(&context(secret, id), sealed).map_err(|e| {
        tracing::error!(
            equipment = id,
            secret = secret.as_str(),
            "cannot open a sealed value: {e}"
        );
        AppError::SecretUnreadable
    })
}
