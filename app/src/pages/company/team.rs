//! チームで受ける: the team the domain proposes for a job larger than one person: who covers
//! which tasks and how many hours, and a named backup per task. Swapping a member asks the
//! domain for the next-best candidate and shows the coverage again.

use domain::model::Localized;
use domain::team::Team;
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::{CompanyNav, loc, t};
use crate::api;
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{pick, use_lang};

fn task_name(tax: Option<&Taxonomy>, id: &str) -> Localized {
    tax.and_then(|t| t.task(id))
        .map_or_else(|| Localized::new(id, id), |t| t.name.clone())
}

#[component]
pub fn TeamPage(job: String) -> impl IntoView {
    let job = StoredValue::new(job);
    let without = RwSignal::new(Vec::<String>::new());
    let vocabulary = LocalResource::new(|| {
        crate::api::vocabulary::vocabulary::<Taxonomy>(crate::api::vocabulary::Form::Full)
    });
    let team = LocalResource::new(move || {
        let (id, out) = (job.get_value(), without.get());
        async move { api::company::team(&id, &out).await }
    });
    // Interest sent on an earlier visit (the company's engagements): shown, not offered again.
    let earlier = LocalResource::new(move || {
        let id = super::company_id();
        async move {
            match id.await {
                Ok(id) => api::company::engagements(&id).await.unwrap_or_default(),
                Err(_) => Vec::new(),
            }
        }
    });
    let retry = Callback::new(move |()| team.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <h1>{t("チーム案", "Proposed team")}</h1>
            <p><a href=move || format!("/company/jobs/{}", job.get_value())>{t("人材一覧に戻る", "Back to talent")}</a></p>
            <Transition fallback=Skeleton>
                {move || team.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                    Ok(t) => {
                        let tax = vocabulary.get().and_then(Result::ok);
                        let earlier = earlier.get().unwrap_or_default();
                        view! { <TeamView team=t tax=tax without=without job=job.get_value() earlier=earlier/> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TeamView(
    team: Team,
    tax: Option<Taxonomy>,
    without: RwSignal<Vec<String>>,
    job: String,
    earlier: Vec<domain::talent::CompanyEngagement>,
) -> impl IntoView {
    let lang = use_lang();
    let job_id = domain::model::JobId(job.clone());
    let job = StoredValue::new(job);
    // The same label as on the talent list and the shortlist (`domain::talent::card_label`).
    let label_of = move |id: &domain::model::ResidentId| {
        domain::talent::card_label(&domain::model::JobId(job.get_value()), id)
    };
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
            {team.members.into_iter().map(|m| {
                let id = m.resident.0.clone();
                let swap_id = id.clone();
                let label = label_of(&m.resident);
                let skills: Vec<Localized> = m.tasks.iter().map(|k| tax.with_value(|t| task_name(t.as_ref(), k.as_str()))).collect();
                let (strengths, gaps): (Vec<Localized>, Vec<Localized>) = {
                    let (good, missing) = m.score.strengths_and_gaps();
                    (good.into_iter().map(|r| r.text.clone()).collect(), missing.into_iter().map(|r| r.text.clone()).collect())
                };
                let card = StoredValue::new(id.clone());
                let interest = Action::new_local(move |_: &()| {
                    let (job, card) = (job.get_value(), card.get_value());
                    async move { api::company::interest(&job, &card).await }
                });
                let before = domain::talent::company_interested_in(&earlier, &job_id, &m.resident);
                let sent = move || before || interest.value().get().is_some_and(|r| r.is_ok());
                view! {
                    <li class="card" data-testid="team-member" data-card=id.clone() data-interest-sent=move || sent().to_string()>
                        <h3 data-testid="card-label">{move || format!("{} {label}", crate::i18n::tr(lang, "候補", "Candidate"))}</h3>
                        <p data-testid="member-skills"><strong>{t("この仕事で担う作業: ", "Tasks here: ")}</strong>
                            {move || skills.iter().map(|s| pick(lang, s)).collect::<Vec<_>>().join(crate::i18n::tr(lang, "・", ", "))}
                            {format!(" ・ {}", m.hours)}{t("時間/週", " h a week")}</p>
                        <p>{loc(m.why.clone())}</p>
                        <div class="reasons-apart">
                            <div><h4>{t("合う点", "Strengths")}</h4>
                                <ul class="reasons reasons-good">{strengths.into_iter().map(|r| view! { <li>{loc(r)}</li> }).collect_view()}</ul></div>
                            <div><h4>{t("足りない点", "Gaps")}</h4>
                                <ul class="reasons reasons-gap">{gaps.into_iter().map(|r| view! { <li>{loc(r)}</li> }).collect_view()}</ul></div>
                        </div>
                        <div class="actions">
                            <button type="button" class="button" data-testid="team-interest" disabled=move || sent() || interest.pending().get()
                                on:click=move |_| { interest.dispatch(()); }>
                                {move || if sent() { crate::i18n::tr(lang, "興味ありを送りました", "Interest sent") } else { crate::i18n::tr(lang, "この人に興味あり", "Interested in this person") }}
                            </button>
                            <button type="button" class="button button-secondary" data-testid="swap"
                                on:click=move |_| without.update(|w| w.push(swap_id.clone()))>
                                {t("次の候補と入れ替える", "Swap for the next best")}
                            </button>
                        </div>
                        {move || interest.value().get().and_then(Result::err).map(|e| view! { <p class="notice notice-error" role="alert">{loc(e.message())}</p> })}
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
                            Some(r) => format!("{} {}", crate::i18n::tr(lang, "候補", "Candidate"), label_of(&r)).into_any(),
                            None => view! { <strong>{t("控えなし", "No backup")}</strong> }.into_any(),
                        }}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
