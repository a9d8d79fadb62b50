//! The gallery's detail panel: the image, every prompt, metadata, download, title and tags,
//! and delete behind a confirmation.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{get_image, DeleteImage, UpdateImage};
use super::labels::{group_label, option_label};
use super::ImageDetail;
use crate::i18n::*;
use crate::ui::dialog::ConfirmDelete;
use crate::ui::form::ActionError;
use crate::ui::layout::Loaded;
use crate::ui::time::Moment;
use crate::ui::toast::announce_success;

#[component]
pub fn DetailPanel(id: String, refresh: RwSignal<u32>) -> impl IntoView {
    let update = ServerAction::<UpdateImage>::new();
    let id = StoredValue::new(id);
    let image = Resource::new(
        move || (id.get_value(), update.version().get()),
        |(id, _)| get_image(id),
    );
    view! {
        <Loaded from=image show={move |image| view! { <Detail image update refresh /> }} />
    }
}

#[component]
fn Detail(
    image: ImageDetail,
    update: ServerAction<UpdateImage>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let delete = ServerAction::<DeleteImage>::new();
    let confirm = RwSignal::new(false);
    let close_href = super::GALLERY.href(&query.read_untracked(), &[("id", "")]);
    announce_success(update.version(), update.value(), move || {
        t_string!(i18n, images.saved).to_string()
    });
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, images.deleted).to_string()
    });
    {
        let close_href = close_href.clone();
        Effect::watch(
            move || update.version().get() + delete.version().get(),
            move |_, _, _| {
                refresh.update(|n| *n += 1);
                if matches!(delete.value().get_untracked(), Some(Ok(()))) {
                    navigate(&close_href, Default::default());
                }
            },
            false,
        );
    }
    let id = image.id.clone();
    let id_for_delete = StoredValue::new(image.id.clone());
    let title = if image.title.is_empty() {
        t_string!(i18n, images.untitled).to_string()
    } else {
        image.title.clone()
    };
    let styles: Vec<(&'static str, String)> = [
        ("artistic_style", image.artistic_style.clone()),
        ("composition", image.composition.clone()),
        ("lighting", image.lighting.clone()),
        ("color_palette", image.color_palette.clone()),
        ("detail_level", image.detail_level.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let created = image.created_at;
    view! {
        <article class="detail-panel image-detail">
            <header class="detail-head">
                <h2>{title.clone()}</h2>
                <a href=close_href class="button button-quiet detail-close">{t!(i18n, common.close)}</a>
            </header>
            <a href=image.url() target="_blank" rel="noopener" class="detail-image">
                <img src=image.url() alt=title.clone() width=image.width height=image.height />
            </a>
            <div class="inline-actions">
                <a class="button button-primary" href=image.download_url() download="">{t!(i18n, images.download)}</a>
                {image.overlay.is_none().then(|| view! {
                    <a class="button" href=format!("/covers?image={}", image.id)>{t!(i18n, images.make_cover)}</a>
                })}
                <button type="button" class="button button-danger" on:click=move |_| confirm.set(true)>{t!(i18n, images.delete)}</button>
            </div>
            <ActionForm action=update attr:class="form compact">
                <input type="hidden" name="id" value=id.clone() />
                <div class="field">
                    <label for="detail-title">{t!(i18n, fields.title)}</label>
                    <input id="detail-title" name="title" value=image.title.clone() maxlength=shared::images::TITLE_MAX_CHARS />
                </div>
                <div class="field">
                    <label for="detail-tags">{t!(i18n, fields.tags)}</label>
                    <input id="detail-tags" name="tags" value=image.tags.clone() />
                </div>
                <ActionError value=update.value() />
                <button type="submit" class="button">{t!(i18n, common.save)}</button>
            </ActionForm>
            <dl class="facts">
                <dt>{t!(i18n, images.user_prompt)}</dt><dd class="prompt">{image.user_prompt.clone()}</dd>
                {image.enhanced_prompt.clone().map(|p| view! { <dt>{t!(i18n, images.enhanced_prompt)}</dt><dd class="prompt">{p}</dd> })}
                <dt>{t!(i18n, images.final_prompt)}</dt><dd class="prompt">{image.final_prompt.clone()}</dd>
                {image.revised_prompt.clone().map(|p| view! { <dt>{t!(i18n, images.revised_prompt)}</dt><dd class="prompt">{p}</dd> })}
                {styles.into_iter().map(|(k, v)| view! {
                    <dt>{move || group_label(i18n, k)}</dt><dd>{move || option_label(i18n, &v)}</dd>
                }).collect_view()}
                <dt>{t!(i18n, fields.model)}</dt><dd>{image.model.clone()}</dd>
                <dt>{t!(i18n, images.dimensions)}</dt><dd>{format!("{}\u{a0}×\u{a0}{}\u{a0}px · {}", image.width, image.height, crate::ui::number::file_size(i18n, image.byte_size))}</dd>
                {image.overlay.clone().map(|o| view! {
                    <dt>{t!(i18n, images.overlay)}</dt>
                    <dd>{format!("{}{}", o.title, o.artist.map(|a| format!(" / {a}")).unwrap_or_default())}</dd>
                })}
                {image.source_image_id.clone().map(|source| {
                    let href = super::GALLERY.href(&query.read_untracked(), &[("id", &source)]);
                    view! {
                        <dt>{t!(i18n, images.made_from)}</dt>
                        <dd><a href=href data-testid="cover-source">{t!(i18n, images.open_source)}</a></dd>
                    }
                })}
                <dt>{t!(i18n, images.created)}</dt><dd><Moment ms=created /></dd>
            </dl>
            <ConfirmDelete
                open=confirm
                action=delete
                id=id_for_delete.get_value()
                title=crate::tr!(i18n, images.delete_title)
                body=crate::tr!(i18n, images.delete_body)
                confirm_label=crate::tr!(i18n, images.delete_confirm)
            />
            <crate::ui::asset_places::AssetPlacesSlot kind="image" id=id_for_delete.get_value() />
        </article>
    }
}
