//! The account menu in the header: who is signed in, profile, shortcuts, sign out.
//!
//! Built on `<details>` so it opens by keyboard and without WASM; sign-out is a real form.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::api::Logout;
use crate::auth::{session_action, use_session};
use crate::i18n::*;
use crate::ui::shortcuts::ShortcutsOpen;

#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_session();
    let logout = session_action::<Logout>();
    let shortcuts = use_context::<ShortcutsOpen>();
    let details = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(el) = details.get_untracked() {
            el.set_open(false);
        }
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let session = ctx.session.await.ok().unwrap_or_default();
                match session.user {
                    None if session.needs_setup => ().into_any(),
                    None => view! {
                        <A href="/login" attr:class="button button-quiet">{t!(i18n, menu.sign_in)}</A>
                    }.into_any(),
                    Some(user) => {
                        let initial = user.display_name().chars().next().unwrap_or('?').to_uppercase().to_string();
                        view! {
                            <details
                                class="user-menu"
                                node_ref=details
                                on:keydown=move |ev| if ev.key() == "Escape" { close() }
                            >
                                // Named by what it shows (the user's name) plus what it is, so
                                // a voice user can say what they see.
                                <summary>
                                    <span class="avatar" aria-hidden="true">{initial}</span>
                                    <span class="user-name">{user.display_name()}</span>
                                    <span class="visually-hidden">{t!(i18n, menu.account)}</span>
                                </summary>
                                <div class="menu-panel" on:click=move |_| close()>
                                    <p class="menu-caption">
                                        {t!(i18n, menu.signed_in_as)}<br /><strong title=user.email.clone()>{user.email.clone()}</strong>
                                    </p>
                                    <A href="/profile" attr:class="menu-item">{t!(i18n, menu.profile)}</A>
                                    {shortcuts.map(|open| view! {
                                        <button type="button" class="menu-item" on:click=move |_| open.0.set(true)>
                                            {t!(i18n, menu.shortcuts)}
                                        </button>
                                    })}
                                    <ActionForm action=logout attr:class="menu-form">
                                        <button type="submit" class="menu-item">{t!(i18n, menu.sign_out)}</button>
                                    </ActionForm>
                                </div>
                            </details>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
