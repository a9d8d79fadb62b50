//! Undo and redo for the editor, over whole texts: every change (typing, a tool, an accepted
//! suggestion, a conflict resolved) is one entry point, so any of them can be undone.
//!
//! Typing is grouped: keystrokes less than [`TYPING_GROUP_MS`] apart are one step, as in every
//! text editor; a tool's change is always a step of its own. Whole texts rather than diffs keep
//! it obviously right; at 20,000 characters and [`MAX_STEPS`] steps that is a few megabytes at
//! worst.

/// Steps kept; the oldest go first.
pub const MAX_STEPS: usize = 500;
/// Keystrokes closer together than this undo together.
pub const TYPING_GROUP_MS: f64 = 1_000.0;

/// What made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Typing,
    /// A tool, a suggestion, a conflict resolution: always its own step.
    Tool,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<String>,
    redo: Vec<String>,
    /// When the last typing step was recorded, while typing continues it.
    typing_since: Option<f64>,
}

impl History {
    /// Records that the text is about to change from `before`, at time `now` (ms).
    pub fn record(&mut self, before: &str, kind: ChangeKind, now: f64) {
        let continues = kind == ChangeKind::Typing
            && self.typing_since.is_some_and(|t| now - t < TYPING_GROUP_MS);
        self.typing_since = (kind == ChangeKind::Typing).then_some(now);
        self.redo.clear();
        if continues || self.undo.last().is_some_and(|last| last == before) {
            return;
        }
        self.undo.push(before.to_string());
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// The text to go back to from `current`, if any.
    pub fn undo(&mut self, current: &str) -> Option<String> {
        let previous = self.undo.pop()?;
        self.redo.push(current.to_string());
        self.typing_since = None;
        Some(previous)
    }

    /// The text to go forward to from `current`, if any.
    pub fn redo(&mut self, current: &str) -> Option<String> {
        let next = self.redo.pop()?;
        self.undo.push(current.to_string());
        self.typing_since = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_groups_and_tools_are_steps_of_their_own() {
        let mut h = History::default();
        h.record("", ChangeKind::Typing, 0.0);
        h.record("a", ChangeKind::Typing, 300.0);
        h.record("ab", ChangeKind::Typing, 600.0);
        h.record("abc", ChangeKind::Tool, 700.0);
        h.record("ABC", ChangeKind::Typing, 5_000.0);
        // The text is now "ABCd".
        assert_eq!(h.undo("ABCd").as_deref(), Some("ABC"));
        assert_eq!(h.undo("ABC").as_deref(), Some("abc"));
        assert_eq!(h.undo("abc").as_deref(), Some(""));
        assert_eq!(h.undo(""), None);
        assert_eq!(h.redo("").as_deref(), Some("abc"));
        assert_eq!(h.redo("abc").as_deref(), Some("ABC"));
        assert_eq!(h.redo("ABC").as_deref(), Some("ABCd"));
        assert!(!h.can_redo());
    }

    #[test]
    fn a_new_change_drops_the_redo_steps_and_old_steps_fall_off() {
        let mut h = History::default();
        h.record("a", ChangeKind::Tool, 0.0);
        assert_eq!(h.undo("b").as_deref(), Some("a"));
        h.record("a", ChangeKind::Tool, 10.0);
        assert!(!h.can_redo());
        for i in 0..MAX_STEPS + 10 {
            h.record(&i.to_string(), ChangeKind::Tool, 0.0);
        }
        let mut steps = 0;
        let mut current = String::from("x");
        while let Some(previous) = h.undo(&current) {
            current = previous;
            steps += 1;
        }
        assert_eq!(steps, MAX_STEPS);
    }
}
