//! The rules engine: ordered regex replacements for cleanup and section formatting.
//!
//! Replacements are plain text with real newlines and `$1` / `${name}` group references, stored
//! and sent as they are. The original product Base64-encoded them because Python and JavaScript
//! disagreed about escapes; with one engine on both sides that layer has no reason to exist.
//!
//! The `regex` crate matches in linear time, so a user's pattern cannot hang the server. Compared
//! with JavaScript regexes:
//! - no look-around (`(?=…)`, `(?<=…)`) and no backreferences (`\1`) in patterns;
//! - `^` and `$` match at line boundaries (patterns are compiled multi-line, like JS `/m`), and
//!   every match is replaced (like JS `/g`);
//! - `\d`, `\w`, `\s` and `\b` are Unicode-aware (JS: ASCII), so `\w` matches `ü`;
//! - named groups are written `(?P<name>…)` or `(?<name>…)`; in the replacement, `${name}`
//!   (JS: `$<name>`), and `$1a` means the group named `1a`: write `${1}a`; `$$` is a literal `$`.

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

/// What a rule is for; the editor offers "cleanup" and "section formatting" separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Cleanup,
    Section,
}

/// One replacement rule, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub pattern: String,
    pub replacement: String,
    pub kind: RuleKind,
    pub active: bool,
    pub order: i32,
}

/// Why a pattern was refused: the regex error and where in the pattern (a character offset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleError {
    pub message: String,
    pub position: Option<usize>,
}

/// Upper bound for one compiled pattern, so an enormous pattern is refused instead of
/// exhausting memory.
const COMPILED_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// Longest pattern accepted, in characters.
const PATTERN_MAX_CHARS: usize = 2_000;

impl Rule {
    /// Compiles the pattern, or explains why it does not compile.
    pub fn compile(&self) -> Result<Regex, RuleError> {
        compile_pattern(&self.pattern)
    }
}

/// Compiles a pattern the way rules use it (multi-line), with a size limit.
pub fn compile_pattern(pattern: &str) -> Result<Regex, RuleError> {
    if pattern.is_empty() {
        return Err(RuleError {
            message: "the pattern is empty".into(),
            position: Some(0),
        });
    }
    if pattern.chars().count() > PATTERN_MAX_CHARS {
        return Err(RuleError {
            message: format!("the pattern is longer than {PATTERN_MAX_CHARS} characters"),
            position: None,
        });
    }
    RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(COMPILED_SIZE_LIMIT)
        .dfa_size_limit(COMPILED_SIZE_LIMIT)
        .build()
        .map_err(|err| RuleError {
            message: first_line(&err),
            position: error_position(pattern),
        })
}

/// The regex crate's syntax errors are a multi-line diagram; the last line is the message.
fn first_line(err: &regex::Error) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error: ").to_string())
        .unwrap_or(text)
}

/// Where the syntax error is, as a character offset into the pattern.
fn error_position(pattern: &str) -> Option<usize> {
    let byte = match regex_syntax::ast::parse::Parser::new().parse(pattern) {
        Err(e) => e.span().start.offset,
        Ok(ast) => match regex_syntax::hir::translate::Translator::new().translate(pattern, &ast) {
            Err(e) => e.span().start.offset,
            Ok(_) => return None,
        },
    };
    Some(pattern[..byte.min(pattern.len())].chars().count())
}

/// Active rules compiled in their order, ready to apply.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<(Rule, Regex)>,
}

impl RuleSet {
    /// Compiles the active rules sorted by `order` (then name). A rule that does not compile
    /// makes the whole set fail, naming the rule.
    pub fn compile(rules: &[Rule]) -> Result<RuleSet, (String, RuleError)> {
        let mut active: Vec<&Rule> = rules.iter().filter(|r| r.active).collect();
        active.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.name.cmp(&b.name)));
        let rules = active
            .into_iter()
            .map(|r| {
                r.compile()
                    .map(|re| (r.clone(), re))
                    .map_err(|e| (r.name.clone(), e))
            })
            .collect::<Result<_, _>>()?;
        Ok(RuleSet { rules })
    }

    /// Applies every rule of `kind` (or all, with `None`) in order. Never panics.
    pub fn apply(&self, text: &str, kind: Option<RuleKind>) -> String {
        let mut out = text.to_string();
        for (rule, re) in &self.rules {
            if kind.is_none_or(|k| k == rule.kind) {
                if let std::borrow::Cow::Owned(replaced) =
                    re.replace_all(&out, rule.replacement.as_str())
                {
                    out = replaced;
                }
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The default rules (line breaks, quotes, spaces, dashes, blank lines, section labels), kept as
/// JSON data that migrations seed into the instance-wide rules table.
pub fn default_rules() -> Vec<Rule> {
    serde_json::from_str(DEFAULT_RULES_JSON).expect("default_rules.json is valid")
}

/// The default rules as stored data.
pub const DEFAULT_RULES_JSON: &str = include_str!("default_rules.json");

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> RuleSet {
        RuleSet::compile(&default_rules()).expect("defaults compile")
    }

    fn only(name: &str) -> RuleSet {
        let rules: Vec<Rule> = default_rules()
            .into_iter()
            .filter(|r| r.name == name)
            .collect();
        assert_eq!(rules.len(), 1, "{name}");
        RuleSet::compile(&rules).unwrap()
    }

    #[test]
    fn every_default_rule_does_its_job() {
        let cases = [
            ("Windows line breaks", "a\r\nb\rc", "a\nb\nc"),
            ("Non-breaking spaces", "a\u{00A0}b", "a b"),
            (
                "Smart double quotes",
                "\u{201E}Hallo\u{201C} \u{201C}hi\u{201D}",
                "\"Hallo\" \"hi\"",
            ),
            (
                "Smart single quotes",
                "don\u{2019}t \u{2018}x\u{2019}",
                "don't 'x'",
            ),
            (
                "Em and en dashes",
                "wait\u{2014}no \u{2013} yes",
                "wait - no - yes",
            ),
            ("Trailing spaces", "a  \nb\t\nc", "a\nb\nc"),
            ("Runs of blank lines", "a\n\n\n\nb", "a\n\nb"),
            (
                "Markdown section labels",
                "** Verse 1: **\nx",
                "**Verse 1**\nx",
            ),
            (
                "Blank line before labels",
                "end of verse\n[Chorus]\nx\n**Bridge**",
                "end of verse\n\n[Chorus]\nx\n\n**Bridge**",
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(only(name).apply(input, None), expected, "{name}");
        }
    }

    #[test]
    fn defaults_clean_a_messy_song_and_are_idempotent() {
        let messy = "**Verse 1:**  \r\nIt\u{2019}s late\u{2014}so late   \r\n\r\n\r\n\r\n[Chorus]\r\n\u{201C}Sing\u{201D}";
        let once = defaults().apply(messy, None);
        assert_eq!(
            once,
            "**Verse 1**\nIt's late - so late\n\n[Chorus]\n\"Sing\""
        );
        assert_eq!(defaults().apply(&once, None), once);
    }

    #[test]
    fn kinds_filter_what_runs() {
        let set = defaults();
        assert_eq!(
            set.apply("**Verse:**  ", Some(RuleKind::Cleanup)),
            "**Verse:**"
        );
        assert_eq!(
            set.apply("**Verse:**  ", Some(RuleKind::Section)),
            "**Verse**"
        );
    }

    #[test]
    fn replacements_use_real_newlines_and_group_references() {
        let rule = Rule {
            name: "comma break".into(),
            description: String::new(),
            pattern: r"(?P<word>\w+),\s*".into(),
            replacement: "${word},\n".into(),
            kind: RuleKind::Cleanup,
            active: true,
            order: 1,
        };
        let set = RuleSet::compile(&[rule]).unwrap();
        assert_eq!(set.apply("eins, zwei, drei", None), "eins,\nzwei,\ndrei");
    }

    #[test]
    fn invalid_patterns_are_refused_with_message_and_position() {
        let err = compile_pattern("ab(c").unwrap_err();
        assert_eq!(err.position, Some(2));
        assert!(err.message.contains("unclosed group"), "{}", err.message);
        let look = compile_pattern("x(?=y)").unwrap_err();
        assert_eq!(
            look.position,
            Some(1),
            "look-around is not supported: {}",
            look.message
        );
        let umlaut = compile_pattern("ä[z-a]").unwrap_err();
        assert_eq!(
            umlaut.position,
            Some(2),
            "positions count characters, not bytes"
        );
        assert!(compile_pattern("").is_err());
        assert!(compile_pattern(&"a".repeat(3000)).is_err());
        assert!(
            compile_pattern(r"\w{1000}{1000}").is_err(),
            "too big to compile"
        );

        let mut bad = default_rules();
        bad[2].pattern = "[".into();
        let (name, _) = RuleSet::compile(&bad).unwrap_err();
        assert_eq!(name, "Smart double quotes");
    }

    #[test]
    fn inactive_rules_do_not_run_and_order_decides() {
        let mut rules = default_rules();
        for r in rules.iter_mut().filter(|r| r.name == "Trailing spaces") {
            r.active = false;
        }
        assert_eq!(
            RuleSet::compile(&rules).unwrap().len(),
            default_rules().len() - 1
        );
        let a = Rule {
            name: "a".into(),
            description: String::new(),
            pattern: "x".into(),
            replacement: "y".into(),
            kind: RuleKind::Cleanup,
            active: true,
            order: 2,
        };
        let b = Rule {
            name: "b".into(),
            pattern: "y".into(),
            replacement: "z".into(),
            order: 1,
            ..a.clone()
        };
        assert_eq!(
            RuleSet::compile(&[a, b]).unwrap().apply("x", None),
            "y",
            "b runs first, then a"
        );
    }

    #[test]
    fn huge_input_is_handled() {
        let big = "Zeile mit Leerzeichen   \r\n".repeat(45_000);
        let out = defaults().apply(&big, None);
        assert!(!out.contains('\r') && !out.contains("   \n"));
    }
}
