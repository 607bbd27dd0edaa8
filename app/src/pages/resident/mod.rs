//! The resident's area (entry point `resident`): onboarding, matches, engagements, inbox,
//! profile and the signed skill record.

use domain::account::RoleKind;
use leptos::prelude::*;

use crate::components::header::Header;
use crate::i18n::{self, tr, use_lang};
use crate::nav::{Protected, provide_nav};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::session;

/// The paths this entry point serves without a page load (see `scripts/app-entries.mjs`).
fn handles(path: &str) -> bool {
    !(path == "/"
        || path.starts_with("/company")
        || path.starts_with("/hub")
        || path.starts_with("/city"))
}

fn is_resident(role: RoleKind) -> bool {
    role == RoleKind::Resident
}

#[component]
pub fn ResidentApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(handles);
    let page = move || {
        let segments = nav.segments();
        match segments
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["login"] => view! { <Login/> }.into_any(),
            ["start"] => view! { <Start/> }.into_any(),
            ["me"] => view! { <Protected allowed=is_resident><Home/></Protected> }.into_any(),
            _ => view! { <NotFound/> }.into_any(),
        }
    };
    view! {
        <Header/>
        <main id="main">{page}</main>
    }
}

#[component]
fn Start() -> impl IntoView {
    let lang = use_lang();
    view! { <section class="page"><h1>{move || tr(lang, "はじめる", "Get started")}</h1></section> }
}

#[component]
fn Home() -> impl IntoView {
    let lang = use_lang();
    view! { <section class="page"><h1>{move || tr(lang, "わたしのページ", "My page")}</h1></section> }
}
