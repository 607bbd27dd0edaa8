use domain::model::Lang;
use leptos::prelude::*;

use crate::i18n::{t, tr, use_lang};

/// Whether a session is open on this device: the server sets the script-readable `musubi_in`
/// cookie beside the session's (HttpOnly) cookie and clears both on log-out, so the header
/// knows without a request (no round trip on the landing page or the wizard).
fn signed_in() -> bool {
    js_sys::Reflect::get(&document(), &"cookie".into())
        .ok()
        .and_then(|c| c.as_string())
        .is_some_and(|c| c.split(';').any(|p| p.trim() == "musubi_in=1"))
}

/// The brand, the way in or out, and the language switch, on every page of every area.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let toggle = move |_| lang.update(|l| *l = if *l == Lang::Ja { Lang::En } else { Lang::Ja });
    let leaving = RwSignal::new(false);
    let log_out = move |_| {
        leaving.set(true);
        leptos::task::spawn_local(async move {
            // Logging out twice is not an error; whatever the answer, the front door comes next.
            let _ = crate::api::session::logout().await;
            crate::session::go("/");
        });
    };
    let door = if signed_in() {
        view! {
            <button type="button" class="header-action" data-testid="logout" on:click=log_out
                disabled=move || leaving.get()>
                {t("ログアウト", "Log out")}
            </button>
        }
        .into_any()
    } else {
        view! { <a class="header-action" href="/login" data-testid="login">{t("ログイン", "Log in")}</a> }
            .into_any()
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"結"</span>
                <span>"musubi"</span>
            </a>
            <div class="header-actions">
                {door}
                <button
                    type="button"
                    class="lang-switch"
                    data-testid="lang-switch"
                    on:click=toggle
                    aria-label=move || tr(lang, "Switch to English", "日本語に切り替える")
                >
                    {move || tr(lang, "English", "日本語")}
                </button>
            </div>
        </header>
    }
}
