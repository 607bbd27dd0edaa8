//! チームで受ける: the team the domain proposes for a job larger than one person: who covers
//! which tasks and how many hours, and a named backup per task. Swapping a member asks the
//! domain for the next-best candidate and shows the coverage again.

use domain::model::Localized;
use domain::team::Team;
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::{CompanyNav, Retry, loc, skeleton, t};
use crate::api;
use crate::i18n::{pick, use_lang};

/// The first characters of an opaque card id: enough to tell members apart, naming no one.
fn short(id: &str) -> String {
    id.chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

fn task_name(tax: Option<&Taxonomy>, id: &str) -> Localized {
    tax.and_then(|t| t.task(id))
        .map_or_else(|| Localized::new(id, id), |t| t.name.clone())
}

#[component]
pub fn TeamPage(job: String) -> impl IntoView {
    let job = StoredValue::new(job);
    let without = RwSignal::new(Vec::<String>::new());
    let vocabulary = LocalResource::new(api::company::vocabulary);
    let team = LocalResource::new(move || {
        let (id, out) = (job.get_value(), without.get());
        async move { api::company::team(&id, &out).await }
    });
    let retry = Callback::new(move |()| team.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <h1>{t("チーム案", "Proposed team")}</h1>
            <p><a href=move || format!("/company/jobs/{}", job.get_value())>{t("人材一覧に戻る", "Back to talent")}</a></p>
            <Transition fallback=skeleton>
                {move || team.get().map(|r| match r {
                    Err(e) => view! { <Retry error=e retry=retry/> }.into_any(),
                    Ok(t) => {
                        let tax = vocabulary.get().and_then(Result::ok);
                        view! { <TeamView team=t tax=tax without=without/> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TeamView(team: Team, tax: Option<Taxonomy>, without: RwSignal<Vec<String>>) -> impl IntoView {
    let lang = use_lang();
    // Tasks (each has a member) and hours are reported apart: a swap may keep every task
    // covered and still leave hours short, which the summary then says.
    let covered = team.uncovered_tasks.is_empty();
    let complete = covered && team.uncovered_hours == 0;
    let tax = StoredValue::new(tax);
    view! {
        <p class=if complete { "notice notice-ok" } else { "notice notice-warn" } data-testid="team-summary"
            data-covered=covered.to_string() data-hours-short=team.uncovered_hours.to_string()>
            {loc(team.summary.clone())}
        </p>
        <h2>{t("メンバー", "Members")}</h2>
        <ul class="plain-list" data-testid="team-members">
            {team.members.into_iter().enumerate().map(|(i, m)| {
                let id = m.resident.0.clone();
                let swap_id = id.clone();
                view! {
                    <li class="card" data-testid="team-member" data-card=id.clone()>
                        <h3>{t("メンバー", "Member")}{format!(" {} ", i + 1)}<span class="muted">{format!("#{}", short(&id))}</span></h3>
                        <p>{loc(m.why.clone())}</p>
                        <button type="button" class="button button-secondary" data-testid="swap"
                            on:click=move |_| without.update(|w| w.push(swap_id.clone()))>
                            {t("次の候補と入れ替える", "Swap for the next best")}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>{t("作業ごとの控え（バックアップ）", "Backup for each task")}</h2>
        <p class="hint">{t("病気や退職のときも仕事が続くよう、作業ごとに控えの人を決めておきます。", "A named backup per task keeps the work going when someone is ill or leaves.")}</p>
        <ul class="plain-list" data-testid="team-backups">
            {team.backups.into_iter().map(|b| {
                let name = tax.with_value(|t| task_name(t.as_ref(), b.task.as_str()));
                let has = b.backup.is_some();
                view! {
                    <li class="short-item" data-testid="backup" data-has-backup=has.to_string()>
                        <span>{move || pick(lang, &name)}</span>
                        <span>{match b.backup {
                            Some(r) => format!("#{}", short(r.as_str())).into_any(),
                            None => view! { <strong>{t("控えなし", "No backup")}</strong> }.into_any(),
                        }}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
