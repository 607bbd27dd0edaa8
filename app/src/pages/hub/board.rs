//! The pipeline board: every engagement of the region once, by column, filterable by company,
//! task kind and coordinator (`domain::hub::BoardFilter`), and the stalled ones listed apart.

use domain::hub::{Board as BoardData, BoardFilter, Card};
use leptos::prelude::*;

use super::{HubNav, short};
use crate::api;
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Board() -> impl IntoView {
    let lang = use_lang();
    let board = LocalResource::new(api::hub::pipeline);
    view! {
        <section class="page console">
            <HubNav current="board"/>
            <h1>{move || tr(lang, "パイプライン", "Pipeline")}</h1>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(b) => view! { <BoardView board=b/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || board.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The distinct values a filter can take, in board order: (value, label).
fn options(board: &BoardData, of: impl Fn(&Card) -> Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for card in board.columns.iter().flat_map(|c| &c.cards) {
        for o in of(card) {
            if !out.iter().any(|x| x.0 == o.0) {
                out.push(o);
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

#[component]
fn BoardView(board: BoardData) -> impl IntoView {
    let lang = use_lang();
    let filter = RwSignal::new(BoardFilter::default());
    let companies = options(&board, |c| vec![(c.company.to_string(), c.company_name.clone())]);
    let tasks = options(&board, |c| c.tasks.iter().map(|t| (t.to_string(), t.to_string())).collect());
    let coordinators = options(&board, |c| {
        c.coordinator.iter().map(|u| (u.to_string(), short(u.as_str()))).collect()
    });
    let stalled: Vec<Card> = board
        .columns
        .iter()
        .flat_map(|c| c.cards.iter().filter(|k| k.stalled).cloned())
        .collect();
    let stalled_days = board.stalled_days;
    let columns = StoredValue::new(board.columns);
    view! {
        <p class="muted">
            {move || tr(lang, "件数: ", "Engagements: ")}
            <span data-testid="board-total">{board.total}</span>
            {move || tr(lang, "（日付は日本時間 ", " (as of ")}{board.as_of.to_string()}{")"}
        </p>
        <div class="filters">
            <FilterSelect id="filter-company" label=("企業", "Company") options=companies
                set=move |v| filter.update(|f| f.company = v)/>
            <FilterSelect id="filter-task" label=("作業の種類", "Task kind") options=tasks
                set=move |v| filter.update(|f| f.task = v)/>
            <FilterSelect id="filter-coordinator" label=("担当コーディネーター", "Coordinator") options=coordinators
                set=move |v| filter.update(|f| f.coordinator = v)/>
        </div>
        <div class="board" data-testid="board">
            {move || {
                let f = filter.get();
                columns
                    .get_value()
                    .into_iter()
                    .map(|col| {
                        let cards: Vec<Card> = col.cards.into_iter().filter(|c| f.keeps(c)).collect();
                        let label = col.label.clone();
                        let heading_id = format!("col-{:?}", col.column).to_lowercase();
                        let labelled_by = heading_id.clone();
                        view! {
                            <section class="board-column" aria-labelledby=labelled_by data-testid="board-column">
                                <h2 id=heading_id>{move || pick(lang, &label)}" "<span class="count">{cards.len()}</span></h2>
                                <ul class="cards">
                                    {cards.into_iter().map(|c| view! { <CardView card=c/> }).collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()
            }}
        </div>
        <section aria-labelledby="stalled-title" data-testid="stalled-list">
            <h2 id="stalled-title">
                {move || tr(lang, "止まっている案件", "Stalled engagements")}
                " "<span class="muted">{move || format!("({stalled_days}{})", tr(lang, "日以上動きなし", "+ days without activity"))}</span>
            </h2>
            <ul class="cards">
                {stalled.into_iter().map(|c| view! { <CardView card=c/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FilterSelect(
    id: &'static str,
    label: (&'static str, &'static str),
    options: Vec<(String, String)>,
    set: impl Fn(Option<String>) + 'static,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for=id>{move || tr(lang, label.0, label.1)}</label>
            <select id=id on:change=move |ev| {
                let v = event_target_value(&ev);
                set((!v.is_empty()).then_some(v));
            }>
                <option value="">{move || tr(lang, "すべて", "All")}</option>
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn CardView(card: Card) -> impl IntoView {
    let lang = use_lang();
    let days = card.days_since_checkin;
    let resident_href = format!("/hub/residents/{}", card.resident);
    let company_href = format!("/hub/companies/{}", card.company);
    view! {
        <li class="card" data-testid="card" data-engagement=card.engagement.to_string()
            data-stalled=card.stalled.to_string() data-column=format!("{:?}", card.column).to_lowercase()>
            <h3>{card.job_title.clone()}</h3>
            <p><a href=company_href>{card.company_name.clone()}</a>
               " · "<a href=resident_href aria-label=move || tr(lang, "住民の記録", "Resident's timeline")>{short(card.resident.as_str())}</a></p>
            <p class="muted" data-testid="days-since-checkin">
                {move || match days {
                    Some(d) => format!("{}{d}{}", tr(lang, "最後のチェックインから", "Last check-in "), tr(lang, "日", " days ago")),
                    None => tr(lang, "チェックインなし", "No check-in yet").to_owned(),
                }}
            </p>
            <p class="badges">
                {card.overdue.then(|| view! { <span class="badge badge-alert">{move || tr(lang, "期限切れ", "Overdue")}</span> })}
                {card.stalled.then(|| view! { <span class="badge badge-alert">{move || tr(lang, "停滞", "Stalled")}</span> })}
                {card.paused.then(|| view! { <span class="badge">{move || tr(lang, "一時停止", "Paused")}</span> })}
                {card.due_today.then(|| view! { <span class="badge">{move || tr(lang, "今日チェックイン", "Check-in today")}</span> })}
            </p>
        </li>
    }
}
