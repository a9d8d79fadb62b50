//! The parsing rules: ordered regex replacements, instance-wide (administrators edit them,
//! everyone's editor runs them). Stored as written, replacement newlines included; the engine
//! is `shared::lyrics::RuleSet`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod labels;
mod page;
mod rule_dialog;
mod test_panel;

pub use page::RulesPage;

use serde::{Deserialize, Serialize};
use shared::lyrics::{Rule, RuleKind};

/// One stored rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LyricRule {
    pub id: String,
    pub name: String,
    pub description: String,
    pub pattern: String,
    pub replacement: String,
    pub kind: RuleKind,
    pub active: bool,
    pub order: i32,
    pub updated_at: i64,
}

impl LyricRule {
    /// The rule as the engine takes it.
    pub fn to_rule(&self) -> Rule {
        Rule {
            name: self.name.clone(),
            description: self.description.clone(),
            pattern: self.pattern.clone(),
            replacement: self.replacement.clone(),
            kind: self.kind,
            active: self.active,
            order: self.order,
        }
    }
}

/// The engine's rules of a list, for `RuleSet::compile`.
pub fn engine_rules(rules: &[LyricRule]) -> Vec<Rule> {
    rules.iter().map(LyricRule::to_rule).collect()
}

/// A rule as its form sends it; `id` empty creates one (placed last).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    pub id: String,
    pub name: String,
    pub description: String,
    pub pattern: String,
    pub replacement: String,
    /// `cleanup` or `section`.
    pub kind: String,
    pub active: bool,
}

/// The rules applied on the server: the text and its gutter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesApplied {
    pub text: String,
    pub gutter: Vec<shared::lyrics::GutterLine>,
}

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;
pub const MAX_REPLACEMENT_CHARS: usize = 1_000;
/// Rules per instance; the editor runs all of them on every cleanup.
pub const MAX_RULES: usize = 200;
