//! `/hub/requests`: the region's work requests (仕事の相談), what needs the hub first (new, then
//! declined ones to revise, then those waiting for the company), each opening the scoping
//! workspace; and a form to write down a request a company made by phone or on a visit.
//! The order and the states are `domain::scoping`.

use domain::scoping::{RequestBrief, RequestStatus};
use leptos::prelude::*;

use super::HubNav;
use crate::api;
use crate::components::load::{LoadError, Skeleton, Tr, day_of};
use crate::components::work_request::RequestForm;
use crate::i18n::{pick, use_lang};

#[component]
pub fn WorkRequests() -> impl IntoView {
    let list = LocalResource::new(api::hub::work_requests);
    view! {
        <section class="page console">
            <HubNav current="requests"/>
            <h1><Tr ja="仕事の相談" en="Work requests"/></h1>
            <p class="hint"><Tr
                ja="企業の困りごとを、作業カードとチーム（控えの人つき）に切り分けて提案します。新しい相談と、見送られて見直す相談が先に並びます。"
                en="Split each company's need into task cards and a team with backups, then propose it. New requests and declined ones to revise come first."/></p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <RequestList list=l/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || list.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
            <WriteDown on_done=Callback::new(move |()| list.refetch())/>
        </section>
    }
}

#[component]
fn RequestList(list: Vec<RequestBrief>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p data-testid="requests-empty"><Tr ja="相談はまだありません。" en="No request yet."/></p> }.into_any();
    }
    view! {
        <ul class="cards" data-testid="request-list">
            {list.into_iter().map(|v| view! { <RequestCard view=v/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn RequestCard(view: RequestBrief) -> impl IntoView {
    let lang = use_lang();
    let label = view.status.label();
    let state = view.status.code();
    let reason = match &view.status {
        RequestStatus::Declined { reason, .. } => Some(reason.clone()),
        _ => None,
    };
    let href = format!("/hub/requests/{}", view.request.id);
    view! {
        <li class="card" data-testid="request" data-request=view.request.id.to_string() data-state=state>
            <h2 class="card-title"><a href=href>{view.company_name.clone()}</a></h2>
            <p><span class="badge" class:badge-alert=matches!(state, "new" | "declined")>{move || pick(lang, &label)}</span>
               " "<span class="muted">{day_of(view.request.at)}</span></p>
            <p class="request-text">{view.request.text.clone()}</p>
            {reason.map(|r| view! { <p class="muted"><Tr ja="見送りの理由: " en="Why declined: "/>{r}</p> })}
        </li>
    }
}

/// The hub writes a request down for an approved company of its region.
#[component]
fn WriteDown(on_done: Callback<()>) -> impl IntoView {
    let companies = LocalResource::new(api::hub::companies);
    let company = RwSignal::new(String::new());
    view! {
        <details class="card">
            <summary><Tr ja="電話や訪問で受けた相談を書き留める" en="Write down a request from a call or a visit"/></summary>
            <RequestForm prefix="request" company on_done submit=("相談として記録する", "Record the request")>
                <div class="field">
                    <label for="request-company"><Tr ja="企業" en="Company"/></label>
                    <select id="request-company" data-testid="request-company" aria-describedby="request-company-error"
                        on:change=move |ev| company.set(event_target_value(&ev))>
                        <option value=""><Tr ja="選んでください" en="Choose one"/></option>
                        {move || companies.get().and_then(Result::ok).map(|q| q.decided.into_iter()
                            .filter(|c| matches!(c.approval, domain::model::Approval::Approved { .. }))
                            .map(|c| view! { <option value=c.company.to_string()>{c.name}</option> })
                            .collect_view())}
                    </select>
                </div>
            </RequestForm>
        </details>
    }
}
