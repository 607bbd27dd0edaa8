use domain::model::Lang;
use leptos::prelude::*;

use crate::i18n::{tr, use_lang};

/// The brand and the language switch, on every page.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let toggle = move |_| lang.update(|l| *l = if *l == Lang::Ja { Lang::En } else { Lang::Ja });
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"結"</span>
                <span>"musubi"</span>
            </a>
            <button
                type="button"
                class="lang-switch"
                data-testid="lang-switch"
                on:click=toggle
                aria-label=move || tr(lang, "Switch to English", "日本語に切り替える")
            >
                {move || tr(lang, "English", "日本語")}
            </button>
        </header>
    }
}
