//! The hub's console (推進ハブ, under `/hub`).

use leptos::prelude::*;

use crate::i18n::{tr, use_lang};

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    view! { <section class="page"><h1>{move || tr(lang, "推進ハブ", "Hub")}</h1></section> }
}
