//! On a resident's timeline: what companies' cards say of the resident's trust (identity
//! checked, security course) and the form with which the hub records an identity check. Only
//! the kind of document it saw in person is sent and kept (`domain::trust::IdentityCheckInput`);
//! the server checks it and answers per field. The trust is one line of text (the hub's wasm
//! pays for every element of a view).

use domain::model::Lang;
use domain::trust::{IdentityCheckInput, IdentityCheckSeen, IdentityMethod, ResidentTrust};
use leptos::prelude::*;

use crate::api;
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::{Tr, day_of};
use crate::i18n::{pick, use_lang};

#[component]
pub fn IdentityCheck(id: Signal<String>, trust: ResidentTrust) -> impl IntoView {
    let lang = use_lang();
    let checks = RwSignal::new(trust.identity_checks);
    let method = RwSignal::new(String::new());
    let intent = api::Intent::new();
    let save = Action::new_local(move |input: &IdentityCheckInput| {
        let (input, resident) = (input.clone(), id.get_untracked());
        intent
            .send(move |key| async move { api::hub::check_identity(&resident, &input, &key).await })
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let method_error = Signal::derive(move || error.get().and_then(|e| e.field("method")));
    Effect::new(move |_| {
        // (The intent takes a new key after an answer the server keeps.)
        if let Some(Ok(seen)) = save.value().get() {
            checks.update(|c| c.insert(0, seen));
            method.set(String::new());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(IdentityCheckInput {
            method: method.get_untracked(),
        });
    };
    let security = trust.security_course;
    let recorded = move || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <p class="card" role="status" data-testid="identity-state" data-methods=move || checks.with(|c| methods(c))>
            {move || trust_line(lang.get(), &checks.get(), security, recorded())}
        </p>
        <details class="card verify" data-testid="identity-check">
            <summary><Tr ja="本人確認を記録する" en="Record an identity check"/></summary>
            <form on:submit=on_submit novalidate data-testid="identity-form">
                <ErrorNotice error=Signal::derive(move || error.get().filter(|e| e.field("method").is_none()))/>
                <div class="field">
                    <label for="identity-method"><Tr ja="確認した書類の種類" en="Document you checked"/></label>
                    <p class="hint" id="identity-method-hint"><Tr
                        ja="本人と会い、原本を見たときだけ記録します。番号・氏名・住所は記録しません（種類だけが残ります）。"
                        en="Record it only after seeing the original in person. No number, name or address is kept: only the kind."/></p>
                    <select id="identity-method" data-testid="identity-method"
                        aria-describedby="identity-method-hint identity-method-error"
                        aria-invalid=move || method_error.get().is_some().then_some("true")
                        prop:value=move || method.get()
                        on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value=""><Tr ja="選んでください" en="Choose one"/></option>
                        {IdentityMethod::ALL.into_iter().map(|m| {
                            let name = m.label();
                            view! { <option value=m.as_str()>{move || pick(lang, &name)}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError id="identity-method-error".to_owned() error=method_error/>
                </div>
                <button type="submit" class="button" data-testid="identity-submit" disabled=move || save.pending().get()>
                    <Tr ja="本人確認を記録する" en="Record the identity check"/>
                </button>
            </form>
        </details>
    }
}

/// The kinds checked, newest first, as their wire names (`passport,my_number_card`).
fn methods(checks: &[IdentityCheckSeen]) -> String {
    let names: Vec<&str> = checks.iter().map(|c| c.method.as_str()).collect();
    names.join(",")
}

/// What the cards say, in one line: the identity checks (day and document, newest first) and
/// the security course; "recorded" first when the hub's check just landed.
fn trust_line(lang: Lang, checks: &[IdentityCheckSeen], security: bool, recorded: bool) -> String {
    let ja = lang == Lang::Ja;
    let mut out = String::new();
    if recorded {
        out.push_str(if ja {
            "記録しました。"
        } else {
            "Recorded. "
        });
    }
    if checks.is_empty() {
        out.push_str(if ja {
            "本人確認はまだです。"
        } else {
            "Identity not checked yet."
        });
    } else {
        let seen: Vec<String> = checks
            .iter()
            .map(|c| {
                let name = c.method.label();
                format!("{} {}", day_of(c.at), if ja { name.ja } else { name.en })
            })
            .collect();
        let (open, sep, close) = if ja {
            ("本人確認済み（", "、", "）。")
        } else {
            ("Identity checked (", ", ", ").")
        };
        out.push_str(&format!("{open}{}{close}", seen.join(sep)));
    }
    out.push_str(match (security, ja) {
        (true, true) => "セキュリティ講座は修了しています。",
        (true, false) => " Finished a security course.",
        (false, true) => "セキュリティ講座はまだ修了していません。",
        (false, false) => " No security course finished yet.",
    });
    out
}
