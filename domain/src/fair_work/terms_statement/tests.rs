use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::fair_work::pay_calendar::MonthDay;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn complete() -> TermsStatement {
    TermsStatement {
        commissioner: Party {
            name: "株式会社みなと商店".into(),
            id: None,
        },
        contractor: Party {
            name: "山田 花子".into(),
            id: None,
        },
        commissioned_on: Some(d(2026, 7, 1)),
        content: "SNS投稿の作成（週3本）".into(),
        delivery: Some(Delivery::Period {
            from: d(2026, 7, 1),
            to: d(2026, 12, 31),
        }),
        place: "オンライン（共有フォルダに納品）".into(),
        inspection: Some(Inspection::DaysAfterReceipt(5)),
        amount: Some(Amount::Rate {
            yen: Yen(1_500),
            per: RateUnit::Hour,
        }),
        payment_due: Some(PaymentDue::Schedule(PaySchedule {
            closing: MonthDay::EndOfMonth,
            pay_months_after: 1,
            pay_day: MonthDay::Day(25),
        })),
        payment_method: "銀行振込（手数料は発注者負担）".into(),
        recommission: None,
    }
}

#[test]
fn a_complete_statement_passes() {
    assert_eq!(complete().validate(true), Ok(()));
}

#[test]
fn every_missing_item_is_named_in_both_languages() {
    let e = TermsStatement::default().validate(true).expect_err("empty");
    let fields: Vec<&str> = e.fields().collect();
    assert_eq!(
        fields,
        [
            "commissioner.name",
            "contractor.name",
            "content",
            "place",
            "payment_method",
            "commissioned_on",
            "delivery",
            "inspection",
            "amount",
            "payment_due",
        ]
    );
    assert!(e.0.iter().all(|f| f.code == ErrorCode::Required));
    let date =
        e.0.iter()
            .find(|f| f.field == "commissioned_on")
            .expect("named");
    assert_eq!(date.message.ja, "「業務委託をした日」を入力してください。");
    assert_eq!(
        date.message.en,
        "Please fill in the date of the commission."
    );
}

#[test]
fn a_recommission_names_the_original_client_and_its_date() {
    let mut s = complete();
    s.recommission = Some(Recommission::default());
    let e = s.validate(true).expect_err("missing extras");
    assert!(e.has("recommission.original_client", ErrorCode::Required));
    assert!(e.has("recommission.original_due", ErrorCode::Required));
    s.recommission = Some(Recommission {
        original_client: "〇〇市観光協会".into(),
        original_due: Some(d(2026, 8, 31)),
    });
    s.payment_due = Some(PaymentDue::DaysAfterOriginal(10));
    assert_eq!(s.validate(true), Ok(()));
    s.payment_due = Some(PaymentDue::DaysAfterOriginal(30));
    let e = s.validate(true).expect_err("day 31");
    assert!(e.has("payment_due", ErrorCode::OutOfRange));
    let text = s.render(1, Lang::Ja);
    assert!(text.contains("再委託"), "{text}");
    assert!(text.contains("〇〇市観光協会"), "{text}");
    assert!(text.contains("2026年8月31日"), "{text}");
}

#[test]
fn days_after_the_original_client_need_a_recommission() {
    let mut s = complete();
    s.payment_due = Some(PaymentDue::DaysAfterOriginal(10));
    let e = s.validate(true).expect_err("direct");
    assert!(e.has("payment_due", ErrorCode::Inconsistent));
}

#[test]
fn a_late_schedule_is_refused_only_for_a_specified_commissioner() {
    let mut s = complete();
    // 末日締め翌々月10日払い: work received on the 1st waits past the 2 months.
    s.payment_due = Some(PaymentDue::Schedule(PaySchedule {
        pay_months_after: 2,
        pay_day: MonthDay::Day(10),
        ..PaySchedule::END_NEXT_END
    }));
    let e = s.validate(true).expect_err("past the 2 months");
    assert!(e.has("payment_due", ErrorCode::OutOfRange));
    assert!(
        e.0[0].message.ja.contains("2か月以内"),
        "{}",
        e.0[0].message.ja
    );
    assert_eq!(
        s.validate(false),
        Ok(()),
        "Art. 4 binds 特定業務委託事業者 only"
    );
    s.payment_due = Some(PaymentDue::Schedule(PaySchedule {
        closing: MonthDay::Day(31),
        ..PaySchedule::END_NEXT_END
    }));
    let e = s.validate(false).expect_err("bad shape");
    assert!(e.has("payment_due.closing_day", ErrorCode::OutOfRange));
}

fn complete_with(delivery: Delivery, due: NaiveDate) -> Result<(), ValidationErrors> {
    let mut s = complete();
    s.delivery = Some(delivery);
    s.payment_due = Some(PaymentDue::Date(due));
    s.validate(true)
}

#[test]
fn the_60th_day_of_a_single_delivery_is_the_last_allowed() {
    // 31 July is day 1, 28 September day 60.
    assert_eq!(
        complete_with(Delivery::Date(d(2026, 7, 31)), d(2026, 9, 28)),
        Ok(())
    );
    let e = complete_with(Delivery::Date(d(2026, 7, 31)), d(2026, 9, 29)).expect_err("day 61");
    assert!(e.has("payment_due", ErrorCode::OutOfRange));
}

#[test]
fn a_fixed_date_after_a_delivery_period_is_held_to_60_days_from_its_last_day() {
    let period = Delivery::Period {
        from: d(2026, 4, 1),
        to: d(2026, 6, 30),
    };
    // 30 June is day 1, 28 August day 60: a lump sum after three months' work is lawful.
    assert_eq!(complete_with(period, d(2026, 8, 28)), Ok(()));
    assert_eq!(
        complete_with(period, d(2026, 5, 15)),
        Ok(()),
        "paying early"
    );
    let e = complete_with(period, d(2026, 8, 29)).expect_err("day 61");
    assert!(e.has("payment_due", ErrorCode::OutOfRange));
    // Years away is refused too (it used to pass unchecked with a period).
    let e = complete_with(period, d(2029, 6, 30)).expect_err("years late");
    assert!(e.has("payment_due", ErrorCode::OutOfRange));
}

#[test]
fn the_text_shows_every_item_in_both_languages() {
    let s = complete();
    let ja = s.render(2, Lang::Ja);
    for part in [
        "第2版",
        "発注者：株式会社みなと商店",
        "受注者：山田 花子",
        "業務委託をした日：2026年7月1日",
        "2026年7月1日から2026年12月31日まで",
        "場所：オンライン",
        "受け取った日の翌日から5日以内",
        "1時間あたり1,500円（消費税別）",
        "支払日：毎月末日締め、翌月25日払い",
        "支払方法：銀行振込",
    ] {
        assert!(ja.contains(part), "{part} in {ja}");
    }
    let en = s.render(2, Lang::En);
    for part in [
        "version 2",
        "Client: 株式会社みなと商店",
        "Date of the commission: 1 July 2026",
        "¥1,500 per hour",
        "Payment date: Closing on the last day of each month, paid on day 25 of the next month",
    ] {
        assert!(en.contains(part), "{part} in {en}");
    }
    assert!(!ja.contains("再委託"));
}

#[test]
fn the_canonical_text_is_stable_and_changes_with_any_item() {
    let s = complete();
    assert_eq!(s.canonical_text(1), complete().canonical_text(1));
    assert!(
        s.canonical_text(1)
            .starts_with("musubi-terms-statement/1\n")
    );
    let mut t = complete();
    t.place = "事務所".into();
    assert_ne!(s.canonical_text(1), t.canonical_text(1));
    assert_ne!(s.canonical_text(1), s.canonical_text(2));
}

fn ack(by: Side, version: u32, hash: &str) -> Acknowledgement {
    Acknowledgement {
        by,
        version,
        at: Utc
            .with_ymd_and_hms(2026, 7, 1, 9, 0, 0)
            .single()
            .expect("time"),
        text_hash: hash.into(),
    }
}

#[test]
fn both_acknowledge_each_version_and_a_change_asks_again() {
    let mut v = VersionedStatement::first(complete());
    assert!(!v.agreed());
    v.acknowledge(ack(Side::Contractor, 1, "h1"), "h1")
        .expect("ok");
    assert!(!v.agreed());
    assert_eq!(
        v.acknowledge(ack(Side::Contractor, 1, "h1"), "h1")
            .map_err(|e| e.code),
        Err(RefusalCode::NotAllowedNow)
    );
    v.acknowledge(ack(Side::Commissioner, 1, "h1"), "h1")
        .expect("ok");
    assert!(v.agreed());
    assert_eq!(v.revise(complete()), v, "no change, no new version");
    let mut changed = complete();
    changed.amount = Some(Amount::Fixed(Yen(100_000)));
    let mut v2 = v.revise(changed);
    assert_eq!(v2.version, 2);
    assert!(!v2.agreed());
    let stale = v2.acknowledge(ack(Side::Contractor, 1, "h1"), "h2");
    assert_eq!(stale.map_err(|e| e.code), Err(RefusalCode::Inconsistent));
    let wrong_text = v2.acknowledge(ack(Side::Contractor, 2, "h1"), "h2");
    assert!(wrong_text.is_err());
    v2.acknowledge(ack(Side::Contractor, 2, "h2"), "h2")
        .expect("ok");
    v2.acknowledge(ack(Side::Commissioner, 2, "h2"), "h2")
        .expect("ok");
    assert!(v2.agreed());
}

#[test]
fn work_starts_only_once_both_confirmed_the_version_in_force() {
    let refused = |t: Option<&VersionedStatement>| {
        let r = check_start(t).expect_err("refused");
        assert_eq!(r.code, RefusalCode::TermsNotAgreed);
        r.message
    };
    assert!(
        refused(None).ja.contains("まだありません"),
        "no terms at all"
    );
    let mut v = VersionedStatement::first(complete());
    assert!(refused(Some(&v)).ja.contains("どちらも"));
    v.acknowledge(ack(Side::Commissioner, 1, "h1"), "h1")
        .expect("ok");
    let waiting = refused(Some(&v));
    assert!(
        waiting.ja.contains("住民が取引条件 第1版"),
        "{}",
        waiting.ja
    );
    assert!(waiting.en.contains("resident"), "{}", waiting.en);
    v.acknowledge(ack(Side::Contractor, 1, "h1"), "h1")
        .expect("ok");
    assert_eq!(check_start(Some(&v)), Ok(()));
    // A change before the start: the new version holds it until both confirm it again.
    let mut changed = complete();
    changed.amount = Some(Amount::Fixed(Yen(100_000)));
    let mut v2 = v.revise(changed);
    assert!(refused(Some(&v2)).ja.contains("第2版"));
    v2.acknowledge(ack(Side::Contractor, 2, "h2"), "h2")
        .expect("ok");
    assert!(refused(Some(&v2)).ja.contains("仕事を頼む側"));
    v2.acknowledge(ack(Side::Commissioner, 2, "h2"), "h2")
        .expect("ok");
    assert_eq!(check_start(Some(&v2)), Ok(()));
}

#[test]
fn statements_travel_as_json_and_missing_fields_default() {
    let s = complete();
    let json = serde_json::to_string(&s).expect("json");
    assert_eq!(
        serde_json::from_str::<TermsStatement>(&json).expect("back"),
        s
    );
    let partial: TermsStatement = serde_json::from_str(r#"{"content":"x"}"#).expect("partial");
    assert!(partial.validate(true).is_err());
}

#[test]
fn a_recommission_on_a_monthly_schedule_keeps_the_monthly_limit() {
    let mut s = complete();
    s.recommission = Some(Recommission {
        original_client: "〇〇市観光協会".into(),
        original_due: Some(d(2026, 8, 31)),
    });
    s.payment_due = Some(PaymentDue::Schedule(PaySchedule {
        pay_months_after: 2,
        pay_day: MonthDay::Day(10),
        ..PaySchedule::END_NEXT_END
    }));
    assert!(
        s.validate(true)
            .expect_err("past the 2 months")
            .has("payment_due", ErrorCode::OutOfRange)
    );
    s.commissioned_on = None;
    let e = s.validate(true).expect_err("no date");
    assert!(e.has("commissioned_on", ErrorCode::Required));
    assert!(
        !e.has("payment_due", ErrorCode::OutOfRange),
        "no check without a start date"
    );
}
