//! 仕事の切り出し: the need wizard. Step 1: say the need (or pick a common one); step 2: the
//! proposed task cards, every field editable, checked by the server's preview (pay guidance
//! against the prefecture's minimum wage and the usual pay, what the data access asks); then post.

use domain::fair_work::pay_calendar::PaySchedule;
use domain::model::Localized;
use domain::needs::{JobPreview, NeedProposal};
use domain::talent::SLOT_NAMES;
use domain::validate::job::MAX_DESCRIPTION;
use domain::validate::{JobInput, Raw, SkillInput};
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::{CompanyNav, loc, t};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, ErrorSummary, FieldError, TextField};
use crate::components::load::{LoadError, Skeleton};
use crate::components::pay_calendar::{PayCalendar, PayCalendarFields};
use crate::i18n::{pick, tr, use_lang};
use crate::session::go;

/// The job form as signals, one per field, so each input binds to its own.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    description: RwSignal<String>,
    /// (task id, level) rows.
    tasks: RwSignal<Vec<(String, String)>>,
    hours: RwSignal<String>,
    min_hours: RwSignal<String>,
    windows: RwSignal<Vec<String>>,
    weeks: RwSignal<String>,
    pay_kind: RwSignal<String>,
    pay_yen: RwSignal<String>,
    minutes: RwSignal<String>,
    who: RwSignal<String>,
    team: RwSignal<bool>,
    pc: RwSignal<bool>,
    access: RwSignal<String>,
    /// `remote`, `on_site` or `hybrid`; the templates propose remote work.
    place_kind: RwSignal<String>,
    /// The municipality of the place, for on-site and hybrid work.
    place: RwSignal<String>,
    /// Hybrid only: days a week at the place.
    days_on_site: RwSignal<String>,
    /// When the work is paid (Freelance Act Art. 4).
    pay: PayCalendar,
}

impl Draft {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Draft {
            title: s(),
            description: s(),
            tasks: RwSignal::new(Vec::new()),
            hours: s(),
            min_hours: s(),
            windows: RwSignal::new(Vec::new()),
            weeks: s(),
            pay_kind: s(),
            pay_yen: s(),
            minutes: s(),
            who: s(),
            team: RwSignal::new(false),
            pc: RwSignal::new(false),
            access: s(),
            place_kind: s(),
            place: s(),
            days_on_site: s(),
            pay: PayCalendar::new(PaySchedule::default()),
        }
    }

    fn load(&self, d: &JobInput) {
        let t = |r: &Raw| r.0.clone();
        self.title.set(t(&d.title));
        self.description.set(t(&d.description));
        self.tasks
            .set(d.tasks.iter().map(|s| (t(&s.task), t(&s.level))).collect());
        self.hours.set(t(&d.hours_per_week));
        self.min_hours.set(t(&d.min_hours_per_person));
        self.windows.set(d.windows.iter().map(t).collect());
        self.weeks.set(t(&d.duration_weeks));
        self.pay_kind.set(t(&d.pay_kind));
        self.pay_yen.set(t(&d.pay_yen));
        self.minutes.set(t(&d.minutes_per_task));
        self.who.set(t(&d.who_may_apply));
        self.team.set(d.team_allowed.0 == "true");
        self.pc.set(d.needs_pc.0 == "true");
        self.access.set(t(&d.data_access));
        self.place.set(t(&d.place));
        // Plain trims here: `Raw::is_blank` normalises text and would bring the NFKC tables.
        let blank = |r: &Raw| r.0.trim().is_empty();
        let kind = if blank(&d.place_kind) {
            if blank(&d.place) || d.place.0.trim() == "remote" {
                "remote"
            } else {
                "on_site"
            }
        } else {
            d.place_kind.as_str()
        };
        self.place_kind.set(kind.to_owned());
        if self.place.get_untracked() == "remote" {
            self.place.set(String::new());
        }
        self.days_on_site.set(if blank(&d.days_on_site) {
            "1".to_owned()
        } else {
            t(&d.days_on_site)
        });
        // Proposals leave the calendar to the company: 末日締め翌月末日払い until it chooses.
        self.pay.set(PaySchedule::default());
    }

    fn input(&self) -> JobInput {
        let r = |s: RwSignal<String>| Raw(s.get_untracked());
        JobInput {
            title: r(self.title),
            description: r(self.description),
            tasks: SkillInput::rows(self.tasks.get_untracked()),
            hours_per_week: r(self.hours),
            min_hours_per_person: r(self.min_hours),
            windows: self.windows.get_untracked().into_iter().map(Raw).collect(),
            duration_weeks: r(self.weeks),
            place: r(self.place),
            place_kind: r(self.place_kind),
            days_on_site: r(self.days_on_site),
            pay_kind: r(self.pay_kind),
            pay_yen: r(self.pay_yen),
            minutes_per_task: r(self.minutes),
            who_may_apply: r(self.who),
            team_allowed: Raw(self.team.get_untracked().to_string()),
            needs_pc: Raw(self.pc.get_untracked().to_string()),
            data_access: r(self.access),
            closing_day: Raw(PayCalendar::form_day(self.pay.closing.get_untracked())),
            pay_months_after: Raw(self.pay.months.get_untracked().to_string()),
            pay_day: Raw(PayCalendar::form_day(self.pay.pay_day.get_untracked())),
        }
    }
}

const LEVELS: [(&str, &str, &str); 3] = [
    ("beginner", "はじめて", "New to it"),
    ("experienced", "経験あり", "Experienced"),
    ("can_teach", "人に教えられる", "Can teach"),
];

const ACCESS: [(&str, &str, &str); 3] = [
    (
        "public_only",
        "公開してよい素材のみ",
        "Public material only",
    ),
    ("internal", "社内の資料", "Internal material"),
    (
        "customer_personal_data",
        "お客様の個人情報",
        "Customers' personal data",
    ),
];

const WHO: [(&str, &str, &str); 3] = [
    (
        "local_only",
        "圏域に住む人のみ",
        "People living in the region",
    ),
    (
        "local_and_related",
        "圏域の住民と関係人口",
        "Residents and related people",
    ),
    ("anyone", "どなたでも", "Anyone"),
];

#[component]
pub fn NeedWizard() -> impl IntoView {
    let lang = use_lang();
    let draft = Draft::new();
    let chosen = RwSignal::new(None::<NeedProposal>);
    // Told before the wizard, not after a refused post: only an approved company posts work.
    let approval = LocalResource::new(move || {
        let id = super::company_id();
        async move {
            let id = id.await?;
            api::company::approval(&id).await
        }
    });
    let approved = Signal::derive(move || {
        approval
            .get()
            .and_then(Result::ok)
            .is_some_and(|a| matches!(a.approval, domain::model::Approval::Approved { .. }))
    });
    let not_yet = move || {
        approval
            .get()
            .and_then(Result::ok)
            .is_some_and(|a| !matches!(a.approval, domain::model::Approval::Approved { .. }))
    };
    view! {
        <section class="page company">
            <CompanyNav/>
            <h1>{t("困りごとから仕事を切り出す", "Turn a need into work")}</h1>
            <Show when=not_yet>
                <p class="notice notice-warn" role="status" data-testid="not-approved-yet">
                    {t("推進ハブの承認がまだのため、仕事を掲載できません。下書きと報酬の確認はできますが、掲載は承認の後になります。", "The hub has not approved your company yet, so you cannot post work. You can draft and check the pay now; posting comes after approval.")}
                    " "<a href="/company">{t("承認の状況を見る", "See where approval stands")}</a>
                </p>
            </Show>
            <ol class="steps" aria-label=move || tr(lang, "手順", "Steps")>
                <li aria-current=move || chosen.get().is_none().then_some("step")>{t("困りごと", "The need")}</li>
                <li aria-current=move || chosen.get().is_some().then_some("step")>{t("仕事の中身と報酬", "Work and pay")}</li>
            </ol>
            {move || match chosen.get() {
                None => view! { <NeedStep on_pick=Callback::new(move |p: NeedProposal| { draft.load(&p.draft); chosen.set(Some(p)); })/> }.into_any(),
                Some(p) => view! { <EditStep draft=draft proposal=p approved=approved on_back=Callback::new(move |()| chosen.set(None))/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NeedStep(on_pick: Callback<NeedProposal>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let needs = LocalResource::new(move || {
        let q = query.get();
        async move { api::company::needs(&q).await }
    });
    let retry = Callback::new(move |()| needs.refetch());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(text.get_untracked());
    };
    view! {
        <form on:submit=on_submit class="need-search" role="search">
            <TextField id="need" label=("困っていることを一言で", "Your need in a few words") value=text hint=("例: Instagramの更新が止まっている", "e.g. Our Instagram has gone quiet")/>
            <button type="submit" class="button">{t("仕事の案を探す", "Find proposals")}</button>
        </form>
        <h2>{t("よくある困りごと", "Common needs")}</h2>
        <Transition fallback=Skeleton>
            {move || needs.get().map(|r| match r {
                Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain-list need-list" data-testid="need-list">
                        {list.into_iter().map(|p| {
                            let pick_it = p.clone();
                            view! {
                                <li class="card">
                                    <h3>{loc(p.need.clone())}</h3>
                                    <p>{loc(p.explain.clone())}</p>
                                    <button type="button" class="button" data-testid="pick-need" data-need=p.id.clone()
                                        on:click=move |_| on_pick.run(pick_it.clone())>
                                        {t("この案で進める", "Use this proposal")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn EditStep(
    draft: Draft,
    proposal: NeedProposal,
    approved: Signal<bool>,
    on_back: Callback<()>,
) -> impl IntoView {
    let vocabulary = LocalResource::new(|| {
        crate::api::vocabulary::vocabulary::<Taxonomy>(crate::api::vocabulary::Form::Full)
    });
    let check = Action::new_local(move |input: &JobInput| {
        let input = input.clone();
        async move { api::company::preview(&input).await }
    });
    let key = api::new_idempotency_key();
    let post = Action::new_local(move |input: &JobInput| {
        let (input, key) = (input.clone(), key.clone());
        async move { api::company::post_job(&input, &key).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(job)) = post.value().get() {
            go(&format!("/company/jobs/{}", job.id));
        }
    });
    // The latest answer of either step names the fields to fix.
    let error = move || {
        post.value()
            .get()
            .and_then(Result::err)
            .or_else(|| check.value().get().and_then(Result::err))
    };
    let field =
        move |n: &'static str| Signal::derive(move || error().and_then(|e: ApiError| e.field(n)));
    let preview = move || check.value().get().and_then(Result::ok);
    let typical = proposal.typical_pay;
    view! {
        <div class="proposal-intro card">
            <h2>{loc(proposal.need.clone())}</h2>
            <p>{loc(proposal.explain.clone())}</p>
            {typical.map(|range| view! {
                <p data-testid="typical-pay">{t("この仕事のよくある時給: ", "Usual hourly pay for this work: ")}
                    {format!("{}〜{}", range.min_yen, range.max_yen)}{t("円", " yen")}</p>
            })}
            <button type="button" class="button button-secondary" on:click=move |_| on_back.run(())>
                {t("困りごとを選び直す", "Choose another need")}
            </button>
        </div>
        <form novalidate data-testid="job-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); check.dispatch(draft.input()); }>
            <ErrorNotice error=Signal::derive(move || error().filter(|e| e.field("title").is_none() && !matches!(e, ApiError::Server { status: 422, .. })))/>
            <TextField id="title" label=("仕事の名前", "Job title") value=draft.title error=field("title")/>
            <div class="field">
                <label for="description">{t("仕事の説明", "Description")}</label>
                <textarea id="description" name="description" rows="4" prop:value=move || draft.description.get()
                    aria-describedby="description-count description-error"
                    aria-invalid=move || field("description").get().is_some().then_some("true")
                    on:input=move |ev| draft.description.set(event_target_value(&ev))></textarea>
                <p class="hint counter" id="description-count" data-testid="description-count"
                    class:over=move || draft.description.with(|d| d.chars().count() > MAX_DESCRIPTION)>
                    {move || draft.description.with(|d| d.chars().count())}" / "{MAX_DESCRIPTION}{t(" 字", " characters")}
                </p>
                <FieldError id="description-error".to_owned() error=field("description")/>
            </div>
            <fieldset class="task-cards">
                <legend>{t("作業（タスクカード）", "Tasks (task cards)")}</legend>
                <Transition fallback=Skeleton>
                    {move || vocabulary.get().map(|v| match v {
                        Err(e) => view! { <LoadError error=e retry=move || vocabulary.refetch()/> }.into_any(),
                        Ok(tax) => view! { <TaskRows draft=draft tax=tax/> }.into_any(),
                    })}
                </Transition>
                <FieldError id="tasks-error".to_owned() error=field("tasks")/>
            </fieldset>
            <div class="grid-2">
                <TextField id="hours_per_week" label=("1週間の仕事量（時間）", "Hours of work a week") value=draft.hours kind="number" error=field("hours_per_week")/>
                <TextField id="min_hours_per_person" label=("1人あたり最低（時間/週）", "Fewest hours per person a week") value=draft.min_hours kind="number" error=field("min_hours_per_person")/>
                <TextField id="duration_weeks" label=("期間（週）", "Duration (weeks)") value=draft.weeks kind="number" error=field("duration_weeks")/>
            </div>
            <fieldset>
                <legend>{t("仕事をする時間帯", "When the work happens")}</legend>
                <div class="checks">
                    {SLOT_NAMES.iter().zip(super::SLOT_LABELS).map(|(slot, (ja, en))| {
                        let slot = *slot;
                        view! {
                            <label class="check">
                                <input type="checkbox" name="windows" value=slot
                                    prop:checked=move || draft.windows.get().iter().any(|w| w == slot)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.windows.update(|w| { w.retain(|x| x != slot); if on { w.push(slot.to_owned()); } });
                                    }/>
                                {t(ja, en)}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldError id="windows-error".to_owned() error=field("windows")/>
            </fieldset>
            <fieldset>
                <legend>{t("報酬", "Pay")}</legend>
                <div class="checks">
                    <label class="check"><input type="radio" name="pay_kind" value="hourly" prop:checked=move || draft.pay_kind.get() == "hourly" on:change=move |_| draft.pay_kind.set("hourly".into())/>{t("時給", "Hourly")}</label>
                    <label class="check"><input type="radio" name="pay_kind" value="per_task" prop:checked=move || draft.pay_kind.get() == "per_task" on:change=move |_| draft.pay_kind.set("per_task".into())/>{t("1件ごと", "Per task")}</label>
                </div>
                <div class="grid-2">
                    <TextField id="pay_yen" label=("金額（円）", "Amount (yen)") value=draft.pay_yen kind="number" error=field("pay_yen")/>
                    <Show when=move || draft.pay_kind.get() == "per_task">
                        <TextField id="minutes_per_task" label=("1件にかかる見込み（分）", "Minutes per task (estimate)") value=draft.minutes kind="number" error=field("minutes_per_task")/>
                    </Show>
                </div>
                <PayCalendarFields cal=draft.pay prefix="job-" from=Signal::derive(|| None)/>
                <FieldError id="pay-calendar-error".to_owned() error=Signal::derive(move || field("closing_day").get().or_else(|| field("pay_months_after").get()).or_else(|| field("pay_day").get()))/>
            </fieldset>
            <PlaceFields draft=draft field=field/>
            <Choice id="data_access" legend=("扱う情報", "Data the work touches") options=&ACCESS value=draft.access error=field("data_access")/>
            <Choice id="who_may_apply" legend=("応募できる人", "Who may apply") options=&WHO value=draft.who error=field("who_may_apply")/>
            <div class="checks">
                <label class="check"><input type="checkbox" id="team_allowed" prop:checked=move || draft.team.get() on:change=move |ev| draft.team.set(event_target_checked(&ev))/>{t("チームで受けてもよい", "A team may take it")}</label>
                <label class="check"><input type="checkbox" id="needs_pc" prop:checked=move || draft.pc.get() on:change=move |ev| draft.pc.set(event_target_checked(&ev))/>{t("パソコンが必要", "Needs a PC")}</label>
            </div>
            <ErrorSummary error=Signal::derive(move || check.value().get().and_then(Result::err))/>
            <button type="submit" class="button button-wide" data-testid="check-job" disabled=move || check.pending().get()>
                {t("内容と報酬を確認する", "Check the work and pay")}
            </button>
        </form>
        {move || preview().map(|p| view! {
            <PreviewPanel preview=p/>
            <ErrorSummary error=Signal::derive(move || post.value().get().and_then(Result::err))/>
            <ErrorNotice error=Signal::derive(move || post.value().get().and_then(Result::err).filter(|e| !matches!(e, ApiError::Server { status: 422, .. })))/>
            <Show when=move || approved.get() fallback=|| view! {
                <p class="notice notice-warn" data-testid="post-after-approval">{t("承認の後に掲載できます。", "You can post once the hub approves your company.")}</p>
            }>
                <button type="button" class="button button-wide" data-testid="post-job" disabled=move || post.pending().get()
                    on:click=move |_| { post.dispatch(draft.input()); }>
                    {t("この内容で掲載する", "Post this job")}
                </button>
            </Show>
        })}
    }
}

/// The draft's task rows: a task kind from the shared vocabulary and a level each.
#[component]
fn TaskRows(draft: Draft, tax: Taxonomy) -> impl IntoView {
    let lang = use_lang();
    let names: Vec<(String, Localized)> = tax
        .tasks
        .iter()
        .map(|t| (t.id.0.clone(), t.name.clone()))
        .collect();
    let names = StoredValue::new(names);
    view! {
        <For each={move || (0..draft.tasks.get().len()).collect::<Vec<usize>>()} key={|i: &usize| *i} let:i>
            <div class="task-row" data-testid="task-card">
                <div class="field">
                    <label for=format!("task-{i}")>{t("作業", "Task")} {i + 1}</label>
                    <select id=format!("task-{i}") on:change=move |ev| draft.tasks.update(|t| t[i].0 = event_target_value(&ev))>
                        {move || names.with_value(|n| n.iter().map(|(id, name)| {
                            let (id, name) = (id.clone(), name.clone());
                            let selected = draft.tasks.with_untracked(|t| t.get(i).is_some_and(|r| r.0 == id));
                            view! { <option value=id.clone() selected=selected>{move || pick(lang, &name)}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("level-{i}")>{t("必要な程度", "Level needed")}</label>
                    <select id=format!("level-{i}") on:change=move |ev| draft.tasks.update(|t| t[i].1 = event_target_value(&ev))>
                        {LEVELS.iter().map(|(v, ja, en)| {
                            let selected = draft.tasks.with_untracked(|t| t.get(i).is_some_and(|r| r.1 == *v));
                            view! { <option value=*v selected=selected>{t(ja, en)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="button button-secondary" on:click=move |_| draft.tasks.update(|t| { t.remove(i); })>
                    {t("外す", "Remove")}
                </button>
            </div>
        </For>
        <button type="button" class="button button-secondary" on:click=move |_| draft.tasks.update(|t| t.push(("data.entry".into(), "beginner".into())))>
            {t("作業を追加", "Add a task")}
        </button>
    }
}

const PLACE_KINDS: [(&str, &str, &str); 3] = [
    (
        "remote",
        "リモート（在宅など）",
        "Remote (from home or anywhere)",
    ),
    ("on_site", "現地で働く", "On site"),
    (
        "hybrid",
        "ハイブリッド（一部出社）",
        "Hybrid (partly on site)",
    ),
];

/// Where the work happens: remote, on site or hybrid, with the municipality of the place (from
/// the region) and, for hybrid work, the days a week on site.
#[component]
fn PlaceFields(
    draft: Draft,
    field: impl Fn(&'static str) -> Signal<Option<Localized>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let region = LocalResource::new(move || {
        let id = crate::session::use_session()
            .account()
            .map(|a| a.region.0)
            .unwrap_or_default();
        async move { api::company::region(&id).await }
    });
    let present = move || draft.place_kind.get() != "remote";
    view! {
        <Choice id="place_kind" legend=("働く場所", "Where the work happens") options=&PLACE_KINDS value=draft.place_kind error=field("place_kind")/>
        <Show when=present>
            <div class="grid-2" data-testid="place-fields">
                <div class="field">
                    <label for="place">{t("場所（市町村）", "Place (municipality)")}</label>
                    <select id="place" aria-describedby="place-error"
                        on:change=move |ev| draft.place.set(event_target_value(&ev))>
                        <option value="" selected=move || draft.place.get().is_empty()>{t("選んでください", "Choose")}</option>
                        {move || region.get().and_then(Result::ok).map(|r| r.municipalities.into_iter().map(|m| {
                            let id = m.id.0.clone();
                            let selected = draft.place.get_untracked() == id;
                            view! { <option value=id selected=selected>{move || pick(lang, &m.name)}</option> }
                        }).collect_view())}
                    </select>
                    <FieldError id="place-error".to_owned() error=field("place")/>
                </div>
                <Show when=move || draft.place_kind.get() == "hybrid">
                    <TextField id="days_on_site" label=("出社する日数（週）", "Days a week on site") value=draft.days_on_site kind="number" error=field("days_on_site")/>
                </Show>
            </div>
        </Show>
    }
}

/// A set of radio buttons bound to one value.
#[component]
fn Choice(
    id: &'static str,
    legend: (&'static str, &'static str),
    options: &'static [(&'static str, &'static str, &'static str)],
    value: RwSignal<String>,
    error: Signal<Option<Localized>>,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{t(legend.0, legend.1)}</legend>
            <div class="checks">
                {options.iter().map(|(v, ja, en)| view! {
                    <label class="check">
                        <input type="radio" name=id value=*v prop:checked=move || value.get() == *v on:change=move |_| value.set((*v).to_owned())/>
                        {t(ja, en)}
                    </label>
                }).collect_view()}
            </div>
            <FieldError id=format!("{id}-error") error=error/>
        </fieldset>
    }
}

/// Pay guidance and what the data access asks, from the server's preview.
#[component]
fn PreviewPanel(preview: JobPreview) -> impl IntoView {
    let g = preview.pay;
    let min = g.minimum_wage;
    view! {
        <section class="card preview" data-testid="job-preview" aria-live="polite">
            <h2>{t("報酬の目安", "Pay guidance")}</h2>
            <p data-testid="hourly-equivalent">{t("時給に直すと ", "Hourly equivalent: ")}{g.hourly_equivalent}{t("円", " yen")}</p>
            {min.map(|m| {
                let pref = g.prefecture.clone().unwrap_or_else(|| Localized::new("", ""));
                view! {
                    <p data-testid="minimum-wage">{t("最低賃金（", "Minimum wage (")}<span data-testid="wage-prefecture">{loc(pref)}</span>{t("）: ", "): ")}
                        {domain::matching::thousands(m.yen)}{t("円（", " yen (from ")}{m.effective_from.to_string()}{t("から）", ")")}</p>
                    <p class="hint">{t("リモートの仕事は圏域の都道府県、現地・ハイブリッドの仕事は御社の所在地の都道府県の最低賃金です。下回る報酬では掲載できません。", "Remote work uses the region's prefecture, on-site and hybrid work your company's own. Pay below it cannot be posted.")}</p>
                }
            })}
            {g.typical.map(|range| view! {
                <p>{t("よくある時給: ", "Usual pay: ")}{format!("{}〜{}", range.min_yen, range.max_yen)}{t("円", " yen")}</p>
            })}
            {g.warnings.into_iter().map(|w| view! {
                <p class="notice notice-warn" role="alert" data-testid="pay-warning" data-code=w.code.as_str()>{loc(w.message)}</p>
            }).collect_view()}
            <p data-testid="pay-schedule">{t("支払い: ", "Payment: ")}{loc(preview.pay_schedule)}</p>
            <p data-testid="access-note">{loc(preview.data_access_note)}</p>
            {preview.team_needed.then(|| view! { <p>{t("1人で受けるには多い量です。チームでの提案も表示します。", "This is more than one person usually gives; a team will be proposed too.")}</p> })}
        </section>
    }
}
