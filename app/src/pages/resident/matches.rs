//! My matches (`/me`): open jobs ranked for me, each with what fits and what falls short apart
//! (the server's reasons), the jobs a hard rule leaves out counted by rule, filters folded into
//! one control, and "興味あり" with what happens next (or, once sent, that it was). The filter's
//! fields and the list of jobs left out are built from a wasm chunk when first opened (both
//! start closed; `split-resident`), so the first view does not carry them.

use domain::api::{MatchCardBrief, MyMatchCards, ReasonBrief};
use domain::engagement::Stage;
use domain::model::Lang;
use domain::resident_view::{ExcludedJobs, MatchFilter, next_step};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::engagements::JobTitle;
use crate::api::{self, ApiError, new_idempotency_key};
use crate::components::load::{LoadError, Skeleton};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{pick, t, tr, use_lang};
use crate::split::{ChunkMissing, InChunk};

const PAGE: usize = 10;

#[component]
pub fn Matches() -> impl IntoView {
    let lang = use_lang();
    let offset = RwSignal::new(0usize);
    let page = Fetched::new(move || {
        let at = offset.get();
        api::resident::with_retries(move || api::resident::matches(at, PAGE))
    });
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
    let filtered = move || filter() != MatchFilter::default();
    let filters_opened = RwSignal::new(false);
    // The first time only: one line to say the sign-up worked and what this page is.
    let welcome = LocalStorage::get::<bool>(crate::device::WELCOMED).is_err();
    if welcome {
        let _ = LocalStorage::set(crate::device::WELCOMED, true);
    }
    view! {
        <section class="page">
            {welcome.then(|| view! {
                <p class="notice notice-ok welcome" role="status" data-testid="welcome">
                    {t("ようこそ、登録できました。", "Welcome: you are signed up.")}
                </p>
            })}
            <h1>{t("あなたへのおすすめの仕事", "Jobs for you")}</h1>
            <details class="filter-box" data-testid="filters"
                on:toggle=move |_| if !filters_opened.get_untracked() { filters_opened.set(true) }>
                <summary>
                    {t("絞り込み", "Filter")}
                    {move || filtered().then(|| tr(lang, "（条件あり）", " (on)"))}
                </summary>
                // Built once first opened, from a chunk: the panel starts closed.
                {move || filters_opened.get().then(|| {
                    let fields = FilterFields { family, hours, place, page };
                    view! { <InChunk load=move || filter_fields(fields)/> }
                })}
            </details>
            {move || match page.get() {
                None => Skeleton().into_fresh(),
                Some(Err(e)) if e.status() == Some(409) => view! {
                    <p class="notice">{move || tr(lang, "まずプロフィールを登録してください。", "Please fill in your profile first.")}
                        " " <a href="/start">{move || tr(lang, "はじめる", "Get started")}</a></p>
                }.into_fresh(),
                Some(Err(e)) => view! { <LoadError error=e retry=move || page.refetch()/> }.into_fresh(),
                Some(Ok(p)) => {
                    let MyMatchCards { items, has_more, excluded, .. } = p;
                    let f = filter();
                    let shown: Vec<MatchCardBrief> = items.into_iter().filter(|m| f.keeps(&m.facts)).collect();
                    view! {
                        <ol class="match-list" data-testid="matches" data-loaded="true">
                            {if shown.is_empty() { Some(view! { <li class="notice">{move || tr(lang, "条件に合う仕事はありません。", "No jobs match these filters.")}</li> }) } else { None }}
                            {shown.into_iter().map(|m| view! { <MatchCard m/> }).collect_view()}
                        </ol>
                        <Excluded groups=excluded/>
                        <div class="pager">
                            <button type="button" class="button button-secondary" disabled=move || offset.get() == 0
                                on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{move || tr(lang, "前へ", "Previous")}</button>
                            <button type="button" class="button button-secondary" disabled=!has_more
                                on:click=move |_| offset.update(|o| *o += PAGE)>{move || tr(lang, "次へ", "Next")}</button>
                        </div>
                    }.into_fresh()
                }
            }}
        </section>
    }
}

/// The jobs a hard rule leaves out, counted by rule; opening it lists them by title.
#[component]
fn Excluded(groups: Vec<ExcludedJobs>) -> impl IntoView {
    let lang = use_lang();
    let total: usize = groups.iter().map(|g| g.jobs.len()).sum();
    let open = RwSignal::new(false);
    (total > 0).then(|| view! {
        <details class="excluded" data-testid="excluded" data-count=total.to_string()
            on:toggle=move |_| if !open.get_untracked() { open.set(true) }>
            <summary>{move || match lang.get() {
                Lang::Ja => format!("条件が合わないため、ほかの{total}件はのせていません（理由を見る）"),
                Lang::En => format!("{total} other jobs are left out because they do not fit (see why)"),
            }}</summary>
            // Built once opened, from a chunk; the titles load then too.
            {move || open.get().then(|| {
                let groups = groups.clone();
                view! { <InChunk load=move || excluded_groups(groups.clone())/> }
            })}
        </details>
    })
}

crate::split::in_chunk! { "split-resident", matches_more,
    /// The jobs left out, by rule, each by its title.
    fn excluded_groups(groups: Vec<ExcludedJobs>) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || excluded_list(groups.clone())))
    }
}

fn excluded_list(groups: Vec<ExcludedJobs>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="excluded-groups">
            {groups.into_iter().map(|g| {
                let n = g.jobs.len();
                let reason = g.reason;
                view! {
                    <li data-testid="excluded-group" data-rule=g.rule>
                        <strong>{move || match lang.get() {
                            Lang::Ja => format!("{}：{n}件", reason.ja),
                            Lang::En => format!("{}: {n}", reason.en),
                        }}</strong>
                        <ul>{g.jobs.iter().map(|j| {
                            let id = Some(j.as_str().to_owned());
                            view! { <li data-testid="excluded-job"><JobTitle id known=None/></li> }
                        }).collect_view()}</ul>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// What the filter's fields set and read: the three choices and the page (its families).
#[derive(Clone, Copy)]
struct FilterFields {
    family: RwSignal<String>,
    hours: RwSignal<String>,
    place: RwSignal<String>,
    page: Fetched<Result<MyMatchCards, ApiError>>,
}

crate::split::in_chunk! { "split-resident", matches_more,
    /// The filter's three fields.
    fn filter_fields(fields: FilterFields) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || filter_view(fields)))
    }
}

fn filter_view(fields: FilterFields) -> impl IntoView {
    let lang = use_lang();
    let FilterFields {
        family,
        hours,
        place,
        page,
    } = fields;
    view! {
        <div class="filters" role="group" aria-label=t("絞り込み", "Filter")>
            <FilterSelect id="filter-family" label=("分野", "Kind of work") value=family options=move || family_options(&page)/>
            <FilterSelect id="filter-hours" label=("1人の週の時間", "Hours a week for one person") value=hours options=move || vec![
                (String::new(), tr(lang, "すべて", "Any").to_owned()),
                ("5".into(), tr(lang, "週5時間以内で参加できる", "Join with 5 h or less").to_owned()),
                ("10".into(), tr(lang, "週10時間以内で参加できる", "Join with 10 h or less").to_owned()),
                ("20".into(), tr(lang, "週20時間以内で参加できる", "Join with 20 h or less").to_owned()),
            ]/>
            <FilterSelect id="filter-place" label=("働く場所", "Where") value=place options=move || vec![
                (String::new(), tr(lang, "すべて", "Any").to_owned()),
                ("remote".into(), tr(lang, "在宅（リモート）", "Remote").to_owned()),
                ("on_site".into(), tr(lang, "仕事場に通う", "At a workplace").to_owned()),
            ]/>
        </div>
    }
}

/// The families present in this page's jobs, named as the server named them.
fn family_options(page: &Fetched<Result<MyMatchCards, ApiError>>) -> Vec<(String, String)> {
    let lang = use_lang();
    let mut out = vec![(String::new(), tr(lang, "すべて", "Any").to_owned())];
    if let Some(Ok(p)) = page.get() {
        for family in p.items.iter().flat_map(|m| &m.facts.families) {
            let id = family.id.as_str();
            if !out.iter().any(|(known, _)| known == id) {
                out.push((id.to_owned(), pick(lang, &family.name)));
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
fn MatchCard(m: MatchCardBrief) -> impl IntoView {
    let lang = use_lang();
    // Where my engagement on this job stood when the page loaded (the server says so).
    let sent = m.sent;
    let job = m.job;
    let job_id = job.id.as_str().to_owned();
    let card_id = job_id.clone();
    let interest = Action::new_local(move |id: &String| {
        let id = id.clone();
        let key = new_idempotency_key();
        async move { api::resident::show_interest(&id, &key).await }
    });
    let facts = m.facts;
    let pay = facts.hourly_yen;
    let hours = facts.hours;
    let place = m
        .place
        .unwrap_or_else(|| domain::model::Localized::new("", ""));
    let (fits, gaps): (Vec<_>, Vec<_>) = m
        .score
        .reasons
        .into_iter()
        .filter(|r| r.gap || r.fits())
        .partition(|r| !r.gap);
    let reason_list = |items: Vec<ReasonBrief>, testid: &'static str| {
        view! {
            <ul class="reasons" data-testid=testid>
                {items.into_iter().map(|r| {
                    let text = r.text;
                    view! { <li>{move || pick(lang, &text)}</li> }
                }).collect_view()}
            </ul>
        }
    };
    let has_gaps = !gaps.is_empty();
    let title = job.title;
    let description = job.description;
    // The posting's pay calendar, as the terms statement will state it (Freelance Act Art. 4, 12).
    let schedule = facts.pay_schedule;
    // Sent now, sent on an earlier visit, or the server says it was already sent.
    let stage = move || match interest.value().get() {
        Some(Ok(e)) => Some(e.stage),
        Some(Err(e)) if e.status() == Some(409) => Some(sent.unwrap_or(Stage::Proposed)),
        _ => sent,
    };
    view! {
        <li class="match-card" data-testid="match" data-job=card_id>
            <h2>{title}</h2>
            <p class="facts" data-testid="facts">
                {move || match lang.get() {
                    Lang::Ja => format!("時給 {pay}円相当・{}・{}", hours.ja, place.ja),
                    Lang::En => format!("≈ ¥{pay}/h · {} · {}", hours.en, place.en),
                }}
            </p>
            <h3>{t("合っている点", "What fits")}</h3>
            {reason_list(fits, "fits")}
            {has_gaps.then(|| view! { <h3>{t("足りない点", "What does not fit yet")}</h3> })}
            {has_gaps.then(|| reason_list(gaps, "gaps"))}
            <details>
                <summary>{t("仕事の詳細", "Job details")}</summary>
                <p class="description">{description}</p>
                <p data-testid="pay-schedule">{t("支払い：", "Payment: ")}{move || pick(lang, &schedule)}</p>
            </details>
            {move || match stage() {
                Some(s) => {
                    let next = next_step(s);
                    view! {
                        <div class="notice notice-ok" role="status" data-testid="interest-sent">
                            <p><strong>{t("この仕事に「興味あり」を送りました。", "You sent \"I'm interested\" for this job.")}</strong></p>
                            <p>{move || pick(lang, &next)}</p>
                            <a href="/me/engagements" data-testid="to-engagements">{t("進み具合を見る", "See how it is going")}</a>
                        </div>
                    }.into_fresh()
                }
                None => {
                    let error = interest.value().get().and_then(Result::err).map(|e| e.message());
                    let id = job_id.clone();
                    view! {
                        {error.map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
                        <button type="button" class="button button-wide" data-testid="interest"
                            disabled=move || interest.pending().get()
                            on:click=move |_| { interest.dispatch(id.clone()); }>
                            {t("興味あり", "I'm interested")}
                        </button>
                        <p class="hint">{t(
                            "押すと、企業に名前を伏せたあなたのカードが届きます。",
                            "The company then sees your card, without your name.")}</p>
                    }.into_fresh()
                }
            }}
        </li>
    }
}
