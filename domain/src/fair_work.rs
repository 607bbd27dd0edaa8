//! Fair work terms and pay (issue 19): the rules of the Freelance Act
//! (特定受託事業者に係る取引の適正化等に関する法律, 令和5年法律第25号, in force 2024-11-01), the
//! invoice system (インボイス制度) and withholding at source (源泉徴収) as pure functions.
//!
//! Dates are [`NaiveDate`]s passed in (no clock reads); money is [`Yen`], whole yen. Every
//! refusal is a [`Refusal`] with a stable code and a Japanese and English message; input
//! problems of a form are [`crate::validate::ValidationErrors`] like every other form.
//!
//! | module | rule |
//! |---|---|
//! | [`obligations`] | who is a 特定業務委託事業者 and which duties apply (Art. 2, 3, 4, 5, 12–16) |
//! | [`terms_statement`] | the terms statement (取引条件の明示, Art. 3) and its canonical text |
//! | [`pay_calendar`] | closing and payment days, the 60-day and 再委託 30-day limits (Art. 4) |
//! | [`acceptance`] | work reports and inspection (検収), automatic acceptance |
//! | [`billing`] | accepted reports to invoice lines, a period's due date |
//! | [`invoice`] | qualified invoices (適格請求書), tax per rate, the buyer's deduction by date |
//! | [`withholding`] | 源泉徴収 of 10.21% / 20.42% (所得税法204条) |
//! | [`ending`] | continuous length, 30 days' notice and its exceptions, the reason on request (Art. 16) |
//! | [`care`] | consideration of pregnancy, childcare and caregiving on request, a duty from 6 months (Art. 13) |
//! | [`payout`] | bank details' form, yen paid to residents per month for the city |
//! | [`earnings`] | monthly and yearly totals, overdue invoices |
//! | [`accounting_csv`] | rows for a company's accounting import |
//! | [`api`] | what the fair-work API sends and receives |

pub mod acceptance;
pub mod accounting_csv;
pub mod api;
pub mod billing;
pub mod care;
pub mod earnings;
pub mod ending;
pub mod invoice;
pub mod obligations;
pub mod pay_calendar;
pub mod payout;
pub mod shift_jis;
pub mod terms_statement;
pub mod waiting;
pub mod withholding;

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{Lang, Localized};

/// An amount of money in whole yen (円). Japanese prices and taxes have no smaller unit.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Yen(pub u64);

impl Yen {
    pub const ZERO: Yen = Yen(0);

    /// The part above `other`, or zero.
    pub fn saturating_sub(self, other: Yen) -> Yen {
        Yen(self.0.saturating_sub(other.0))
    }

    /// Grouped with commas, as on a Japanese invoice: `1,234,567`.
    pub fn grouped(self) -> String {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// `12,345円` / `¥12,345`.
    pub fn text(self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!("{}円", self.grouped()),
            Lang::En => format!("¥{}", self.grouped()),
        }
    }
}

impl fmt::Display for Yen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", self.grouped())
    }
}

impl Add for Yen {
    type Output = Yen;
    fn add(self, rhs: Yen) -> Yen {
        Yen(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Yen {
    fn add_assign(&mut self, rhs: Yen) {
        *self = *self + rhs;
    }
}

impl Sub for Yen {
    type Output = Yen;
    /// Saturates at zero: money owed never goes negative.
    fn sub(self, rhs: Yen) -> Yen {
        self.saturating_sub(rhs)
    }
}

impl std::iter::Sum for Yen {
    fn sum<I: Iterator<Item = Yen>>(iter: I) -> Yen {
        iter.fold(Yen::ZERO, Add::add)
    }
}

/// Stable, machine-readable reason of a refusal (snake_case on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    /// A pay schedule or due date beyond the Act's limit (Art. 4).
    PaymentTooLate,
    /// An action outside the window the rules allow (e.g. a fix request after acceptance).
    OutOfWindow,
    /// An action the current state does not allow.
    NotAllowedNow,
    /// Ending without the notice Art. 16 requires.
    NoticeTooShort,
    /// Values that contradict each other.
    Inconsistent,
    /// Work starting before both parties confirmed the terms statement (Art. 3).
    TermsNotAgreed,
}

impl RefusalCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::PaymentTooLate => "payment_too_late",
            RefusalCode::OutOfWindow => "out_of_window",
            RefusalCode::NotAllowedNow => "not_allowed_now",
            RefusalCode::NoticeTooShort => "notice_too_short",
            RefusalCode::Inconsistent => "inconsistent",
            RefusalCode::TermsNotAgreed => "terms_not_agreed",
        }
    }
}

/// Why the rules refuse an action, as a code for programs and plain words for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}: {}", .code.as_str(), .message.en)]
pub struct Refusal {
    pub code: RefusalCode,
    pub message: Localized,
}

impl Refusal {
    pub(crate) fn new(code: RefusalCode, ja: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal {
            code,
            message: Localized::new(ja, en),
        }
    }
}

/// The day number of `day` in a period that starts on `first` counted as day 1 (起算日を含む),
/// as the Act counts "受領した日から起算して60日": `first` is day 1, the next day day 2.
/// Zero or negative when `day` is before `first`.
pub fn day_number(first: NaiveDate, day: NaiveDate) -> i64 {
    (day - first).num_days() + 1
}

/// The last day of a period of `days` days that starts on `first` counted as day 1.
pub fn last_day_of_period(first: NaiveDate, days: u64) -> NaiveDate {
    first
        .checked_add_days(Days::new(days.saturating_sub(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// A date as people read it: `2026年7月1日` / `1 July 2026`.
pub fn date_text(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[d.month0() as usize],
            d.year()
        ),
    }
}

/// Both languages of [`date_text`].
pub fn date_texts(d: NaiveDate) -> Localized {
    Localized::new(date_text(d, Lang::Ja), date_text(d, Lang::En))
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The last day of a month.
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn yen_groups_digits_and_never_goes_negative() {
        assert_eq!(Yen(0).grouped(), "0");
        assert_eq!(Yen(999).grouped(), "999");
        assert_eq!(Yen(1000).grouped(), "1,000");
        assert_eq!(Yen(1_234_567).text(Lang::Ja), "1,234,567円");
        assert_eq!(Yen(1_234_567).text(Lang::En), "¥1,234,567");
        assert_eq!(Yen(5) - Yen(9), Yen::ZERO);
        assert_eq!([Yen(1), Yen(2)].into_iter().sum::<Yen>(), Yen(3));
        assert_eq!(serde_json::to_string(&Yen(12)).expect("json"), "12");
    }

    #[test]
    fn the_first_day_is_day_one() {
        assert_eq!(day_number(d(2026, 7, 1), d(2026, 7, 1)), 1);
        assert_eq!(day_number(d(2026, 7, 1), d(2026, 8, 29)), 60);
        assert_eq!(last_day_of_period(d(2026, 7, 1), 60), d(2026, 8, 29));
        assert_eq!(last_day_of_period(d(2026, 1, 1), 60), d(2026, 3, 1));
        assert_eq!(last_day_of_month(2028, 2), d(2028, 2, 29));
        assert_eq!(last_day_of_month(2026, 12), d(2026, 12, 31));
        assert_eq!(date_text(d(2026, 7, 1), Lang::Ja), "2026年7月1日");
        assert_eq!(date_text(d(2026, 7, 1), Lang::En), "1 July 2026");
    }
}
