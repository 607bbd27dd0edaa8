use leptos::prelude::*;

use crate::i18n::{tr, use_lang};

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="page">
            <h1>{move || tr(lang, "ページが見つかりません", "Page not found")}</h1>
            <p><a class="button" href="/">{move || tr(lang, "トップへ戻る", "Back to the start")}</a></p>
        </section>
    }
}
