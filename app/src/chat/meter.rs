//! The context meter: how much of the model's window the conversation fills, from the
//! provider's own counts once there are any, and whether the message being typed still fits.

use leptos::prelude::*;
use shared::chat::context::{self, Level};

use crate::i18n::*;
use crate::ui::number::whole;

/// `used` of `window` tokens, a bar, and a warning from three quarters on. `measured` says
/// whether `used` is the provider's count (else it is an estimate, marked "about").
#[component]
pub fn ContextMeter(
    #[prop(into)] used: Signal<u32>,
    #[prop(into)] measured: Signal<bool>,
    #[prop(into)] window: Signal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let level = move || context::level(used.get(), window.get());
    let percent = move || context::percent(used.get(), window.get()).min(100);
    let class = move || match level() {
        Level::Ok => "meter",
        Level::Warn => "meter meter-warn",
        Level::Urgent | Level::Full => "meter meter-urgent",
    };
    let text = move || {
        let (used, total) = (
            whole(i18n, u64::from(used.get())),
            whole(i18n, u64::from(window.get())),
        );
        if measured.get() {
            t_string!(i18n, chat.meter, used = used, total = total).to_string()
        } else {
            t_string!(i18n, chat.meter_estimated, used = used, total = total).to_string()
        }
    };
    let warning = move || match level() {
        Level::Ok => None,
        Level::Warn => Some(t_string!(i18n, chat.meter_warn).to_string()),
        Level::Urgent | Level::Full => Some(t_string!(i18n, chat.meter_urgent).to_string()),
    };
    view! {
        <div class=class data-testid="context-meter">
            <span class="meter-text">{text}</span>
            <meter min="0" max="100" low="75" high="90" optimum="0" value=percent
                aria-label=move || t_string!(i18n, chat.meter_label)></meter>
            {move || warning().map(|w| view! { <span class="meter-warning" role="status">{w}</span> })}
        </div>
    }
}

/// Compresses the older messages now: offered beside the meter once there is enough to
/// summarise, and by the composer when a message would not fit. Works without scripts (the
/// form posts and the page comes back compressed).
#[component]
pub fn CompressButton(open: super::open::OpenConversation) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<crate::error::AppError>);
    let working = RwSignal::new(false);
    let conversation_id = open.conversation.with_untracked(|c| c.id.clone());
    // The most recent exchanges stay, so a summary needs at least two messages before them.
    let worth_it = move || open.conversation.with(|c| c.messages.len() >= 6);
    let submit = {
        let conversation_id = conversation_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            working.set(true);
            let id = conversation_id.clone();
            leptos::task::spawn_local(async move {
                let done = super::history::compress_conversation(id).await;
                working.set(false);
                open.changed(done, error);
            });
        }
    };
    view! {
        <Show when=worth_it>
            <form method="post" action="/api/compress_conversation" class="inline-form compress-form" on:submit=submit.clone()>
                <input type="hidden" name="conversation_id" value=conversation_id.clone() />
                <button type="submit" class="button button-small" aria-busy=move || working.get().to_string()
                    disabled=move || working.get() || open.streaming.get().is_some()>
                    {move || working.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                    {move || if working.get() { t_string!(i18n, chat.compressing) } else { t_string!(i18n, chat.compress) }}
                </button>
                {move || error.get().map(|error| view! { <crate::ui::form::ErrorBanner error /> })}
            </form>
        </Show>
    }
}
