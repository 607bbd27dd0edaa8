//! The inbox (`/me/inbox`): what changed in my engagements, worked out by the server
//! (`GET /api/v1/me/inbox`, `domain::resident_view::inbox`), with pay that needs me and course
//! invitations. What is unread is what appeared since the inbox was last opened on this device
//! (the mark is kept in localStorage: the inbox is derived from engagement state, so there is
//! nothing to mark on the server, and no one else writes it).

use domain::resident_view::unread_count;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::engagements::JobTitle;
use crate::api;
use crate::components::load::{LoadError, Skeleton};
use crate::device::INBOX_OPENED as INBOX_OPENED_KEY;
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Inbox() -> impl IntoView {
    let lang = use_lang();
    let list = Fetched::new(|| api::resident::with_retries(api::resident::inbox));
    // Read once: this visit shows what was new when it began (ms since 1970, the device's clock);
    // the mark moves on once shown.
    let last_opened = LocalStorage::get::<i64>(INBOX_OPENED_KEY).ok();
    Effect::new(move |_| {
        if let Some(Ok(_)) = list.get() {
            let _ = LocalStorage::set(INBOX_OPENED_KEY, js_sys::Date::now() as i64);
        }
    });
    view! {
        <section class="page">
            <h1>{move || tr(lang, "お知らせ", "Inbox")}</h1>
            <PayNotices/>
            <CourseInvitations/>
            {move || match list.get() {
                None => Skeleton().into_fresh(),
                Some(Err(e)) => view! { <LoadError error=e retry=move || list.refetch()/> }.into_fresh(),
                Some(Ok(inbox)) => {
                    let entries = inbox.items;
                    if entries.is_empty() {
                        return view! { <p class="notice" data-testid="inbox" data-loaded="true">{move || tr(lang, "新しいお知らせはありません。", "Nothing new.")}</p> }.into_fresh();
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
                                let date = i.day;
                                let kind = i.kind.as_str();
                                let job = i.job.map(|j| j.as_str().to_owned());
                                let known = i.job_title;
                                view! {
                                    <li class="card" class:card-unread=unread data-kind=kind data-unread=unread.to_string()>
                                        <p>
                                            {unread.then(|| view! { <span class="badge badge-new">{move || tr(lang, "新着", "New")}</span>" " })}
                                            <strong>{move || pick(lang, &text)}</strong>
                                        </p>
                                        <p class="hint"><JobTitle id=job known/>" · "{date}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_fresh()
                }
            }}
        </section>
    }
}

/// Pay that needs me (issue 19): an invoice unpaid the day after its payment date, and a
/// payment the company recorded that I have not confirmed. Each links to its engagement's page.
#[component]
fn PayNotices() -> impl IntoView {
    let lang = use_lang();
    let notices = Fetched::new(api::fair::notices);
    let open = move |engagement: &str| format!("/me/work/{engagement}");
    view! {
        {move || notices.get().and_then(Result::ok).filter(|n| !n.overdue.is_empty() || !n.to_confirm.is_empty()).map(|n| view! {
            <h2>{move || tr(lang, "報酬のお知らせ", "About your pay")}</h2>
            <ul class="card-list" data-testid="pay-notices">
                {n.overdue.into_iter().map(|o| {
                    let text = o.message;
                    view! {
                        <li class="card card-unread" data-testid="pay-overdue">
                            <p><strong>{move || pick(lang, &text)}</strong></p>
                            <p><a href=open(&o.engagement)>{move || tr(lang, "請求書と支払いを見る", "See the invoice and payments")}</a></p>
                        </li>
                    }
                }).collect_view()}
                {n.to_confirm.into_iter().map(|c| {
                    let (period, paid) = (c.period, c.paid);
                    view! {
                        <li class="card card-unread" data-testid="pay-to-confirm">
                            <p><strong>{move || match lang.get() {
                                domain::model::Lang::Ja => format!("{period}分の支払い {} が記録されました。受け取ったか確かめてください。", paid.text(lang.get())),
                                domain::model::Lang::En => format!("A payment of {} for {period} was recorded. Please confirm you received it.", paid.text(lang.get())),
                            }}</strong></p>
                            <p><a href=open(&c.engagement)>{move || tr(lang, "受け取りを確かめる", "Confirm receipt")}</a></p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}

/// Courses a municipality put me on: I accept or decline each. Only an accepted course links
/// the municipality's list to my account (and lets a completion verify my skills).
#[component]
fn CourseInvitations() -> impl IntoView {
    use domain::city::OfferState;
    let lang = use_lang();
    let offers = Fetched::new(api::resident::courses);
    let decide = Action::new_local(move |(program, decision): &(String, &'static str)| {
        let (program, decision) = (program.clone(), *decision);
        async move {
            api::resident::decide_course(&program, decision, &api::new_idempotency_key()).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = decide.value().get() {
            offers.refetch();
        }
    });
    view! {
        {move || offers.get().and_then(Result::ok).filter(|o| !o.is_empty()).map(|list| view! {
            <h2>{move || tr(lang, "講座のご案内", "Course invitations")}</h2>
            <ul class="card-list" data-testid="course-invitations">
                {list.into_iter().map(|o| {
                    let name = o.name.clone();
                    let (accept, decline) = (o.program.as_str().to_owned(), o.program.as_str().to_owned());
                    let state = o.state;
                    view! {
                        <li class="card" data-testid="course-invitation" data-state=state.as_str()>
                            <p><strong>{move || pick(lang, &name)}</strong></p>
                            <p class="hint">{move || match state {
                                OfferState::Invited => tr(lang, "市町村がこの講座の受講者としてあなたを登録しました。受講しますか？ 受講すると、修了したときに musubi のスキルが「講座で確認済み」になります。", "Your municipality listed you for this course. Will you take it? If you do, finishing it marks your skills as checked by the course in musubi."),
                                OfferState::Accepted => tr(lang, "受講すると答えました。", "You said you will take it."),
                                OfferState::Declined => tr(lang, "受講しないと答えました。", "You said you will not take it."),
                            }}</p>
                            <div class="actions">
                                {(state != OfferState::Accepted).then(|| view! {
                                    <button class="button" data-testid="course-accept" on:click=move |_| { decide.dispatch((accept.clone(), "accept")); }>
                                        {move || tr(lang, "受講する", "Take the course")}</button>
                                })}
                                {(state != OfferState::Declined).then(|| view! {
                                    <button class="button button-secondary" data-testid="course-decline" on:click=move |_| { decide.dispatch((decline.clone(), "decline")); }>
                                        {move || tr(lang, "受講しない", "Not this time")}</button>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}
