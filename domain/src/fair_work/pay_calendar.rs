//! The pay calendar (支払期日) of an engagement: a closing day and a payment day chosen per job,
//! turned into each period's concrete due date, and the Freelance Act's limits on them.
//!
//! Sources (特定受託事業者に係る取引の適正化等に関する法律):
//! - Art. 4(1): a 特定業務委託事業者 sets the payment date within 60 days counted from the day it
//!   receives the work (給付を受領した日から起算して60日), whether or not it inspects it, and as
//!   early as possible. "起算して" counts the day of receipt as day 1, so the 60th day is the day of
//!   receipt plus 59 days ([`last_day_of_period`]).
//! - Art. 4(2): with no payment date set, the day of receipt is the due date; with a date set
//!   beyond the limit, the 60th day is ([`statutory_due_date`]).
//! - Art. 4(3): for a 再委託 whose terms statement names the original client and the date it pays
//!   (元委託支払期日), the date may instead be within 30 days counted from that date
//!   ([`recommission_latest_due`]); Art. 4(4) deems the original date when none is set and the
//!   30th day when a later one is ([`recommission_statutory_due`]).
//! - 公正取引委員会「特定受託事業者に係る取引の適正化等に関する法律の考え方」: the date must be a
//!   concrete day (e.g. 毎月末日締め翌月25日払), not "within 60 days".
//!
//! With a closing day, work received on any day of a period is paid on that period's payment day,
//! so the work received on the first day of the period waits longest. [`PaySchedule::check`]
//! refuses a schedule when that first day can be paid later than its limit in any month.
//!
//! Monthly closing (月単位の締切制度): every [`PaySchedule`] closes once a month. For such
//! schedules the authorities apply "within 60 days of receipt" as "within 2 months of receipt".
//! The official Q&A on this Act (公正取引委員会・厚生労働省, Q&A 問47) asks exactly this: a
//! 特定業務委託事業者 with 毎月末日納品締切、翌月末日支払 pays some work on day 61 or 62; the answer
//! is 「本法の運用に当たっては、給付を受領した日から60日以内との規定を、給付を受領した日から
//! 2か月以内として運用するため、本法上問題としません」 (checked 2026-12-03 in a labour
//! consultant's reproduction of the Q&A, www7b.biglobe.ne.jp/~tomozawa-sr/tokusyuu202506.html;
//! the same reading as 下請法's 運用基準, and law firms' summaries state it too, e.g.
//! esora-law.com/law/freelance③). 「60日以内とする」 is no payment date, and
//! 「月末締め、翌々月●日支払い」 fails the rule (with-bright-web.com). So 末日締め翌月末日払い is
//! lawful: work received on 1 July is paid on 31 August, the last day of the 2 months counted
//! from 1 July (民法 第143条), although that is day 62. The limit of a period is the later of
//! its 60th day and the end of its 2 months ([`monthly_limit`]); a schedule lawful under the
//! plain 60 days stays lawful.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ending::months_period_end;
use super::{Refusal, RefusalCode, date_text, day_number, last_day_of_month, last_day_of_period};
use crate::model::Lang;
use crate::validate::{ErrorCode, FieldError, ValidationErrors};

/// The payment limit of Art. 4(1), in days counting the day of receipt as day 1.
pub const PAYMENT_LIMIT_DAYS: u64 = 60;
/// The 再委託 limit of Art. 4(3), in days counting the original client's payment date as day 1.
pub const RECOMMISSION_LIMIT_DAYS: u64 = 30;
/// Latest numbered day a closing or payment day may be (every month has it); later means 末日.
pub const MAX_NUMBERED_DAY: u8 = 28;
/// 当月, 翌月 or 翌々月.
pub const MAX_MONTHS_AFTER: u8 = 2;
/// The 60 days of Art. 4(1) as the authorities apply them to monthly closing: 2 months.
pub const MONTHLY_LIMIT_MONTHS: u32 = 2;

/// The latest lawful payment date for work received on `receipt` under a monthly closing
/// schedule: the later of the 60th day (receipt = day 1) and the last day of the 2 months that
/// start on `receipt` (民法 第143条; see the module note on the "2 months" reading).
pub fn monthly_limit(receipt: NaiveDate) -> NaiveDate {
    last_day_of_period(receipt, PAYMENT_LIMIT_DAYS)
        .max(months_period_end(receipt, MONTHLY_LIMIT_MONTHS))
}
/// How many months [`PaySchedule::check`] scans: any 97 months hold every pattern of month
/// lengths and a 29 February (leap years are at most 8 years apart, e.g. 2096 and 2104).
const SCAN_MONTHS: u32 = 97;

/// A day of the month: a numbered day (1–28) or the last day (末日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthDay {
    Day(u8),
    EndOfMonth,
}

impl MonthDay {
    /// This day in a month.
    pub fn in_month(self, year: i32, month: u32) -> NaiveDate {
        let last = last_day_of_month(year, month);
        match self {
            MonthDay::EndOfMonth => last,
            MonthDay::Day(n) => last.with_day(u32::from(n)).unwrap_or(last),
        }
    }

    /// 1–28 for numbered days, 31 for 末日 (later than every numbered day).
    fn rank(self) -> u8 {
        match self {
            MonthDay::Day(n) => n,
            MonthDay::EndOfMonth => 31,
        }
    }

    fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (MonthDay::EndOfMonth, Lang::Ja) => "末日".to_owned(),
            (MonthDay::EndOfMonth, Lang::En) => "the last day".to_owned(),
            (MonthDay::Day(n), Lang::Ja) => format!("{n}日"),
            (MonthDay::Day(n), Lang::En) => format!("day {n}"),
        }
    }

    fn is_valid(self) -> bool {
        match self {
            MonthDay::Day(n) => (1..=MAX_NUMBERED_DAY).contains(&n),
            MonthDay::EndOfMonth => true,
        }
    }
}

/// A job's pay calendar: "毎月{closing}締め、{months_after}か月後の{pay_day}払い".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaySchedule {
    pub closing: MonthDay,
    /// 0 = 当月, 1 = 翌月, 2 = 翌々月.
    pub pay_months_after: u8,
    pub pay_day: MonthDay,
}

/// 末日締め翌月末日払い: the calendar most Japanese companies pay on.
impl Default for PaySchedule {
    fn default() -> Self {
        PaySchedule::END_NEXT_END
    }
}

/// One period of a schedule: work received from `first` to `closing` is paid on `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayPeriod {
    pub first: NaiveDate,
    pub closing: NaiveDate,
    pub due: NaiveDate,
}

impl PaySchedule {
    /// 末日締め翌月末日払い.
    pub const END_NEXT_END: PaySchedule = PaySchedule {
        closing: MonthDay::EndOfMonth,
        pay_months_after: 1,
        pay_day: MonthDay::EndOfMonth,
    };

    /// The schedule in words: `毎月末日締め、翌月25日払い` / `Closing on the last day of each
    /// month, paid on day 25 of the next month`.
    pub fn text(&self, lang: Lang) -> String {
        let month = |lang| match (self.pay_months_after, lang) {
            (0, Lang::Ja) => "当月",
            (1, Lang::Ja) => "翌月",
            (_, Lang::Ja) => "翌々月",
            (0, Lang::En) => "the same month",
            (1, Lang::En) => "the next month",
            (_, Lang::En) => "the month after next",
        };
        match lang {
            Lang::Ja => format!(
                "毎月{}締め、{}{}払い",
                self.closing.text(lang),
                month(lang),
                self.pay_day.text(lang)
            ),
            Lang::En => format!(
                "Closing on {} of each month, paid on {} of {}",
                self.closing.text(lang),
                self.pay_day.text(lang),
                month(lang)
            ),
        }
    }

    /// Form problems: days out of range, or a payment day before the closing day in the same
    /// month. Field names: `closing_day`, `pay_months_after`, `pay_day`.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let mut push = |field: &str, code, ja: &str, en: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                code,
                message: crate::model::Localized::new(ja, en),
            });
        };
        if !self.closing.is_valid() {
            push(
                "closing_day",
                ErrorCode::OutOfRange,
                "「締め日」は1日〜28日か末日を選んでください。",
                "Please choose day 1 to 28 or the last day as the closing day.",
            );
        }
        if !self.pay_day.is_valid() {
            push(
                "pay_day",
                ErrorCode::OutOfRange,
                "「支払日」は1日〜28日か末日を選んでください。",
                "Please choose day 1 to 28 or the last day as the payment day.",
            );
        }
        if self.pay_months_after > MAX_MONTHS_AFTER {
            push(
                "pay_months_after",
                ErrorCode::InvalidChoice,
                "「支払月」は当月・翌月・翌々月から選んでください。",
                "Please choose the same month, the next month or the month after next for payment.",
            );
        } else if self.pay_months_after == 0 && self.pay_day.rank() < self.closing.rank() {
            push(
                "pay_day",
                ErrorCode::DateOrder,
                "当月払いの「支払日」は締め日より後の日にしてください。",
                "Paid in the same month, the payment day must come after the closing day.",
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// The closing date in a month.
    pub fn closing_in(&self, year: i32, month: u32) -> NaiveDate {
        self.closing.in_month(year, month)
    }

    /// The closing date of the period that holds `day`: the first closing date on or after it.
    pub fn closing_for(&self, day: NaiveDate) -> NaiveDate {
        let this = self.closing_in(day.year(), day.month());
        if day <= this {
            this
        } else {
            let next = first_of_next_month(day);
            self.closing_in(next.year(), next.month())
        }
    }

    /// The payment date of the period closing on `closing`.
    pub fn due_for_closing(&self, closing: NaiveDate) -> NaiveDate {
        let month = closing
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(u32::from(self.pay_months_after))))
            .unwrap_or(NaiveDate::MAX);
        self.pay_day.in_month(month.year(), month.month())
    }

    /// The period that holds `day`, with its concrete due date.
    pub fn period_of(&self, day: NaiveDate) -> PayPeriod {
        let closing = self.closing_for(day);
        let previous = closing
            .with_day(1)
            .and_then(|d| d.pred_opt())
            .map(|d| self.closing_in(d.year(), d.month()));
        let first = previous.and_then(|p| p.succ_opt()).unwrap_or(closing);
        PayPeriod {
            first,
            closing,
            due: self.due_for_closing(closing),
        }
    }

    /// The due date of work received on `receipt`.
    pub fn due_date(&self, receipt: NaiveDate) -> NaiveDate {
        self.due_for_closing(self.closing_for(receipt))
    }

    /// The receipt date that waits longest for its pay in the eight years from `from`'s month,
    /// with its due date and its day number (receipt = day 1). Earliest of equal waits.
    pub fn longest_wait(&self, from: NaiveDate) -> (NaiveDate, NaiveDate, i64) {
        let start = from.with_day(1).unwrap_or(from);
        let mut worst: Option<(NaiveDate, NaiveDate, i64)> = None;
        for i in 0..SCAN_MONTHS {
            let Some(month) = start.checked_add_months(Months::new(i)) else {
                break;
            };
            let closing = self.closing_in(month.year(), month.month());
            let period = self.period_of(closing);
            let n = day_number(period.first, period.due);
            if worst.is_none_or(|(_, _, w)| n > w) {
                worst = Some((period.first, period.due, n));
            }
        }
        worst.unwrap_or((
            from,
            self.due_date(from),
            day_number(from, self.due_date(from)),
        ))
    }

    /// Art. 4(1): refuses a schedule under which some work would be paid after its limit
    /// ([`monthly_limit`]: the 60th day counting the day of receipt as day 1, or the end of the
    /// 2 months from it, whichever is later). The refusal names the receipt date that would be
    /// paid late, its payment date, its day number and the last lawful day. Validate the shape
    /// first ([`Self::validate`]).
    pub fn check(&self, from: NaiveDate) -> Result<(), Refusal> {
        let Some((receipt, due, n)) = self.latest_beyond_limit(from) else {
            return Ok(());
        };
        let limit = monthly_limit(receipt);
        Err(Refusal::new(
            RefusalCode::PaymentTooLate,
            format!(
                "この支払日では遅すぎます。{}に受け取った仕事の支払いが{}になり、受け取った日を1日目として{}日目です。法律で、支払いは受け取った日から60日以内（月ごとの締めでは2か月以内、この場合{}）までです。支払日を早めてください（例：末日締めなら翌月末日払い）。",
                date_text(receipt, Lang::Ja),
                date_text(due, Lang::Ja),
                n,
                date_text(limit, Lang::Ja),
            ),
            format!(
                "This payment day is too late. Work received on {} would be paid on {}, day {} counting the day of receipt as day 1. The law requires payment within 60 days of receipt (2 months for monthly closing; by {} here). Please choose an earlier payment day (e.g. the last day of the next month for closing on the last day).",
                date_text(receipt, Lang::En),
                date_text(due, Lang::En),
                n,
                date_text(limit, Lang::En),
            ),
        ))
    }

    /// The first period start (from `from`'s month, over eight years) whose payment falls after
    /// its [`monthly_limit`], with its due date and day number; `None` when every period is paid
    /// in time.
    fn latest_beyond_limit(&self, from: NaiveDate) -> Option<(NaiveDate, NaiveDate, i64)> {
        let start = from.with_day(1).unwrap_or(from);
        (0..SCAN_MONTHS)
            .filter_map(|i| start.checked_add_months(Months::new(i)))
            .map(|month| self.period_of(self.closing_in(month.year(), month.month())))
            .find(|p| p.due > monthly_limit(p.first))
            .map(|p| (p.first, p.due, day_number(p.first, p.due)))
    }
}

/// Every lawful payment choice for a closing day (for the job form: offer only these), in
/// order of payment month and day. Each passes [`PaySchedule::validate`] and
/// [`PaySchedule::check`].
pub fn lawful_choices(closing: MonthDay, from: NaiveDate) -> Vec<PaySchedule> {
    let days = (1..=MAX_NUMBERED_DAY)
        .map(MonthDay::Day)
        .chain([MonthDay::EndOfMonth]);
    (0..=MAX_MONTHS_AFTER)
        .flat_map(|m| {
            days.clone().map(move |pay_day| PaySchedule {
                closing,
                pay_months_after: m,
                pay_day,
            })
        })
        .filter(|s| s.validate().is_ok() && s.check(from).is_ok())
        .collect()
}

fn first_of_next_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// Art. 4(1)–(2) under a monthly closing schedule: the agreed date, capped at the receipt's
/// [`monthly_limit`] (the "2 months" reading). Every [`PaySchedule`] closes monthly.
pub fn statutory_due_date_monthly(agreed: NaiveDate, receipt: NaiveDate) -> NaiveDate {
    agreed.min(monthly_limit(receipt))
}

/// Art. 4(1)–(2): the due date the law holds the commissioner to. With no agreed date, the
/// day of receipt; with an agreed date past the 60th day, the 60th day; else the agreed date.
pub fn statutory_due_date(agreed: Option<NaiveDate>, receipt: NaiveDate) -> NaiveDate {
    let limit = last_day_of_period(receipt, PAYMENT_LIMIT_DAYS);
    match agreed {
        None => receipt,
        Some(d) => d.min(limit),
    }
}

/// Art. 4(3): the latest due date of a 再委託: the 30th day counting the original client's
/// payment date (元委託支払期日) as day 1.
pub fn recommission_latest_due(original_due: NaiveDate) -> NaiveDate {
    last_day_of_period(original_due, RECOMMISSION_LIMIT_DAYS)
}

/// Art. 4(4): the due date the law holds the intermediary to in a 再委託: the original client's
/// date when none is agreed, the 30th day when a later one is, else the agreed date.
pub fn recommission_statutory_due(agreed: Option<NaiveDate>, original_due: NaiveDate) -> NaiveDate {
    match agreed {
        None => original_due,
        Some(d) => d.min(recommission_latest_due(original_due)),
    }
}

/// A 再委託 pays a fixed number of days after the original client's payment date; refuses an
/// offset that reaches past the 30th day (Art. 4(3)).
pub fn check_recommission_offset(days_after_original: u32) -> Result<(), Refusal> {
    if u64::from(days_after_original) < RECOMMISSION_LIMIT_DAYS {
        return Ok(());
    }
    Err(Refusal::new(
        RefusalCode::PaymentTooLate,
        format!(
            "元の発注者が払う日の{days_after_original}日後では遅すぎます。再委託では、元の発注者が払う日を1日目として30日目（29日後）までに払ってください。"
        ),
        format!(
            "{days_after_original} days after the original client pays is too late. In a re-commission, pay by day 30 counting the original client's payment date as day 1 (29 days after it)."
        ),
    ))
}

/// Refuses a concrete agreed due date past the 60th day from receipt (Art. 4(1)), naming both.
pub fn check_due_date(receipt: NaiveDate, due: NaiveDate) -> Result<(), Refusal> {
    let n = day_number(receipt, due);
    if n <= PAYMENT_LIMIT_DAYS as i64 {
        return Ok(());
    }
    let limit = last_day_of_period(receipt, PAYMENT_LIMIT_DAYS);
    Err(Refusal::new(
        RefusalCode::PaymentTooLate,
        format!(
            "支払日{}は、受け取った日{}を1日目として{}日目です。60日目の{}までにしてください。",
            date_text(due, Lang::Ja),
            date_text(receipt, Lang::Ja),
            n,
            date_text(limit, Lang::Ja)
        ),
        format!(
            "Paying on {} is day {} counting the day of receipt, {}, as day 1. Please pay by day 60, {}.",
            date_text(due, Lang::En),
            n,
            date_text(receipt, Lang::En),
            date_text(limit, Lang::En)
        ),
    ))
}

#[cfg(test)]
mod tests;
