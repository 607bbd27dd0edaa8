//! The company's area (entry point `company`, under `/company`): registration and approval,
//! the need wizard, requests to the hub and its proposals, anonymous talent with shortlist and
//! compare, teams with backups, and running engagements. Route parameters are read here and passed down as props, so the pages
//! know nothing of the router (`crate::nav`).

mod engagements;
mod fair_profile;
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
use crate::components::shell::Shell;
use crate::i18n::{self, pick, t, tr, use_lang};
use crate::nav::{Protected, provide_nav};
use crate::pages::not_found::NotFound;
use crate::session::{self, company_of, use_session};
use crate::split::{ChunkMissing, Lazy};

/// The paths this entry point serves without a page load (see `scripts/app-entries.mjs`).
fn handles(path: &str) -> bool {
    path == "/company" || path.starts_with("/company/")
}

fn is_member(role: RoleKind) -> bool {
    role == RoleKind::CompanyMember
}

/// The company's area. The home (`/company`) is its first view; every other page group is a
/// chunk fetched when first opened (feature `split-company`).
#[component]
pub fn CompanyApp() -> impl IntoView {
    i18n::provide_lang();
    session::provide_session();
    let nav = provide_nav(handles);
    let page = move || {
        nav.route(|segments| match segments {
            ["company", "register"] => view! { <Lazy load=register_chunk/> }.into_any(),
            ["company"] => {
                view! { <Protected allowed=is_member><home::Home/></Protected> }.into_any()
            }
            ["company", "jobs", "new"] => member(|| view! { <Lazy load=wizard_chunk/> }.into_any()),
            ["company", "jobs", id] => {
                let job = id.to_string();
                member(move || {
                    let job = job.clone();
                    view! { <Lazy load=move || talent_chunk(job.clone(), false)/> }.into_any()
                })
            }
            ["company", "jobs", id, "team"] => {
                let job = id.to_string();
                member(move || {
                    let job = job.clone();
                    view! { <Lazy load=move || talent_chunk(job.clone(), true)/> }.into_any()
                })
            }
            ["company", "engagements"] => {
                member(|| view! { <Lazy load=engagements_chunk/> }.into_any())
            }
            ["company", "engagements", id, "work"] => {
                let engagement = id.to_string();
                member(move || {
                    let engagement = engagement.clone();
                    view! { <Lazy load=move || fair_work_chunk(engagement.clone())/> }.into_any()
                })
            }
            ["company", "requests"] => member(|| view! { <Lazy load=requests_chunk/> }.into_any()),
            ["company", "fair-work"] => {
                member(|| view! { <Lazy load=fair_profile_chunk/> }.into_any())
            }
            ["company", "terms"] => {
                member(|| view! { <Lazy load=|| terms_chunk(None)/> }.into_any())
            }
            // The engagement's resident reads and accepts the terms here too (a full page load
            // from the resident's area), so the document is the same one the company edits.
            ["company", "engagements", id, "terms"] => {
                let engagement = id.to_string();
                let page = move || {
                    let engagement = engagement.clone();
                    view! { <Lazy load=move || terms_chunk(Some(engagement.clone()))/> }.into_any()
                };
                view! { <Protected allowed=terms::may_read_engagement_terms>{page()}</Protected> }
                    .into_any()
            }
            _ => view! { <NotFound/> }.into_any(),
        })
    };
    view! { <Shell>{page}</Shell> }
}

/// A page of the company's members, behind their login.
fn member(page: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    view! { <Protected allowed=is_member>{page()}</Protected> }.into_any()
}

crate::split::in_chunk! { "split-company", company_register,
    /// A company's registration.
    fn register_chunk() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <register::Register/> }))
    }
}

crate::split::in_chunk! { "split-company", company_wizard,
    /// The need wizard.
    fn wizard_chunk() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <wizard::NeedWizard/> }))
    }
}

crate::split::in_chunk! { "split-company", company_talent,
    /// A job's talent (or, `team`, its team with backups).
    fn talent_chunk(job: String, team: bool) -> Result<ViewFn, ChunkMissing> {
        Ok(if team {
            ViewFn::from(move || view! { <team::TeamPage job=job.clone()/> })
        } else {
            ViewFn::from(move || view! { <talent::TalentPage job=job.clone()/> })
        })
    }
}

crate::split::in_chunk! { "split-company", company_engagements,
    /// The running engagements.
    fn engagements_chunk() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <engagements::Engagements/> }))
    }
}

crate::split::in_chunk! { "split-company", company_fair_work,
    /// One engagement's terms statement, reports, invoices and payments.
    fn fair_work_chunk(engagement: String) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || view! {
            <CompanyNav/>
            <crate::components::fair_work::FairWork engagement=engagement.clone()
                reader=crate::components::fair_work::Reader::Company
                terms_form=crate::components::fair_work::direct_terms_form/>
        }))
    }
}

crate::split::in_chunk! { "split-company", company_fair_profile,
    /// Which duties of the Freelance Act the company owes (its employees and officers).
    fn fair_profile_chunk() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <fair_profile::FairProfilePage/> }))
    }
}

crate::split::in_chunk! { "split-company", company_requests,
    /// The requests to the hub and its proposals.
    fn requests_chunk() -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(|| view! { <requests::Requests/> }))
    }
}

crate::split::in_chunk! { "split-company", company_terms,
    /// The company's confidentiality terms, or one engagement's (read and accepted by its
    /// resident too).
    fn terms_chunk(engagement: Option<String>) -> Result<ViewFn, ChunkMissing> {
        Ok(match engagement {
            Some(engagement) => ViewFn::from(move || view! { <terms::EngagementTermsPage engagement=engagement.clone()/> }),
            None => ViewFn::from(|| view! { <terms::TermsPage/> }),
        })
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
fn my_company() -> Option<String> {
    use_session().role_id(company_of)
}

/// The member's company id once the session has loaded.
fn company_id() -> impl std::future::Future<Output = Result<String, crate::api::ApiError>> + use<> {
    use_session().role_id_loaded(company_of)
}

/// Posts an event of an engagement as `intent`, then reloads on success.
async fn post_engagement_event(
    engagement: StoredValue<String>,
    kind: domain::engagement::EventKind,
    intent: crate::api::Intent,
    reload: Callback<()>,
) -> Result<(), ApiError> {
    let r = intent
        .send(|key| async move {
            crate::api::company::post_event(&engagement.get_value(), &kind, &key).await
        })
        .await;
    if r.is_ok() {
        reload.run(());
    }
    r
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
            <a href="/company/fair-work">{t("フリーランス法", "Freelance Act")}</a>
        </nav>
    }
}
