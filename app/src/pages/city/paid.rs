//! The yen paid to the region's residents per month (issue 19), from the payments companies
//! and the hub record: a table far under the dashboard, built in a chunk of its own (feature
//! `split-city`) and fetched when scrolled near or printed (`components::near`), so the
//! dashboard's first view does not carry it. A month with fewer than 5
//! residents paid shows X for both figures (`domain::fair_work::payout::paid_by_month`).

use domain::fair_work::payout::MonthPaid;
use domain::metrics::Cell;
use domain::model::Localized;
use leptos::prelude::*;

use super::dashboard::separated;
use super::municipality_id;
use crate::api;
use crate::components::load::{LoadError, Skeleton, Tr};
use crate::components::near::Below;
use crate::i18n::{pick, tr, use_lang};
use crate::split::{ChunkMissing, Lazy};

/// The section, fetched when its place nears the screen (`components::near`); it tells `below`
/// once its table (or its error) is on the page, for the print button.
#[component]
pub(super) fn PaidToResidents(below: Below) -> impl IntoView {
    view! { <Lazy load=move || paid_chunk(below)/> }
}

crate::split::in_chunk! { "split-city", city_paid_chunk,
    /// The table of yen paid to residents per month.
    fn paid_chunk(below: Below) -> Result<ViewFn, ChunkMissing> {
        Ok(ViewFn::from(move || view! { <PaidTable below/> }))
    }
}

fn cell(c: Cell<u64>, yen: bool) -> String {
    match c {
        Cell::Value(v) if yen => format!("¥{}", separated(v)),
        Cell::Value(v) => separated(v),
        Cell::Suppressed => "X".to_owned(),
        Cell::NotApplicable => "-".to_owned(),
    }
}

#[component]
fn PaidTable(below: Below) -> impl IntoView {
    let data = LocalResource::new(move || {
        let m = municipality_id();
        async move {
            let m = m.await?;
            api::fair::paid_to_residents(&m).await
        }
    });
    view! {
        <section aria-labelledby="paid-title" class="report-block" data-testid="paid-to-residents">
            <h3 id="paid-title"><Tr ja="住民に支払われた報酬（月ごと）" en="Pay received by residents, per month"/></h3>
            <p class="hint"><Tr
                ja="企業やハブが記録した支払いの合計です。5人未満の月は「X」で伏せています。"
                en="The total of the payments companies and the hub recorded. Months with fewer than 5 residents show X."/></p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    let months = data.await;
                    below.settle();
                    match months {
                        Ok(months) if months.is_empty() => view! {
                            <p class="muted" data-testid="paid-none"><Tr ja="まだ支払いの記録はありません。" en="No payments recorded yet."/></p>
                        }.into_any(),
                        Ok(months) => view! { <Rows months/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Rows(months: Vec<MonthPaid>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="table" data-testid="paid-table">
            <thead><tr>
                <th scope="col">{move || tr(lang, "月", "Month")}</th>
                <th scope="col">{move || tr(lang, "支払われた住民", "Residents paid")}</th>
                <th scope="col">{move || tr(lang, "金額", "Amount")}</th>
            </tr></thead>
            <tbody>
                {months.into_iter().rev().map(|m| {
                    let label = Localized::new(format!("{}年{}月", m.year, m.month), format!("{}-{:02}", m.year, m.month));
                    view! {
                        <tr data-testid="paid-month" data-month=format!("{}-{:02}", m.year, m.month)>
                            <th scope="row">{move || pick(lang, &label)}</th>
                            <td>{cell(m.residents, false)}</td>
                            <td data-testid="paid-yen">{cell(m.yen, true)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
