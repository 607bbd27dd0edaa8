//! One engagement's terms and pay (issue 19), for the resident (`/me/work/{id}`), the company
//! (`/company/engagements/{id}/work`) and the hub (`/hub/engagements/{id}/work`, for a 再委託): the terms statement to set or acknowledge,
//! the month's work report and its inspection, the invoices and their payments. What a reader
//! may do follows its side of the statement (`my_side`); every rule is the server's. Requests
//! for consideration of childcare and caregiving (Art. 13) come before the ending (`care`), and
//! the ending (notice, the reason on request) is its last section (`ending`).

use domain::fair_work::acceptance::{AcceptedHow, ReportContent, ReportState};
use domain::fair_work::api::{
    AcknowledgeInput, Contracting, FairTermsInput, FairTermsView, InvoiceInput, InvoiceView,
    PaymentInput, ReportRecord, ReviewInput, WorkReportInput,
};
use domain::fair_work::pay_calendar::PaySchedule;
use domain::fair_work::payout::AccountType;
use domain::fair_work::terms_statement::{Amount, PaymentDue, RateUnit, Side};
use domain::fair_work::{Yen, date_text};
use domain::model::{Lang, Localized};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::fetched::Fetched;

mod care;
mod ending;
use crate::components::form::ErrorNotice;
use crate::components::pay_calendar::{self, PayCalendar, PayCalendarFields};
use crate::i18n::{pick, tr, use_lang};

/// Everything of one engagement's terms and pay, loaded together.
#[derive(Debug, Clone)]
struct Loaded {
    terms: Option<FairTermsView>,
    reports: Vec<ReportRecord>,
    invoices: Vec<InvoiceView>,
}

async fn load(engagement: String) -> Result<Loaded, ApiError> {
    let terms = api::fair::terms(&engagement).await?;
    let (reports, invoices) = if terms.as_ref().is_some_and(|t| t.agreed) {
        (
            api::fair::reports(&engagement).await?,
            api::fair::invoices(&engagement).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Loaded {
        terms,
        reports,
        invoices,
    })
}

/// Who is reading: the resident, the company that may set direct terms, or the hub that may
/// pass the company's order on (再委託) and set the terms itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Resident,
    Company,
    Hub,
}

/// The form that sets the terms, given by the area whose reader may set them (the company's
/// direct terms, the hub's 再委託), so the resident's entry links neither.
pub type TermsFormFn = fn(StoredValue<String>, Callback<()>) -> AnyView;

/// The company's form: direct terms.
pub fn direct_terms_form(id: StoredValue<String>, reload: Callback<()>) -> AnyView {
    view! { <DraftedTermsForm id reload through_hub=false/> }.into_any()
}

/// The hub's form: a 再委託 with the original client and the day it pays.
pub fn recommission_terms_form(id: StoredValue<String>, reload: Callback<()>) -> AnyView {
    view! { <DraftedTermsForm id reload through_hub=true/> }.into_any()
}

/// The terms form, filled in from the job as posted (`GET …/fair-terms/draft`).
#[component]
fn DraftedTermsForm(
    id: StoredValue<String>,
    reload: Callback<()>,
    through_hub: bool,
) -> impl IntoView {
    let lang = use_lang();
    let draft = Fetched::new(move || async move { api::fair::terms_draft(&id.get_value()).await });
    move || match draft.get() {
        None => view! { <div class="skeleton-block" aria-hidden="true"></div> }.into_any(),
        Some(Err(e)) => {
            let m = e.message();
            view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> }
                .into_any()
        }
        Some(Ok(d)) => view! { <TermsForm id reload through_hub draft=d/> }.into_any(),
    }
}

#[component]
pub fn FairWork(
    engagement: String,
    reader: Reader,
    #[prop(optional)] terms_form: Option<TermsFormFn>,
) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(engagement);
    let data = Fetched::new(move || load(id.get_value()));
    let reload = Callback::new(move |()| data.refetch());
    view! {
        <section class="page narrow fair-work" data-testid="fair-work">
            <h1>{move || tr(lang, "取引条件と支払い", "Terms and pay")}</h1>
            <p class="hint">{move || tr(lang,
                "仕事の条件を書面で確かめ合い、毎月の作業の報告、確認、請求、支払いまでをここで記録します。",
                "Agree the terms in writing, then report each month's work, check it, invoice it and record the payment here.")}</p>
            {move || match data.get() {
                None => view! { <div class="skeleton-block" aria-hidden="true"></div> }.into_any(),
                Some(Err(e)) => {
                    let m = e.message();
                    view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> }.into_any()
                }
                Some(Ok(l)) => view! { <Body l id reader reload terms_form/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Body(
    l: Loaded,
    id: StoredValue<String>,
    reader: Reader,
    reload: Callback<()>,
    terms_form: Option<TermsFormFn>,
) -> impl IntoView {
    let lang = use_lang();
    let terms_section = match (&l.terms, terms_form) {
        (None, Some(form)) => form(id, reload),
        (None, None) => view! {
            <p class="notice" data-testid="no-terms">{move || tr(lang,
                "まだ取引条件が届いていません。発注する側が作ると、ここに出ます。",
                "No terms yet. They appear here once the commissioning side sets them.")}</p>
        }
        .into_any(),
        (Some(t), _) => view! { <Terms t=t.clone() id reload/> }.into_any(),
    };
    let agreed = l.terms.as_ref().is_some_and(|t| t.agreed);
    let commissioner = l
        .terms
        .as_ref()
        .is_some_and(|t| t.my_side == Some(Side::Commissioner));
    let contractor = l
        .terms
        .as_ref()
        .is_some_and(|t| t.my_side == Some(Side::Contractor));
    let invoiced: Vec<String> = l.invoices.iter().map(|i| i.record.period.clone()).collect();
    // Who may give notice of the end: the statement's commissioner; the company while there are
    // no terms (the server takes the work as direct then).
    let can_end = commissioner || (l.terms.is_none() && reader == Reader::Company);
    let is_resident = reader == Reader::Resident;
    // Care requests (Art. 13) are the contractor's to send and the commissioner's to answer:
    // the company, or the hub in a 再委託 (as for the reason of an ending).
    let care = l.terms.as_ref().map(|t| {
        view! {
            <care::Care id duty=t.care_duty.clone() requests=t.care_requests.clone()
                can_ask=contractor can_answer=commissioner reload/>
        }
    });
    view! {
        {terms_section}
        {agreed.then(|| view! {
            <h2>{move || tr(lang, "作業の報告", "Work reports")}</h2>
            {contractor.then(|| view! { <ReportForm id reload by_hours=reports_hours(l.terms.as_ref())/> })}
            <ul class="plain-list" data-testid="reports">
                {l.reports.into_iter().map(|r| {
                    let can_invoice = contractor
                        && matches!(r.state, ReportState::Accepted { .. })
                        && !invoiced.contains(&r.period);
                    view! { <Report r id commissioner can_invoice reload/> }
                }).collect_view()}
            </ul>
            <h2>{move || tr(lang, "請求書と支払い", "Invoices and payments")}</h2>
            {commissioner.then(|| view! { <PayTo id/> })}
            <ul class="plain-list" data-testid="invoices">
                {l.invoices.into_iter().map(|v| view! { <Invoice v commissioner contractor reload/> }).collect_view()}
            </ul>
        })}
        {care}
        <ending::Ending id commissioner=can_end contractor=is_resident/>
    }
}

/// A hook for one write: a fresh idempotency key per intent, renewed once an answer arrives,
/// and a reload on success.
fn write_action<
    I: Clone + 'static,
    T: 'static,
    F: std::future::Future<Output = Result<T, ApiError>> + 'static,
>(
    reload: Callback<()>,
    run: impl Fn(I, String) -> F + Copy + 'static,
) -> Action<I, Result<T, ApiError>> {
    let intent = crate::api::Intent::new();
    Action::new_local(move |input: &I| {
        let input = input.clone();
        async move {
            let r = intent.send(|key| run(input, key)).await;
            if r.is_ok() {
                reload.run(());
            }
            r
        }
    })
}

fn error_of<T: Clone + Send + Sync + 'static>(
    a: Action<impl Send + Sync + 'static, Result<T, ApiError>>,
) -> Signal<Option<ApiError>> {
    Signal::derive(move || a.value().get().and_then(Result::err))
}

#[component]
fn Terms(t: FairTermsView, id: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let ack = write_action(
        reload,
        move |input: AcknowledgeInput, key: String| async move {
            api::fair::acknowledge(&id.get_value(), &input, &key).await
        },
    );
    let mine_done = t.acknowledgements.iter().any(|a| Some(a.side) == t.my_side);
    let input = AcknowledgeInput {
        version: t.version,
        text_hash: t.text_hash.clone(),
    };
    let version = t.version;
    let status = if t.agreed {
        Localized::new(
            format!("第{version}版を双方が確認しました。"),
            format!("Both sides confirmed version {version}."),
        )
    } else {
        Localized::new(
            format!("第{version}版：確認待ち"),
            format!("Version {version}: waiting for confirmation"),
        )
    };
    let text = t.text.clone();
    view! {
        <h2>{move || tr(lang, "取引条件（書面）", "The terms (in writing)")}</h2>
        <p class="notice" role="status" data-testid="fair-terms-status">{move || pick(lang, &status)}</p>
        <article class="card terms-text print-doc" data-testid="fair-terms-text">
            <div class="terms-body">{move || pick(lang, &text)}</div>
        </article>
        <p><button type="button" class="button button-secondary" on:click=move |_| crate::components::print_page()>
            {move || tr(lang, "印刷する（A4）", "Print (A4)")}
        </button></p>
        {(t.my_side.is_some() && !mine_done).then(|| view! {
            <ErrorNotice error=error_of(ack)/>
            <button type="button" class="button button-wide" data-testid="acknowledge-terms"
                disabled=move || ack.pending().get() on:click=move |_| { ack.dispatch(input.clone()); }>
                {move || match lang.get() {
                    Lang::Ja => format!("第{version}版の内容を確認しました"),
                    Lang::En => format!("I have read and confirm version {version}"),
                }}
            </button>
        })}
    }
}

/// The terms the commissioner sets: the company directly, or the hub for a 再委託, which also
/// names the original client and the date it pays the hub (the resident's pay date may be at
/// most 30 days after it).
#[component]
fn TermsForm(
    id: StoredValue<String>,
    reload: Callback<()>,
    through_hub: bool,
    draft: FairTermsInput,
) -> impl IntoView {
    let lang = use_lang();
    let client = RwSignal::new(String::new());
    let client_due = RwSignal::new(String::new());
    // A 再委託 is paid this many days after the original client pays the hub (at most 29: the
    // 30th day counting that day as day 1, `check_recommission_offset`).
    let after = RwSignal::new("10".to_owned());
    let from = RwSignal::new(draft.delivery_from.to_string());
    let to = RwSignal::new(draft.delivery_to.to_string());
    // How the pay is set: a rate "hour", "item" or "month" (each month's report is billed by it;
    // a fixed sum would bill every report in full, so it is not offered).
    let (yen, per) = match &draft.amount {
        Amount::Rate { yen, per } => (yen.0, *per),
        Amount::Fixed(yen) => (yen.0, RateUnit::Month),
        Amount::Method(_) => (0, RateUnit::Hour),
    };
    let rate = RwSignal::new(yen.to_string());
    let basis = RwSignal::new(
        match per {
            RateUnit::Item => "item",
            RateUnit::Month => "month",
            RateUnit::Hour => "hour",
        }
        .to_owned(),
    );
    let days = RwSignal::new(draft.inspection_days.to_string());
    let calendar = PayCalendar::new(match draft.payment_due {
        PaymentDue::Schedule(s) => s,
        _ => PaySchedule::default(),
    });
    let first_day = Signal::derive(move || from.get().parse().ok());
    let verdict = move || pay_calendar::verdict(calendar.schedule(), first_day.get());
    let method = RwSignal::new(draft.payment_method.clone());
    let save = write_action(
        reload,
        move |input: FairTermsInput, _key: String| async move {
            api::fair::set_terms(&id.get_value(), &input).await
        },
    );
    let local_error = RwSignal::new(None::<Localized>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(delivery_from), Ok(delivery_to)) = (from.get().parse(), to.get().parse()) else {
            local_error.set(Some(Localized::new(
                "開始日と終了日を選んでください。",
                "Please choose the first and last day.",
            )));
            return;
        };
        let (Ok(yen), Ok(inspection_days)) = (
            rate.get().trim().parse::<u64>(),
            days.get().trim().parse::<u8>(),
        ) else {
            local_error.set(Some(Localized::new(
                "報酬と確認の日数は数字で入力してください。",
                "Please enter the pay and the days to check as numbers.",
            )));
            return;
        };
        let original_due = client_due.get().parse().ok();
        let after_days = after.get().trim().parse::<u32>().ok();
        if through_hub && (original_due.is_none() || after_days.is_none()) {
            local_error.set(Some(Localized::new(
                "元の発注者がハブに支払う日と、その何日後に払うかを入れてください。",
                "Please choose the day the original client pays the hub, and how many days after it you pay.",
            )));
            return;
        }
        if !through_hub && let Err(late) = verdict() {
            local_error.set(Some(late));
            return;
        }
        local_error.set(None);
        let original_client = Some(client.get().trim().to_owned()).filter(|c| !c.is_empty());
        save.dispatch(FairTermsInput {
            contracting: if through_hub {
                Contracting::ThroughHub
            } else {
                Contracting::Direct
            },
            original_client: original_client.filter(|_| through_hub),
            original_due: original_due.filter(|_| through_hub),
            commissioned_on: None,
            content: None,
            delivery_from,
            delivery_to,
            place: None,
            inspection_days,
            amount: match basis.get().as_str() {
                "item" => Amount::Rate {
                    yen: Yen(yen),
                    per: RateUnit::Item,
                },
                "month" => Amount::Rate {
                    yen: Yen(yen),
                    per: RateUnit::Month,
                },
                _ => Amount::Rate {
                    yen: Yen(yen),
                    per: RateUnit::Hour,
                },
            },
            payment_due: match after_days.filter(|_| through_hub) {
                Some(days) => PaymentDue::DaysAfterOriginal(days),
                None => PaymentDue::Schedule(calendar.schedule()),
            },
            payment_method: method.get(),
        });
    };
    view! {
        <h2>{move || tr(lang, "取引条件を作る", "Set the terms")}</h2>
        <p class="hint">{move || tr(lang,
            "フリーランス法により、仕事を頼むときは条件を書面で示します。名前・仕事の内容・場所は仕事と相手から入ります。",
            "The Freelance Act asks for the terms in writing. Names, the work and the place come from the job and the engagement.")}</p>
        {through_hub.then(|| view! {
            <p class="hint" data-testid="recommission-hint">{move || tr(lang,
                "推進ハブが会社から受けた仕事を住民に頼む（再委託）条件です。住民への支払日は、元の発注者がハブに支払う日から30日以内にします。",
                "The hub passes on work it took from the company (再委託). The resident's pay date is at most 30 days after the original client pays the hub.")}</p>
        })}
        {(!through_hub).then(|| view! {
            <p class="hint"><a href="/company/fair-work">{move || tr(lang,
                "会社の人数で守ることが変わります（フリーランス法）。まだなら先に答えてください。",
                "What the Freelance Act asks depends on your company's size: answer first if you have not.")}</a></p>
        })}
        <form class="form" on:submit=submit data-testid="terms-form">
            {through_hub.then(|| view! {
                <label for="fw-client">{move || tr(lang, "元の発注者（空なら仕事を出した会社）", "Original client (empty: the company that posted the work)")}</label>
                <input id="fw-client" type="text" bind:value=client/>
                <label for="fw-client-due">{move || tr(lang, "元の発注者がハブに支払う日", "Day the original client pays the hub")}</label>
                <input id="fw-client-due" type="date" required bind:value=client_due/>
            })}
            <label for="fw-from">{move || tr(lang, "開始日", "First day")}</label>
            <input id="fw-from" type="date" required bind:value=from/>
            <label for="fw-to">{move || tr(lang, "終了日", "Last day")}</label>
            <input id="fw-to" type="date" required bind:value=to/>
            <label for="fw-basis">{move || tr(lang, "報酬の決め方", "How the pay is set")}</label>
            <select id="fw-basis" on:change=move |ev| basis.set(event_target_value(&ev))>
                <option value="hour" prop:selected=move || basis.get() == "hour">{move || tr(lang, "時間あたり（作業時間を報告）", "Per hour (hours are reported)")}</option>
                <option value="item" prop:selected=move || basis.get() == "item">{move || tr(lang, "1件あたり（納品したものを報告）", "Per item (deliveries are reported)")}</option>
                <option value="month" prop:selected=move || basis.get() == "month">{move || tr(lang, "月額", "Per month")}</option>
            </select>
            <label for="fw-rate">{move || match basis.get().as_str() {
                "item" => tr(lang, "1件あたりの報酬（円、税抜）", "Pay per item (yen, before tax)"),
                "month" => tr(lang, "月額の報酬（円、税抜）", "Pay per month (yen, before tax)"),
                _ => tr(lang, "時給（円、税抜）", "Hourly pay (yen, before tax)"),
            }}</label>
            <input id="fw-rate" type="number" inputmode="numeric" min="1" required bind:value=rate/>
            <label for="fw-days">{move || tr(lang, "報告を確認する日数", "Days to check a report")}</label>
            <input id="fw-days" type="number" inputmode="numeric" min="0" max="30" required bind:value=days/>
            {if through_hub {
                view! {
                    <label for="fw-after">{move || tr(lang, "元の発注者が払う日の何日後に払うか（29日後まで：その日を1日目として30日目）", "Days after the original client pays (up to 29: day 30 counting that day as day 1)")}</label>
                    <input id="fw-after" type="number" inputmode="numeric" min="0" max="29" required bind:value=after/>
                }.into_any()
            } else {
                view! { <PayCalendarFields cal=calendar prefix="fw-" from=first_day/> }.into_any()
            }}
            <label for="fw-method">{move || tr(lang, "支払方法", "Payment method")}</label>
            <input id="fw-method" type="text" required bind:value=method/>
            {move || local_error.get().map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
            <ErrorNotice error=error_of(save)/>
            {move || error_of(save).get().and_then(|e| e.field("payment_due")).map(|m| view! {
                <p class="notice notice-error" role="alert" data-testid="payment-due-error">{move || pick(lang, &m)}</p>
            })}
            <button type="submit" class="button button-wide" data-testid="save-terms" disabled=move || save.pending().get()>
                {move || tr(lang, "この条件で作る", "Set these terms")}
            </button>
        </form>
    }
}

/// Whether the month is reported in hours (pay by the hour or the month) or as the things
/// delivered (pay per item): what the agreed amount is computed from.
fn reports_hours(terms: Option<&FairTermsView>) -> bool {
    matches!(
        terms.and_then(|t| t.statement.amount.as_ref()),
        None | Some(Amount::Rate {
            per: RateUnit::Hour | RateUnit::Month,
            ..
        })
    )
}

#[component]
fn ReportForm(id: StoredValue<String>, reload: Callback<()>, by_hours: bool) -> impl IntoView {
    let lang = use_lang();
    let month = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let delivered = RwSignal::new(String::new());
    let send = write_action(
        reload,
        move |input: WorkReportInput, key: String| async move {
            api::fair::report(&id.get_value(), &input, &key).await
        },
    );
    let local_error = RwSignal::new(None::<Localized>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = if by_hours {
            let Ok(minutes) = domain::text::parse_hours_as_minutes(&hours.get()) else {
                local_error.set(Some(Localized::new(
                    "作業した時間を数字で入力してください（例：12.5）。",
                    "Please enter the hours you worked as a number (e.g. 12.5).",
                )));
                return;
            };
            ReportContent::Hours { minutes }
        } else {
            ReportContent::Deliverables {
                items: delivered
                    .get()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }
        };
        // The domain's own check (an empty list, zero hours) before anything is sent.
        if let Err(refusal) = content.check() {
            local_error.set(Some(refusal.message));
            return;
        }
        local_error.set(None);
        send.dispatch(WorkReportInput {
            period: month.get(),
            content,
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="report-form">
            <label for="fw-month">{move || tr(lang, "月", "Month")}</label>
            <input id="fw-month" type="month" required bind:value=month/>
            {if by_hours {
                view! {
                    <label for="fw-hours">{move || tr(lang, "作業した時間（時間）", "Hours worked")}</label>
                    <input id="fw-hours" type="number" inputmode="decimal" min="0.25" step="0.25" required bind:value=hours/>
                }.into_any()
            } else {
                view! {
                    <label for="fw-delivered">{move || tr(lang, "納品したもの（1行に1つ）", "What you delivered (one per line)")}</label>
                    <textarea id="fw-delivered" rows="4" required bind:value=delivered></textarea>
                }.into_any()
            }}
            {move || local_error.get().map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
            <ErrorNotice error=error_of(send)/>
            <button type="submit" class="button button-wide" data-testid="send-report" disabled=move || send.pending().get()>
                {move || tr(lang, "報告する", "Send the report")}
            </button>
        </form>
    }
}

fn report_state(state: &ReportState) -> Localized {
    match state {
        ReportState::Submitted { review_until, .. } => Localized::new(
            format!("確認待ち（{}まで）", date_text(*review_until, Lang::Ja)),
            format!(
                "Waiting to be checked (until {})",
                date_text(*review_until, Lang::En)
            ),
        ),
        ReportState::Returned { reason, .. } => Localized::new(
            format!("直しを頼まれました：{reason}"),
            format!("A fix was asked for: {reason}"),
        ),
        ReportState::Accepted {
            accepted_on, how, ..
        } => {
            let (ja, en) = match how {
                AcceptedHow::ByCompany => ("受け入れ済み", "Accepted"),
                AcceptedHow::Automatically => (
                    "期限が過ぎたので自動で受け入れ",
                    "Accepted automatically after the days to check",
                ),
                AcceptedHow::NotInspected => {
                    ("受け入れ済み（確認なし）", "Accepted (not inspected)")
                }
            };
            Localized::new(
                format!("{ja}（{}）", date_text(*accepted_on, Lang::Ja)),
                format!("{en} ({})", date_text(*accepted_on, Lang::En)),
            )
        }
    }
}

fn content_text(c: &ReportContent) -> Localized {
    match c {
        ReportContent::Hours { minutes } => Localized::new(
            format!("{}時間{}分", minutes / 60, minutes % 60),
            format!("{} h {} min", minutes / 60, minutes % 60),
        ),
        ReportContent::Deliverables { items } => Localized::new(items.join("、"), items.join(", ")),
    }
}

#[component]
fn Report(
    r: ReportRecord,
    id: StoredValue<String>,
    commissioner: bool,
    can_invoice: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let report_id = StoredValue::new(r.id.clone());
    let period = StoredValue::new(r.period.clone());
    let review = write_action(reload, move |input: ReviewInput, key: String| async move {
        api::fair::review(&id.get_value(), &report_id.get_value(), &input, &key).await
    });
    let invoice = write_action(reload, move |(): (), key: String| async move {
        api::fair::create_invoice(
            &id.get_value(),
            &InvoiceInput {
                period: period.get_value(),
            },
            &key,
        )
        .await
    });
    let reason = RwSignal::new(String::new());
    let waiting = matches!(r.state, ReportState::Submitted { .. });
    let state = report_state(&r.state);
    let content = content_text(&r.content);
    let field = format!("fw-fix-{}", r.id);
    view! {
        <li class="card" data-testid="report" data-period=r.period.clone()>
            <h3>{r.period.clone()}</h3>
            <p>{move || pick(lang, &content)}</p>
            <p><span class="badge" data-testid="report-state">{move || pick(lang, &state)}</span></p>
            <ErrorNotice error=error_of(review)/>
            {(commissioner && waiting).then(|| view! {
                <button type="button" class="button" data-testid="accept-report"
                    disabled=move || review.pending().get() on:click=move |_| { review.dispatch(ReviewInput::Accept); }>
                    {move || tr(lang, "受け入れる", "Accept")}
                </button>
                <label for=field.clone()>{move || tr(lang, "直してほしいこと", "What to fix")}</label>
                <input id=field.clone() type="text" bind:value=reason/>
                <button type="button" class="button button-secondary"
                    disabled=move || review.pending().get() on:click=move |_| { review.dispatch(ReviewInput::Fix { reason: reason.get() }); }>
                    {move || tr(lang, "直しを頼む", "Ask for a fix")}
                </button>
            })}
            {can_invoice.then(|| view! {
                <ErrorNotice error=error_of(invoice)/>
                <button type="button" class="button" data-testid="create-invoice"
                    disabled=move || invoice.pending().get() on:click=move |_| { invoice.dispatch(()); }>
                    {move || tr(lang, "この月の請求書を作る", "Make this month's invoice")}
                </button>
            })}
        </li>
    }
}

/// Where the commissioner pays: the resident's bank account and registration number, which the
/// server shows only to the paying party once contacts are open (else its words why not).
#[component]
fn PayTo(id: StoredValue<String>) -> impl IntoView {
    let lang = use_lang();
    let data = Fetched::new(move || api::fair::engagement_payout(id.get_value()));
    view! {
        <section class="card" data-testid="pay-to" aria-labelledby="pay-to-title">
            <h3 id="pay-to-title">{move || tr(lang, "振込先", "Where to pay")}</h3>
            {move || data.get().map(|r| match r {
                Ok(p) => match p.bank {
                    Some(b) => {
                        let kind = match b.account_type {
                            AccountType::Ordinary => ("普通", "Ordinary"),
                            AccountType::Current => ("当座", "Current"),
                        };
                        view! {
                            <p data-testid="pay-to-bank">{b.bank.clone()}" "{b.branch.clone()}" "
                                {move || tr(lang, kind.0, kind.1)}" "{b.number.clone()}" "{b.holder_kana.clone()}</p>
                        }.into_any()
                    }
                    None => view! { <p class="muted">{move || tr(lang,
                        "まだ振込先が登録されていません。本人に確かめてください。",
                        "No bank account registered yet. Please ask the person.")}</p> }.into_any(),
                },
                Err(e) => {
                    let m = e.message();
                    view! { <p class="muted">{move || pick(lang, &m)}</p> }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn Invoice(
    v: InvoiceView,
    commissioner: bool,
    contractor: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let invoice_id = StoredValue::new(v.record.id.clone());
    let paid_on = RwSignal::new(String::new());
    let amount = RwSignal::new(v.unpaid.0.to_string());
    let pay = write_action(reload, move |input: PaymentInput, key: String| async move {
        api::fair::record_payment(&invoice_id.get_value(), &input, &key).await
    });
    let confirm = write_action(reload, move |(): (), key: String| async move {
        api::fair::confirm_receipt(&invoice_id.get_value(), &key).await
    });
    let local_error = RwSignal::new(None::<Localized>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(paid_on), Ok(yen)) = (paid_on.get().parse(), amount.get().trim().parse::<u64>())
        else {
            local_error.set(Some(Localized::new(
                "支払った日と金額を入力してください。",
                "Please enter the date and the amount paid.",
            )));
            return;
        };
        local_error.set(None);
        pay.dispatch(PaymentInput {
            paid_on,
            amount: Yen(yen),
        });
    };
    let inv = &v.record.invoice;
    let due = inv.draft.due_on;
    let payable = inv.payable;
    let status = match (v.unpaid.0, v.overdue_since) {
        (0, _) => Localized::new("支払い済み", "Paid"),
        (_, Some(_)) => Localized::new(
            format!("支払日（{}）を過ぎています", date_text(due, Lang::Ja)),
            format!("Past the payment date ({})", date_text(due, Lang::En)),
        ),
        _ => Localized::new(
            format!("支払日 {}", date_text(due, Lang::Ja)),
            format!("Payment date {}", date_text(due, Lang::En)),
        ),
    };
    let to_confirm = contractor && v.record.payments.iter().any(|p| p.confirmed_on.is_none());
    let unpaid = v.unpaid.0 > 0;
    let note = v.buyer_note.clone();
    let text = v.text.clone();
    let pay_date = format!("fw-paid-{}", v.record.id);
    let pay_amount = format!("fw-amount-{}", v.record.id);
    view! {
        <li class="card" data-testid="invoice" data-period=v.record.period.clone()>
            <h3>{v.record.period.clone()}</h3>
            <p><strong>{move || payable.text(lang.get())}</strong></p>
            <p><span class="badge" data-testid="invoice-state">{move || pick(lang, &status)}</span></p>
            {note.map(|n| view! { <p class="hint">{move || pick(lang, &n)}</p> })}
            <details>
                <summary>{move || tr(lang, "請求書を見る", "See the invoice")}</summary>
                <div class="terms-body print-doc">{move || pick(lang, &text)}</div>
            </details>
            <p class="csv-links">
                <a class="button button-secondary" data-testid="invoice-csv" download
                    href=format!("/api/v1/invoices/{}?format=csv", v.record.id)>
                    {move || tr(lang, "CSVで保存（UTF-8）", "Save as CSV (UTF-8)")}
                </a>
                " "
                <a class="button button-secondary" data-testid="invoice-csv-sjis" download
                    href=format!("/api/v1/invoices/{}?format=csv&encoding=shift_jis", v.record.id)>
                    {move || tr(lang, "CSVで保存（Shift_JIS・会計ソフト用）", "Save as CSV (Shift_JIS, for accounting software)")}
                </a>
            </p>
            {(commissioner && unpaid).then(|| view! {
                <form class="form" on:submit=submit data-testid="payment-form">
                    <label for=pay_date.clone()>{move || tr(lang, "支払った日", "Date paid")}</label>
                    <input id=pay_date.clone() type="date" required bind:value=paid_on/>
                    <label for=pay_amount.clone()>{move || tr(lang, "金額（円）", "Amount (yen)")}</label>
                    <input id=pay_amount.clone() type="number" inputmode="numeric" min="1" required bind:value=amount/>
                    {move || local_error.get().map(|m| view! { <p class="notice notice-error" role="alert">{move || pick(lang, &m)}</p> })}
                    <ErrorNotice error=error_of(pay)/>
                    <button type="submit" class="button" data-testid="record-payment" disabled=move || pay.pending().get()>
                        {move || tr(lang, "支払いを記録する", "Record the payment")}
                    </button>
                </form>
            })}
            {to_confirm.then(|| view! {
                <ErrorNotice error=error_of(confirm)/>
                <button type="button" class="button" data-testid="confirm-receipt"
                    disabled=move || confirm.pending().get() on:click=move |_| { confirm.dispatch(()); }>
                    {move || tr(lang, "受け取りました", "I received it")}
                </button>
            })}
        </li>
    }
}
