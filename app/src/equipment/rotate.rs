//! Key rotation while the app keeps serving (`server rotate-equipment-key`):
//!
//! 1. A new key joins the key file; every process sees it on its next use (one `stat` per use)
//!    and seals new values with it, while all older keys still open what they sealed.
//! 2. Every value sealed under an older key is opened and sealed again under the new one, in
//!    batches, each swap conditional on the value being unchanged (a save in between wins and
//!    is sealed under the new key anyway).
//! 3. When none is left, and still none after a grace period (a request that read the old
//!    keyring just before step 1 has finished by then), the older keys are retired: the key
//!    file keeps only the new one.
//!
//! A value no key opens stops the rotation before anything is retired, so nothing becomes
//! unreadable by it.

use std::time::Duration;

use super::db::{self, SealedRow, SEALED};
use super::sealed::context;
use crate::infra::secrets::{key_id, KeySource, Keyring};
use crate::infra::Db;

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotated {
    pub new_key: u32,
    pub resealed: u64,
    pub retired: Vec<u32>,
}

/// Rotates the keyring of `source` (a key file); see the module docs.
pub async fn rotate(db: &Db, source: &KeySource, grace: Duration) -> Result<Rotated, String> {
    let ring = source.keyring().map_err(|e| e.0)?;
    let with_new = ring.with_new_key();
    let new_key = with_new.newest().id;
    source.replace(&with_new).map_err(|e| e.0)?;
    tracing::info!(new_key, "rotation: new key added, re-sealing");
    let mut resealed = 0;
    loop {
        let done = reseal(db, source, new_key).await?;
        resealed += done;
        if done == 0 {
            tokio::time::sleep(grace).await;
            if db::sealed_under_older_keys(db, new_key, 1)
                .await
                .map_err(|e| e.to_string())?
                .is_empty()
            {
                break;
            }
        }
    }
    let now = source.keyring().map_err(|e| e.0)?;
    if now.newest().id != new_key {
        return Err(format!(
            "another rotation added key {} meanwhile; older keys were kept, run it again",
            now.newest().id
        ));
    }
    let retired: Vec<u32> = now.ids().into_iter().filter(|id| *id != new_key).collect();
    source.replace(&now.newest_only()).map_err(|e| e.0)?;
    tracing::info!(new_key, resealed, ?retired, "rotation finished");
    Ok(Rotated {
        new_key,
        resealed,
        retired,
    })
}

/// One pass over the values sealed under older keys; how many records were re-sealed.
async fn reseal(db: &Db, source: &KeySource, new_key: u32) -> Result<u64, String> {
    let mut count = 0;
    loop {
        let batch = db::sealed_under_older_keys(db, new_key, 200)
            .await
            .map_err(|e| e.to_string())?;
        if batch.is_empty() {
            return Ok(count);
        }
        let ring = source.keyring().map_err(|e| e.0)?;
        let mut swapped_any = false;
        for row in &batch {
            let new = resealed(&ring, row, new_key)?;
            if db::swap_sealed(db, row, &new)
                .await
                .map_err(|e| e.to_string())?
            {
                count += 1;
                swapped_any = true;
            }
        }
        if !swapped_any {
            // Every row changed under us: they are being saved right now; look again shortly.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The row's values, each under the newest key.
fn resealed(ring: &Keyring, row: &SealedRow, new_key: u32) -> Result<[Option<String>; 3], String> {
    let mut out: [Option<String>; 3] = Default::default();
    for (i, secret) in SEALED.iter().enumerate() {
        out[i] = match &row.values[i] {
            None => None,
            Some(sealed) if key_id(sealed) == Some(new_key) => Some(sealed.clone()),
            Some(sealed) => {
                let place = context(*secret, &row.id);
                let plain = ring.open(&place, sealed).map_err(|e| {
                    format!(
                        "equipment {} {}: {e}; rotation stopped, no key retired",
                        row.id,
                        secret.as_str()
                    )
                })?;
                Some(ring.seal(&place, &plain))
            }
        };
    }
    Ok(out)
}
