//! The municipality's dashboard (自治体, under `/city`).

use leptos::prelude::*;

use crate::i18n::{tr, use_lang};

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    view! { <section class="page"><h1>{move || tr(lang, "自治体", "Municipality")}</h1></section> }
}
