//! The keyring: a wrong key and a lost key file fail closed without stopping the rest of the
//! app, and a rotation while requests run loses nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use app::equipment::api::{ListEquipment, SaveEquipment};
use app::equipment::EquipmentForm;
use app::infra::secrets::{Key, KeySource, Keyring};
use app::sketches::api::ListSketches;

use super::{plugin, reveal};
use crate::both_backends;
use crate::common::{self, Backend, TestApp};

/// A keyring of one new key with `id`, as `EQUIPMENT_KEYS` takes it.
fn env_keys(id: u32) -> String {
    Keyring::new(vec![Key::generate(id)])
        .unwrap()
        .to_text()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.replacen(' ', ":", 1))
        .collect()
}

fn keyed(name: &str, key: &str) -> SaveEquipment {
    SaveEquipment {
        equipment: EquipmentForm {
            license_key: key.into(),
            ..plugin(name)
        },
    }
}

async fn wrong_and_missing_keys_fail_closed(backend: Backend) {
    let keys = env_keys(1);
    let Some(app) = TestApp::spawn(backend, &[("EQUIPMENT_KEYS", &keys)]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let id = c.run_ok(keyed("Diva", "DIVA-1")).await.id;

    // Another process with another key of the same id: the value does not open there.
    let wrong = env_keys(1);
    let elsewhere = app.sibling(&[("EQUIPMENT_KEYS", &wrong)]).await;
    let c2 = elsewhere.client();
    c2.login_ok("admin@example.org", common::PASSWORD).await;
    assert_eq!(
        c2.run_err(reveal(&id, "license_key")).await,
        (500, "secret_unreadable".into())
    );
    elsewhere.stop().await;

    // A process whose key file is missing while sealed values exist: equipment refuses, no
    // new key is made, and everything else works.
    let lost = app.sibling(&[]).await;
    let c3 = lost.client();
    c3.login_ok("admin@example.org", common::PASSWORD).await;
    let refused = c3
        .run_err(ListEquipment {
            query: Default::default(),
        })
        .await;
    assert_eq!(refused, (503, "keys_unavailable".into()));
    assert_eq!(c3.run_err(reveal(&id, "license_key")).await.0, 503);
    assert!(!lost.config.data_dir.join("equipment-keys").exists());
    c3.run_ok(ListSketches {
        query: Default::default(),
    })
    .await;
    lost.stop().await;

    // The right key still opens it.
    assert_eq!(c.run_ok(reveal(&id, "license_key")).await, "DIVA-1");
    app.stop().await;
}
both_backends!(wrong_and_missing_keys, fn wrong_and_missing_keys_fail_closed);

async fn rotation_under_load(backend: Backend) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let mut expected = HashMap::new();
    for n in 0..20 {
        let key = format!("KEY-{n}");
        let id = c.run_ok(keyed(&format!("Plugin {n}"), &key)).await.id;
        expected.insert(id, key);
    }
    let path = app.config.data_dir.join("equipment-keys");
    assert!(
        path.exists(),
        "made on first start, before any value was sealed"
    );

    // Writers keep saving new and changed secrets while the rotation runs.
    let stop = Arc::new(AtomicBool::new(false));
    let ids: Vec<String> = expected.keys().cloned().collect();
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let (c, stop, ids) = (c.clone(), stop.clone(), ids.clone());
            tokio::spawn(async move {
                let mut written = HashMap::new();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    // Writer `w` edits ids w, w + 3, w + 6, …: no two writers share one.
                    let id = ids[w + 3 * (n % (ids.len() / 3))].clone();
                    let key = format!("KEY-{w}-{n}");
                    let edit = EquipmentForm {
                        id: id.clone(),
                        license_key: key.clone(),
                        ..plugin("Edited")
                    };
                    c.run_ok(SaveEquipment { equipment: edit }).await;
                    written.insert(id, (n, key));
                    let fresh = format!("NEW-{w}-{n}");
                    let new_id = c.run_ok(keyed(&format!("New {w} {n}"), &fresh)).await.id;
                    written.insert(new_id, (n, fresh));
                    n += 1;
                }
                written
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let source = KeySource::open_file(&path, 1);
    let rotated = app::equipment::rotate::rotate(&app.db, &source, Duration::from_millis(500))
        .await
        .expect("rotation");
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        // Each writer owns distinct ids (its own stride), so its last write is the value.
        for (id, (_, key)) in writer.await.unwrap() {
            expected.insert(id, key);
        }
    }
    assert_eq!((rotated.new_key, rotated.retired.clone()), (2, vec![1]));
    assert_eq!(
        source.keyring().unwrap().ids(),
        vec![2],
        "the old key is retired"
    );
    let stale: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM equipment WHERE license_key_encrypted NOT LIKE 'v1:2:%' \
         OR password_encrypted NOT LIKE 'v1:2:%' OR price_encrypted NOT LIKE 'v1:2:%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(stale, 0, "every value is sealed under the new key");
    for (id, key) in &expected {
        assert_eq!(&c.run_ok(reveal(id, "license_key")).await, key, "{id}");
    }

    // One rotation at a time: a second one started meanwhile is refused, not interleaved.
    let short = Duration::from_millis(50);
    let (first, second) = tokio::join!(
        app::equipment::rotate::rotate(&app.db, &source, short),
        app::equipment::rotate::rotate(&app.db, &source, short)
    );
    assert!(first.is_ok() != second.is_ok(), "{first:?} {second:?}");
    assert_eq!(source.keyring().unwrap().ids(), vec![3]);
    app.stop().await;
}
both_backends!(rotation_loses_nothing, fn rotation_under_load, multi_thread);
