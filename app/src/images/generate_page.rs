//! `/images/new`: prompt, optional enhancement, style options, size and quality; the result
//! appears beside the form when it is ready.

use leptos::prelude::*;
use shared::images::{self as rules, StyleGroup};

use super::api::{EnhanceImagePrompt, GenerateImage};
use super::labels::{group_label, option_label, quality_label};
use super::ImageDetail;
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::ui::form::ActionError;
use crate::ui::form_check::FormCheck;
use crate::ui::layout::Page;
use crate::ui::progress::Elapsed;

#[component]
pub fn GeneratePage() -> impl IntoView {
    let i18n = use_i18n();
    let prompt = RwSignal::new(String::new());
    let enhanced = RwSignal::new(String::new());
    // The idea the enhanced prompt was written for: once the idea changes, the enhancement is
    // stale and is not sent unless the user keeps it.
    let enhanced_for = RwSignal::new(String::new());
    // The idea an enhancement was asked for, until its answer arrives.
    let requested_for = StoredValue::new(String::new());
    let stale = Memo::new(move |_| {
        !enhanced.with(String::is_empty)
            && prompt.with(|p| enhanced_for.with(|f| p.trim() != f.trim()))
    });
    // The newest image stays on screen while the next one is made, and when that one fails.
    let last_image = RwSignal::new(None::<ImageDetail>);
    let enhance = ServerAction::<EnhanceImagePrompt>::new();
    let generate = ServerAction::<GenerateImage>::new();
    let checked = FormCheck::new(|s: &GenerateImage| super::request::check(&s.request).map(drop));
    // A finished enhancement fills the editable field.
    Effect::watch(
        move || enhance.version().get(),
        move |_, _, _| {
            if let Some(Ok(text)) = enhance.value().get_untracked() {
                enhanced.set(text);
                enhanced_for.set(requested_for.get_value());
            }
        },
        false,
    );
    Effect::watch(
        move || generate.version().get(),
        move |_, _, _| {
            if let Some(Ok(image)) = generate.value().get_untracked() {
                last_image.set(Some(image));
            }
        },
        false,
    );
    let on_enhance = move |_| {
        let idea = prompt.get_untracked();
        requested_for.set_value(idea.clone());
        enhance.dispatch(EnhanceImagePrompt { prompt: idea });
    };
    view! {
        <Page title=crate::tr!(i18n, images.generate_title)>
            <DemoBanner />
            <div class="split">
                <ActionForm action=generate attr:class="form card" attr:aria-busy=move || generate.pending().get().to_string()
                    on:submit:capture=checked.on_submit() on:input=checked.on_input()>
                    <div class="field">
                        <label for="img-prompt">{t!(i18n, images.prompt)}</label>
                        <textarea id="img-prompt" name="request[prompt]" rows="4" required
                            maxlength=rules::PROMPT_MAX_CHARS
                            placeholder=move || t_string!(i18n, images.prompt_placeholder)
                            prop:value=move || prompt.get()
                            on:input=move |ev| prompt.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="inline-actions">
                        <button type="button" class="button" on:click=on_enhance
                            disabled=move || enhance.pending().get() || prompt.with(|p| p.trim().is_empty())>
                            {move || if enhance.pending().get() {
                                view! { <span class="spinner" aria-hidden="true"></span>{t!(i18n, images.enhancing)} }.into_any()
                            } else {
                                t!(i18n, images.enhance).into_any()
                            }}
                        </button>
                        <span class="hint">{t!(i18n, images.enhance_hint)}</span>
                    </div>
                    <ActionError value=enhance.value() />
                    <Show when=move || !enhanced.with(String::is_empty)>
                        <div class="field" class:stale=move || stale.get()>
                            <label for="img-enhanced">{t!(i18n, images.enhanced_prompt)}</label>
                            // A stale enhancement has no name, so the form does not send it.
                            <textarea id="img-enhanced" rows="5"
                                name=move || (!stale.get()).then_some("request[enhanced_prompt]")
                                maxlength=rules::PROMPT_MAX_CHARS
                                aria-describedby="img-enhanced-hint"
                                prop:value=move || enhanced.get()
                                on:input=move |ev| enhanced.set(event_target_value(&ev))></textarea>
                            {move || if stale.get() {
                                view! {
                                    <p class="hint banner-warn" id="img-enhanced-hint" data-testid="enhanced-stale">
                                        {t!(i18n, images.enhanced_stale)}" "
                                        <button type="button" class="button button-quiet"
                                            on:click=move |_| enhanced_for.set(prompt.get_untracked())>
                                            {t!(i18n, images.enhanced_keep)}
                                        </button>
                                    </p>
                                }.into_any()
                            } else {
                                view! { <p class="hint" id="img-enhanced-hint">{t!(i18n, images.enhanced_hint)}</p> }.into_any()
                            }}
                        </div>
                    </Show>
                    <fieldset class="plain-fieldset">
                        <legend>{t!(i18n, images.style_legend)}</legend>
                        <div class="form-grid">
                            {rules::STYLE_GROUPS.iter().map(|g| view! { <StyleSelect group=g /> }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="form-row">
                        <div class="field">
                            <label for="img-size">{t!(i18n, fields.size)}</label>
                            <select id="img-size" name="request[size]">
                                {rules::SIZES.iter().map(|s| view! { <option value=*s>{size_label(s)}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="img-quality">{t!(i18n, fields.quality)}</label>
                            <select id="img-quality" name="request[quality]">
                                {rules::QUALITIES.iter().map(|q| view! {
                                    <option value=*q selected=*q == "medium">{move || quality_label(i18n, q)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label for="img-title">{t!(i18n, fields.title)}</label>
                            <input id="img-title" name="request[title]" maxlength=rules::TITLE_MAX_CHARS />
                        </div>
                        <div class="field">
                            <label for="img-tags">{t!(i18n, fields.tags)}</label>
                            <input id="img-tags" name="request[tags]" placeholder=move || t_string!(i18n, images.tags_placeholder) />
                        </div>
                    </div>
                    {checked.problem()}
                    <ActionError value=generate.value() />
                    <button type="submit" class="button button-primary" disabled=move || generate.pending().get()>
                        {move || if generate.pending().get() {
                            view! { <span class="spinner" aria-hidden="true"></span>{t!(i18n, images.generating)}" "<Elapsed /> }.into_any()
                        } else {
                            t!(i18n, images.generate).into_any()
                        }}
                    </button>
                </ActionForm>
                <section class="result-panel" aria-live="polite">
                    {move || match (last_image.get(), generate.pending().get()) {
                        (Some(image), pending) => view! {
                            {pending.then(|| view! {
                                <p class="banner banner-info" role="status">{t!(i18n, images.generating_hint)}</p>
                            })}
                            <GeneratedResult image />
                        }.into_any(),
                        (None, true) => view! {
                            <div class="placeholder-tile pulse" role="status">{t!(i18n, images.generating_hint)}</div>
                        }.into_any(),
                        (None, false) => view! { <div class="placeholder-tile">{t!(i18n, images.result_empty)}</div> }.into_any(),
                    }}
                </section>
            </div>
        </Page>
    }
}

#[component]
fn StyleSelect(group: &'static StyleGroup) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("img-{}", group.key);
    view! {
        <div class="field">
            <label for=id.clone()>{move || group_label(i18n, group.key)}</label>
            <select id=id name=format!("request[{}]", group.key)>
                <option value="">{t!(i18n, images.no_preference)}</option>
                {group.options.iter().map(|(value, _)| view! {
                    <option value=*value>{move || option_label(i18n, value)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn GeneratedResult(image: ImageDetail) -> impl IntoView {
    let i18n = use_i18n();
    let alt = if image.title.is_empty() {
        image.user_prompt.clone()
    } else {
        image.title.clone()
    };
    view! {
        <figure class="result">
            <img src=image.url() alt=alt width=image.width height=image.height />
            <figcaption>
                {image.revised_prompt.clone().map(|p| view! { <p class="muted">{p}</p> })}
                <div class="inline-actions">
                    <a class="button" href=format!("/images?id={}", image.id)>{t!(i18n, images.open_in_gallery)}</a>
                    <a class="button" href=format!("/covers?image={}", image.id)>{t!(i18n, images.make_cover)}</a>
                    <a class="button button-quiet" href=image.download_url() download="">{t!(i18n, images.download)}</a>
                </div>
            </figcaption>
        </figure>
    }
}

pub fn size_label(size: &str) -> String {
    size.replace('x', " × ")
}
