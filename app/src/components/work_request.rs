//! The form of a company's work request: its words and its hours, where the company asks the
//! hub and where the hub writes a request down for a company
//! (`domain::scoping::WorkRequestInput`, `POST /api/v1/work-requests`).

use domain::model::Localized;
use domain::scoping::WorkRequestInput;
use domain::validate::Raw;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, ErrorSummary, FieldError, field_error};
use crate::components::load::Tr;

/// The request form. `company` is the company the hub writes for (empty when a member asks for
/// its own company); the hub's company choice comes as `children`, its error under it.
#[component]
pub fn RequestForm(
    prefix: &'static str,
    #[prop(into)] company: Signal<String>,
    submit: (&'static str, &'static str),
    /// Shown once sent (the company is told what happens next).
    #[prop(optional)]
    sent_notice: Option<(&'static str, &'static str)>,
    on_done: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let (text, hours) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // An answer ends the intent: the next request gets its own key; only a lost answer (or a
    // 5xx) keeps it, so that the retry is the same request (`api::Intent`).
    let intent = api::Intent::new();
    let save = Action::new_local(move |input: &WorkRequestInput| {
        let input = input.clone();
        intent.send(move |key| async move { api::scoping::write_request(&input, &key).await })
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let field = move |name: &'static str| field_error(error, name);
    let sent = move || save.value().get().is_some_and(|r| r.is_ok());
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            text.set(String::new());
            hours.set(String::new());
            on_done.run(());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(WorkRequestInput {
            company: Raw(company.get_untracked()),
            text: Raw(text.get_untracked()),
            hours_per_week: Raw(hours.get_untracked()),
        });
    };
    let own_error = |e: &ApiError| {
        ["company", "text", "hours_per_week"]
            .iter()
            .all(|f| e.field(f).is_none())
    };
    view! {
        <form on:submit=on_submit novalidate data-testid=format!("{prefix}-form")>
            <ErrorNotice error=Signal::derive(move || error.get().filter(own_error))/>
            {children.map(|c| view! {
                {c()}
                <FieldError id=format!("{prefix}-company-error") error=field("company")/>
            })}
            <RequestFields text hours field_text=field("text") field_hours=field("hours_per_week") prefix/>
            <ErrorSummary error=error id_of=if prefix == "request" { request_id } else { ask_id }/>
            <button type="submit" class="button button-wide" data-testid=format!("{prefix}-submit") disabled=move || save.pending().get()>
                <Tr ja=submit.0 en=submit.1/>
            </button>
            {sent_notice.map(|(ja, en)| view! {
                <Show when=sent>
                    <p class="notice notice-ok" role="status" data-testid=format!("{prefix}-sent")><Tr ja en/></p>
                </Show>
            })}
        </form>
    }
}

/// The element of a field of the hub's form (`request-…`) and of the company's (`ask-…`).
fn request_id(field: &str) -> String {
    format!("request-{}", short_field(field))
}

fn ask_id(field: &str) -> String {
    format!("ask-{}", short_field(field))
}

fn short_field(field: &str) -> &str {
    if field == "hours_per_week" {
        "hours"
    } else {
        field
    }
}

/// The words of a request and its hours, as the company and the hub both write them.
#[component]
fn RequestFields(
    text: RwSignal<String>,
    hours: RwSignal<String>,
    field_text: Signal<Option<Localized>>,
    field_hours: Signal<Option<Localized>>,
    prefix: &'static str,
) -> impl IntoView {
    let text_id = format!("{prefix}-text");
    let hours_id = format!("{prefix}-hours");
    view! {
        <div class="field">
            <label for=text_id.clone()><Tr ja="困りごと（会社の言葉のままで）" en="The need (in the company's own words)"/></label>
            <p class="hint" id=format!("{text_id}-hint")><Tr ja="例: 月末の請求書と記帳が重い。インスタの更新も止まっている。" en="e.g. Month-end invoices weigh on us, and our Instagram has gone quiet."/></p>
            <textarea id=text_id.clone() data-testid=format!("{prefix}-text") rows="4"
                aria-describedby=format!("{text_id}-hint {text_id}-error")
                aria-invalid=move || field_text.get().is_some().then_some("true")
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <FieldError id=format!("{text_id}-error") error=field_text/>
        </div>
        <div class="field">
            <label for=hours_id.clone()><Tr ja="1週間の仕事量の見込み（時間・わかれば）" en="Hours of work a week (if known)"/></label>
            <input id=hours_id.clone() data-testid=format!("{prefix}-hours") inputmode="numeric"
                aria-describedby=format!("{hours_id}-error")
                aria-invalid=move || field_hours.get().is_some().then_some("true")
                prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev))/>
            <FieldError id=format!("{hours_id}-error") error=field_hours/>
        </div>
    }
}
