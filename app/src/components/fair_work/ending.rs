//! Ending the work lawfully (Freelance Act, Art. 16; issue 19), a section of the fair-work page:
//! the commissioning side gives notice of the last day (or chooses one of the law's exceptions),
//! the resident may ask for the reason, and the commissioner answers. The rules (6 months of
//! work, 30 days' notice, the window for the reason) are the server's
//! (`domain::fair_work::ending`); an engagement's own end waits for them too.

use domain::fair_work::api::{EndingInput, EndingRecord, ReasonInput};
use domain::fair_work::date_texts;
use domain::fair_work::ending::{
    EndingBasis, EndingKind, NoticeException, ReasonRequest, ReasonWithheld,
};
use domain::model::Localized;
use leptos::prelude::*;

use super::{error_of, write_action};
use crate::api;
use crate::components::form::ErrorNotice;
use crate::fetched::Fetched;
use crate::i18n::{pick, tr, use_lang};

#[component]
pub(super) fn Ending(
    id: StoredValue<String>,
    commissioner: bool,
    contractor: bool,
) -> impl IntoView {
    let lang = use_lang();
    let data = Fetched::new(move || async move { api::fair::ending(&id.get_value()).await });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        <section class="fair-ending" data-testid="fair-ending" aria-labelledby="fw-ending-title">
            <h2 id="fw-ending-title">{move || tr(lang, "仕事を終えるとき", "When the work ends")}</h2>
            {move || match data.get() {
                None => view! { <div class="skeleton-block" aria-hidden="true"></div> }.into_any(),
                Some(Err(e)) => {
                    let m = e.message();
                    view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> }.into_any()
                }
                Some(Ok(None)) if commissioner => view! { <NoticeForm id reload/> }.into_any(),
                Some(Ok(None)) => view! {
                    <p class="hint" data-testid="no-ending">{move || tr(lang,
                        "終了の知らせはまだありません。6か月以上続いた仕事は、終わる30日前までに知らされます。",
                        "No notice of ending. Work that has run 6 months or more is ended with at least 30 days' notice.")}</p>
                }
                .into_any(),
                Some(Ok(Some(record))) => view! { <Recorded record id commissioner contractor reload/> }.into_any(),
            }}
        </section>
    }
}

fn kind_text(kind: EndingKind) -> Localized {
    match kind {
        EndingKind::Termination => {
            Localized::new("契約を途中で終える", "Ending the contract early")
        }
        EndingKind::NonRenewal => Localized::new("契約を更新しない", "Not renewing the contract"),
    }
}

fn basis_text(basis: EndingBasis) -> Localized {
    match basis {
        EndingBasis::NoNoticeRequired => Localized::new(
            "6か月に満たない仕事のため、30日前の予告はいりません。",
            "The work has run less than 6 months, so 30 days' notice is not needed.",
        ),
        EndingBasis::Notice { .. } => Localized::new(
            "終わる30日以上前に伝えています。",
            "Notice was given 30 days or more before the end.",
        ),
        EndingBasis::Exception { exception } => {
            let l = exception.label();
            Localized::new(
                format!("法令の例外：{}", l.ja),
                format!("An exception in the law: {}", l.en),
            )
        }
    }
}

fn withheld_text(ground: ReasonWithheld) -> Localized {
    match ground {
        ReasonWithheld::ThirdPartyInterest => Localized::new(
            "ほかの人の利益を害するおそれがあるため、理由は伝えられないとの答えでした。",
            "The answer: the reason cannot be given because it could harm someone else.",
        ),
        ReasonWithheld::OtherLaw => Localized::new(
            "ほかの法令に反するため、理由は伝えられないとの答えでした。",
            "The answer: the reason cannot be given because another law forbids it.",
        ),
    }
}

#[component]
fn Recorded(
    record: EndingRecord,
    id: StoredValue<String>,
    commissioner: bool,
    contractor: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let kind = kind_text(record.kind);
    let notice_on = date_texts(record.notice_on);
    let ends_on = date_texts(record.ends_on);
    let basis = basis_text(record.basis);
    let request = record.reason_request.clone();
    let status: Option<Localized> = match &request {
        None => None,
        Some(ReasonRequest::Open { requested_on }) => {
            let d = date_texts(*requested_on);
            Some(Localized::new(
                format!("{}に理由を求めました。答えを待っています。", d.ja),
                format!(
                    "The reason was asked for on {}. Waiting for the answer.",
                    d.en
                ),
            ))
        }
        Some(ReasonRequest::Answered {
            answered_on,
            reason,
            ..
        }) => {
            let d = date_texts(*answered_on);
            Some(Localized::new(
                format!("理由（{}に回答）：{}", d.ja, reason),
                format!("The reason (answered on {}): {}", d.en, reason),
            ))
        }
        Some(ReasonRequest::Withheld { ground, .. }) => Some(withheld_text(*ground)),
    };
    let can_ask = contractor && request.is_none();
    let can_answer = commissioner && request.as_ref().is_some_and(ReasonRequest::is_open);
    view! {
        <div class="card" data-testid="ending-record">
            <p><strong>{move || pick(lang, &kind)}</strong></p>
            <p>{move || tr(lang, "伝えた日：", "Notice given on: ")}<span data-testid="ending-notice-on">{move || pick(lang, &notice_on)}</span></p>
            <p>{move || tr(lang, "最後の日：", "Last day: ")}<span data-testid="ending-ends-on">{move || pick(lang, &ends_on)}</span></p>
            <p>{move || pick(lang, &basis)}</p>
            {status.map(|s| view! { <p class="notice" role="status" data-testid="reason-status">{move || pick(lang, &s)}</p> })}
            {can_ask.then(|| view! { <AskReason id reload/> })}
            {can_answer.then(|| view! { <AnswerReason id reload/> })}
        </div>
    }
}

#[component]
fn AskReason(id: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let ask = write_action(reload, move |(): (), key: String| async move {
        api::fair::ask_reason(&id.get_value(), &key).await
    });
    view! {
        <p class="hint">{move || tr(lang,
            "終わる理由を知りたいときは、最後の日までに求めることができます。相手は答える決まりです。",
            "If you want to know why the work ends, you can ask until the last day. The other side must answer.")}</p>
        <ErrorNotice error=error_of(ask)/>
        <button type="button" class="button button-wide" data-testid="ask-reason"
            disabled=move || ask.pending().get() on:click=move |_| { ask.dispatch(()); }>
            {move || tr(lang, "終わる理由を教えてもらう", "Ask for the reason")}
        </button>
    }
}

#[component]
fn AnswerReason(id: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let reason = RwSignal::new(String::new());
    let answer = write_action(reload, move |input: ReasonInput, key: String| async move {
        api::fair::answer_reason(&id.get_value(), &input, &key).await
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        answer.dispatch(ReasonInput {
            reason: reason.get(),
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="reason-form">
            <label for="fw-reason">{move || tr(lang,
                "相手が理由を求めています。終える理由を書いてください。",
                "The other side asks for the reason. Please write why the work ends.")}</label>
            <textarea id="fw-reason" rows="3" required bind:value=reason></textarea>
            <ErrorNotice error=error_of(answer)/>
            <button type="submit" class="button button-wide" data-testid="answer-reason" disabled=move || answer.pending().get()>
                {move || tr(lang, "理由を伝える", "Send the reason")}
            </button>
        </form>
    }
}

#[component]
fn NoticeForm(id: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let kind = RwSignal::new("non_renewal".to_owned());
    let ends_on = RwSignal::new(String::new());
    let exception = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<Localized>);
    let give = write_action(reload, move |input: EndingInput, _key: String| async move {
        api::fair::give_notice(&id.get_value(), &input).await
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = ends_on.get().parse::<chrono::NaiveDate>() else {
            local_error.set(Some(Localized::new(
                "最後の日を選んでください。",
                "Please choose the last day.",
            )));
            return;
        };
        local_error.set(None);
        let exception = NoticeException::ALL.into_iter().find(|e| {
            serde_json::to_value(e)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                == Some(exception.get())
        });
        give.dispatch(EndingInput {
            kind: if kind.get() == "termination" {
                EndingKind::Termination
            } else {
                EndingKind::NonRenewal
            },
            ends_on: day,
            exception,
        });
    };
    let exceptions = NoticeException::ALL.map(|e| {
        let value = serde_json::to_value(e)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let label = e.label();
        view! { <option value=value>{move || pick(lang, &label)}</option> }
    });
    view! {
        <form class="form" on:submit=submit data-testid="notice-form">
            <p class="hint">{move || tr(lang,
                "6か月以上続いた仕事を終えるときや更新しないときは、終わる30日前までに伝える決まりです（フリーランス法第16条）。今日伝えた記録が残ります。",
                "Work that has run 6 months or more must be given 30 days' notice before it ends or is not renewed (Freelance Act, Art. 16). Today's notice is recorded.")}</p>
            <label for="fw-ending-kind">{move || tr(lang, "終え方", "How it ends")}</label>
            <select id="fw-ending-kind" bind:value=kind>
                <option value="non_renewal">{move || tr(lang, "契約を更新しない", "Not renewing the contract")}</option>
                <option value="termination">{move || tr(lang, "契約を途中で終える", "Ending the contract early")}</option>
            </select>
            <label for="fw-ends-on">{move || tr(lang, "最後の日", "Last day")}</label>
            <input id="fw-ends-on" type="date" required bind:value=ends_on/>
            <label for="fw-exception">{move || tr(lang,
                "法令の例外（あてはまるときだけ）",
                "An exception in the law (only if it applies)")}</label>
            <select id="fw-exception" bind:value=exception>
                <option value="">{move || tr(lang, "あてはまらない", "None applies")}</option>
                {exceptions}
            </select>
            {move || local_error.get().map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
            <ErrorNotice error=error_of(give)/>
            <button type="submit" class="button button-wide" data-testid="give-notice" disabled=move || give.pending().get()>
                {move || tr(lang, "終了を伝える", "Give notice of the end")}
            </button>
        </form>
    }
}
