//! Running engagements: the company's list by state, the hub's check-ins meant for the company,
//! the contact once interest is mutual (and terms accepted), and the steps the company may take:
//! start or pass the trial, renew, end with a reason, and a short review.

use domain::engagement::EventKind;
use domain::talent::{CompanyAction, CompanyEngagement, EngagementGroup};
use leptos::prelude::*;

use super::{CompanyNav, company_id, loc, post_engagement_event, t};
use crate::api;
use crate::components::form::ErrorNotice;
use crate::components::load::{LoadError, Skeleton};
use crate::i18n::{tr, use_lang};

#[component]
pub fn Engagements() -> impl IntoView {
    let list = LocalResource::new(move || {
        let id = company_id();
        async move {
            let id = id.await?;
            api::company::engagements(&id).await
        }
    });
    let retry = Callback::new(move |()| list.refetch());
    view! {
        <section class="page company">
            <CompanyNav/>
            <h1>{t("仕事の進み具合", "Engagements")}</h1>
            <Transition fallback=Skeleton>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <LoadError error=e retry=move || retry.run(())/> }.into_any(),
                    Ok(all) => EngagementGroup::ALL.into_iter().map(|g| {
                        let items: Vec<CompanyEngagement> = all.iter().filter(|e| e.group == g).cloned().collect();
                        view! {
                            <h2>{loc(g.label())}{format!("（{}）", items.len())}</h2>
                            <ul class="plain-list" data-testid=format!("group-{}", g.as_str())>
                                {items.into_iter().map(|e| view! { <EngagementItem e=e reload=retry/> }).collect_view()}
                            </ul>
                        }
                    }).collect_view().into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EngagementItem(e: CompanyEngagement, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(e.id.0.clone());
    let reason = RwSignal::new(String::new());
    let weeks = RwSignal::new("12".to_owned());
    // No preset rating: the company chooses one (a preset 5 would be sent unread).
    let rating = RwSignal::new(String::new());
    let rating_missing = RwSignal::new(false);
    // Ending work is asked once more before it is sent.
    let confirming = RwSignal::new(None::<CompanyAction>);
    let intent = api::Intent::new();
    let act = Action::new_local(move |kind: &EventKind| {
        post_engagement_event(id, kind.clone(), intent, reload)
    });
    let weeks_n = move || weeks.get_untracked().trim().parse().unwrap_or(0);
    let event_of = move |a: CompanyAction| match a {
        CompanyAction::StartTrial => EventKind::TrialStarted { trial_weeks: 4 },
        CompanyAction::PassTrial => EventKind::TrialPassed,
        CompanyAction::Renew => EventKind::Renewed { weeks: weeks_n() },
        CompanyAction::Complete => EventKind::Completed,
        CompanyAction::Cancel => EventKind::Cancelled {
            reason: reason.get_untracked(),
        },
        CompanyAction::Review => EventKind::Review {
            rating: rating.get_untracked().parse().unwrap_or(0),
            note: reason.get_untracked(),
        },
    };
    let label = |a: CompanyAction| match a {
        CompanyAction::StartTrial => ("お試しを始める（4週間）", "Start a 4-week trial"),
        CompanyAction::PassTrial => ("お試しを終えて本採用", "Trial passed: continue"),
        CompanyAction::Renew => ("更新する", "Renew"),
        CompanyAction::Complete => ("完了にする", "Mark completed"),
        CompanyAction::Cancel => ("理由を添えて終了", "End with the reason"),
        CompanyAction::Review => ("評価を送る", "Send the review"),
    };
    let eid = e.id.0.clone();
    let needs_text = e
        .actions
        .iter()
        .any(|a| matches!(a, CompanyAction::Cancel | CompanyAction::Review));
    let renews = e.actions.contains(&CompanyAction::Renew);
    let reviews = e.actions.contains(&CompanyAction::Review);
    view! {
        <li class="card" data-testid="engagement" data-engagement=eid.clone()>
            <h3>{e.job_title.clone()}</h3>
            <p>{loc(e.stage_label.clone())}{move || format!(" ・ {}{}{}", tr(lang, "週", ""), e.hours_per_week, tr(lang, "時間", " h a week"))}</p>
            {e.needs_terms.then(|| {
                let (v, at) = (e.terms_version, e.terms_accepted_at.clone().unwrap_or_default());
                view! {
                    <p data-testid="terms-state">
                        {move || match v {
                            Some(v) => format!("{}{v}{}{at}{}", tr(lang, "守秘の約束 第", "Confidentiality terms version "), tr(lang, "版に同意済み（", " accepted ("), tr(lang, "）", " JST)")),
                            None => tr(lang, "守秘の約束への同意待ち", "Waiting for the confidentiality terms").to_owned(),
                        }}
                        " "
                        <a href=format!("/company/engagements/{}/terms", e.id.0)>{t("文面を見る", "Read the terms")}</a>
                    </p>
                }
            })}
            {e.awaiting_answer.iter().map(|k| view! {
                <p class="notice notice-warn" data-testid="awaiting-answer">{loc(k.to_answer())}</p>
            }).collect_view()}
            // The terms, pay and the notice of ending: once contacts open, and for running work
            // (ending it after 6 months needs the notice recorded there first).
            {(e.contact_revealed || e.actions.contains(&CompanyAction::Complete)).then(|| view! {
                <p><a class="button button-secondary" data-testid="fair-work-link"
                    href=format!("/company/engagements/{}/work", e.id.0)>
                    {t("取引条件・報告・支払い・終了の予告", "Terms, reports, pay and notice of ending")}
                </a></p>
            })}
            {if e.contact_revealed { view! { <ContactOf id=eid.clone()/> }.into_any() } else {
                view! { <p class="hint">{t("連絡先は双方の「興味あり」の後に表示されます。", "The contact appears once both sides are interested.")}</p> }.into_any()
            }}
            {(!e.checkins.is_empty()).then(|| view! {
                <h4>{t("推進ハブの面談記録", "The hub's check-ins")}</h4>
                <ul class="checkins">
                    {e.checkins.iter().map(|c| view! {
                        <li data-testid="company-checkin">{c.at.clone()}{format!(" ・ {}/5", c.mood)}
                            {(!c.note.is_empty()).then(|| view! { " ・ "<span data-testid="checkin-note">{c.note.clone()}</span> })}
                            {c.follow_up.clone().map(|f| view! { <br/>{t("推進ハブが次にすること: ", "The hub's next step: ")}{f} })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {e.review.as_ref().map(|r| view! { <p>{t("評価: ", "Review: ")}{format!("{}/5 {}", r.rating, r.note)}</p> })}
            {renews.then(|| view! {
                <div class="field"><label for=format!("weeks-{eid}")>{t("更新する期間（週）", "Renew for (weeks)")}</label>
                <input id=format!("weeks-{eid}") type="number" min="1" prop:value=move || weeks.get() on:input=move |ev| weeks.set(event_target_value(&ev))/></div>
            })}
            {reviews.then(|| view! {
                <div class="field"><label for=format!("rating-{eid}")>{t("評価（1〜5）", "Rating (1-5)")}</label>
                <select id=format!("rating-{eid}") data-testid="rating" aria-describedby=format!("rating-{eid}-error")
                    aria-invalid=move || rating_missing.get().then_some("true")
                    on:change=move |ev| { rating.set(event_target_value(&ev)); rating_missing.set(false); }>
                    <option value="" selected>{t("選んでください", "Choose")}</option>
                    {["5", "4", "3", "2", "1"].into_iter().map(|v| view! { <option value=v>{v}</option> }).collect_view()}
                </select>
                <p class="field-error" id=format!("rating-{eid}-error") role="alert">
                    {move || rating_missing.get().then(|| tr(lang, "評価を1〜5から選んでください。", "Choose a rating from 1 to 5."))}
                </p></div>
            })}
            {needs_text.then(|| view! {
                <div class="field"><label for=format!("reason-{eid}")>{t("理由・ひとこと", "Reason or note")}</label>
                <textarea id=format!("reason-{eid}") rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea></div>
            })}
            {e.actions.contains(&CompanyAction::StartTrial).then(|| view! {
                <p class="hint" data-testid="start-needs-terms">{t(
                    "お試しは、上の「取引条件・報告・支払い・終了の予告」で条件を作り、住民と両方が確認してから始められます（フリーランス法）。",
                    "The trial starts once the terms are set under \u{201c}Terms, reports, pay and notice of ending\u{201d} above and both you and the resident have confirmed them (Freelance Act).",
                )}</p>
            })}
            <div class="actions">
                {e.actions.iter().map(|a| {
                    let a = *a;
                    let (ja, en) = label(a);
                    let ends = matches!(a, CompanyAction::Complete | CompanyAction::Cancel);
                    view! {
                        <button type="button" class="button button-secondary" data-action=a.as_str() disabled=move || act.pending().get()
                            on:click=move |_| {
                                if a == CompanyAction::Review && rating.get_untracked().is_empty() {
                                    rating_missing.set(true);
                                } else if ends {
                                    confirming.set(Some(a));
                                } else {
                                    act.dispatch(event_of(a));
                                }
                            }>{t(ja, en)}</button>
                    }
                }).collect_view()}
            </div>
            {move || confirming.get().map(|a| {
                let (ja, en) = match a {
                    CompanyAction::Complete => ("この仕事を完了にします。完了にすると元に戻せません。よろしいですか？", "This marks the work completed. It cannot be undone. Are you sure?"),
                    _ => ("この仕事を終了します。終了すると元に戻せません。よろしいですか？", "This ends the work. It cannot be undone. Are you sure?"),
                };
                view! {
                    <div class="notice notice-warn" role="alertdialog" aria-labelledby=format!("confirm-{}", id.get_value()) data-testid="confirm-end">
                        <p id=format!("confirm-{}", id.get_value())>{t(ja, en)}</p>
                        <div class="actions">
                            <button type="button" class="button" data-testid="confirm-yes" disabled=move || act.pending().get()
                                on:click=move |_| { confirming.set(None); act.dispatch(event_of(a)); }>{t("はい、終えます", "Yes, end it")}</button>
                            <button type="button" class="button button-secondary" data-testid="confirm-no"
                                on:click=move |_| confirming.set(None)>{t("やめる", "No, keep it")}</button>
                        </div>
                    </div>
                }
            })}
            <ErrorNotice error=Signal::derive(move || act.value().get().and_then(Result::err))/>
        </li>
    }
}

/// The contact details, read only for an engagement whose contact is revealed.
#[component]
fn ContactOf(id: String) -> impl IntoView {
    let contacts = LocalResource::new(move || {
        let id = id.clone();
        async move { api::company::contacts(&id).await }
    });
    view! {
        <Transition fallback=Skeleton>
            {move || contacts.get().and_then(Result::ok).and_then(|c| c.contacts).map(|c| view! {
                <p class="notice notice-ok" data-testid="contact">
                    {t("連絡先: ", "Contact: ")}{c.resident_name.clone()}" "{c.resident_email.clone().unwrap_or_default()}
                    {c.resident_phone.clone().map(|p| view! { " " {t("電話 ", "Phone ")} <a href=format!("tel:{p}")>{p.clone()}</a> })}
                </p>
            })}
        </Transition>
    }
}
