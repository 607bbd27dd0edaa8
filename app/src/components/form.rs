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

/// Errors where the eye is: after a refused submit (422 naming fields), a summary placed at the
/// button lists each error as a link to its field, and focus moves to the first invalid field,
/// scrolled to the middle of the screen. A field is found by its id, then its `name`, then its
/// `{name}-error` message (the first control of that group), so any form of the app works.
///
/// `id_of` maps a field name of the server's answer to the element's id when they differ (a
/// form whose ids carry a prefix).
#[component]
pub fn ErrorSummary(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional)] id_of: Option<fn(&str) -> String>,
) -> impl IntoView {
    let lang = use_lang();
    let id_of = move |field: &str| id_of.map_or_else(|| field.to_owned(), |f| f(field));
    let fields = move || match error.get() {
        Some(ApiError::Server { fields, .. }) => fields,
        _ => Vec::new(),
    };
    Effect::new(move |_| {
        if let Some(first) = fields().first() {
            let name = id_of(&first.field);
            // After this render, so the messages under the fields are in the page.
            leptos::prelude::request_animation_frame(move || focus_field(&name));
        }
    });
    move || {
        let list = fields();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-summary" role="alert" data-testid="error-summary">
                    <p>{tr(lang, "直してほしい所があります:", "Please correct:")}</p>
                    <ul>
                        {list.into_iter().map(|f| {
                            let name = id_of(&f.field);
                            view! {
                                <li><a href=format!("#{name}") data-field=f.field.clone()
                                    on:click=move |ev: leptos::ev::MouseEvent| { ev.prevent_default(); focus_field(&name); }>
                                    {pick(lang, &f.message)}
                                </a></li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Scrolls the field named `name` to the middle of the screen and focuses it. `name` is a field
/// path as the validator names it (`tasks[0].level`): the element of that id, else the control of
/// that name or of its list (`tasks`), else the control beside its error message.
pub fn focus_field(name: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let control = "input:not([type=hidden]), select, textarea, button";
    let found = doc
        .get_element_by_id(name)
        .or_else(|| {
            let list = name.split('[').next().unwrap_or(name);
            [name, list].into_iter().find_map(|n| {
                doc.query_selector(&format!("[name=\"{n}\"]"))
                    .ok()
                    .flatten()
            })
        })
        .or_else(|| {
            let message = doc.get_element_by_id(&format!("{name}-error"))?;
            let group = message.closest("fieldset, .field").ok().flatten()?;
            group
                .query_selector(control)
                .ok()
                .flatten()
                .or(Some(message))
        });
    let Some(el) = found else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        // Keeps the scroll just made (a plain focus may jump to the top edge).
        let opts = web_sys::FocusOptions::new();
        opts.set_prevent_scroll(true);
        let _ = h.focus_with_options(&opts);
    }
}

/// One choice of a radio group, its label a large touch target; checked while `selected` holds
/// `value`.
#[component]
pub fn Radio<T>(
    id: &'static str,
    name: &'static str,
    value: T,
    selected: RwSignal<Option<T>>,
    label: (&'static str, &'static str),
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let lang = use_lang();
    view! {
        <label class="choice" for=id>
            <input type="radio" id=id name=name prop:checked=move || selected.get() == Some(value)
                on:change=move |_| selected.set(Some(value))/>
            {move || tr(lang, label.0, label.1)}
        </label>
    }
}

/// The server's message for the field `name` of a refused submit, for the field to show.
pub fn field_error(
    error: Signal<Option<ApiError>>,
    name: &'static str,
) -> Signal<Option<Localized>> {
    Signal::derive(move || error.get().and_then(|e| e.field(name)))
}

/// Focuses the element `id` as it is (a form that takes the focus): the browser scrolls its top
/// into view, not its middle as [`focus_field`] does for one control.
pub fn focus_top(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|doc| doc.get_element_by_id(id))
        && let Some(el) = el.dyn_ref::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}
