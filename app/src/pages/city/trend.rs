//! The twelve-month trend of the continuity dashboard (`domain::metrics::trend`): residents
//! working and hours of work brought in, month by month, as SVG bars that scale to a phone and
//! to A4, with the same figures in a table. A month under 5 people has no bar, only an X.

use chrono::Datelike;
use domain::metrics::{Cell, TrendPoint};
use leptos::prelude::*;

use crate::components::load::Tr;
use crate::i18n::{tr, use_lang};

fn figure(cell: Cell<u64>) -> String {
    match cell {
        Cell::Value(v) => super::dashboard::separated(v),
        Cell::Suppressed => "X".to_owned(),
        Cell::NotApplicable => "-".to_owned(),
    }
}

/// `2026/4` on the first month and every January, else the month number.
fn month_label(points: &[TrendPoint], i: usize) -> String {
    let m = points[i].month;
    if i == 0 || m.month() == 1 {
        format!("{}/{}", m.year(), m.month())
    } else {
        m.month().to_string()
    }
}

#[component]
pub fn Trend(points: Vec<TrendPoint>) -> impl IntoView {
    let lang = use_lang();
    let rows = points.clone();
    view! {
        <section aria-labelledby="trend-title" class="report-block" data-testid="trend">
            <h3 id="trend-title"><Tr ja="12か月の推移" en="The last twelve months"/></h3>
            <p class="hint">{move || tr(lang,
                "月ごとの値です。棒のない「X」は5人未満で伏せた月です。",
                "Figures per month. X with no bar is a month under 5 people, not shown.")}</p>
            <TrendBars points=points.clone() pick=|p| p.working id="trend-working"
                title=("働いた住民（人）", "Residents working (people)")/>
            <TrendBars points=points pick=|p| p.hours id="trend-hours"
                title=("地域に入った仕事（時間）", "Hours of work brought in")/>
            <div class="table-scroll">
                <table class="table" data-testid="trend-table">
                    <caption><Tr ja="月ごとの数値" en="Figures per month"/></caption>
                    <thead><tr>
                        <th scope="col"><Tr ja="月" en="Month"/></th>
                        <th scope="col"><Tr ja="登録（累計）" en="Registered (total)"/></th>
                        <th scope="col"><Tr ja="働いた住民" en="Working"/></th>
                        <th scope="col"><Tr ja="時間" en="Hours"/></th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|p| view! {
                            <tr data-month=format!("{}-{:02}", p.month.year(), p.month.month())>
                                <th scope="row">{format!("{}-{:02}", p.month.year(), p.month.month())}</th>
                                <td data-testid="trend-registered">{figure(p.registered)}</td>
                                <td data-testid="trend-working">{figure(p.working)}</td>
                                <td data-testid="trend-hours">{figure(p.hours)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Vertical bars, one per month, of one figure.
#[component]
fn TrendBars(
    points: Vec<TrendPoint>,
    pick: fn(&TrendPoint) -> Cell<u64>,
    id: &'static str,
    title: (&'static str, &'static str),
) -> impl IntoView {
    let lang = use_lang();
    let max = points
        .iter()
        .filter_map(|p| pick(p).value())
        .max()
        .unwrap_or(1)
        .max(1);
    // 12 columns of 28 px in a 360-wide box: readable on a 360 px phone, 160 mm on A4.
    let (left, col, top, plot) = (12u32, 28u32, 20u32, 110u32);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let labels: Vec<String> = (0..points.len()).map(|i| month_label(&points, i)).collect();
    view! {
        <svg class="chart trend-chart" viewBox="0 0 360 160" role="img" aria-labelledby=labelled_by
            data-testid=id preserveAspectRatio="xMinYMin meet">
            <title id=title_id>{move || tr(lang, title.0, title.1)}{move || tr(lang, "（数値は下の表）", " (figures in the table below)")}</title>
            <text x="0" y="12" class="chart-label">{move || tr(lang, title.0, title.1)}</text>
            <line x1=left.to_string() x2="348" y1=(top + plot).to_string() y2=(top + plot).to_string() class="axis"/>
            {points.iter().zip(labels).enumerate().map(|(i, (p, label))| {
                let x = left + i as u32 * col;
                let cell = pick(p);
                // A suppressed month has no bar (its height would tell): only the mark.
                let (h, text, suppressed) = match cell {
                    Cell::Value(v) => (((v as f64 / max as f64) * f64::from(plot)).round().max(1.0) as u32, super::dashboard::separated(v), false),
                    _ => (0, "X".to_owned(), true),
                };
                let y = top + plot - h;
                view! {
                    <g data-testid="trend-bar" data-suppressed=suppressed.to_string()>
                        {(!suppressed).then(|| view! {
                            <rect x=(x + 4).to_string() y=y.to_string() width="20" height=h.to_string() rx="2" class="bar"/>
                        })}
                        <text x=(x + 14).to_string() y=(y.saturating_sub(3)).max(10).to_string() class="chart-value trend-value" text-anchor="middle">{text}</text>
                        <text x=(x + 14).to_string() y="148" class="chart-label trend-month" text-anchor="middle">{label}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}
