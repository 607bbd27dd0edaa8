//! `/hub/invites`: invite codes for a course (one person each, or a few) or an event (one code
//! many people type in), shown large enough to read aloud or copy onto a flyer. The server draws
//! the code and checks the request (`domain::account::InviteInput`).

use domain::account::InviteInput;
use domain::model::{Program, ProgramKind};
use domain::validate::Raw;
use leptos::prelude::*;

use super::HubNav;
use crate::api::hub::IssuedInvite;
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::{Skeleton, Tr, day_of};
use crate::i18n::{pick, use_lang};

#[component]
pub fn Invites() -> impl IntoView {
    let programs = LocalResource::new(api::hub::programs);
    view! {
        <section class="page console">
            <HubNav current="invites"/>
            <h1><Tr ja="招待コードの発行" en="Issue invite codes"/></h1>
            <p class="hint"><Tr
                ja="住民は登録のときにこのコードを入力します。講座の受講者向けには講座を選び、説明会やイベントでは複数人が使えるコードにします。"
                en="Residents type this code when they sign up. For a course's participants choose the course; for a talk or an event make one code several people can use."/></p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    let courses: Vec<Program> = programs
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|p| matches!(p.kind, ProgramKind::Course { .. }))
                        .collect();
                    view! { <InviteForm courses/> }
                })}
            </Transition>
        </section>
    }
}

/// One issued code, as listed on the page (only in this browser tab: codes are not listed back).
#[derive(Debug, Clone)]
struct Issued {
    invite: IssuedInvite,
    course: Option<domain::model::Localized>,
}

#[component]
fn InviteForm(courses: Vec<Program>) -> impl IntoView {
    let lang = use_lang();
    let purpose = RwSignal::new("course".to_owned());
    let program = RwSignal::new(
        courses
            .first()
            .map(|p| p.id.to_string())
            .unwrap_or_default(),
    );
    let uses = RwSignal::new("1".to_owned());
    let days = RwSignal::new("14".to_owned());
    let issued = RwSignal::new(Vec::<Issued>::new());
    let names = StoredValue::new(
        courses
            .iter()
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect::<Vec<_>>(),
    );
    let key = RwSignal::new(api::new_idempotency_key());
    let issue = Action::new_local(move |input: &InviteInput| {
        let input = input.clone();
        let key = key.get_untracked();
        async move { api::hub::invite(&input, &key).await }
    });
    Effect::new(move |_| {
        // A refusal ends the intent too: a retry with its key would replay the refusal.
        if let Some(Err(ApiError::Server { .. })) = issue.value().get() {
            key.set(api::new_idempotency_key());
        }
        if let Some(Ok(invite)) = issue.value().get() {
            let course = (!invite.code.is_empty()).then(|| {
                let id = program.get_untracked();
                names.with_value(|n| {
                    n.iter()
                        .find(|(p, _)| *p == id)
                        .map(|(_, name)| name.clone())
                })
            });
            let course = if purpose.get_untracked() == "course" {
                course.flatten()
            } else {
                None
            };
            issued.update(|list| list.insert(0, Issued { invite, course }));
            // The next submit is another intent: a new key.
            key.set(api::new_idempotency_key());
        }
    });
    let error = Signal::derive(move || issue.value().get().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || error.get().and_then(|e: ApiError| e.field(name)))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let course = purpose.get_untracked() == "course";
        issue.dispatch(InviteInput {
            role: Raw("resident".to_owned()),
            program: Raw(if course {
                program.get_untracked()
            } else {
                String::new()
            }),
            max_uses: Raw(uses.get_untracked()),
            expires_in_days: Raw(days.get_untracked()),
            ..InviteInput::default()
        });
    };
    let choose_purpose = move |value: String| {
        if value == "event" && uses.get_untracked() == "1" {
            uses.set("30".to_owned());
        }
        purpose.set(value);
    };
    let has_courses = !courses.is_empty();
    view! {
        <form class="invite-form" on:submit=on_submit novalidate data-testid="invite-form">
            <ErrorNotice error=Signal::derive(move || error.get().filter(|e| ["program", "max_uses", "expires_in_days"].iter().all(|f| e.field(f).is_none())))/>
            <fieldset class="field">
                <legend><Tr ja="何のためのコードか" en="What the code is for"/></legend>
                <label class="choice"><input type="radio" name="purpose" value="course" data-testid="purpose-course"
                    prop:checked=move || purpose.get() == "course" disabled=!has_courses
                    on:change=move |_| choose_purpose("course".to_owned())/>" "<Tr ja="講座の受講者" en="A course's participants"/></label>
                <label class="choice"><input type="radio" name="purpose" value="event" data-testid="purpose-event"
                    prop:checked=move || purpose.get() == "event"
                    on:change=move |_| choose_purpose("event".to_owned())/>" "<Tr ja="説明会・イベント" en="A talk or an event"/></label>
            </fieldset>
            <Show when=move || purpose.get() == "course">
                <div class="field">
                    <label for="invite-program"><Tr ja="講座" en="Course"/></label>
                    <select id="invite-program" data-testid="invite-program" on:change=move |ev| program.set(event_target_value(&ev))
                        aria-describedby="invite-program-error">
                        {courses.iter().map(|p| {
                            let (id, name) = (p.id.to_string(), p.name.clone());
                            let selected = id == program.get_untracked();
                            view! { <option value=id selected=selected>{move || pick(lang, &name)}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError id="invite-program-error".to_owned() error=field("program")/>
                </div>
            </Show>
            <div class="field-row">
                <div class="field">
                    <label for="invite-uses"><Tr ja="使える人数" en="How many people can use it"/></label>
                    <input id="invite-uses" data-testid="invite-uses" type="number" inputmode="numeric" min="1"
                        aria-describedby="invite-uses-error"
                        aria-invalid=move || field("max_uses").get().is_some().then_some("true")
                        prop:value=move || uses.get() on:input=move |ev| uses.set(event_target_value(&ev))/>
                    <FieldError id="invite-uses-error".to_owned() error=field("max_uses")/>
                </div>
                <div class="field">
                    <label for="invite-days"><Tr ja="有効期間（日）" en="Valid for (days)"/></label>
                    <input id="invite-days" data-testid="invite-days" type="number" inputmode="numeric" min="1"
                        aria-describedby="invite-days-error"
                        aria-invalid=move || field("expires_in_days").get().is_some().then_some("true")
                        prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                    <FieldError id="invite-days-error".to_owned() error=field("expires_in_days")/>
                </div>
            </div>
            <button type="submit" class="button" data-testid="invite-submit" disabled=move || issue.pending().get()>
                <Tr ja="コードを発行する" en="Issue a code"/>
            </button>
        </form>
        <section aria-labelledby="issued-title" aria-live="polite">
            <h2 id="issued-title"><Tr ja="発行したコード" en="Codes issued"/></h2>
            <ul class="plain-list" data-testid="issued-list">
                {move || issued.get().into_iter().map(|i| view! {
                    <li class="card" data-testid="issued-invite">
                        <p class="invite-code" data-testid="invite-code">{i.invite.code.clone()}</p>
                        <p class="muted">
                            {match i.course {
                                Some(name) => view! { {move || pick(lang, &name)} }.into_any(),
                                None => view! { <Tr ja="説明会・イベント用" en="For a talk or an event"/> }.into_any(),
                            }}
                            " · "<Tr ja="最大 " en="Up to "/>{i.invite.max_uses}<Tr ja="人" en=" people"/>
                            " · "<Tr ja="有効期限 " en="Valid until "/>{day_of(i.invite.expires_at)}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
