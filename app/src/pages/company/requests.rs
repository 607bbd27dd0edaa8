//! `/company/requests`: asking the hub for help in the company's own words (推進ハブに相談), and
//! the hub's proposals: task cards with the size and pay of each and an outline of its team
//! (no one is named before the company accepts). Accepting posts every card as a job; the
//! company then meets each job's team on its team page. Declining asks for a reason, from which
//! the hub revises. The states and the checks are `domain::scoping`.

use domain::model::TaskKindId;
use domain::scoping::{AnswerInput, RequestStatus, RequestView, ScopeProposal, card_line};
use domain::validate::Raw;
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::{CompanyNav, company_id, loc, t};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::day_of;
use crate::components::load::{LoadError, Skeleton};
use crate::components::work_request::RequestForm;

#[component]
pub fn Requests() -> impl IntoView {
    let data = LocalResource::new(move || {
        let id = company_id();
        async move {
            let id = id.await?;
            let (list, taxonomy) = futures_util::future::join(
                api::company::work_requests(&id),
                crate::api::vocabulary::vocabulary::<Taxonomy>(crate::api::vocabulary::Form::Full),
            )
            .await;
            Ok::<_, ApiError>((list?, taxonomy?))
        }
    });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <h1>{t("推進ハブに相談する", "Ask the hub")}</h1>
            <p class="hint">{t(
                "困っていることを、ふだんの言葉で書いてください。推進ハブが作業カードと、控えの人も含めたチームに切り分けて提案します。",
                "Say what weighs on you in your own words. The hub splits it into task cards and a team with backups, and proposes it to you.")}</p>
            <div class="card">
                <RequestForm prefix="ask" company=Signal::derive(String::new) on_done=reload
                    submit=("推進ハブに送る", "Send to the hub")
                    sent_notice=("送りました。推進ハブが切り分けて、この下に提案を届けます。", "Sent. The hub will split the work and its proposal will appear below.")/>
            </div>
            <h2>{t("相談と提案", "Requests and proposals")}</h2>
            <Transition fallback=Skeleton>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || reload.run(())/> }.into_any(),
                    Ok((list, _)) if list.is_empty() => view! {
                        <p data-testid="requests-empty">{t("相談はまだありません。", "No request yet.")}</p>
                    }.into_any(),
                    Ok((list, taxonomy)) => {
                        let taxonomy = StoredValue::new(taxonomy);
                        view! {
                            <ul class="plain-list" data-testid="company-requests">
                                {list.into_iter().map(|v| view! { <RequestItem view=v taxonomy reload/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequestItem(
    view: RequestView,
    taxonomy: StoredValue<Taxonomy>,
    reload: Callback<()>,
) -> impl IntoView {
    let label = view.status.label();
    let state = view.status.code();
    let id = view.request.id.to_string();
    let answer = match &view.status {
        RequestStatus::Proposed { version } => {
            Some(view! { <AnswerForm request=id.clone() version=*version reload/> }.into_any())
        }
        RequestStatus::Accepted { jobs, .. } => Some(view! { <AcceptedJobs jobs=jobs.iter().map(ToString::to_string).collect()/> }.into_any()),
        RequestStatus::Declined { .. } => Some(view! {
            <p class="muted" data-testid="hub-revising">{t("見送りました。推進ハブが理由をもとに見直しています。", "You declined; the hub is revising it from your reason.")}</p>
        }.into_any()),
        RequestStatus::New => Some(view! {
            <p class="muted">{t("推進ハブが切り分けています。提案が届くとここに表示されます。", "The hub is scoping it; its proposal will show here.")}</p>
        }.into_any()),
    };
    view! {
        <li class="card" data-testid="company-request" data-request=id.clone() data-state=state>
            <p><span class="badge">{loc(label)}</span>" "<span class="muted">{day_of(view.request.at)}</span></p>
            <p class="request-text">{view.request.text.clone()}</p>
            {view.proposal.map(|p| view! { <Proposal proposal=p taxonomy/> })}
            {answer}
        </li>
    }
}

/// The hub's proposal: its note, and per card the work, size and pay, and the team's outline.
#[component]
fn Proposal(proposal: ScopeProposal, taxonomy: StoredValue<Taxonomy>) -> impl IntoView {
    let task =
        move |id: &TaskKindId| taxonomy.with_value(|t| t.task(id.as_str()).map(|k| k.name.clone()));
    view! {
        <section class="proposal" data-testid="proposal" data-version=proposal.version>
            <h3>{t("推進ハブからの提案（第", "The hub's proposal (version ")}{proposal.version}{t("版）", ")")}</h3>
            {(!proposal.note.is_empty()).then(|| view! { <p class="proposal-note">{proposal.note.clone()}</p> })}
            <ol class="plain-list">
                {proposal.cards.into_iter().map(|c| {
                    let tasks: Vec<_> = c.job.tasks.iter().filter_map(|r| task(&r.task)).collect();
                    let complete = c.team.uncovered_tasks.is_empty() && c.team.uncovered_hours == 0;
                    view! {
                        <li class="card scope-card" data-testid="proposal-card">
                            <h4>{c.job.title.clone()}</h4>
                            <p>{loc(card_line(&c.job))}</p>
                            <p class="muted">{tasks.into_iter().map(|n| view! { <span class="chip">{loc(n)}</span>" " }).collect_view()}</p>
                            <p data-testid="team-outline">{t("チーム: ", "Team: ")}{loc(c.team.text())}</p>
                            {(!complete).then(|| view! { <p class="notice notice-warn">{loc(c.team.summary.clone())}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn AnswerForm(request: String, version: u32, reload: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let intent = api::Intent::new();
    let target = request.clone();
    let answer = Action::new_local(move |input: &AnswerInput| {
        let (input, target) = (input.clone(), target.clone());
        intent.send(
            move |key| async move { api::company::answer_proposal(&target, &input, &key).await },
        )
    });
    let error = Signal::derive(move || answer.value().get().and_then(Result::err));
    let reason_error =
        Signal::derive(move || error.get().and_then(|e: ApiError| e.field("reason")));
    Effect::new(move |_| {
        if let Some(Ok(_)) = answer.value().get() {
            reload.run(());
        }
    });
    let send = move |decision: &str| {
        answer.dispatch(AnswerInput {
            decision: Raw(decision.to_owned()),
            version: Raw(version.to_string()),
            reason: Raw(reason.get_untracked()),
        });
    };
    let reason_id = format!("reason-{request}");
    let error_id = format!("reason-{request}-error");
    view! {
        <div class="answer" data-testid="answer-form">
            <ErrorNotice error=Signal::derive(move || error.get().filter(|e| e.field("reason").is_none()))/>
            <button type="button" class="button button-wide" data-testid="accept-proposal" disabled=move || answer.pending().get()
                on:click=move |_| send("accept")>
                {t("この提案で進める（仕事を掲載する）", "Go ahead (post these jobs)")}
            </button>
            <div class="field">
                <label for=reason_id.clone()>{t("見送る場合は、その理由（推進ハブが見直しに使います）", "To decline, say why (the hub revises from it)")}</label>
                <textarea id=reason_id.clone() data-testid="decline-reason" rows="2" aria-describedby=error_id.clone()
                    aria-invalid=move || reason_error.get().is_some().then_some("true")
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <FieldError id=error_id error=reason_error/>
            </div>
            <button type="button" class="button button-secondary" data-testid="decline-proposal" disabled=move || answer.pending().get()
                on:click=move |_| send("decline")>
                {t("見送る", "Decline")}
            </button>
        </div>
    }
}

/// The jobs an accepted proposal posted, each with the way to its team.
#[component]
fn AcceptedJobs(jobs: Vec<String>) -> impl IntoView {
    view! {
        <p class="notice notice-ok" data-testid="proposal-accepted">{t("受け入れました。仕事を掲載しました。", "Accepted: the jobs are posted.")}</p>
        <ul class="plain-list">
            {jobs.into_iter().map(|j| view! {
                <li><a class="button button-secondary" data-testid="accepted-job" href=format!("/company/jobs/{j}/team")>
                    {t("チームを見て声をかける", "See the team and reach out")}
                </a></li>
            }).collect_view()}
        </ul>
    }
}
