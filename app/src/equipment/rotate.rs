//! Key rotation while the app keeps serving (`server rotate-equipment-key`):
//!
//! 1. A new key joins the key file; every process sees it on its next use (one `stat` per use)
//!    and seals new values with it, while all older keys still open what they sealed.
//! 2. Every value sealed under an older key is opened and sealed again under the new one, in
//!    batches, each swap conditional on the value being unchanged (a save in between wins and
//!    is sealed under the new key anyway).
//! 3. When none is left, and still none after a grace period (a request that read the old
//!    keyring just before step 1 has finished by then), the older keys are retired: the key
//!    file keeps only the new one. A grace period later it looks once more; a save that
//!    stalled longer and still used an old key brings the old keys back for another round.
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

/// Rotates the keyring of `source` (a key file); see the module docs. One rotation at a time:
/// a lock file beside the key file keeps a second one out.
pub async fn rotate(db: &Db, source: &KeySource, grace: Duration) -> Result<Rotated, String> {
    let path = source
        .file()
        .ok_or("EQUIPMENT_KEYS is set: keys from the environment are not rotated by the server")?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("lock"))
        .map_err(|e| format!("cannot open the rotation lock: {e}"))?;
    lock.try_lock()
        .map_err(|_| "another rotation is running; wait for it to finish".to_string())?;
    let ring = source.keyring().map_err(|e| e.0)?;
    let all = ring.with_new_key();
    let new_key = all.newest().id;
    source.replace(&all).map_err(|e| e.0)?;
    tracing::info!(new_key, "rotation: new key added, re-sealing");
    let mut resealed = 0;
    loop {
        resealed += reseal_until_none(db, source, new_key, grace).await?;
        source.replace(&all.newest_only()).map_err(|e| e.0)?;
        // A save that read the keyring before the new key arrived and stalled past the grace
        // period may still land under an old key: look once more, and if one did, bring the
        // old keys back and go again (they are still in memory, so nothing is lost).
        tokio::time::sleep(grace).await;
        if stale(db, new_key).await? {
            tracing::warn!(
                new_key,
                "rotation: a late save used a retired key; going again"
            );
            source.replace(&all).map_err(|e| e.0)?;
            continue;
        }
        break;
    }
    let retired: Vec<u32> = all.ids().into_iter().filter(|id| *id != new_key).collect();
    tracing::info!(new_key, resealed, ?retired, "rotation finished");
    Ok(Rotated {
        new_key,
        resealed,
        retired,
    })
}

async fn stale(db: &Db, new_key: u32) -> Result<bool, String> {
    Ok(!db::sealed_under_older_keys(db, new_key, 1)
        .await
        .map_err(|e| e.to_string())?
        .is_empty())
}

/// Re-seals until no value under an older key is left, also after a grace period.
async fn reseal_until_none(
    db: &Db,
    source: &KeySource,
    new_key: u32,
    grace: Duration,
) -> Result<u64, String> {
    let mut resealed = 0;
    loop {
        let done = reseal(db, source, new_key).await?;
        resealed += done;
        if done == 0 {
            tokio::time::sleep(grace).await;
            if !stale(db, new_key).await? {
                return Ok(resealed);
            }
        }
    }
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
