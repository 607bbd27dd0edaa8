//! The resident's pay (`/me/earnings`, entry `earnings`, issue 19): the year's earnings month by
//! month (paid, still due, withheld) for 確定申告, saved as CSV or printed on A4, and how the
//! resident is paid: the invoice registration number (optional) and the bank account, which only
//! the paying party of an engagement sees once contacts open. Every figure and check is the
//! server's (`domain::fair_work::{earnings, payout}`). The payout form opens with a button, as a
//! chunk (`earnings_payout`, feature `split-earnings`) fetched beside the stored details, so the
//! page's first view carries only the year.

use domain::fair_work::Yen;
use domain::fair_work::api::{EarningsView, PayoutInput, PayoutProfile};
use domain::fair_work::earnings::Totals;
use domain::fair_work::payout::{AccountType, BankAccountInput};
use domain::model::Lang;
use leptos::prelude::*;

use crate::api::{self, ApiError, Unread};
use crate::components::form::{ErrorNotice, ErrorSummary, Radio, TextField, field_error};
use crate::components::load::{LoadError, Skeleton, Tr};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::use_lang;
use crate::split::{BuildView, ChunkMissing, InChunk};

#[component]
pub fn MyEarnings() -> impl IntoView {
    view! {
        <section class="page narrow" data-testid="my-earnings">
            <h1><Tr ja="報酬と受け取り方" en="Pay and how you are paid"/></h1>
            <p class="hint"><Tr
                ja="請求書と支払いの記録から、月ごとの売上・入金・源泉徴収を出します。確定申告に使えます。"
                en="Your invoices and the payments recorded, month by month: earned, paid and withheld. Use it for your tax return."/></p>
            <Earnings/>
            <Payout/>
        </section>
    }
}

/// The year shown: the server's year until the person picks another.
#[component]
fn Earnings() -> impl IntoView {
    let year = RwSignal::new(None::<i32>);
    // Read again when another year is picked (the last year's figures stay until it arrives).
    let data = Fetched::new(move || api::fair::earnings(year.get()));
    move || match data.get() {
        None => Skeleton().into_fresh(),
        Some(Ok(v)) => view! { <Year v year/> }.into_fresh(),
        Some(Err(e)) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_fresh(),
    }
}

fn yen(lang: RwSignal<Lang>, y: Yen) -> String {
    y.text(lang.get())
}

#[component]
fn Year(v: EarningsView, year: RwSignal<Option<i32>>) -> impl IntoView {
    let lang = use_lang();
    let shown = v.year;
    let csv = move |sjis: bool| {
        let enc = if sjis { "&encoding=shift_jis" } else { "" };
        format!("/api/v1/me/earnings?year={shown}&format=csv{enc}")
    };
    let totals = v.totals;
    let overdue = v.overdue.len();
    view! {
        <section aria-labelledby="earnings-title" class="report-block" data-testid="earnings" data-year=shown.to_string()>
            <h2 id="earnings-title">{move || match lang.get() {
                Lang::Ja => format!("{shown}年の収入"),
                Lang::En => format!("Earnings in {shown}"),
            }}</h2>
            <div class="actions no-print">
                <button type="button" class="button button-secondary" data-testid="earlier-year"
                    on:click=move |_| year.set(Some(shown - 1))>
                    {move || match lang.get() { Lang::Ja => format!("{}年", shown - 1), Lang::En => format!("{}", shown - 1) }}
                </button>
                <button type="button" class="button button-secondary" data-testid="later-year"
                    on:click=move |_| year.set(Some(shown + 1))>
                    {move || match lang.get() { Lang::Ja => format!("{}年", shown + 1), Lang::En => format!("{}", shown + 1) }}
                </button>
            </div>
            {(overdue > 0).then(|| view! {
                <p class="notice notice-error" role="alert" data-testid="earnings-overdue">
                    {move || match lang.get() {
                        Lang::Ja => format!("支払日を過ぎても入金のない請求書が {overdue} 件あります。お知らせから確かめてください。"),
                        Lang::En => format!("{overdue} invoice(s) are unpaid past the payment date. See your inbox."),
                    }}
                </p>
            })}
            {if v.months.is_empty() {
                view! { <p class="muted" data-testid="earnings-none"><Tr ja="この年の請求書はまだありません。" en="No invoices this year yet."/></p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table" data-testid="earnings-table">
                            <thead><tr>
                                <th scope="col"><Tr ja="月" en="Month"/></th>
                                <th scope="col"><Tr ja="売上（税込）" en="Earned (incl. tax)"/></th>
                                <th scope="col"><Tr ja="入金" en="Paid"/></th>
                                <th scope="col"><Tr ja="源泉徴収" en="Withheld"/></th>
                                <th scope="col"><Tr ja="未入金" en="Still due"/></th>
                            </tr></thead>
                            <tbody>
                                {v.months.into_iter().map(|m| {
                                    let t = m.totals;
                                    let month = m.month;
                                    view! {
                                        <tr data-month=month.to_string()>
                                            <th scope="row">{move || match lang.get() { Lang::Ja => format!("{month}月"), Lang::En => format!("{shown}-{month:02}") }}</th>
                                            <Cells t lang/>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr data-testid="earnings-total">
                                <th scope="row"><Tr ja="合計" en="Total"/></th>
                                <Cells t=totals lang/>
                            </tr></tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
            <div class="actions no-print">
                <a class="button button-secondary" href=csv(false) download=format!("musubi-earnings-{shown}.csv") data-testid="earnings-csv">
                    <Tr ja="CSVで保存" en="Save as CSV"/></a>
                <a class="button button-secondary" href=csv(true) download=format!("musubi-earnings-{shown}-sjis.csv") data-testid="earnings-csv-sjis">
                    <Tr ja="CSVで保存（Shift_JIS・古い表計算ソフト用）" en="Save as CSV (Shift_JIS, for older spreadsheets)"/></a>
                <button type="button" class="button button-secondary" data-testid="earnings-print"
                    on:click=move |_| crate::components::print_page()>
                    <Tr ja="A4で印刷" en="Print on A4"/></button>
            </div>
        </section>
    }
}

#[component]
fn Cells(t: Totals, lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <td>{move || yen(lang, t.earned)}</td>
        <td>{move || yen(lang, t.paid)}</td>
        <td>{move || yen(lang, t.withheld)}</td>
        <td>{move || yen(lang, t.due)}</td>
    }
}

/// The form's text, from what is stored (empty where nothing is).
fn input_of(p: &PayoutProfile) -> (String, BankAccountInput) {
    let bank = p
        .bank
        .as_ref()
        .map_or_else(BankAccountInput::default, |b| BankAccountInput {
            bank: b.bank.clone(),
            branch: b.branch.clone(),
            account_type: Some(b.account_type),
            number: b.number.clone(),
            holder_kana: b.holder_kana.clone(),
        });
    let reg = p
        .registration_number
        .as_ref()
        .map(|r| r.as_str().to_owned())
        .unwrap_or_default();
    (reg, bank)
}

/// How the resident is paid: opened with a button, its form and the stored details then
/// fetched at the same time (the form's code as a chunk).
#[component]
fn Payout() -> impl IntoView {
    let open = RwSignal::new(false);
    let body = move || {
        if open.get() {
            return view! { <InChunk load=load_payout/> }.into_fresh();
        }
        view! {
            <p class="hint"><Tr
                ja="インボイスの登録番号と、報酬を振り込んでもらう口座です。"
                en="Your invoice registration number and the bank account you are paid into."/></p>
            <button type="button" class="button button-secondary button-wide" data-testid="open-payout"
                on:click=move |_| open.set(true)>
                <Tr ja="受け取り方を見る・変える" en="See or change how you are paid"/></button>
        }
        .into_fresh()
    };
    view! {
        <section aria-labelledby="payout-title" class="report-block no-print" data-testid="payout">
            <h2 id="payout-title"><Tr ja="報酬の受け取り方" en="How you are paid"/></h2>
            {body}
        </section>
    }
}

/// The payout form's chunk and the stored details, each retried with a back-off.
async fn load_payout() -> Result<ViewFn, ApiError> {
    use api::resident::with_retries;
    let (form, stored) = futures_util::future::join(
        with_retries(|| async { payout_form().await.map_err(ApiError::from) }),
        with_retries(api::fair::payout),
    )
    .await;
    form?.build(stored?)
}

crate::split::in_chunk! { "split-earnings", earnings_payout,
    /// The payout form, filled from the stored details fetched beside it.
    fn payout_form() -> Result<BuildView<Unread<PayoutProfile>>, ChunkMissing> {
        Ok(BuildView::new(|stored: Unread<PayoutProfile>| {
            let p = stored.read()?;
            Ok(ViewFn::from(move || view! { <PayoutForm p=p.clone()/> }.into_any()))
        }))
    }
}

/// The element of a field the server names (`bank.number` → `bank-number`).
fn field_id(field: &str) -> String {
    field.replace('.', "-")
}

#[component]
fn PayoutForm(p: PayoutProfile) -> impl IntoView {
    let lang = use_lang();
    let (reg, b) = input_of(&p);
    let registration = RwSignal::new(reg);
    let bank = RwSignal::new(b.bank);
    let branch = RwSignal::new(b.branch);
    let kind = RwSignal::new(b.account_type);
    let number = RwSignal::new(b.number);
    let holder = RwSignal::new(b.holder_kana);
    // A PUT of the whole profile: sending it again is the same request, so it needs no key.
    let save = Action::new_local(move |input: &PayoutInput| {
        let input = input.clone();
        async move { api::fair::set_payout(&input).await }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    // Field errors show at their fields and in the summary; anything else here.
    let general = Signal::derive(move || error.get().filter(|e| e.status() != Some(422)));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let field = move |name: &'static str| field_error(error, name);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = BankAccountInput {
            bank: bank.get(),
            branch: branch.get(),
            account_type: kind.get(),
            number: number.get(),
            holder_kana: holder.get(),
        };
        // Nothing typed in the bank fields: no bank details (the company pays as agreed).
        let empty = typed.account_type.is_none()
            && [
                &typed.bank,
                &typed.branch,
                &typed.number,
                &typed.holder_kana,
            ]
            .iter()
            .all(|s| s.trim().is_empty());
        save.dispatch(PayoutInput {
            registration_number: registration.get(),
            bank: (!empty).then_some(typed),
        });
    };
    view! {
        <p class="hint"><Tr
            ja="口座は、取引条件を確かめ合い連絡先が開いた相手の会社（支払う側）だけが見られます。アカウントを消すと一緒に消えます。"
            en="Only the company that pays you sees your account, once your contacts are open to it. Deleting your account erases it."/></p>
        <form class="form" on:submit=submit data-testid="payout-form" novalidate>
            <TextField id="registration_number" label=("インボイスの登録番号（あれば）", "Invoice registration number (if you have one)")
                value=registration hint=("T と13桁の数字。なければ空のままで、ふつうの請求書になります。", "T and 13 digits. Leave it empty if you have none: your invoices are then plain ones.")
                error=field("registration_number")/>
            <TextField id="bank-bank" label=("銀行名", "Bank") value=bank error=field("bank.bank")/>
            <TextField id="bank-branch" label=("支店名", "Branch") value=branch error=field("bank.branch")/>
            <fieldset class="field">
                <legend><Tr ja="口座の種類" en="Account type"/></legend>
                <Radio id="bank-account_type" name="account_type" value=AccountType::Ordinary selected=kind label=("普通", "Ordinary")/>
                <Radio id="bank-account_type-current" name="account_type" value=AccountType::Current selected=kind label=("当座", "Current")/>
                <p class="field-error" id="bank-account_type-error" role="alert">
                    {move || field("bank.account_type").get().map(|m| crate::i18n::pick(lang, &m))}
                </p>
            </fieldset>
            <TextField id="bank-number" label=("口座番号（7桁）", "Account number (7 digits)") value=number
                error=field("bank.number")/>
            <TextField id="bank-holder_kana" label=("口座名義（カタカナ）", "Account holder (katakana)") value=holder
                hint=("通帳のとおりに。例：ヤマダ ハナコ", "As in your passbook, e.g. ヤマダ ハナコ") error=field("bank.holder_kana")/>
            <ErrorSummary error id_of=field_id/>
            <ErrorNotice error=general/>
            {move || saved().then(|| view! {
                <p class="notice notice-success" role="status" data-testid="payout-saved"><Tr ja="保存しました。" en="Saved."/></p>
            })}
            <button type="submit" class="button button-wide" data-testid="save-payout" disabled=move || save.pending().get()>
                <Tr ja="保存する" en="Save"/></button>
        </form>
    }
}
