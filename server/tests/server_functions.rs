//! Every registered server function, called the ways a careless or hostile client calls it:
//! signed out, as a member where administrators are required, with another user's ids, with
//! invalid input, and with control characters in each text argument. The table must name every
//! function the server registers, so a new function cannot be added without its entry.

mod common;

use app::chat::api::{CreateConversation, SendMessage};
use app::chat::ConversationForm;
use app::equipment::api::{RevealEquipmentSecret, SaveEquipment};
use app::equipment::EquipmentForm;
use app::images::api::GetImage;
use app::sketches::api::{GetSketch, SaveSketch};
use app::sketches::SketchForm;
use app::songs::api::CreateSong;
use app::songs::preflight::SongRequest;
use app::styles::api::SaveStylePrompt;
use app::templates::api::ListTemplates;

use std::collections::BTreeSet;

use common::{Client, TestApp, PASSWORD};
use shared::overlay::OverlaySpec;

/// Who may call a function.
#[derive(Clone, Copy, PartialEq)]
enum Access {
    /// Works signed out; `signed_out` is the status of the table's arguments then.
    Public(u16),
    SignedIn,
    Admin,
}

struct Case {
    name: &'static str,
    access: Access,
    /// A well-formed call. `{image}`, `{sketch}`, `{song}`, `{choice}`, `{style}`,
    /// `{template}` and `{equipment}` become ids of the owner's records, `{spec}` a cover overlay.
    args: &'static [(&'static str, &'static str)],
    /// The arguments name the owner's records: another user gets 404.
    foreign: bool,
    /// Arguments replaced to make the call invalid, and the status that follows.
    invalid: Option<(&'static [(&'static str, &'static str)], u16)>,
    /// Text arguments under the text policy: a control character in one is refused with 422
    /// naming its field.
    text: &'static [&'static str],
}

const CONVERSATION: &[(&str, &str)] = &[
    ("form[model]", "ollama:llama3.2:latest"),
    ("form[temperature]", "0.7"),
    ("form[max_reply_tokens]", "256"),
];

const UPDATE_CONVERSATION: &[(&str, &str)] = &[
    ("id", "{conversation}"),
    ("form[model]", "ollama:llama3.2:latest"),
    ("form[temperature]", "0.7"),
    ("form[max_reply_tokens]", "256"),
];

const EQUIPMENT: &[(&str, &str)] = &[
    ("equipment[id]", "{equipment}"),
    ("equipment[kind]", "plugin"),
    ("equipment[name]", "Mine now"),
    ("equipment[license_key]", "STOLEN"),
];

/// An id no record has.
const NO_SUCH_ID: &str = "00000000-0000-0000-0000-000000000000";

const LYRICS: &[(&str, &str)] = &[
    ("form[id]", "{sketch}"),
    ("form[version]", "1"),
    ("form[lyrics]", "la la"),
    ("form[language]", "en"),
    ("form[structure]", ""),
];

const SECTION: &[(&str, &str)] = &[
    ("request[action]", "improve"),
    ("request[song]", "a\nb"),
    ("request[label]", "Verse 1"),
    ("request[text]", "a"),
    ("request[lines]", "0"),
];

const SONG: &[(&str, &str)] = &[
    ("request[lyrics]", "[Verse]\nline"),
    ("request[prompt]", "synth pop"),
    ("request[model]", "auto"),
    ("request[title]", "Night Drive"),
    ("request[tags]", "synth"),
    ("request[instrumental]", "false"),
    ("request[sketch_id]", "{sketch}"),
    ("request[idempotency_key]", "key-0123456789"),
];

/// One row per server function (kept as rows: a table reads down, not across 400 lines).
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Access::*;
    let case = |name, access, args, foreign, invalid, text| Case {
        name,
        access,
        args,
        foreign,
        invalid,
        text,
    };
    let account: &[(&str, &str)] = &[
        ("email", "owner@example.org"),
        ("password", PASSWORD),
        ("confirm_password", PASSWORD),
        ("artist_name", ""),
    ];
    let wrong_login: &[(&str, &str)] =
        &[("email", "owner@example.org"), ("password", "wrong guess")];
    vec![
        case("get_session", Public(200), &[], false, None, &[]),
        case("setup", Public(409), account, false, Some((&[("password", "short")], 422)), &["email", "artist_name"]),
        case("register", Public(409), &account[..3], false, Some((&[("confirm_password", "other one!")], 422)), &["email"]),
        case("login", Public(401), wrong_login, false, None, &[]),
        case("create_token", Public(401), wrong_login, false, None, &[]),
        case("set_language", Public(200), &[("language", "de")], false, Some((&[("language", "xx")], 422)), &[]),
        case("set_time_zone", SignedIn, &[("time_zone", "Europe/Berlin")], false, Some((&[("time_zone", "Mars/Olympus_Mons")], 422)), &["time_zone"]),
        case("logout", SignedIn, &[], false, None, &[]),
        case("change_password", SignedIn, &[("current_password", PASSWORD), ("new_password", "new password 1"), ("confirm_password", "new password 1")], false, Some((&[("new_password", "short"), ("confirm_password", "short")], 422)), &[]),
        case("get_profile", SignedIn, &[], false, None, &[]),
        case("update_profile", SignedIn, &[("first_name", "Mia"), ("last_name", ""), ("artist_name", ""), ("language", "")], false, Some((&[("language", "xx")], 422)), &["first_name", "last_name", "artist_name"]),
        case("get_costs", Admin, &[], false, None, &[]),
        case("demo_providers", SignedIn, &[], false, None, &[]),
        case("home_lists", SignedIn, &[("language", "de")], false, Some((&[("language", "xx")], 400)), &[]),
        case("list_templates", SignedIn, &[], false, None, &[]),
        case("save_template", Admin, &[("edit[id]", "{template}"), ("edit[pre_condition]", "Rewrite:"), ("edit[post_condition]", ""), ("edit[description]", ""), ("edit[model]", "llama3"), ("edit[temperature]", "0.5"), ("edit[max_tokens]", "100")], false, Some((&[("edit[temperature]", "9")], 422)), &["edit[model]", "edit[pre_condition]", "edit[description]"]),
        case("test_template", SignedIn, &[("id", "{template}"), ("input", "hello")], false, Some((&[("id", "00000000-0000-0000-0000-000000000000")], 404)), &["input"]),
        case("enhance_image_prompt", SignedIn, &[("prompt", "a lake")], false, Some((&[("prompt", " ")], 422)), &["prompt"]),
        case("generate_image", SignedIn, &[("request[prompt]", "a lake"), ("request[size]", "1024x1024"), ("request[quality]", "low")], false, Some((&[("request[size]", "7x7")], 422)), &["request[prompt]", "request[enhanced_prompt]", "request[title]", "request[tags]"]),
        case("list_images", SignedIn, &[("query[page]", "1")], false, None, &["query[search]"]),
        case("get_image", SignedIn, &[("id", "{image}")], true, None, &[]),
        case("update_image", SignedIn, &[("id", "{image}"), ("title", "Mine now"), ("tags", "")], true, None, &["title", "tags"]),
        case("delete_image", SignedIn, &[("id", "{image}")], true, None, &[]),
        case("cover_candidates", SignedIn, &[], false, None, &[]),
        case("apply_overlay", SignedIn, &[("id", "{image}"), ("spec", "{spec}")], true, Some((&[("spec", "{")], 400)), &[]),
        case("check_cover", SignedIn, &[("id", "{image}")], true, None, &[]),
        case("list_sketches", SignedIn, &[], false, None, &["query[search]"]),
        case("get_sketch", SignedIn, &[("id", "{sketch}")], true, None, &[]),
        case("save_sketch", SignedIn, &[("sketch[id]", "{sketch}"), ("sketch[title]", "Mine now"), ("sketch[prompt]", "pop")], true, Some((&[("sketch[workflow]", "bogus")], 422)), &["sketch[title]", "sketch[lyrics]", "sketch[prompt]", "sketch[tags]"]),
        case("delete_sketch", SignedIn, &[("id", "{sketch}")], true, None, &[]),
        case("suggest_title", SignedIn, &[("text", "a song about rain")], false, Some((&[("text", "")], 422)), &["text"]),
        case("list_style_prompts", SignedIn, &[], false, None, &[]),
        case("save_style_prompt", SignedIn, &[("name", "Mine"), ("prompt", "pop")], false, Some((&[("name", " ")], 422)), &["name", "prompt"]),
        case("delete_style_prompt", SignedIn, &[("id", "{style}")], true, None, &[]),
        case("create_song", SignedIn, SONG, true, Some((&[("request[idempotency_key]", "short")], 400)), &["request[lyrics]", "request[prompt]", "request[title]", "request[tags]"]),
        case("list_songs", SignedIn, &[], false, None, &[]),
        case("get_song", SignedIn, &[("id", "{song}")], true, None, &[]),
        case("cancel_song", SignedIn, &[("id", "{song}")], true, None, &[]),
        case("retry_song", SignedIn, &[("id", "{song}")], true, None, &[]),
        case("update_song", SignedIn, &[("id", "{song}"), ("title", "Mine"), ("tags", ""), ("workflow", "onWork")], true, Some((&[("workflow", "bogus")], 422)), &["title", "tags"]),
        case("delete_song", SignedIn, &[("id", "{song}")], true, None, &[]),
        case("rate_choice", SignedIn, &[("choice_id", "{choice}"), ("rating", "1")], true, Some((&[("rating", "5")], 422)), &[]),
        case("mureka_account", SignedIn, &[], false, None, &[]),
        case("list_conversations", SignedIn, &[], false, None, &["query[search]"]),
        case("get_conversation", SignedIn, &[("id", "{conversation}")], true, None, &[]),
        case("chat_models", SignedIn, &[], false, None, &[]),
        case("create_conversation", SignedIn, CONVERSATION, false, Some((&[("form[temperature]", "9")], 422)), &["form[title]", "form[system_context]"]),
        case("update_conversation", SignedIn, UPDATE_CONVERSATION, true, Some((&[("form[max_reply_tokens]", "0")], 422)), &["form[title]", "form[system_context]"]),
        case("rename_conversation", SignedIn, &[("id", "{conversation}"), ("title", "Mine now")], true, Some((&[("title", " ")], 422)), &["title"]),
        case("mark_conversation", SignedIn, &[("id", "{conversation}"), ("pinned", "true")], true, None, &[]),
        case("delete_conversation", SignedIn, &[("id", "{conversation}")], true, None, &[]),
        case("send_message", SignedIn, &[("conversation_id", "{conversation}"), ("content", "0001 hi"), ("request_key", "key-1")], true, Some((&[("content", " ")], 422)), &["content"]),
        case("stop_reply", SignedIn, &[("reply_id", "{reply}")], true, None, &[]),
        case("regenerate_reply", SignedIn, &[("conversation_id", "{conversation}"), ("request_key", "key-r")], true, None, &[]),
        case("edit_message", SignedIn, &[("conversation_id", "{conversation}"), ("message_id", "{reply}"), ("content", "0001 again"), ("request_key", "key-e")], true, Some((&[("content", " ")], 422)), &["content"]),
        case("switch_reply_version", SignedIn, &[("conversation_id", "{conversation}"), ("version_id", "{reply}")], true, None, &[]),
        case("restore_archived", SignedIn, &[("conversation_id", "{conversation}"), ("batch_id", "{reply}")], true, None, &[]),
        case("get_archived", SignedIn, &[("conversation_id", "{conversation}"), ("batch_id", "{reply}")], true, None, &[]),
        case("compress_conversation", SignedIn, &[("conversation_id", "{conversation}")], true, None, &[]),
        case("import_conversation", SignedIn, &[("file", "{}")], false, Some((&[("file", "{")], 422)), &[]),
        case("list_lyric_rules", SignedIn, &[], false, None, &[]),
        case("save_lyric_rule", Admin, &[("rule[name]", "Dots"), ("rule[pattern]", "x"), ("rule[replacement]", "y"), ("rule[kind]", "cleanup")], false, Some((&[("rule[pattern]", "a(")], 422)), &["rule[name]", "rule[pattern]", "rule[replacement]", "rule[description]"]),
        case("set_lyric_rule_active", Admin, &[("id", NO_SUCH_ID), ("active", "false")], false, Some((&[], 404)), &[]),
        case("delete_lyric_rule", Admin, &[("id", NO_SUCH_ID)], false, Some((&[], 404)), &[]),
        case("reorder_lyric_rules", Admin, &[("ids[0]", "lpr-trailing-spaces")], false, Some((&[], 409)), &[]),
        case("apply_lyric_rules", SignedIn, &[("text", "a  "), ("kind", "cleanup"), ("language", "en")], false, Some((&[("kind", "bogus")], 422)), &["text"]),
        case("save_lyrics", SignedIn, LYRICS, true, Some((&[("form[language]", "xx")], 422)), &["form[lyrics]"]),
        case("new_lyric", SignedIn, &[("draft[title]", "Night")], false, Some((&[("draft[language]", "xx")], 422)), &["draft[title]", "draft[lyrics]", "draft[prompt]"]),
        case("suggest_section", SignedIn, SECTION, false, Some((&[("request[lines]", "99"), ("request[action]", "extend")], 422)), &["request[song]", "request[label]", "request[text]"]),
        case("list_equipment", SignedIn, &[], false, None, &["query[search]", "query[tag]"]),
        case("get_equipment", SignedIn, &[("id", "{equipment}")], true, None, &[]),
        case("save_equipment", SignedIn, EQUIPMENT, true, Some((&[("equipment[purchase_date]", "2024-02-30")], 422)), &["equipment[name]", "equipment[version]", "equipment[manufacturer]", "equipment[description]", "equipment[software_tags]", "equipment[plugin_tags]", "equipment[username]", "equipment[password]", "equipment[license_key]", "equipment[license_description]", "equipment[system_requirements]"]),
        case("duplicate_equipment", SignedIn, &[("id", "{equipment}"), ("name", "Twin")], true, None, &["name"]),
        case("delete_equipment", SignedIn, &[("id", "{equipment}")], true, None, &[]),
        case("reveal_equipment_secret", SignedIn, &[("id", "{equipment}"), ("secret", "license_key")], true, Some((&[("secret", "pin")], 400)), &[]),
        case("suggest_rhymes", SignedIn, &[("word", "night"), ("language", "en")], false, Some((&[("language", "xx")], 422)), &["word"]),
    ]
}

/// Ids of the owner's records, one of each kind.
struct Records(Vec<(&'static str, String)>);

impl Records {
    async fn create(app: &TestApp, owner: &Client) -> Records {
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
        ])
    }

    fn fill(&self, args: &[(&str, &str)]) -> Vec<(String, String)> {
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

fn with(args: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut args: Vec<(String, String)> = args
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    args.extend(changes.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    args
}

async fn call(c: &Client, name: &str, args: &[(String, String)]) -> common::Answer {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.call(name, &args).await
}

#[test]
fn the_table_names_every_registered_server_function() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = cases().iter().map(|c| c.name.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "server functions without an entry: {missing:?}; entries without a function: {stale:?}"
    );
}

both_backends!(
    every_server_function_answers_client_mistakes_with_their_status,
    [],
    |app| async move {
        let owner = app.admin("owner@example.org").await;
        let member = app.member("member@example.org").await;
        let records = Records::create(&app, &owner).await;
        let anon = app.client();
        let mut failures = Vec::new();
        let expect = |failures: &mut Vec<String>,
                      name: &str,
                      what: &str,
                      answer: common::Answer,
                      status: u16| {
            if answer.status != status {
                failures.push(format!(
                    "{name} {what}: {} {} (expected {status})",
                    answer.status, answer.body
                ));
            }
        };
        for case in cases() {
            let args = records.fill(case.args);
            let signed_out = match case.access {
                Access::Public(status) => status,
                _ => 401,
            };
            expect(
                &mut failures,
                case.name,
                "signed out",
                call(&anon, case.name, &args).await,
                signed_out,
            );
            if case.access == Access::Admin {
                expect(
                    &mut failures,
                    case.name,
                    "as a member",
                    call(&member, case.name, &args).await,
                    403,
                );
            }
            if case.foreign {
                expect(
                    &mut failures,
                    case.name,
                    "with another user's id",
                    call(&member, case.name, &args).await,
                    404,
                );
            }
            // Invalid input is tried by someone allowed to call: validation comes first.
            let caller = if case.access == Access::Admin {
                &owner
            } else {
                &member
            };
            if let Some((changes, status)) = case.invalid {
                expect(
                    &mut failures,
                    case.name,
                    "with invalid input",
                    call(caller, case.name, &with(&args, changes)).await,
                    status,
                );
            }
            for field in case.text {
                for bad in ["bell\u{7}", "esc\u{1b}[2J", "bare\rreturn", "nul\u{0}byte"] {
                    let answer = call(caller, case.name, &with(&args, &[(field, bad)])).await;
                    let named = answer.body["field"].as_str().is_some_and(|f| !f.is_empty());
                    if answer.status != 422
                        || !named
                        || answer.body["problem"] != "invalid_characters"
                    {
                        failures.push(format!(
                            "{} with {bad:?} in {field}: {} {}",
                            case.name, answer.status, answer.body
                        ));
                    }
                }
            }
            // Arguments that do not decode (here: none at all where some are required).
            if !case.args.is_empty() {
                let answer = call(caller, case.name, &[]).await;
                if answer.status >= 500 {
                    failures.push(format!(
                        "{} without arguments: {} {}",
                        case.name, answer.status, answer.body
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
        // Nothing the intruder or the invalid calls tried changed the owner's records.
        let id = |i: usize| records.0[i].1.clone();
        assert_eq!(owner.run_ok(GetImage { id: id(0) }).await.title, "");
        assert_eq!(owner.run_ok(GetSketch { id: id(1) }).await.title, "Rain");
        let key = RevealEquipmentSecret {
            id: id(9),
            secret: "license_key".into(),
        };
        assert_eq!(owner.run_ok(key).await, "DIVA-0001");
        app
    }
);
