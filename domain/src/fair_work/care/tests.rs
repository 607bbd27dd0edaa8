use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::fair_work::ending::{ContractTerm, continuous_work};
use crate::validate::ErrorCode;

fn t(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000 + s, 0).expect("time")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn input(ask: CareAsk, text: &str) -> CareInput {
    CareInput {
        situation: CareSituation::Childcare,
        ask,
        text: text.to_owned(),
    }
}

fn open() -> CareRecord {
    let i = input(
        CareAsk::ChangeHours,
        "保育園のお迎えがあるので、打ち合わせを午前にしてほしい",
    );
    let text = i.validate().expect("valid");
    CareRecord::open("c1".into(), &i, text, t(0))
}

#[test]
fn the_duty_of_a_statement_follows_its_period_and_the_start_of_the_work() {
    let level =
        |delivery, started_on, specified| duty_of_terms(delivery, started_on, specified).level;
    let year = Some(Delivery::Period {
        from: d(2026, 1, 5),
        to: d(2026, 12, 31),
    });
    let quarter = Some(Delivery::Period {
        from: d(2026, 1, 5),
        to: d(2026, 3, 31),
    });
    assert_eq!(level(year, None, true), Consideration::Duty);
    assert_eq!(level(quarter, None, true), Consideration::Effort);
    assert_eq!(level(year, None, false), Consideration::None);
    // Work that started before the statement's period counts from its start.
    assert_eq!(
        level(quarter, Some(d(2025, 10, 1)), true),
        Consideration::Duty
    );
    // One delivery date ends the work: from the start, or under a month with no start yet.
    let date = Some(Delivery::Date(d(2026, 9, 30)));
    assert_eq!(level(date, Some(d(2026, 1, 5)), true), Consideration::Duty);
    assert_eq!(level(date, None, true), Consideration::Effort);
    // No delivery given: no fixed end, so 6 months or more.
    assert_eq!(level(None, None, true), Consideration::Duty);
}

#[test]
fn a_duty_from_six_months_an_effort_below_nothing_without_employees() {
    assert_eq!(consideration(true, Reach::SixMonths), Consideration::Duty);
    assert_eq!(consideration(true, Reach::OneMonth), Consideration::Effort);
    assert_eq!(
        consideration(true, Reach::UnderOneMonth),
        Consideration::Effort
    );
    assert_eq!(consideration(false, Reach::SixMonths), Consideration::None);
    assert_eq!(
        consideration(false, Reach::UnderOneMonth),
        Consideration::None
    );
    // Renewals chain as for Art. 16: 1 April–30 June and 15 July–30 September are six months.
    let work = continuous_work(&[
        ContractTerm {
            start: d(2026, 4, 1),
            end: Some(d(2026, 6, 30)),
        },
        ContractTerm {
            start: d(2026, 7, 15),
            end: Some(d(2026, 9, 30)),
        },
    ])
    .expect("terms");
    assert_eq!(consideration(true, work.reach()), Consideration::Duty);
}

#[test]
fn every_level_says_its_article_in_both_languages() {
    let duty = Consideration::Duty.duty();
    assert_eq!(duty.level, Consideration::Duty);
    assert!(duty.text.ja.contains("第13条第1項") && duty.text.en.contains("Art. 13(1)"));
    let effort = Consideration::Effort.text();
    assert!(effort.ja.contains("第13条第2項") && effort.en.contains("Art. 13(2)"));
    let none = Consideration::None.text();
    assert!(none.ja.contains("決まりはありません") && none.en.contains("does not oblige"));
    let json = serde_json::to_value(&duty).expect("json");
    assert_eq!(json["level"], "duty");
}

#[test]
fn labels_are_plain_words_in_both_languages() {
    for s in CareSituation::ALL {
        let l = s.label();
        assert!(!l.ja.is_empty() && !l.en.is_empty(), "{s:?}");
    }
    let asks: std::collections::BTreeSet<String> =
        CareAsk::ALL.iter().map(|a| a.label().ja).collect();
    assert_eq!(asks.len(), CareAsk::ALL.len());
    assert_eq!(
        serde_json::to_value(CareAsk::ChangeDeadline).expect("json"),
        "change_deadline"
    );
    assert_eq!(CareState::Accommodated.as_str(), "accommodated");
}

#[test]
fn the_text_is_optional_bounded_and_required_for_other() {
    assert_eq!(
        input(CareAsk::Remote, "  ")
            .validate()
            .expect("blank is fine"),
        ""
    );
    let missing = input(CareAsk::Other, " ")
        .validate()
        .expect_err("other needs words");
    assert!(missing.has("text", ErrorCode::Required));
    let m = missing.message("text").expect("message");
    assert!(m.ja.contains("相談の内容") && m.en.contains("what you ask for"));
    let long = "あ".repeat(MAX_CARE_TEXT + 1);
    let e = input(CareAsk::Remote, &long)
        .validate()
        .expect_err("too long");
    assert!(e.has("text", ErrorCode::TooLong));
    assert!(
        input(CareAsk::Other, "bad\u{202e}text")
            .validate()
            .expect_err("bidi")
            .has("text", ErrorCode::InvalidCharacters)
    );
    let answer = CareAnswerInput {
        accommodate: false,
        text: "x".repeat(MAX_CARE_TEXT + 1),
    };
    assert!(
        answer
            .validate()
            .expect_err("long")
            .has("text", ErrorCode::TooLong)
    );
}

#[test]
fn declining_needs_the_reason_and_accommodating_what_changed() {
    let r = open();
    let refused = r.answer(false, " ", t(60)).expect_err("no reason");
    assert_eq!(refused.code, RefusalCode::Inconsistent);
    assert!(refused.message.ja.contains("理由を書いてください"));
    assert!(refused.message.en.contains("write the reason"));
    let refused = r.answer(true, "", t(60)).expect_err("nothing said");
    assert!(refused.message.ja.contains("変えたこと"));
    let declined = r
        .answer(false, " 納期が取引先と決まっていて動かせないため ", t(60))
        .expect("declined");
    assert_eq!(declined.state, CareState::Declined);
    assert_eq!(
        declined.answer.as_deref(),
        Some("納期が取引先と決まっていて動かせないため")
    );
    assert_eq!(declined.answered_at, Some(t(60)));
    assert_eq!((declined.id.as_str(), declined.asked_at), ("c1", t(0)));
    let again = declined
        .answer(true, "やはり変えます", t(90))
        .expect_err("once");
    assert_eq!(again.code, RefusalCode::NotAllowedNow);
    let accommodated = r
        .answer(true, "定例会議を毎週火曜10時に移しました", t(-5))
        .expect("accommodated");
    assert_eq!(accommodated.state, CareState::Accommodated);
    assert_eq!(
        accommodated.answered_at,
        Some(t(0)),
        "never before the request"
    );
}

#[test]
fn one_open_request_at_a_time() {
    assert!(check_can_ask(&[]).is_ok());
    let r = open();
    let e = check_can_ask(std::slice::from_ref(&r)).expect_err("open");
    assert_eq!(e.code, RefusalCode::NotAllowedNow);
    assert!(e.message.ja.contains("前の相談"));
    let answered = r
        .answer(true, "在宅で作業できるようにしました", t(10))
        .expect("ok");
    assert!(check_can_ask(&[answered]).is_ok());
}

#[test]
fn the_record_round_trips_as_json() {
    let r = open();
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["state"], "open");
    assert_eq!(json["situation"], "childcare");
    assert_eq!(json["answer"], serde_json::Value::Null);
    let back: CareRecord = serde_json::from_value(json).expect("back");
    assert_eq!(back, r);
    let i: CareInput =
        serde_json::from_str(r#"{"situation":"caregiving","ask":"fewer_days"}"#).expect("no text");
    assert_eq!(i.text, "");
}
