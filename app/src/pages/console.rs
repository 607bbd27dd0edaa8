//! The consoles: the hub's (`/hub/…`, entry `hub`) and the municipality's (`/city/…`, entry
//! `city`), two wasm entries so that each first view carries only its own screens (`/login` is
//! the resident entry's page). Path parameters are read here and passed to the pages as props,
//! so pages know no router.

use domain::account::RoleKind;
use leptos::prelude::*;

use crate::components::shell::Shell;
use crate::i18n;
use crate::nav::{Protected, provide_nav};
use crate::pages::not_found::NotFound;
use crate::pages::{city, hub};
use crate::session;
use crate::split::{ChunkMissing, Lazy};

/// Whether `path` is `area` or below it.
fn under(path: &str, area: &str) -> bool {
    path == area
        || path
            .strip_prefix(area)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn is_hub(role: RoleKind) -> bool {
    role == RoleKind::Hub
}

fn is_city(role: RoleKind) -> bool {
    role == RoleKind::MunicipalityStaff
}

/// A path segment as the signal a page's props take.
fn prop(value: &str) -> Signal<String> {
    let value = value.to_owned();
    Signal::derive(move || value.clone())
}

/// The hub's console: its own wasm entry (`hub`), so a municipality never downloads it. The
/// board is its first view; every other page group is a chunk fetched when first opened
/// (feature `split-hub`).
#[component]
pub fn HubApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(|path| under(path, "/hub"));
    let page = move || {
        nav.route(|segments| match segments {
            ["hub"] => hub_page(move || view! { <hub::Board/> }.into_any()),
            ["hub", "due"] => hub_page(move || view! { <Lazy load=hub_due/> }.into_any()),
            ["hub", "attention"] => {
                hub_page(move || view! { <Lazy load=hub_attention/> }.into_any())
            }
            ["hub", "companies"] => {
                hub_page(move || view! { <Lazy load=hub_companies/> }.into_any())
            }
            ["hub", "requests"] => hub_page(move || view! { <Lazy load=hub_requests/> }.into_any()),
            ["hub", "requests", id] => {
                let id = prop(id);
                hub_page(move || view! { <hub::ScopingPage id=id/> }.into_any())
            }
            ["hub", "invites"] => hub_page(move || view! { <Lazy load=hub_invites/> }.into_any()),
            ["hub", "engagements", id, "work"] => {
                let engagement = id.to_string();
                hub_page(move || {
                    let engagement = engagement.clone();
                    view! { <Lazy load=move || hub_fair_work(engagement.clone())/> }.into_any()
                })
            }
            ["hub", kind @ ("residents" | "companies"), id] => {
                let kind: &'static str = if *kind == "residents" {
                    "residents"
                } else {
                    "companies"
                };
                let id = prop(id);
                hub_page(move || view! { <Lazy load=move || hub_timeline(kind, id)/> }.into_any())
            }
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! { <Shell>{page}</Shell> }
}

/// A page of the hub's, behind its login.
fn hub_page(page: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    view! { <Protected allowed=is_hub>{page()}</Protected> }.into_any()
}

crate::split::in_chunk! { "split-hub", hub_due_chunk,
    /// The check-ins due.
    fn hub_due() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <hub::DueList/> }))
    }
}

crate::split::in_chunk! { "split-hub", hub_attention_chunk,
    /// Whom to call.
    fn hub_attention() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <hub::Attention/> }))
    }
}

crate::split::in_chunk! { "split-hub", hub_companies_chunk,
    /// The companies waiting for approval.
    fn hub_companies() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <hub::Approvals/> }))
    }
}

crate::split::in_chunk! { "split-hub", hub_requests_chunk,
    /// The companies' work requests.
    fn hub_requests() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <hub::WorkRequests/> }))
    }
}

crate::split::in_chunk! { "split-hub", hub_invites_chunk,
    /// The invite codes.
    fn hub_invites() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <hub::Invites/> }))
    }
}

crate::split::in_chunk! { "split-hub", hub_fair_work_chunk,
    /// One engagement's terms and pay: the hub sets the terms of a 再委託 and pays as its commissioner.
    fn hub_fair_work(engagement: String) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || view! {
            <crate::components::fair_work::FairWork engagement=engagement.clone()
                reader=crate::components::fair_work::Reader::Hub
                terms_form=crate::components::fair_work::recommission_terms_form/>
        }))
    }
}

crate::split::in_chunk! { "split-hub", hub_timeline_chunk,
    /// A resident's or a company's timeline.
    fn hub_timeline(kind: &'static str, id: Signal<String>) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || view! { <hub::Timeline kind=kind id=id/> }))
    }
}

/// The municipality's console: its own wasm entry (`city`). The dashboard is its first view;
/// the programs are a chunk fetched when first opened (feature `split-city`).
#[component]
pub fn CityApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(|path| under(path, "/city"));
    let page = move || {
        nav.route(|segments| match segments {
            ["city"] => {
                view! { <Protected allowed=is_city><city::Dashboard/></Protected> }.into_any()
            }
            ["city", "programs"] => view! {
                <Protected allowed=is_city><Lazy load=|| city_programs(None)/></Protected>
            }
            .into_any(),
            ["city", "programs", id] => {
                let id = prop(id);
                view! { <Protected allowed=is_city><Lazy load=move || city_programs(Some(id))/></Protected> }
                    .into_any()
            }
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! { <Shell>{page}</Shell> }
}

crate::split::in_chunk! { "split-city", city_programs_chunk,
    /// The programs, or one program (`id`) with its enrolment and completion.
    fn city_programs(id: Option<Signal<String>>) -> Result<ViewFn, ChunkMissing> {
        Ok(match id {
            Some(id) => ViewFn::from(move || view! { <city::Course id=id/> }),
            None => ViewFn::from(|| view! { <city::Programs/> }),
        })
    }
}
