//! The region's continuity (点を面に): the funnel from registered to renewed, the work brought
//! into the region (hours, yen, 関係人口 share, evenness), per fiscal year or month and per
//! course. SVG charts that read on a phone and print on A4; the same figures as CSV.

use chrono::Datelike;
use domain::metrics::{Cell, FunnelRow, RegionReport};
use domain::model::Program;
use leptos::prelude::*;

use super::trend::Trend;
use super::{CityNav, municipality_id, my_municipality};
use crate::api;
use crate::components::load::{LoadError, Skeleton, Tr};
use crate::components::near::{Below, WhenNear};
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Dashboard() -> impl IntoView {
    let lang = use_lang();
    // `fy=YYYY` or `month=YYYY-MM`; empty = the current fiscal year.
    let period = RwSignal::new(String::new());
    let report = LocalResource::new(move || {
        let period = period.get();
        // Waits for the session to say which municipality (once: `role_id_loaded` is untracked).
        let m = municipality_id();
        async move {
            let m = m.await?;
            api::city::metrics(&m, &period).await
        }
    });
    let programs = LocalResource::new(api::city::programs);
    view! {
        <section class="page console dashboard">
            <CityNav current="dashboard"/>
            <h1><Tr ja="地域の定着状況（点を面に）" en="The region's continuity"/></h1>
            <p class="muted">{move || tr(lang,
                "個人が特定されないよう、5人未満の値は「X」で伏せています。",
                "Values for fewer than 5 people are shown as X so that nobody can be identified.")}</p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    let names = programs.await.unwrap_or_default();
                    match report.await {
                        Ok(r) => view! { <ReportView report=r period programs=names/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || report.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The periods one can pick around a report: its fiscal year and the one before, and the
/// twelve months of its fiscal year, as `(query, Japanese label, English label)`.
fn period_choices(report: &RegionReport) -> Vec<(String, String, String)> {
    let start = report.period.start;
    let fy = if start.month() >= 4 {
        start.year()
    } else {
        start.year() - 1
    };
    let mut out = vec![
        (format!("fy={fy}"), format!("{fy}年度"), format!("FY{fy}")),
        (
            format!("fy={}", fy - 1),
            format!("{}年度", fy - 1),
            format!("FY{}", fy - 1),
        ),
    ];
    for i in 0..12 {
        let (y, m) = if i < 9 { (fy, i + 4) } else { (fy + 1, i - 8) };
        out.push((
            format!("month={y}-{m:02}"),
            format!("{y}年{m}月"),
            format!("{y}-{m:02}"),
        ));
    }
    out
}

/// The label of the report's own period.
fn period_label(report: &RegionReport) -> (String, String) {
    let s = report.period.start;
    match report.period.kind {
        domain::metrics::PeriodKind::FiscalYear => {
            (format!("{}年度", s.year()), format!("FY{}", s.year()))
        }
        domain::metrics::PeriodKind::Month => (
            format!("{}年{}月", s.year(), s.month()),
            format!("{}-{:02}", s.year(), s.month()),
        ),
    }
}

/// 2740082 → "2,740,082".
pub(super) fn separated(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn people(cell: Cell<u64>) -> String {
    match cell {
        Cell::Value(v) => separated(v),
        Cell::Suppressed => "X".to_owned(),
        Cell::NotApplicable => "-".to_owned(),
    }
}

fn percent(cell: Cell<f64>) -> String {
    match cell {
        Cell::Value(v) => format!("{}%", fixed(v * 100.0, 1)),
        Cell::Suppressed => "X".to_owned(),
        Cell::NotApplicable => "-".to_owned(),
    }
}

fn decimal(cell: Cell<f64>) -> String {
    match cell {
        Cell::Value(v) => fixed(v, 2),
        Cell::Suppressed => "X".to_owned(),
        Cell::NotApplicable => "-".to_owned(),
    }
}

/// A non-negative number with `places` decimals, by integer arithmetic (the float formatter
/// would add to the wasm).
fn fixed(v: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    let n = (v.max(0.0) * scale as f64).round() as u64;
    format!(
        "{}.{:0width$}",
        n / scale,
        n % scale,
        width = places as usize
    )
}

#[component]
fn ReportView(
    report: RegionReport,
    period: RwSignal<String>,
    programs: Vec<Program>,
) -> impl IntoView {
    let lang = use_lang();
    let choices = period_choices(&report);
    let (label_ja, label_en) = period_label(&report);
    let current = period.get_untracked();
    let csv = api::city::metrics_csv_url(&my_municipality().unwrap_or_default(), &current);
    // The yen paid to residents, far below the first screen: loaded when scrolled near (or printed).
    let below = Below::new();
    let w = report.work;
    let work_items: Vec<(&'static str, &'static str, &'static str, String)> = vec![
        (
            "working",
            "働いた住民",
            "Residents working",
            people(w.working_residents),
        ),
        (
            "contributors",
            "時間を記録した住民",
            "Residents with hours",
            people(w.contributors),
        ),
        (
            "hours",
            "地域に入った仕事（時間）",
            "Hours of work brought in",
            people(w.hours),
        ),
        (
            "yen",
            "地域に入った仕事（円）",
            "Yen brought in",
            people(w.yen),
        ),
        (
            "related-share",
            "関係人口が担った割合",
            "Share done by 関係人口",
            percent(w.related_hours_share),
        ),
        (
            "gini",
            "偏り（ジニ係数, 0=均等）",
            "Unevenness (Gini, 0 = even)",
            decimal(w.gini),
        ),
        (
            "top10",
            "上位10%の住民が担った割合",
            "Share of the top 10%",
            percent(w.top10_share),
        ),
    ];
    let name_of = move |p: &domain::metrics::ProgramFunnel| {
        p.program_name
            .clone()
            .or_else(|| {
                programs
                    .iter()
                    .find(|x| x.id == p.program)
                    .map(|x| x.name.clone())
            })
            .unwrap_or_else(|| {
                domain::model::Localized::new("（削除された講座）", "(a removed course)")
            })
    };
    view! {
        <div class="toolbar no-print">
            <div class="field">
                <label for="period"><Tr ja="期間" en="Period"/></label>
                <select id="period" data-testid="period" on:change=move |ev| period.set(event_target_value(&ev))>
                    {choices.into_iter().map(|(q, ja, en)| {
                        let selected = q == current || (current.is_empty() && q.starts_with("fy=") && ja == label_ja);
                        view! { <option value=q selected=selected>{move || if lang.get() == domain::model::Lang::Ja { ja.clone() } else { en.clone() }}</option> }
                    }).collect_view()}
                </select>
            </div>
            <a class="button button-secondary" href=csv data-testid="csv-export" download="musubi-report.csv">
                <Tr ja="CSVで書き出す（Excel対応）" en="Export CSV (opens in Excel)"/>
            </a>
            // The sections below the first screen load first: the printed report is whole.
            <button type="button" class="button button-secondary" data-testid="print-report"
                on:click=move |_| below.print()><Tr ja="印刷する（A4）" en="Print (A4)"/></button>
        </div>
        <p class="report-heading" data-testid="report-heading">
            <strong data-testid="municipality-name">{report.municipality_name.clone().map(|n| move || pick(lang, &n))}</strong>
            {report.region_name.clone().map(|n| view! { " （"{move || pick(lang, &n)}"）" })}
            " · "<Tr ja="作成日 " en="Made on "/><span data-testid="made-on">{report.made_on.map(crate::components::load::ymd)}</span>
        </p>
        <h2 data-testid="period-label">{move || if lang.get() == domain::model::Lang::Ja { label_ja.clone() } else { label_en.clone() }}</h2>
        <section aria-labelledby="funnel-title" class="report-block">
            <h3 id="funnel-title"><Tr ja="登録から定着まで（人）" en="From registering to lasting work (people)"/></h3>
            <p class="hint" data-testid="registered-note"><Tr
                ja="「登録」は、プロフィールを作った住民の数です（トップページの「登録した住民」と同じ数え方です）。"
                en="'Registered' counts residents who made a profile (the same count as 'Registered residents' on the home page)."/></p>
            <FunnelChart rows=report.funnel.clone() id="funnel-chart"/>
            <FunnelTable rows=report.funnel testid="funnel-table"/>
        </section>
        {(!report.trend.is_empty()).then(|| view! { <Trend points=report.trend.clone()/> })}
        <WhenNear below><super::paid::PaidToResidents below/></WhenNear>
        <section aria-labelledby="work-title" class="report-block">
            <h3 id="work-title"><Tr ja="地域に入った仕事" en="Work brought into the region"/></h3>
            <dl class="figure-list" data-testid="work">
                {work_items.into_iter().map(|(key, ja, en, value)| view! {
                    <div class="figure">
                        <dt>{move || tr(lang, ja, en)}</dt>
                        <dd data-testid=format!("work-{key}")>{value}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
        <section aria-labelledby="programs-title" class="report-block">
            <h3 id="programs-title"><Tr ja="講座ごと" en="Per course"/></h3>
            {report.programs.into_iter().map(|p| {
                let name = name_of(&p);
                let testid = format!("program-{}", p.program);
                view! {
                    <h4>{move || pick(lang, &name)}</h4>
                    <FunnelTable rows=p.rows testid=testid/>
                }
            }).collect_view()}
        </section>
    }
}

/// Horizontal bars, one per funnel stage; a suppressed stage is an outlined bar marked X.
#[component]
fn FunnelChart(rows: Vec<FunnelRow>, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    let max = rows
        .iter()
        .filter_map(|r| r.count.value())
        .max()
        .unwrap_or(1)
        .max(1);
    let row_h = 36;
    let height = rows.len() * row_h + 8;
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 360 {height}") role="img" aria-labelledby=labelled_by
            data-testid=id preserveAspectRatio="xMinYMin meet">
            <title id=title_id><Tr ja="段階ごとの人数の棒グラフ（数値は下の表）" en="Bar chart of people per stage (figures in the table below)"/></title>
            {rows.into_iter().enumerate().map(|(i, r)| {
                let y = i * row_h + 4;
                let label = r.stage.label();
                // A suppressed cell is drawn as suppressed: no bar (its length would tell), the
                // mark and why.
                let bar = match r.count {
                    Cell::Value(v) => Some(((v as f64 / max as f64 * 150.0).max(2.0).round() as u32, separated(v))),
                    _ => None,
                };
                let stage = r.stage.as_str();
                view! {
                    <g data-stage=stage>
                        <text x="0" y=y + 22 class="chart-label">{move || pick(lang, &label)}</text>
                        {match bar {
                            Some((width, text)) => view! {
                                <rect x="150" y=y + 6 width=width.to_string() height="22" rx="3" class="bar"/>
                                <text x=154 + width y=y + 22 class="chart-value">{text}</text>
                            }.into_any(),
                            None => view! {
                                <text x="150" y=y + 22 class="chart-value chart-suppressed">{move || tr(lang, "X（5人未満）", "X (under 5)")}</text>
                            }.into_any(),
                        }}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

#[component]
fn FunnelTable(rows: Vec<FunnelRow>, #[prop(into)] testid: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="table" data-testid=testid>
            <thead><tr>
                <th scope="col"><Tr ja="段階" en="Stage"/></th>
                <th scope="col"><Tr ja="人数" en="People"/></th>
                <th scope="col"><Tr ja="到達（経路問わず）" en="Reached (any path)"/></th>
                <th scope="col"><Tr ja="前段階から" en="From previous"/></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let label = r.stage.label();
                    let stage = r.stage.as_str();
                    view! {
                        <tr data-stage=stage>
                            <th scope="row">{move || pick(lang, &label)}</th>
                            <td data-testid="count">{people(r.count)}</td>
                            <td data-testid="reached">{people(r.reached)}</td>
                            <td>{percent(r.rate_from_previous)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
