//! The consoles: the hub's (`/hub/…`, entry `hub`) and the municipality's (`/city/…`, entry
//! `city`), two wasm entries so that each first view carries only its own screens (`/login` is
//! the resident entry's page). Path parameters are read here and passed to the pages as props,
//! so pages know no router.

use domain::account::RoleKind;
use leptos::prelude::*;

use crate::components::header::Header;
use crate::i18n;
use crate::nav::{Protected, provide_nav};
use crate::pages::not_found::NotFound;
use crate::pages::{city, hub};
use crate::session;

/// Whether `path` is `area` or below it.
fn under(path: &str, area: &str) -> bool {
    path == area
        || path
            .strip_prefix(area)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn is_hub(role: RoleKind) -> bool {
    role == RoleKind::Hub
}

fn is_city(role: RoleKind) -> bool {
    role == RoleKind::MunicipalityStaff
}

/// A path segment as the signal a page's props take.
fn prop(value: &str) -> Signal<String> {
    let value = value.to_owned();
    Signal::derive(move || value.clone())
}

/// The hub's console: its own wasm entry (`hub`), so a municipality never downloads it.
#[component]
pub fn HubApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(|path| under(path, "/hub"));
    let page = move || {
        nav.route(|segments| match segments {
            ["hub"] => view! { <Protected allowed=is_hub><hub::Board/></Protected> }.into_any(),
            ["hub", "due"] => {
                view! { <Protected allowed=is_hub><hub::DueList/></Protected> }.into_any()
            }
            ["hub", "attention"] => {
                view! { <Protected allowed=is_hub><hub::Attention/></Protected> }.into_any()
            }
            ["hub", "companies"] => {
                view! { <Protected allowed=is_hub><hub::Approvals/></Protected> }.into_any()
            }
            ["hub", "requests"] => {
                view! { <Protected allowed=is_hub><hub::WorkRequests/></Protected> }.into_any()
            }
            ["hub", "requests", id] => {
                let id = prop(id);
                view! { <Protected allowed=is_hub><hub::ScopingPage id=id/></Protected> }.into_any()
            }
            ["hub", "invites"] => {
                view! { <Protected allowed=is_hub><hub::Invites/></Protected> }.into_any()
            }
            ["hub", kind @ ("residents" | "companies"), id] => {
                let kind: &'static str = if *kind == "residents" {
                    "residents"
                } else {
                    "companies"
                };
                let id = prop(id);
                view! { <Protected allowed=is_hub><hub::Timeline kind=kind id=id/></Protected> }
                    .into_any()
            }
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! {
        <Header/>
        <main id="main">{page}</main>
    }
}

/// The municipality's console: its own wasm entry (`city`).
#[component]
pub fn CityApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(|path| under(path, "/city"));
    let page = move || {
        nav.route(|segments| match segments {
            ["city"] => {
                view! { <Protected allowed=is_city><city::Dashboard/></Protected> }.into_any()
            }
            ["city", "programs"] => {
                view! { <Protected allowed=is_city><city::Programs/></Protected> }.into_any()
            }
            ["city", "programs", id] => {
                let id = prop(id);
                view! { <Protected allowed=is_city><city::Course id=id/></Protected> }.into_any()
            }
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! {
        <Header/>
        <main id="main">{page}</main>
    }
}
