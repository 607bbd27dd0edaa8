//! The company's start: where the hub's approval stands, its open jobs and the next steps.

use domain::model::{Approval, Job};
use leptos::prelude::*;

use super::{CompanyNav, Retry, my_company, skeleton, t};
use crate::api;
use crate::i18n::{tr, use_lang};

#[component]
pub fn Home() -> impl IntoView {
    let data = LocalResource::new(move || {
        let id = my_company().unwrap_or_default();
        async move {
            let (company, approval, jobs) = futures_util::future::join3(
                api::company::company(&id),
                api::company::approval(&id),
                api::company::jobs(&id),
            )
            .await;
            Ok::<_, api::ApiError>((company?, approval?.approval, jobs?))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <Transition fallback=skeleton>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <Retry error=e retry=retry/> }.into_any(),
                    Ok((company, approval, jobs)) => view! {
                        <h1>{company.name.clone()}</h1>
                        <ApprovalState approval=approval/>
                        <h2>{t("掲載中の仕事", "Open jobs")}</h2>
                        <JobList jobs=jobs/>
                        <p><a class="button" href="/company/jobs/new" data-testid="new-job">
                            {t("困りごとから仕事を切り出す", "Turn a need into work")}
                        </a></p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ApprovalState(approval: Approval) -> impl IntoView {
    let lang = use_lang();
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
            {move || tr(lang, ja, en)} " " {reason}
        </p>
    }
}

#[component]
fn JobList(jobs: Vec<Job>) -> impl IntoView {
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
                    <li class="card">
                        <h3>{j.title.clone()}</h3>
                        <p>{move || format!("{} {}", tr(lang, "週", "h/week:"), j.hours_per_week)}{t("時間", "")}</p>
                        <p class="actions">
                            <a class="button" href=format!("/company/jobs/{id}")>{t("人材を探す", "Find talent")}</a>
                            <a class="button button-secondary" href=format!("/company/jobs/{id}/team")>{t("チーム案", "Team")}</a>
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}
