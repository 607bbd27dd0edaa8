//! On a resident's timeline: the hub confirms a skill it has seen — a task kind from the shared
//! vocabulary, the level, and how it saw it. The server checks it (`SkillVerificationInput`)
//! and answers per field; matching sees the verified skill at once.

use domain::model::Level;
use domain::validate::{Raw, SkillVerificationInput};
use leptos::prelude::*;

use crate::api;
use crate::components::form::{ErrorNotice, FieldError, field_error};
use crate::components::load::Tr;
use crate::i18n::{pick, use_lang};

/// The level's wire name (`domain::model::Level`, snake_case).
fn level_value(level: Level) -> &'static str {
    match level {
        Level::Beginner => "beginner",
        Level::Experienced => "experienced",
        Level::CanTeach => "can_teach",
    }
}

#[component]
pub fn VerifySkill(id: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let vocabulary = LocalResource::new(|| {
        crate::api::vocabulary::vocabulary::<domain::api::VocabularyBrief>(
            crate::api::vocabulary::Form::Names,
        )
    });
    let (task, level, note) = (
        RwSignal::new(String::new()),
        RwSignal::new("experienced".to_owned()),
        RwSignal::new(String::new()),
    );
    let intent = api::Intent::new();
    let save = Action::new_local(move |input: &SkillVerificationInput| {
        let (input, resident) = (input.clone(), id.get_untracked());
        intent.send(move |key| async move { api::hub::verify(&resident, &input, &key).await })
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let field = move |name: &'static str| field_error(error, name);
    let done = move || save.value().get().is_some_and(|r| r.is_ok());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SkillVerificationInput {
            resident: Raw(id.get_untracked()),
            task: Raw(task.get_untracked()),
            level: Raw(level.get_untracked()),
            note: Raw(note.get_untracked()),
        });
    };
    Effect::new(move |_| {
        // (The intent takes a new key after an answer the server keeps.)
        if let Some(Ok(_)) = save.value().get() {
            note.set(String::new());
        }
    });
    view! {
        <details class="card verify" data-testid="verify-skill">
            <summary><Tr ja="スキルを確認して記録する" en="Verify a skill"/></summary>
            <form on:submit=on_submit novalidate data-testid="verify-form">
                <ErrorNotice error=Signal::derive(move || error.get().filter(|e| ["task", "level", "note"].iter().all(|f| e.field(f).is_none())))/>
                <div class="field">
                    <label for="verify-task"><Tr ja="作業の種類" en="Task kind"/></label>
                    <select id="verify-task" data-testid="verify-task" aria-describedby="verify-task-error"
                        aria-invalid=move || field("task").get().is_some().then_some("true")
                        on:change=move |ev| task.set(event_target_value(&ev))>
                        <option value=""><Tr ja="選んでください" en="Choose one"/></option>
                        {move || vocabulary.get().and_then(Result::ok).map(|v| v.tasks.into_iter().map(|t| {
                            let name = t.name;
                            view! { <option value=t.id.to_string()>{move || pick(lang, &name)}</option> }
                        }).collect_view())}
                    </select>
                    <FieldError id="verify-task-error".to_owned() error=field("task")/>
                </div>
                <div class="field">
                    <label for="verify-level"><Tr ja="確認できた水準" en="Level seen"/></label>
                    <select id="verify-level" data-testid="verify-level" aria-describedby="verify-level-error"
                        on:change=move |ev| level.set(event_target_value(&ev))>
                        {Level::ALL.into_iter().map(|l| {
                            let label = l.label();
                            view! { <option value=level_value(l) selected=l == Level::Experienced>{move || pick(lang, &label)}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError id="verify-level-error".to_owned() error=field("level")/>
                </div>
                <div class="field">
                    <label for="verify-note"><Tr ja="どのように確認したか" en="How you confirmed it"/></label>
                    <p class="hint" id="verify-note-hint"><Tr ja="例: 試しに伝票30件を入力してもらい、誤りなし" en="e.g. entered 30 sample slips, no errors"/></p>
                    <textarea id="verify-note" data-testid="verify-note" rows="2"
                        aria-describedby="verify-note-hint verify-note-error"
                        aria-invalid=move || field("note").get().is_some().then_some("true")
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <FieldError id="verify-note-error".to_owned() error=field("note")/>
                </div>
                <button type="submit" class="button" data-testid="verify-submit" disabled=move || save.pending().get()>
                    <Tr ja="確認を記録する" en="Record the verification"/>
                </button>
                <Show when=done>
                    <p class="notice notice-ok" role="status" data-testid="verified"><Tr
                        ja="記録しました。この住民のスキルは「確認済み」として表示され、マッチングにすぐ反映されます。"
                        en="Recorded. The skill now shows as verified and matching uses it at once."/></p>
                </Show>
            </form>
        </details>
    }
}
