//! The pay calendar's three choices (closing day, month of payment, payment day), shared by the
//! company's job form and the commissioner's terms form, with the domain's verdict on whether
//! every period is paid in time (`PaySchedule::check`) shown as the choice changes.

use chrono::NaiveDate;
use domain::fair_work::pay_calendar::{MAX_NUMBERED_DAY, MonthDay, PaySchedule};
use domain::model::{Lang, Localized};
use leptos::prelude::*;

use crate::i18n::{pick, tr, use_lang};

/// 末日 as the select's value: later than every numbered day.
const END: u8 = 31;

/// One signal per choice; days are 1–28 or [`END`].
#[derive(Debug, Clone, Copy)]
pub struct PayCalendar {
    pub closing: RwSignal<u8>,
    pub months: RwSignal<u8>,
    pub pay_day: RwSignal<u8>,
}

fn number(day: MonthDay) -> u8 {
    match day {
        MonthDay::Day(n) => n,
        MonthDay::EndOfMonth => END,
    }
}

fn month_day(n: u8) -> MonthDay {
    if n > MAX_NUMBERED_DAY {
        MonthDay::EndOfMonth
    } else {
        MonthDay::Day(n)
    }
}

impl PayCalendar {
    pub fn new(s: PaySchedule) -> Self {
        PayCalendar {
            closing: RwSignal::new(number(s.closing)),
            months: RwSignal::new(s.pay_months_after),
            pay_day: RwSignal::new(number(s.pay_day)),
        }
    }

    pub fn set(&self, s: PaySchedule) {
        self.closing.set(number(s.closing));
        self.months.set(s.pay_months_after);
        self.pay_day.set(number(s.pay_day));
    }

    /// The choice as the domain's schedule (tracked).
    pub fn schedule(&self) -> PaySchedule {
        PaySchedule {
            closing: month_day(self.closing.get()),
            pay_months_after: self.months.get(),
            pay_day: month_day(self.pay_day.get()),
        }
    }

    /// A day as the job form sends it: `1`–`28` or `end`.
    pub fn form_day(n: u8) -> String {
        if n > MAX_NUMBERED_DAY {
            "end".to_owned()
        } else {
            n.to_string()
        }
    }
}

/// Today on this device.
pub fn device_today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        i32::try_from(now.get_full_year()).unwrap_or(2026),
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// The chosen calendar in words when it pays in time, or the domain's refusal naming the date
/// that would be paid late and why. Checked from `from` (today when not given).
pub fn verdict(schedule: PaySchedule, from: Option<NaiveDate>) -> Result<Localized, Localized> {
    let from = from.unwrap_or_else(device_today);
    match schedule.check(from) {
        Ok(()) => Ok(Localized::new(
            format!("{}：支払いは法律の期限内です。", schedule.text(Lang::Ja)),
            format!(
                "{}: payment is within the legal limit.",
                schedule.text(Lang::En)
            ),
        )),
        Err(refusal) => Err(refusal.message),
    }
}

fn day_label(n: u8, lang: Lang) -> String {
    match (n > MAX_NUMBERED_DAY, lang) {
        (true, Lang::Ja) => "末日".to_owned(),
        (true, Lang::En) => "the last day".to_owned(),
        (false, Lang::Ja) => format!("{n}日"),
        (false, Lang::En) => format!("day {n}"),
    }
}

/// A select of the days 1–28 and 末日, showing `value`.
#[component]
fn DaySelect(id: String, value: RwSignal<u8>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select id=id on:change=move |ev| value.set(event_target_value(&ev).parse().unwrap_or(END))>
            {(1..=MAX_NUMBERED_DAY).chain([END]).map(|n| view! {
                <option value=n.to_string() prop:selected=move || value.get() == n>{move || day_label(n, lang.get())}</option>
            }).collect_view()}
        </select>
    }
}

/// The three selects and the verdict (`data-testid="schedule-check"`, `data-lawful`). Ids are
/// `{prefix}closing`, `{prefix}pay-month` and `{prefix}pay-day`.
#[component]
pub fn PayCalendarFields(
    cal: PayCalendar,
    prefix: &'static str,
    /// The first day of work, when the form knows it.
    #[prop(into)]
    from: Signal<Option<NaiveDate>>,
) -> impl IntoView {
    let lang = use_lang();
    let check = move || verdict(cal.schedule(), from.get());
    view! {
        <fieldset class="field" data-testid="pay-calendar">
            <legend>{move || tr(lang, "締め日と支払日", "Closing and payment day")}</legend>
            <label for=format!("{prefix}closing")>{move || tr(lang, "締め日（毎月）", "Closing day (each month)")}</label>
            <DaySelect id=format!("{prefix}closing") value=cal.closing/>
            <label for=format!("{prefix}pay-month")>{move || tr(lang, "支払う月", "Month of payment")}</label>
            <select id=format!("{prefix}pay-month") on:change=move |ev| cal.months.set(event_target_value(&ev).parse().unwrap_or(1))>
                <option value="0" prop:selected=move || cal.months.get() == 0>{move || tr(lang, "当月", "The same month")}</option>
                <option value="1" prop:selected=move || cal.months.get() == 1>{move || tr(lang, "翌月", "The next month")}</option>
                <option value="2" prop:selected=move || cal.months.get() == 2>{move || tr(lang, "翌々月", "The month after next")}</option>
            </select>
            <label for=format!("{prefix}pay-day")>{move || tr(lang, "支払日", "Payment day")}</label>
            <DaySelect id=format!("{prefix}pay-day") value=cal.pay_day/>
            {move || match check() {
                Ok(fine) => view! { <p class="hint" role="status" data-testid="schedule-check" data-lawful="true">{move || pick(lang, &fine)}</p> }.into_any(),
                Err(late) => view! { <p class="notice notice-error" role="alert" data-testid="schedule-check" data-lawful="false">{move || pick(lang, &late)}</p> }.into_any(),
            }}
        </fieldset>
    }
}
