//! The municipality's console (自治体, under `/city`): the region's continuity dashboard (only
//! aggregates, cells under 5 people suppressed), its report export, and the programs with
//! enrolment by CSV and completion. No page here shows a resident's profile.

mod course;
mod dashboard;
mod paid;
mod program_form;
mod trend;

pub use course::{Course, Programs};
pub use dashboard::Dashboard;

use leptos::prelude::*;

use crate::components::section_nav::{Section, SectionNav};
use crate::session::{municipality_of, use_session};

const SECTIONS: &[Section] = &[
    (
        "dashboard",
        "/city",
        "地域の定着状況",
        "Continuity dashboard",
    ),
    ("programs", "/city/programs", "講座・制度", "Programs"),
];

/// The console's sections; `current` is marked for screen readers.
#[component]
fn CityNav(current: &'static str) -> impl IntoView {
    view! { <SectionNav sections=SECTIONS current label=("自治体のメニュー", "Municipality menu") class="console-nav no-print"/> }
}

/// The staff member's municipality id once the session has loaded.
fn municipality_id()
-> impl std::future::Future<Output = Result<String, crate::api::ApiError>> + use<> {
    use_session().role_id_loaded(municipality_of)
}

fn my_municipality() -> Option<String> {
    use_session().role_id(municipality_of)
}
