//! The company's area (entry point `company`, under `/company`): registration and approval,
//! the need wizard, anonymous talent with shortlist and compare, teams with backups, and
//! running engagements. Route parameters are read here and passed down as props, so the pages
//! know nothing of the router.

mod engagements;
mod home;
mod register;
mod talent;
mod team;
mod wizard;

use domain::account::{Role, RoleKind};
use domain::model::Localized;
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::api::ApiError;
use crate::components::header::Header;
use crate::i18n::{self, pick, tr, use_lang};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::session::{self, Session, login_path, use_session};

#[component]
pub fn CompanyApp() -> impl IntoView {
    i18n::provide_lang();
    let session = session::provide_session();
    let member = move || session.has_role(RoleKind::CompanyMember);
    view! {
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/company/register") view=register::Register/>
                    <ProtectedRoute path=path!("/company") view=home::Home condition=member redirect_path=|| login_path("/company")/>
                    <ProtectedRoute path=path!("/company/jobs/new") view=wizard::NeedWizard condition=member redirect_path=|| login_path("/company/jobs/new")/>
                    <ProtectedRoute path=path!("/company/jobs/:id") view=|| view! { <talent::TalentPage job=param("id")/> } condition=member redirect_path=|| login_path("/company")/>
                    <ProtectedRoute path=path!("/company/jobs/:id/team") view=|| view! { <team::TeamPage job=param("id")/> } condition=member redirect_path=|| login_path("/company")/>
                    <ProtectedRoute path=path!("/company/engagements") view=engagements::Engagements condition=member redirect_path=|| login_path("/company/engagements")/>
                </Routes>
            </main>
        </Router>
    }
}

/// A path parameter, read once when the page mounts.
fn param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

/// The logged-in member's company id (the routes are guarded, so it is there once loaded).
fn company_of(session: Session) -> Option<String> {
    session.account().and_then(|a| match a.role {
        Role::CompanyMember { company } => Some(company.0),
        _ => None,
    })
}

fn my_company() -> Option<String> {
    company_of(use_session())
}

/// A skeleton while a section loads (no endless spinner: an error replaces it).
fn skeleton() -> impl IntoView {
    view! { <div class="skeleton-block" aria-hidden="true"></div> }
}

/// An error in the person's language with a retry button.
#[component]
fn Retry(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let m = error.message();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || pick(lang, &m)}</p>
            <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>
                {t("もう一度読み込む", "Try again")}
            </button>
        </div>
    }
}

/// A bilingual fixed text as one concrete type (a `Signal`), so the area's many texts share one
/// render implementation instead of one closure type each (measured: smaller wasm).
fn t(ja: &'static str, en: &'static str) -> Signal<&'static str> {
    let lang = use_lang();
    Signal::derive(move || tr(lang, ja, en))
}

/// Localized text in the current language, reactive.
fn loc(text: Localized) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(lang, &text)
}

/// The area's navigation, on every page after login.
#[component]
fn CompanyNav() -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="company-nav" aria-label=move || tr(lang, "企業メニュー", "Company menu")>
            <a href="/company">{t("ホーム", "Home")}</a>
            <a href="/company/jobs/new">{t("仕事を切り出す", "New work")}</a>
            <a href="/company/engagements">{t("進行中の仕事", "Engagements")}</a>
        </nav>
    }
}
