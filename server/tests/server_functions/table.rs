//! The table: one row per registered server function, with who may call it, a well-formed
//! call, what makes it invalid and which arguments are text.

use crate::common::PASSWORD;

/// Who may call a function.
#[derive(Clone, Copy, PartialEq)]
pub enum Access {
    /// Works signed out; `signed_out` is the status of the table's arguments then.
    Public(u16),
    SignedIn,
    Admin,
}

pub struct Case {
    pub name: &'static str,
    pub access: Access,
    /// A well-formed call. `{image}`, `{sketch}`, `{song}`, `{choice}`, `{style}`,
    /// `{template}`, `{equipment}`, `{project}`, `{folder}` (of that project) and `{file}` become ids of the owner's records, `{spec}` a cover overlay.
    pub args: &'static [(&'static str, &'static str)],
    /// The arguments name the owner's records: another user gets 404.
    pub foreign: bool,
    /// Arguments replaced to make the call invalid, and the status that follows.
    pub invalid: Option<(&'static [(&'static str, &'static str)], u16)>,
    /// Text arguments under the text policy: a control character in one is refused with 422
    /// naming its field.
    pub text: &'static [&'static str],
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
pub fn cases() -> Vec<Case> {
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
        case("list_projects", SignedIn, &[], false, None, &["query[search]", "query[tag]"]),
        case("get_project", SignedIn, &[("id", "{project}")], true, None, &[]),
        case("open_project", SignedIn, &[("id", "{project}"), ("folder", "{folder}"), ("files_page", "1")], true, None, &[]),
        case("save_project", SignedIn, &[("project[id]", "{project}"), ("project[name]", "Mine now")], true, Some((&[("project[name]", " ")], 422)), &["project[name]", "project[description]", "project[tags]"]),
        case("delete_project", SignedIn, &[("id", "{project}")], true, None, &[]),
        case("list_project_files", SignedIn, &[("project", "{project}"), ("folder", "{folder}")], true, None, &[]),
        case("add_project_folder", SignedIn, &[("project", "{project}"), ("folder[name]", "Extra")], true, None, &["folder[name]"]),
        case("update_project_folder", SignedIn, &[("project", "{project}"), ("id", "{folder}"), ("folder[name]", "Mine now")], true, None, &["folder[name]"]),
        case("move_project_folder", SignedIn, &[("project", "{project}"), ("id", "{folder}"), ("step", "1")], true, None, &[]),
        case("delete_project_folder", SignedIn, &[("project", "{project}"), ("id", "{folder}")], true, None, &[]),
        case("rename_project_file", SignedIn, &[("project", "{project}"), ("id", "{file}"), ("path", "mine.wav")], true, None, &[]),
        case("move_project_files", SignedIn, &[("project", "{project}"), ("ids[0]", "{file}"), ("folder", "{folder}")], true, None, &[]),
        case("delete_project_files", SignedIn, &[("project", "{project}"), ("ids[0]", "{file}")], true, None, &[]),
        case("link_project_asset", SignedIn, &[("project", "{project}"), ("folder", "{folder}"), ("kind", "sketch"), ("asset", "{sketch}")], true, None, &[]),
        case("unlink_project_asset", SignedIn, &[("project", "{project}"), ("folder", "{folder}"), ("kind", "sketch"), ("asset", "{sketch}")], true, None, &[]),
        case("move_project_image", SignedIn, &[("project", "{project}"), ("image", "{image}"), ("step", "1")], true, None, &[]),
        case("copy_into_project", SignedIn, &[("project", "{project}"), ("folder", "{folder}"), ("kind", "image"), ("asset", "{image}")], true, None, &[]),
        case("asset_places", SignedIn, &[("kind", "image"), ("id", "{image}")], false, Some((&[("kind", "bogus")], 400)), &[]),
        case("project_choices", SignedIn, &[], false, None, &[]),
        case("project_link_choices", SignedIn, &[], false, None, &[]),
        case("set_project_sync", SignedIn, &[("id", "{project}"), ("status", "synced")], true, None, &[]),
        case("reveal_equipment_secret", SignedIn, &[("id", "{equipment}"), ("secret", "license_key")], true, Some((&[("secret", "pin")], 400)), &[]),
        case("suggest_rhymes", SignedIn, &[("word", "night"), ("language", "en")], false, Some((&[("language", "xx")], 422)), &["word"]),
    ]
}
