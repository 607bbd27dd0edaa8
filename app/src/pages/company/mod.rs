//! The company's area (entry point `company`, under `/company`): registration and approval,
//! the need wizard, anonymous talent, teams and running engagements.

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
    path == "/login" || path == "/company" || path.starts_with("/company/")
}

fn is_company(role: RoleKind) -> bool {
    role == RoleKind::CompanyMember
}

#[component]
pub fn CompanyApp() -> impl IntoView {
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
            ["company"] => view! { <Protected allowed=is_company><Home/></Protected> }.into_any(),
            _ => view! { <NotFound/> }.into_any(),
        }
    };
    view! {
        <Header/>
        <main id="main">{page}</main>
    }
}

#[component]
fn Home() -> impl IntoView {
    let lang = use_lang();
    view! { <section class="page"><h1>{move || tr(lang, "企業のページ", "Company")}</h1></section> }
}
