//! `/company/fair-work`: the company's answers that decide which duties of the Freelance Act
//! (フリーランス・事業者間取引適正化等法) it owes a resident who works for it alone — its form,
//! employees and officers — and those duties in plain words (issue 19). Until the company
//! answers, every duty applies (the server's cautious default). The rule is the domain's
//! (`domain::fair_work::obligations`).

use domain::fair_work::api::CompanyFairProfile;
use domain::fair_work::obligations::{BusinessForm, BusinessProfile};
use leptos::prelude::*;

use super::{CompanyNav, company_id, my_company, t};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, ErrorSummary, Radio, TextField, field_error};
use crate::components::load::{LoadError, Skeleton, Tr};
use crate::i18n::{pick, tr, use_lang};

#[component]
pub fn FairProfilePage() -> impl IntoView {
    let data = LocalResource::new(move || {
        let id = company_id();
        async move {
            let id = id.await?;
            api::fair::company_profile(&id).await
        }
    });
    view! {
        <section class="page company" data-testid="fair-profile">
            <CompanyNav/>
            <h1>{t("フリーランスに仕事を頼むときのきまり", "Rules for work given to freelancers")}</h1>
            <p>{t(
                "住民の多くは個人で仕事を受けます（業務委託）。フリーランス法で会社が守ることは、会社の人数で変わります。次の3つに答えてください。",
                "Most residents take work as individuals (業務委託). What the Freelance Act asks of your company depends on its size. Please answer these three questions.",
            )}</p>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <ProfileForm p/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProfileForm(p: CompanyFairProfile) -> impl IntoView {
    let lang = use_lang();
    let shown = RwSignal::new(p.clone());
    let form = RwSignal::new(p.answered.then_some(p.profile.form));
    let employees = RwSignal::new(if p.answered {
        p.profile.employees.to_string()
    } else {
        String::new()
    });
    let officers = RwSignal::new(if p.answered {
        p.profile.officers.to_string()
    } else {
        String::new()
    });
    let local = RwSignal::new(None::<domain::model::Localized>);
    let save = Action::new_local(move |profile: &BusinessProfile| {
        let profile = *profile;
        async move {
            let id = my_company().unwrap_or_default();
            api::fair::set_company_profile(&id, &profile).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = save.value().get() {
            shown.set(p);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let general =
        Signal::derive(move || error.get().filter(|e: &ApiError| e.status() != Some(422)));
    let field = move |name: &'static str| field_error(error, name);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let count = |s: String| s.trim().parse::<u32>().ok();
        let Some(form) = form.get() else {
            local.set(Some(domain::model::Localized::new(
                "会社の形を選んでください。",
                "Please choose the kind of business.",
            )));
            return;
        };
        let (Some(employees), Some(officers)) = (
            count(employees.get()),
            if form == BusinessForm::Individual {
                Some(0)
            } else {
                count(officers.get())
            },
        ) else {
            local.set(Some(domain::model::Localized::new(
                "人数は 0 以上の数字で入れてください。",
                "Please enter the numbers of people as 0 or more.",
            )));
            return;
        };
        local.set(None);
        save.dispatch(BusinessProfile {
            form,
            employees,
            officers,
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="fair-profile-form" novalidate>
            <fieldset class="field">
                <legend><Tr ja="会社の形" en="Kind of business"/></legend>
                <Radio id="form" name="form" value=BusinessForm::Corporation selected=form label=("法人（株式会社、NPO など）", "A legal person (company, NPO, …)")/>
                <Radio id="form-individual" name="form" value=BusinessForm::Individual selected=form label=("個人事業", "A sole proprietor")/>
            </fieldset>
            <TextField id="employees" kind="number" label=("従業員の数", "Employees")
                hint=("週20時間以上、31日以上働く見込みの人。いなければ 0。", "People working 20 hours a week or more for 31 days or more. 0 if none.")
                value=employees error=field("employees")/>
            {move || (form.get() != Some(BusinessForm::Individual)).then(|| view! {
                <TextField id="officers" kind="number" label=("役員の数（代表者を含む）", "Officers (including the representative)")
                    value=officers error=field("officers")/>
            })}
            {move || local.get().map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
            <ErrorSummary error/>
            <ErrorNotice error=general/>
            <button type="submit" class="button button-wide" data-testid="save-fair-profile" disabled=move || save.pending().get()>
                <Tr ja="保存する" en="Save"/></button>
        </form>
        {move || {
            let CompanyFairProfile { answered, specified, duties, .. } = shown.get();
            view! {
                <section aria-labelledby="duties-title" class="report-block" data-testid="duties"
                    data-specified=specified.to_string() data-answered=answered.to_string()>
                    <h2 id="duties-title"><Tr ja="会社が守ること" en="What your company must do"/></h2>
                    <p data-testid="duties-summary">{move || match (answered, specified) {
                        (false, _) => tr(lang,
                            "まだ答えていないので、すべての義務があるものとして扱います。",
                            "You have not answered yet, so every duty is taken to apply."),
                        (true, true) => tr(lang,
                            "従業員か2人以上の役員がいるので「特定業務委託事業者」です。支払日は受け取りから60日以内、6か月以上の仕事を終えるときは30日前までの予告などが必要です。",
                            "With an employee or two or more officers, you are a 特定業務委託事業者: pay within 60 days of receiving the work, give 30 days' notice before ending work of 6 months or more, and more."),
                        (true, false) => tr(lang,
                            "従業員も2人以上の役員もいないので、取引条件を書面で示す義務だけがあります。",
                            "With no employee and at most one officer, you must only set out the terms in writing."),
                    }}</p>
                    <ul class="plain-list">
                        {duties.into_iter().map(|d| view! { <li>{move || pick(lang, &d)}</li> }).collect_view()}
                    </ul>
                </section>
            }
        }}
    }
}
