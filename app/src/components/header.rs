use domain::model::Lang;
use leptos::prelude::*;

use crate::i18n::{t, tr, use_lang};

/// Whether a session is open on this device: the server sets the script-readable `musubi_in`
/// cookie beside the session's (HttpOnly) cookie and clears both on log-out, so the header
/// knows without a request (no round trip on the landing page or the wizard).
pub(crate) fn signed_in() -> bool {
    session_marker().is_some()
}

/// The `musubi_in` marker's value: the session's role by its wire name (`resident`, `hub`…),
/// `None` without a session on this device. A hint for the first view, never a permission: the
/// server checks every read.
pub(crate) fn session_marker() -> Option<String> {
    let doc: wasm_bindgen::JsValue = document().into();
    let cookies = js_sys::Reflect::get(&doc, &"cookie".into())
        .ok()?
        .as_string()?;
    cookies
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("musubi_in="))
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The brand, the way in or out, and the language switch, on every page of every area.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let toggle = move |_| lang.update(|l| *l = if *l == Lang::Ja { Lang::En } else { Lang::Ja });
    // Log-out is a plain form: the worker ends the session and answers 303 to `/`, so no
    // area links request code for it.
    let door = if signed_in() {
        view! {
            <form
                class="header-form"
                method="post"
                action="/api/v1/sessions/current"
                on:submit=|_| crate::session::leaving()
            >
                <button type="submit" class="header-action" data-testid="logout">{t("ログアウト", "Log out")}</button>
            </form>
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
