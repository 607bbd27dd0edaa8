//! The skill record (スキル証明): mine at `/me/record` (issued fresh, with its shareable link and
//! a print button) and anyone's at `/record/{id}`, checked against the server's signature.

use domain::api::VerifiedBy;
use domain::record::{RecordCheck, Shown, day};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::load::{LoadError, Skeleton};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn MyRecord() -> impl IntoView {
    view! { <RecordPage id=None mine=true/> }
}

#[component]
pub fn SharedRecord(id: String) -> impl IntoView {
    view! { <RecordPage id=Some(id) mine=false/> }
}

#[component]
fn RecordPage(id: Option<String>, mine: bool) -> impl IntoView {
    let lang = use_lang();
    let data = Fetched::new(move || {
        let id = id.clone();
        async move { api::resident::with_retries(|| api::resident::record_text(id.as_deref())).await }
    });
    view! {
        <section class="page narrow record">
            <h1>{move || tr(lang, "スキル証明", "Skill record")}</h1>
            {move || match data.get() {
                None => Skeleton().into_fresh(),
                Some(Ok(text)) => match serde_json::from_str::<Shown>(&text) {
                    Ok(shown) => view! { <RecordView shown text mine/> }.into_fresh(),
                    Err(_) => view! { <LoadError error=ApiError::Network retry=move || data.refetch()/> }.into_fresh(),
                },
                Some(Err(e)) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_fresh(),
            }}
        </section>
    }
}

#[component]
fn RecordView(shown: Shown, text: String, mine: bool) -> impl IntoView {
    let lang = use_lang();
    // None: checking; Some(None): could not be checked.
    let check = RwSignal::new(None::<Option<RecordCheck>>);
    leptos::task::spawn_local(async move {
        check.set(Some(api::resident::verify_record(text).await.ok()));
    });
    let revoked = shown.revoked.is_some();
    let r = shown.record;
    let link = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}/record/{}", r.id))
        .unwrap_or_default();
    let issued = day(&r.issued_at);
    let expires = day(&r.expires_at);
    let holder = r.holder.clone();
    view! {
        <p class="record-holder"><strong>{holder}</strong></p>
        <p class="hint">{move || tr(lang, "発行日", "Issued")}" "{issued}" · "{move || tr(lang, "有効期限", "Valid until")}" "{expires}</p>
        {revoked.then(|| view! {
            <p class="notice notice-warn" role="alert" data-testid="record-revoked">
                {move || tr(lang, "この証明は取り消されました。内容は証明として使えません。", "This record was revoked. It no longer proves anything.")}
            </p>
        })}
        <p data-testid="record-check" role="status">
            {move || match check.get() {
                None => tr(lang, "署名を確認しています…", "Checking the signature…"),
                Some(Some(c)) if c.valid => tr(lang, "✓ musubiの署名を確認しました（改ざんされていません）", "✓ Signed by musubi: not altered"),
                Some(Some(c)) if c.revoked => tr(lang, "✗ 取り消された証明です", "✗ This record was revoked"),
                Some(Some(c)) if c.expired => tr(lang, "✗ 有効期限が切れた証明です", "✗ This record has expired"),
                Some(_) => tr(lang, "✗ 署名を確認できませんでした", "✗ The signature could not be confirmed"),
            }}
        </p>
        <p data-testid="record-what">{move || if mine { tr(lang,
            "この証明は、講座の修了や推進ハブの確認で確かめられた、あなたのできることと、musubiでやり終えた仕事を示します。",
            "This record shows what you can do, as confirmed by a finished course or the hub, and the work you finished through musubi.") } else { tr(lang,
            "この証明は、講座の修了や推進ハブの確認で確かめられた、この方のできることと、musubiでやり終えた仕事を示します。",
            "This record shows what this person can do, as confirmed by a finished course or the hub, and the work they finished through musubi.") }}</p>
        <h2>{move || tr(lang, "確認されたスキル", "Verified skills")}</h2>
        {if r.skills.is_empty() {
            Some(view! { <p>{move || tr(lang, "まだ確認されたスキルはありません。講座の修了や推進ハブの確認で追加されます。", "No verified skills yet: a finished course or the hub's confirmation adds them.")}</p> })
        } else { None }}
        <ul class="card-list" data-testid="record-skills">
            {r.skills.into_iter().map(|s| {
                let name = s.name;
                let level = s.level.label();
                let by = match s.verified_by { VerifiedBy::Course => ("講座の修了", "finished a course"), VerifiedBy::Hub => ("推進ハブが確認", "confirmed by the hub") };
                view! {
                    <li class="card">
                        <strong>{move || pick(lang, &name)}</strong>
                        <p class="hint">{move || pick(lang, &level)}" · "{move || tr(lang, by.0, by.1)}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>{move || tr(lang, "やり終えた仕事", "Finished work")}</h2>
        {r.finished_work.is_empty().then(|| view! {
            <p data-testid="no-finished-work">{move || tr(lang,
                "まだありません。musubiで仕事をやり終えると、ここに載ります。",
                "None yet. Work you finish through musubi appears here.")}</p>
        })}
        <ul class="card-list">
            {r.finished_work.into_iter().map(|w| {
                let when = day(&w.ended_at);
                let hours = w.hours;
                view! { <li class="card"><strong>{w.title}</strong><p class="hint">{when}" · "{move || match lang.get() { domain::model::Lang::Ja => format!("{hours}時間"), domain::model::Lang::En => format!("{hours} h") }}</p></li> }
            }).collect_view()}
        </ul>
        {mine.then(|| view! {
            <h2>{move || tr(lang, "共有と印刷", "Share and print")}</h2>
            <div class="field">
                <label for="record-link">{move || tr(lang, "このページのリンク（相手はログイン不要）", "Link to this record (no login needed)")}</label>
                <input id="record-link" readonly value=link.clone() data-testid="record-link"/>
            </div>
            <button type="button" class="button button-secondary" on:click=move |_| crate::components::print_page()>
                {move || tr(lang, "印刷する", "Print")}
            </button>
        })}
        <p class="hint" data-testid="record-who">{move || tr(lang,
            "リンクを受け取った人は、ログインしなくてもこのページを開けます。musubiの電子署名がついているので、内容が書きかえられていないことを、だれでも確かめられます。",
            "Anyone you give the link to can open this page without logging in. It carries musubi's digital signature, so anyone can check that nothing was changed.")}</p>
    }
}
