//! The confidentiality terms of one of my engagements (`/me/engagements/{id}/terms`), read and
//! accepted inside the resident's own area (its tabs stay): why the step exists, the text in
//! force with its version, and one button that records the acceptance.

use domain::model::{Lang, Localized};
use domain::resident_view::terms_explained;
use domain::terms::EngagementTermsBrief;
use leptos::prelude::*;

use crate::api;
use crate::components::load::{LoadError, Skeleton};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{pick, t, use_lang};

#[component]
pub fn Terms(engagement: String) -> impl IntoView {
    let id = StoredValue::new(engagement);
    let data = Fetched::new(move || {
        let id = id.get_value();
        async move { api::resident::engagement_terms(&id).await }
    });
    let why = terms_explained();
    let lang = use_lang();
    view! {
        <section class="page narrow">
            <h1>{t("守秘の約束", "Confidentiality terms")}</h1>
            <p>{move || pick(lang, &why)}</p>
            {move || match data.get() {
                None => Skeleton().into_fresh(),
                Some(Err(e)) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_fresh(),
                Some(Ok(et)) => view! { <TermsView et id reload=move || data.refetch()/> }.into_fresh(),
            }}
            <p><a href="/me/engagements" class="inline-link">{t("進行中の仕事へ戻る", "Back to my work")}</a></p>
        </section>
    }
}

#[component]
fn TermsView(
    et: EngagementTermsBrief,
    id: StoredValue<String>,
    reload: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let intent = api::Intent::new();
    let accept = Action::new_local(move |version: &u32| {
        let version = *version;
        async move {
            let r = intent
                .send(|key| async move {
                    api::resident::accept_terms(&id.get_value(), version, &key).await
                })
                .await;
            if r.is_ok() {
                reload();
            }
            r
        }
    });
    let version = et.terms.version;
    let status = match et.accepted_version {
        Some(v) if et.accepted_current => Localized::new(
            format!("第{v}版に同意しました。連絡先が交換されます。"),
            format!("You accepted version {v}. Contacts are exchanged."),
        ),
        Some(v) => Localized::new(
            format!("第{v}版に同意済みです。その後、第{version}版に改められました。"),
            format!("You accepted version {v}; the terms have since changed to version {version}."),
        ),
        None if !et.needs_terms => Localized::new(
            "この仕事では同意は要りません。",
            "This work needs no acceptance.",
        ),
        None => Localized::new("まだ同意していません。", "Not accepted yet."),
    };
    let can_accept = et.needs_terms && !et.accepted_current;
    let body = et.terms.body;
    let error = move || {
        accept
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.message())
    };
    view! {
        <p><strong>{et.job_title}</strong></p>
        <p class="notice" data-testid="terms-status" role="status">{move || pick(lang, &status)}</p>
        <article class="card terms-text" data-testid="terms-text" data-version=version.to_string()>
            <p class="hint">{move || match lang.get() {
                Lang::Ja => format!("第{version}版"),
                Lang::En => format!("Version {version}"),
            }}</p>
            <div class="terms-body">{move || pick(lang, &body)}</div>
        </article>
        {can_accept.then(|| view! {
            <p>{t(
                "上の文面を読み、守ることに同意します。同意した版と日時が記録され、企業と推進ハブが確かめられます。",
                "I have read the text above and agree to keep it. The version and time are recorded; the company and the hub can see them.",
            )}</p>
            {move || error().map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
            <button type="button" class="button button-wide" data-testid="accept-terms"
                disabled=move || accept.pending().get() on:click=move |_| { accept.dispatch(version); }>
                {move || match lang.get() {
                    Lang::Ja => format!("第{version}版に同意する"),
                    Lang::En => format!("Accept version {version}"),
                }}
            </button>
        })}
    }
}
