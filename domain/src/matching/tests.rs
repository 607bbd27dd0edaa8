use super::fixtures::*;
use super::*;
use crate::model::WorkPlace;
use crate::model::{Devices, MunicipalityId, Pay, TrackRecord};
use proptest::prelude::*;

fn sns_job() -> Job {
    job(
        "j1",
        &[
            ("sns.post", Level::Experienced),
            ("data.entry", Level::Beginner),
        ],
    )
}

#[test]
fn verified_course_reason_reads_plainly() {
    let r = resident("r1", &[("sns.post", Level::Experienced, true)]);
    let s = score(&sns_job(), &r, &names);
    let texts: Vec<&str> = s.reasons.iter().map(|r| r.text.ja.as_str()).collect();
    assert!(
        texts.contains(&"SNS投稿作成: 講座修了で確認済み"),
        "{texts:?}"
    );
    assert!(texts.contains(&"SNS投稿作成: 経験あり（求める水準: 経験あり）"));
    assert!(texts.contains(&"データ入力: 未経験（求める水準: はじめて）"));
    assert!(texts.contains(&"平日の午前に週10時間"), "{texts:?}");
    assert_eq!(s.points, s.reasons.iter().map(|r| r.points).sum::<u32>());
}

#[test]
fn full_match_scores_everything() {
    let mut r = resident(
        "r1",
        &[
            ("sns.post", Level::CanTeach, true),
            ("data.entry", Level::Beginner, true),
        ],
    );
    r.track = TrackRecord {
        finished: 2,
        renewed: 2,
        ..TrackRecord::default()
    };
    assert_eq!(score(&sns_job(), &r, &names).points, TOTAL_POINTS);
    assert!((score(&sns_job(), &r, &names).value() - 1.0).abs() < f64::EPSILON);
}

#[test]
fn one_level_below_earns_half_the_task_share() {
    let below = resident("r1", &[("sns.post", Level::Beginner, false)]);
    let at = resident("r2", &[("sns.post", Level::Experienced, false)]);
    let job = job("j", &[("sns.post", Level::Experienced)]);
    let task = |r: &Resident| {
        score(&job, r, &names)
            .reasons
            .iter()
            .find(|x| matches!(x.kind, ReasonKind::Task(_)))
            .map_or(0, |x| x.points)
    };
    assert_eq!(task(&at), TASK_POINTS);
    assert_eq!(task(&below), TASK_POINTS / 2);
}

#[test]
fn hard_constraints_name_what_failed() {
    let mut job = sns_job();
    let mut r = resident("r1", &[]);
    r.devices = Devices::SmartphoneOnly;
    job.needs_pc = true;
    assert_eq!(hard_check(&job, &r), Err(HardFail::NeedsPc));
    r.devices = Devices::Pc;
    r.residency = Residency::Related;
    r.municipality_id = None;
    job.who_may_apply = WhoMayApply::LocalOnly;
    assert_eq!(hard_check(&job, &r), Err(HardFail::LocalOnly));
    job.who_may_apply = WhoMayApply::LocalAndRelated;
    assert_eq!(hard_check(&job, &r), Ok(()));
    job.place = WorkPlace::OnSite {
        municipality: MunicipalityId::from("m2"),
    };
    assert_eq!(hard_check(&job, &r), Err(HardFail::OnSiteOutsideRegion));
    job.place = WorkPlace::Remote;
    job.min_hours_per_person = 20;
    let fail = hard_check(&job, &r);
    assert_eq!(
        fail,
        Err(HardFail::TooFewHours {
            needed: 20,
            offered: 10
        })
    );
    let text = fail
        .err()
        .map(HardFail::reason)
        .unwrap_or_else(|| Localized::new("", ""));
    assert_eq!(text.ja, "1人あたり週20時間以上が必要です（週10時間）");
}

#[test]
fn pay_below_wish_falls_to_zero_at_three_quarters() {
    assert_eq!(pay_points(1000, 1000), PAY_POINTS);
    assert_eq!(pay_points(750, 1000), 0);
    assert_eq!(pay_points(875, 1000), PAY_POINTS / 2);
    assert_eq!(pay_points(500, 0), PAY_POINTS);
}

#[test]
fn idle_resident_outranks_busy_twin() {
    let job = job("j", &[("sns.post", Level::Beginner)]);
    let mut busy = resident("r0", &[("sns.post", Level::Experienced, false)]);
    busy.track.active = 2;
    let idle = resident("r9", &[("sns.post", Level::Experienced, false)]);
    let ranked = rank_residents_for_job(&job, &[busy, idle], &names, Page::top(2));
    assert_eq!(ranked[0].resident.as_str(), "r9");
}

#[test]
fn per_task_pay_uses_hourly_equivalent() {
    let mut job = sns_job();
    job.pay = Pay::PerTask {
        yen: 300,
        minutes_per_task: 15,
    };
    let mut r = resident("r1", &[]);
    r.wishes.min_hourly_yen = Some(1000);
    let s = score(&job, &r, &names);
    let pay = s.reasons.iter().find(|x| x.kind == ReasonKind::Pay);
    assert_eq!(pay.map(|p| p.points), Some(PAY_POINTS));
    assert_eq!(
        pay.map(|p| p.text.ja.as_str()),
        Some("時給1,200円（希望 1,000円以上を満たす）")
    );
}

#[test]
fn windows_read_as_plain_text() {
    let w = TimeWindows(0b0100_0101);
    assert_eq!(windows_text(w).ja, "平日の午前・夕方、週末の夕方");
    assert_eq!(
        windows_text(w).en,
        "weekday mornings and evenings, weekend evenings"
    );
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(thousands(999), "999");
}

#[test]
fn pages_follow_the_full_order() {
    let job = job("j", &[("sns.post", Level::Beginner)]);
    let rs: Vec<Resident> = (0..10)
        .map(|i| {
            let mut r = resident(
                &format!("r{i}"),
                &[("sns.post", Level::Beginner, i % 2 == 0)],
            );
            r.hours_per_week = 5 + i;
            r
        })
        .collect();
    let all = rank_residents_for_job(&job, &rs, &names, Page::top(100));
    let page = rank_residents_for_job(
        &job,
        &rs,
        &names,
        Page {
            offset: 3,
            limit: 4,
        },
    );
    assert_eq!(all.len(), 10);
    assert_eq!(page, all[3..7].to_vec());
    assert!(
        rank_residents_for_job(
            &job,
            &rs,
            &names,
            Page {
                offset: 20,
                limit: 5
            }
        )
        .is_empty()
    );
}

fn full_sort(job: &Job, rs: &[Resident]) -> Vec<(u32, ResidentId)> {
    let terms = JobTerms::new(job);
    let mut all: Vec<(u32, ResidentId)> = rs
        .iter()
        .filter(|r| hard_check(job, r).is_ok())
        .map(|r| (score_points(&terms, r), r.id.clone()))
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    all
}

proptest! {
    #[test]
    fn score_is_in_unit_range_and_sums_its_reasons(job in arb_job(), r in arb_resident()) {
        let s = score(&job, &r, &names);
        prop_assert!(s.points <= TOTAL_POINTS);
        prop_assert!((0.0..=1.0).contains(&s.value()));
        prop_assert_eq!(s.points, s.reasons.iter().map(|r| r.points).sum::<u32>());
        prop_assert_eq!(s.points, score_points(&JobTerms::new(&job), &r));
    }

    #[test]
    fn ranked_residents_pass_hard_constraints_and_match_full_sort(
        job in arb_job(), rs in arb_residents(30), offset in 0usize..10, limit in 0usize..10,
    ) {
        let page = rank_residents_for_job(&job, &rs, &names, Page { offset, limit });
        for p in &page {
            let r = rs.iter().find(|r| r.id == p.resident);
            prop_assert!(r.is_some_and(|r| hard_check(&job, r).is_ok()));
        }
        let got: Vec<(u32, ResidentId)> =
            page.into_iter().map(|p| (p.score.points, p.resident)).collect();
        let want: Vec<(u32, ResidentId)> =
            full_sort(&job, &rs).into_iter().skip(offset).take(limit).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn ranked_jobs_pass_hard_constraints_and_are_ordered(
        r in arb_resident(), jobs in arb_jobs(12), k in 0usize..8,
    ) {
        let page = rank_jobs_for_resident(&r, &jobs, &names, Page::top(k));
        let eligible = jobs.iter().filter(|j| hard_check(j, &r).is_ok()).count();
        prop_assert_eq!(page.len(), k.min(eligible));
        for w in page.windows(2) {
            prop_assert!((w[0].score.points, &w[1].job) >= (w[1].score.points, &w[0].job));
        }
        for p in &page {
            let j = jobs.iter().find(|j| j.id == p.job);
            prop_assert!(j.is_some_and(|j| hard_check(j, &r).is_ok()));
        }
    }
}

#[test]
fn pages_are_bounded_and_refused_with_the_field_named() {
    use crate::validate::ErrorCode;
    let p = Page::parse(None, None).expect("defaults");
    assert_eq!((p.offset, p.limit), (0, DEFAULT_PAGE_LIMIT));
    let p = Page::parse(Some("40"), Some("50")).expect("in range");
    assert_eq!((p.offset, p.limit), (40, 50));
    let e = Page::parse(Some("2000000000"), None).expect_err("offset too far");
    assert!(e.has("offset", ErrorCode::OutOfRange));
    let e = Page::parse(None, Some("1000")).expect_err("limit too large");
    assert!(e.has("limit", ErrorCode::OutOfRange));
    let e = Page::parse(None, Some("0")).expect_err("limit at least one");
    assert!(e.has("limit", ErrorCode::OutOfRange));
    let e = Page::parse(Some("-1"), Some("ten")).expect_err("not numbers");
    assert!(e.has("offset", ErrorCode::NotANumber) && e.has("limit", ErrorCode::NotANumber));
    let e = Page::parse(Some("99999999999999999999999"), None).expect_err("overflow");
    assert!(e.has("offset", ErrorCode::NotANumber));
    assert!(
        e.0.iter()
            .all(|f| !f.message.ja.is_empty() && !f.message.en.is_empty())
    );
}
