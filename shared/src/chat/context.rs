//! Context-window arithmetic: how many tokens the next prompt will take, whether it fits the
//! model's window, and whether a provider's count shows that it dropped part of the prompt.
//!
//! No provider offers a tokenizer endpoint, so a prompt is estimated before sending and
//! measured after (Ollama's `prompt_eval_count`, OpenAI's `usage.prompt_tokens`). The estimate
//! leans high on purpose: refusing a prompt that would have fitted is a nuisance, sending one
//! that silently loses the user's instructions is the failure this module exists to prevent.
//! Once a turn has been measured, the next estimate starts from that measurement, so the
//! guesswork covers only the newest messages.

/// Tokens each message costs beyond its text (role markers and separators in chat templates).
pub const MESSAGE_OVERHEAD: u32 = 4;
/// Tokens that open the reply (the assistant's role marker).
pub const REPLY_PRIMER: u32 = 3;
/// Share of the window at which the meter warns, and at which it warns urgently (percent).
pub const WARN_PERCENT: u32 = 75;
pub const URGENT_PERCENT: u32 = 90;

/// Tokens `text` is estimated to take. Per word: one token per four ASCII characters (at
/// least one), and one per other character (umlauts, CJK and emoji cost a token or more in
/// common vocabularies).
pub fn estimate_tokens(text: &str) -> u32 {
    text.split_whitespace()
        .map(|word| {
            let ascii = word.bytes().filter(u8::is_ascii).count() as u32;
            let other = word.chars().filter(|c| !c.is_ascii()).count() as u32;
            ascii.div_ceil(4).max(u32::from(ascii > 0)) + other
        })
        .sum()
}

/// One message's estimated cost in a prompt.
pub fn estimate_message(text: &str) -> u32 {
    estimate_tokens(text) + MESSAGE_OVERHEAD
}

/// What the provider counted for the last finished turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// The prompt as the provider counted it.
    pub prompt: u32,
    /// The reply as the provider counted it.
    pub reply: u32,
}

/// The next prompt's estimated size. `system` and `messages` are the whole conversation as it
/// will be sent (the new user message last); `measured` is the last finished turn's count and
/// `measured_upto` how many of `messages` (from the front) that turn's prompt and reply held.
pub fn estimate_prompt(
    system: &str,
    messages: &[&str],
    measured: Option<(Measured, usize)>,
) -> u32 {
    let fresh = |from: usize| -> u32 {
        messages[from.min(messages.len())..]
            .iter()
            .map(|m| estimate_message(m))
            .sum()
    };
    match measured {
        // The measured prompt already holds the system context and everything before the reply.
        Some((m, upto)) => m.prompt + m.reply + MESSAGE_OVERHEAD + fresh(upto) + REPLY_PRIMER,
        None => {
            let system = if system.trim().is_empty() {
                0
            } else {
                estimate_message(system)
            };
            system + fresh(0) + REPLY_PRIMER
        }
    }
}

/// How full the window is, as the meter shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    /// At or above [`WARN_PERCENT`].
    Warn,
    /// At or above [`URGENT_PERCENT`].
    Urgent,
    /// The prompt and the room reserved for the reply do not fit.
    Full,
}

/// The meter's reading for `used` tokens of `window`.
pub fn level(used: u32, window: u32) -> Level {
    let percent = percent(used, window);
    if used > window {
        Level::Full
    } else if percent >= URGENT_PERCENT {
        Level::Urgent
    } else if percent >= WARN_PERCENT {
        Level::Warn
    } else {
        Level::Ok
    }
}

/// `used` as a whole percentage of `window` (rounded down; 100 and more when over).
pub fn percent(used: u32, window: u32) -> u32 {
    if window == 0 {
        return 100;
    }
    (u64::from(used) * 100 / u64::from(window)) as u32
}

/// Whether a prompt of `prompt` tokens leaves room for a reply of up to `reply_room` tokens.
pub fn fits(prompt: u32, reply_room: u32, window: u32) -> bool {
    u64::from(prompt) + u64::from(reply_room) <= u64::from(window)
}

/// The room kept free for the reply: the conversation's maximum reply length, but never more
/// than a quarter of the window (a long maximum must not make every prompt "too big").
pub fn reply_room(max_reply: u32, window: u32) -> u32 {
    max_reply.min(window / 4)
}

/// Whether the provider's count shows that it dropped part of the prompt. `floor` is what the
/// prompt certainly held: the last measured prompt and its reply, all sent again (0 before any
/// measurement). A count clearly below that (5 % slack for a reply tokenized anew as part of a
/// prompt), or one that fills the whole window, means whole messages or tokens were cut. The
/// floor is measured, not estimated, so an estimate that leans high never raises a false alarm.
pub fn truncated(floor: u32, measured_prompt: u32, window: u32) -> bool {
    u64::from(measured_prompt) * 20 < u64::from(floor) * 19 || measured_prompt >= window
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_lean_high_for_short_words_and_other_scripts() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("a b c"), 3);
        assert_eq!(estimate_tokens("songwriting"), 3);
        assert_eq!(estimate_tokens("Größe"), 3);
        assert_eq!(estimate_tokens("歌詞"), 2);
        assert_eq!(estimate_message("hi"), 1 + MESSAGE_OVERHEAD);
    }

    #[test]
    fn a_measured_turn_replaces_the_guess_for_what_it_covered() {
        let messages = ["first question", "first answer", "second question"];
        let guessed = estimate_prompt("Be brief.", &messages, None);
        assert_eq!(
            guessed,
            estimate_message("Be brief.")
                + messages.iter().map(|m| estimate_message(m)).sum::<u32>()
                + REPLY_PRIMER
        );
        let measured = Measured {
            prompt: 40,
            reply: 100,
        };
        assert_eq!(
            estimate_prompt("Be brief.", &messages, Some((measured, 2))),
            40 + 100 + MESSAGE_OVERHEAD + estimate_message("second question") + REPLY_PRIMER
        );
    }

    #[test]
    fn the_meter_warns_at_three_quarters_and_nine_tenths() {
        assert_eq!(level(0, 1000), Level::Ok);
        assert_eq!(level(749, 1000), Level::Ok);
        assert_eq!(level(750, 1000), Level::Warn);
        assert_eq!(level(900, 1000), Level::Urgent);
        assert_eq!(level(1000, 1000), Level::Urgent);
        assert_eq!(level(1001, 1000), Level::Full);
        assert_eq!(percent(5, 0), 100);
    }

    #[test]
    fn the_reply_keeps_its_room_but_not_more_than_a_quarter() {
        assert_eq!(reply_room(512, 8192), 512);
        assert_eq!(reply_room(100_000, 8192), 2048);
        assert!(fits(7680, 512, 8192));
        assert!(!fits(7681, 512, 8192));
    }

    #[test]
    fn a_count_clearly_below_what_was_resent_or_at_the_window_is_truncation() {
        assert!(
            !truncated(1000, 960, 4096),
            "a reply tokenized anew may count a little less"
        );
        assert!(!truncated(1000, 1200, 4096));
        assert!(!truncated(0, 10, 4096), "a first turn has no floor");
        assert!(truncated(1000, 700, 4096));
        assert!(
            truncated(0, 4096, 4096),
            "a prompt that fills the window was cut"
        );
    }
}
