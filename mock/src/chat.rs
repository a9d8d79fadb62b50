//! What the mock's two chat APIs share: its tokenizer, Ollama's context window, the reply and
//! the pace at which it streams.
//!
//! Scenarios, read from the last user message: `0002` is refused as an invalid key, `0003`
//! fails halfway through the stream, `30s` waits the slow delay before the first token,
//! `long:N` asks for a reply of N words (for stopping and following a long reply),
//! `recall:system` for the system messages the model saw, and a lyric section request gets
//! the section back line by line (see [`lyric_section`]).

use std::time::Duration;

use futures::Stream;

/// Tokens a message costs beyond its words (role markers).
const MESSAGE_OVERHEAD: u64 = 4;
/// The longest reply `long:N` gives.
const MAX_LONG_WORDS: usize = 5_000;

/// The mock's tokenizer: one token per three characters of each word, at least one. It counts
/// long words higher than the app's estimate does, as a real vocabulary may.
pub fn tokens(text: &str) -> u64 {
    text.split_whitespace()
        .map(|w| (w.chars().count() as u64).div_ceil(3).max(1))
        .sum()
}

/// One chat message: its role and its text.
pub struct Turn<'a> {
    pub role: &'a str,
    pub text: &'a str,
}

/// The prompt tokens the model sees once the prompt is fitted into `num_ctx`, as Ollama
/// fits it: whole messages are dropped from the front (system messages and the last message
/// are kept), then what is still too long is cut to the window. A prompt that fits is counted
/// whole.
pub fn fit_window(turns: &[Turn], num_ctx: u64) -> u64 {
    let cost = |t: &Turn| tokens(t.text) + MESSAGE_OVERHEAD;
    let mut total: u64 = turns.iter().map(cost).sum();
    let last = turns.len().saturating_sub(1);
    for (i, turn) in turns.iter().enumerate() {
        if total <= num_ctx {
            break;
        }
        if i != last && turn.role != "system" {
            total -= cost(turn);
        }
    }
    total.min(num_ctx)
}

/// The whole prompt's tokens, unfitted (OpenAI refuses a prompt over the model's window).
pub fn prompt_tokens(turns: &[Turn]) -> u64 {
    turns
        .iter()
        .map(|t| tokens(t.text) + MESSAGE_OVERHEAD)
        .sum()
}

/// The reply to a conversation whose last user message is `text`: `recall:system` answers
/// with the system messages the model was given (so a test can see what survived), anything
/// else as [`reply`] does.
pub fn reply_to(turns: &[Turn], text: &str) -> String {
    if let Some(section) = lyric_section(text) {
        return section;
    }
    if !text.contains("recall:system") {
        return reply(text);
    }
    let system: Vec<String> = turns
        .iter()
        .filter(|t| t.role == "system")
        .map(|t| t.text.chars().take(200).collect())
        .collect();
    format!("System: {}", system.join(" | "))
}

/// The lyric studio's section requests ("The section (Verse 1):" followed by its lines, then
/// the instruction): the section with each line rewritten as `Mock: <line>`, plus `Mock new
/// line k` lines when the instruction asks for "exactly N new lines". Recognisable, and shaped
/// like a model's answer to such a request.
fn lyric_section(text: &str) -> Option<String> {
    let start = text.find("\nThe section (")?;
    let rest = &text[start + 1..];
    let body_start = rest.find("):\n")? + 3;
    let body = &rest[body_start..];
    let (lines, instruction) = body.split_once("\n\n").unwrap_or((body, ""));
    let mut out: Vec<String> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("Mock: {}", l.trim()))
        .collect();
    let added = instruction
        .split("exactly ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    out.extend((1..=added.min(50)).map(|k| format!("Mock new line {k}")));
    Some(out.join("\n"))
}

/// The reply to `text`: a recognisable echo, or N numbered words for `long:N`.
pub fn reply(text: &str) -> String {
    if let Some(n) = long_words(text) {
        return (1..=n)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ");
    }
    reply_for(text)
}

/// A deterministic reply a test can recognise.
pub fn reply_for(text: &str) -> String {
    let short: String = text.chars().take(200).collect();
    format!("Mock reply: {short}")
}

fn long_words(text: &str) -> Option<usize> {
    let rest = &text[text.find("long:")? + 5..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().ok().map(|n| n.min(MAX_LONG_WORDS))
}

/// The reply's stream pieces: its words (each with the space after it), cut to `max_tokens`
/// when given. Returns the pieces and whether the cut happened (`done_reason: "length"`).
pub fn pieces(reply: &str, max_tokens: Option<u64>) -> (Vec<String>, bool) {
    let mut used = 0;
    let mut out = Vec::new();
    for word in reply.split_inclusive(' ') {
        let cost = tokens(word).max(1);
        if max_tokens.is_some_and(|max| used + cost > max) {
            return (out, true);
        }
        used += cost;
        out.push(word.to_string());
    }
    (out, false)
}

/// One item of a streamed reply.
pub enum Piece {
    Text(String),
    /// The `0003` scenario's failure, halfway through.
    Fail,
    /// The end (the caller knows whether the reply was cut at the length limit).
    Done,
}

/// The reply as a stream paced at `interval` per piece, as a model generates it.
pub fn paced(
    words: Vec<String>,
    fail_halfway: bool,
    interval: Duration,
) -> impl Stream<Item = Piece> + Send {
    let mut items: Vec<Piece> = words.into_iter().map(Piece::Text).collect();
    if fail_halfway {
        items.truncate(items.len() / 2);
        items.push(Piece::Fail);
    } else {
        items.push(Piece::Done);
    }
    futures::stream::unfold(
        (items.into_iter(), true),
        move |(mut rest, first)| async move {
            let item = rest.next()?;
            if !first && !interval.is_zero() {
                tokio::time::sleep(interval).await;
            }
            Some((item, (rest, false)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn<'a>(role: &'a str, text: &'a str) -> Turn<'a> {
        Turn { role, text }
    }

    #[test]
    fn a_prompt_over_the_window_loses_whole_messages_from_the_front() {
        let long = "abcdef ".repeat(100); // 200 tokens + 4
        let turns = [
            turn("system", "be brief"), // 3 + 4
            turn("user", &long),
            turn("assistant", &long),
            turn("user", "last question"), // 5 + 4
        ];
        assert_eq!(prompt_tokens(&turns), 7 + 204 + 204 + 9);
        assert_eq!(fit_window(&turns, 1000), 424, "fits: counted whole");
        assert_eq!(
            fit_window(&turns, 300),
            7 + 204 + 9,
            "the first user turn dropped"
        );
        assert_eq!(fit_window(&turns, 100), 16, "system and last message kept");
        assert_eq!(
            fit_window(&[turn("user", &long)], 50),
            50,
            "cut to the window"
        );
    }

    #[test]
    fn long_replies_and_length_limits() {
        assert_eq!(reply("long:3 please"), "word1 word2 word3");
        assert!(reply("hello").starts_with("Mock reply: hello"));
        let (words, cut) = pieces("one two three four", Some(2));
        assert_eq!((words.len(), cut), (2, true));
        assert_eq!(
            pieces("one two", None),
            (vec!["one ".into(), "two".into()], false)
        );
    }
}
