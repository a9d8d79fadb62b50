//! The lyric studio over real HTTP: the parsing rules (seeded, administered, refused to
//! members and for broken patterns), autosave with its version check, a section improved by
//! the (mock) model as a stream, and rhyme suggestions in both languages.

mod common;

use app::lyrics::editor::api::{SaveLyrics, SuggestSection};
use app::lyrics::editor::{LyricsForm, SectionAction, SectionRequest};
use app::lyrics::rhymes::api::SuggestRhymes;
use app::lyrics::rules::api::{
    ApplyLyricRules, DeleteLyricRule, ListLyricRules, ReorderLyricRules, SaveLyricRule,
    SetLyricRuleActive,
};
use app::lyrics::rules::{engine_rules, RuleForm};
use app::sketches::api::{GetSketch, NewLyric as NewLyricFn};
use app::sketches::LyricDraft;
use shared::locale::Language;
use shared::lyrics::{default_rules, Architecture};

fn rule(name: &str, pattern: &str, replacement: &str) -> RuleForm {
    RuleForm {
        name: name.into(),
        pattern: pattern.into(),
        replacement: replacement.into(),
        kind: "cleanup".into(),
        active: true,
        ..Default::default()
    }
}

both_backends!(parsing_rules_are_seeded_administered_and_checked, ["JOB_WORKERS" => "0"], |app| async move {
    let admin = app.admin("admin@example.org").await;
    let member = app.member("member@example.org").await;

    // Seeded from shared's defaults, in order, replacements with their real line breaks.
    let seeded = member.run_ok(ListLyricRules {}).await;
    assert_eq!(engine_rules(&seeded), default_rules(), "the migration seeds exactly shared's defaults");

    // Administrators create (placed last), edit, switch, reorder and delete.
    let created = admin.run_ok(SaveLyricRule { rule: rule("Ellipsis", r"\.{3}", "…") }).await;
    assert!(created.order > seeded.last().unwrap().order);
    let edited = admin
        .run_ok(SaveLyricRule { rule: RuleForm { id: created.id.clone(), ..rule("Ellipsis", r"\.\.\.", " …\n") } })
        .await;
    assert_eq!(edited.replacement, " …\n", "a replacement is kept exactly, spaces and line breaks too");
    admin.run_ok(SetLyricRuleActive { id: created.id.clone(), active: false }).await;
    let mut ids: Vec<String> = admin.run_ok(ListLyricRules {}).await.into_iter().map(|r| r.id).collect();
    ids.rotate_right(1);
    admin.run_ok(ReorderLyricRules { ids: ids.clone() }).await;
    let reordered = admin.run_ok(ListLyricRules {}).await;
    assert_eq!(reordered.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), ids);
    assert!(!reordered[0].active && reordered[0].name == "Ellipsis");
    let partial = admin.run_err(ReorderLyricRules { ids: ids[1..].to_vec() }).await;
    assert_eq!(partial, (409, "changed_elsewhere".into()), "an order that misses a rule changes nothing");

    // A broken pattern is refused with the engine's message and where it is.
    let broken = admin.run(SaveLyricRule { rule: rule("Broken", "ab(c", "") }).await.unwrap_err();
    assert_eq!((broken.status, broken.error_kind()), (422, "invalid_pattern"));
    assert_eq!(broken.body["position"], 2, "{}", broken.body);
    assert!(broken.body["message"].as_str().unwrap().contains("unclosed"), "{}", broken.body);

    // Members use the rules but do not change them.
    for refused in [
        member.run_err(SaveLyricRule { rule: rule("Mine", "x", "y") }).await,
        member.run_err(SetLyricRuleActive { id: created.id.clone(), active: true }).await,
        member.run_err(ReorderLyricRules { ids: ids.clone() }).await,
        member.run_err(DeleteLyricRule { id: created.id.clone() }).await,
    ] {
        assert_eq!(refused, (403, "forbidden".into()));
    }
    let applied = member
        .run_ok(ApplyLyricRules { text: "“Hi”   \n\n\n\nthere".into(), kind: "cleanup".into(), language: "en".into() })
        .await;
    assert_eq!(applied.text, "\"Hi\"\n\nthere");
    assert_eq!(applied.gutter.len(), 3);

    admin.run_ok(DeleteLyricRule { id: created.id.clone() }).await;
    assert_eq!(admin.run_ok(ListLyricRules {}).await.len(), seeded.len());
    app
});

fn save(id: &str, version: i64, lyrics: &str) -> SaveLyrics {
    SaveLyrics {
        form: LyricsForm {
            id: id.into(),
            version,
            lyrics: lyrics.into(),
            language: "de".into(),
            structure: "VERSE1 - CHORUS".into(),
        },
    }
}

both_backends!(autosave_refuses_stale_versions_and_survives_a_reload, ["JOB_WORKERS" => "0"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;
    let draft = LyricDraft { title: "Nachtlied".into(), ..Default::default() };
    let id = c.run_ok(NewLyricFn { draft }).await;
    let opened = c.run_ok(GetSketch { id: id.clone() }).await;
    assert_eq!((opened.lyrics.as_str(), opened.prompt.as_str()), ("", ""), "a draft needs no style yet");

    // Tab A saves twice; tab B, still at the first version, is refused and changes nothing.
    let first = c.run_ok(save(&id, opened.version, "Ich geh allein")).await;
    let second = c.run_ok(save(&id, first.version, "Ich geh allein durch die Nacht")).await;
    assert_eq!(second.version, opened.version + 2);
    let stale = c.run_err(save(&id, first.version, "Tab B's text")).await;
    assert_eq!(stale, (409, "changed_elsewhere".into()));

    // A reload shows the last save: text, language and structure.
    let reloaded = c.run_ok(GetSketch { id: id.clone() }).await;
    assert_eq!(reloaded.lyrics, "Ich geh allein durch die Nacht");
    assert_eq!(reloaded.language, Language::De);
    assert_eq!(reloaded.structure, Architecture::parse("VERSE1 - CHORUS").unwrap());
    assert_eq!(reloaded.version, second.version);

    // Nobody else's, and nothing malformed.
    assert_eq!(other.run_err(save(&id, second.version, "mine")).await.0, 404);
    let mut bad = save(&id, second.version, "x");
    bad.form.structure = "VERSE1 - SOLO".into();
    assert_eq!(c.run_err(bad).await.0, 422);
    assert_eq!(c.run_ok(GetSketch { id }).await.lyrics, "Ich geh allein durch die Nacht");
    app
});

both_backends!(a_section_is_improved_as_a_stream_and_rhymes_are_suggested, ["JOB_WORKERS" => "0"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let request = |action, lines| SuggestSection {
        request: SectionRequest {
            action,
            song: "**Verse 1**\nI walk alone\nthrough the night\n\n**Chorus**\nStay".into(),
            label: "Verse 1".into(),
            text: "I walk alone\nthrough the night".into(),
            lines,
        },
    };
    // The streamed body is the suggestion as plain text, piece by piece.
    let improved = c.stream_text(request(SectionAction::Improve, 0)).await;
    assert_eq!(improved, (200, "Mock: I walk alone\nMock: through the night".into()));
    let (status, extended) = c.stream_text(request(SectionAction::Extend, 2)).await;
    assert!(status == 200 && extended.ends_with("Mock new line 1\nMock new line 2"), "{extended}");
    let (status, refused) = c.stream_text(request(SectionAction::Extend, 0)).await;
    assert_eq!(status, 422, "extend needs lines: {refused}");

    let en = c.run_ok(SuggestRhymes { word: "night".into(), language: "en".into() }).await;
    assert!(en.perfect.iter().any(|w| w == "light") && en.near.iter().any(|w| w == "time" || w == "life"));
    let de = c.run_ok(SuggestRhymes { word: "Herzen".into(), language: "de".into() }).await;
    assert!(de.perfect.iter().any(|w| w == "Schmerzen"), "{:?}", de.perfect);
    assert_eq!(c.run_err(SuggestRhymes { word: " ".into(), language: "en".into() }).await.0, 422);
    app
});
