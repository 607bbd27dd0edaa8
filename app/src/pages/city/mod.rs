//! The municipality's console (自治体, under `/city`): the region's continuity dashboard (only
//! aggregates, cells under 5 people suppressed), its report export, and the programs with
//! enrolment by CSV and completion. No page here shows a resident's profile.

mod course;
mod dashboard;

pub use course::{Course, Programs};
pub use dashboard::Dashboard;

use leptos::prelude::*;

use crate::i18n::{tr, use_lang};
use crate::session::use_session;

#[component]
fn CityNav(current: &'static str) -> impl IntoView {
    let lang = use_lang();
    let items: [(&str, &str, &str, &str); 2] = [
        (
            "dashboard",
            "/city",
            "地域の定着状況",
            "Continuity dashboard",
        ),
        ("programs", "/city/programs", "講座・制度", "Programs"),
    ];
    view! {
        <nav class="console-nav no-print" aria-label=move || tr(lang, "自治体のメニュー", "Municipality menu")>
            {items
                .into_iter()
                .map(|(key, href, ja, en)| {
                    view! {
                        <a href=href aria-current=(key == current).then_some("page")>
                            {move || tr(lang, ja, en)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The staff member's municipality, once the session is known.
fn my_municipality() -> Option<String> {
    use_session()
        .account()?
        .role
        .municipality
        .map(|m| m.to_string())
}
