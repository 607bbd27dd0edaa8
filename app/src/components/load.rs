//! Loading and failure states every area shares (the resident's pages, the consoles, a chunk
//! on its way: `split::Lazy`): a skeleton (never an endless spinner) and an error with a retry
//! button.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Skeleton() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="skeleton-block" aria-busy="true" data-testid="skeleton">
            <span class="visually-hidden">{move || tr(lang, "読み込み中", "Loading")}</span>
        </div>
    }
}

#[component]
pub fn LoadError(error: ApiError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let message = error.message();
    if error.is_unauthenticated() {
        crate::session::to_login(&current_path());
    }
    view! {
        <div class="notice notice-error" role="alert" data-testid="load-error">
            <p>{move || pick(lang, &message)}</p>
            <button type="button" class="button" on:click=move |_| retry()>
                {move || tr(lang, "もう一度読み込む", "Try again")}
            </button>
        </div>
    }
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned())
}

/// The Japanese calendar date of an instant, as `YYYY-MM-DD`.
pub fn day_of(at: chrono::DateTime<chrono::Utc>) -> String {
    ymd(domain::metrics::jst_date(at))
}

/// A fixed text in the current language. One component for every such text, so the views that
/// use it share one compiled type instead of a closure type each (the wasm is smaller).
#[component]
pub fn Tr(ja: &'static str, en: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || tr(lang, ja, en)
}

/// `YYYY-MM-DD` without chrono's formatter (which would add to the wasm).
pub fn ymd(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}
