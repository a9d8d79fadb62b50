//! Runs a form's server-side check in the browser before anything is sent. The same function
//! (a feature's `check`, on the server function's own argument type) decides in both places,
//! so the browser refuses exactly what the server would, with the same translated message,
//! and nothing reaches the network. The server still checks: scripts may be off or bypassed.
//!
//! ```ignore
//! let checked = FormCheck::new(|s: &SaveSketch| request::check(&s.sketch).map(drop));
//! <ActionForm action=save on:submit:capture=checked.on_submit() on:input=checked.on_input()>
//!     …
//!     {checked.problem()}
//!     <ActionError value=save.value() />
//! ```
//!
//! The submit listener runs in the capture phase, before `ActionForm`'s own, and cancels the
//! event; `ActionForm` does not dispatch a cancelled submission.

use leptos::ev::{Event, SubmitEvent};
use leptos::form::FromFormData;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use shared::input::InputProblem;

use crate::error::{AppError, Field};
use crate::ui::form::ErrorBanner;

/// The check a form passes: the server function's arguments in, the first refused field out.
pub type Check<S> = fn(&S) -> Result<(), (Field, InputProblem)>;

/// A form's browser-side check and the problem it last found.
pub struct FormCheck<S: 'static> {
    check: Check<S>,
    problem: RwSignal<Option<(Field, InputProblem)>>,
}

impl<S> Clone for FormCheck<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for FormCheck<S> {}

impl<S: DeserializeOwned + 'static> FormCheck<S> {
    pub fn new(check: Check<S>) -> Self {
        FormCheck {
            check,
            problem: RwSignal::new(None),
        }
    }

    /// For `on:submit:capture`: a refused form is not sent; its field is marked and focused.
    pub fn on_submit(self) -> impl Fn(SubmitEvent) + Clone + 'static {
        move |ev: SubmitEvent| {
            let Some(form) = form_of(&ev) else { return };
            let found = self.run(&form);
            if let Some((field, _)) = found {
                ev.prevent_default();
                focus(&form, field);
            }
            self.problem.set(found);
        }
    }

    /// For `on:input`: once a problem is shown, it follows the edits and goes when fixed.
    pub fn on_input(self) -> impl Fn(Event) + Clone + 'static {
        move |ev: Event| {
            if self.problem.with_untracked(Option::is_none) {
                return;
            }
            if let Some(form) = form_of(&ev) {
                self.problem.set(self.run(&form));
            }
        }
    }

    /// The problem found, as the error banner the server's refusal would show.
    pub fn problem(self) -> impl IntoView {
        move || {
            self.problem.get().map(|(field, problem)| {
                view! { <ErrorBanner error=AppError::invalid(field, problem) /> }
            })
        }
    }

    /// The form's fields as the server function would receive them, checked; a form that does
    /// not even deserialise is left to the server, which names the field.
    fn run(self, form: &web_sys::HtmlFormElement) -> Option<(Field, InputProblem)> {
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let args = S::from_form_data(&data).ok()?;
        let found = (self.check)(&args).err();
        mark(form, found.map(|(field, _)| field));
        found
    }
}

fn form_of(ev: &Event) -> Option<web_sys::HtmlFormElement> {
    use leptos::wasm_bindgen::JsCast;
    ev.current_target()?.dyn_into().ok()
}

/// The form's controls that fill `field`: the one named exactly as the field (`edit[temperature]`
/// for `temperature`), else those whose argument the server reports as that field
/// (`request[enhanced_prompt]` for `prompt`).
fn controls(form: &web_sys::HtmlFormElement, field: Field) -> Vec<web_sys::HtmlElement> {
    use leptos::wasm_bindgen::JsCast;
    let Ok(nodes) = form.query_selector_all("[name]") else {
        return Vec::new();
    };
    let named: Vec<(String, web_sys::HtmlElement)> = (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter_map(|el| Some((el.get_attribute("name")?, el)))
        .collect();
    let wire = serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let last = |name: &str| {
        name.rsplit('[')
            .next()
            .unwrap_or(name)
            .trim_end_matches(']')
            .to_string()
    };
    let exact: Vec<_> = named
        .iter()
        .filter(|(name, _)| last(name) == wire)
        .map(|(_, el)| el.clone())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    named
        .into_iter()
        .filter(|(name, _)| Field::from_argument(name) == Some(field))
        .map(|(_, el)| el)
        .collect()
}

/// Sets `aria-invalid` on the refused field's controls and clears it everywhere else.
fn mark(form: &web_sys::HtmlFormElement, refused: Option<Field>) {
    if let Ok(marked) = form.query_selector_all("[aria-invalid]") {
        use leptos::wasm_bindgen::JsCast;
        for el in
            (0..marked.length()).filter_map(|i| marked.item(i)?.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.remove_attribute("aria-invalid");
        }
    }
    for el in refused.map(|f| controls(form, f)).unwrap_or_default() {
        let _ = el.set_attribute("aria-invalid", "true");
    }
}

fn focus(form: &web_sys::HtmlFormElement, field: Field) {
    if let Some(el) = controls(form, field).first() {
        let _ = el.focus();
    }
}
