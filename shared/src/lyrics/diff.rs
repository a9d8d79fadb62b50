//! A line diff between a section and an AI suggestion for it, so the writer sees what would
//! change before accepting it.
//!
//! Longest common subsequence over lines: sections are a few dozen lines, so the quadratic
//! table is tiny; above [`MAX_DIFF_LINES`] the diff degrades to "all removed, all added"
//! rather than spend memory.

use serde::{Deserialize, Serialize};

/// What happened to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineChange {
    Same,
    Removed,
    Added,
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: LineChange,
    pub text: String,
}

/// Largest side diffed line by line.
pub const MAX_DIFF_LINES: usize = 2_000;

/// The lines of `before` and `after` in order, each marked same, removed or added; removed
/// lines come before the lines added in their place.
pub fn line_diff(before: &str, after: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let line = |change, text: &str| DiffLine {
        change,
        text: text.to_string(),
    };
    if a.len() > MAX_DIFF_LINES || b.len() > MAX_DIFF_LINES {
        let removed = a.iter().map(|t| line(LineChange::Removed, t));
        return removed
            .chain(b.iter().map(|t| line(LineChange::Added, t)))
            .collect();
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(line(LineChange::Same, a[i]));
            i += 1;
            j += 1;
        } else if j == b.len() || (i < a.len() && lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(line(LineChange::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(LineChange::Added, b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(diff: &[DiffLine]) -> String {
        diff.iter()
            .map(|d| match d.change {
                LineChange::Same => '=',
                LineChange::Removed => '-',
                LineChange::Added => '+',
            })
            .collect()
    }

    #[test]
    fn changed_lines_are_removed_then_added() {
        let diff = line_diff("one\ntwo\nthree", "one\n2\nthree\nfour");
        assert_eq!(marks(&diff), "=-+=+");
        assert_eq!(diff[2].text, "2");
        assert_eq!(diff[4].text, "four");
    }

    #[test]
    fn edge_cases() {
        assert!(line_diff("", "").is_empty());
        assert_eq!(marks(&line_diff("", "a\nb")), "++");
        assert_eq!(marks(&line_diff("a\nb", "")), "--");
        assert_eq!(marks(&line_diff("a\nb", "a\nb")), "==");
    }
}
