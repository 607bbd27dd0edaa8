//! Consideration of pregnancy, childcare and caregiving (Freelance Act, Art. 13; issue 19), a
//! section of the fair-work page: what the law asks of the commissioner for this work (a duty
//! from 6 months, an effort below, none without employees), the resident's request (the
//! situation, what would help, in their words) and the commissioner's answer (what was changed,
//! or the reason it cannot be). The rules are the server's (`domain::fair_work::care`).

use domain::fair_work::care::{
    CareAnswerInput, CareAsk, CareDuty, CareInput, CareRecord, CareSituation, CareState,
};
use domain::model::Localized;
use leptos::prelude::*;

use super::{error_of, write_action};
use crate::api;
use crate::components::form::ErrorNotice;
use crate::i18n::{pick, tr, use_lang};

#[component]
pub(super) fn Care(
    id: StoredValue<String>,
    duty: Option<CareDuty>,
    requests: Vec<CareRecord>,
    can_ask: bool,
    can_answer: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let open = requests.iter().any(|r| r.state == CareState::Open);
    view! {
        <section class="fair-care" data-testid="fair-care" aria-labelledby="fw-care-title">
            <h2 id="fw-care-title">{move || tr(lang, "子育て・介護との両立の相談", "Combining the work with childcare or caregiving")}</h2>
            {duty.map(|d| view! { <p class="hint" data-testid="care-duty">{move || pick(lang, &d.text)}</p> })}
            <ul class="plain-list" data-testid="care-requests">
                {requests.into_iter().map(|r| view! { <Request r id can_answer reload/> }).collect_view()}
            </ul>
            {(can_ask && !open).then(|| view! { <AskForm id reload/> })}
        </section>
    }
}

fn state_text(r: &CareRecord) -> Localized {
    let answer = r.answer.clone().unwrap_or_default();
    match r.state {
        CareState::Open => Localized::new("答えを待っています。", "Waiting for the answer."),
        CareState::Accommodated => Localized::new(
            format!("配慮されました：{answer}"),
            format!("Changed: {answer}"),
        ),
        CareState::Declined => Localized::new(
            format!("配慮できないとの答えでした。理由：{answer}"),
            format!("The answer: it cannot be done. The reason: {answer}"),
        ),
    }
}

#[component]
fn Request(
    r: CareRecord,
    id: StoredValue<String>,
    can_answer: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let situation = r.situation.label();
    let ask = r.ask.label();
    let state = state_text(&r);
    let text = r.text.clone();
    let answer = (can_answer && r.state == CareState::Open).then(|| {
        let rid = StoredValue::new(r.id.clone());
        view! { <AnswerForm id rid reload/> }
    });
    view! {
        <li class="card" data-testid="care-request">
            <p><strong>{move || pick(lang, &situation)}</strong>{" · "}{move || pick(lang, &ask)}</p>
            {(!text.is_empty()).then(|| view! { <p>{text}</p> })}
            <p class="notice" role="status" data-testid="care-state">{move || pick(lang, &state)}</p>
            {answer}
        </li>
    }
}

/// A group of large choices, one per value, labelled in the reader's language.
fn choices<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    all: &[T],
    label: fn(T) -> Localized,
    selected: RwSignal<T>,
) -> impl IntoView {
    let lang = use_lang();
    all.iter()
        .enumerate()
        .map(|(i, &v)| {
            let l = label(v);
            let id = format!("fw-{name}-{i}");
            let label_for = id.clone();
            view! {
                <label class="choice" for=label_for>
                    <input type="radio" id=id name=name prop:checked=move || selected.get() == v
                        on:change=move |_| selected.set(v)/>
                    {move || pick(lang, &l)}
                </label>
            }
        })
        .collect_view()
}

#[component]
fn AskForm(id: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let situation = RwSignal::new(CareSituation::Childcare);
    let ask = RwSignal::new(CareAsk::ChangeDeadline);
    let text = RwSignal::new(String::new());
    let send = write_action(reload, move |input: CareInput, key: String| async move {
        api::fair::ask_care(&id.get_value(), &input, &key).await
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(CareInput {
            situation: situation.get(),
            ask: ask.get(),
            text: text.get(),
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="care-form">
            <fieldset>
                <legend>{move || tr(lang, "どんなことと両立したいですか", "What do you need to combine the work with?")}</legend>
                {choices("care-situation", &CareSituation::ALL, CareSituation::label, situation)}
            </fieldset>
            <fieldset>
                <legend>{move || tr(lang, "どうしてほしいですか", "What would help?")}</legend>
                {choices("care-ask", &CareAsk::ALL, CareAsk::label, ask)}
            </fieldset>
            <label for="fw-care-text">{move || tr(lang,
                "くわしく（「そのほか」のときは必ず書いてください）",
                "In your words (required for \"something else\")")}</label>
            <textarea id="fw-care-text" name="text" rows="3" maxlength="1000" bind:value=text></textarea>
            <ErrorNotice error=error_of(send)/>
            <button type="submit" class="button button-wide" data-testid="ask-care" disabled=move || send.pending().get()>
                {move || tr(lang, "相談を送る", "Send the request")}
            </button>
        </form>
    }
}

#[component]
fn AnswerForm(
    id: StoredValue<String>,
    rid: StoredValue<String>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    let answer = write_action(
        reload,
        move |input: CareAnswerInput, key: String| async move {
            api::fair::answer_care(&id.get_value(), &rid.get_value(), &input, &key).await
        },
    );
    let send = move |accommodate: bool| {
        answer.dispatch(CareAnswerInput {
            accommodate,
            text: text.get(),
        });
    };
    view! {
        <div class="form" data-testid="care-answer">
            <label for=move || format!("fw-care-answer-{}", rid.get_value())>{move || tr(lang,
                "変えたこと、または配慮できない理由を書いてください。",
                "Write what you changed, or why it cannot be done.")}</label>
            <textarea id=move || format!("fw-care-answer-{}", rid.get_value()) rows="3" maxlength="1000" bind:value=text></textarea>
            <ErrorNotice error=error_of(answer)/>
            <button type="button" class="button button-wide" data-testid="care-accommodate"
                disabled=move || answer.pending().get() on:click=move |_| send(true)>
                {move || tr(lang, "配慮する（変えたことを伝える）", "Make the change (say what changed)")}
            </button>
            <button type="button" class="button button-wide button-secondary" data-testid="care-decline"
                disabled=move || answer.pending().get() on:click=move |_| send(false)>
                {move || tr(lang, "配慮できない（理由を伝える）", "It cannot be done (give the reason)")}
            </button>
        </div>
    }
}
