//! Which messages a summary replaces when a conversation nears its window: the oldest ones,
//! while the most recent exchanges stay verbatim. Both sides run it, so the meter can say
//! whether compressing would help before anyone asks the model.

use std::ops::Range;

/// The shares that decide a split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitRules {
    /// The most recent messages kept verbatim: the last exchanges (user and reply).
    pub keep_last: usize,
    /// The most their tokens may take; fewer are kept when the recent ones are long (the very
    /// last message always stays).
    pub keep_budget: u32,
    /// The most the summarised messages may take, so the summarising prompt itself fits the
    /// window; what does not fit stays for the next compression.
    pub summary_budget: u32,
}

impl SplitRules {
    /// The rules for a conversation with a `window`-token context, summarised by a prompt of
    /// `instructions` tokens that may answer with up to `summary_tokens`.
    pub fn for_window(window: u32, instructions: u32, summary_tokens: u32) -> SplitRules {
        SplitRules {
            keep_last: 4,
            keep_budget: window / 3,
            summary_budget: window.saturating_sub(instructions + summary_tokens + window / 20),
        }
    }
}

/// The messages (by index) a summary replaces, given each message's tokens; `None` when fewer
/// than two would go, as one summary for one message saves nothing worth a model call.
pub fn split(costs: &[u32], rules: &SplitRules) -> Option<Range<usize>> {
    let mut keep = rules
        .keep_last
        .clamp(1, costs.len().max(1))
        .min(costs.len());
    while keep > 1 && costs[costs.len() - keep..].iter().sum::<u32>() > rules.keep_budget {
        keep -= 1;
    }
    let mut end = costs.len() - keep;
    while end > 0 && costs[..end].iter().sum::<u32>() > rules.summary_budget {
        end -= 1;
    }
    (end >= 2).then_some(0..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: SplitRules = SplitRules {
        keep_last: 4,
        keep_budget: 300,
        summary_budget: 1000,
    };

    #[test]
    fn the_oldest_go_and_the_last_two_exchanges_stay() {
        assert_eq!(split(&[50; 10], &RULES), Some(0..6));
        assert_eq!(
            split(&[100; 10], &RULES),
            Some(0..7),
            "three fit the budget"
        );
    }

    #[test]
    fn long_recent_messages_are_kept_fewer_but_the_last_always() {
        assert_eq!(split(&[50, 50, 50, 200, 200], &RULES), Some(0..4));
        assert_eq!(split(&[50, 50, 50, 900], &RULES), Some(0..3));
    }

    #[test]
    fn what_would_not_fit_the_summarising_prompt_waits_for_the_next_time() {
        assert_eq!(split(&[600, 600, 600, 10, 10], &RULES), None);
        assert_eq!(split(&[400, 400, 400, 10, 10, 10, 10], &RULES), Some(0..2));
    }

    #[test]
    fn too_little_to_summarise_is_none() {
        assert_eq!(split(&[], &RULES), None);
        assert_eq!(split(&[10, 10, 10, 10, 10], &RULES), None);
        assert_eq!(split(&[10; 6], &RULES), Some(0..2));
    }

    #[test]
    fn rules_leave_room_for_the_instructions_and_the_summary() {
        let r = SplitRules::for_window(2048, 100, 600);
        assert_eq!(
            (r.keep_budget, r.summary_budget),
            (682, 2048 - 100 - 600 - 102)
        );
    }
}
