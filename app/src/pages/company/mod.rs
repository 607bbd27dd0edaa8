//! The company's area (entry point `company`, under `/company`): registration and approval,
//! the need wizard, requests to the hub and its proposals, anonymous talent with shortlist and
//! compare, teams with backups, and running engagements. Route parameters are read here and passed down as props, so the pages
//! know nothing of the router (`crate::nav`).

mod engagements;
mod home;
mod register;
mod requests;
mod talent;
mod team;
pub(crate) mod terms;
mod wizard;

use domain::account::RoleKind;
use domain::model::Localized;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::header::Header;
use crate::i18n::{self, pick, t, tr, use_lang};
use crate::nav::{Protected, provide_nav};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::session::{self, Session, use_session};

/// The paths this entry point serves without a page load (see `scripts/app-entries.mjs`).
fn handles(path: &str) -> bool {
    path == "/login" || path == "/company" || path.starts_with("/company/")
}

fn is_member(role: RoleKind) -> bool {
    role == RoleKind::CompanyMember
}

#[component]
pub fn CompanyApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(handles);
    let page = move || {
        nav.route(|segments| match segments {
            ["login"] => view! { <Login/> }.into_any(),
            ["company", "register"] => view! { <register::Register/> }.into_any(),
            ["company"] => {
                view! { <Protected allowed=is_member><home::Home/></Protected> }.into_any()
            }
            ["company", "jobs", "new"] => {
                view! { <Protected allowed=is_member><wizard::NeedWizard/></Protected> }.into_any()
            }
            ["company", "jobs", id] => {
                let job = id.to_string();
                view! { <Protected allowed=is_member><talent::TalentPage job=job.clone()/></Protected> }.into_any()
            }
            ["company", "jobs", id, "team"] => {
                let job = id.to_string();
                view! { <Protected allowed=is_member><team::TeamPage job=job.clone()/></Protected> }
                    .into_any()
            }
            ["company", "engagements"] => {
                view! { <Protected allowed=is_member><engagements::Engagements/></Protected> }
                    .into_any()
            }
            ["company", "engagements", id, "work"] => {
                let engagement = id.to_string();
                view! {
                    <Protected allowed=is_member>
                        <crate::components::fair_work::FairWork engagement=engagement.clone()
                            reader=crate::components::fair_work::Reader::Company/>
                    </Protected>
                }
                .into_any()
            }
            ["company", "requests"] => {
                view! { <Protected allowed=is_member><requests::Requests/></Protected> }.into_any()
            }
            ["company", "terms"] => {
                view! { <Protected allowed=is_member><terms::TermsPage/></Protected> }.into_any()
            }
            // The engagement's resident reads and accepts the terms here too (a full page load
            // from the resident's area), so the document is the same one the company edits.
            ["company", "engagements", id, "terms"] => {
                let engagement = id.to_string();
                view! {
                    <Protected allowed=terms::may_read_engagement_terms>
                        <terms::EngagementTermsPage engagement=engagement.clone()/>
                    </Protected>
                }
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

/// The names of the time windows, in the order of `SLOT_NAMES` (the talent filter and the wizard).
const SLOT_LABELS: [(&str, &str); 8] = [
    ("平日 朝", "Weekday morning"),
    ("平日 日中", "Weekday daytime"),
    ("平日 夕方", "Weekday evening"),
    ("平日 夜", "Weekday night"),
    ("週末 朝", "Weekend morning"),
    ("週末 日中", "Weekend daytime"),
    ("週末 夕方", "Weekend evening"),
    ("週末 夜", "Weekend night"),
];

/// The logged-in member's company id (the routes are guarded, so it is there once loaded).
fn company_of(session: Session) -> Option<String> {
    session.account().and_then(|a| a.role.company).map(|c| c.0)
}

fn my_company() -> Option<String> {
    company_of(use_session())
}

/// Posts an event of an engagement with `key`, then reloads on success. Any answer ends the
/// intent (a refusal too: the server would replay it for the same key), so the key is renewed;
/// only a lost answer keeps it, so that the retry is the same request.
async fn post_engagement_event(
    engagement: StoredValue<String>,
    kind: domain::engagement::EventKind,
    key: StoredValue<String>,
    reload: Callback<()>,
) -> Result<(), ApiError> {
    let r = crate::api::company::post_event(&engagement.get_value(), &kind, &key.get_value()).await;
    if r.as_ref().map_or_else(ApiError::is_refusal, |_| true) {
        key.set_value(crate::api::new_idempotency_key());
    }
    if r.is_ok() {
        reload.run(());
    }
    r
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
            <a href="/company/requests">{t("推進ハブに相談", "Ask the hub")}</a>
            <a href="/company/engagements">{t("進行中の仕事", "Engagements")}</a>
            <a href="/company/terms">{t("守秘の約束", "Terms")}</a>
        </nav>
    }
}
