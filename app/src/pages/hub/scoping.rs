//! `/hub/requests/{id}`: the scoping workspace (仕事の切り出し). The hub starts from the first
//! split of the company's words (or from the proposal in force, to revise it), edits the task
//! cards, checks each card's pay and the team the domain forms for it with a backup per task,
//! and proposes it to the company. The rules are `domain::scoping`, `domain::team` and the job
//! form's own validation; this page holds the edits and shows the answers.

use std::collections::BTreeMap;

use domain::api::VocabularyBrief;
use domain::model::{Localized, ResidentId, TaskKindId};
use domain::needs::NeedProposal;
use domain::scoping::{CardCheck, RequestBrief, RequestStatus, ScopeCheck, ScopeInput, Workspace};
use domain::validate::{JobInput, Raw, SkillInput};
use leptos::prelude::*;

use super::{HubNav, resident_label};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError, TextField};
use crate::components::load::{LoadError, Skeleton, Tr};
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn Scoping(#[prop(into)] id: Signal<String>) -> impl IntoView {
    let data = LocalResource::new(move || {
        let id = id.get();
        async move { api::hub::workspace(&id).await }
    });
    // Kept above the editor, which is rebuilt from the stored proposal after sending.
    let sent = RwSignal::new(None::<u32>);
    view! {
        <section class="page console scoping">
            <HubNav current="requests"/>
            <p><a href="/hub/requests"><Tr ja="← 仕事の相談の一覧" en="← All work requests"/></a></p>
            <h1><Tr ja="仕事の切り出し" en="Scoping the work"/></h1>
            {move || sent.get().map(|v| view! {
                <p class="notice notice-ok" role="status" data-testid="proposal-sent">
                    <Tr ja="会社に提案しました（第" en="Proposed to the company (version "/>{v}
                    <Tr ja="版）。お返事はこの一覧に表示されます。" en="). The answer will show in the list."/>
                </p>
            })}
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(w) => view! { <Editor id workspace=w sent reload=Callback::new(move |()| data.refetch())/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One card's editable fields; the rest of the job form (time windows, place, who may apply)
/// stays as the template or the proposal had it.
#[derive(Clone, Copy)]
struct CardDraft {
    base: StoredValue<JobInput>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    hours: RwSignal<String>,
    min_hours: RwSignal<String>,
    pay_yen: RwSignal<String>,
    team: RwSignal<bool>,
    /// (task id, level) rows.
    tasks: RwSignal<Vec<(String, String)>>,
}

impl CardDraft {
    fn new(input: &JobInput) -> Self {
        let s = |r: &Raw| RwSignal::new(r.0.clone());
        CardDraft {
            base: StoredValue::new(input.clone()),
            title: s(&input.title),
            description: s(&input.description),
            hours: s(&input.hours_per_week),
            min_hours: s(&input.min_hours_per_person),
            pay_yen: s(&input.pay_yen),
            team: RwSignal::new(input.team_allowed.0 == "true"),
            tasks: RwSignal::new(
                input
                    .tasks
                    .iter()
                    .map(|t| (t.task.0.clone(), t.level.0.clone()))
                    .collect(),
            ),
        }
    }

    fn input(&self) -> JobInput {
        let r = |s: RwSignal<String>| Raw(s.get_untracked());
        JobInput {
            title: r(self.title),
            description: r(self.description),
            hours_per_week: r(self.hours),
            min_hours_per_person: r(self.min_hours),
            pay_yen: r(self.pay_yen),
            team_allowed: Raw(self.team.get_untracked().to_string()),
            tasks: SkillInput::rows(self.tasks.get_untracked()),
            ..self.base.get_value()
        }
    }
}

/// The server's message for one field of card `i` (`cards[i].title`), if it named it.
type CardField = Callback<(usize, &'static str), Option<Localized>>;

#[component]
fn Editor(
    id: Signal<String>,
    workspace: Workspace,
    sent: RwSignal<Option<u32>>,
    reload: Callback<()>,
) -> impl IntoView {
    let Workspace {
        brief,
        note,
        cards: starting,
        explain,
    } = workspace;
    let accepted = matches!(brief.status, RequestStatus::Accepted { .. });
    let note = RwSignal::new(note);
    let cards = RwSignal::new(starting.iter().map(CardDraft::new).collect::<Vec<_>>());
    let explain = StoredValue::new(explain);
    let checked = RwSignal::new(None::<ScopeCheck>);
    let problem = RwSignal::new(None::<ApiError>);
    let scope = move || ScopeInput {
        cards: cards.get_untracked().iter().map(CardDraft::input).collect(),
        note: Raw(note.get_untracked()),
    };
    let check = Action::new_local(move |input: &ScopeInput| {
        let (input, id) = (input.clone(), id.get_untracked());
        async move {
            let answer = api::hub::check_scope(&id, &input).await;
            problem.set(answer.as_ref().err().cloned());
            checked.set(answer.ok());
        }
    });
    let propose = Action::new_local(move |input: &ScopeInput| {
        let (input, id) = (input.clone(), id.get_untracked());
        async move {
            match api::hub::propose(&id, &input).await {
                Ok(brief) => {
                    problem.set(None);
                    if let RequestStatus::Proposed { version } = brief.status {
                        sent.set(Some(version));
                    }
                    reload.run(());
                }
                Err(e) => problem.set(Some(e)),
            }
        }
    });
    let field: CardField = Callback::new(move |(i, name): (usize, &'static str)| {
        problem
            .get()
            .and_then(|e| e.field(&format!("cards[{i}].{name}")))
    });
    let vocabulary = LocalResource::new(|| {
        crate::api::vocabulary::vocabulary::<domain::api::VocabularyBrief>(
            crate::api::vocabulary::Form::Names,
        )
    });
    let names = Signal::derive(move || {
        vocabulary
            .get()
            .and_then(Result::ok)
            .map(task_names)
            .unwrap_or_default()
    });
    let remove = Callback::new(move |i: usize| {
        cards.update(|c| {
            c.remove(i);
        });
        checked.set(None);
    });
    let add = Callback::new(move |p: NeedProposal| {
        cards.update(|c| c.push(CardDraft::new(&p.draft)));
        checked.set(None);
    });
    view! {
        <RequestSummary view=brief/>
        <ErrorNotice error=Signal::derive(move || problem.get().filter(|e| !matches!(e, ApiError::Server { status: 422, .. })))/>
        {move || problem.get().filter(|e| matches!(e, ApiError::Server { status: 422, .. })).map(|_| view! {
            <p class="notice notice-error" role="alert" data-testid="cards-invalid"><Tr
                ja="直すところがあります。各カードの赤い文字をご覧ください。"
                en="Some fields need fixing: see the messages on each card."/></p>
        })}
        <FieldError id="cards-error".to_owned() error=Signal::derive(move || problem.get().and_then(|e| e.field("cards")))/>
        <div data-testid="scope-cards">
            {move || cards.get().into_iter().enumerate().map(|(i, card)| view! {
                <CardEditor i card names field remove
                    explain=explain.with_value(|e| e.get(i).cloned())
                    check=Signal::derive(move || checked.get().and_then(|c| c.cards.get(i).cloned()))
                    people=Signal::derive(move || checked.get().map(|c| c.names).unwrap_or_default())/>
            }).collect_view()}
        </div>
        <AddCard add/>
        <div class="field">
            <label for="scope-note"><Tr ja="会社へのひとこと" en="A note to the company"/></label>
            <textarea id="scope-note" data-testid="scope-note" rows="3" aria-describedby="scope-note-error"
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            <FieldError id="scope-note-error".to_owned() error=Signal::derive(move || problem.get().and_then(|e| e.field("note")))/>
        </div>
        <div class="toolbar">
            <button type="button" class="button button-secondary" data-testid="check-scope" disabled=move || check.pending().get()
                on:click=move |_| { check.dispatch(scope()); }>
                <Tr ja="チームと報酬を確かめる" en="Check teams and pay"/>
            </button>
            <Show when=move || !accepted fallback=|| view! {
                <p class="notice notice-info" data-testid="scope-accepted"><Tr
                    ja="会社が受け入れ、仕事は掲載済みです。変更は各仕事のページで行います。"
                    en="The company accepted and the jobs are posted; change them on each job's page."/></p>
            }>
                <button type="button" class="button" data-testid="propose-scope" disabled=move || propose.pending().get() || cards.with(Vec::is_empty)
                    on:click=move |_| { propose.dispatch(scope()); }>
                    <Tr ja="この内容で会社に提案する" en="Propose this to the company"/>
                </button>
            </Show>
        </div>
    }
}

fn task_names(v: VocabularyBrief) -> BTreeMap<TaskKindId, Localized> {
    v.tasks.into_iter().map(|t| (t.id, t.name)).collect()
}

/// The company's words, where the request stands, and the reason of a decline.
#[component]
fn RequestSummary(view: RequestBrief) -> impl IntoView {
    let lang = use_lang();
    let label = view.status.label();
    let reason = match &view.status {
        RequestStatus::Declined { reason, .. } => Some(reason.clone()),
        _ => None,
    };
    view! {
        <section class="card request-summary" data-testid="request-summary" data-state=view.status.code()>
            <h2>{view.company_name.clone()}</h2>
            <p class="request-text">{view.request.text.clone()}</p>
            <p>
                {view.request.hours_per_week.map(|h| view! { <Tr ja="見込み: 週" en="Expected: "/>{h}<Tr ja="時間 · " en=" h a week · "/> })}
                <span class="badge">{move || pick(lang, &label)}</span>
            </p>
            {reason.map(|r| view! {
                <p class="notice notice-warn" data-testid="decline-reason"><Tr ja="会社が見送った理由: " en="Why the company declined: "/>{r}</p>
            })}
        </section>
    }
}

#[component]
fn CardEditor(
    i: usize,
    card: CardDraft,
    names: Signal<BTreeMap<TaskKindId, Localized>>,
    field: CardField,
    remove: Callback<usize>,
    explain: Option<Localized>,
    check: Signal<Option<CardCheck>>,
    people: Signal<Vec<(ResidentId, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let f = move |name: &'static str| Signal::derive(move || field.run((i, name)));
    let n = i + 1;
    view! {
        <fieldset class="card scope-card" data-testid="scope-card">
            <legend><Tr ja="作業カード " en="Task card "/>{n}</legend>
            {explain.map(|e| view! { <p class="hint">{move || pick(lang, &e)}</p> })}
            <TextField id=format!("card-{i}-title") label=("仕事の名前", "Job title") value=card.title error=f("title")/>
            <div class="field">
                <label for=format!("card-{i}-description")><Tr ja="仕事の説明" en="Description"/></label>
                <textarea id=format!("card-{i}-description") rows="3" aria-describedby=format!("card-{i}-description-error")
                    prop:value=move || card.description.get() on:input=move |ev| card.description.set(event_target_value(&ev))></textarea>
                <FieldError id=format!("card-{i}-description-error") error=f("description")/>
            </div>
            <TaskChips i tasks=card.tasks names error=f("tasks")/>
            <div class="grid-2">
                <TextField id=format!("card-{i}-hours") label=("1週間の仕事量（時間）", "Hours a week") value=card.hours error=f("hours_per_week") kind="number"/>
                <TextField id=format!("card-{i}-min-hours") label=("1人あたり最低（時間/週）", "Fewest hours per person") value=card.min_hours error=f("min_hours_per_person") kind="number"/>
                <TextField id=format!("card-{i}-pay") label=("報酬（円）", "Pay (yen)") value=card.pay_yen error=f("pay_yen") kind="number"/>
            </div>
            <label class="check">
                <input type="checkbox" id=format!("card-{i}-team") prop:checked=move || card.team.get()
                    on:change=move |ev| card.team.set(event_target_checked(&ev))/>
                <Tr ja="チームで受けてもよい（控えの人も立てる）" en="A team may take it (with backups)"/>
            </label>
            <FieldError id=format!("card-{i}-team-error") error=f("team_allowed")/>
            {move || check.get().map(|c| view! { <CheckResult check=c names people/> })}
            <button type="button" class="button button-secondary" data-testid="remove-card" on:click=move |_| remove.run(i)>
                <Tr ja="このカードを外す" en="Remove this card"/>
            </button>
        </fieldset>
    }
}

/// The card's tasks as removable chips, and a task kind and level to add.
#[component]
fn TaskChips(
    i: usize,
    tasks: RwSignal<Vec<(String, String)>>,
    names: Signal<BTreeMap<TaskKindId, Localized>>,
    error: Signal<Option<Localized>>,
) -> impl IntoView {
    let lang = use_lang();
    let (pick_task, pick_level) = (
        RwSignal::new(String::new()),
        RwSignal::new("beginner".to_owned()),
    );
    let name_of = move |id: &str| {
        names.with(|n| {
            n.get(&TaskKindId::from(id))
                .map(|l| pick(lang, l))
                .unwrap_or_else(|| id.to_owned())
        })
    };
    let add = move |_| {
        let task = pick_task.get_untracked();
        if !task.is_empty() {
            tasks.update(|t| t.push((task, pick_level.get_untracked())));
        }
    };
    view! {
        <fieldset>
            <legend><Tr ja="作業" en="Tasks"/></legend>
            <ul class="chips" data-testid="card-tasks">
                {move || tasks.get().into_iter().enumerate().map(|(k, (task, level))| {
                    let name = name_of(&task);
                    let remove_label = format!("{} {name}", tr(lang, "外す:", "Remove:"));
                    view! {
                        <li class="chip" data-task=task>
                            {name}" · "{level_label(lang, &level)}
                            <button type="button" class="chip-remove" aria-label=remove_label
                                on:click=move |_| tasks.update(|t| { t.remove(k); })>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="grid-2">
                <div class="field">
                    <label for=format!("card-{i}-add-task")><Tr ja="作業を追加" en="Add a task"/></label>
                    <select id=format!("card-{i}-add-task") on:change=move |ev| pick_task.set(event_target_value(&ev))>
                        <option value=""><Tr ja="選んでください" en="Choose one"/></option>
                        {move || names.get().into_iter().map(|(id, name)| view! {
                            <option value=id.to_string()>{move || pick(lang, &name)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("card-{i}-add-level")><Tr ja="必要な程度" en="Level needed"/></label>
                    <select id=format!("card-{i}-add-level") on:change=move |ev| pick_level.set(event_target_value(&ev))>
                        {LEVELS.iter().map(|(v, ja, en)| view! { <option value=*v><Tr ja=*ja en=*en/></option> }).collect_view()}
                    </select>
                </div>
            </div>
            <button type="button" class="button button-secondary" on:click=add><Tr ja="作業を加える" en="Add the task"/></button>
            <FieldError id=format!("card-{i}-tasks-error") error=error/>
        </fieldset>
    }
}

const LEVELS: [(&str, &str, &str); 3] = [
    ("beginner", "はじめて", "New to it"),
    ("experienced", "経験あり", "Experienced"),
    ("can_teach", "人に教えられる", "Can teach"),
];

fn level_label(lang: RwSignal<domain::model::Lang>, level: &str) -> &'static str {
    LEVELS
        .iter()
        .find(|(v, _, _)| *v == level)
        .map_or("", |(_, ja, en)| tr(lang, ja, en))
}

/// The check of one card: pay against the minimum wage and the usual pay, and the team with a
/// backup per task (by name: the hub's own region), or what is still missing.
#[component]
fn CheckResult(
    check: CardCheck,
    names: Signal<BTreeMap<TaskKindId, Localized>>,
    people: Signal<Vec<(ResidentId, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let person = move |id: &ResidentId| {
        let known = people.with(|p| p.iter().find(|(r, _)| r == id).map(|(_, n)| n.clone()));
        resident_label(&known, id.as_str())
    };
    let task = move |id: &TaskKindId| {
        names.with(|n| {
            n.get(id)
                .map(|l| pick(lang, l))
                .unwrap_or_else(|| id.to_string())
        })
    };
    let team = check.team;
    let summary = team.summary.clone();
    let complete = team.uncovered_tasks.is_empty() && team.uncovered_hours == 0;
    view! {
        <section class="check-result" data-testid="card-check" aria-live="polite">
            <p><Tr ja="時給に直すと " en="Hourly equivalent: "/>{check.preview.pay.hourly_equivalent}<Tr ja="円" en=" yen"/></p>
            {check.preview.pay.warnings.into_iter().map(|w| {
                let m = w.message;
                view! { <p class="notice notice-warn" data-testid="card-pay-warning">{move || pick(lang, &m)}</p> }
            }).collect_view()}
            <p class="team-summary" class:notice-warn=!complete data-testid="team-summary">{move || pick(lang, &summary)}</p>
            <ul class="plain-list" data-testid="team-members">
                {team.members.into_iter().map(|m| view! {
                    <li data-testid="team-member">
                        <a href=format!("/hub/residents/{}", m.resident)>{person(&m.resident)}</a>
                        " · "<Tr ja="週" en=""/>{m.hours}<Tr ja="時間" en=" h a week"/>
                        " · "{m.tasks.iter().map(task).collect::<Vec<_>>().join("、")}
                    </li>
                }).collect_view()}
            </ul>
            <p class="muted"><Tr ja="控えの人" en="Backups"/></p>
            <ul class="plain-list" data-testid="team-backups">
                {team.backups.into_iter().map(|b| {
                    let has = if b.backup.is_some() { "true" } else { "false" };
                    view! {
                    <li data-testid="team-backup" data-has-backup=has>
                        {task(&b.task)}": "
                        {match b.backup {
                            Some(r) => person(&r).into_any(),
                            None => view! { <Tr ja="まだいません" en="none yet"/> }.into_any(),
                        }}
                    </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Adds a card from the common needs (the same templates the company's wizard offers).
#[component]
fn AddCard(add: Callback<NeedProposal>) -> impl IntoView {
    let lang = use_lang();
    let needs = LocalResource::new(api::hub::needs);
    let chosen = RwSignal::new(String::new());
    let on_add = move |_| {
        let id = chosen.get_untracked();
        let found = needs
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|p| p.id == id));
        if let Some(p) = found {
            add.run(p);
        }
    };
    view! {
        <div class="card add-card">
            <div class="field">
                <label for="add-card"><Tr ja="よくある困りごとからカードを加える" en="Add a card from a common need"/></label>
                <select id="add-card" data-testid="add-card" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value=""><Tr ja="選んでください" en="Choose one"/></option>
                    {move || needs.get().and_then(Result::ok).map(|list| list.into_iter().map(|p| {
                        let need = p.need;
                        view! { <option value=p.id.clone()>{move || pick(lang, &need)}</option> }
                    }).collect_view())}
                </select>
            </div>
            <button type="button" class="button button-secondary" data-testid="add-card-submit" on:click=on_add>
                <Tr ja="カードを加える" en="Add the card"/>
            </button>
        </div>
    }
}
