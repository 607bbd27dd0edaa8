//! Company sign-up: the company and its first member in one form; then the hub approves it.

use domain::validate::{CompanyInput, CompanyRegistrationInput, Raw};
use leptos::prelude::*;

use super::t;

use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError, TextField};
use crate::session::go;

const SIZES: [(&str, &str, &str); 4] = [
    ("micro", "小規模（5人以下）", "Micro (up to 5)"),
    ("small", "小企業（6〜50人）", "Small (6-50)"),
    ("medium", "中企業（51〜300人）", "Medium (51-300)"),
    ("large", "大企業（301人以上）", "Large (301+)"),
];

#[component]
pub fn Register() -> impl IntoView {
    let [
        name,
        industry,
        prefecture,
        municipality,
        size,
        contact,
        email,
        password,
    ] = std::array::from_fn(|_| RwSignal::new(String::new()));
    size.set("small".into());
    let submit = Action::new_local(move |input: &CompanyRegistrationInput| {
        let input = input.clone();
        async move { api::company::register(&input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = submit.value().get() {
            go("/company");
        }
    });
    let error = move || submit.value().get().and_then(Result::err);
    let field =
        move |n: &'static str| Signal::derive(move || error().and_then(|e: ApiError| e.field(n)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = |s: RwSignal<String>| Raw(s.get_untracked());
        submit.dispatch(CompanyRegistrationInput {
            company: CompanyInput {
                name: raw(name),
                industry: raw(industry),
                prefecture: raw(prefecture),
                municipality: raw(municipality),
                size: raw(size),
                contact_person: raw(contact),
            },
            email: raw(email),
            password: raw(password),
        });
    };
    view! {
        <section class="page narrow company">
            <h1>{t("企業の登録", "Register your company")}</h1>
            <p>{t("登録後、地域の推進ハブが確認して承認します。承認までは人材は表示されません。", "After you register, the region's hub checks and approves your company. Talent is shown after approval.")}</p>
            <form on:submit=on_submit novalidate data-testid="register-form">
                <ErrorNotice error=Signal::derive(move || error().filter(|e| matches!(e, ApiError::Network) || e.status() == Some(409)))/>
                <TextField id="name" label=("会社名", "Company name") value=name autocomplete="organization" error=field("name")/>
                <TextField id="industry" label=("業種", "Industry") value=industry error=field("industry")/>
                <TextField id="prefecture" label=("都道府県", "Prefecture") value=prefecture hint=("例: 熊本", "e.g. Kumamoto") error=field("prefecture")/>
                <TextField id="municipality" label=("市区町村", "Municipality") value=municipality error=field("municipality")/>
                <div class="field">
                    <label for="size">{t("会社の規模", "Company size")}</label>
                    <select id="size" name="size" on:change=move |ev| size.set(event_target_value(&ev)) aria-describedby="size-error">
                        {SIZES.iter().map(|(v, ja, en)| view! {
                            <option value=*v selected=move || size.get() == *v>{t(ja, en)}</option>
                        }).collect_view()}
                    </select>
                    <FieldError id="size-error".to_owned() error=field("size")/>
                </div>
                <TextField id="contact_person" label=("ご担当者名", "Contact person") value=contact autocomplete="name" error=field("contact_person")/>
                <TextField id="email" label=("ログイン用メールアドレス", "Login email") value=email kind="email" autocomplete="email" error=field("email")/>
                <TextField id="password" label=("パスワード（10文字以上）", "Password (10+ characters)") value=password kind="password" autocomplete="new-password" error=field("password")/>
                <button type="submit" class="button button-wide" disabled=move || submit.pending().get()>
                    {t("登録する", "Register")}
                </button>
            </form>
            <p><a href="/login?next=%2Fcompany">{t("登録済みの方はログイン", "Already registered? Log in")}</a></p>
        </section>
    }
}
