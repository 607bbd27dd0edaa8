//! Form pieces every area shares: a labelled field with its error next to it (announced to
//! screen readers), and the notice for an error that belongs to no field.

use domain::model::Localized;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{pick, tr, use_lang};

/// A labelled text input bound to `value`; `error` shows under it and is tied to it with
/// `aria-describedby` / `aria-invalid`.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<(&'static str, &'static str)>,
    #[prop(into, optional)] error: Signal<Option<Localized>>,
) -> impl IntoView {
    let lang = use_lang();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || tr(lang, label.0, label.1)}</label>
            {hint.map(|(ja, en)| view! { <p class="hint" id=hint_id.clone()>{move || tr(lang, ja, en)}</p> })}
            <input
                id=id.clone()
                name=id
                type=kind
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <FieldError id=error_id error=error/>
        </div>
    }
}

/// The message under a field; empty (but present, so the layout does not jump) when none.
#[component]
pub fn FieldError(id: String, #[prop(into)] error: Signal<Option<Localized>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="field-error" id=id role="alert" data-testid="field-error">
            {move || error.get().map(|m| pick(lang, &m))}
        </p>
    }
}

/// An error for the whole form (or page), in the person's language.
#[component]
pub fn ErrorNotice(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            let m = e.message();
            view! { <p class="notice notice-error" role="alert" data-testid="form-error">{move || pick(lang, &m)}</p> }
        })
    }
}
