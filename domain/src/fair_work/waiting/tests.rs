use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::fair_work::care::{CareAsk, CareInput, CareSituation};
use crate::fair_work::ending::{EndingBasis, EndingKind, earliest_end};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// 2026-07-10 00:30 in Japan is still 2026-07-09 in UTC: the day asked is Japan's.
fn just_after_midnight_in_japan() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-07-10T00:30:00+09:00")
        .expect("time")
        .to_utc()
}

fn care_request() -> CareRecord {
    let input = CareInput {
        situation: CareSituation::Childcare,
        ask: CareAsk::ChangeHours,
        text: "保育園のお迎えがあるので、打ち合わせを午前にしてほしい".into(),
    };
    let text = input.validate().expect("valid");
    CareRecord::open("c1".into(), &input, text, just_after_midnight_in_japan())
}

fn ending(reason_request: Option<ReasonRequest>) -> EndingRecord {
    let notice_on = d(2026, 7, 1);
    EndingRecord {
        engagement: "g2".into(),
        kind: EndingKind::Termination,
        notice_on,
        ends_on: earliest_end(notice_on),
        basis: EndingBasis::Notice { notice_on },
        reason_request,
        recorded_at: just_after_midnight_in_japan(),
    }
}

const SIDES: Sides<'static> = Sides {
    commissioner: "株式会社みなと商店",
    contractor: "山田 花子",
    through_hub: false,
};

#[test]
fn an_open_care_request_waits_from_the_day_asked_in_japan() {
    let w = care_waiting("g1", SIDES, &care_request(), d(2026, 7, 13)).expect("waits");
    assert_eq!(w.kind, WaitingKind::Care);
    assert_eq!(w.asked_on, d(2026, 7, 10));
    assert_eq!(w.days_waiting, 3);
    assert_eq!(w.commissioner, "株式会社みなと商店");
    assert_eq!(
        w.message.ja,
        "山田 花子さんが2026年7月10日に株式会社みなと商店へ育児・介護などへの配慮を求めました。3日間、回答がありません。"
    );
    assert_eq!(
        w.message.en,
        "山田 花子 asked for consideration of childcare or caregiving from 株式会社みなと商店 on 10 July 2026; no answer for 3 days."
    );
}

#[test]
fn an_answered_care_request_no_longer_waits() {
    let r = care_request()
        .answer(
            true,
            "打ち合わせを毎週火曜の午前にします",
            just_after_midnight_in_japan(),
        )
        .expect("answered");
    assert_eq!(care_waiting("g1", SIDES, &r, d(2026, 7, 13)), None);
}

#[test]
fn a_reason_request_waits_until_it_is_answered_or_withheld() {
    let asked = ending(Some(ReasonRequest::Open {
        requested_on: d(2026, 7, 2),
    }));
    let w = reason_waiting(SIDES, &asked, d(2026, 7, 3)).expect("waits");
    assert_eq!((w.engagement.as_str(), w.kind), ("g2", WaitingKind::Reason));
    assert_eq!(w.days_waiting, 1);
    assert!(
        w.message.en.ends_with("no answer for 1 day."),
        "{}",
        w.message.en
    );
    assert!(w.message.ja.contains("契約を終える理由の説明を求めました"));

    let answered = ending(Some(ReasonRequest::Answered {
        requested_on: d(2026, 7, 2),
        answered_on: d(2026, 7, 3),
        reason: "担当分がなくなったため".into(),
    }));
    assert_eq!(reason_waiting(SIDES, &answered, d(2026, 7, 4)), None);
    assert_eq!(reason_waiting(SIDES, &ending(None), d(2026, 7, 4)), None);
}

#[test]
fn without_terms_the_sides_are_named_by_their_roles() {
    let w = care_waiting("g1", Sides::default(), &care_request(), d(2026, 7, 10)).expect("waits");
    assert_eq!(w.days_waiting, 0);
    assert!(
        w.message.ja.starts_with("住民が2026年7月10日に発注者へ"),
        "{}",
        w.message.ja
    );
    assert!(
        w.message.en.starts_with("The resident asked"),
        "{}",
        w.message.en
    );
    assert!(
        w.message.en.contains("from the commissioning side on"),
        "{}",
        w.message.en
    );
}

#[test]
fn the_longest_waiting_comes_first() {
    let care = care_waiting("g1", SIDES, &care_request(), d(2026, 7, 20)).expect("waits");
    let reason = reason_waiting(
        SIDES,
        &ending(Some(ReasonRequest::Open {
            requested_on: d(2026, 7, 2),
        })),
        d(2026, 7, 20),
    )
    .expect("waits");
    let mut list = vec![care, reason];
    oldest_first(&mut list);
    let order: Vec<_> = list.iter().map(|w| (w.kind, w.days_waiting)).collect();
    assert_eq!(order, [(WaitingKind::Reason, 18), (WaitingKind::Care, 10)]);
}

#[test]
fn the_company_answers_what_waits_on_its_direct_work_and_the_hub_what_it_passes_on() {
    let asked = ending(Some(ReasonRequest::Open {
        requested_on: d(2026, 7, 2),
    }));
    let today = d(2026, 7, 20);
    let direct = care_waiting("g2", SIDES, &care_request(), today).expect("waits");
    let reason = reason_waiting(SIDES, &asked, today).expect("waits");
    let passed_on = Sides {
        through_hub: true,
        ..SIDES
    };
    let recommissioned = care_waiting("g3", passed_on, &care_request(), today).expect("waits");
    assert!(recommissioned.through_hub);
    let list = [direct, reason, recommissioned];
    assert_eq!(
        awaiting_company(&list, "g2"),
        [WaitingKind::Care, WaitingKind::Reason]
    );
    assert_eq!(
        awaiting_company(&list, "g3"),
        [],
        "the hub answers a 再委託"
    );
    assert_eq!(awaiting_company(&list, "g9"), []);
    assert!(
        WaitingKind::Care
            .to_answer()
            .ja
            .contains("回答してください")
    );
    assert!(
        WaitingKind::Reason
            .to_answer()
            .en
            .contains("the reason the work ends")
    );
}
