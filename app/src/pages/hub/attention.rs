//! Whom to call before they drop out: graduates with no work for N days, and residents whose
//! work ends soon with nothing next (`domain::hub::{idle_graduates, at_risk}`); and what the
//! Freelance Act asks that nobody forgets: unpaid invoices past due and requests waiting for the
//! commissioner's answer (`domain::fair_work::{earnings, waiting}`).

use domain::hub::{Attention as AttentionData, AttentionList};
use leptos::prelude::*;

use super::{HubNav, resident_label};
use crate::api;
use crate::api::fair::HubList;
use crate::components::load::{LoadError, Skeleton, Tr, day_of};
use crate::i18n::{tr, use_lang};

#[component]
pub fn Attention() -> impl IntoView {
    let data = LocalResource::new(|| api::hub::attention(PAGE, None));
    view! {
        <section class="page console">
            <HubNav current="attention"/>
            <h1><Tr ja="声かけが必要な人" en="Who needs a call"/></h1>
            <WorkNotices name="overdue" list=HubList::Overdue
                title={("支払日を過ぎた未払い", "Unpaid past the payment date")}/>
            // Requests for consideration (Art. 13) and for the reason of an ending (Art. 16(2)).
            <WorkNotices name="waiting" list=HubList::Waiting
                title={("回答を待っている申し出", "Requests waiting for an answer")}
                hint={(
                    "育児・介護などへの配慮の申し出（フリーランス法第13条）と、契約を終える理由の請求（第16条第2項）に、発注者がまだ答えていません。早めの回答を促しましょう。",
                    "The commissioning side has not yet answered these requests for consideration of childcare or caregiving (Freelance Act Art. 13) or for the reason the work ends (Art. 16(2)). Encourage an early answer.",
                )}/>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(a) => view! { <Lists data=a/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Rows of each list per page (the server's default page).
const PAGE: usize = 20;

/// Both lists, each a page at a time: 「もっと見る」 asks for the next page of one list and lays
/// it after the rows shown. (One signal over the whole answer measured smaller than a chain of
/// page components, 22.4 against 23.1 KB brotli, and kept the hub's first view 0.6 KB lighter.)
#[component]
fn Lists(data: AttentionData) -> impl IntoView {
    let lang = use_lang();
    let (idle_days, ending_days) = (data.idle_days, data.ending_days);
    let data = RwSignal::new(data);
    let busy = RwSignal::new(false);
    // A page that did not come, and which list it was for (its retry asks for that list again).
    let failed = RwSignal::new(None::<(AttentionList, api::ApiError)>);
    let show_more = move |list: AttentionList| {
        let offset = data.with_untracked(|d| match list {
            AttentionList::Idle => d.idle.len(),
            AttentionList::AtRisk => d.at_risk.len(),
        });
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::hub::attention(PAGE, Some((list, offset))).await;
            busy.set(false);
            match answer {
                Ok(page) => {
                    failed.set(None);
                    data.update(|d| match list {
                        AttentionList::Idle => {
                            d.idle.extend(page.idle);
                            (d.idle_total, d.idle_more) = (page.idle_total, page.idle_more);
                        }
                        AttentionList::AtRisk => {
                            d.at_risk.extend(page.at_risk);
                            (d.at_risk_total, d.at_risk_more) =
                                (page.at_risk_total, page.at_risk_more);
                        }
                    });
                }
                Err(e) => failed.set(Some((list, e))),
            }
        });
    };
    let more_button = move |list: AttentionList| {
        let more = move || {
            data.with(|d| match list {
                AttentionList::Idle => d.idle_more,
                AttentionList::AtRisk => d.at_risk_more,
            })
        };
        move || {
            more().then(|| view! {
            <button type="button" class="button button-secondary button-more" data-testid=format!("{}-more", list.as_str().replace('_', "-"))
                disabled=move || busy.get() on:click=move |_| show_more(list)>
                <Tr ja="もっと見る" en="Show more"/>
            </button>
        })
        }
    };
    view! {
        {move || failed.get().map(|(list, e)| view! { <LoadError error=e retry=move || show_more(list)/> })}
        <section aria-labelledby="idle-title" data-testid="idle-list">
            <h2 id="idle-title">
                {move || format!("{}{idle_days}{}", tr(lang, "講座を修了して", "Finished a course, no work for "), tr(lang, "日以上仕事がない人", " days or more"))}
                " "<span class="count" data-testid="idle-count">{move || data.with(|d| d.idle_total)}</span>
            </h2>
            <table class="table">
                <thead><tr>
                    <th scope="col"><Tr ja="住民" en="Resident"/></th>
                    <th scope="col"><Tr ja="修了日" en="Completed"/></th>
                    <th scope="col"><Tr ja="経過日数" en="Days idle"/></th>
                </tr></thead>
                <tbody>
                    {move || data.with(|d| d.idle.clone()).into_iter().map(|g| view! {
                        <tr data-testid="idle-row" data-resident=g.resident.to_string()>
                            <td><a href=format!("/hub/residents/{}", g.resident)>{resident_label(&g.resident_name, g.resident.as_str())}</a></td>
                            <td>{day_of(g.completed_at)}</td>
                            <td>{g.days_idle}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {more_button(AttentionList::Idle)}
        </section>
        <section aria-labelledby="risk-title" data-testid="at-risk-list">
            <h2 id="risk-title">
                {move || format!("{}{ending_days}{}", tr(lang, "仕事が", "Work ends within "), tr(lang, "日以内に終わり、次がない人", " days, nothing next"))}
                " "<span class="count" data-testid="at-risk-count">{move || data.with(|d| d.at_risk_total)}</span>
            </h2>
            <table class="table">
                <thead><tr>
                    <th scope="col"><Tr ja="住民" en="Resident"/></th>
                    <th scope="col"><Tr ja="終了予定" en="Ends"/></th>
                    <th scope="col"><Tr ja="残り日数" en="Days left"/></th>
                </tr></thead>
                <tbody>
                    {move || data.with(|d| d.at_risk.clone()).into_iter().map(|r| view! {
                        <tr data-testid="at-risk-row" data-resident=r.resident.to_string()>
                            <td><a href=format!("/hub/residents/{}", r.resident)>{resident_label(&r.resident_name, r.resident.as_str())}</a></td>
                            <td>{day_of(r.ends_at)}</td>
                            <td>{r.days_left}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {more_button(AttentionList::AtRisk)}
        </section>
    }
}

/// A list of words about engagements, each with a link to the engagement's terms and pay
/// (issue 19): unpaid invoices past their due date, from the day after it (`overdue`), and
/// requests the commissioner has not answered (`waiting`). `name` makes the section's test ids.
#[component]
fn WorkNotices(
    name: &'static str,
    list: HubList,
    title: (&'static str, &'static str),
    #[prop(optional)] hint: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let lang = use_lang();
    let data = LocalResource::new(move || api::fair::hub_list(list));
    view! {
        <section aria-labelledby=format!("{name}-title") data-testid=format!("{name}-list")>
            <h2 id=format!("{name}-title")>
                <Tr ja=title.0 en=title.1/>
                " "<span class="count" data-testid=format!("{name}-count")>{move || data.get().and_then(Result::ok).map(|l| l.len()).unwrap_or_default()}</span>
            </h2>
            {hint.map(|(ja, en)| view! { <p class="hint"><Tr ja en/></p> })}
            {move || data.get().and_then(Result::ok).map(|items| view! {
                <ul class="plain-list">
                    {items.into_iter().map(|n| {
                        let (engagement, m) = (n.engagement, n.message);
                        view! {
                            <li data-testid=format!("{name}-row") data-engagement=engagement.clone()>
                                {move || crate::i18n::pick(lang, &m)}" "
                                <a href=format!("/hub/engagements/{engagement}/work")><Tr ja="取引条件と支払い" en="Terms and pay"/></a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
