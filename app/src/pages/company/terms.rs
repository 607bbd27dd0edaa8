//! 守秘の約束: the company's confidentiality terms as a document with a version. The company
//! reads the version in force and publishes the next one (`/company/terms`); the resident of an
//! engagement on a job above the public data level reads the terms in force and accepts them
//! (`/company/engagements/{id}/terms`, which also shows the company where acceptance stands).

use domain::account::RoleKind;
use domain::engagement::EventKind;
use domain::terms::{EngagementTerms, TermsDocument, TermsInput};
use leptos::prelude::*;

use super::{CompanyNav, company_id, loc, my_company, post_engagement_event, t};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, FieldError};
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{pick, tr, use_lang};
use crate::session::use_session;

/// The document itself: version, since when, and the text (line breaks kept).
#[component]
fn TermsText(doc: TermsDocument) -> impl IntoView {
    let lang = use_lang();
    let since = doc.published_at.map(domain::talent::jst_day);
    let version = doc.version;
    let body = doc.body.clone();
    view! {
        <article class="card terms-text" data-testid="terms-text" data-version=version.to_string()>
            <p class="hint" data-testid="terms-version">
                {move || match &since {
                    Some(d) => format!("{} {version} {} {d}", tr(lang, "第", "Version"), tr(lang, "版・施行日", "in force since")),
                    None => format!("{} {version} {}", tr(lang, "第", "Version"), tr(lang, "版（musubi の標準の文面）", "(musubi's standard text)")),
                }}
            </p>
            <div class="terms-body">{move || pick(lang, &body)}</div>
        </article>
    }
}

/// `/company/terms`: the terms in force and a form to publish the next version.
#[component]
pub fn TermsPage() -> impl IntoView {
    let doc = LocalResource::new(move || {
        let id = company_id();
        async move {
            let id = id.await?;
            api::company::terms(&id).await
        }
    });
    let retry = Callback::new(move |()| doc.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <h1>{t("守秘の約束", "Confidentiality terms")}</h1>
            <p>{t(
                "社内の資料やお客様の個人情報を扱う仕事では、住民がこの文書を読んで同意してから連絡先が開きます。同意は版と日時で記録されます。",
                "For work with internal material or customers' personal data, residents read and accept this document before contacts open. Each acceptance is recorded with its version and time.",
            )}</p>
            <Transition fallback=Skeleton>
                {move || doc.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                    Ok(d) => view! {
                        <TermsText doc=d.clone()/>
                        <TermsEditor current=d reload=retry/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TermsEditor(current: TermsDocument, reload: Callback<()>) -> impl IntoView {
    let ja = RwSignal::new(current.body.ja.clone());
    let en = RwSignal::new(if current.body.en == current.body.ja {
        String::new()
    } else {
        current.body.en.clone()
    });
    let next = current.version.saturating_add(1);
    let publish = Action::new_local(move |input: &TermsInput| {
        let input = input.clone();
        async move {
            let id = my_company().unwrap_or_default();
            let r = api::company::publish_terms(&id, &input).await;
            if r.is_ok() {
                reload.run(());
            }
            r
        }
    });
    let error = move || publish.value().get().and_then(Result::err);
    let field = move |n: &'static str| Signal::derive(move || error().and_then(|e| e.field(n)));
    view! {
        <form class="card" data-testid="terms-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            publish.dispatch(TermsInput { body_ja: ja.get_untracked(), body_en: en.get_untracked() });
        }>
            <h2>{t("文面を直して新しい版にする", "Edit and publish a new version")}</h2>
            <p class="hint">{move || format!("{}{next}{}", tr(use_lang(), "保存すると第", "Saving publishes version "), tr(use_lang(), "版になります。同意済みの人の記録はそのまま残り、まだの人は新しい版に同意します。", ". Earlier acceptances stay recorded; people who have not accepted yet accept the new version."))}</p>
            <div class="field">
                <label for="terms-ja">{t("本文（日本語・必須）", "Text in Japanese (required)")}</label>
                <textarea id="terms-ja" rows="12" aria-describedby="body_ja-error" prop:value=move || ja.get()
                    on:input=move |ev| ja.set(event_target_value(&ev))></textarea>
                <FieldError id="body_ja-error".to_owned() error=field("body_ja")/>
            </div>
            <div class="field">
                <label for="terms-en">{t("本文（英語・任意。空なら日本語を表示）", "Text in English (optional; the Japanese is shown if empty)")}</label>
                <textarea id="terms-en" rows="8" aria-describedby="body_en-error" prop:value=move || en.get()
                    on:input=move |ev| en.set(event_target_value(&ev))></textarea>
                <FieldError id="body_en-error".to_owned() error=field("body_en")/>
            </div>
            <ErrorNotice error=Signal::derive(move || error().filter(|e| !matches!(e, ApiError::Server { status: 422, .. })))/>
            <button type="submit" class="button" data-testid="publish-terms" disabled=move || publish.pending().get()>
                {t("新しい版として公開する", "Publish as a new version")}
            </button>
            {move || publish.value().get().and_then(Result::ok).map(|()| view! {
                <p class="notice notice-ok" role="status" data-testid="terms-published">
                    {t("新しい版を公開しました。", "The new version is published.")}
                </p>
            })}
        </form>
    }
}

fn is_member_or_resident(role: RoleKind) -> bool {
    matches!(role, RoleKind::CompanyMember | RoleKind::Resident)
}

/// Who may open an engagement's terms page: its resident (to read and accept) and the company.
pub(super) fn may_read_engagement_terms(role: RoleKind) -> bool {
    is_member_or_resident(role)
}

/// `/company/engagements/{id}/terms`: the terms in force for the engagement's company; the
/// resident accepts them here, the company sees whether and when they were accepted.
#[component]
pub fn EngagementTermsPage(engagement: String) -> impl IntoView {
    let lang = use_lang();
    let resident = move || {
        use_session()
            .account()
            .is_some_and(|a| a.role.kind == RoleKind::Resident)
    };
    let id = StoredValue::new(engagement);
    let data = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::company::engagement_terms(&id).await }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="page company">
            {move || (!resident()).then(|| view! { <CompanyNav/> })}
            <h1>{t("守秘の約束", "Confidentiality terms")}</h1>
            <Transition fallback=Skeleton>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                    Ok(et) => view! { <EngagementTermsView et=et resident=resident() reload=retry/> }.into_any(),
                })}
            </Transition>
            <p>{move || if resident() {
                view! { <a href="/me/engagements">{tr(lang, "仕事の一覧へ戻る", "Back to my work")}</a> }.into_any()
            } else {
                view! { <a href="/company/engagements">{tr(lang, "進行中の仕事へ戻る", "Back to engagements")}</a> }.into_any()
            }}</p>
        </section>
    }
}

#[component]
fn EngagementTermsView(et: EngagementTerms, resident: bool, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(et.engagement.0.clone());
    let intent = api::Intent::new();
    let accept = Action::new_local(move |version: &u32| {
        let kind = EventKind::accept_terms(*version);
        post_engagement_event(id, kind, intent, reload)
    });
    let version = et.terms.version;
    let status = match (et.accepted_version, et.accepted_at) {
        (Some(v), Some(at)) => {
            let when = domain::talent::jst_minute(at);
            let (ja, en) = if et.accepted_current {
                (
                    format!("第{v}版に同意済み（{when}）"),
                    format!("Version {v} accepted on {when} (JST)"),
                )
            } else {
                (
                    format!(
                        "第{v}版に同意済み（{when}）。その後、第{version}版に改訂されています。"
                    ),
                    format!(
                        "Version {v} accepted on {when} (JST); the terms have since changed to version {version}."
                    ),
                )
            };
            domain::model::Localized::new(ja, en)
        }
        _ => domain::model::Localized::new("まだ同意していません。", "Not accepted yet."),
    };
    let can_accept = resident && et.needs_terms && !et.accepted_current;
    view! {
        <p><strong>{et.job_title.clone()}</strong></p>
        {(!et.needs_terms).then(|| view! {
            <p class="notice notice-ok">{t("この仕事は公開してよい素材だけを扱うため、同意は要りません。", "This work touches public material only: no acceptance is needed.")}</p>
        })}
        <p class="notice" data-testid="terms-status" role="status">{loc(status)}</p>
        <TermsText doc=et.terms.clone()/>
        {can_accept.then(|| view! {
            <div class="card">
                <p>{t(
                    "上の文面を読み、守ることに同意します。同意は版と日時で記録され、企業と推進ハブが確かめられます。",
                    "I have read the text above and agree to keep it. The acceptance is recorded with its version and time; the company and the hub can see it.",
                )}</p>
                <button type="button" class="button button-wide" data-testid="accept-terms" disabled=move || accept.pending().get()
                    on:click=move |_| { accept.dispatch(version); }>
                    {move || format!("{}{version}{}", tr(lang, "第", "Accept version "), tr(lang, "版に同意する", ""))}
                </button>
                <ErrorNotice error=Signal::derive(move || accept.value().get().and_then(Result::err))/>
            </div>
        })}
    }
}
