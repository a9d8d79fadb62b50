//! The Mureka account on the profile page: balance, spending and how many songs may be made at
//! once, straight from the provider's billing endpoint.

use leptos::prelude::*;

use super::api::mureka_account;
use crate::costs::money;
use crate::i18n::*;
use crate::ui::async_card::AsyncCard;

#[component]
pub fn MurekaAccount() -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| mureka_account());
    view! {
        <AsyncCard
            title=crate::tr!(i18n, songs.account_title)
            class="mureka-account"
            data=account
            content=move |b| view! {
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
            }
        />
    }
}
