//! Model output as HTML: Markdown rendered with everything a reply may not do taken out.
//!
//! A model repeats what it was shown, so its output is as untrusted as a stranger's: raw HTML
//! in it is shown as text, never passed through; images become links (a reply must not load
//! anything by itself); only `http`, `https` and `mailto` links survive, and they open in a new
//! tab without access to this one. The same function runs on the server (the page) and in the
//! browser (a streaming reply), so both show the same markup.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Renders `text` as safe HTML. `copy_label` is the text of the copy button each code block
/// gets (its handler is the page's).
pub fn to_safe_html(text: &str, copy_label: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut link_open = Vec::new();
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            let open = safe_href(&dest_url).map(|href| {
                format!(r#"<a href="{href}" target="_blank" rel="noopener noreferrer nofollow">"#)
            });
            link_open.push(open.is_some());
            Event::InlineHtml(CowStr::from(open.unwrap_or_default()))
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            let close = if link_open.pop().unwrap_or(false) { "</a>" } else { "" };
            Event::InlineHtml(CowStr::from(close))
        }
        Event::Start(Tag::CodeBlock(kind)) => {
            let language = match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(escape),
                CodeBlockKind::Indented => None,
            };
            let class = language
                .filter(|l| !l.is_empty())
                .map(|l| format!(r#" class="language-{l}""#))
                .unwrap_or_default();
            Event::Html(CowStr::from(format!(
                r#"<div class="code-block"><button type="button" class="copy-code">{}</button><pre><code{class}>"#,
                escape(copy_label)
            )))
        }
        Event::End(TagEnd::CodeBlock) => Event::Html(CowStr::from("</code></pre></div>")),
        other => other,
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The link target when it is one a reply may point to, escaped for an attribute.
fn safe_href(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    allowed.then(|| escape(url.trim()))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        to_safe_html(text, "Copy")
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = html("Hi <script>alert(1)</script> and <img src=x onerror=alert(2)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        let block = html("<div onclick=\"x()\">\nblock\n</div>\n");
        assert!(!block.contains("<div onclick"), "{block}");
    }

    #[test]
    fn links_open_in_a_new_tab_and_only_web_and_mail_links_survive() {
        let out = html("[site](https://example.org/a?b=1&c=\"2\") [bad](javascript:alert(1))");
        assert!(out.contains(r#"<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" target="_blank" rel="noopener noreferrer nofollow">site</a>"#), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("bad"), "the text stays: {out}");
        let auto = html("<https://example.org>");
        assert!(auto.contains(r#"href="https://example.org""#), "{auto}");
    }

    #[test]
    fn images_become_links_and_load_nothing() {
        let out = html("![a cat](https://example.org/cat.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains(r#"<a href="https://example.org/cat.png""#),
            "{out}"
        );
        assert!(out.contains("a cat"), "{out}");
    }

    #[test]
    fn code_blocks_tables_and_lists_render() {
        let out = html("# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nlet x = \"<b>\";\n```\n");
        assert!(out.contains("<h1>Title</h1>"), "{out}");
        assert!(out.contains("<li>one</li>"), "{out}");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains(r#"<button type="button" class="copy-code">Copy</button><pre><code class="language-rust">let x = "&lt;b&gt;";"#), "{out}");
        let hostile = html("```\"><script>x</script>\ncode\n```");
        assert!(!hostile.contains("<script"), "{hostile}");
    }
}
