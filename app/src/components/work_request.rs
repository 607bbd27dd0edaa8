//! The words of a company's work request and its hours: the same two fields where the company
//! asks the hub and where the hub writes a request down (`domain::scoping::WorkRequestInput`).

use domain::model::Localized;
use leptos::prelude::*;

use crate::components::form::FieldError;
use crate::components::load::Tr;

/// The words of a request and its hours, as the company and the hub both write them.
#[component]
pub fn RequestFields(
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
