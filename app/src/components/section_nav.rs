//! An area's row of section links, the current one marked for screen readers (`aria-current`).

use leptos::prelude::*;

use crate::i18n::{tr, use_lang};

/// One section: a key the page names itself by, its path, and its name in both languages.
pub type Section = (&'static str, &'static str, &'static str, &'static str);

#[component]
pub fn SectionNav(
    sections: &'static [Section],
    current: &'static str,
    /// The navigation's accessible name, in both languages.
    label: (&'static str, &'static str),
    #[prop(default = "console-nav")] class: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class=class aria-label=move || tr(lang, label.0, label.1)>
            {sections
                .iter()
                .map(|&(key, href, ja, en)| {
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
