//! The resident's entry points. `start` serves `/start` alone: the onboarding wizard, the first
//! view of a new resident, kept apart so that it loads nothing else. `record` serves the skill
//! record, the resident's own (`/me/record`) and the public page an employer opens from a shared
//! link (`/record/{id}`), which must not pay for the resident's screens. `resident` serves the
//! rest in groups, each its own entry: `login` (every role's), `resident` (the matches, `/me`),
//! `work` (engagements and their terms), `inbox` (what changed, pay notices, course
//! invitations), `pay` (one engagement's terms statement,
//! reports, invoices and payments), `earnings` (the year's pay and how to be paid) and `profile` (the profile and the data). Pages take what they need as props;
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
mod earnings;
mod engagements;
mod fields;
mod inbox;
mod matches;
mod onboarding;
mod profile;
mod profile_edit;
mod queue;
mod record;
mod terms;

use leptos::prelude::*;

use crate::components::shell::Shell;
use crate::fresh::IntoFresh;
use crate::i18n::{self, tr, use_lang};
use crate::nav::{ResidentGate, provide_nav, use_nav};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;

const START: &str = "/start";

/// The paths of the `record` entry point.
fn is_record_path(path: &str) -> bool {
    path == "/me/record" || path.starts_with("/record/")
}

/// The paths of the `work` entry point: engagements with their terms.
fn is_work_path(path: &str) -> bool {
    path == "/me/engagements" || path.starts_with("/me/engagements/")
}

/// The path of the `inbox` entry point, apart from the engagements: it derives its entries from
/// whole engagement states (with their dates) and carries pay notices and course invitations,
/// which the engagement list does not need.
fn is_inbox_path(path: &str) -> bool {
    path == "/me/inbox"
}

/// The paths of the `pay` entry point: one engagement's terms statement, reports, invoices and
/// payments (`/me/work/{engagement}`), kept apart so the engagements list does not carry them.
fn is_pay_path(path: &str) -> bool {
    path.starts_with("/me/work/")
}

/// The path of the `earnings` entry point: the year's pay and how the resident is paid.
fn is_earnings_path(path: &str) -> bool {
    path == "/me/earnings"
}

/// The paths of the `profile` entry point.
fn is_profile_path(path: &str) -> bool {
    path == "/me/profile" || path == "/me/data"
}

/// The paths the `resident` entry point serves without a page load (see `scripts/app-entries.mjs`):
/// the matches, and every path no other entry serves (its 404 page).
fn handles(path: &str) -> bool {
    !(path == "/"
        || path == START
        || path == "/login"
        || is_record_path(path)
        || is_work_path(path)
        || is_inbox_path(path)
        || is_pay_path(path)
        || is_earnings_path(path)
        || is_profile_path(path)
        || ["/company", "/hub", "/city"]
            .iter()
            .any(|a| path == *a || path.starts_with(&format!("{a}/"))))
}

/// The `start` entry point: the onboarding wizard and its offline-safe submission queue.
#[component]
pub fn StartApp() -> impl IntoView {
    i18n::provide_lang();
    provide_nav(|path| path == START);
    // A submission queued offline on an earlier visit is sent as soon as the wizard opens.
    queue::provide_queue();
    view! { <Shell><onboarding::Onboarding/></Shell> }
}

/// The `login` entry point: every role's way in, alone, so that it loads no area's screens.
#[component]
pub fn LoginApp() -> impl IntoView {
    i18n::provide_lang();
    provide_nav(|path| path == "/login");
    view! { <Shell><Login/></Shell> }
}

/// A resident area's root: language and router for the paths `handles` names, in the shell,
/// with the reminder of an unsent registration. No session is read: `ResidentGate` trusts the
/// device's marker and each page's read is the server's check.
fn area(handles: fn(&str) -> bool, pages: fn(&[&str]) -> AnyView) -> impl IntoView {
    i18n::provide_lang();
    let nav = provide_nav(handles);
    view! {
        <Shell>
            <UnsentRegistration/>
            {move || nav.route(pages)}
        </Shell>
    }
}

/// The `resident` entry point: the matches (`/me`), the resident's main screen, and the 404 page.
#[component]
pub fn ResidentApp() -> impl IntoView {
    area(handles, |segments| match segments {
        ["me"] => mine(|| view! { <matches::Matches/> }.into_fresh()),
        _ => view! { <NotFound/> }.into_fresh(),
    })
}

/// The `work` entry point: engagements and their terms.
#[component]
pub fn WorkApp() -> impl IntoView {
    area(is_work_path, |segments| match segments {
        ["me", "engagements"] => mine(|| view! { <engagements::Engagements/> }.into_fresh()),
        ["me", "engagements", id, "terms"] => {
            let engagement = id.to_string();
            view! {
                <ResidentGate><AreaNav/><terms::Terms engagement=engagement.clone()/></ResidentGate>
            }
            .into_fresh()
        }
        _ => view! { <NotFound/> }.into_fresh(),
    })
}

/// The `inbox` entry point: what changed in my engagements, pay notices, course invitations.
#[component]
pub fn InboxApp() -> impl IntoView {
    area(is_inbox_path, |segments| match segments {
        ["me", "inbox"] => mine(|| view! { <inbox::Inbox/> }.into_fresh()),
        _ => view! { <NotFound/> }.into_fresh(),
    })
}

/// The `pay` entry point: one engagement's fair-work records, for its resident.
#[component]
pub fn PayApp() -> impl IntoView {
    area(is_pay_path, |segments| match segments {
        ["me", "work", id] => {
            let engagement = id.to_string();
            view! {
                <ResidentGate><AreaNav/>
                    <FairWork engagement=engagement.clone() reader=Reader::Resident/>
                </ResidentGate>
            }
            .into_fresh()
        }
        _ => view! { <NotFound/> }.into_fresh(),
    })
}

/// The `earnings` entry point: the year's earnings and the payout details.
#[component]
pub fn EarningsApp() -> impl IntoView {
    area(is_earnings_path, |segments| match segments {
        ["me", "earnings"] => mine(|| view! { <earnings::MyEarnings/> }.into_fresh()),
        _ => view! { <NotFound/> }.into_fresh(),
    })
}

/// The `profile` entry point: the profile and the resident's data.
#[component]
pub fn ProfileApp() -> impl IntoView {
    area(is_profile_path, |segments| match segments {
        ["me", "profile"] => mine(|| view! { <profile::ProfileEdit/> }.into_fresh()),
        ["me", "data"] => mine(|| view! { <data::MyData/> }.into_fresh()),
        _ => view! { <NotFound/> }.into_fresh(),
    })
}

/// The `record` entry point: the signed skill record, mine or shared.
#[component]
pub fn RecordApp() -> impl IntoView {
    i18n::provide_lang();
    let nav = provide_nav(is_record_path);
    let page = move || {
        nav.route(|segments| match segments {
            ["record", id] => {
                let id = id.to_string();
                view! { <record::SharedRecord id/> }.into_fresh()
            }
            ["me", "record"] => mine(|| view! { <record::MyRecord/> }.into_fresh()),
            _ => view! { <NotFound/> }.into_fresh(),
        })
    };
    view! { <Shell>{page}</Shell> }
}

/// A registration queued offline and not sent yet is sent by the wizard; this says so and links
/// there, from whatever page of the area the person opened instead.
#[component]
fn UnsentRegistration() -> impl IntoView {
    let lang = use_lang();
    queue::stage().filter(|s| s.is_pending()).map(|_| {
        view! {
            <p class="notice" role="status" data-testid="unsent-registration">
                {move || tr(lang, "まだ送られていない登録があります。", "Your registration has not been sent yet.")}
                " "<a href=START>{move || tr(lang, "続けて送る", "Send it now")}</a>
            </p>
        }
    })
}

/// A page of the resident's own, behind the login (`ResidentGate`) and under the area's sections.
fn mine(page: fn() -> AnyView) -> AnyView {
    view! { <ResidentGate><AreaNav/>{page()}</ResidentGate> }.into_fresh()
}

/// The resident's sections: plain links (each group is its own entry point, so a link to
/// another group is a page load, served from the service worker's cache after the first).
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
                {link("/me/earnings", "報酬", "Pay")}
                {link("/me/profile", "プロフィール", "Profile")}
                {link("/me/record", "スキル証明", "Skill record")}
                {link("/me/data", "データ", "My data")}
            </ul>
        </nav>
    }
}

use crate::split::ChunkMissing;

/// A future handed out of a split module (split functions cannot be `async` themselves).
type LocalFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;
