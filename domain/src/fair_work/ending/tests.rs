use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn term(start: NaiveDate, end: NaiveDate) -> ContractTerm {
    ContractTerm {
        start,
        end: Some(end),
    }
}

#[test]
fn renewals_chain_when_the_gap_is_under_a_month() {
    assert!(continues(d(2026, 3, 31), d(2026, 4, 1)));
    assert!(continues(d(2026, 3, 31), d(2026, 4, 30)), "gap 1–29 April");
    assert!(
        !continues(d(2026, 3, 31), d(2026, 5, 1)),
        "gap is all of April"
    );
    let work = continuous_work(&[
        term(d(2026, 4, 1), d(2026, 6, 30)),
        term(d(2026, 7, 15), d(2026, 9, 30)),
    ])
    .expect("two terms");
    assert_eq!(
        work,
        ContinuousWork {
            first_day: d(2026, 4, 1),
            last_day: Some(d(2026, 9, 30))
        }
    );
    assert_eq!(
        work.reach(),
        Reach::SixMonths,
        "1 April to 30 September is six months"
    );
    let broken = continuous_work(&[
        term(d(2026, 1, 1), d(2026, 3, 31)),
        term(d(2026, 5, 1), d(2026, 9, 30)),
    ])
    .expect("two terms");
    assert_eq!(broken.first_day, d(2026, 5, 1));
    assert_eq!(broken.reach(), Reach::OneMonth);
    assert_eq!(continuous_work(&[]), None);
}

#[test]
fn thresholds_of_one_and_six_months() {
    assert!(!lasts_months(d(2026, 4, 1), Some(d(2026, 9, 29)), 6));
    assert!(lasts_months(d(2026, 4, 1), Some(d(2026, 9, 30)), 6));
    assert!(!lasts_months(d(2026, 1, 31), Some(d(2026, 2, 27)), 1));
    assert!(
        lasts_months(d(2026, 1, 31), Some(d(2026, 2, 28)), 1),
        "no 31 February: month end"
    );
    assert_eq!(months_period_end(d(2026, 8, 31), 6), d(2027, 2, 28));
    assert_eq!(
        months_period_end(d(2027, 8, 29), 6),
        d(2028, 2, 28),
        "29 Feb 2028 exists"
    );
    assert_eq!(
        months_period_end(d(2026, 8, 29), 6),
        d(2027, 2, 28),
        "no 29 Feb 2027"
    );
    assert!(
        continues(d(2026, 1, 30), d(2026, 2, 28)),
        "gap 31 Jan–27 Feb"
    );
    assert!(
        !continues(d(2026, 1, 30), d(2026, 3, 1)),
        "gap is all of 31 Jan–28 Feb"
    );
    assert!(!lasts_months(d(2026, 1, 15), Some(d(2026, 2, 13)), 1));
    assert!(lasts_months(d(2026, 1, 15), Some(d(2026, 2, 14)), 1));
    let open = ContinuousWork {
        first_day: d(2026, 11, 1),
        last_day: None,
    };
    assert_eq!(open.reach(), Reach::SixMonths, "no fixed end");
}

fn half_year() -> ContinuousWork {
    ContinuousWork {
        first_day: d(2026, 1, 1),
        last_day: Some(d(2026, 12, 31)),
    }
}

#[test]
fn six_months_of_work_need_30_days_notice() {
    let w = half_year();
    assert_eq!(
        check_ending(&w, true, false, d(2026, 10, 1), d(2026, 10, 31), None),
        Ok(EndingBasis::Notice {
            notice_on: d(2026, 10, 1)
        })
    );
    let e =
        check_ending(&w, true, false, d(2026, 10, 2), d(2026, 10, 31), None).expect_err("29 days");
    assert_eq!(e.code, RefusalCode::NoticeTooShort);
    assert!(
        e.message.ja.contains("2026年11月1日以降"),
        "{}",
        e.message.ja
    );
    assert!(
        e.message.en.contains("1 November 2026 or later"),
        "{}",
        e.message.en
    );
    assert_eq!(earliest_end(d(2026, 3, 31)), d(2026, 4, 30));
}

#[test]
fn an_exception_allows_a_short_ending() {
    let w = half_year();
    for x in NoticeException::ALL {
        let r = check_ending(&w, true, true, d(2026, 10, 2), d(2026, 10, 2), Some(x));
        assert_eq!(r, Ok(EndingBasis::Exception { exception: x }));
        let l = x.label();
        assert!(!l.ja.is_empty() && !l.en.is_empty());
    }
    let direct = check_ending(
        &w,
        true,
        false,
        d(2026, 10, 2),
        d(2026, 10, 2),
        Some(NoticeException::OriginalCommissionCancelled),
    );
    assert_eq!(direct.map_err(|e| e.code), Err(RefusalCode::Inconsistent));
}

#[test]
fn shorter_work_or_a_small_company_needs_no_notice() {
    let short = ContinuousWork {
        first_day: d(2026, 8, 1),
        last_day: Some(d(2026, 12, 31)),
    };
    assert_eq!(
        check_ending(&short, true, false, d(2026, 10, 2), d(2026, 10, 3), None),
        Ok(EndingBasis::NoNoticeRequired)
    );
    assert_eq!(
        check_ending(
            &half_year(),
            false,
            false,
            d(2026, 10, 2),
            d(2026, 10, 3),
            None
        ),
        Ok(EndingBasis::NoNoticeRequired)
    );
    assert!(check_ending(&short, true, false, d(2026, 10, 2), d(2026, 10, 1), None).is_err());
}

#[test]
fn a_reason_request_is_tracked_until_answered() {
    let notice = d(2026, 10, 1);
    let end = d(2026, 10, 31);
    assert_eq!(
        ReasonRequest::request(notice, end, d(2026, 11, 1)).map_err(|e| e.code),
        Err(RefusalCode::OutOfWindow)
    );
    let r = ReasonRequest::request(notice, end, d(2026, 10, 5)).expect("in window");
    assert!(r.is_open());
    assert_eq!(r.days_waiting(d(2026, 10, 8)), Some(3));
    assert!(r.answer(d(2026, 10, 8), " ").is_err());
    let a = r
        .answer(d(2026, 10, 8), "事業の縮小のため")
        .expect("answered");
    assert!(!a.is_open());
    assert_eq!(a.days_waiting(d(2026, 10, 9)), None);
    assert!(a.answer(d(2026, 10, 9), "again").is_err());
    let w = r
        .withhold(d(2026, 10, 6), ReasonWithheld::ThirdPartyInterest)
        .expect("withheld");
    assert!(matches!(w, ReasonRequest::Withheld { .. }));
}

proptest! {
    /// Against a day-by-day count: notice is enough exactly when the last day is 30 or more days
    /// after the notice day.
    #[test]
    fn notice_matches_a_day_count(notice_offset in 0u64..3_000, gap in 0u64..90) {
        let notice = d(2024, 1, 1) + Days::new(notice_offset);
        let end = notice + Days::new(gap);
        let mut days = 0;
        let mut day = notice;
        while day < end {
            day = day.succ_opt().expect("in range");
            days += 1;
        }
        let ok = check_ending(&half_year(), true, false, notice, end, None).is_ok();
        prop_assert_eq!(ok, days >= 30);
    }

    /// Six months by 民法143条 spelled out with calendar arithmetic: find the corresponding day
    /// six months on by counting months; the period ends the day before it, or on the last day
    /// of that month when the day does not exist there.
    #[test]
    fn six_months_matches_the_civil_code(start_offset in 0u64..3_000, len in 0u64..400) {
        let first = d(2024, 1, 1) + Days::new(start_offset);
        let last = first + Days::new(len);
        let index = first.year() * 12 + first.month0() as i32 + 6;
        let (y, m) = (index / 12, (index % 12) as u32 + 1);
        let end = match NaiveDate::from_ymd_opt(y, m, first.day()) {
            Some(same_day) => same_day.pred_opt().expect("in range"),
            None => {
                // The last day of month m: walk back from the first of the next month.
                let mut day = NaiveDate::from_ymd_opt(y, m, 28).expect("exists");
                while day.succ_opt().expect("in range").month() == m {
                    day = day.succ_opt().expect("in range");
                }
                day
            }
        };
        prop_assert_eq!(lasts_months(first, Some(last), 6), last >= end);
    }
}

mod end_events {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::engagement::{Actor, EngagementEvent, EngagementState, EventId, EventKind, Role};
    use crate::fair_work::api::EndingRecord;
    use crate::model::{EngagementId, UserId};

    /// Noon JST of a day.
    fn at(day: NaiveDate) -> DateTime<Utc> {
        Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).expect("a time"))
    }

    fn running_since(day: NaiveDate) -> EngagementState {
        EngagementState {
            trial_started_at: Some(at(day)),
            ..EngagementState::default()
        }
    }

    fn end(kind: EventKind, role: Role, on: NaiveDate) -> EngagementEvent {
        EngagementEvent {
            id: EventId("e".into()),
            engagement_id: EngagementId("g".into()),
            at: at(on),
            actor: Actor {
                user: UserId("u".into()),
                role,
            },
            kind,
        }
    }

    fn ending(notice_on: NaiveDate, basis: EndingBasis) -> EndingRecord {
        EndingRecord {
            engagement: "g".into(),
            kind: EndingKind::Termination,
            notice_on,
            ends_on: earliest_end(notice_on),
            basis,
            reason_request: None,
            recorded_at: at(notice_on),
        }
    }

    #[test]
    fn ending_six_months_of_work_without_notice_is_refused_in_both_languages() {
        let state = running_since(d(2026, 1, 5));
        for kind in [
            EventKind::Completed,
            EventKind::Cancelled {
                reason: "予算".into(),
            },
        ] {
            for role in [Role::Company, Role::Hub] {
                let ev = end(kind.clone(), role, d(2026, 7, 4));
                let r =
                    check_end_event(&state, &ev, TermsFacts::default(), None).expect_err("refused");
                assert_eq!(r.code, RefusalCode::NoticeTooShort);
                assert!(r.message.ja.contains("終了の予告"), "{}", r.message.ja);
                assert!(r.message.ja.contains("2026年8月3日"), "{}", r.message.ja);
                assert!(
                    r.message.en.contains("notice of ending"),
                    "{}",
                    r.message.en
                );
            }
        }
    }

    #[test]
    fn the_resident_may_always_stop_and_short_or_unstarted_work_needs_no_notice() {
        let long = running_since(d(2026, 1, 5));
        let quit = end(
            EventKind::Cancelled {
                reason: "体調".into(),
            },
            Role::Resident,
            d(2026, 9, 1),
        );
        assert!(check_end_event(&long, &quit, TermsFacts::default(), None).is_ok());
        // One day short of six months (5 January to 4 July is six).
        let short = end(EventKind::Completed, Role::Company, d(2026, 7, 3));
        assert!(check_end_event(&long, &short, TermsFacts::default(), None).is_ok());
        // No trial: no work to end.
        let never = end(EventKind::Completed, Role::Company, d(2027, 7, 3));
        assert!(
            check_end_event(
                &EngagementState::default(),
                &never,
                TermsFacts::default(),
                None
            )
            .is_ok()
        );
        // A company without staff is not bound by Art. 16.
        let small = TermsFacts {
            specified: false,
            ..TermsFacts::default()
        };
        let late = end(EventKind::Completed, Role::Company, d(2027, 1, 5));
        assert!(check_end_event(&long, &late, small, None).is_ok());
        // A note is not an end.
        let note = end(
            EventKind::Note { text: "x".into() },
            Role::Company,
            d(2027, 1, 5),
        );
        assert!(check_end_event(&long, &note, TermsFacts::default(), None).is_ok());
    }

    #[test]
    fn the_terms_first_day_counts_when_it_is_earlier_than_the_trial() {
        let state = running_since(d(2026, 6, 1));
        let terms = TermsFacts {
            from: Some(d(2026, 1, 5)),
            ..TermsFacts::default()
        };
        let ev = end(EventKind::Completed, Role::Company, d(2026, 7, 4));
        assert!(check_end_event(&state, &ev, TermsFacts::default(), None).is_ok());
        assert!(check_end_event(&state, &ev, terms, None).is_err());
    }

    #[test]
    fn thirty_days_of_recorded_notice_or_an_exception_allow_the_end() {
        let state = running_since(d(2026, 1, 5));
        let notice = ending(
            d(2026, 7, 1),
            EndingBasis::Notice {
                notice_on: d(2026, 7, 1),
            },
        );
        let early = end(EventKind::Completed, Role::Company, d(2026, 7, 30));
        let r = check_end_event(&state, &early, TermsFacts::default(), Some(&notice))
            .expect_err("29 days");
        assert_eq!(r.code, RefusalCode::NoticeTooShort);
        assert!(r.message.en.contains("31 July 2026"), "{}", r.message.en);
        let on_time = end(EventKind::Completed, Role::Hub, d(2026, 7, 31));
        assert!(check_end_event(&state, &on_time, TermsFacts::default(), Some(&notice)).is_ok());

        let fault = ending(
            d(2026, 7, 10),
            EndingBasis::Exception {
                exception: NoticeException::FreelancerAtFault,
            },
        );
        let now = end(
            EventKind::Cancelled {
                reason: "無断欠勤".into(),
            },
            Role::Company,
            d(2026, 7, 10),
        );
        assert!(check_end_event(&state, &now, TermsFacts::default(), Some(&fault)).is_ok());
        // The original client's cancellation is an exception only for a 再委託.
        let cancelled = ending(
            d(2026, 7, 10),
            EndingBasis::Exception {
                exception: NoticeException::OriginalCommissionCancelled,
            },
        );
        assert!(check_end_event(&state, &now, TermsFacts::default(), Some(&cancelled)).is_err());
        let through_hub = TermsFacts {
            recommission: true,
            ..TermsFacts::default()
        };
        assert!(check_end_event(&state, &now, through_hub, Some(&cancelled)).is_ok());
    }

    #[test]
    fn a_record_made_when_no_notice_was_needed_is_checked_again_at_the_end() {
        let state = running_since(d(2026, 1, 5));
        let record = ending(d(2026, 5, 1), EndingBasis::NoNoticeRequired);
        // Noticed on 1 May: from 31 May the work may end, six months or not.
        let late = end(EventKind::Completed, Role::Company, d(2026, 8, 1));
        assert!(check_end_event(&state, &late, TermsFacts::default(), Some(&record)).is_ok());
    }
}
