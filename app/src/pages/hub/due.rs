//! Check-ins due today or overdue, each with the form that records one (whom the hub talked
//! with, mood 1–5, hours worked, a note, the follow-up); the answer shows the next one due.

use domain::engagement::{CheckInWith, EventKind};
use domain::hub::Card;
use domain::model::Localized;
use leptos::prelude::*;

use super::{HubNav, resident_label};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::{LoadError, Skeleton, Tr, day_of, ymd};

/// The check-ins due, a page at a time: each page's 「もっと見る」 opens the next page after it,
/// so the forms already shown keep what was typed and recorded. A check-in recorded here has left
/// the server's list, so the next page starts as many rows earlier (those recorded since the
/// page before it was asked for).
#[component]
pub fn DueList() -> impl IntoView {
    let count = DueCount {
        recorded: RwSignal::new(0),
        shown: RwSignal::new(0),
        total: RwSignal::new(0),
    };
    view! {
        <section class="page console">
            <HubNav current="due"/>
            <h1><Tr ja="チェックイン予定（今日・期限切れ）" en="Check-ins due today or overdue"/></h1>
            <Show when=move || count.total.get() != 0>
                <p class="muted" data-testid="due-total">
                    {move || count.shown.get()}<Tr ja="件を表示（全" en=" shown of "/>{move || count.total.get()}<Tr ja="件）" en=""/>
                </p>
            </Show>
            <DuePage offset=0 count/>
        </section>
    }
}

/// What the pages of the due list count together.
#[derive(Clone, Copy)]
struct DueCount {
    /// Check-ins recorded on this screen (they left the server's list).
    recorded: RwSignal<usize>,
    /// Rows on screen, and the list's length when the last page came.
    shown: RwSignal<usize>,
    total: RwSignal<usize>,
}

/// One page of the check-ins due from `offset`, then its 「もっと見る」.
#[component]
fn DuePage(offset: usize, count: DueCount) -> AnyView {
    let due = LocalResource::new(move || api::hub::due(offset));
    let next = RwSignal::new(None::<usize>);
    // The next page starts after this one, less the check-ins recorded since it was asked for.
    let recorded_before = count.recorded.get_untracked();
    view! {
        <Transition fallback=Skeleton>
            {move || Suspend::new(async move {
                match due.await {
                    Ok(d) if d.items.is_empty() && offset == 0 => view! {
                        <p data-testid="due-empty"><Tr ja="今日予定のチェックインはありません。" en="No check-ins due today."/></p>
                    }.into_any(),
                    Ok(d) => {
                        let (today, rows) = (d.as_of, d.items.len());
                        count.shown.update(|n| *n += rows);
                        count.total.set(d.total + count.recorded.get_untracked());
                        let after = offset + rows;
                        view! {
                            <ul class="due-list" data-testid="due-list">
                                {d.items.into_iter().map(|c| view! { <DueItem card=c today recorded=count.recorded/> }).collect_view()}
                            </ul>
                            {d.more.then(|| view! {
                                {move || match next.get() {
                                    Some(from) => view! { <DuePage offset=from count/> }.into_any(),
                                    None => view! {
                                        <button type="button" class="button button-secondary button-more" data-testid="due-more"
                                            on:click=move |_| next.set(Some(after.saturating_sub(count.recorded.get_untracked().saturating_sub(recorded_before))))>
                                            <Tr ja="もっと見る" en="Show more"/>
                                        </button>
                                    }.into_any(),
                                }}
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <LoadError error=e retry=move || due.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The check-in event from the form's text, or the field that is wrong.
fn check_in(
    with: &str,
    mood: &str,
    hours: &str,
    note: String,
    follow_up: String,
    shared_with_company: bool,
    next_on: &str,
) -> Result<EventKind, (&'static str, Localized)> {
    let with = match with {
        "resident" => CheckInWith::Resident,
        "company" => CheckInWith::Company,
        _ => CheckInWith::Both,
    };
    let mood = mood
        .parse::<u8>()
        .ok()
        .filter(|m| (1..=5).contains(m))
        .ok_or((
            "mood",
            Localized::new(
                "調子を1〜5から選んでください。",
                "Choose a mood from 1 to 5.",
            ),
        ))?;
    let hours = hours.trim().parse::<u32>().map_err(|_| {
        (
            "hours",
            Localized::new(
                "働いた時間を0以上の整数で入力してください。",
                "Enter the hours worked as a whole number (0 or more).",
            ),
        )
    })?;
    let follow_up = follow_up.trim().to_owned();
    let next_on = match next_on.trim() {
        "" => None,
        d => Some(d.parse::<chrono::NaiveDate>().map_err(|_| {
            (
                "next_on",
                Localized::new(
                    "次のチェックインの日をカレンダーから選んでください。",
                    "Choose the next check-in's date from the calendar.",
                ),
            )
        })?),
    };
    Ok(EventKind::CheckIn {
        next_on,
        mood,
        hours_worked: hours,
        note: note.trim().to_owned(),
        follow_up: (!follow_up.is_empty()).then_some(follow_up),
        // A check-in with the resident alone has nothing the company may read.
        shared_with_company: shared_with_company && with != CheckInWith::Resident,
        with,
    })
}

#[component]
fn DueItem(card: Card, today: chrono::NaiveDate, recorded: RwSignal<usize>) -> impl IntoView {
    let id = card.engagement.to_string();
    // The whole engagement id: a shortened one is the same for engagements made in the same
    // second, and then a label of one form would focus another form's field.
    let prefix: String = std::iter::once("ci-".to_owned())
        .chain(id.chars().map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                "-".to_owned()
            }
        }))
        .collect();
    let (with, mood, hours, note, follow) = (
        RwSignal::new("both".to_owned()),
        RwSignal::new("3".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let shared = RwSignal::new(false);
    // The next check-in's date: blank keeps the schedule; a chosen one lies within the work's
    // dates (from tomorrow to its planned end).
    let next_on = RwSignal::new(String::new());
    let min_day = today.succ_opt().map(ymd).unwrap_or_default();
    let max_day = card.planned_end.map(day_of);
    let end_day = max_day.clone();
    let local_error = RwSignal::new(None::<(&'static str, Localized)>);
    // A refusal (4xx) is that submission's answer for good: the server replays it for the key,
    // so the corrected check-in takes a new one; a lost answer keeps it (`api::Intent`).
    let intent = api::Intent::new();
    let engagement = id.clone();
    let save = Action::new_local(move |event: &EventKind| {
        let (event, engagement) = (event.clone(), engagement.clone());
        async move {
            let answer = intent
                .send(
                    move |key| async move { api::hub::post_event(&engagement, &event, &key).await },
                )
                .await;
            if answer.is_ok() {
                recorded.update(|n| *n += 1);
            }
            answer
        }
    });
    let answer = move || save.value().get();
    let server_error = Signal::derive(move || answer().and_then(Result::err));
    let next_due = move || {
        answer()
            .and_then(Result::ok)
            .map(|a| a.state.next_checkin_due().map(day_of))
    };
    // The schedule's next slot may fall after the work's end: then there is none within it.
    let end_day = StoredValue::new(end_day);
    let next_text = move || {
        let next = next_due().flatten();
        match (next, end_day.get_value()) {
            (Some(n), Some(end)) if n > end => None,
            (n, _) => n,
        }
    };
    let field_error = move |name: &'static str| {
        Signal::derive(move || {
            local_error
                .get()
                .filter(|(f, _)| *f == name)
                .map(|(_, m)| m)
                .or_else(|| server_error.get().and_then(|e: ApiError| e.field(name)))
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_in(
            &with.get_untracked(),
            &mood.get_untracked(),
            &hours.get_untracked(),
            note.get_untracked(),
            follow.get_untracked(),
            shared.get_untracked(),
            &next_on.get_untracked(),
        ) {
            Ok(event) => {
                local_error.set(None);
                save.dispatch(event);
            }
            Err(e) => local_error.set(Some(e)),
        }
    };
    let ids = move |s: &str| format!("{prefix}-{s}");
    let was_due = card.next_checkin_due.map(day_of).unwrap_or_default();
    view! {
        <li class="card due-item" data-testid="due-item" data-engagement=id.clone()>
            <h2 class="card-title">{card.job_title.clone()}" · "{card.company_name.clone()}</h2>
            <p class="muted">
                <Tr ja="予定日: " en="Due: "/><span data-testid="was-due">{was_due.clone()}</span>
                {card.overdue.then(|| view! { " "<span class="badge badge-alert"><Tr ja="期限切れ" en="Overdue"/></span> })}
                " · "<a href=format!("/hub/residents/{}", card.resident)><span data-testid="resident-name">{resident_label(&card.resident_name, card.resident.as_str())}</span><span class="visually-hidden"><Tr ja="（住民の記録）" en=" (timeline)"/></span></a>
            </p>
            <Show when=move || next_due().is_none() fallback=move || view! {
                <p class="notice notice-ok" role="status" data-testid="checkin-saved">
                    {move || match next_text() {
                        Some(n) => view! { <Tr ja="記録しました。次回のチェックイン: " en="Recorded. Next check-in: "/><strong data-testid="next-due">{n}</strong> }.into_any(),
                        None => view! { <Tr ja="記録しました。仕事の期間内に次のチェックインはありません。" en="Recorded. No further check-in within the work's dates."/> }.into_any(),
                    }}
                </p>
            }>
                <form class="checkin-form" on:submit=on_submit novalidate data-testid="checkin-form">
                    <ErrorNotice error=Signal::derive(move || server_error.get().filter(|e| e.field("mood").is_none() && e.field("hours").is_none() && e.field("next_on").is_none()))/>
                    <div class="field-row">
                        <div class="field">
                            <label for=ids("with")><Tr ja="話した相手" en="Talked with"/></label>
                            <select id=ids("with") on:change=move |ev| with.set(event_target_value(&ev))>
                                <option value="both" selected><Tr ja="住民と企業" en="Both"/></option>
                                <option value="resident"><Tr ja="住民" en="Resident"/></option>
                                <option value="company"><Tr ja="企業" en="Company"/></option>
                            </select>
                        </div>
                        <div class="field">
                            <label for=ids("mood")><Tr ja="調子（1 悪い〜5 良い）" en="Mood (1 bad – 5 good)"/></label>
                            <select id=ids("mood") data-testid="mood" on:change=move |ev| mood.set(event_target_value(&ev))>
                                {(1..=5).map(|m| view! { <option value=m.to_string() selected=m == 3>{m}</option> }).collect_view()}
                            </select>
                            <FieldError id=ids("mood-error") error=field_error("mood")/>
                        </div>
                        <div class="field">
                            <label for=ids("hours")><Tr ja="前回から働いた時間" en="Hours worked since last time"/></label>
                            <input id=ids("hours") data-testid="hours" type="number" inputmode="numeric" min="0"
                                prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev))
                                aria-invalid=move || field_error("hours").get().is_some().then_some("true")
                                aria-describedby=ids("hours-error")/>
                            <FieldError id=ids("hours-error") error=field_error("hours")/>
                        </div>
                    </div>
                    <div class="field">
                        <label for=ids("note")><Tr ja="メモ（引き継ぎに残ります）" en="Note (kept for handover)"/></label>
                        <textarea id=ids("note") data-testid="note" rows="2"
                            prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field field-check">
                        <label>
                            <input type="checkbox" data-testid="share-with-company"
                                prop:checked=move || shared.get()
                                disabled=move || with.get() == "resident"
                                on:change=move |ev| shared.set(event_target_checked(&ev))/>
                            " "<Tr ja="このメモと次にすることを企業にも共有する" en="Share this note and the follow-up with the company"/>
                        </label>
                        <p class="hint"><Tr ja="チェックしない限り、メモは推進ハブの中だけに残ります（住民とだけ話した面談は共有できません）。"
                            en="Unless ticked, the note stays with the hub (a check-in with the resident alone cannot be shared)."/></p>
                    </div>
                    <div class="field">
                        <label for=ids("next")><Tr ja="次のチェックインの日（空欄なら予定どおり）" en="Next check-in (blank: as scheduled)"/></label>
                        <input id=ids("next") data-testid="next-on" type="date" min=min_day.clone() max=max_day.clone()
                            aria-describedby=ids("next-hint")
                            aria-invalid=move || field_error("next_on").get().is_some().then_some("true")
                            prop:value=move || next_on.get() on:input=move |ev| next_on.set(event_target_value(&ev))/>
                        <p class="hint" id=ids("next-hint")>
                            <Tr ja="選べるのは明日から" en="From tomorrow"/>
                            {max_day.clone().map(|m| view! { <Tr ja="、仕事の終了予定日 " en=" to the planned end of the work, "/>{m}<Tr ja=" まで" en=""/> })}
                        </p>
                        <FieldError id=ids("next-error") error=field_error("next_on")/>
                    </div>
                    <div class="field">
                        <label for=ids("follow")><Tr ja="次にすること" en="Follow-up"/></label>
                        <input id=ids("follow") type="text"
                            prop:value=move || follow.get() on:input=move |ev| follow.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button" data-testid="checkin-submit" disabled=move || save.pending().get()>
                        <Tr ja="チェックインを記録" en="Record check-in"/>
                    </button>
                </form>
            </Show>
        </li>
    }
}
