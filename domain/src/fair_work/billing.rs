//! From accepted reports to invoice lines and a due date: the glue the API calls once a
//! period's reports are accepted ([`super::acceptance`]), before [`super::invoice::compute`].
//!
//! - Pay of a report from the terms' amount ([`pay_for`]): hours × hourly rate (yen fractions
//!   of a part hour dropped), items × rate per item, the monthly or fixed amount once; an amount
//!   given only as a method of calculation needs the company's figure.
//! - Only accepted reports are invoiced ([`period_lines`]), each at the amount both parties had
//!   confirmed when the work was received ([`AgreedAmounts`]): a later version that lowers the
//!   pay applies to later work only. Cutting the pay of work already received is prohibited
//!   (報酬の減額, Art. 5(1)(ii), for work commissioned for 1 month or more; musubi holds every
//!   engagement to it).
//! - The due date is the statutory one for the earliest receipt of the period (Art. 4(1)–(2)):
//!   the schedule's date, capped at the 60th day; with no schedule, the day of receipt
//!   ([`due_for`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::acceptance::{ReportContent, ReportState};
use super::invoice::{InvoiceLine, TaxRate};
use super::pay_calendar::{PaySchedule, statutory_due_date, statutory_due_date_monthly};
use super::terms_statement::{Amount, RateUnit};
use super::{Refusal, RefusalCode, Yen};

/// The pay of one report under the agreed amount; `None` when the amount is a method of
/// calculation or does not fit the report (hours reported against a rate per item).
pub fn pay_for(content: &ReportContent, amount: &Amount) -> Option<Yen> {
    match (amount, content) {
        (Amount::Fixed(y), _)
        | (
            Amount::Rate {
                yen: y,
                per: RateUnit::Month,
            },
            _,
        ) => Some(*y),
        (
            Amount::Rate {
                yen,
                per: RateUnit::Hour,
            },
            ReportContent::Hours { minutes },
        ) => Some(Yen(yen.0 * u64::from(*minutes) / 60)),
        (
            Amount::Rate {
                yen,
                per: RateUnit::Item,
            },
            ReportContent::Deliverables { items },
        ) => {
            let n = items.iter().filter(|i| !i.trim().is_empty()).count() as u64;
            Some(Yen(yen.0 * n))
        }
        _ => None,
    }
}

/// The amounts both parties confirmed over an engagement's life, oldest first: each agreed
/// version's amount from the day its second confirmation was given (JST).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedAmounts(pub Vec<(NaiveDate, Amount)>);

impl AgreedAmounts {
    /// The amount in force on `day`: the last version agreed by then. Work received before the
    /// first agreement (not possible once musubi gates the start on it) takes the first one.
    pub fn in_force(&self, day: NaiveDate) -> Option<&Amount> {
        self.0
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .or_else(|| self.0.first())
            .map(|(_, amount)| amount)
    }

    /// The pay of a report received on `received`, under the amount in force then.
    pub fn pay(&self, content: &ReportContent, received: NaiveDate) -> Option<Yen> {
        pay_for(content, self.in_force(received)?)
    }
}

/// One invoice line per accepted report, dated on its receipt and paid at the amount in force
/// then ([`AgreedAmounts::pay`]). Refused when a report is not accepted yet (as of `today`), or
/// its pay cannot be computed from the amount.
pub fn period_lines(
    reports: &[(ReportState, ReportContent)],
    amounts: &AgreedAmounts,
    description: &str,
    withholding: bool,
    today: NaiveDate,
) -> Result<Vec<InvoiceLine>, Refusal> {
    reports
        .iter()
        .map(|(state, content)| {
            if !matches!(state.settle(today), ReportState::Accepted { .. }) {
                return Err(Refusal::new(
                    RefusalCode::NotAllowedNow,
                    "まだ受け入れられていない報告があります。受け入れ後に請求書を作れます。",
                    "A report is not accepted yet. The invoice can be made once it is.",
                ));
            }
            let yen = amounts.pay(content, state.received_on()).ok_or_else(|| {
                Refusal::new(
                    RefusalCode::Inconsistent,
                    "報酬の額を報告から計算できません。金額を入力してください。",
                    "The pay cannot be worked out from the report. Please enter the amount.",
                )
            })?;
            Ok(InvoiceLine {
                transaction_date: state.received_on(),
                description: description.trim().to_owned(),
                amount: yen,
                rate: TaxRate::Standard,
                withholding,
            })
        })
        .collect()
}

/// The due date of a period whose earliest receipt is `first_received`.
/// A monthly schedule is capped at the receipt's 2-months limit
/// ([`super::pay_calendar::monthly_limit`]), no schedule means the day of receipt.
pub fn due_for(schedule: Option<&PaySchedule>, first_received: NaiveDate) -> NaiveDate {
    match schedule {
        Some(s) => statutory_due_date_monthly(s.due_date(first_received), first_received),
        None => statutory_due_date(None, first_received),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fair_work::acceptance::ReportEvent;
    use crate::fair_work::terms_statement::Inspection;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    const HOURLY: Amount = Amount::Rate {
        yen: Yen(1_500),
        per: RateUnit::Hour,
    };

    fn hourly() -> AgreedAmounts {
        AgreedAmounts(vec![(d(2026, 7, 1), HOURLY)])
    }

    #[test]
    fn pay_follows_the_agreed_amount() {
        let hours = ReportContent::Hours { minutes: 615 };
        assert_eq!(pay_for(&hours, &HOURLY), Some(Yen(15_375)), "10 h 15 min");
        assert_eq!(
            pay_for(&ReportContent::Hours { minutes: 1 }, &HOURLY),
            Some(Yen(25))
        );
        let items = ReportContent::Deliverables {
            items: vec!["記事A".into(), "記事B".into(), " ".into()],
        };
        let per_item = Amount::Rate {
            yen: Yen(8_000),
            per: RateUnit::Item,
        };
        assert_eq!(pay_for(&items, &per_item), Some(Yen(16_000)));
        assert_eq!(
            pay_for(&items, &HOURLY),
            None,
            "items against an hourly rate"
        );
        assert_eq!(
            pay_for(&items, &Amount::Fixed(Yen(50_000))),
            Some(Yen(50_000))
        );
        assert_eq!(pay_for(&items, &Amount::Method("売上の5%".into())), None);
    }

    #[test]
    fn only_accepted_reports_become_lines() {
        let five = Inspection::DaysAfterReceipt(5);
        let submitted = ReportState::submit(d(2026, 7, 31), five);
        let content = ReportContent::Hours { minutes: 600 };
        let pending = [(submitted.clone(), content.clone())];
        assert!(period_lines(&pending, &hourly(), "7月分", true, d(2026, 8, 3)).is_err());
        let lines = period_lines(&pending, &hourly(), "7月分", true, d(2026, 8, 6)).expect("auto");
        assert_eq!(lines[0].amount, Yen(15_000));
        assert_eq!(lines[0].transaction_date, d(2026, 7, 31));
        assert!(lines[0].withholding);
        let accepted = submitted
            .apply(&ReportEvent::Accept { on: d(2026, 8, 1) }, five)
            .expect("ok");
        let lines = period_lines(
            &[(accepted, content)],
            &hourly(),
            "7月分",
            false,
            d(2026, 8, 1),
        )
        .expect("accepted");
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn a_later_version_never_lowers_the_pay_of_work_already_received() {
        let five = Inspection::DaysAfterReceipt(5);
        let hours = ReportContent::Hours { minutes: 600 };
        let lowered = Amount::Rate {
            yen: Yen(1_200),
            per: RateUnit::Hour,
        };
        // 1,500 yen an hour agreed on 1 July; 1,200 agreed on 10 August.
        let amounts = AgreedAmounts(vec![
            (d(2026, 7, 1), HOURLY),
            (d(2026, 8, 10), lowered.clone()),
        ]);
        assert_eq!(
            amounts.in_force(d(2026, 6, 30)),
            Some(&HOURLY),
            "before any: the first"
        );
        assert_eq!(amounts.in_force(d(2026, 8, 9)), Some(&HOURLY));
        assert_eq!(amounts.in_force(d(2026, 8, 10)), Some(&lowered));
        let accepted = |received: NaiveDate| {
            let on = received.succ_opt().expect("a next day");
            ReportState::submit(received, five)
                .apply(&ReportEvent::Accept { on }, five)
                .expect("accepted")
        };
        // July's work, invoiced after the lower rate was agreed, is paid at July's rate.
        let july = [(accepted(d(2026, 7, 31)), hours.clone())];
        let lines = period_lines(&july, &amounts, "7月分", false, d(2026, 9, 1)).expect("lines");
        assert_eq!(lines[0].amount, Yen(15_000));
        // Work received after it is paid at the new rate.
        let august = [(accepted(d(2026, 8, 31)), hours)];
        let lines = period_lines(&august, &amounts, "8月分", false, d(2026, 9, 1)).expect("lines");
        assert_eq!(lines[0].amount, Yen(12_000));
        assert_eq!(AgreedAmounts::default().in_force(d(2026, 7, 1)), None);
    }

    #[test]
    fn the_period_is_due_by_its_schedule_or_on_receipt() {
        let s = PaySchedule {
            closing: crate::fair_work::pay_calendar::MonthDay::EndOfMonth,
            pay_months_after: 1,
            pay_day: crate::fair_work::pay_calendar::MonthDay::Day(25),
        };
        assert_eq!(due_for(Some(&s), d(2026, 7, 1)), d(2026, 8, 25));
        assert_eq!(due_for(None, d(2026, 7, 1)), d(2026, 7, 1));
        assert_eq!(
            due_for(Some(&PaySchedule::END_NEXT_END), d(2026, 7, 1)),
            d(2026, 8, 31),
            "末日締め翌月末日払い is within the 2 months of monthly closing"
        );
        let late = PaySchedule {
            closing: crate::fair_work::pay_calendar::MonthDay::EndOfMonth,
            pay_months_after: 2,
            pay_day: crate::fair_work::pay_calendar::MonthDay::Day(10),
        };
        assert_eq!(
            due_for(Some(&late), d(2026, 7, 1)),
            d(2026, 8, 31),
            "a late schedule is held to the end of the 2 months"
        );
    }
}
