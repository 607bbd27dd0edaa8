//! `/hub/invites`: invite codes for a course (one person each, or a few) or an event (one code
//! many people type in), with a label to find them again. The code just issued is shown large
//! enough to read aloud or copy onto a flyer; below, the region's codes (`GET /api/v1/invites`:
//! what each is for, expiry, uses), reloaded after each issue. The server draws the code and
//! checks the request (`domain::account::InviteInput`). Rows are a few elements with their text
//! from plain functions: every element of a view costs the hub's first view.

use domain::account::{InviteInput, InviteStatus, ListedInvite, RoleKind};
use domain::model::{Lang, Localized, Program, ProgramKind};
use domain::validate::Raw;
use leptos::prelude::*;

use super::HubNav;
use crate::api;
use crate::api::hub::IssuedInvite;
use crate::components::form::{ErrorNotice, FieldError, field_error};
use crate::components::load::{Skeleton, Tr, day_of};
use crate::i18n::{pick, use_lang};

#[component]
pub fn Invites() -> impl IntoView {
    let programs = LocalResource::new(api::hub::programs);
    let list = LocalResource::new(api::hub::invites);
    view! {
        <section class="page console">
            <HubNav current="invites"/>
            <h1><Tr ja="招待コードの発行" en="Issue invite codes"/></h1>
            <p class="hint"><Tr
                ja="住民は登録のときにこのコードを入力します。講座の受講者向けには講座を選び、説明会やイベントでは複数人が使えるコードにします。"
                en="Residents type this code when they sign up. For a course's participants choose the course; for a talk or an event make one code several people can use."/></p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    let programs: Vec<Program> = programs.await.unwrap_or_default();
                    let names = StoredValue::new(program_names(&programs));
                    let courses = programs.into_iter().filter(|p| matches!(p.kind, ProgramKind::Course { .. })).collect();
                    // The list keeps showing while it reloads after an issue (a resource keeps
                    // its value until the new one is in).
                    view! {
                        <InviteForm courses on_issued=Callback::new(move |()| list.refetch())/>
                        <h2><Tr ja="これまでに発行したコード" en="Codes issued so far"/></h2>
                        {move || list.get().map(|answer| match answer {
                            Ok(l) => view! { <InviteList list=l names/> }.into_any(),
                            Err(e) => view! { <ErrorNotice error=Signal::stored(Some(e))/> }.into_any(),
                        })}
                    }
                })}
            </Transition>
        </section>
    }
}

/// Each program's id and name, to say what a listed code is for.
fn program_names(programs: &[Program]) -> Vec<(String, Localized)> {
    programs
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect()
}

#[component]
fn InviteForm(courses: Vec<Program>, on_issued: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let purpose = RwSignal::new("course".to_owned());
    let program = RwSignal::new(
        courses
            .first()
            .map(|p| p.id.to_string())
            .unwrap_or_default(),
    );
    let label = RwSignal::new(String::new());
    let uses = RwSignal::new("1".to_owned());
    let days = RwSignal::new("14".to_owned());
    let issued = RwSignal::new(None::<IssuedInvite>);
    // An answer (the invite, or a refusal) ends the intent: the next submit takes a new key.
    let intent = api::Intent::new();
    let issue = Action::new_local(move |input: &InviteInput| {
        let input = input.clone();
        intent.send(move |key| async move { api::hub::invite(&input, &key).await })
    });
    Effect::new(move |_| {
        if let Some(Ok(invite)) = issue.value().get() {
            issued.set(Some(invite));
            label.set(String::new());
            on_issued.run(());
        }
    });
    let error = Signal::derive(move || issue.value().get().and_then(Result::err));
    let field = move |name: &'static str| field_error(error, name);
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
            label: Raw(label.get_untracked()),
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
            <ErrorNotice error=Signal::derive(move || error.get().filter(|e| ["program", "max_uses", "expires_in_days", "label"].iter().all(|f| e.field(f).is_none())))/>
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
            <div class="field">
                <label for="invite-label"><Tr ja="ラベル（任意）" en="Label (optional)"/></label>
                <p class="hint" id="invite-label-hint"><Tr ja="例: 3月 SNS講座 説明会。一覧でコードを探すときの名前です（60文字まで）。" en="e.g. “March social media course talk”: the name to find the code by in the list (up to 60 characters)."/></p>
                <input id="invite-label" type="text" aria-describedby="invite-label-hint invite-label-error"
                    aria-invalid=move || field("label").get().is_some().then_some("true")
                    prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev))/>
                <FieldError id="invite-label-error".to_owned() error=field("label")/>
            </div>
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
        // The code just issued, large enough to read aloud or copy; every code is in the list below.
        <div aria-live="polite">
            {move || issued.get().map(|i| view! {
                <section class="card" data-testid="issued-invite">
                    <p class="invite-code" data-testid="invite-code">{i.code.clone()}</p>
                    <p class="muted">{move || issued_line(lang.get(), &i)}</p>
                </section>
            })}
        </div>
    }
}

/// The label (if any), how many may use the code and until when.
fn issued_line(lang: Lang, i: &IssuedInvite) -> String {
    let (until, max) = (day_of(i.expires_at), i.max_uses);
    let label = i
        .label
        .as_deref()
        .map(|l| format!("{l} · "))
        .unwrap_or_default();
    match lang {
        Lang::Ja => format!("{label}最大{max}人 · 有効期限 {until}"),
        Lang::En => format!("{label}up to {max} people · valid until {until}"),
    }
}

/// The region's codes, the newest first, with what each is for and how many used it.
#[component]
fn InviteList(
    list: domain::account::InviteList,
    names: StoredValue<Vec<(String, Localized)>>,
) -> impl IntoView {
    let lang = use_lang();
    let (shown, total) = (list.items.len(), list.total);
    view! {
        <p class="muted" data-testid="invites-count">{move || count_line(lang.get(), shown, total)}</p>
        <ul class="plain-list" data-testid="invite-list">
            {list.items.into_iter().map(|i| {
                let course = i.program.as_ref().and_then(|p| {
                    names.with_value(|n| n.iter().find(|(id, _)| id == p.as_str()).map(|(_, name)| name.clone()))
                });
                view! { <ListedRow invite=i course/> }
            }).collect_view()}
        </ul>
    }
}

/// One listed code: its label (the hub's words) apart, the rest in one line of text.
#[component]
fn ListedRow(invite: ListedInvite, course: Option<Localized>) -> impl IntoView {
    let lang = use_lang();
    let (code, code_attr) = (invite.code.clone(), invite.code.clone());
    let (status, uses) = (invite.status.as_str(), invite.uses.to_string());
    let label = invite.label.clone();
    view! {
        <li class="card" data-testid="listed-invite" data-code=code_attr data-status=status data-uses=uses>
            <p><strong>{move || label.clone().unwrap_or_else(|| pick(lang, &Localized::new("（ラベルなし）", "(no label)")))}</strong></p>
            <p><code>{code}</code>" · "{move || listed_line(lang.get(), &invite, course.as_ref())}</p>
        </li>
    }
}

fn count_line(lang: Lang, shown: usize, total: usize) -> String {
    match (lang, total > shown) {
        (_, _) if total == 0 => pick_in(
            lang,
            "まだ発行したコードはありません。",
            "No codes issued yet.",
        ),
        (Lang::Ja, true) => format!("全{total}件のうち、新しい{shown}件です。"),
        (Lang::En, true) => format!("The newest {shown} of {total}."),
        (Lang::Ja, false) => format!("{total}件"),
        (Lang::En, false) => format!("{total} in all"),
    }
}

fn pick_in(lang: Lang, ja: &str, en: &str) -> String {
    match lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// What the code is for, when it was issued and expires, its uses and whether it still works.
fn listed_line(lang: Lang, i: &ListedInvite, course: Option<&Localized>) -> String {
    let purpose = course.cloned().unwrap_or_else(|| purpose_of(i));
    let purpose = pick_in(lang, &purpose.ja, &purpose.en);
    let (issued, until) = (day_of(i.issued_at), day_of(i.expires_at));
    let (uses, max) = (i.uses, i.max_uses);
    let status = match (i.status, lang) {
        (InviteStatus::Active, Lang::Ja) => "有効",
        (InviteStatus::Active, Lang::En) => "active",
        (InviteStatus::UsedUp, Lang::Ja) => "上限まで使用済み",
        (InviteStatus::UsedUp, Lang::En) => "used up",
        (InviteStatus::Expired, Lang::Ja) => "期限切れ",
        (InviteStatus::Expired, Lang::En) => "expired",
    };
    match lang {
        Lang::Ja => {
            format!("{purpose} · 発行 {issued} · 有効期限 {until} · 使用 {uses}/{max}人 · {status}")
        }
        Lang::En => format!(
            "{purpose} · issued {issued} · valid until {until} · used {uses} of {max} · {status}"
        ),
    }
}

/// Whom a code without a known course invites.
fn purpose_of(invite: &ListedInvite) -> Localized {
    match (invite.role, invite.program.is_some()) {
        (RoleKind::Resident, true) => Localized::new("講座・制度", "A course or scheme"),
        (RoleKind::Resident, false) => {
            Localized::new("説明会・イベント用", "For a talk or an event")
        }
        (RoleKind::CompanyMember, _) => Localized::new("企業の担当者", "A company member"),
        (RoleKind::MunicipalityStaff, _) => Localized::new("自治体の職員", "Municipality staff"),
        (RoleKind::Hub | RoleKind::Admin, _) => Localized::new("推進ハブ", "The hub"),
    }
}
