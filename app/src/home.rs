//! The start page after signing in.

use leptos::prelude::*;

use crate::auth::use_session;
use crate::i18n::*;
use crate::ui::layout::Page;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_session();
    let name = move || {
        ctx.session
            .get()
            .and_then(|s| s.ok())
            .and_then(|s| s.user)
            .map(|u| u.display_name())
            .unwrap_or_default()
    };
    view! {
        <Page title=crate::tr!(i18n, home.title)>
            <p class="lead">{move || t_string!(i18n, home.greeting, name = name()).to_string()}</p>
            <p class="muted">{t!(i18n, home.intro)}</p>
            <div class="card-grid">
                <section class="card">
                    <h2>{t!(i18n, home.profile_title)}</h2>
                    <p>{t!(i18n, home.profile_body)}</p>
                    <a class="button" href="/profile">{t!(i18n, home.profile_link)}</a>
                </section>
                <section class="card">
                    <h2>{t!(i18n, home.language_title)}</h2>
                    <p>{t!(i18n, home.language_body)}</p>
                </section>
            </div>
        </Page>
    }
}
