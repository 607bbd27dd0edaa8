//! The onboarding wizard (`/start`): six steps, each checked with the domain's validator before
//! moving on; the draft is saved on the device on every change (never the password) and
//! restored after a reload; the submission goes through the offline-safe queue.

use domain::model::{Lang, Localized, Region};
use domain::onboarding::{Step, Submission, step_errors};
use domain::validate::{Raw, RegisterInput, ResidentInput, ValidationContext};
use domain::vocabulary::Taxonomy;
use gloo_storage::{LocalStorage, Storage};
use leptos::html;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ChunkMissing;
use super::fields::{
    DeviceFields, PayGuidance, PlaceFields, ProfileForm, SkillFields, TimeFields, WishFields,
};
use super::queue::{Queue, QueueStatus, use_queue};
use crate::api::{self, ApiError, new_idempotency_key};
use crate::components::form::{TextField, focus_field};
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{pick, tr, use_lang};
use crate::session::go;

use crate::device::ONBOARDING_DRAFT as DRAFT_KEY;

/// What step 1 needs of the kept draft (read by the main module; the chunk reads all of it).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DraftHead {
    step: usize,
    profile: ProfileHead,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProfileHead {
    display_name: String,
    lives_in: String,
}

/// What is kept on the device while the person fills in the form. No password.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Draft {
    step: usize,
    profile: ResidentInput,
    email: String,
    invite_code: String,
    with_invite: bool,
}

fn step_title(step: Step) -> (&'static str, &'static str) {
    match step {
        Step::Place => ("住んでいる所", "Where you live"),
        Step::Skills => ("できること", "What you can do"),
        Step::Time => ("働ける時間", "When you can work"),
        Step::Devices => ("使える機器", "Your device"),
        Step::Wishes => ("希望", "Your wishes"),
        Step::Account => ("アカウント", "Your account"),
    }
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Place => "place",
        Step::Skills => "skills",
        Step::Time => "time",
        Step::Devices => "devices",
        Step::Wishes => "wishes",
        Step::Account => "account",
    }
}

#[component]
pub fn Onboarding() -> impl IntoView {
    let lang = use_lang();
    let queue = use_queue();
    // Step 1's fields and the step now; the chunk restores the rest (`keep_draft`).
    let draft: DraftHead = LocalStorage::get(DRAFT_KEY).unwrap_or_default();
    let form = ProfileForm::new(ResidentInput {
        display_name: Raw(draft.profile.display_name),
        lives_in: Raw(draft.profile.lives_in),
        ..ResidentInput::default()
    });
    let step = RwSignal::new(Step::ALL[draft.step.min(Step::ALL.len() - 1)]);
    let email = RwSignal::new(String::new());
    let invite = RwSignal::new(String::new());
    let with_invite = RwSignal::new(false);
    let password = RwSignal::new(String::new());

    // A signal filled by a task, not a `LocalResource`: the wizard's one resource would link the
    // async-derived machinery into the first view for this alone.
    let region = RwSignal::new(None::<Result<Region, ApiError>>);
    let load_region = move || {
        region.set(None);
        leptos::task::spawn_local(async move {
            region.set(Some(
                api::resident::with_retries(api::resident::default_region).await,
            ));
        });
    };
    load_region();
    // The vocabulary (the largest download) only once the person gets past the first step; its
    // reader is in the chunk.
    let vocabulary = RwSignal::new(None::<Result<Taxonomy, ApiError>>);
    let load_vocabulary = move || {
        vocabulary.set(None);
        leptos::task::spawn_local(async move {
            if load_vocabulary(vocabulary).await.is_err() {
                vocabulary.set(Some(Err(ApiError::Network)));
            }
        });
    };
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if !asked && step.get() != Step::Place {
            load_vocabulary();
            return true;
        }
        asked
    });
    let account = AccountDraft {
        email,
        invite,
        with_invite,
        password,
    };
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |first: Option<()>| {
        step.track();
        if first.is_some()
            && let Some(h) = heading.get()
        {
            let _ = h.focus();
        }
    });

    // Steps 2–6, the validators and the sending are a wasm chunk of their own (`onboarding_steps`),
    // fetched (with retries) as soon as the person starts on step 1 or when a later step opens
    // after a reload; a skeleton shows meanwhile, and a button to try again if it never came.
    let wizard = Wizard {
        step,
        form,
        account,
        region,
        vocabulary,
        queue,
    };
    let chunk = RwSignal::new(Chunk::Idle);
    let load_chunk = move || {
        if matches!(chunk.get_untracked(), Chunk::Loading | Chunk::Ready) {
            return;
        }
        chunk.set(Chunk::Loading);
        leptos::task::spawn_local(async move {
            let loaded = api::resident::with_retries(|| async {
                // Each split function has a loader of its own: the view's is readied here, so
                // that `later_step` below resolves at once.
                later_step(Step::Place, form, None, None, account).await?;
                keep_draft(wizard).await.map_err(ApiError::from)
            })
            .await;
            chunk.set(if loaded.is_ok() {
                Chunk::Ready
            } else {
                Chunk::Failed
            });
        });
    };
    // Fetched once step 1 is interactive (its region has come) or at once on a later step.
    Effect::new(move |_| {
        if step.get() != Step::Place || region.with(Option::is_some) {
            load_chunk();
        }
    });
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        load_chunk();
        leptos::task::spawn_local(async move {
            if next_step(wizard).await.is_err() {
                chunk.set(Chunk::Failed);
            }
            busy.set(false);
        });
    };

    // Done: the draft has served its purpose. Refused: show the server's messages on their step.
    Effect::new(move |_| match queue.status.get() {
        QueueStatus::Done => {
            LocalStorage::delete(DRAFT_KEY);
            super::queue::clear();
            go("/me");
        }
        QueueStatus::NeedsFixing(e @ crate::api::ApiError::Server { .. }) => {
            // Field errors beside their fields; an error of the whole form (a taken email)
            // once, in the notice under the account step.
            let fields = domain_err_fields(&e);
            step.set(
                fields
                    .first()
                    .map_or(Step::Account, |(f, _)| Step::of_field(f)),
            );
            form.errors.set(fields);
        }
        _ => {}
    });

    let body = move || {
        let s = step.get();
        let wait = || Skeleton().into_any();
        let failed =
            move || view! { <LoadError error=ApiError::Network retry=load_chunk/> }.into_any();
        if s == Step::Place {
            return match region.get() {
                Some(Ok(region)) => view! {
                    <PlaceFields form region/>
                    {move || (chunk.get() == Chunk::Failed).then(failed)}
                }
                .into_any(),
                Some(Err(e)) => view! { <LoadError error=e retry=load_region/> }.into_any(),
                None => wait(),
            };
        }
        let taxonomy = if matches!(s, Step::Skills | Step::Wishes | Step::Account) {
            match vocabulary.get() {
                Some(Ok(taxonomy)) => Some(taxonomy),
                Some(Err(e)) => {
                    return view! { <LoadError error=e retry=load_vocabulary/> }.into_any();
                }
                None => return wait(),
            }
        } else {
            None
        };
        match chunk.get() {
            Chunk::Ready => {
                // Loaded: the call resolves at once.
                use futures_util::FutureExt;
                let region = region.get().and_then(Result::ok);
                match later_step(s, form, taxonomy, region, account).now_or_never() {
                    Some(Ok(view)) => view,
                    _ => wait(),
                }
            }
            Chunk::Failed => failed(),
            Chunk::Idle | Chunk::Loading => wait(),
        }
    };

    let total = Step::ALL.len();
    view! {
        <section class="page narrow onboarding">
            <h1>{move || tr(lang, "はじめる", "Get started")}</h1>
            <p class="progress-text" data-testid="progress">
                {move || match lang.get() {
                    Lang::Ja => format!("ステップ {} / {total}", step.get().index() + 1),
                    Lang::En => format!("Step {} of {total}", step.get().index() + 1),
                }}
            </p>
            <ol class="progress" aria-hidden="true">
                {Step::ALL.into_iter().map(|s| view! {
                    <li class:done=move || s.index() < step.get().index() class:current=move || s == step.get()></li>
                }).collect_view()}
            </ol>
            <form on:submit=on_submit novalidate data-testid="onboarding" data-step=move || step_name(step.get())>
                <h2 node_ref=heading tabindex="-1" data-testid="step-title">
                    {move || { let (ja, en) = step_title(step.get()); tr(lang, ja, en) }}
                </h2>
                {body}
                <QueueNotice/>
                <div class="wizard-nav">
                    <button type="button" class="button button-secondary" data-testid="back"
                        disabled=move || step.get().previous().is_none()
                        on:click=move |_| { if let Some(p) = step.get_untracked().previous() { form.errors.set(Vec::new()); step.set(p) } }>
                        {move || tr(lang, "戻る", "Back")}
                    </button>
                    <button type="submit" class="button" data-testid="next"
                        disabled=move || busy.get() || matches!(queue.status.get(), QueueStatus::Sending)>
                        {move || if step.get().next().is_some() { tr(lang, "次へ", "Next") } else { tr(lang, "登録する", "Register") }}
                    </button>
                </div>
            </form>
            <p><a class="inline-link" href="/login">{move || tr(lang, "登録済みの方はログイン", "Already registered? Log in")}</a></p>
        </section>
    }
}

fn domain_err_fields(e: &crate::api::ApiError) -> Vec<(String, Localized)> {
    match e {
        crate::api::ApiError::Server { fields, .. } => fields
            .iter()
            .map(|f| (f.field.clone(), f.message.clone()))
            .collect(),
        crate::api::ApiError::Network => Vec::new(),
    }
}

/// Where the chunk of steps 2–6 stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Chunk {
    Idle,
    Loading,
    Ready,
    Failed,
}

/// The account step's fields, kept by the wizard (the draft saves all but the password).
#[derive(Debug, Clone, Copy)]
struct AccountDraft {
    email: RwSignal<String>,
    invite: RwSignal<String>,
    with_invite: RwSignal<bool>,
    password: RwSignal<String>,
}

/// Everything the later steps and the checks work on (all handles, so it is `Copy`).
#[derive(Clone, Copy)]
struct Wizard {
    step: RwSignal<Step>,
    form: ProfileForm,
    account: AccountDraft,
    region: RwSignal<Option<Result<Region, ApiError>>>,
    vocabulary: RwSignal<Option<Result<Taxonomy, ApiError>>>,
    queue: Queue,
}

impl AccountDraft {
    fn input(self) -> RegisterInput {
        let with_invite = self.with_invite.get_untracked();
        RegisterInput {
            email: Raw(if with_invite {
                String::new()
            } else {
                self.email.get_untracked()
            }),
            password: Raw(self.password.get_untracked()),
            invite_code: Raw(if with_invite {
                self.invite.get_untracked()
            } else {
                String::new()
            }),
        }
    }
}

impl Wizard {
    /// The step's errors, or None when the reference data needed to check it is not here yet.
    fn check(self, s: Step) -> Option<Vec<domain::validate::FieldError>> {
        let Some(Ok(region)) = self.region.get_untracked() else {
            return None;
        };
        let empty = Taxonomy {
            version: 0,
            families: Vec::new(),
            tasks: Vec::new(),
        };
        let loaded = self.vocabulary.get_untracked().and_then(Result::ok);
        let needs = matches!(s, Step::Skills | Step::Wishes);
        if needs && loaded.is_none() {
            return None;
        }
        let taxonomy = loaded.as_ref().unwrap_or(&empty);
        let ctx = ValidationContext::new(taxonomy, &region);
        let account = self.account.input();
        let with_invite = self.account.with_invite.get_untracked();
        Some(
            self.form
                .profile
                .with_untracked(|p| step_errors(s, p, &account, with_invite, &ctx)),
        )
    }

    /// "Next": the step is checked; the next one opens, or the last one queues the submission.
    fn advance(self) {
        let current = self.step.get_untracked();
        let Some(errors) = self.check(current) else {
            return;
        };
        if !errors.is_empty() {
            let first = errors[0].field.clone();
            self.form.show(errors);
            focus_field(&first);
            return;
        }
        self.form.errors.set(Vec::new());
        match current.next() {
            Some(next) => self.step.set(next),
            None => self.queue.submit(Submission::new(
                new_idempotency_key(),
                self.account.input(),
                self.form.profile.get_untracked(),
            )),
        }
    }
}

in_onboarding_chunk! {
    /// Checks the step and moves on (in the chunk: the validators are not needed to show step 1).
    fn next_step(wizard: Wizard) -> Result<(), ChunkMissing> {
        wizard.advance();
        Ok(())
    }
}

in_onboarding_chunk! {
    /// The vocabulary's download and reader (the largest answer, needed from step 2 on).
    fn load_vocabulary(
        into: RwSignal<Option<Result<Taxonomy, ApiError>>>,
    ) -> Result<(), ChunkMissing> {
        leptos::task::spawn_local(async move {
            into.set(Some(api::resident::with_retries(|| api::vocabulary::vocabulary::<Taxonomy>(api::vocabulary::Form::Full)).await));
        });
        Ok(())
    }
}

in_onboarding_chunk! {
    /// Restores the whole draft (the main module read only step 1's fields, which the person may
    /// have changed since: theirs are kept) and from then on saves it on every change, so a
    /// reload, a closed tab or a dead battery loses nothing.
    fn keep_draft(wizard: Wizard) -> Result<(), ChunkMissing> {
        let Wizard { step, form, account, .. } = wizard;
        let kept: Draft = LocalStorage::get(DRAFT_KEY).unwrap_or_default();
        form.profile.update(|p| {
            let display_name = std::mem::take(&mut p.display_name);
            let lives_in = std::mem::take(&mut p.lives_in);
            *p = ResidentInput {
                display_name,
                lives_in,
                ..kept.profile
            };
        });
        account.email.set(kept.email);
        account.invite.set(kept.invite_code);
        account.with_invite.set(kept.with_invite);
        // The front door's 「招待コードで登録する」 opens the wizard with the code chosen.
        if window().location().search().is_ok_and(|q| q.contains("invite=1")) {
            account.with_invite.set(true);
        }
        Effect::new(move |_| {
            let draft = Draft {
                step: step.get().index(),
                profile: form.profile.get(),
                email: account.email.get(),
                invite_code: account.invite.get(),
                with_invite: account.with_invite.get(),
            };
            let _ = LocalStorage::set(DRAFT_KEY, &draft);
        });
        Ok(())
    }
}

in_onboarding_chunk! {
    /// The view of steps 2–6 (step 1 is interactive without it).
    fn later_step(
        step: Step,
        form: ProfileForm,
        taxonomy: Option<Taxonomy>,
        region: Option<Region>,
        account: AccountDraft,
    ) -> Result<AnyView, ChunkMissing> {
        let AccountDraft {
            email,
            invite,
            with_invite,
            password,
        } = account;
        Ok(match (step, taxonomy) {
            (Step::Skills, Some(taxonomy)) => view! { <SkillFields form taxonomy/> }.into_any(),
            (Step::Wishes, Some(taxonomy)) => {
                let prefecture = region.map_or(0, |r| r.prefecture);
                let note = view! { <PayGuidance form prefecture/> }.into_any();
                view! { <WishFields form taxonomy families=false pay_note=note/> }.into_any()
            }
            (Step::Time, _) => view! { <TimeFields form/> }.into_any(),
            (Step::Devices, _) => view! { <DeviceFields form/> }.into_any(),
            (Step::Account, taxonomy) => view! {
                <Summary form taxonomy region/>
                <AccountFields form email invite with_invite password/>
            }
            .into_any(),
            _ => ().into_any(),
        })
    }
}

/// Step 6: email (or a course's invite code) and a password.
#[component]
fn AccountFields(
    form: ProfileForm,
    email: RwSignal<String>,
    invite: RwSignal<String>,
    with_invite: RwSignal<bool>,
    password: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    // A password typed again while a submission waits replaces the queued one.
    let queue = use_queue();
    Effect::new(move |first: Option<()>| {
        let typed = password.get();
        if first.is_some() && !typed.is_empty() {
            queue.replace_password(&typed);
        }
    });
    view! {
        <fieldset class="group">
            <legend>{move || tr(lang, "登録のしかた", "How to register")}</legend>
            <label class="choice">
                <input type="radio" name="with_invite" prop:checked=move || !with_invite.get() on:change=move |_| with_invite.set(false)/>
                <span>{move || tr(lang, "メールアドレスで", "With my email")}</span>
            </label>
            <label class="choice">
                <input type="radio" name="with_invite" prop:checked=move || with_invite.get() on:change=move |_| with_invite.set(true)/>
                <span>{move || tr(lang, "講座でもらった招待コードで", "With an invite code from a course")}</span>
            </label>
        </fieldset>
        {move || if with_invite.get() {
            view! { <TextField id="invite_code" label=("招待コード", "Invite code") value=invite autocomplete="off" error=form.error("invite_code")/> }.into_any()
        } else {
            view! { <TextField id="email" label=("メールアドレス", "Email address") value=email kind="email" autocomplete="email" error=form.error("email")/> }.into_any()
        }}
        <TextField id="password" label=("パスワード（10文字以上）", "Password (10 characters or more)") value=password kind="password"
            autocomplete="new-password" error=form.error("password")/>
    }
}

/// What will be registered, to check before 登録する (each step can be reopened with 戻る).
#[component]
fn Summary(form: ProfileForm, taxonomy: Option<Taxonomy>, region: Option<Region>) -> impl IntoView {
    let lang = use_lang();
    let p = form.profile.get_untracked();
    let place = region
        .and_then(|r| {
            r.municipalities
                .into_iter()
                .find(|m| m.id.as_str() == p.lives_in.as_str())
                .map(|m| m.name)
        })
        .unwrap_or_else(|| {
            Localized::new(
                "地域の外から手伝う（関係人口）",
                "Helping from outside the region",
            )
        });
    let skills: Vec<Localized> = p
        .skills
        .iter()
        .map(|s| {
            let name = taxonomy
                .as_ref()
                .and_then(|t| t.task(s.task.as_str()))
                .map_or_else(
                    || Localized::new(s.task.as_str(), s.task.as_str()),
                    |t| t.name.clone(),
                );
            let level = domain::model::Level::ALL
                .into_iter()
                .find(|l| domain::onboarding::level_code(*l) == s.level.as_str())
                .map(|l| l.label())
                .unwrap_or_else(|| Localized::new("", ""));
            Localized::new(
                format!("{}（{}）", name.ja, level.ja),
                format!("{} ({})", name.en, level.en),
            )
        })
        .collect();
    let hours = p.hours_per_week.as_str().to_owned();
    let windows = p.windows.len();
    let pc = p.devices.as_str() == "pc";
    let pay = p.wishes.min_hourly_yen.as_str().to_owned();
    let row = |ja: &'static str, en: &'static str, value: Signal<String>| {
        view! {
            <div class="summary-row"><dt>{move || tr(lang, ja, en)}</dt><dd>{value}</dd></div>
        }
    };
    let name = p.display_name.as_str().to_owned();
    view! {
        <section class="summary" data-testid="summary" aria-labelledby="summary-title">
            <h3 id="summary-title">{move || tr(lang, "登録する内容の確認", "Check what you register")}</h3>
            <p class="hint">{move || tr(lang, "直すときは「戻る」で前のステップへ。", "To change something, go back with Back.")}</p>
            <dl>
                {row("お名前", "Name", Signal::derive(move || name.clone()))}
                {row("住んでいる所", "Where you live", Signal::derive(move || pick(lang, &place)))}
                {row("できること", "What you can do", Signal::derive(move || {
                    if skills.is_empty() { return tr(lang, "まだ選んでいません", "None chosen yet").to_owned(); }
                    skills.iter().map(|s| pick(lang, s)).collect::<Vec<_>>().join(tr(lang, "、", ", "))
                }))}
                {row("働ける時間", "When you can work", Signal::derive(move || match lang.get() {
                    Lang::Ja => format!("週{hours}時間・時間帯{windows}つ"),
                    Lang::En => format!("{hours} h a week, {windows} time slot(s)"),
                }))}
                {row("使える機器", "Device", Signal::derive(move || tr(lang, if pc { "パソコンがある" } else { "スマートフォンだけ" }, if pc { "A computer" } else { "Only a smartphone" }).to_owned()))}
                {row("希望する最低の時給", "Lowest hourly pay", Signal::derive(move || if pay.trim().is_empty() {
                    tr(lang, "指定なし", "None").to_owned()
                } else {
                    match lang.get() { Lang::Ja => format!("{pay}円"), Lang::En => format!("{pay} yen") }
                }))}
            </dl>
        </section>
    }
}

/// Where the submission stands: sending, kept until the connection returns, or refused.
#[component]
fn QueueNotice() -> impl IntoView {
    let lang = use_lang();
    let queue = use_queue();
    move || {
        match queue.status.get() {
        QueueStatus::Sending => Some(view! {
            <p class="notice" role="status" data-testid="queue-sending">{move || tr(lang, "送信しています…", "Sending…")}</p>
        }.into_any()),
        QueueStatus::Waiting => Some(view! {
            <p class="notice notice-queued" role="status" data-testid="queued">{move || tr(lang,
                "電波が届かないため、この端末だけに保存しました（パスワードも、送り終わるまでこの端末だけに置き、送ったら消します）。つながったら自動で送信します。パスワードを変えるときは、入れ直して「登録する」を押してください。",
                "No connection: saved on this device only (the password too, until it is sent; then it is erased). It will be sent automatically when you are back online. To change the password, type it again and tap Register.")}</p>
        }.into_any()),
        QueueStatus::NeedsFixing(e) => {
            let m = e.message();
            let taken = matches!(&e, ApiError::Server { code, .. } if code == super::queue::TAKEN);
            Some(view! {
                <div class="notice notice-error" role="alert" data-testid="form-error">
                    <p>{move || pick(lang, &m)}</p>
                    {taken.then(|| view! {
                        <a class="button button-secondary" href="/login" data-testid="login-instead">{move || tr(lang, "ログインする", "Log in")}</a>
                    })}
                </div>
            }.into_any())
        }
        QueueStatus::Empty | QueueStatus::Done => None,
    }
    }
}
