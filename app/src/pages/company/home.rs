//! The company's start: where the hub's approval stands, the hub's proposals waiting for an
//! answer, its open jobs (each can be closed with a reason), its closed jobs with when and why,
//! and the next steps.

use domain::model::{Approval, CloseReason, Job};
use domain::talent::{CloseJobInput, closure_text};
use leptos::prelude::*;

use super::{CompanyNav, company_id, loc, t};
use crate::api;
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{tr, use_lang};
use crate::split::{ChunkMissing, Lazy};

#[component]
pub fn Home() -> impl IntoView {
    let data = LocalResource::new(move || {
        let id = company_id();
        async move {
            let id = id.await?;
            let (company, approval, jobs, closed, requests) = futures_util::future::join5(
                api::company::company(&id),
                api::company::approval(&id),
                api::company::jobs(&id),
                api::company::closed_jobs(&id),
                api::company::work_request_standing(&id),
            )
            .await;
            let waiting = domain::scoping::waiting_in(&requests?);
            Ok::<_, api::ApiError>((company?, approval?.approval, jobs?, closed?, waiting))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <Transition fallback=Skeleton>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                    Ok((company, approval, jobs, closed, waiting)) => view! {
                        <h1>{company.name.clone()}</h1>
                        <ApprovalState approval=approval/>
                        {(waiting > 0).then(|| view! {
                            <p class="notice notice-info" data-testid="proposals-waiting">
                                <a href="/company/requests">{t("推進ハブからの提案が ", "Proposals from the hub waiting for your answer: ")}{waiting}{t(" 件、お返事を待っています", "")}</a>
                            </p>
                        })}
                        <h2>{t("掲載中の仕事", "Open jobs")}</h2>
                        <JobList jobs=jobs reload=retry/>
                        <p><a class="button" href="/company/jobs/new" data-testid="new-job">
                            {t("困りごとから仕事を切り出す", "Turn a need into work")}
                        </a></p>
                        <h2>{t("締め切った仕事", "Closed jobs")}</h2>
                        <ClosedList jobs=closed/>
                        <p><a href="/company/terms" data-testid="terms-link">
                            {t("守秘の約束（お客様の情報を扱う仕事で住民が同意する文書）を見る・直す", "See or edit your confidentiality terms (what residents accept for work with your data)")}
                        </a></p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ApprovalState(approval: Approval) -> impl IntoView {
    let (class, ja, en, reason) = match approval {
        Approval::Pending => (
            "notice notice-info",
            "推進ハブが登録内容を確認しています。承認されると仕事の掲載と人材の閲覧ができます。",
            "The hub is checking your registration. Once approved you can post work and see talent.",
            None,
        ),
        Approval::Approved { .. } => (
            "notice notice-ok",
            "推進ハブの承認済みです。",
            "Approved by the hub.",
            None,
        ),
        Approval::Rejected { reason, .. } => (
            "notice notice-error",
            "推進ハブが登録を承認しませんでした。理由:",
            "The hub did not approve the registration. Reason:",
            Some(reason),
        ),
    };
    view! {
        <p class=class data-testid="approval-state">
            {t(ja, en)} " " {reason}
        </p>
    }
}

#[component]
fn JobList(jobs: Vec<Job>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    if jobs.is_empty() {
        return view! { <p>{t("まだ掲載している仕事はありません。", "No open jobs yet.")}</p> }
            .into_any();
    }
    view! {
        <ul class="plain-list" data-testid="job-list">
            {jobs.into_iter().map(|j| {
                let id = j.id.0.clone();
                view! {
                    <li class="card" data-testid="open-job">
                        <h3>{j.title.clone()}</h3>
                        <p class="muted" data-testid="job-ref">{t("掲載番号 ", "Ref. ")}{domain::talent::job_ref(&j.id)}{t(" ・ 掲載日 ", " ・ posted ")}{domain::talent::jst_day(j.created_at)}</p>
                        <p>{move || format!("{} {}", tr(lang, "週", "h/week:"), j.hours_per_week)}{t("時間", "")}</p>
                        <p class="actions">
                            <a class="button" href=format!("/company/jobs/{id}")>{t("人材を探す", "Find talent")}</a>
                            <a class="button button-secondary" href=format!("/company/jobs/{id}/team")>{t("チーム案", "Team")}</a>
                        </p>
                        <CloseJob job=id.clone() reload=reload/>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

/// Closing a job from the list: a button, and the close form, fetched as a wasm chunk of its
/// own when first opened (feature `split-company`), so the home's first view does not carry it.
#[component]
fn CloseJob(job: String, reload: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let job = StoredValue::new(job);
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button button-secondary" data-testid="close-job" on:click=move |_| open.set(true)>
                {t("この仕事を締め切る", "Close this job")}
            </button>
        }>
            <Lazy load=move || close_form_chunk(job.get_value(), reload, open)/>
        </Show>
    }
}

crate::split::in_chunk! { "split-company", company_close_job,
    /// The close form of one open job.
    fn close_form_chunk(job: String, reload: Callback<()>, open: RwSignal<bool>) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || view! { <CloseForm job=job.clone() reload open/> }))
    }
}

/// The close form: a reason (and words for "other"), then the job moves to the closed list.
#[component]
fn CloseForm(job: String, reload: Callback<()>, open: RwSignal<bool>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let job = StoredValue::new(job);
    let close = Action::new_local(move |input: &CloseJobInput| {
        let input = input.clone();
        async move {
            let r = api::company::close_job(&job.get_value(), &input).await;
            if r.is_ok() {
                reload.run(());
            }
            r
        }
    });
    let error = move || close.value().get().and_then(Result::err);
    let field = move |n: &'static str| Signal::derive(move || error().and_then(|e| e.field(n)));
    let id = job.get_value();
    view! {
            <form class="close-job" data-testid="close-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                close.dispatch(CloseJobInput { reason: reason.get_untracked(), note: note.get_untracked() });
            }>
                <fieldset>
                    <legend>{t("締め切る理由", "Why you close it")}</legend>
                    <div class="checks">
                        {CloseReason::ALL.into_iter().map(|r| {
                            let label = r.label();
                            view! {
                                <label class="check">
                                    <input type="radio" name=format!("reason-{id}") value=r.as_str()
                                        prop:checked=move || reason.get() == r.as_str()
                                        on:change=move |_| reason.set(r.as_str().to_owned())/>
                                    {loc(label)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError id=format!("reason-{id}-error") error=field("reason")/>
                </fieldset>
                <div class="field">
                    <label for=format!("close-note-{id}")>{t("ひとこと（「その他」のときは必須）", "A note (required for \"other\")")}</label>
                    <textarea id=format!("close-note-{id}") rows="2" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <FieldError id=format!("close-note-{id}-error") error=field("note")/>
                </div>
                <ErrorNotice error=Signal::derive(move || error().filter(|e| e.field("reason").is_none() && e.field("note").is_none()))/>
                <div class="actions">
                    <button type="submit" class="button" data-testid="confirm-close" disabled=move || close.pending().get()>
                        {t("締め切る", "Close the job")}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                        {t("やめる", "Cancel")}
                    </button>
                </div>
            </form>
    }
}

/// The closed jobs, most recently closed first, each with when and why.
#[component]
fn ClosedList(jobs: Vec<Job>) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <p data-testid="no-closed">{t("締め切った仕事はまだありません。", "No closed jobs yet.")}</p> }
            .into_any();
    }
    view! {
        <ul class="plain-list" data-testid="closed-list">
            {jobs.into_iter().map(|j| view! {
                <li class="card closed-job" data-testid="closed-job" data-job=j.id.0.clone()>
                    <h3>{j.title.clone()}</h3>
                    <p data-testid="closed-why">{j.closure.as_ref().map_or_else(
                        || view! { <span>{t("締め切り済み（理由の記録なし）", "Closed (no reason recorded)")}</span> }.into_any(),
                        |c| view! { <span>{loc(closure_text(c))}</span> }.into_any(),
                    )}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
