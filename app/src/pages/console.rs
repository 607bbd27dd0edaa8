//! The consoles (entry point `console`): the hub's (`/hub/…`) and the municipality's (`/city/…`).
//! They share one wasm because both are desktop-first work screens used by few people.

use domain::account::RoleKind;
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n;
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::pages::{city, hub};
use crate::session::{self, login_path};

#[component]
pub fn ConsoleApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=Login/>
                    <ProtectedRoute
                        path=path!("/hub")
                        view=hub::Home
                        condition=move || session.has_role(RoleKind::Hub)
                        redirect_path=|| login_path("/hub")
                    />
                    <ProtectedRoute
                        path=path!("/city")
                        view=city::Home
                        condition=move || session.has_role(RoleKind::MunicipalityStaff)
                        redirect_path=|| login_path("/city")
                    />
                </Routes>
            </main>
        </Router>
    }
}
