//! The frame of every area's pages: the header, the offline banner and `<main>`. Each area's
//! root (`pages/<area>/mod.rs`) puts its router inside it.

use leptos::prelude::*;

use crate::components::header::Header;
use crate::i18n::{tr, use_lang};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <Header/>
        <OfflineBanner/>
        <main id="main">{children()}</main>
    }
}

/// Says clearly when the phone is offline, and that nothing typed is lost.
#[component]
fn OfflineBanner() -> impl IntoView {
    let lang = use_lang();
    let online = RwSignal::new(web_sys::window().is_none_or(|w| w.navigator().on_line()));
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    move || {
        (!online.get()).then(|| view! {
            <p class="offline-banner" role="status" data-testid="offline">
                {move || tr(lang, "オフラインです。入力はこの端末に保存されます。", "You are offline. What you type is kept on this device.")}
            </p>
        })
    }
}
