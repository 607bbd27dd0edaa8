//! The hub's console (推進ハブ, under `/hub`): the pipeline board, the check-ins due, whom to
//! call (idle graduates, work ending), and each resident's and company's handover timeline.
//! Components read data and show it; the rules are `domain::hub` and `domain::engagement`.

mod attention;
mod board;
mod due;
mod timeline;

pub use attention::Attention;
pub use board::Board;
pub use due::DueList;
pub use timeline::Timeline;

use leptos::prelude::*;

use crate::components::section_nav::{Section, SectionNav};

const SECTIONS: &[Section] = &[
    ("board", "/hub", "パイプライン", "Pipeline"),
    ("due", "/hub/due", "チェックイン予定", "Check-ins due"),
    (
        "attention",
        "/hub/attention",
        "声かけが必要な人",
        "Who needs a call",
    ),
];

/// The console's sections; `current` is marked for screen readers.
#[component]
fn HubNav(current: &'static str) -> impl IntoView {
    view! { <SectionNav sections=SECTIONS current label=("推進ハブのメニュー", "Hub menu") class="console-nav"/> }
}

/// An opaque id for a card: whole when short (residents' ids are), else its start and "…".
fn short(id: &str) -> String {
    if id.chars().count() <= 14 {
        return id.to_owned();
    }
    let mut out: String = id.chars().take(12).collect();
    out.push('…');
    out
}
