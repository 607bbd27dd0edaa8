//! musubi's client-side app (Leptos 0.8, csr). State and logic live outside components:
//! `api` is the one typed client of the edge API, `session` says who is logged in, `i18n` holds
//! the language, `pages/` are routes and `components/` are the pieces they share.
//!
//! Each role area is its own wasm entry point (`src/bin/*.rs`), chosen by path in
//! `public/index.html`, so that a resident's phone never downloads the company's or the hub's
//! screens: `landing` (`/`), `start` (`/start`, the onboarding wizard), `login` (`/login`, every
//! role's), the resident's pages by group — `resident` (`/me`, the matches), `work`
//! (`/me/engagements…`, `/me/inbox`), `pay` (`/me/work/…`), `earnings` (`/me/earnings`), `profile` (`/me/profile`, `/me/data`), `record`
//! (`/me/record`, `/record/…`) — and `company` (`/company/…`), `hub` (`/hub/…`) and `city`
//! (`/city/…`), whose pages after the first are wasm chunks (`split`). Links between entries are
//! full page loads (`session::go`, or a plain `<a>` outside the entry's router), served from the
//! service worker's cache after the first. `device` names what the app keeps on the phone.
//!
//! There is no panic hook: the release build aborts on a panic without running one
//! (`-Cpanic=immediate-abort`, scripts/build-app.sh), so a hook would only cost bytes.

pub mod api;
mod components;
mod device;
mod fetched;
mod fresh;
mod i18n;
mod nav;
#[cfg(test)]
mod no_debug_formatting;
mod pages;
mod session;
mod split;

use leptos::prelude::*;

use crate::components::header::Header;
use crate::pages::landing::Landing;

pub use crate::pages::company::CompanyApp;
pub use crate::pages::console::{CityApp, HubApp};
pub use crate::pages::resident::{
    EarningsApp, InboxApp, LoginApp, PayApp, ProfileApp, RecordApp, ResidentApp, StartApp, WorkApp,
};

/// The first view: the landing page without the router, so that a first visit pays for nothing else.
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
