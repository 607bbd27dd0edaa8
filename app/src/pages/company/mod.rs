//! The company's area (entry point `company`, under `/company`): registration and approval,
//! the need wizard, anonymous talent, teams and running engagements.

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
pub fn CompanyApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=Login/>
                    <ProtectedRoute
                        path=path!("/company")
                        view=Home
                        condition=move || session.has_role(RoleKind::CompanyMember)
                        redirect_path=|| login_path("/company")
                    />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Home() -> impl IntoView {
    let lang = use_lang();
    view! { <section class="page"><h1>{move || tr(lang, "企業のページ", "Company")}</h1></section> }
}
