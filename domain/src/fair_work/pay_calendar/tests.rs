use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn schedule(closing: MonthDay, months: u8, pay: MonthDay) -> PaySchedule {
    PaySchedule {
        closing,
        pay_months_after: months,
        pay_day: pay,
    }
}

use MonthDay::{Day, EndOfMonth};

#[test]
fn end_of_month_closing_paid_on_the_25th_is_within_60_days() {
    let s = schedule(EndOfMonth, 1, Day(25));
    assert_eq!(s.due_date(d(2026, 2, 14)), d(2026, 3, 25));
    assert_eq!(s.due_date(d(2026, 1, 31)), d(2026, 2, 25));
    assert_eq!(s.due_date(d(2026, 12, 1)), d(2027, 1, 25));
    // The longest wait: received on the 1st of a 31-day month, paid on day 56.
    assert_eq!(
        s.longest_wait(d(2026, 1, 1)),
        (d(2026, 1, 1), d(2026, 2, 25), 56)
    );
    assert_eq!(s.check(d(2026, 1, 1)), Ok(()));
    assert_eq!(s.text(Lang::Ja), "毎月末日締め、翌月25日払い");
    assert_eq!(
        s.text(Lang::En),
        "Closing on the last day of each month, paid on day 25 of the next month"
    );
}

#[test]
fn end_of_month_closing_paid_at_the_end_of_next_month_is_lawful_as_2_months() {
    // Received 1 July, paid 31 August: day 62, but the last day of the 2 months from 1 July,
    // which is how the authorities apply the 60 days to monthly closing (module note).
    assert_eq!(PaySchedule::END_NEXT_END.check(d(2026, 1, 1)), Ok(()));
    assert_eq!(monthly_limit(d(2026, 7, 1)), d(2026, 8, 31));
    // February: 2 months from 1 February end on 31 March (day 59); the 60th day is later.
    assert_eq!(monthly_limit(d(2026, 2, 1)), d(2026, 4, 1));
    // No corresponding day: 2 months from 29 December 2026 end on 28 February 2027 (民法143条).
    assert_eq!(monthly_limit(d(2026, 12, 29)), d(2027, 2, 28));
    // One day later than the 2 months is refused, naming the dates.
    let e = schedule(EndOfMonth, 2, Day(1))
        .check(d(2026, 1, 1))
        .expect_err("1 May for 1 March is day 62 and past the 2 months");
    assert_eq!(e.code, RefusalCode::PaymentTooLate);
    // January (1 March is day 60) and February (1 April, day 60) are in time; March is not.
    assert!(e.message.ja.contains("2026年3月1日"), "{}", e.message.ja);
    assert!(e.message.ja.contains("2026年5月1日"), "{}", e.message.ja);
    assert!(e.message.ja.contains("62日目"), "{}", e.message.ja);
    assert!(e.message.ja.contains("2026年4月30日"), "{}", e.message.ja);
    assert!(e.message.ja.contains("2か月以内"), "{}", e.message.ja);
    assert!(e.message.en.contains("2 months"), "{}", e.message.en);
}

#[test]
fn late_closing_days_and_second_month_payments_are_refused() {
    assert!(
        schedule(Day(20), 1, EndOfMonth)
            .check(d(2026, 1, 1))
            .is_err()
    );
    assert!(
        schedule(EndOfMonth, 2, Day(10))
            .check(d(2026, 1, 1))
            .is_err()
    );
    assert_eq!(
        schedule(Day(15), 0, EndOfMonth).check(d(2026, 1, 1)),
        Ok(())
    );
    assert_eq!(schedule(Day(20), 1, Day(10)).check(d(2026, 1, 1)), Ok(()));
}

#[test]
fn periods_run_from_the_day_after_the_previous_closing() {
    let s = schedule(Day(20), 1, Day(10));
    let p = s.period_of(d(2026, 1, 21));
    assert_eq!(p.first, d(2026, 1, 21));
    assert_eq!(p.closing, d(2026, 2, 20));
    assert_eq!(p.due, d(2026, 3, 10));
    assert_eq!(day_number(p.first, p.due), 49);
    let first_day = schedule(Day(1), 1, Day(1)).period_of(d(2026, 1, 2));
    assert_eq!(
        (first_day.first, first_day.closing),
        (d(2026, 1, 2), d(2026, 2, 1))
    );
    let end = PaySchedule::END_NEXT_END.period_of(d(2028, 2, 10));
    assert_eq!(
        (end.first, end.closing, end.due),
        (d(2028, 2, 1), d(2028, 2, 29), d(2028, 3, 31))
    );
}

#[test]
fn the_form_names_each_bad_field() {
    let e = schedule(Day(29), 3, Day(0)).validate().expect_err("bad");
    assert!(e.has("closing_day", ErrorCode::OutOfRange));
    assert!(e.has("pay_day", ErrorCode::OutOfRange));
    assert!(e.has("pay_months_after", ErrorCode::InvalidChoice));
    let e = schedule(Day(20), 0, Day(10))
        .validate()
        .expect_err("pay before closing");
    assert!(e.has("pay_day", ErrorCode::DateOrder));
    assert!(schedule(EndOfMonth, 0, EndOfMonth).validate().is_ok());
    assert!(schedule(Day(20), 0, Day(20)).validate().is_ok());
}

#[test]
fn without_a_date_pay_is_due_on_the_day_of_receipt_and_never_after_day_60() {
    let r = d(2026, 7, 1);
    assert_eq!(statutory_due_date(None, r), r);
    assert_eq!(statutory_due_date(Some(d(2026, 7, 31)), r), d(2026, 7, 31));
    assert_eq!(statutory_due_date(Some(d(2026, 12, 31)), r), d(2026, 8, 29));
    assert_eq!(check_due_date(r, d(2026, 8, 29)), Ok(()));
    let e = check_due_date(r, d(2026, 8, 30)).expect_err("day 61");
    assert!(e.message.ja.contains("61日目"), "{}", e.message.ja);
}

#[test]
fn a_recommission_pays_within_30_days_of_the_original_date() {
    let original = d(2026, 3, 31);
    assert_eq!(recommission_latest_due(original), d(2026, 4, 29));
    assert_eq!(recommission_statutory_due(None, original), original);
    assert_eq!(
        recommission_statutory_due(Some(d(2026, 6, 1)), original),
        d(2026, 4, 29)
    );
    assert_eq!(
        recommission_statutory_due(Some(d(2026, 4, 10)), original),
        d(2026, 4, 10)
    );
    assert_eq!(check_recommission_offset(29), Ok(()));
    let e = check_recommission_offset(30).expect_err("day 31");
    assert!(e.message.ja.contains("30日目"));
}

#[test]
fn the_form_offers_only_lawful_payment_days() {
    let end = lawful_choices(EndOfMonth, d(2026, 1, 1));
    let next_month: Vec<MonthDay> = end
        .iter()
        .filter(|s| s.pay_months_after == 1)
        .map(|s| s.pay_day)
        .collect();
    // Received 1 July: every day of August up to its last is within the 2 months.
    assert_eq!(
        next_month,
        (1..=28).map(Day).chain([EndOfMonth]).collect::<Vec<_>>()
    );
    assert!(end.iter().all(|s| s.pay_months_after <= 1));
    assert!(
        end.iter()
            .any(|s| s.pay_months_after == 0 && s.pay_day == EndOfMonth)
    );
    let twentieth = lawful_choices(Day(20), d(2026, 1, 1));
    let latest = twentieth.last().expect("some");
    // Received 21 July (day 1): day 60 is 18 September, but the 2 months run to 20 September;
    // the same holds every month (21 December: 2 months end 20 February), so the 20th is the
    // latest day of the next month that is in time in every month.
    assert_eq!((latest.pay_months_after, latest.pay_day), (1, Day(20)));
}

#[test]
fn schedules_travel_as_json() {
    let s = schedule(Day(20), 1, EndOfMonth);
    let json = serde_json::to_string(&s).expect("json");
    assert_eq!(
        json,
        r#"{"closing":{"day":20},"pay_months_after":1,"pay_day":"end_of_month"}"#
    );
    assert_eq!(serde_json::from_str::<PaySchedule>(&json).expect("back"), s);
}

// ---- brute force: walk day by day, share no code with the schedule ----

/// Whether `day` is the closing day of its month, by looking at the next day.
fn is_month_day(day: NaiveDate, which: MonthDay) -> bool {
    let last = day.succ_opt().is_none_or(|n| n.month() != day.month());
    match which {
        EndOfMonth => last,
        Day(n) => day.day() == u32::from(n),
    }
}

fn brute_due(s: &PaySchedule, receipt: NaiveDate) -> NaiveDate {
    let mut closing = receipt;
    while !is_month_day(closing, s.closing) {
        closing = closing.succ_opt().expect("in range");
    }
    // Step to the first day of the payment month, one month at a time.
    let mut month_start = closing;
    while month_start.day() != 1 {
        month_start = month_start.pred_opt().expect("in range");
    }
    for _ in 0..s.pay_months_after {
        let mut next = month_start;
        while next.month() == month_start.month() {
            next = next.succ_opt().expect("in range");
        }
        month_start = next;
    }
    let mut due = month_start;
    while !is_month_day(due, s.pay_day) {
        due = due.succ_opt().expect("in range");
    }
    due
}

/// Counts days one by one, the day of receipt being day 1.
fn brute_day_count(receipt: NaiveDate, due: NaiveDate) -> u32 {
    let mut n = 1;
    let mut day = receipt;
    while day < due {
        day = day.succ_opt().expect("in range");
        n += 1;
    }
    n
}

/// The last day of the 2 months that start on `receipt`, walking day by day: the day before the
/// same day two months on, or the last day of that month when it has no such day.
fn brute_two_months_end(receipt: NaiveDate) -> NaiveDate {
    let mut day = receipt;
    let mut changes = 0;
    loop {
        let next = day.succ_opt().expect("in range");
        if next.month() != day.month() {
            changes += 1;
            if changes == 3 {
                return day;
            }
        }
        if changes == 2 && next.day() == receipt.day() {
            return day;
        }
        day = next;
    }
}

/// Lawful for monthly closing: by day 60, or within the 2 months.
fn brute_in_time(receipt: NaiveDate, due: NaiveDate) -> bool {
    brute_day_count(receipt, due) <= 60 || due <= brute_two_months_end(receipt)
}

fn month_day() -> impl Strategy<Value = MonthDay> {
    prop_oneof![(1u8..=28).prop_map(Day), Just(EndOfMonth)]
}

fn valid_schedule() -> impl Strategy<Value = PaySchedule> {
    (month_day(), 0u8..=2, month_day())
        .prop_map(|(c, m, p)| schedule(c, m, p))
        .prop_filter("valid shape", |s| s.validate().is_ok())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..36_500).prop_map(|n| d(2000, 1, 1) + Days::new(n))
}

proptest! {
    #[test]
    fn due_dates_match_the_brute_force_walk(s in valid_schedule(), receipt in date()) {
        let due = s.due_date(receipt);
        prop_assert_eq!(due, brute_due(&s, receipt));
        prop_assert!(due >= receipt);
        let p = s.period_of(receipt);
        prop_assert!(p.first <= receipt && receipt <= p.closing);
        prop_assert_eq!(p.due, due);
    }

    #[test]
    fn an_accepted_schedule_never_pays_after_its_limit(
        s in valid_schedule(),
        from in date(),
        receipts in proptest::collection::vec(date(), 40),
    ) {
        prop_assume!(s.check(from).is_ok());
        for r in receipts {
            let due = brute_due(&s, r);
            prop_assert!(brute_in_time(r, due), "{:?}: {} paid on {}", s, r, due);
        }
    }

    #[test]
    fn the_monthly_limit_matches_the_brute_force_walk(receipt in date()) {
        let limit = monthly_limit(receipt);
        prop_assert!(brute_in_time(receipt, limit));
        prop_assert!(!brute_in_time(receipt, limit.succ_opt().expect("in range")));
    }

    #[test]
    fn a_refused_schedule_has_a_late_receipt_date(s in valid_schedule(), from in date()) {
        if let Err(refusal) = s.check(from) {
            // The refusal names a receipt date that the brute force also finds paid late.
            // A period may start in the month before `from`'s (the day after its closing).
            let start = from.with_day(1).expect("day 1") - Days::new(31);
            let late = (0..3_000u64)
                .map(|i| start + Days::new(i))
                .find(|r| !brute_in_time(*r, brute_due(&s, *r)));
            prop_assert!(late.is_some());
            let named = (0..3_000u64)
                .map(|i| start + Days::new(i))
                .filter(|r| !brute_in_time(*r, brute_due(&s, *r)))
                .any(|r| {
                    let day = format!("{}日目", brute_day_count(r, brute_due(&s, r)));
                    refusal.message.ja.contains(&day)
                        && refusal.message.ja.contains(&super::super::date_text(r, Lang::Ja))
                });
            prop_assert!(named, "{}", refusal.message.ja);
        }
    }

    #[test]
    fn a_recommission_pays_by_day_30_of_the_original_date_by_the_brute_force_count(
        original in date(),
        agreed in proptest::option::of(date()),
        offset in 0u32..120,
    ) {
        // Art. 4(3): the latest date is the one the day counter calls day 30.
        let latest = recommission_latest_due(original);
        prop_assert_eq!(brute_day_count(original, latest), 30);
        // Art. 4(4): no date agreed, the original date; a later one, day 30; else as agreed.
        let held = recommission_statutory_due(agreed, original);
        let expected = match agreed {
            None => original,
            Some(d) if d > original && brute_day_count(original, d) > 30 => latest,
            Some(d) => d,
        };
        prop_assert_eq!(held, expected);
        // An offset the form takes is lawful for every original date; a refused one is late.
        let due = original + Days::new(u64::from(offset));
        prop_assert_eq!(check_recommission_offset(offset).is_ok(), brute_day_count(original, due) <= 30);
    }

    #[test]
    fn the_statutory_due_date_is_within_60_days(agreed in proptest::option::of(date()), receipt in date()) {
        let due = statutory_due_date(agreed, receipt);
        prop_assert!(brute_day_count(receipt, due) <= 60 || due < receipt);
        prop_assert_eq!(check_due_date(receipt, due).is_ok(), true);
    }
}
