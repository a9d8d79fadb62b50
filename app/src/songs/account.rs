//! The Mureka account on the profile page: balance, spending and how many songs may be made at
//! once, straight from the provider's billing endpoint.

use leptos::prelude::*;

use super::api::mureka_account;
use crate::costs::money;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

#[component]
pub fn MurekaAccount() -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| mureka_account());
    view! {
        <section class="card mureka-account">
            <h2>{t!(i18n, songs.account_title)}</h2>
            <Suspense fallback=move || view! { <p class="muted"><span class="spinner" aria-hidden="true"></span>" "{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Err(error) => view! { <ErrorBanner error /> }.into_any(),
                        Ok(b) => view! {
                            <dl class="facts">
                                <dt>{t!(i18n, songs.account_balance)}</dt>
                                <dd data-testid="mureka-balance">{money(i18n, b.balance as f64 / 100.0, "USD")}</dd>
                                <dt>{t!(i18n, songs.account_spent)}</dt>
                                <dd>{money(i18n, b.total_spending as f64 / 100.0, "USD")}</dd>
                                <dt>{t!(i18n, songs.account_recharged)}</dt>
                                <dd>{money(i18n, b.total_recharge as f64 / 100.0, "USD")}</dd>
                                <dt>{t!(i18n, songs.account_concurrency)}</dt>
                                <dd>{b.concurrent_request_limit}</dd>
                            </dl>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
