//! The hub's console (推進ハブ, under `/hub`): the pipeline board, the check-ins due, whom to
//! call (idle graduates, work ending), companies' work requests and their scoping, and each
//! resident's and company's handover timeline.
//! Components read data and show it; the rules are `domain::hub` and `domain::engagement`.

mod approvals;
mod attention;
mod board;
mod due;
mod identity;
mod invites;
mod requests;
mod scoping;
mod timeline;
mod verify;

pub use approvals::Approvals;
pub use attention::Attention;
pub use board::Board;
pub use due::DueList;
pub use invites::Invites;
pub use requests::WorkRequests;
pub use timeline::Timeline;

use leptos::prelude::*;

use crate::components::section_nav::{Section, SectionNav};
use crate::split::{ChunkMissing, Lazy};

/// `/hub/requests/{id}`: the scoping workspace, fetched as a wasm chunk of its own the first time
/// it opens (feature `split-hub`), so that the board, the hub's first view, does not carry it.
#[component]
pub fn ScopingPage(#[prop(into)] id: Signal<String>) -> impl IntoView {
    view! { <Lazy load=move || scoping_view(id)/> }
}

crate::split::in_chunk! { "split-hub", hub_scoping,
    /// The workspace's view, built in the chunk.
    fn scoping_view(id: Signal<String>) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || view! { <scoping::Scoping id/> }))
    }
}

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
    ("requests", "/hub/requests", "仕事の相談", "Work requests"),
    ("invites", "/hub/invites", "招待コード", "Invite codes"),
];

/// The console's sections; `current` is marked for screen readers.
#[component]
fn HubNav(current: &'static str) -> impl IntoView {
    view! { <SectionNav sections=SECTIONS current label=("推進ハブのメニュー", "Hub menu") class="console-nav"/> }
}

/// A resident as a card shows them: the name when the hub may see it, else words (a deleted
/// account, or one of another region), never the opaque id.
fn resident_label(name: &Option<String>, _id: &str) -> String {
    name.clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            crate::i18n::tr(
                crate::i18n::use_lang(),
                "（名前を表示できない住民）",
                "(a resident whose name cannot be shown)",
            )
            .to_owned()
        })
}
