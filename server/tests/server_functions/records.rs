//! The owner's records the table's placeholders (`{image}`, `{sketch}`, …) stand for.

use app::chat::api::{CreateConversation, SendMessage};
use app::chat::ConversationForm;
use app::equipment::api::SaveEquipment;
use app::equipment::EquipmentForm;
use app::sketches::api::SaveSketch;
use app::sketches::SketchForm;
use app::songs::api::CreateSong;
use app::songs::preflight::SongRequest;
use app::styles::api::SaveStylePrompt;
use app::templates::api::ListTemplates;
use shared::overlay::OverlaySpec;

use crate::common::{Client, TestApp};

/// Ids of the owner's records, one of each kind.
pub struct Records(pub Vec<(&'static str, String)>);

impl Records {
    pub async fn create(app: &TestApp, owner: &Client) -> Records {
        let image = owner.generate_image("").await;
        let form = SketchForm {
            title: "Rain".into(),
            prompt: "pop".into(),
            ..Default::default()
        };
        let sketch = owner.run_ok(SaveSketch { sketch: form }).await.id;
        let style = owner
            .run_ok(SaveStylePrompt {
                name: "Dream".into(),
                prompt: "dream pop".into(),
            })
            .await
            .id;
        let request = SongRequest {
            lyrics: "[Verse]\nline".into(),
            prompt: "synth pop".into(),
            idempotency_key: "key-0123456789".into(),
            ..Default::default()
        };
        let song = owner.run_ok(CreateSong { request }).await.song.id;
        let choice = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO song_choices (id, song_id, provider_choice_id, choice_index, duration_ms, \
             mp3_key, created_at, updated_at) VALUES ($1, $2, 'p', 0, 1000, 'songs/x.mp3', 0, 0)",
        )
        .bind(&choice)
        .bind(&song)
        .execute(&app.db.pool)
        .await
        .unwrap();
        let templates = owner.run_ok(ListTemplates {}).await;
        let form = ConversationForm {
            model: "ollama:llama3.2:latest".into(),
            ..Default::default()
        };
        let conversation = owner.run_ok(CreateConversation { form }).await;
        let reply = owner
            .run_ok(SendMessage {
                conversation_id: conversation.clone(),
                content: "long:200".into(),
                request_key: "key-records".into(),
            })
            .await
            .reply_id;
        let equipment = owner
            .run_ok(SaveEquipment {
                equipment: EquipmentForm {
                    kind: "plugin".into(),
                    name: "Diva".into(),
                    license_key: "DIVA-0001".into(),
                    ..Default::default()
                },
            })
            .await
            .id;
        let project = owner
            .run_ok(app::projects::api::SaveProject {
                project: app::projects::ProjectForm {
                    name: "Release".into(),
                    ..Default::default()
                },
            })
            .await
            .id;
        let folders = owner
            .run_ok(app::projects::api::GetProject {
                id: project.clone(),
            })
            .await
            .folders;
        let folder = folders[0].id.clone();
        let uploaded: serde_json::Value = owner
            .http
            .put(format!(
                "{}{}",
                owner.base,
                app::projects::upload_url(&project, &folder)
            ))
            .query(&[("path", "take.wav")])
            .body(b"take".to_vec())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let file = uploaded["id"].as_str().unwrap().to_string();
        Records(vec![
            ("{image}", image),
            ("{sketch}", sketch),
            ("{style}", style),
            ("{song}", song),
            ("{choice}", choice),
            ("{template}", templates[0].id.clone()),
            (
                "{spec}",
                serde_json::to_string(&OverlaySpec::new("Night Drive", Some("Mia"))).unwrap(),
            ),
            ("{conversation}", conversation),
            ("{reply}", reply),
            ("{equipment}", equipment),
            ("{project}", project),
            ("{folder}", folder),
            ("{file}", file),
        ])
    }

    pub fn fill(&self, args: &[(&str, &str)]) -> Vec<(String, String)> {
        args.iter()
            .map(|(k, v)| {
                let v = self
                    .0
                    .iter()
                    .find(|(placeholder, _)| placeholder == v)
                    .map_or(v.to_string(), |(_, id)| id.clone());
                (k.to_string(), v)
            })
            .collect()
    }
}
