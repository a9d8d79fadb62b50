//! A conversation as Markdown, to read rather than to import: the settings, then each message
//! under a heading naming who wrote it, then what the archive holds. Model output is already
//! Markdown and stays as written; the app's own words are in the reader's language.

use shared::locale::Language;

use crate::chat::db::ArchivedRow;
use crate::chat::{ArchiveReason, Conversation, Message, ReplyState, Role};
use crate::i18n::*;

pub fn render(c: &Conversation, archived: &[ArchivedRow], language: Language, now: i64) -> String {
    let locale = match language {
        Language::En => Locale::en,
        Language::De => Locale::de,
    };
    let mut out = String::new();
    let title = if c.title.is_empty() {
        td_string!(locale, chat.untitled).to_string()
    } else {
        c.title.clone()
    };
    out.push_str(&format!("# {title}\n\n"));
    let model = format!("{} · {}", c.provider.label(), c.model);
    out.push_str(&format!(
        "- {}\n- {}\n\n",
        td_string!(locale, chat.export_model, model = model),
        td_string!(locale, chat.export_exported, date = date(now)),
    ));
    if !c.system_context.trim().is_empty() {
        out.push_str(&format!(
            "## {}\n\n{}\n\n",
            td_string!(locale, chat.system_context),
            quoted(&c.system_context)
        ));
    }
    out.push_str("---\n\n");
    for m in &c.messages {
        message(&mut out, locale, m, "##");
    }
    if !archived.is_empty() {
        out.push_str(&format!(
            "---\n\n## {}\n\n",
            td_string!(locale, chat.archive_title)
        ));
        let mut batch = "";
        for a in archived {
            if a.batch_id != batch {
                batch = &a.batch_id;
                let heading = match a.reason {
                    ArchiveReason::Regenerated => td_string!(locale, chat.archive_regenerated),
                    ArchiveReason::Edited => td_string!(locale, chat.archive_edited),
                    ArchiveReason::Compressed => td_string!(locale, chat.archive_compressed),
                };
                out.push_str(&format!("### {heading} ({})\n\n", date(a.archived_at)));
            }
            message(&mut out, locale, &a.message, "####");
        }
    }
    out
}

fn message(out: &mut String, locale: Locale, m: &Message, level: &str) {
    let who = match m.role {
        Role::User => td_string!(locale, chat.you),
        Role::Assistant => td_string!(locale, chat.model),
        Role::Summary => td_string!(locale, chat.summary),
    };
    let note = match m.state {
        ReplyState::Done | ReplyState::Streaming => None,
        ReplyState::Stopped => Some(td_string!(locale, chat.reply_stopped)),
        ReplyState::Failed => Some(td_string!(locale, chat.reply_failed)),
        ReplyState::Interrupted => Some(td_string!(locale, chat.reply_interrupted)),
    };
    out.push_str(&format!(
        "{level} {who} · {}\n\n{}\n\n",
        date(m.created_at),
        m.content.trim_end()
    ));
    if let Some(note) = note {
        out.push_str(&format!("_{note}_\n\n"));
    }
}

fn quoted(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A moment in UTC, to the minute.
fn date(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}
