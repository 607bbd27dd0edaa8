//! The resident's area (entry point `resident`): onboarding, matches, engagements, inbox,
//! profile and the account's data. Pages take what they need as props; the router stays here.

mod data;
mod engagements;
mod fields;
mod matches;
mod onboarding;
mod profile;
mod queue;
mod record;

use domain::account::RoleKind;
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiError;
use crate::components::header::Header;
use crate::i18n::{self, pick, tr, use_lang};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::session::{self, login_path};

#[component]
pub fn ResidentApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    // A submission queued offline on an earlier visit is sent as soon as the app starts.
    queue::provide_queue();
    let resident = move || session.has_role(RoleKind::Resident);
    view! {
        <Router>
            <Header/>
            <OfflineBanner/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/start") view=onboarding::Onboarding/>
                    <ProtectedRoute path=path!("/me") view=|| view! { <AreaNav/><matches::Matches/> }
                        condition=resident redirect_path=|| login_path("/me")/>
                    <ProtectedRoute path=path!("/me/engagements") view=|| view! { <AreaNav/><engagements::Engagements/> }
                        condition=resident redirect_path=|| login_path("/me/engagements")/>
                    <ProtectedRoute path=path!("/me/inbox") view=|| view! { <AreaNav/><engagements::Inbox/> }
                        condition=resident redirect_path=|| login_path("/me/inbox")/>
                    <ProtectedRoute path=path!("/me/profile") view=|| view! { <AreaNav/><profile::ProfileEdit/> }
                        condition=resident redirect_path=|| login_path("/me/profile")/>
                    <ProtectedRoute path=path!("/me/record") view=|| view! { <AreaNav/><record::MyRecord/> }
                        condition=resident redirect_path=|| login_path("/me/record")/>
                    <Route path=path!("/record/:id") view=SharedRecordRoute/>
                    <ProtectedRoute path=path!("/me/data") view=|| view! { <AreaNav/><data::MyData/> }
                        condition=resident redirect_path=|| login_path("/me/data")/>
                </Routes>
            </main>
        </Router>
    }
}

/// The resident's sections; plain links (the router handles them inside the area).
#[component]
fn AreaNav() -> impl IntoView {
    let lang = use_lang();
    let here = leptos_router::hooks::use_location().pathname;
    let link = move |href: &'static str, ja: &'static str, en: &'static str| {
        view! {
            <li><a href=href aria-current=move || (here.get() == href).then_some("page")>{move || tr(lang, ja, en)}</a></li>
        }
    };
    view! {
        <nav class="area-nav" aria-label=move || tr(lang, "わたしのページ", "My pages")>
            <ul>
                {link("/me", "おすすめ", "Matches")}
                {link("/me/engagements", "進行中", "My work")}
                {link("/me/inbox", "お知らせ", "Inbox")}
                {link("/me/profile", "プロフィール", "Profile")}
                {link("/me/record", "スキル証明", "Skill record")}
                {link("/me/data", "データ", "My data")}
            </ul>
        </nav>
    }
}

/// Reads the record id here, so the page itself knows nothing of the router.
#[component]
fn SharedRecordRoute() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    view! { <record::SharedRecord id/> }
}

/// Says clearly when the phone is offline, and that nothing typed is lost.
#[component]
fn OfflineBanner() -> impl IntoView {
    let lang = use_lang();
    let online = RwSignal::new(web_sys::window().is_none_or(|w| w.navigator().on_line()));
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    move || {
        (!online.get()).then(|| view! {
            <p class="offline-banner" role="status" data-testid="offline">
                {move || tr(lang, "オフラインです。入力はこの端末に保存されます。", "You are offline. What you type is kept on this device.")}
            </p>
        })
    }
}

/// Placeholder blocks while data loads (never an endless spinner: loads retry, then say why).
#[component]
fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton-list" aria-hidden="true" data-testid="skeleton">
            <div class="skeleton-block"></div>
            <div class="skeleton-block"></div>
            <div class="skeleton-block"></div>
        </div>
    }
}

/// A load that failed after its retries: why, and a button to try again.
#[component]
fn Failed(error: ApiError, retry: impl Fn() + 'static) -> impl IntoView {
    let lang = use_lang();
    let message = error.message();
    view! {
        <div class="notice notice-error" role="alert" data-testid="load-error">
            <p>{move || pick(lang, &message)}</p>
            <button type="button" class="button button-secondary" on:click=move |_| retry()>
                {move || tr(lang, "もう一度", "Try again")}
            </button>
        </div>
    }
}
