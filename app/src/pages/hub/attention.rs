//! Whom to call before they drop out: graduates with no work for N days, and residents whose
//! work ends soon with nothing next (`domain::hub::{idle_graduates, at_risk}`); and what the
//! Freelance Act asks that nobody forgets: unpaid invoices past due and requests waiting for the
//! commissioner's answer (`domain::fair_work::{earnings, waiting}`).

use domain::hub::{AtRisk, Attention as AttentionData, AttentionList, IdleGraduate};
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

/// Both lists, a page of each; a list longer than its page ends in a 「もっと見る」 row
/// ([`MoreRows`]).
#[component]
fn Lists(data: AttentionData) -> impl IntoView {
    let lang = use_lang();
    let (idle_days, ending_days) = (data.idle_days, data.ending_days);
    let (idle_shown, risk_shown) = (data.idle.len(), data.at_risk.len());
    view! {
        <section aria-labelledby="idle-title" data-testid="idle-list">
            <h2 id="idle-title">
                {move || format!("{}{idle_days}{}", tr(lang, "講座を修了して", "Finished a course, no work for "), tr(lang, "日以上仕事がない人", " days or more"))}
                " "<span class="count" data-testid="idle-count">{data.idle_total}</span>
            </h2>
            <table class="table">
                <thead><tr>
                    <th scope="col"><Tr ja="住民" en="Resident"/></th>
                    <th scope="col"><Tr ja="修了日" en="Completed"/></th>
                    <th scope="col"><Tr ja="経過日数" en="Days idle"/></th>
                </tr></thead>
                <tbody>
                    {rows_of(AttentionList::Idle, data.idle, Vec::new())}
                    {data.idle_more.then(|| view! { <MoreRows list=AttentionList::Idle offset=idle_shown/> })}
                </tbody>
            </table>
        </section>
        <section aria-labelledby="risk-title" data-testid="at-risk-list">
            <h2 id="risk-title">
                {move || format!("{}{ending_days}{}", tr(lang, "仕事が", "Work ends within "), tr(lang, "日以内に終わり、次がない人", " days, nothing next"))}
                " "<span class="count" data-testid="at-risk-count">{data.at_risk_total}</span>
            </h2>
            <table class="table">
                <thead><tr>
                    <th scope="col"><Tr ja="住民" en="Resident"/></th>
                    <th scope="col"><Tr ja="終了予定" en="Ends"/></th>
                    <th scope="col"><Tr ja="残り日数" en="Days left"/></th>
                </tr></thead>
                <tbody>
                    {rows_of(AttentionList::AtRisk, Vec::new(), data.at_risk)}
                    {data.at_risk_more.then(|| view! { <MoreRows list=AttentionList::AtRisk offset=risk_shown/> })}
                </tbody>
            </table>
        </section>
    }
}

/// The rows of one list: `list` says which of the two is filled.
fn rows_of(list: AttentionList, idle: Vec<IdleGraduate>, at_risk: Vec<AtRisk>) -> AnyView {
    match list {
        AttentionList::Idle => idle
            .into_iter()
            .map(|g| view! {
                <tr data-testid="idle-row" data-resident=g.resident.to_string()>
                    <td><a href=format!("/hub/residents/{}", g.resident)>{resident_label(&g.resident_name, g.resident.as_str())}</a></td>
                    <td>{day_of(g.completed_at)}</td>
                    <td>{g.days_idle}</td>
                </tr>
            })
            .collect_view()
            .into_any(),
        AttentionList::AtRisk => at_risk
            .into_iter()
            .map(|r| view! {
                <tr data-testid="at-risk-row" data-resident=r.resident.to_string()>
                    <td><a href=format!("/hub/residents/{}", r.resident)>{resident_label(&r.resident_name, r.resident.as_str())}</a></td>
                    <td>{day_of(r.ends_at)}</td>
                    <td>{r.days_left}</td>
                </tr>
            })
            .collect_view()
            .into_any(),
    }
}

/// The rest of a list after `offset`: a row with 「もっと見る」 that, pressed, gives its place to
/// the next page's rows (and, if the list goes on, another such row). Rows shown stay as they are.
#[component]
fn MoreRows(list: AttentionList, offset: usize) -> AnyView {
    let opened = RwSignal::new(false);
    let testid = format!("{}-more", list.as_str().replace('_', "-"));
    let more = move || {
        if !opened.get() {
            let testid = testid.clone();
            return view! {
                <tr><td colspan="3">
                    <button type="button" class="button button-secondary button-more" data-testid=testid
                        on:click=move |_| opened.set(true)>
                        <Tr ja="もっと見る" en="Show more"/>
                    </button>
                </td></tr>
            }
            .into_any();
        }
        let page = LocalResource::new(move || api::hub::attention(PAGE, Some((list, offset))));
        view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(a) => {
                            let (shown, more) = match list {
                                AttentionList::Idle => (a.idle.len(), a.idle_more),
                                AttentionList::AtRisk => (a.at_risk.len(), a.at_risk_more),
                            };
                            view! {
                                {rows_of(list, a.idle, a.at_risk)}
                                {more.then(|| view! { <MoreRows list offset=offset + shown/> })}
                            }
                            .into_any()
                        }
                        Err(e) => view! {
                            <tr><td colspan="3"><LoadError error=e retry=move || page.refetch()/></td></tr>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        }
        .into_any()
    };
    more.into_any()
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
