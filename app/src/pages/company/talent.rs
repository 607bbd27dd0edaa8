//! 人材を探す: ranked anonymous cards for one job, with their reasons in plain words, filters,
//! a shortlist, side-by-side compare of up to three, and 興味あり. No name, photo or contact
//! appears here: the cards have no field for one.

use domain::api::{Paged, TalentCard};
use domain::matching::windows_text;
use domain::model::{DataAccess, Level, Localized, TaskKindId, TaskRequirement, TimeWindows};
use domain::talent::{
    MAX_COMPARE, SLOT_NAMES, TalentFilter, compare, residency_text, skills_text, track_text,
    trust_text,
};
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::{CompanyNav, loc, t};
use crate::api;
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{tr, use_lang};

/// What the page keeps between requests: the filter, the page, the shortlist, the compared
/// cards and the cards the company showed interest in.
#[derive(Clone, Copy)]
struct TalentState {
    filter: RwSignal<TalentFilter>,
    offset: RwSignal<usize>,
    shortlist: RwSignal<Vec<TalentCard>>,
    /// The saved shortlist has arrived: toggles wait for it, or its late answer would undo them.
    shortlist_loaded: RwSignal<bool>,
    /// A toggle the server refused or never got: undone on screen and said here.
    shortlist_error: RwSignal<Option<Localized>>,
    compared: RwSignal<Vec<TalentCard>>,
    interested: RwSignal<Vec<String>>,
    /// The job touches internal material or customers' personal data: the cards say plainly
    /// whether each person's identity is checked and a security course finished.
    sensitive: RwSignal<bool>,
}

impl TalentState {
    fn is_shortlisted(&self, card: &str) -> bool {
        self.shortlist.with(|s| s.iter().any(|c| c.card.0 == card))
    }

    /// Shows the change at once and saves it; a failed save is undone and said.
    fn set_shortlisted(self, job: String, card: TalentCard, on: bool) {
        let id = card.card.0.clone();
        let apply = move |on: bool| {
            self.shortlist.update(|l| {
                l.retain(|c| c.card != card.card);
                if on {
                    l.push(card.clone());
                }
            });
        };
        apply(on);
        self.shortlist_error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = api::company::set_shortlisted(&job, &id, on).await {
                apply(!on);
                let why = e.message();
                self.shortlist_error.set(Some(Localized::new(
                    format!("候補リストを保存できませんでした。{}", why.ja),
                    format!("The shortlist could not be saved. {}", why.en),
                )));
            }
        });
    }

    fn is_compared(&self, card: &str) -> bool {
        self.compared.with(|s| s.iter().any(|c| c.card.0 == card))
    }

    fn toggle_compare(&self, card: &TalentCard) {
        self.compared.update(|list| {
            if let Some(i) = list.iter().position(|c| c.card == card.card) {
                list.remove(i);
            } else if list.len() < MAX_COMPARE {
                list.push(card.clone());
            }
        });
    }
}

#[component]
pub fn TalentPage(job: String) -> impl IntoView {
    let state = TalentState {
        filter: RwSignal::new(TalentFilter::default()),
        offset: RwSignal::new(0),
        shortlist: RwSignal::new(Vec::new()),
        shortlist_loaded: RwSignal::new(false),
        shortlist_error: RwSignal::new(None),
        compared: RwSignal::new(Vec::new()),
        interested: RwSignal::new(Vec::new()),
        sensitive: RwSignal::new(false),
    };
    let job_id = StoredValue::new(job);
    let job_data = LocalResource::new(move || {
        let id = job_id.get_value();
        async move { api::company::job(&id).await }
    });
    let vocabulary = LocalResource::new(|| {
        crate::api::vocabulary::vocabulary::<Taxonomy>(crate::api::vocabulary::Form::Full)
    });
    let cards = LocalResource::new(move || {
        let (id, filter, offset) = (job_id.get_value(), state.filter.get(), state.offset.get());
        async move { api::company::talent(&id, &filter, offset).await }
    });
    // The shortlist loads once; later changes are applied here and sent to the server.
    leptos::task::spawn_local(async move {
        match api::company::shortlist(&job_id.get_value()).await {
            Ok(list) => state.shortlist.set(list),
            Err(e) => {
                let why = e.message();
                state.shortlist_error.set(Some(Localized::new(
                    format!("候補リストを読み込めませんでした。{}", why.ja),
                    format!("The shortlist could not be loaded. {}", why.en),
                )));
            }
        }
        state.shortlist_loaded.set(true);
    });
    let retry = Callback::new(move |()| cards.refetch());
    view! {
        <section class="page company wide">
            <CompanyNav/>
            <Transition fallback=Skeleton>
                {move || job_data.get().map(|r| r.map(|j| {
                    let sensitive = j.data_access > DataAccess::PublicOnly;
                    state.sensitive.set(sensitive);
                    view! {
                    <h1>{j.title.clone()}</h1>
                    {sensitive.then(|| view! {
                        <p class="notice notice-info" data-testid="sensitive-note">{t(
                            "この仕事は社内の資料やお客様の情報を扱います。各カードに、推進ハブによる本人確認とセキュリティ講座の修了を示しています。連絡先は、住民が守秘の約束に同意してから開きます。",
                            "This work touches internal material or customers' data. Each card shows whether the hub checked the person's identity and whether they finished a security course. Contacts open after the resident accepts your confidentiality terms.",
                        )}</p>
                    })}
                    <p><a href=format!("/company/jobs/{}/team", j.id)>{t("チーム案を見る", "See the proposed team")}</a></p>
                    <Filters state=state tasks=task_names(&j.tasks, vocabulary.get().and_then(Result::ok).as_ref())/>
                }}).ok())}
            </Transition>
            <h2 id="cards-heading">{t("合う人（匿名）", "Matching people (anonymous)")}</h2>
            <p class="hint">{t("お名前や連絡先は、双方が「興味あり」を送った後に表示されます。", "Names and contacts appear once both sides are interested.")}</p>
            <Transition fallback=Skeleton>
                {move || cards.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                    Ok(page) => view! { <CardList page=page state=state job=job_id.get_value()/> }.into_any(),
                })}
            </Transition>
            <Shortlist state=state job=job_id.get_value()/>
            <Compare state=state job=job_id.get_value()/>
        </section>
    }
}

/// The job's task kinds with their names (the id until the vocabulary has loaded).
fn task_names(tasks: &[TaskRequirement], tax: Option<&Taxonomy>) -> Vec<(TaskKindId, Localized)> {
    tasks
        .iter()
        .map(|r| {
            let name = tax.and_then(|t| t.task(r.task.as_str())).map_or_else(
                || Localized::new(r.task.as_str(), r.task.as_str()),
                |k| k.name.clone(),
            );
            (r.task.clone(), name)
        })
        .collect()
}

const LEVELS: [(&str, Level, &str, &str); 3] = [
    ("beginner", Level::Beginner, "はじめて以上", "New or above"),
    (
        "experienced",
        Level::Experienced,
        "経験あり以上",
        "Experienced or above",
    ),
    ("can_teach", Level::CanTeach, "人に教えられる", "Can teach"),
];

#[component]
fn Filters(state: TalentState, tasks: Vec<(TaskKindId, Localized)>) -> impl IntoView {
    let lang = use_lang();
    let task = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let verified = RwSignal::new(false);
    let hours = RwSignal::new(String::new());
    let window = RwSignal::new(String::new());
    let local = RwSignal::new(false);
    let identity = RwSignal::new(false);
    let security = RwSignal::new(false);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let slot = SLOT_NAMES.iter().position(|s| *s == window.get_untracked());
        state.filter.set(TalentFilter {
            task: Some(task.get_untracked())
                .filter(|t| !t.is_empty())
                .map(TaskKindId),
            level: LEVELS
                .iter()
                .find(|l| l.0 == level.get_untracked())
                .map(|l| l.1),
            verified_only: verified.get_untracked(),
            min_hours: hours.get_untracked().trim().parse().ok(),
            windows: slot.map_or(TimeWindows::NONE, |b| TimeWindows(1 << b)),
            local_only: local.get_untracked(),
            identity_only: identity.get_untracked(),
            security_only: security.get_untracked(),
        });
        state.offset.set(0);
    };
    view! {
        <form class="filters card" on:submit=apply data-testid="talent-filters" aria-label=move || tr(lang, "絞り込み", "Filters")>
            <div class="field">
                <label for="f-task">{t("作業", "Task")}</label>
                <select id="f-task" on:change=move |ev| task.set(event_target_value(&ev))>
                    <option value="">{t("すべて", "Any")}</option>
                    {tasks.into_iter().map(|(id, name)| view! { <option value=id.0>{loc(name)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-level">{t("程度", "Level")}</label>
                <select id="f-level" on:change=move |ev| level.set(event_target_value(&ev))>
                    <option value="">{t("問わない", "Any")}</option>
                    {LEVELS.iter().map(|(v, _, ja, en)| view! { <option value=*v>{t(ja, en)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-hours">{t("週の時間（以上）", "Hours a week (at least)")}</label>
                <input id="f-hours" type="number" min="1" max="80" prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="f-window">{t("時間帯", "Time window")}</label>
                <select id="f-window" on:change=move |ev| window.set(event_target_value(&ev))>
                    <option value="">{t("問わない", "Any")}</option>
                    {SLOT_NAMES.iter().zip(super::SLOT_LABELS).map(|(v, (ja, en))| view! { <option value=*v>{t(ja, en)}</option> }).collect_view()}
                </select>
            </div>
            <label class="check"><input type="checkbox" id="f-verified" on:change=move |ev| verified.set(event_target_checked(&ev))/>{t("確認済みのスキルのみ", "Confirmed skills only")}</label>
            <label class="check"><input type="checkbox" id="f-local" on:change=move |ev| local.set(event_target_checked(&ev))/>{t("圏域に住む人のみ", "Living in the region only")}</label>
            <label class="check"><input type="checkbox" id="f-identity" data-testid="f-identity" on:change=move |ev| identity.set(event_target_checked(&ev))/>{t("本人確認済みのみ", "Identity checked only")}</label>
            <label class="check"><input type="checkbox" id="f-security" data-testid="f-security" on:change=move |ev| security.set(event_target_checked(&ev))/>{t("セキュリティ講座修了のみ", "Security course finished only")}</label>
            <button type="submit" class="button">{t("絞り込む", "Apply")}</button>
        </form>
    }
}

#[component]
fn CardList(page: Paged<TalentCard>, state: TalentState, job: String) -> impl IntoView {
    let (offset, limit, more) = (page.offset, page.limit, page.has_more);
    if page.items.is_empty() {
        return view! { <p data-testid="no-cards">{t("条件に合う人がいません。条件をゆるめてみてください。", "Nobody matches. Try loosening the filters.")}</p> }.into_any();
    }
    let job = StoredValue::new(job);
    view! {
        <ol class="plain-list cards" data-testid="talent-list" start=offset + 1 aria-labelledby="cards-heading">
            {page.items.into_iter().enumerate().map(|(i, card)| view! {
                <TalentCardView card=card rank=offset + i + 1 state=state job=job.get_value()/>
            }).collect_view()}
        </ol>
        <div class="pager">
            <button type="button" class="button button-secondary" disabled=offset == 0
                on:click=move |_| state.offset.set(offset.saturating_sub(limit))>{t("前へ", "Previous")}</button>
            <button type="button" class="button button-secondary" disabled=!more data-testid="next-page"
                on:click=move |_| state.offset.set(offset + limit)>{t("次へ", "Next")}</button>
        </div>
    }.into_any()
}

#[component]
fn TalentCardView(card: TalentCard, rank: usize, state: TalentState, job: String) -> impl IntoView {
    let lang = use_lang();
    let id = card.card.0.clone();
    let pct = (card.score.value() * 100.0).round() as u32;
    // One label per person within this job's list, whatever the filter or page (not the rank).
    let _ = rank;
    let label = domain::talent::card_label(&domain::model::JobId(job.clone()), &card.card);
    let (strengths, gaps): (Vec<Localized>, Vec<Localized>) = {
        let (good, missing) = card.score.strengths_and_gaps();
        (
            good.into_iter().map(|r| r.text.clone()).collect(),
            missing.into_iter().map(|r| r.text.clone()).collect(),
        )
    };
    let stored = StoredValue::new(card.clone());
    let job = StoredValue::new(job);
    let (id1, id2, id3) = (id.clone(), id.clone(), id.clone());
    let shortlisted = Signal::derive(move || state.is_shortlisted(&id1));
    let compared = Signal::derive(move || state.is_compared(&id2));
    let interested = Signal::derive(move || state.interested.with(|l| l.contains(&id3)));
    let toggle_short = move |_| {
        let card = stored.get_value();
        let on = !state.is_shortlisted(&card.card.0);
        state.set_shortlisted(job.get_value(), card, on);
    };
    let interest = Action::new_local(move |_: &()| {
        let card = stored.get_value().card.0;
        async move {
            let r = api::company::interest(&job.get_value(), &card).await;
            if r.is_ok() {
                state.interested.update(|l| l.push(card));
            }
            r
        }
    });
    view! {
        <li class="card talent-card" data-testid="talent-card" data-card=id.clone()>
            <h3><span data-testid="card-label">{move || format!("{} {label}", tr(lang, "候補", "Candidate"))}</span><span class="fit">{format!("{pct}%")}</span></h3>
            <p>{loc(skills_text(&card))}</p>
            <p>{loc(residency_text(&card))}{move || format!(" ・ {}{}{}", tr(lang, "週", ""), card.hours_per_week, tr(lang, "時間", " h a week"))}</p>
            <p>{loc(windows_text(card.windows))}</p>
            <p data-testid="track">{loc(track_text(&card))}</p>
            <TrustBadges card=card.clone() sensitive=state.sensitive/>
            <div class="reasons-apart">
                <div>
                    <h4>{t("合う点", "Strengths")}</h4>
                    <ul class="reasons reasons-good" data-testid="strengths">
                        {strengths.into_iter().map(|r| view! { <li>{loc(r)}</li> }).collect_view()}
                    </ul>
                </div>
                <div>
                    <h4>{t("足りない点", "Gaps")}</h4>
                    <ul class="reasons reasons-gap" data-testid="gaps">
                        {if gaps.is_empty() {
                            view! { <li>{t("なし", "None")}</li> }.into_any()
                        } else {
                            gaps.into_iter().map(|r| view! { <li>{loc(r)}</li> }).collect_view().into_any()
                        }}
                    </ul>
                </div>
            </div>
            <div class="actions">
                <button type="button" class="button button-secondary" data-testid="shortlist" aria-pressed=move || shortlisted.get().to_string()
                    disabled=move || !state.shortlist_loaded.get() on:click=toggle_short>
                    {move || if shortlisted.get() { tr(lang, "候補から外す", "Unshortlist") } else { tr(lang, "候補に入れる", "Shortlist") }}
                </button>
                <label class="check">
                    <input type="checkbox" data-testid="compare" prop:checked=compared
                        disabled=move || !compared.get() && state.compared.with(|c| c.len() >= MAX_COMPARE)
                        on:change=move |_| state.toggle_compare(&stored.get_value())/>
                    {t("比べる", "Compare")}
                </label>
                <button type="button" class="button" data-testid="interest" disabled=move || interested.get() || interest.pending().get()
                    on:click=move |_| { interest.dispatch(()); }>
                    {move || if interested.get() { tr(lang, "興味ありを送りました", "Interest sent") } else { tr(lang, "興味あり", "Interested") }}
                </button>
            </div>
            {move || interest.value().get().and_then(Result::err).map(|e| view! { <p class="notice notice-error" role="alert">{loc(e.message())}</p> })}
        </li>
    }
}

#[component]
fn Shortlist(state: TalentState, job: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid="shortlist-section">
            <h2>{t("候補リスト", "Shortlist")}</h2>
            {move || state.shortlist_error.get().map(|said| view! {
                <p class="notice notice-error" role="alert" data-testid="shortlist-error">{loc(said)}</p>
            })}
            {move || {
                let list = state.shortlist.get();
                if list.is_empty() {
                    view! { <p>{t("まだ候補はいません。", "No one shortlisted yet.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="shortlist-list">
                            {list.into_iter().map(|c| {
                                let stored = StoredValue::new(c.clone());
                                let id = c.card.0.clone();
                                let card_id = id.clone();
                                let label = domain::talent::card_label(&domain::model::JobId(job.clone()), &c.card);
                                view! {
                                    <li class="short-item" data-testid="shortlist-item" data-card=card_id>
                                        <span><strong data-testid="card-label">{move || format!("{} {label}", tr(lang, "候補", "Candidate"))}</strong>" "{loc(skills_text(&c))}</span>
                                        <label class="check">
                                            <input type="checkbox" prop:checked=move || state.is_compared(&id)
                                                on:change=move |_| state.toggle_compare(&stored.get_value())/>
                                            {t("比べる", "Compare")}
                                        </label>
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

#[component]
fn Compare(state: TalentState, job: String) -> impl IntoView {
    let lang = use_lang();
    move || {
        let cards = state.compared.get();
        let labels: Vec<String> = cards
            .iter()
            .map(|c| domain::talent::card_label(&domain::model::JobId(job.clone()), &c.card))
            .collect();
        compare(&cards).map(|rows| view! {
            <section class="card compare" data-testid="compare-table">
                <h2>{t("比べる（最大3人）", "Compare (up to 3)")}</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || tr(lang, "比較表", "Comparison")>
                    <table>
                        <thead><tr>
                            <th scope="col">{t("項目", "Item")}</th>
                            {labels.into_iter().map(|l| view! { <th scope="col">{t("候補", "Candidate")}{format!(" {l}")}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{loc(r.label)}</th>
                                    {r.values.into_iter().map(|v| view! { <td>{loc(v)}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })
    }
}

/// The trust facts of a card: badges for what is there; for a job above the public data level,
/// also what is missing, in words.
#[component]
fn TrustBadges(card: TalentCard, sensitive: RwSignal<bool>) -> impl IntoView {
    let (id, sec) = (card.identity_verified, card.security_course);
    let text = trust_text(&card);
    view! {
        <p class="badges" data-testid="trust" data-identity=id.to_string() data-security=sec.to_string()>
            {id.then(|| view! { <span class="badge badge-ok" data-testid="badge-identity">{t("本人確認済み", "Identity checked")}</span> })}
            {sec.then(|| view! { <span class="badge badge-ok" data-testid="badge-security">{t("セキュリティ講座修了", "Security course")}</span> })}
            {move || (sensitive.get() && !(id && sec)).then(|| view! { <span class="hint">{loc(text.clone())}</span> })}
        </p>
    }
}
