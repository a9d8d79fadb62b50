//! Fuzzes the lyric pipeline: parse, render, structure, and user-supplied rules on any input.
//! The input's first line is used as a rule pattern, the second as its replacement, the rest
//! as lyrics. Run: `cd shared && cargo +nightly fuzz run lyrics` (or `--sanitizer none`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::lyrics::{
    apply_structure, default_rules, normalize_for_provider, parse, rebuild_architecture, render,
    HeaderStyle, Rule, RuleKind, RuleSet,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '\n');
    let pattern = parts.next().unwrap_or_default();
    let replacement = parts.next().unwrap_or_default();
    let lyrics = parts.next().unwrap_or_default();

    let sections = parse(lyrics);
    for style in [HeaderStyle::Markdown, HeaderStyle::Colon, HeaderStyle::Bracket] {
        assert_eq!(parse(&render(&sections, style)), sections);
    }
    let arch = rebuild_architecture(&sections);
    let _ = apply_structure(lyrics, &arch);
    let _ = normalize_for_provider(&sections);

    let mut rules = default_rules();
    rules.push(Rule {
        name: "fuzzed".into(),
        description: String::new(),
        pattern: pattern.into(),
        replacement: replacement.into(),
        kind: RuleKind::Cleanup,
        active: true,
        order: 0,
    });
    if let Ok(set) = RuleSet::compile(&rules) {
        let _ = set.apply(lyrics, None);
    }
});
