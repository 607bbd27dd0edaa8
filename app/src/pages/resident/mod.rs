//! The resident's area (entry point `resident`): onboarding, matches, engagements, inbox,
//! profile and the signed skill record.

use domain::account::RoleKind;
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::{self, tr, use_lang};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::session::{self, login_path};

#[component]
pub fn ResidentApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/start") view=Start/>
                    <ProtectedRoute
                        path=path!("/me")
                        view=Home
                        condition=move || session.has_role(RoleKind::Resident)
                        redirect_path=|| login_path("/me")
                    />
                </Routes>
            </main>
        </Router>
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
