//! The UI language: Japanese by default, English on request, remembered on the device.

use domain::model::Lang;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use crate::device::LANG as STORAGE_KEY;

#[derive(Debug, Clone, Copy)]
pub struct LangSignal(pub RwSignal<Lang>);

pub fn provide_lang() {
    let saved = LocalStorage::get::<Lang>(STORAGE_KEY).unwrap_or_default();
    let lang = RwSignal::new(saved);
    Effect::new(move |_| {
        let current = lang.get();
        let _ = LocalStorage::set(STORAGE_KEY, current);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang_code(current));
        }
        // The tab's title follows the language too (index.html has the Japanese one).
        document().set_title(match current {
            Lang::Ja => "musubi（結び）— 地域の仕事を、みんなで結ぶ",
            Lang::En => "musubi — tying local work together",
        });
    });
    provide_context(LangSignal(lang));
}

pub fn use_lang() -> RwSignal<Lang> {
    use_context::<LangSignal>()
        .map(|l| l.0)
        .unwrap_or_else(|| RwSignal::new(Lang::Ja))
}

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

/// Picks the text for the current language; reactive when called inside a view closure.
pub fn tr(lang: RwSignal<Lang>, ja: &'static str, en: &'static str) -> &'static str {
    match lang.get() {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// Picks the current language's text of a server message or vocabulary entry.
pub fn pick(lang: RwSignal<Lang>, text: &domain::model::Localized) -> String {
    match lang.get() {
        Lang::Ja => text.ja.clone(),
        Lang::En => text.en.clone(),
    }
}

/// A text in both languages as a signal, for views and attributes. Prefer it to
/// `move || tr(lang, ja, en)`: every closure is a type of its own and links its own copy of
/// the reactive render code, while every `t(..)` is the same type, linked once.
pub fn t(ja: &'static str, en: &'static str) -> Signal<&'static str> {
    let lang = use_lang();
    Signal::derive(move || tr(lang, ja, en))
}
