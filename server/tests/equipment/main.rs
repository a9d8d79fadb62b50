//! Equipment over real HTTP on SQLite and PostgreSQL: records with their filters, secrets sealed
//! at rest and revealed one at a time, duplicates, other users refused; wrong and missing keys
//! failing closed; key rotation while requests run losing nothing.

#[path = "../common/mod.rs"]
mod common;
mod keys;

use app::equipment::api::{
    DeleteEquipment, DuplicateEquipment, GetEquipment, ListEquipment, RevealEquipmentSecret,
    SaveEquipment,
};
use app::equipment::{CopySecrets, EquipmentForm, EquipmentQuery, EquipmentStatus};
use common::Client;

pub fn plugin(name: &str) -> EquipmentForm {
    EquipmentForm {
        kind: "plugin".into(),
        name: name.into(),
        ..Default::default()
    }
}

pub fn reveal(id: &str, secret: &str) -> RevealEquipmentSecret {
    RevealEquipmentSecret {
        id: id.into(),
        secret: secret.into(),
    }
}

async fn found(c: &Client, query: EquipmentQuery) -> Vec<String> {
    let page = c.run_ok(ListEquipment { query }).await;
    page.items.into_iter().map(|e| e.name).collect()
}

both_backends!(
    records_are_kept_filtered_sealed_and_owned,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let other = app.member("other@example.org").await;

        let diva = EquipmentForm {
            manufacturer: "u-he".into(),
            version: "1.4.7".into(),
            url: "https://u-he.com/products/diva/".into(),
            plugin_tags: "Synth, analog, synth".into(),
            username: "mia".into(),
            password: "hunter2 ".into(),
            license_management: "license_key".into(),
            license_key: "DIVA-1234-ABCD".into(),
            purchase_date: "2024-02-29".into(),
            price_amount: "179,5".into(),
            price_currency: "usd".into(),
            ..plugin("Diva")
        };
        let saved = c
            .run_ok(SaveEquipment {
                equipment: diva.clone(),
            })
            .await;
        assert_eq!(saved.plugin_tags, "Synth, analog");
        assert!(saved.has_password && saved.has_license_key && saved.has_price);
        let listed = serde_json::to_string(
            &c.run_ok(ListEquipment {
                query: Default::default(),
            })
            .await,
        )
        .unwrap();
        assert!(
            !listed.contains("DIVA-1234")
                && !listed.contains("hunter2")
                && !listed.contains("179.5")
        );
        let id = saved.id.clone();

        // At rest: sealed text naming its key, not the plaintext.
        let (key, price): (String, String) = sqlx::query_as(
            "SELECT license_key_encrypted, price_encrypted FROM equipment WHERE id = $1",
        )
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert!(key.starts_with("v1:1:") && !key.contains("DIVA") && !price.contains("179"));
        assert_eq!(c.run_ok(reveal(&id, "license_key")).await, "DIVA-1234-ABCD");
        assert_eq!(c.run_ok(reveal(&id, "password")).await, "hunter2 ");
        assert_eq!(c.run_ok(reveal(&id, "price")).await, "179.50 USD");

        // Refused input changes nothing.
        for (bad, field) in [
            (
                EquipmentForm {
                    url: "u-he.com".into(),
                    ..diva.clone()
                },
                "url",
            ),
            (
                EquipmentForm {
                    price_amount: "12".into(),
                    price_currency: String::new(),
                    ..diva.clone()
                },
                "currency",
            ),
            (
                EquipmentForm {
                    name: " ".into(),
                    ..diva.clone()
                },
                "name",
            ),
        ] {
            let answer = c
                .run(SaveEquipment {
                    equipment: EquipmentForm {
                        id: id.clone(),
                        ..bad
                    },
                })
                .await
                .err()
                .unwrap();
            assert_eq!(
                (answer.status, answer.body["field"].as_str()),
                (422, Some(field))
            );
        }

        // Editing leaves secrets alone unless a new one is typed or removal is asked for.
        let edit = EquipmentForm {
            id: id.clone(),
            status: "trial".into(),
            clear_price: true,
            password: "new pass".into(),
            license_key: String::new(),
            price_amount: String::new(),
            price_currency: String::new(),
            ..diva.clone()
        };
        let edited = c.run_ok(SaveEquipment { equipment: edit }).await;
        assert_eq!(edited.status, EquipmentStatus::Trial);
        assert!(!edited.has_price && edited.has_license_key);
        assert_eq!(c.run_ok(reveal(&id, "password")).await, "new pass");
        assert_eq!(c.run_ok(reveal(&id, "license_key")).await, "DIVA-1234-ABCD");
        assert_eq!(c.run_err(reveal(&id, "price")).await.0, 404);

        let live = EquipmentForm {
            kind: "software".into(),
            manufacturer: "Ableton".into(),
            software_tags: "DAW".into(),
            license_management: "online".into(),
            description: "The session view".into(),
            ..plugin("Live 12")
        };
        c.run_ok(SaveEquipment { equipment: live }).await;
        let q = |f: fn(&mut EquipmentQuery)| {
            let mut q = EquipmentQuery::default();
            f(&mut q);
            q
        };
        assert_eq!(
            found(&c, q(|q| q.search = "SESSION".into())).await,
            ["Live 12"]
        );
        assert_eq!(found(&c, q(|q| q.search = "u-h".into())).await, ["Diva"]);
        assert_eq!(
            found(&c, q(|q| q.kind = "software".into())).await,
            ["Live 12"]
        );
        assert_eq!(found(&c, q(|q| q.status = "trial".into())).await, ["Diva"]);
        assert_eq!(
            found(&c, q(|q| q.license = "online".into())).await,
            ["Live 12"]
        );
        assert_eq!(found(&c, q(|q| q.tag = "daw".into())).await, ["Live 12"]);
        assert_eq!(found(&c, q(|q| q.tag = "analog".into())).await, ["Diva"]);
        assert_eq!(
            found(&c, q(|q| q.sort = "manufacturer".into())).await,
            ["Live 12", "Diva"]
        );
        assert_eq!(
            c.run_ok(ListEquipment {
                query: Default::default()
            })
            .await
            .tags,
            ["analog", "DAW", "Synth"]
        );

        // Duplicate: the secrets only where asked, sealed again for the copy.
        let copy = DuplicateEquipment {
            id: id.clone(),
            name: String::new(),
            copy: CopySecrets {
                license_key: true,
                ..Default::default()
            },
        };
        let twin = c.run_ok(copy).await;
        assert_eq!(twin.name, "Diva (copy)");
        assert!(twin.has_license_key && !twin.has_password);
        assert_eq!(
            c.run_ok(reveal(&twin.id, "license_key")).await,
            "DIVA-1234-ABCD"
        );

        // A sealed value moved to another row does not open there.
        sqlx::query("UPDATE equipment SET password_encrypted = (SELECT password_encrypted FROM equipment WHERE id = $1) WHERE id = $2")
        .bind(&id)
        .bind(&twin.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            c.run_err(reveal(&twin.id, "password")).await,
            (500, "secret_unreadable".into())
        );

        // Another user's record is not found, whatever is asked.
        assert_eq!(other.run_err(GetEquipment { id: id.clone() }).await.0, 404);
        assert_eq!(other.run_err(reveal(&id, "license_key")).await.0, 404);
        let takeover = EquipmentForm {
            id: id.clone(),
            ..plugin("Mine")
        };
        assert_eq!(
            other
                .run_err(SaveEquipment {
                    equipment: takeover
                })
                .await
                .0,
            404
        );
        assert_eq!(
            other
                .run_err(DuplicateEquipment {
                    id: id.clone(),
                    name: String::new(),
                    copy: CopySecrets {
                        password: true,
                        ..Default::default()
                    }
                })
                .await
                .0,
            404
        );
        assert_eq!(
            other.run_err(DeleteEquipment { id: id.clone() }).await.0,
            404
        );
        assert!(found(&other, EquipmentQuery::default()).await.is_empty());

        c.run_ok(DeleteEquipment { id: id.clone() }).await;
        assert_eq!(c.run_err(GetEquipment { id }).await.0, 404);
        app
    }
);
