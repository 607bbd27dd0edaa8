//! The handover timeline of a resident or a company: its engagements and every check-in, note
//! and step, newest first, so that a new coordinator continues instead of starting over.

use domain::hub::Timeline as TimelineData;
use leptos::prelude::*;

use super::HubNav;
use super::identity::IdentityCheck;
use super::verify::VerifySkill;
use crate::api;
use crate::components::load::{LoadError, Skeleton, Tr, day_of};
use crate::i18n::{pick, tr, use_lang};

/// `kind` is `residents` or `companies`; `id` comes from the path (read by the area's root).
#[component]
pub fn Timeline(kind: &'static str, #[prop(into)] id: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let data = LocalResource::new(move || {
        let id = id.get();
        async move { api::hub::timeline(kind, &id).await }
    });
    view! {
        <section class="page console">
            <HubNav current="timeline"/>
            <h1>{move || if kind == "companies" { tr(lang, "企業の記録", "Company timeline") } else { tr(lang, "住民の記録", "Resident timeline") }}</h1>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(t) => view! {
                            {t.party_name.clone().map(|n| view! { <p class="party-name" data-testid="party-name">{n}</p> })}
                            {(kind == "residents").then(|| view! { <VerifySkill id/> })}
                            {t.trust.clone().map(|trust| view! { <IdentityCheck id trust/> })}
                            <Entries data=t/>
                        }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Entries(data: TimelineData) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2><Tr ja="案件" en="Engagements"/></h2>
        <ul class="plain-list" data-testid="timeline-engagements">
            {data.engagements.into_iter().map(|e| {
                let label = e.stage.label();
                let company = e.company_name.clone().unwrap_or_else(|| tr(lang, "（企業）", "(company)").to_owned());
                let resident = e.resident_name.clone().unwrap_or_else(|| tr(lang, "（退会した住民）", "(former resident)").to_owned());
                view! {
                    <li data-testid="timeline-engagement">
                        {e.job_title.clone().map(|t| view! { <strong>{t}</strong>" · " })}
                        <a href=format!("/hub/companies/{}", e.company)>{company}</a>
                        " · "<a href=format!("/hub/residents/{}", e.resident)>{resident}</a>
                        " · "{move || pick(lang, &label)}
                        " · "<a href=format!("/hub/engagements/{}/work", e.engagement) data-testid="fair-work-link"
                            data-engagement=e.engagement.to_string()><Tr ja="取引条件と支払い" en="Terms and pay"/></a>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(!data.work_requests.is_empty()).then(|| view! {
            <h2><Tr ja="仕事の相談" en="Work requests"/></h2>
            <ul class="plain-list" data-testid="timeline-requests">
                {data.work_requests.into_iter().map(|v| {
                    let label = v.status.label();
                    view! {
                        <li>
                            <a href=format!("/hub/requests/{}", v.request.id)>{day_of(v.request.at)}</a>
                            " · "{move || pick(lang, &label)}
                            <p class="request-text">{v.request.text}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        <h2><Tr ja="経過" en="History"/></h2>
        <ol class="timeline" data-testid="timeline">
            {data.entries.into_iter().map(|e| view! {
                <li data-testid="timeline-entry" data-kind=e.kind.clone()>
                    <p><strong>{day_of(e.at)}</strong>" "{e.label.clone().map(|l| view! { <span>{move || pick(lang, &l)}</span> })}
                        {e.mood.map(|m| view! { " · "<Tr ja="調子 " en="mood "/>{m}"/5" })}
                        {e.hours.map(|h| view! { " · "{h}<Tr ja="時間" en=" h"/> })}
                    </p>
                    {e.text.map(|t| view! { <p>{t}</p> })}
                    {e.follow_up.map(|f| view! { <p class="muted"><Tr ja="次にすること: " en="Follow-up: "/>{f}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
