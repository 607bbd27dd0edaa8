//! My matches (`/me`): open jobs ranked for me, each with the reasons of its score in plain
//! words, filters, details and "興味あり" with what happens next.

use domain::api::JobMatch;
use domain::model::{Lang, WorkPlace};
use domain::resident_view::{MatchFilter, next_step};
use leptos::prelude::*;

use super::{Failed, Skeleton};
use crate::api::{self, ApiError, new_idempotency_key};
use crate::i18n::{pick, tr, use_lang};

const PAGE: usize = 10;

#[component]
pub fn Matches() -> impl IntoView {
    let lang = use_lang();
    let offset = RwSignal::new(0usize);
    let page = LocalResource::new(move || {
        let at = offset.get();
        api::resident::with_retries(move || api::resident::matches(at, PAGE))
    });
    // Only for the filter's family names; the browser revalidates it with its ETag.
    let vocabulary = LocalResource::new(api::resident::vocabulary);
    let family = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let filter = move || MatchFilter {
        family: Some(family.get()).filter(|f| !f.is_empty()),
        max_hours: hours.get().parse().ok(),
        remote: match place.get().as_str() {
            "remote" => Some(true),
            "on_site" => Some(false),
            _ => None,
        },
    };
    view! {
        <section class="page">
            <h1>{move || tr(lang, "あなたへのおすすめの仕事", "Jobs for you")}</h1>
            <p class="hint">{move || tr(lang,
                "できること・時間・希望から並べています。理由もあわせて表示します。",
                "Ranked by what you can do, your hours and wishes, with the reasons.")}</p>
            <div class="filters" role="group" aria-label=move || tr(lang, "絞り込み", "Filters")>
                <FilterSelect id="filter-family" label=("分野", "Kind of work") value=family options=move || family_options(&page, &vocabulary)/>
                <FilterSelect id="filter-hours" label=("週の時間", "Hours a week") value=hours options=move || vec![
                    (String::new(), tr(lang, "すべて", "Any").to_owned()),
                    ("5".into(), tr(lang, "週5時間以内で参加できる", "Join with 5 h or less").to_owned()),
                    ("10".into(), tr(lang, "週10時間以内で参加できる", "Join with 10 h or less").to_owned()),
                    ("20".into(), tr(lang, "週20時間以内で参加できる", "Join with 20 h or less").to_owned()),
                ]/>
                <FilterSelect id="filter-place" label=("働く場所", "Where") value=place options=move || vec![
                    (String::new(), tr(lang, "すべて", "Any").to_owned()),
                    ("remote".into(), tr(lang, "在宅（リモート）", "Remote").to_owned()),
                    ("on_site".into(), tr(lang, "現地", "On site").to_owned()),
                ]/>
            </div>
            {move || match page.get() {
                None => Skeleton().into_any(),
                Some(Err(e)) if e.status() == Some(409) => view! {
                    <p class="notice">{move || tr(lang, "まずプロフィールを登録してください。", "Please fill in your profile first.")}
                        " " <a href="/start">{move || tr(lang, "はじめる", "Get started")}</a></p>
                }.into_any(),
                Some(Err(e)) => view! { <Failed error=e retry=move || page.refetch()/> }.into_any(),
                Some(Ok(p)) => {
                    let f = filter();
                    let shown: Vec<JobMatch> = p.items.into_iter().filter(|m| f.keeps(&m.job)).collect();
                    let has_more = p.has_more;
                    view! {
                        <ol class="match-list" data-testid="matches" data-loaded="true">
                            {if shown.is_empty() { Some(view! { <li class="notice">{move || tr(lang, "条件に合う仕事はありません。", "No jobs match these filters.")}</li> }) } else { None }}
                            {shown.into_iter().map(|m| view! { <MatchCard m/> }).collect_view()}
                        </ol>
                        <div class="pager">
                            <button type="button" class="button button-secondary" disabled=move || offset.get() == 0
                                on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{move || tr(lang, "前へ", "Previous")}</button>
                            <button type="button" class="button button-secondary" disabled=!has_more
                                on:click=move |_| offset.update(|o| *o += PAGE)>{move || tr(lang, "次へ", "Next")}</button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The families present in this page's jobs (by the vocabulary id's family part).
fn family_options(
    page: &LocalResource<Result<domain::api::Paged<JobMatch>, ApiError>>,
    vocabulary: &LocalResource<Result<domain::vocabulary::Taxonomy, ApiError>>,
) -> Vec<(String, String)> {
    let lang = use_lang();
    let names = vocabulary.get().and_then(Result::ok);
    let mut out = vec![(String::new(), tr(lang, "すべて", "Any").to_owned())];
    if let Some(Ok(p)) = page.get() {
        for m in &p.items {
            for t in &m.job.tasks {
                let fam = t
                    .task
                    .as_str()
                    .split('.')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                if !out.iter().any(|(id, _)| *id == fam) {
                    let name = names
                        .as_ref()
                        .and_then(|t| t.family(&fam))
                        .map_or_else(|| fam.clone(), |f| pick(lang, &f.name));
                    out.push((fam, name));
                }
            }
        }
    }
    out
}

#[component]
fn FilterSelect(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for=id>{move || tr(lang, label.0, label.1)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {move || options().into_iter().map(|(v, text)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn MatchCard(m: JobMatch) -> impl IntoView {
    let lang = use_lang();
    let job = m.job;
    let job_id = job.id.as_str().to_owned();
    let card_id = job_id.clone();
    let interest = Action::new_local(move |id: &String| {
        let id = id.clone();
        let key = new_idempotency_key();
        async move { api::resident::show_interest(&id, &key).await }
    });
    let pay = job.pay.hourly_equivalent();
    let remote = matches!(job.place, WorkPlace::Remote);
    let hours = job.min_hours_per_person;
    let reasons = m.score.reasons;
    let title = job.title.clone();
    let description = job.description.clone();
    view! {
        <li class="match-card" data-testid="match" data-job=card_id>
            <h2>{title}</h2>
            <p class="facts">
                {move || match lang.get() {
                    Lang::Ja => format!("時給 {pay}円相当・週{hours}時間から・{}", if remote { "在宅" } else { "現地" }),
                    Lang::En => format!("≈ ¥{pay}/h · from {hours} h/week · {}", if remote { "remote" } else { "on site" }),
                }}
            </p>
            <h3>{move || tr(lang, "おすすめの理由", "Why this job")}</h3>
            <ul class="reasons" data-testid="reasons">
                {reasons.into_iter().filter(|r| r.points > 0).map(|r| {
                    let text = r.text;
                    view! { <li>{move || pick(lang, &text)}</li> }
                }).collect_view()}
            </ul>
            <details>
                <summary>{move || tr(lang, "仕事の詳細", "Job details")}</summary>
                <p class="description">{description}</p>
            </details>
            {move || match interest.value().get() {
                Some(Ok(e)) => {
                    let next = next_step(e.stage);
                    view! {
                        <div class="notice notice-ok" role="status" data-testid="interest-sent">
                            <p><strong>{move || tr(lang, "興味ありを送りました。", "Interest sent.")}</strong></p>
                            <p>{move || pick(lang, &next)}</p>
                        </div>
                    }.into_any()
                }
                other => {
                    let error = other.and_then(Result::err).map(|e| e.message());
                    let id = job_id.clone();
                    view! {
                        {error.map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
                        <button type="button" class="button button-wide" data-testid="interest"
                            disabled=move || interest.pending().get()
                            on:click=move |_| { interest.dispatch(id.clone()); }>
                            {move || tr(lang, "興味あり", "I'm interested")}
                        </button>
                        <p class="hint">{move || tr(lang,
                            "押すと、企業に名前を伏せたあなたのカードが届きます。",
                            "The company then sees your card, without your name.")}</p>
                    }.into_any()
                }
            }}
        </li>
    }
}
