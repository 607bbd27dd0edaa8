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

use super::fields::{DeviceFields, PlaceFields, ProfileForm, SkillFields, TimeFields, WishFields};
use super::queue::{Queue, QueueStatus, use_queue};
use super::{ChunkMissing, Failed, LocalFuture, Skeleton};
use crate::api::{self, ApiError, new_idempotency_key};
use crate::components::form::TextField;
use crate::i18n::{pick, tr, use_lang};
use crate::session::go;

pub(super) const DRAFT_KEY: &str = "musubi.onboarding.draft";

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
    let draft: Draft = LocalStorage::get(DRAFT_KEY).unwrap_or_default();
    let form = ProfileForm::new(draft.profile);
    let step = RwSignal::new(Step::ALL[draft.step.min(Step::ALL.len() - 1)]);
    let email = RwSignal::new(draft.email);
    let invite = RwSignal::new(draft.invite_code);
    let with_invite = RwSignal::new(draft.with_invite);
    let password = RwSignal::new(String::new());

    // Saved on every change, so a reload, a closed tab or a dead battery loses nothing.
    Effect::new(move |_| {
        let draft = Draft {
            step: step.get().index(),
            profile: form.profile.get(),
            email: email.get(),
            invite_code: invite.get(),
            with_invite: with_invite.get(),
        };
        let _ = LocalStorage::set(DRAFT_KEY, &draft);
    });

    let region = LocalResource::new(|| api::resident::with_retries(api::resident::default_region));
    // The vocabulary (the largest download) only once the person gets past the first step.
    let wants_vocabulary = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || step.get() != Step::Place
    });
    let vocabulary = LocalResource::new(move || {
        let wanted = wants_vocabulary.get();
        async move {
            if !wanted {
                return None;
            }
            // Its reader is in the chunk of the later steps.
            Some(match fetch_vocabulary().await {
                Ok(fetch) => fetch.await,
                Err(ChunkMissing) => Err(ApiError::Network),
            })
        }
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
    let chunk = RwSignal::new(Chunk::Idle);
    let load_chunk = move || {
        if matches!(chunk.get_untracked(), Chunk::Loading | Chunk::Ready) {
            return;
        }
        chunk.set(Chunk::Loading);
        leptos::task::spawn_local(async move {
            let loaded = api::resident::with_retries(|| async {
                chunk_loaded().await.map_err(|ChunkMissing| ApiError::Network)
            })
            .await;
            chunk.set(if loaded.is_ok() {
                Chunk::Ready
            } else {
                Chunk::Failed
            });
        });
    };
    Effect::new(move |_| {
        if step.get() != Step::Place {
            load_chunk();
        }
    });
    let wizard = Wizard {
        step,
        form,
        account,
        region,
        vocabulary,
        queue,
    };
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
            let fields = domain_err_fields(&e);
            if let Some((field, _)) = fields.first() {
                step.set(Step::of_field(field));
            }
            form.errors.set(fields);
        }
        _ => {}
    });

    let body = move || {
        let s = step.get();
        let wait = || Skeleton().into_any();
        let failed = move || view! { <Failed error=ApiError::Network retry=load_chunk/> }.into_any();
        if s == Step::Place {
            return match region.get() {
                Some(Ok(region)) => view! {
                    <PlaceFields form region/>
                    {move || (chunk.get() == Chunk::Failed).then(failed)}
                }
                .into_any(),
                Some(Err(e)) => {
                    view! { <Failed error=e retry=move || region.refetch()/> }.into_any()
                }
                None => wait(),
            };
        }
        let taxonomy = if matches!(s, Step::Skills | Step::Wishes) {
            match vocabulary.get().flatten() {
                Some(Ok(taxonomy)) => Some(taxonomy),
                Some(Err(e)) => {
                    return view! { <Failed error=e retry=move || vocabulary.refetch()/> }
                        .into_any();
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
                match later_step(s, form, taxonomy, account).now_or_never() {
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
            <form on:submit=on_submit on:focusin=move |_| load_chunk() novalidate data-testid="onboarding" data-step=move || step_name(step.get())>
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
            <p><a href="/login">{move || tr(lang, "登録済みの方はログイン", "Already registered? Log in")}</a></p>
        </section>
    }
}

fn domain_err_fields(e: &crate::api::ApiError) -> Vec<(String, Localized)> {
    match e {
        crate::api::ApiError::Server {
            fields, message, ..
        } if fields.is_empty() => {
            vec![("password".to_owned(), message.clone())]
        }
        crate::api::ApiError::Server { fields, .. } => fields
            .iter()
            .map(|f| (f.field.clone(), f.message.clone()))
            .collect(),
        crate::api::ApiError::Network => Vec::new(),
    }
}

/// Moves focus to the first field with an error (inputs are named by their field path).
fn focus_field(field: &str) {
    use wasm_bindgen::JsCast;
    let doc = document();
    let target = doc.get_element_by_id(field).or_else(|| {
        doc.query_selector(&format!(
            "[name=\"{}\"]",
            field.split('[').next().unwrap_or(field)
        ))
        .ok()
        .flatten()
    });
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
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
    region: LocalResource<Result<Region, ApiError>>,
    vocabulary: LocalResource<Option<Result<Taxonomy, ApiError>>>,
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
        let loaded = self.vocabulary.get_untracked().flatten().and_then(Result::ok);
        let needs = matches!(s, Step::Skills | Step::Wishes);
        if needs && loaded.is_none() {
            return None;
        }
        let taxonomy = loaded.as_ref().unwrap_or(&empty);
        let ctx = ValidationContext::new(taxonomy, &region);
        let account = self.account.input();
        Some(
            self.form
                .profile
                .with_untracked(|p| step_errors(s, p, &account, &ctx)),
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
    fn fetch_vocabulary() -> Result<LocalFuture<Result<Taxonomy, ApiError>>, ChunkMissing> {
        Ok(Box::pin(api::resident::with_retries(
            api::resident::vocabulary,
        )))
    }
}

in_onboarding_chunk! {
    /// The view of steps 2–6 (step 1 is interactive without it).
    fn later_step(step: Step, form: ProfileForm, taxonomy: Option<Taxonomy>, account: AccountDraft) -> Result<AnyView, ChunkMissing> {
        let AccountDraft {
            email,
            invite,
            with_invite,
            password,
        } = account;
        Ok(match (step, taxonomy) {
            (Step::Skills, Some(taxonomy)) => view! { <SkillFields form taxonomy/> }.into_any(),
            (Step::Wishes, Some(taxonomy)) => view! { <WishFields form taxonomy/> }.into_any(),
            (Step::Time, _) => view! { <TimeFields form/> }.into_any(),
            (Step::Devices, _) => view! { <DeviceFields form/> }.into_any(),
            (Step::Account, _) => {
                view! { <AccountFields form email invite with_invite password/> }.into_any()
            }
            _ => ().into_any(),
        })
    }
}

in_onboarding_chunk! {
    /// Nothing: calling it fetches the chunk (as soon as the person starts on step 1).
    fn chunk_loaded() -> Result<(), ChunkMissing> {
        Ok(())
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
                "電波が届かないため、この端末に保存しました。つながったら自動で送信します。",
                "No connection: saved on this device. It will be sent automatically when you are back online.")}</p>
        }.into_any()),
        QueueStatus::NeedsFixing(e) => {
            let m = e.message();
            Some(view! { <p class="notice notice-error" role="alert" data-testid="form-error">{move || pick(lang, &m)}</p> }.into_any())
        }
        QueueStatus::Empty | QueueStatus::Done => None,
    }
    }
}
