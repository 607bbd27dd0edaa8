//! The consoles (entry point `console`): the hub's (`/hub/…`) and the municipality's (`/city/…`).
//! They share one wasm because both are desktop-first work screens used by few people.

use domain::account::RoleKind;
use leptos::prelude::*;

use crate::components::header::Header;
use crate::i18n;
use crate::nav::{Protected, provide_nav};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::pages::{city, hub};
use crate::session;

/// The paths this entry point serves without a page load (see `scripts/app-entries.mjs`).
fn handles(path: &str) -> bool {
    path == "/login"
        || ["/hub", "/city"]
            .iter()
            .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

fn is_hub(role: RoleKind) -> bool {
    matches!(role, RoleKind::Hub | RoleKind::Admin)
}

fn is_city(role: RoleKind) -> bool {
    role == RoleKind::MunicipalityStaff
}

#[component]
pub fn ConsoleApp() -> impl IntoView {
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
            ["hub"] => view! { <Protected allowed=is_hub><hub::Home/></Protected> }.into_any(),
            ["city"] => view! { <Protected allowed=is_city><city::Home/></Protected> }.into_any(),
            _ => view! { <NotFound/> }.into_any(),
        }
    };
    view! {
        <Header/>
        <main id="main">{page}</main>
    }
}
