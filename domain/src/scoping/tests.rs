use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::validate::test_support::ctx_fixture;

fn request(text: &str, hours: Option<u32>) -> WorkRequest {
    WorkRequest {
        id: WorkRequestId::from("w1"),
        company: CompanyId::from("c1"),
        region: RegionId::from("default"),
        text: text.to_owned(),
        hours_per_week: hours,
        written_by: Author::Company,
        by: UserId::from("u1"),
        at: Utc
            .with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
            .single()
            .expect("time"),
    }
}

fn proposal(version: u32) -> ScopeProposal {
    ScopeProposal {
        request: WorkRequestId::from("w1"),
        version,
        cards: Vec::new(),
        note: String::new(),
        by: UserId::from("hub"),
        at: Utc
            .with_ymd_and_hms(2026, 4, 2, 0, 0, 0)
            .single()
            .expect("time"),
    }
}

fn answer(version: u32, outcome: Outcome) -> ScopeAnswer {
    ScopeAnswer {
        request: WorkRequestId::from("w1"),
        version,
        outcome,
        by: UserId::from("u1"),
        at: Utc
            .with_ymd_and_hms(2026, 4, 3, 0, 0, 0)
            .single()
            .expect("time"),
    }
}

#[test]
fn a_request_needs_words_and_takes_hours_only_as_a_number() {
    let empty = WorkRequestInput::default().validate().expect_err("empty");
    assert!(empty.has("text", crate::validate::ErrorCode::Required));
    let bad = WorkRequestInput {
        text: "経理を手伝ってほしい".into(),
        hours_per_week: "たくさん".into(),
        ..Default::default()
    }
    .validate()
    .expect_err("hours");
    assert!(bad.has("hours_per_week", crate::validate::ErrorCode::NotANumber));
    assert!(bad.0[0].message.ja.contains("1週間の仕事量"));
    let ok = WorkRequestInput {
        text: "経理を手伝ってほしい  \n".into(),
        hours_per_week: "３０時間".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid");
    assert_eq!(ok.hours_per_week, Some(30));
    assert_eq!(ok.text, "経理を手伝ってほしい");
}

#[test]
fn the_first_split_cuts_one_card_per_need_named_and_spreads_the_hours() {
    let t = Taxonomy::builtin();
    let r = request(
        "月末の請求書と記帳が重い。インスタの更新も止まっている。合わせて週40時間くらい",
        Some(40),
    );
    let cards = first_split(&r, t);
    assert_eq!(
        cards.len(),
        2,
        "{:?}",
        cards.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    let hours: Vec<u32> = cards.iter().map(|c| hours_of(&c.draft)).collect();
    assert_eq!(hours.iter().sum::<u32>(), 40);
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    for card in &cards {
        let job = card.draft.validate(&ctx).expect("each card is a valid job");
        assert!(job.min_hours_per_person <= job.hours_per_week);
        if job.hours_per_week > ONE_PERSON_HOURS {
            assert!(job.team_allowed, "{} h is team work", job.hours_per_week);
        }
    }
}

#[test]
fn words_that_name_no_need_give_no_card() {
    assert!(
        first_split(
            &request("よろしくお願いします", Some(10)),
            Taxonomy::builtin()
        )
        .is_empty()
    );
}

#[test]
fn spread_examples() {
    assert_eq!(spread(40, &[20, 6]), vec![31, 9]);
    assert_eq!(spread(10, &[1, 1, 1]), vec![4, 3, 3]);
    assert_eq!(spread(2, &[100, 1, 1]), vec![1, 1, 0]);
    assert_eq!(spread(3, &[100, 1, 1]), vec![1, 1, 1]);
    assert!(spread(5, &[]).is_empty());
}

proptest! {
    #[test]
    fn spread_keeps_the_total_and_gives_every_card_an_hour_when_it_can(
        total in 1u32..=400,
        weights in proptest::collection::vec(0u32..=60, 1..=MAX_CARDS),
    ) {
        let parts = spread(total, &weights);
        prop_assert_eq!(parts.len(), weights.len());
        prop_assert_eq!(parts.iter().sum::<u32>(), total);
        if total as usize >= weights.len() {
            prop_assert!(parts.iter().all(|&p| p >= 1));
        }
    }
}

#[test]
fn each_cards_errors_name_the_card() {
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    let mut cards: Vec<JobInput> = crate::needs::suggest("", taxonomy)
        .into_iter()
        .take(2)
        .map(|p| p.draft)
        .collect();
    cards[1].hours_per_week = "0".into();
    let errors = ScopeInput {
        cards,
        note: Raw::default(),
    }
    .validate(&ctx)
    .expect_err("card 2 is wrong");
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].field, "cards[1].hours_per_week");
    assert!(errors.0[0].message.ja.starts_with("作業カード2: "));
    assert!(errors.0[0].message.en.starts_with("Task card 2: "));
    let none = ScopeInput::default().validate(&ctx).expect_err("no card");
    assert!(none.has("cards", crate::validate::ErrorCode::Required));
    let too_many = ScopeInput {
        cards: vec![crate::needs::suggest("", taxonomy)[0].draft.clone(); MAX_CARDS + 1],
        note: Raw::default(),
    }
    .validate(&ctx)
    .expect_err("too many");
    assert!(too_many.has("cards", crate::validate::ErrorCode::TooMany));
}

#[test]
fn a_card_below_the_minimum_wage_is_named_and_refused() {
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    let mut cards: Vec<JobInput> = crate::needs::suggest("", taxonomy)
        .into_iter()
        .take(2)
        .map(|p| p.draft)
        .collect();
    for c in &mut cards {
        c.place = "remote".into();
        c.place_kind = "remote".into();
        c.pay_kind = "hourly".into();
        c.pay_yen = "1200".into();
    }
    cards[1].pay_yen = "500".into();
    let scope = ScopeInput {
        cards,
        note: Raw::default(),
    }
    .validate(&ctx)
    .expect("the form itself is fine");
    let on = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).expect("date");
    let e = check_posting(&scope.cards, None, region.prefecture, on).expect_err("card 2");
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].field, "cards[1].pay_yen");
    assert_eq!(e.0[0].code, crate::validate::ErrorCode::BelowMinimumWage);
    assert!(e.0[0].message.ja.starts_with("作業カード2: ") && e.0[0].message.ja.contains("熊本県"));
    assert!(check_posting(&scope.cards[..1], None, region.prefecture, on).is_ok());
    // A card whose pay calendar pays late is named the same way.
    let mut late = scope.cards[0].clone();
    late.pay_schedule.pay_months_after = 2;
    let e = check_posting(&[scope.cards[0].clone(), late], None, region.prefecture, on)
        .expect_err("card 2 pays late");
    assert_eq!(e.0[0].field, "cards[1].pay_day");
    assert!(
        e.0[0]
            .message
            .ja
            .starts_with("作業カード2: この支払日では遅すぎます")
    );
}

#[test]
fn a_decline_needs_a_reason_and_an_accept_does_not() {
    let decline = AnswerInput {
        decision: "decline".into(),
        version: "1".into(),
        reason: "".into(),
    }
    .validate()
    .expect_err("no reason");
    assert!(decline.has("reason", crate::validate::ErrorCode::Required));
    let accept = AnswerInput {
        decision: "accept".into(),
        version: "2".into(),
        reason: "".into(),
    }
    .validate()
    .expect("accept");
    assert_eq!(accept.decision, Decision::Accept);
    assert_eq!(accept.version, 2);
    let other = AnswerInput {
        decision: "maybe".into(),
        version: "x".into(),
        reason: "".into(),
    }
    .validate()
    .expect_err("bad");
    assert!(other.has("decision", crate::validate::ErrorCode::InvalidChoice));
    assert!(other.has("version", crate::validate::ErrorCode::NotANumber));
}

#[test]
fn only_the_version_in_force_is_answered_and_only_once() {
    let v2 = proposal(2);
    assert_eq!(check_answer(1, None, None), Err(ScopeRefusal::NoProposal));
    assert_eq!(
        check_answer(1, Some(&v2), None),
        Err(ScopeRefusal::Stale { current: 2 })
    );
    assert_eq!(check_answer(2, Some(&v2), None), Ok(()));
    let old = answer(
        1,
        Outcome::Declined {
            reason: "高い".into(),
        },
    );
    assert_eq!(
        check_answer(2, Some(&v2), Some(&old)),
        Ok(()),
        "a revision reopens"
    );
    let done = answer(
        2,
        Outcome::Declined {
            reason: "高い".into(),
        },
    );
    assert_eq!(
        check_answer(2, Some(&v2), Some(&done)),
        Err(ScopeRefusal::AlreadyAnswered)
    );
    assert!(
        ScopeRefusal::Stale { current: 2 }
            .message()
            .ja
            .contains("第2版")
    );
}

#[test]
fn an_accepted_proposal_is_not_revised() {
    let accepted = answer(
        1,
        Outcome::Accepted {
            jobs: vec![JobId::from("j1")],
        },
    );
    assert_eq!(
        check_proposal(Some(&accepted)),
        Err(ScopeRefusal::AlreadyAccepted)
    );
    let declined = answer(
        1,
        Outcome::Declined {
            reason: "予算".into(),
        },
    );
    assert_eq!(check_proposal(Some(&declined)), Ok(()));
    assert_eq!(check_proposal(None), Ok(()));
    assert_eq!(next_version(None), 1);
    assert_eq!(next_version(Some(&proposal(3))), 4);
}

#[test]
fn status_follows_the_proposal_in_force() {
    assert_eq!(status(None, None), RequestStatus::New);
    let v1 = proposal(1);
    assert_eq!(
        status(Some(&v1), None),
        RequestStatus::Proposed { version: 1 }
    );
    let declined = answer(
        1,
        Outcome::Declined {
            reason: "予算".into(),
        },
    );
    assert_eq!(
        status(Some(&v1), Some(&declined)),
        RequestStatus::Declined {
            version: 1,
            reason: "予算".into()
        }
    );
    // The hub revised after the decline: the company is asked again.
    assert_eq!(
        status(Some(&proposal(2)), Some(&declined)),
        RequestStatus::Proposed { version: 2 }
    );
    let accepted = answer(
        2,
        Outcome::Accepted {
            jobs: vec![JobId::from("j1")],
        },
    );
    assert_eq!(
        status(Some(&proposal(2)), Some(&accepted)).code(),
        "accepted"
    );
}

#[test]
fn the_hub_sees_its_next_steps_first() {
    let views: Vec<RequestView> = [
        (
            Some(proposal(1)),
            Some(answer(1, Outcome::Accepted { jobs: vec![] })),
        ),
        (Some(proposal(1)), None),
        (None, None),
        (
            Some(proposal(1)),
            Some(answer(1, Outcome::Declined { reason: "r".into() })),
        ),
    ]
    .into_iter()
    .map(|(p, a)| RequestView::new(request("x", None), "会社".into(), p, a))
    .collect();
    assert_eq!(waiting_for_answer(&views), 1);
    // The home's light reader counts the same from the JSON the API sends.
    let json = serde_json::to_string(&views).expect("serialize");
    let standing: Vec<RequestStanding> = serde_json::from_str(&json).expect("read");
    assert_eq!(waiting_in(&standing), waiting_for_answer(&views));
    let mut list: Vec<RequestBrief> = views.into_iter().map(RequestBrief::from).collect();
    hub_order(&mut list);
    let codes: Vec<&str> = list.iter().map(|v| v.status.code()).collect();
    assert_eq!(codes, ["new", "declined", "proposed", "accepted"]);
}

#[test]
fn a_declined_proposal_is_revised_from_its_own_cards() {
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    let draft = crate::needs::suggest("", taxonomy)[0].draft.clone();
    let job = draft.validate(&ctx).expect("valid");
    let mut p = proposal(1);
    p.cards.push(ScopedCard {
        job: job.clone(),
        team: TeamOutline {
            members: vec![],
            tasks_with_backup: 0,
            uncovered_tasks: vec![],
            uncovered_hours: 0,
            summary: Localized::new("", ""),
        },
    });
    let view = RequestView::new(request("インスタ", None), "会社".into(), Some(p), None);
    let w = workspace(view, taxonomy);
    assert_eq!(w.cards.len(), 1);
    assert_eq!(w.cards[0].validate(&ctx).expect("valid"), job);
    let fresh = workspace(
        RequestView::new(request("インスタ", None), "会社".into(), None, None),
        taxonomy,
    );
    assert_eq!(fresh.cards.len(), fresh.explain.len());
    assert!(!fresh.cards.is_empty());
}

#[test]
fn a_card_and_its_team_read_in_plain_words() {
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    let mut draft = crate::needs::proposal("month_end_books", taxonomy)
        .expect("template")
        .draft;
    draft.hours_per_week = "30".into();
    draft.team_allowed = "true".into();
    draft.pay_yen = "1300".into();
    let job = draft.validate(&ctx).expect("valid");
    let line = card_line(&job);
    assert!(line.ja.starts_with("週30時間・"), "{}", line.ja);
    assert!(line.ja.ends_with("時給1,300円"), "{}", line.ja);
    assert!(line.en.contains("1,300 yen an hour"));
    let outline = TeamOutline {
        members: vec![
            MemberOutline {
                hours: 12,
                tasks: vec![],
            },
            MemberOutline {
                hours: 10,
                tasks: vec![],
            },
        ],
        tasks_with_backup: 2,
        uncovered_tasks: vec![],
        uncovered_hours: 0,
        summary: Localized::new("", ""),
    };
    assert_eq!(
        outline.text().ja,
        "2人（週12・10時間）・2つの作業に控えの人がいます"
    );
    assert_eq!(
        outline.text().en,
        "2 people (12, 10 h a week) · a backup for 2 task(s)"
    );
}
