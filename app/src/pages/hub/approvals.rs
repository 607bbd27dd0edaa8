//! `/hub/companies`: the companies of the region waiting for the hub's approval, each with
//! approve and reject (a reason is required to reject: the company is shown it), and the
//! decisions already made. The rule is `domain::approval`; the order `domain::hub::company_queue`.

use domain::approval::ApprovalInput;
use domain::hub::{CompanyApplication, CompanyQueue};
use domain::model::Approval;
use domain::validate::Raw;
use leptos::prelude::*;

use super::HubNav;
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::{LoadError, Skeleton, Tr, day_of};

#[component]
pub fn Approvals() -> impl IntoView {
    let queue = LocalResource::new(api::hub::companies);
    view! {
        <section class="page console">
            <HubNav current="companies"/>
            <h1><Tr ja="企業の承認" en="Company approvals"/></h1>
            <p class="hint"><Tr
                ja="承認すると、その企業は仕事を掲載し人材を探せるようになります。却下の理由は企業に表示されます。"
                en="Once approved, a company may post work and see talent. A rejection's reason is shown to the company."/></p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(q) => view! { <QueueView queue=q/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || queue.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn QueueView(queue: CompanyQueue) -> impl IntoView {
    let pending = queue.pending.len();
    view! {
        <h2 id="pending-title"><Tr ja="承認待ち" en="Waiting for approval"/>" "<span class="count" data-testid="pending-count">{pending}</span></h2>
        {if queue.pending.is_empty() {
            view! { <p data-testid="pending-empty"><Tr ja="承認待ちの企業はありません。" en="No company is waiting."/></p> }.into_any()
        } else {
            view! {
                <ul class="cards" aria-labelledby="pending-title" data-testid="pending-list">
                    {queue.pending.into_iter().map(|c| view! { <PendingCompany company=c/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2 id="decided-title"><Tr ja="判断済み" en="Decided"/></h2>
        <ul class="plain-list" aria-labelledby="decided-title" data-testid="decided-list">
            {queue.decided.into_iter().map(|c| {
                let (state, at, reason) = match &c.approval {
                    Approval::Approved { at, .. } => ("approved", Some(*at), None),
                    Approval::Rejected { at, reason, .. } => ("rejected", Some(*at), Some(reason.clone())),
                    Approval::Pending => ("pending", None, None),
                };
                view! {
                    <li class="card" data-testid="decided-company" data-company=c.company.to_string() data-state=state>
                        <a href=format!("/hub/companies/{}", c.company)>{c.name.clone()}</a>" · "
                        {if state == "approved" {
                            view! { <span class="badge"><Tr ja="承認済み" en="Approved"/></span> }.into_any()
                        } else {
                            view! { <span class="badge badge-alert"><Tr ja="却下" en="Rejected"/></span> }.into_any()
                        }}
                        {at.map(|at| view! { " "<span class="muted">{day_of(at)}</span> })}
                        {reason.map(|r| view! { <p class="muted"><Tr ja="理由: " en="Reason: "/>{r}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn PendingCompany(company: CompanyApplication) -> impl IntoView {
    let id = company.company.to_string();
    let reason = RwSignal::new(String::new());
    let target = id.clone();
    let decide = Action::new_local(move |input: &ApprovalInput| {
        let (input, target) = (input.clone(), target.clone());
        async move { api::hub::decide(&target, &input).await }
    });
    let answer = move || decide.value().get();
    let error = Signal::derive(move || answer().and_then(Result::err));
    let reason_error =
        Signal::derive(move || error.get().and_then(|e: ApiError| e.field("reason")));
    let done = move || answer().and_then(Result::ok);
    let send = move |decision: &str| {
        decide.dispatch(ApprovalInput {
            decision: Raw(decision.to_owned()),
            reason: Raw(reason.get_untracked()),
        });
    };
    let reason_id = format!("reason-{id}");
    let error_id = format!("reason-{id}-error");
    let described = error_id.clone();
    view! {
        <li class="card" data-testid="pending-company" data-company=id.clone()>
            <h3><a href=format!("/hub/companies/{id}")>{company.name.clone()}</a></h3>
            <p class="muted">{company.industry.clone()}" · "{company.municipality.clone()}</p>
            <p><Tr ja="担当者: " en="Contact person: "/>{company.contact_person.clone()}
               " · "<Tr ja="登録日 " en="Registered "/>{day_of(company.registered_at)}</p>
            <Show when=move || done().is_none() fallback=move || view! {
                <p class="notice notice-ok" role="status" data-testid="decision-done">
                    {move || match done() {
                        Some(Approval::Approved { .. }) => view! { <Tr ja="承認しました。" en="Approved."/> }.into_any(),
                        _ => view! { <Tr ja="却下しました（理由は企業に表示されます）。" en="Rejected (the company sees the reason)."/> }.into_any(),
                    }}
                </p>
            }>
                <ErrorNotice error=Signal::derive(move || error.get().filter(|e| e.field("reason").is_none()))/>
                <div class="field">
                    <label for=reason_id.clone()><Tr ja="却下する理由（却下のときは必須・企業に表示されます）" en="Reason for rejecting (required to reject; the company sees it)"/></label>
                    <textarea id=reason_id.clone() data-testid="reason" rows="2"
                        aria-invalid=move || reason_error.get().is_some().then_some("true")
                        aria-describedby=described.clone()
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldError id=error_id.clone() error=reason_error/>
                </div>
                <div class="toolbar">
                    <button type="button" class="button" data-testid="approve" disabled=move || decide.pending().get()
                        on:click=move |_| send("approve")><Tr ja="承認する" en="Approve"/></button>
                    <button type="button" class="button button-secondary" data-testid="reject" disabled=move || decide.pending().get()
                        on:click=move |_| send("reject")><Tr ja="却下する" en="Reject"/></button>
                </div>
            </Show>
        </li>
    }
}
