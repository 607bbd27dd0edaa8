use domain::api::PublicSummary;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::{tr, use_lang};

/// The region's live figures, fetched from the API; a skeleton while loading, a retry on failure.
#[component]
pub fn RegionFigures() -> impl IntoView {
    let lang = use_lang();
    let summary = LocalResource::new(api::public::public_summary);
    view! {
        <section class="figures" aria-labelledby="figures-title">
            <h2 id="figures-title">{move || tr(lang, "いまの地域の数字", "The region today")}</h2>
            <Transition fallback=move || view! { <FiguresSkeleton/> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => view! { <FigureList summary=s/> }.into_any(),
                        Err(e) => view! { <FiguresError error=e retry=move || summary.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn FigureList(summary: PublicSummary) -> impl IntoView {
    let lang = use_lang();
    let region = summary.region.clone();
    // A count of people under 5 is not published (None): shown as "fewer than 5".
    let items: [(&'static str, &'static str, &'static str, Option<u64>); 6] = [
        (
            "residents",
            "登録した住民",
            "Registered residents",
            summary.residents,
        ),
        (
            "related",
            "うち関係人口",
            "of whom help from outside",
            summary.related_residents,
        ),
        (
            "working",
            "いま働いている人",
            "Working now",
            summary.working,
        ),
        (
            "companies",
            "参加企業",
            "Companies",
            Some(summary.companies),
        ),
        (
            "open-jobs",
            "募集中の仕事",
            "Open jobs",
            Some(summary.open_jobs),
        ),
        ("courses", "講座", "Courses", Some(summary.courses)),
    ];
    view! {
        <p class="figures-region" data-testid="figures-region">
            {move || region.as_ref().map(|r| r.get(lang.get()).to_owned())}
        </p>
        <dl class="figure-list" data-testid="figures" data-loaded="true">
            {items
                .into_iter()
                .map(|(key, ja, en, value)| {
                    view! {
                        <div class="figure">
                            <dt>{move || tr(lang, ja, en)}</dt>
                            <dd data-testid=format!("figure-{key}")>
                                {move || match value {
                                    Some(v) => v.to_string(),
                                    None => tr(lang, "5人未満", "fewer than 5").to_owned(),
                                }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <p class="hint" data-testid="figures-note">{move || tr(lang,
            "登録した住民は、プロフィールを作った住民の数です（自治体の画面の「登録」と同じ数え方）。数字は10分ごとに更新されます。",
            "Registered residents are those who made a profile (counted as the municipality's 'Registered'). Figures refresh every 10 minutes.")}</p>
    }
}

#[component]
fn FiguresSkeleton() -> impl IntoView {
    view! {
        <div class="figure-list skeleton" aria-busy="true">
            <div class="figure"></div>
            <div class="figure"></div>
            <div class="figure"></div>
        </div>
    }
}

#[component]
fn FiguresError(error: ApiError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let message = error.message();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || message.get(lang.get()).to_owned()}</p>
            <button type="button" class="button" on:click=move |_| retry()>
                {move || tr(lang, "もう一度読み込む", "Try again")}
            </button>
        </div>
    }
}
