//! The pipeline board a coordinator runs the day from: first "today" (check-ins due or
//! overdue, stalled engagements by days, idle graduates), then the region's engagements by
//! column (scrolling sideways), a page of each (「もっと見る」 asks for the column's next page),
//! filterable by company, task kind and coordinator (the region's desk filters and counts).

use domain::engagement::PipelineStage;
use domain::hub::{Board as BoardData, BoardColumn, BoardFilter, Card};
use leptos::prelude::*;

use super::{HubNav, resident_label};
use crate::api;
use crate::components::load::{LoadError, Skeleton, Tr, day_of, ymd};
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Board() -> impl IntoView {
    let board = LocalResource::new(|| async {
        api::hub::pipeline_page(&BoardFilter::default(), None, 0).await
    });
    // Idle graduates come from the attention list, read beside the board (in parallel).
    let attention = LocalResource::new(|| api::hub::attention(domain::hub::TODAY_SHOWN, None));
    view! {
        <section class="page console">
            <HubNav current="board"/>
            <h1><Tr ja="パイプライン" en="Pipeline"/></h1>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(b) => view! { <BoardView board=b attention=attention/> }.into_any(),
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

/// "Today" first: the check-ins due (overdue included), the stalled engagements by days
/// without activity, the graduates with no work; then the columns.
#[component]
fn TodayView(
    today: domain::hub::Today,
    stalled_days: u32,
    attention: LocalResource<Result<domain::hub::Attention, api::ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (checkins, stalled) = (today.checkins, today.stalled);
    // The board carries the first of each list; the rest are said, with where to find them.
    let more_due = today.checkins_total.saturating_sub(checkins.len());
    let more_stalled = today.stalled_total.saturating_sub(stalled.len());
    view! {
        <section class="today" aria-labelledby="today-title" data-testid="today">
            <h2 id="today-title"><Tr ja="今日やること" en="Today"/></h2>
            <div class="today-grid">
                <section aria-labelledby="today-due-title" data-testid="today-checkins">
                    <h3 id="today-due-title"><Tr ja="チェックイン（今日・期限切れ）" en="Check-ins due or overdue"/>" "<span class="count">{today.checkins_total}</span></h3>
                    {checkins.is_empty().then(|| view! { <p class="muted"><Tr ja="今日のチェックインはありません。" en="No check-ins due today."/></p> })}
                    <ol class="today-list">
                        {checkins.into_iter().map(|c| {
                            let due = c.next_checkin_due.map(day_of).unwrap_or_default();
                            view! {
                                <li data-testid="today-checkin">
                                    <a href="/hub/due">{resident_label(&c.resident_name, c.resident.as_str())}" · "{c.job_title.clone()}</a>
                                    " "<span class="muted"><Tr ja="予定日 " en="due "/>{due}</span>
                                    {c.overdue.then(|| view! { " "<span class="badge badge-alert"><Tr ja="期限切れ" en="Overdue"/></span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {(more_due > 0).then(|| view! {
                        <p data-testid="today-checkins-more"><a href="/hub/due"><Tr ja="ほかのチェックインも見る（" en="See the other check-ins ("/>{more_due}<Tr ja="件）" en=")"/></a></p>
                    })}
                </section>
                <section aria-labelledby="stalled-title" data-testid="stalled-list">
                    <h3 id="stalled-title">
                        <Tr ja="止まっている案件（長い順）" en="Stalled, longest first"/>" "<span class="count">{today.stalled_total}</span>
                        " "<span class="muted">{move || format!("({stalled_days}{})", tr(lang, "日以上動きなし", "+ days without activity"))}</span>
                    </h3>
                    <ol class="today-list">
                        {stalled.into_iter().map(|c| {
                            let days = c.days_since_activity.unwrap_or_default();
                            view! {
                                <li data-testid="today-stalled" data-days=days.to_string()>
                                    <a href=format!("/hub/residents/{}", c.resident)>{resident_label(&c.resident_name, c.resident.as_str())}</a>
                                    " · "{c.job_title.clone()}" · "{c.company_name.clone()}
                                    " "<strong>{move || format!("{days}{}", tr(lang, "日動きなし", " days quiet"))}</strong>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {(more_stalled > 0).then(|| view! {
                        <p class="muted" data-testid="today-stalled-more"><Tr ja="ほか" en="The other "/>{more_stalled}<Tr ja="件は、下の各列の上のほうに「停滞」の印で並んでいます。" en=" are near the top of each column below, marked “Stalled”."/></p>
                    })}
                </section>
                <section aria-labelledby="today-idle-title" data-testid="today-idle">
                    <h3 id="today-idle-title"><Tr ja="修了後に仕事がない人" en="Graduates with no work"/></h3>
                    <Transition fallback=Skeleton>
                        {move || Suspend::new(async move {
                            match attention.await {
                                Ok(a) => view! {
                                    <p class="muted" data-testid="today-idle-total"><Tr ja="全" en="In all: "/>{a.idle_total}<Tr ja="人" en=""/></p>
                                    <ol class="today-list">
                                        {a.idle.into_iter().map(|g| view! {
                                            <li data-testid="today-idle-row">
                                                <a href=format!("/hub/residents/{}", g.resident)>{resident_label(&g.resident_name, g.resident.as_str())}</a>
                                                " "<span class="muted">{move || format!("{}{}", g.days_idle, tr(lang, "日", " days"))}</span>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                    <p><a href="/hub/attention"><Tr ja="声かけが必要な人をすべて見る" en="Everyone who needs a call"/></a></p>
                                }.into_any(),
                                Err(e) => view! { <LoadError error=e retry=move || attention.refetch()/> }.into_any(),
                            }
                        })}
                    </Transition>
                </section>
            </div>
        </section>
    }
}

#[component]
fn BoardView(
    board: BoardData,
    attention: LocalResource<Result<domain::hub::Attention, api::ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let filter = RwSignal::new(BoardFilter::default());
    let companies = options(&board, |c| {
        vec![(c.company.to_string(), c.company_name.clone())]
    });
    let tasks = options(&board, |c| {
        c.tasks
            .iter()
            .filter_map(|t| Some((t.to_string(), pick(lang, board.task_names.get(t)?))))
            .collect()
    });
    let coordinators = options(&board, |c| {
        c.coordinator
            .iter()
            .filter_map(|u| c.coordinator_name.clone().map(|n| (u.to_string(), n)))
            .collect()
    });
    let stalled_days = board.stalled_days;
    let columns = RwSignal::new(board.columns);
    let failed = RwSignal::new(None::<api::ApiError>);
    let busy = RwSignal::new(false);
    // Asks the desk for a page: the first of each column (a filter changed) or the next cards of
    // one column ("show more"); an answer for a filter since changed is left out.
    let ask = move |column: Option<PipelineStage>, offset: usize| {
        let f = filter.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::hub::pipeline_page(&f, column, offset).await;
            busy.set(false);
            if f != filter.get_untracked() {
                return;
            }
            match answer {
                Ok(b) => {
                    failed.set(None);
                    match column {
                        None => columns.set(b.columns),
                        Some(c) => columns.update(|cols| lay_next(cols, b.columns, c)),
                    }
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let narrow = move |set: &dyn Fn(&mut BoardFilter)| {
        filter.update(|f| set(f));
        ask(None, 0);
    };
    view! {
        <p class="muted">
            <Tr ja="件数: " en="Engagements: "/>
            <span data-testid="board-total">{board.total}</span>
            <Tr ja="（日付は日本時間 " en=" (as of "/>{ymd(board.as_of)}<Tr ja="）" en=")"/>
        </p>
        <TodayView today=board.today stalled_days=stalled_days attention=attention/>
        <h2><Tr ja="段階ごとの案件" en="By stage"/></h2>
        <div class="filters">
            <FilterSelect id="filter-company" label=("企業", "Company") options=companies
                set=move |v| narrow(&|f| f.company = v.clone())/>
            <FilterSelect id="filter-task" label=("作業の種類", "Task kind") options=tasks
                set=move |v| narrow(&|f| f.task = v.clone())/>
            <FilterSelect id="filter-coordinator" label=("担当コーディネーター", "Coordinator") options=coordinators
                set=move |v| narrow(&|f| f.coordinator = v.clone())/>
        </div>
        {move || failed.get().map(|e| view! {
            <LoadError error=e retry=move || ask(None, 0)/>
        })}
        <p class="hint"><Tr ja="列は横にスクロールできます。" en="The columns scroll sideways."/></p>
        <div class="board" data-testid="board" tabindex="0" role="region" aria-label=move || tr(lang, "段階ごとの案件（横にスクロール）", "Engagements by stage (scrolls sideways)")>
            {move || {
                columns
                    .get()
                    .into_iter()
                    .map(|col| {
                        let label = col.label.clone();
                        let more_label = col.label.clone();
                        let heading_id = format!("col-{}", col.column.as_str());
                        let labelled_by = heading_id.clone();
                        let (column, offset) = (col.column, col.cards.len());
                        view! {
                            <section class="board-column" aria-labelledby=labelled_by data-testid="board-column" data-column=column.as_str()>
                                <h3 id=heading_id>{move || pick(lang, &label)}" "<span class="count">{col.count}</span></h3>
                                <ul class="board-cards">
                                    {col.cards.into_iter().map(|c| view! { <CardView card=c/> }).collect_view()}
                                </ul>
                                {col.more.then(|| view! {
                                    <button type="button" class="button button-secondary button-more" data-testid="column-more"
                                        disabled=move || busy.get()
                                        on:click=move |_| ask(Some(column), offset)>
                                        <Tr ja="もっと見る" en="Show more"/>
                                        <span class="visually-hidden">{move || format!("（{}）", pick(lang, &more_label))}</span>
                                    </button>
                                })}
                            </section>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// The next page of `column` laid after its cards shown, with its count and whether more
/// follow as the desk says now.
fn lay_next(cols: &mut [BoardColumn], page: Vec<BoardColumn>, column: PipelineStage) {
    let next = page.into_iter().find(|c| c.column == column);
    if let (Some(mine), Some(next)) = (cols.iter_mut().find(|c| c.column == column), next) {
        mine.cards.extend(next.cards);
        mine.count = next.count;
        mine.more = next.more;
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
            {card.ended_by_plan.then(|| {
                let end = card.planned_end.map(day_of).unwrap_or_default();
                view! { <p class="muted" data-testid="ended-by-plan"><Tr ja="予定の期間が終了: " en="Planned period ended: "/>{end}</p> }
            })}
            <p class="badges">
                {card.overdue.then(|| view! { <span class="badge badge-alert"><Tr ja="期限切れ" en="Overdue"/></span> })}
                {card.stalled.then(|| view! { <span class="badge badge-alert"><Tr ja="停滞" en="Stalled"/></span> })}
                {card.paused.then(|| view! { <span class="badge"><Tr ja="一時停止" en="Paused"/></span> })}
                {card.due_today.then(|| view! { <span class="badge"><Tr ja="今日チェックイン" en="Check-in today"/></span> })}
            </p>
        </li>
    }
}
