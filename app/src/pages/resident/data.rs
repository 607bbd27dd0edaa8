//! My data (`/me/data`): download everything stored about me, or delete my account after a
//! clear confirmation.

use leptos::prelude::*;

use crate::api;
use crate::components::form::ErrorNotice;
use crate::i18n::{tr, use_lang};
use crate::session::go;

#[component]
pub fn MyData() -> impl IntoView {
    let lang = use_lang();
    let understood = RwSignal::new(false);
    let delete = Action::new_local(|_: &()| api::resident::delete_me());
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            go("/");
        }
    });
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    view! {
        <section class="page narrow">
            <h1>{move || tr(lang, "わたしのデータ", "My data")}</h1>
            <h2>{move || tr(lang, "データのダウンロード", "Download my data")}</h2>
            <p>{move || tr(lang, "あなたについて保存している内容（お名前・連絡先・できること・働ける時間・希望）と、企業とのやりとりの記録を、ひとつのファイルにまとめて受け取れます。ほかのサービスに移すときや、控えとして使えます。", "Get, in one file, everything stored about you (name, contact, what you can do, when you can work, wishes) and the record of your work with companies: to keep, or to take to another service.")}</p>
            <a class="button button-secondary" href="/api/v1/me/export" download="musubi-export.json" data-testid="export">
                {move || tr(lang, "ダウンロードする", "Download")}
            </a>
            <h2>{move || tr(lang, "アカウントの削除", "Delete my account")}</h2>
            <p>{move || tr(lang,
                "削除すると、名前・連絡先・プロフィールは消え、元に戻せません。企業との記録は、あなたが分からない形でのみ残ります。",
                "Deleting removes your name, contact and profile for good. Records with companies stay only in a form that no longer identifies you.")}</p>
            <label class="choice">
                <input type="checkbox" data-testid="delete-understood" prop:checked=move || understood.get()
                    on:change=move |ev| understood.set(event_target_checked(&ev))/>
                <span>{move || tr(lang, "元に戻せないことを理解しました", "I understand this cannot be undone")}</span>
            </label>
            <ErrorNotice error/>
            <button type="button" class="button button-danger button-wide" data-testid="delete"
                disabled=move || !understood.get() || delete.pending().get()
                on:click=move |_| { delete.dispatch(()); }>
                {move || tr(lang, "アカウントを削除する", "Delete my account")}
            </button>
        </section>
    }
}
