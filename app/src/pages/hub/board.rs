//! The pipeline board: every engagement of the region once, by column, filterable by company,
//! task kind and coordinator (`domain::hub::BoardFilter`), and the stalled ones listed apart.

use domain::hub::{Board as BoardData, BoardFilter, Card};
use leptos::prelude::*;

use super::{HubNav, resident_label, short};
use crate::api;
use crate::components::load::{LoadError, Skeleton, Tr, ymd};
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Board() -> impl IntoView {
    let board = LocalResource::new(api::hub::pipeline);
    view! {
        <section class="page console">
            <HubNav current="board"/>
            <h1><Tr ja="パイプライン" en="Pipeline"/></h1>
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
fn options(
    board: &BoardData,
    of: impl Fn(&Card) -> Vec<(String, String)>,
) -> Vec<(String, String)> {
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
    let companies = options(&board, |c| {
        vec![(c.company.to_string(), c.company_name.clone())]
    });
    let tasks = options(&board, |c| {
        c.tasks
            .iter()
            .map(|t| (t.to_string(), t.to_string()))
            .collect()
    });
    let coordinators = options(&board, |c| {
        c.coordinator
            .iter()
            .map(|u| (u.to_string(), short(u.as_str())))
            .collect()
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
            <Tr ja="件数: " en="Engagements: "/>
            <span data-testid="board-total">{board.total}</span>
            <Tr ja="（日付は日本時間 " en=" (as of "/>{ymd(board.as_of)}<Tr ja="）" en=")"/>
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
                        let heading_id = format!("col-{}", col.column.as_str());
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
                <Tr ja="止まっている案件" en="Stalled engagements"/>
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
                <option value=""><Tr ja="すべて" en="All"/></option>
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
            data-stalled=card.stalled.to_string() data-column=card.column.as_str()>
            <h3>{card.job_title.clone()}</h3>
            <p><a href=company_href>{card.company_name.clone()}</a>
               " · "<a href=resident_href><span class="visually-hidden"><Tr ja="住民の記録 " en="Resident's timeline "/></span><span data-testid="resident-name">{resident_label(&card.resident_name, card.resident.as_str())}</span></a></p>
            <p class="muted" data-testid="days-since-checkin">
                {move || match days {
                    Some(d) => format!("{}{d}{}", tr(lang, "最後のチェックインから", "Last check-in "), tr(lang, "日", " days ago")),
                    None => tr(lang, "チェックインなし", "No check-in yet").to_owned(),
                }}
            </p>
            <p class="badges">
                {card.overdue.then(|| view! { <span class="badge badge-alert"><Tr ja="期限切れ" en="Overdue"/></span> })}
                {card.stalled.then(|| view! { <span class="badge badge-alert"><Tr ja="停滞" en="Stalled"/></span> })}
                {card.paused.then(|| view! { <span class="badge"><Tr ja="一時停止" en="Paused"/></span> })}
                {card.due_today.then(|| view! { <span class="badge"><Tr ja="今日チェックイン" en="Check-in today"/></span> })}
            </p>
        </li>
    }
}
