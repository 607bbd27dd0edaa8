//! A section far below a console's first screen, shown (with the chunk and the reads it needs)
//! once its place comes within a screen of the viewport, so that a first view on a weak link does
//! not pay for what nobody has scrolled to. The page's print button shows every such section
//! first and opens the dialog once it has loaded (`Below::print`), so a printed report is whole.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Whether the section is shown, whether what it shows has loaded (its content, or its error),
/// and whether a print waits for it.
#[derive(Clone, Copy)]
pub struct Below {
    near: RwSignal<bool>,
    settled: RwSignal<bool>,
    print_asked: RwSignal<bool>,
}

impl Below {
    pub fn new() -> Self {
        let below = Self {
            near: RwSignal::new(false),
            settled: RwSignal::new(false),
            print_asked: RwSignal::new(false),
        };
        Effect::new(move |_| {
            if below.print_asked.get() && below.settled.get() {
                below.print_asked.set(false);
                // After the section's content is on the page.
                request_animation_frame(super::print_page);
            }
        });
        below
    }

    /// Shows the section, and opens the print dialog once it has loaded.
    pub fn print(&self) {
        self.near.set(true);
        self.print_asked.set(true);
    }

    /// Called by the section once its content (or its error) is on the page.
    pub fn settle(&self) {
        if !self.settled.get_untracked() {
            self.settled.set(true);
        }
    }
}

type Watch = (IntersectionObserver, Closure<dyn Fn(js_sys::Array)>);

/// `children` once `below` is near the screen. Until then its place is an empty block of a
/// section's height (`.below-fold`): nothing is loading yet, so no skeleton says so.
#[component]
pub fn WhenNear(below: Below, children: ChildrenFn) -> impl IntoView {
    let place = NodeRef::<leptos::html::Div>::new();
    let watch = StoredValue::new_local(None::<Watch>);
    let stop = move || {
        watch.try_update_value(|w| {
            if let Some((observer, _)) = w.take() {
                observer.disconnect();
            }
        });
    };
    Effect::new(move |_| {
        if below.near.get() {
            stop();
            return;
        }
        let Some(element) = place.get() else { return };
        if watch.with_value(Option::is_some) {
            return;
        }
        let near = below.near;
        let seen = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if entries.iter().any(|e| {
                e.unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting()
            }) {
                near.set(true);
            }
        });
        // Within one screen's height below (or above) the viewport.
        let options = IntersectionObserverInit::new();
        options.set_root_margin("100% 0px");
        match IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &options) {
            Ok(observer) => {
                observer.observe(&element);
                watch.set_value(Some((observer, seen)));
            }
            // No observer in this browser: show it at once.
            Err(_) => near.set(true),
        }
    });
    on_cleanup(stop);
    view! {
        <div class="below-fold" node_ref=place data-testid="below-fold">
            {move || below.near.get().then(|| children())}
        </div>
    }
}
