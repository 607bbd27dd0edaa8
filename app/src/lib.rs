//! musubi's client-side app (Leptos 0.8, csr). State and logic live outside components:
//! `api` is the one typed client of the edge API, `i18n` holds the language, `pages/` are
//! routes and `components/` are the pieces they share.

mod api;
mod components;
mod i18n;
mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::pages::landing::Landing;
use crate::pages::not_found::NotFound;

/// The first view: the landing page without the router, built as its own wasm (`bin/landing.rs`)
/// so that a first visit pays for nothing else. Its links are full page loads into `App`.
#[component]
pub fn LandingApp() -> impl IntoView {
    i18n::provide_lang();
    view! {
        <Header/>
        <main id="main">
            <Landing/>
        </main>
    }
}

/// Every other page, behind the router.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_lang();
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Landing/>
                </Routes>
            </main>
        </Router>
    }
}
