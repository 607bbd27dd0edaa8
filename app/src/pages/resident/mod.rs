//! The resident's entry points. `start` serves `/start` alone: the onboarding wizard, the first
//! view of a new resident, kept apart so that it loads nothing else. `record` serves the skill
//! record, the resident's own (`/me/record`) and the public page an employer opens from a shared
//! link (`/record/{id}`), which must not pay for the resident's screens. `resident` serves the
//! rest: login, matches, engagements, inbox, profile and data. Pages take what they need as props;
//! the routers stay here.

/// A function whose code goes into the onboarding wizard's chunk, which the `start` entry fetches
/// when the function is first called (`crate::split::in_chunk!`, feature `split-start`).
macro_rules! in_onboarding_chunk {
    ($($item:tt)*) => {
        crate::split::in_chunk!("split-start", onboarding_steps, $($item)*);
    };
}

use crate::components::fair_work::{FairWork, Reader};

mod data;
mod engagements;
mod fields;
mod matches;
mod onboarding;
mod profile;
mod queue;
mod record;
mod terms;

use domain::account::RoleKind;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::header::Header;
use crate::i18n::{self, pick, tr, use_lang};
use crate::nav::{Protected, provide_nav, use_nav};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::session;

const START: &str = "/start";

/// The paths of the `record` entry point.
fn is_record_path(path: &str) -> bool {
    path == "/me/record" || path.starts_with("/record/")
}

/// The paths the `resident` entry point serves without a page load (see `scripts/app-entries.mjs`).
fn handles(path: &str) -> bool {
    !(path == "/"
        || path == START
        || is_record_path(path)
        || ["/company", "/hub", "/city"]
            .iter()
            .any(|a| path == *a || path.starts_with(&format!("{a}/"))))
}

fn is_resident(role: RoleKind) -> bool {
    role == RoleKind::Resident
}

/// The `start` entry point: the onboarding wizard and its offline-safe submission queue.
#[component]
pub fn StartApp() -> impl IntoView {
    i18n::provide_lang();
    provide_nav(|path| path == START);
    // A submission queued offline on an earlier visit is sent as soon as the wizard opens.
    queue::provide_queue();
    view! {
        <Header/>
        <OfflineBanner/>
        <main id="main"><onboarding::Onboarding/></main>
    }
}

/// The `resident` entry point: everything after onboarding.
#[component]
pub fn ResidentApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(handles);
    let page = move || {
        nav.route(|segments| match segments {
            ["login"] => view! { <Login/> }.into_any(),
            ["me"] => mine(|| view! { <matches::Matches/> }.into_any()),
            ["me", "engagements"] => mine(|| view! { <engagements::Engagements/> }.into_any()),
            ["me", "engagements", id, "terms"] => {
                let engagement = id.to_string();
                view! {
                    <Protected allowed=is_resident><AreaNav/><terms::Terms engagement=engagement.clone()/></Protected>
                }
                .into_any()
            }
            ["me", "engagements", id, "work"] => {
                let engagement = id.to_string();
                view! {
                    <Protected allowed=is_resident><AreaNav/>
                        <FairWork engagement=engagement.clone() reader=Reader::Resident/>
                    </Protected>
                }
                .into_any()
            }
            ["me", "inbox"] => mine(|| view! { <engagements::Inbox/> }.into_any()),
            ["me", "profile"] => mine(|| view! { <profile::ProfileEdit/> }.into_any()),
            ["me", "data"] => mine(|| view! { <data::MyData/> }.into_any()),
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! {
        <Header/>
        <OfflineBanner/>
        <UnsentRegistration/>
        <main id="main">{page}</main>
    }
}

/// The `record` entry point: the signed skill record, mine or shared.
#[component]
pub fn RecordApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(is_record_path);
    let page = move || {
        nav.route(|segments| match segments {
            ["record", id] => {
                let id = id.to_string();
                view! { <record::SharedRecord id/> }.into_any()
            }
            ["me", "record"] => mine(|| view! { <record::MyRecord/> }.into_any()),
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! {
        <Header/>
        <OfflineBanner/>
        <main id="main">{page}</main>
    }
}

/// A registration queued offline and not sent yet is sent by the wizard; this says so and links
/// there, from whatever page of the area the person opened instead.
#[component]
fn UnsentRegistration() -> impl IntoView {
    let lang = use_lang();
    queue::load().filter(|s| s.is_pending()).map(|_| {
        view! {
            <p class="notice" role="status" data-testid="unsent-registration">
                {move || tr(lang, "まだ送られていない登録があります。", "Your registration has not been sent yet.")}
                " "<a href=START>{move || tr(lang, "続けて送る", "Send it now")}</a>
            </p>
        }
    })
}

/// A page of the resident's own, behind the login and under the area's sections.
fn mine(page: fn() -> AnyView) -> AnyView {
    view! { <Protected allowed=is_resident><AreaNav/>{page()}</Protected> }.into_any()
}

/// The resident's sections; plain links (the router handles them inside the area).
#[component]
fn AreaNav() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let link = move |href: &'static str, ja: &'static str, en: &'static str| {
        view! {
            <li><a href=href aria-current=move || (nav.path() == href).then_some("page")>{move || tr(lang, ja, en)}</a></li>
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

use crate::split::ChunkMissing;

/// A future handed out of a split module (split functions cannot be `async` themselves).
type LocalFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

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
