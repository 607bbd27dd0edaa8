//! Log in with an email (or a course's invite code) and a password; every role uses this page,
//! then goes on to its own area (`?next=` or the role's home) with a full page load.

use domain::validate::{LoginInput, Raw};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, TextField};
use crate::i18n::{tr, use_lang};
use crate::nav::use_nav;
use crate::session::{go, home_of};

#[component]
pub fn Login() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = Action::new_local(move |input: &LoginInput| {
        let input = input.clone();
        async move { api::session::login(&input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(account)) = submit.value().get() {
            // Only same-site paths: `?next=` must never send the person elsewhere.
            let next = untrack(|| nav.query("next"))
                .filter(|n| n.starts_with('/') && !n.starts_with("//"));
            go(&next.unwrap_or_else(|| home_of(account.role.kind).to_owned()));
        }
    });
    let error = move || submit.value().get().and_then(Result::err);
    let field_error =
        move |name: &'static str| move || error().and_then(|e: ApiError| e.field(name));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(LoginInput {
            login: Raw(login.get_untracked()),
            password: Raw(password.get_untracked()),
        });
    };
    view! {
        <section class="page narrow">
            <h1>{move || tr(lang, "ログイン", "Log in")}</h1>
            <form on:submit=on_submit novalidate data-testid="login-form">
                <ErrorNotice error=Signal::derive(move || error().filter(|e| e.field("login").is_none() && e.field("password").is_none()))/>
                <TextField
                    id="login"
                    label=("メールアドレスまたは招待コード", "Email or invite code")
                    value=login
                    kind="email"
                    autocomplete="username"
                    error=Signal::derive(field_error("login"))
                />
                <TextField
                    id="password"
                    label=("パスワード", "Password")
                    value=password
                    kind="password"
                    autocomplete="current-password"
                    error=Signal::derive(field_error("password"))
                />
                <button type="submit" class="button button-wide" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { tr(lang, "確認しています…", "Checking…") } else { tr(lang, "ログイン", "Log in") }}
                </button>
            </form>
            <p>
                <a href="/start">{move || tr(lang, "はじめての方（住民）はこちら", "New here? Residents start here")}</a>
            </p>
            <p>
                <a href="/company/register">{move || tr(lang, "企業の登録はこちら", "Register a company")}</a>
            </p>
        </section>
    }
}
