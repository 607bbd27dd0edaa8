//! My engagements (`/me/engagements`) with their stage and what happens next, and the inbox
//! (`/me/inbox`) of what changed, derived by `domain::resident_view::inbox`. What is unread is
//! what appeared since the inbox was last opened on this device (the mark is kept in
//! localStorage: the inbox is derived from engagement state, so there is nothing to mark on the
//! server, and no one else writes it).

use domain::resident_view::{
    EngagementBrief, inbox, next_step, stage_for_you, terms_explained, terms_to_accept,
    unread_count,
};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::{Failed, Skeleton};
use crate::api;
use crate::i18n::{pick, tr, use_lang};

fn load() -> LocalResource<Result<Vec<EngagementBrief>, api::ApiError>> {
    LocalResource::new(|| api::resident::with_retries(api::resident::engagements))
}

/// A job's title, read once per card (the engagement names only the job's id).
#[component]
pub(super) fn JobTitle(id: Option<String>) -> impl IntoView {
    let title = LocalResource::new(move || {
        let id = id.clone();
        async move {
            match id {
                Some(id) => api::resident::job(&id).await.ok().map(|j| j.title),
                None => None,
            }
        }
    });
    move || title.get().flatten().unwrap_or_else(|| "…".to_owned())
}

#[component]
pub fn Engagements() -> impl IntoView {
    let lang = use_lang();
    let list = load();
    view! {
        <section class="page">
            <h1>{move || tr(lang, "進行中の仕事", "My work")}</h1>
            <p class="hint">{move || tr(lang, "あなたが「興味あり」を送った仕事と、企業があなたに興味を示した仕事です。", "Jobs you showed interest in, and jobs whose company is interested in you.")}</p>
            {move || match list.get() {
                None => Skeleton().into_any(),
                Some(Err(e)) => view! { <Failed error=e retry=move || list.refetch()/> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! {
                    <p class="notice" data-testid="engagements" data-loaded="true">
                        {move || tr(lang, "まだありません。おすすめの仕事から「興味あり」を送ってみましょう。", "Nothing yet. Show interest in a job from your matches.")}
                        " " <a href="/me">{move || tr(lang, "おすすめを見る", "See matches")}</a>
                    </p>
                }.into_any(),
                Some(Ok(items)) => view! {
                    <ul class="card-list" data-testid="engagements" data-loaded="true">
                        {items.into_iter().map(|e| {
                            let label = stage_for_you(e.stage);
                            let next = next_step(e.stage);
                            let job = e.job().map(|j| j.as_str().to_owned());
                            // The company's confidentiality terms, before contacts open on work with its data.
                            let terms = terms_to_accept(&e);
                            view! {
                                <li class="card" data-testid="engagement">
                                    <h2><JobTitle id=job/></h2>
                                    <p><span class="badge">{move || pick(lang, &label)}</span></p>
                                    <p>{move || pick(lang, &next)}</p>
                                    {e.state.is_mutual().then(|| view! {
                                        <p><a class="button button-secondary" data-testid="fair-work-link"
                                            href=format!("/me/engagements/{}/work", e.id.0)>
                                            {move || tr(lang, "取引条件・報告・支払い", "Terms, reports and pay")}
                                        </a></p>
                                    })}
                                    {terms.map(|href| {
                                        let why = terms_explained();
                                        view! {
                                            <p data-testid="terms-why">{move || pick(lang, &why)}</p>
                                            <p><a class="button" href=href data-testid="terms-to-accept">{move || tr(lang, "守秘の約束を読んで同意する", "Read and accept the confidentiality terms")}</a></p>
                                        }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

const INBOX_OPENED_KEY: &str = "musubi.inbox.opened";

/// When the inbox was last opened on this device.
fn inbox_last_opened() -> Option<chrono::DateTime<chrono::Utc>> {
    LocalStorage::get::<i64>(INBOX_OPENED_KEY)
        .ok()
        .and_then(chrono::DateTime::from_timestamp_millis)
}

#[component]
pub fn Inbox() -> impl IntoView {
    let lang = use_lang();
    let list = load();
    // Read once: this visit shows what was new when it began; the mark moves on once shown.
    let last_opened = inbox_last_opened();
    Effect::new(move |_| {
        if let Some(Ok(_)) = list.get() {
            let _ = LocalStorage::set(INBOX_OPENED_KEY, js_sys::Date::now() as i64);
        }
    });
    view! {
        <section class="page">
            <h1>{move || tr(lang, "お知らせ", "Inbox")}</h1>
            {move || match list.get() {
                None => Skeleton().into_any(),
                Some(Err(e)) => view! { <Failed error=e retry=move || list.refetch()/> }.into_any(),
                Some(Ok(items)) => {
                    let entries = inbox(&items, now());
                    if entries.is_empty() {
                        return view! { <p class="notice" data-testid="inbox" data-loaded="true">{move || tr(lang, "新しいお知らせはありません。", "Nothing new.")}</p> }.into_any();
                    }
                    let unread = unread_count(&entries, last_opened);
                    view! {
                        <p data-testid="unread-count" role="status">{move || match lang.get() {
                            domain::model::Lang::Ja => format!("未読 {unread}件"),
                            domain::model::Lang::En => format!("{unread} unread"),
                        }}</p>
                        <ul class="card-list" data-testid="inbox" data-loaded="true">
                            {entries.into_iter().map(|i| {
                                let unread = i.is_unread(last_opened);
                                let text = i.text;
                                let date = i.at.date_naive().to_string();
                                let kind = i.kind.as_str();
                                let job = i.job.map(|j| j.as_str().to_owned());
                                view! {
                                    <li class="card" class:card-unread=unread data-kind=kind data-unread=unread.to_string()>
                                        <p>
                                            {unread.then(|| view! { <span class="badge badge-new">{move || tr(lang, "新着", "New")}</span>" " })}
                                            <strong>{move || pick(lang, &text)}</strong>
                                        </p>
                                        <p class="hint"><JobTitle id=job/>" · "{date}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
