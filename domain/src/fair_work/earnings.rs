//! Earnings for the resident's tax return (確定申告) and overdue invoices.
//!
//! Figures per month and per calendar year (the tax year is the calendar year):
//! - `earned`: invoice totals (consumption tax included, as an unregistered 免税事業者 books them;
//!   the excluded amount is `earned_excluding_tax`) in the month of the invoice's last
//!   transaction date, i.e. when the work was done (発生主義).
//! - `paid`: money received, in the month received.
//! - `withheld`: income tax the payer withheld (credited on the return), in the month of the
//!   invoice's first payment, when the payer withholds it.
//! - `due`: what is still unpaid as of `today`, in the month it falls due.
//!
//! An unpaid invoice is overdue from the day after its due date ([`Overdue::since`]): that is
//! the day it appears on the hub's attention page and in the resident's inbox.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Yen;
use super::invoice::Invoice;

/// What the earnings need of one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: String,
    /// The last transaction date of its lines: when the work was done.
    pub earned_on: NaiveDate,
    pub due_on: NaiveDate,
    pub amount: Yen,
    pub total: Yen,
    pub withholding: Yen,
    /// Total minus withholding: what the payer transfers.
    pub payable: Yen,
}

impl InvoiceSummary {
    pub fn of(id: impl Into<String>, invoice: &Invoice) -> Self {
        let d = &invoice.draft;
        InvoiceSummary {
            id: id.into(),
            earned_on: d
                .lines
                .iter()
                .map(|l| l.transaction_date)
                .max()
                .unwrap_or(d.issued_on),
            due_on: d.due_on,
            amount: invoice.amount,
            total: invoice.total,
            withholding: invoice.withholding,
            payable: invoice.payable,
        }
    }
}

/// A payment recorded by the company. Moving money is out of musubi's scope: this is the record
/// a payment provider would fill in later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub invoice_id: String,
    pub paid_on: NaiveDate,
    pub amount: Yen,
    /// When the resident confirmed receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<NaiveDate>,
}

/// One month's or one year's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub earned: Yen,
    pub earned_excluding_tax: Yen,
    pub paid: Yen,
    pub withheld: Yen,
    pub due: Yen,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.earned += o.earned;
        self.earned_excluding_tax += o.earned_excluding_tax;
        self.paid += o.paid;
        self.withheld += o.withheld;
        self.due += o.due;
    }
}

/// A month's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTotals {
    pub year: i32,
    pub month: u32,
    #[serde(flatten)]
    pub totals: Totals,
}

/// An unpaid invoice past its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    pub invoice_id: String,
    pub due_on: NaiveDate,
    /// The day after the due date: from then on it is reported.
    pub since: NaiveDate,
    pub unpaid: Yen,
}

/// The resident's earnings as of `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earnings {
    /// Months with any figure, oldest first.
    pub months: Vec<MonthTotals>,
    /// Oldest due date first.
    pub overdue: Vec<Overdue>,
}

impl Earnings {
    /// The calendar year's totals (for 確定申告).
    pub fn year(&self, year: i32) -> Totals {
        let mut t = Totals::default();
        for m in self.months.iter().filter(|m| m.year == year) {
            t.add(&m.totals);
        }
        t
    }
}

/// Money received on an invoice by `today`, and the date of its first payment.
fn received(invoice_id: &str, payments: &[Payment], today: NaiveDate) -> (Yen, Option<NaiveDate>) {
    let mine = payments
        .iter()
        .filter(|p| p.invoice_id == invoice_id && p.paid_on <= today);
    let mut sum = Yen::ZERO;
    let mut first: Option<NaiveDate> = None;
    for p in mine {
        sum += p.amount;
        first = Some(first.map_or(p.paid_on, |f| f.min(p.paid_on)));
    }
    (sum, first)
}

/// The overdue report of one invoice as of `today`: unpaid and `today` after the due date.
pub fn overdue(
    invoice: &InvoiceSummary,
    payments: &[Payment],
    today: NaiveDate,
) -> Option<Overdue> {
    let (paid, _) = received(&invoice.id, payments, today);
    let unpaid = invoice.payable - paid;
    let since = invoice.due_on.succ_opt()?;
    (unpaid > Yen::ZERO && today >= since).then(|| Overdue {
        invoice_id: invoice.id.clone(),
        due_on: invoice.due_on,
        since,
        unpaid,
    })
}

/// Monthly totals and overdue invoices as of `today`. Payments dated after `today` are ignored.
pub fn earnings(invoices: &[InvoiceSummary], payments: &[Payment], today: NaiveDate) -> Earnings {
    let mut months: BTreeMap<(i32, u32), Totals> = BTreeMap::new();
    let key = |d: NaiveDate| (d.year(), d.month());
    for inv in invoices {
        let m = months.entry(key(inv.earned_on)).or_default();
        m.earned += inv.total;
        m.earned_excluding_tax += inv.amount;
        let (paid, first) = received(&inv.id, payments, today);
        if let Some(first) = first {
            months.entry(key(first)).or_default().withheld += inv.withholding;
        }
        let unpaid = inv.payable - paid;
        if unpaid > Yen::ZERO {
            months.entry(key(inv.due_on)).or_default().due += unpaid;
        }
    }
    for p in payments.iter().filter(|p| p.paid_on <= today) {
        months.entry(key(p.paid_on)).or_default().paid += p.amount;
    }
    let mut overdue_list: Vec<Overdue> = invoices
        .iter()
        .filter_map(|i| overdue(i, payments, today))
        .collect();
    overdue_list.sort_by_key(|o| (o.due_on, o.invoice_id.clone()));
    Earnings {
        months: months
            .into_iter()
            .map(|((year, month), totals)| MonthTotals {
                year,
                month,
                totals,
            })
            .collect(),
        overdue: overdue_list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn inv(
        id: &str,
        earned_on: NaiveDate,
        due_on: NaiveDate,
        amount: u64,
        withholding: u64,
    ) -> InvoiceSummary {
        let total = Yen(amount + amount / 10);
        InvoiceSummary {
            id: id.into(),
            earned_on,
            due_on,
            amount: Yen(amount),
            total,
            withholding: Yen(withholding),
            payable: total - Yen(withholding),
        }
    }

    fn pay(id: &str, on: NaiveDate, amount: u64) -> Payment {
        Payment {
            invoice_id: id.into(),
            paid_on: on,
            amount: Yen(amount),
            confirmed_on: None,
        }
    }

    #[test]
    fn months_and_the_year_add_up() {
        let invoices = [
            inv("a", d(2026, 7, 31), d(2026, 8, 25), 100_000, 10_210),
            inv("b", d(2026, 8, 31), d(2026, 9, 25), 50_000, 0),
            inv("c", d(2026, 12, 31), d(2027, 1, 25), 20_000, 0),
        ];
        let payments = [
            pay("a", d(2026, 8, 25), 99_790),
            pay("b", d(2026, 9, 20), 30_000),
        ];
        let e = earnings(&invoices, &payments, d(2026, 10, 1));
        let month = |y, m| {
            e.months
                .iter()
                .find(|t| t.year == y && t.month == m)
                .map(|t| t.totals)
                .unwrap_or_default()
        };
        assert_eq!(month(2026, 7).earned, Yen(110_000));
        assert_eq!(month(2026, 7).earned_excluding_tax, Yen(100_000));
        assert_eq!(month(2026, 8).paid, Yen(99_790));
        assert_eq!(month(2026, 8).withheld, Yen(10_210));
        assert_eq!(month(2026, 9).due, Yen(25_000));
        assert_eq!(month(2027, 1).due, Yen(22_000));
        let year = e.year(2026);
        assert_eq!(year.earned, Yen(110_000 + 55_000 + 22_000));
        assert_eq!(year.paid, Yen(129_790));
        assert_eq!(year.withheld, Yen(10_210));
        assert_eq!(e.year(2027).due, Yen(22_000));
        let order: Vec<(i32, u32)> = e.months.iter().map(|m| (m.year, m.month)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    }

    proptest::proptest! {
        /// Nothing is lost or counted twice: the months' paid equals the payments made by today,
        /// each invoice's payable is paid or due, and overdue ones are past their due date.
        #[test]
        fn totals_account_for_every_yen(
            invoices in proptest::collection::vec((0u64..120, 0u64..60, 1u64..500_000, proptest::bool::ANY), 0..8),
            paid in proptest::collection::vec((0usize..8, 0u64..200, 0u64..600_000), 0..10),
            today_offset in 0u64..240,
        ) {
            let base = d(2026, 1, 1);
            let at = |n: u64| base + chrono::Days::new(n);
            let list: Vec<InvoiceSummary> = invoices
                .iter()
                .enumerate()
                .map(|(i, (earned, wait, amount, withheld))| {
                    let w = if *withheld { amount / 10 } else { 0 };
                    inv(&format!("i{i}"), at(*earned), at(earned + wait), *amount, w)
                })
                .collect();
            let payments: Vec<Payment> = paid
                .iter()
                .filter(|(i, _, _)| *i < list.len())
                .map(|(i, on, amount)| pay(&format!("i{i}"), at(*on), *amount))
                .collect();
            let today = at(today_offset);
            let e = earnings(&list, &payments, today);
            let months_paid: Yen = e.months.iter().map(|m| m.totals.paid).sum();
            let made: Yen = payments.iter().filter(|p| p.paid_on <= today).map(|p| p.amount).sum();
            proptest::prop_assert_eq!(months_paid, made);
            let earned: Yen = e.months.iter().map(|m| m.totals.earned).sum();
            proptest::prop_assert_eq!(earned, list.iter().map(|i| i.total).sum::<Yen>());
            let due: Yen = e.months.iter().map(|m| m.totals.due).sum();
            let unpaid: Yen = list
                .iter()
                .map(|i| i.payable - received(&i.id, &payments, today).0)
                .sum();
            proptest::prop_assert_eq!(due, unpaid);
            for o in &e.overdue {
                proptest::prop_assert!(o.since > o.due_on && today >= o.since && o.unpaid > Yen::ZERO);
            }
        }
    }

    #[test]
    fn an_unpaid_invoice_is_overdue_from_the_day_after() {
        let i = inv("a", d(2026, 7, 31), d(2026, 8, 25), 100_000, 0);
        assert_eq!(
            overdue(&i, &[], d(2026, 8, 25)),
            None,
            "the due date itself"
        );
        let o = overdue(&i, &[], d(2026, 8, 26)).expect("the day after");
        assert_eq!((o.since, o.unpaid), (d(2026, 8, 26), Yen(110_000)));
        let part = [pay("a", d(2026, 8, 25), 100_000)];
        assert_eq!(
            overdue(&i, &part, d(2026, 9, 1)).map(|o| o.unpaid),
            Some(Yen(10_000))
        );
        let full = [pay("a", d(2026, 8, 25), 110_000)];
        assert_eq!(overdue(&i, &full, d(2026, 9, 1)), None);
        let later = [pay("a", d(2026, 9, 5), 110_000)];
        assert!(
            overdue(&i, &later, d(2026, 9, 1)).is_some(),
            "a future payment does not count yet"
        );
        let e = earnings(&[i], &[], d(2026, 9, 1));
        assert_eq!(e.overdue.len(), 1);
    }
}
