//! My engagements (`/me/engagements`) with their stage and what happens next.

use domain::resident_view::{EngagementCard, next_step, stage_for_you, terms_explained};
use leptos::prelude::*;

use crate::api;
use crate::components::load::{LoadError, Skeleton};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{pick, tr, use_lang};

fn load() -> Fetched<Result<Vec<EngagementCard>, api::ApiError>> {
    Fetched::new(|| api::resident::with_retries(api::resident::engagements))
}

/// A job's title: the one the answer carries, else read once (an excluded job names only its
/// id; an entry whose job's record is gone asks and shows "…"). Read by a task
/// into a signal rather than a `LocalResource`: it is never refetched, and each resource type
/// costs every page that shows titles ~2 KB of wasm. `try_set`: the card may be gone by then.
#[component]
pub(super) fn JobTitle(
    id: Option<String>,
    /// The title the list already carries: then nothing is asked.
    known: Option<String>,
) -> impl IntoView {
    let title = RwSignal::new(known.clone());
    if let (Some(id), None) = (id, known) {
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::resident::job_title(&id).await {
                title.try_set(Some(found));
            }
        });
    }
    move || title.get().unwrap_or_else(|| "…".to_owned())
}

#[component]
pub fn Engagements() -> impl IntoView {
    let lang = use_lang();
    let list = load();
    view! {
        <section class="page">
            <h1>{move || tr(lang, "進行中の仕事", "My work")}</h1>
            <p class="hint">{move || tr(lang, "あなたが「興味あり」を送った仕事と、企業があなたに興味を示した仕事です。", "Jobs you showed interest in, and jobs whose company is interested in you.")}</p>
            {move || match list.get() {
                None => Skeleton().into_fresh(),
                Some(Err(e)) => view! { <LoadError error=e retry=move || list.refetch()/> }.into_fresh(),
                Some(Ok(items)) if items.is_empty() => view! {
                    <p class="notice" data-testid="engagements" data-loaded="true">
                        {move || tr(lang, "まだありません。おすすめの仕事から「興味あり」を送ってみましょう。", "Nothing yet. Show interest in a job from your matches.")}
                        " " <a href="/me">{move || tr(lang, "おすすめを見る", "See matches")}</a>
                    </p>
                }.into_fresh(),
                Some(Ok(items)) => view! {
                    <ul class="card-list" data-testid="engagements" data-loaded="true">
                        {items.into_iter().map(|e| {
                            let label = stage_for_you(e.stage);
                            let next = next_step(e.stage);
                            let job = e.job().map(|j| j.as_str().to_owned());
                            let known = e.job_title.clone();
                            // The company's confidentiality terms, before contacts open on work with its data.
                            let terms = e.terms_to_accept();
                            view! {
                                <li class="card" data-testid="engagement">
                                    <h2><JobTitle id=job known/></h2>
                                    <p><span class="badge">{move || pick(lang, &label)}</span></p>
                                    <p>{move || pick(lang, &next)}</p>
                                    {e.is_mutual().then(|| view! {
                                        <p><a class="button button-secondary" data-testid="fair-work-link"
                                            href=format!("/me/work/{}", e.id.0)>
                                            {move || tr(lang, "取引条件・報告・支払い", "Terms, reports and pay")}
                                        </a></p>
                                    })}
                                    {terms.map(|href| {
                                        let why = terms_explained();
                                        view! {
                                            <p data-testid="terms-why">{move || pick(lang, &why)}</p>
                                            <p><a class="button" href=href data-testid="terms-to-accept">{move || tr(lang, "守秘の約束を読んで同意する", "Read and accept the confidentiality terms")}</a></p>
                                        }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_fresh(),
            }}
        </section>
    }
}
