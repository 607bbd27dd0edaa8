//! The hub's console (推進ハブ, under `/hub`): the pipeline board, the check-ins due, whom to
//! call (idle graduates, work ending), and each resident's and company's handover timeline.
//! Components read data and show it; the rules are `domain::hub` and `domain::engagement`.

mod approvals;
mod attention;
mod board;
mod due;
mod identity;
mod invites;
mod timeline;
mod verify;

pub use approvals::Approvals;
pub use attention::Attention;
pub use board::Board;
pub use due::DueList;
pub use invites::Invites;
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
    (
        "companies",
        "/hub/companies",
        "企業の承認",
        "Company approvals",
    ),
    ("invites", "/hub/invites", "招待コード", "Invite codes"),
];

/// The console's sections; `current` is marked for screen readers.
#[component]
fn HubNav(current: &'static str) -> impl IntoView {
    view! { <SectionNav sections=SECTIONS current label=("推進ハブのメニュー", "Hub menu") class="console-nav"/> }
}

/// A resident as a card shows them: the name when the hub may see it, else the opaque id.
fn resident_label(name: &Option<String>, id: &str) -> String {
    name.clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| short(id))
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
