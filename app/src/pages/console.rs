//! The consoles: the hub's (`/hub/…`, entry `hub`) and the municipality's (`/city/…`, entry
//! `city`), two wasm entries so that each first view carries only its own screens (`/login` is
//! the resident entry's page). Path parameters are read here and passed to the pages as props,
//! so pages know no router.

use domain::account::RoleKind;
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::{ParamSegment, StaticSegment, path};

use crate::components::header::Header;
use crate::i18n;
use crate::pages::not_found::NotFound;
use crate::pages::{city, hub};
use crate::session::{self, Session, login_path};

/// The `id` path parameter, as a signal for a page's props.
fn id_param() -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.with(|p| p.get("id").unwrap_or_default()))
}

fn is(
    session: Session,
    kind: RoleKind,
) -> impl Fn() -> Option<bool> + Send + Sync + Clone + 'static {
    move || session.has_role(kind)
}

/// The hub's console: its own wasm entry (`hub`), so a municipality never downloads it.
#[component]
pub fn HubApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    let hub = is(session, RoleKind::Hub);
    let to_hub = || login_path("/hub");
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <ProtectedRoute path=path!("/hub") view=hub::Board condition=hub.clone() redirect_path=to_hub/>
                    <ProtectedRoute path=path!("/hub/due") view=hub::DueList condition=hub.clone() redirect_path=to_hub/>
                    <ProtectedRoute path=path!("/hub/attention") view=hub::Attention condition=hub.clone() redirect_path=to_hub/>
                    <ProtectedRoute path=(StaticSegment("hub"), StaticSegment("residents"), ParamSegment("id"))
                        view=|| view! { <hub::Timeline kind="residents" id=id_param()/> }
                        condition=hub.clone() redirect_path=to_hub/>
                    <ProtectedRoute path=(StaticSegment("hub"), StaticSegment("companies"), ParamSegment("id"))
                        view=|| view! { <hub::Timeline kind="companies" id=id_param()/> }
                        condition=hub redirect_path=to_hub/>
                </Routes>
            </main>
        </Router>
    }
}

/// The municipality's console: its own wasm entry (`city`).
#[component]
pub fn CityApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    let city = is(session, RoleKind::MunicipalityStaff);
    let to_city = || login_path("/city");
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <ProtectedRoute path=path!("/city") view=city::Dashboard condition=city.clone() redirect_path=to_city/>
                    <ProtectedRoute path=path!("/city/programs") view=city::Programs condition=city.clone() redirect_path=to_city/>
                    <ProtectedRoute path=(StaticSegment("city"), StaticSegment("programs"), ParamSegment("id"))
                        view=|| view! { <city::Course id=id_param()/> }
                        condition=city redirect_path=to_city/>
                </Routes>
            </main>
        </Router>
    }
}
