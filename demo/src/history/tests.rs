use super::*;
use chrono::TimeZone;
use domain::engagement::{
    PipelineStage, Stage, fold_all, is_overdue, is_stalled, pipeline_column, track_record,
};
use domain::metrics::{Cell, EngagementFacts, MetricsInput, Period, ResidentFacts, region_report};
use domain::model::RegionId;
use std::collections::BTreeSet;

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .expect("valid time")
}

fn residents(n: usize) -> Vec<(ResidentId, Residency)> {
    (0..n)
        .map(|i| {
            let residency = if i % 4 == 0 {
                Residency::Related
            } else {
                Residency::Local
            };
            (ResidentId(format!("res-{i:03}")), residency)
        })
        .collect()
}

fn jobs() -> Vec<(JobId, CompanyId, u32)> {
    (0..8)
        .map(|i| {
            (
                JobId(format!("job-{i}")),
                CompanyId(format!("co-{}", i % 3)),
                4 + 3 * i,
            )
        })
        .collect()
}

fn hub() -> UserId {
    UserId::from("hub-1")
}

fn demo(seed: u64, n: usize, start: DateTime<Utc>, now: DateTime<Utc>) -> Vec<EngagementEvent> {
    demo_histories(seed, &residents(n), &jobs(), &hub(), start, now)
}

#[test]
fn same_seed_same_events() {
    let (start, now) = (utc(2025, 4, 1), utc(2026, 6, 1));
    let a = demo(42, 60, start, now);
    assert_eq!(a, demo(42, 60, start, now));
    assert_ne!(a, demo(43, 60, start, now));
    assert!(!a.is_empty());
    // A resident's story does not depend on the others.
    let all = residents(60);
    let alone = demo_histories(42, &all[10..11], &jobs(), &hub(), start, now);
    let theirs: Vec<&EngagementEvent> = a
        .iter()
        .filter(|e| e.engagement_id.as_str().contains("res-010"))
        .collect();
    assert_eq!(alone.iter().collect::<Vec<_>>(), theirs);
}

#[test]
fn every_history_folds_without_rejections() {
    let cases = [
        (1, utc(2025, 4, 1), utc(2026, 6, 1)),
        (2, utc(2024, 1, 1), utc(2026, 6, 1)),
        (3, utc(2026, 5, 1), utc(2026, 6, 1)),
        (4, utc(2026, 5, 29), utc(2026, 6, 1)),
        (5, utc(2026, 1, 1), utc(2026, 3, 1)),
    ];
    for (seed, start, now) in cases {
        for s in [seed, seed * 1000 + 7, u64::MAX - seed] {
            let evs = demo(s, 150, start, now);
            for (id, f) in fold_all(&evs) {
                assert!(f.rejected.is_empty(), "seed {s}, {id}: {:?}", f.rejected);
                assert_ne!(f.state.stage, Stage::Empty);
            }
            assert!(
                evs.iter().all(|e| start <= e.at && e.at <= now),
                "seed {s}: out of range"
            );
        }
    }
}

#[test]
fn ids_are_unique_and_sort_by_time() {
    let evs = demo(9, 120, utc(2025, 4, 1), utc(2026, 6, 1));
    let ids: BTreeSet<&EventId> = evs.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), evs.len());
    let mut by_id = evs.clone();
    by_id.sort_by(|a, b| a.id.cmp(&b.id));
    let mut by_time = evs.clone();
    by_time.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then_with(|| a.engagement_id.cmp(&b.engagement_id))
            .then_with(|| a.id.cmp(&b.id))
    });
    assert_eq!(by_id, by_time);
}

#[test]
fn nothing_without_jobs_or_time() {
    let (start, now) = (utc(2025, 4, 1), utc(2026, 6, 1));
    assert!(demo_histories(1, &residents(10), &[], &hub(), start, now).is_empty());
    assert!(demo_histories(1, &[], &jobs(), &hub(), start, now).is_empty());
    assert!(demo_histories(1, &residents(10), &jobs(), &hub(), now, start).is_empty());
}

#[test]
fn histories_cover_the_whole_board() {
    let now = utc(2026, 6, 1);
    let evs = demo(2026, 200, utc(2025, 1, 1), now);
    let folded = fold_all(&evs);
    let states: Vec<&EngagementState> = folded.values().map(|f| &f.state).collect();
    let columns: BTreeSet<PipelineStage> =
        states.iter().filter_map(|s| pipeline_column(s)).collect();
    assert_eq!(columns.len(), PipelineStage::ALL.len(), "{columns:?}");
    let count = |f: &dyn Fn(&EngagementState) -> bool| states.iter().filter(|s| f(s)).count();
    let engaged: BTreeSet<&ResidentId> = states.iter().filter_map(|s| s.resident()).collect();
    assert!(
        (100..=170).contains(&engaged.len()),
        "about 70% engaged: {}",
        engaged.len()
    );
    assert!(count(&|s| is_overdue(s, now)) >= 3);
    assert!(count(&|s| is_stalled(s, now, 14)) >= 3);
    assert!(count(&|s| s.stage == Stage::Completed) >= 5);
    assert!(count(&|s| s.review.is_some()) >= 2);
    assert!(count(&|s| s.renewals > 0) >= 5);
    assert!(count(&|s| matches!(s.stage, Stage::Paused { .. })) >= 1);
    assert!(
        count(&|s| s.stage == Stage::Cancelled
            && s.cancel_reason.as_deref().is_some_and(|r| !r.is_empty()))
            >= 3
    );
    assert!(count(&|s| s.needs_terms && s.contact_revealed()) >= 3);
    assert!(count(&|s| s.stage == Stage::Trial && !is_overdue(s, now)) >= 3);
    // Working stories keep their check-ins on time.
    let total = states
        .iter()
        .filter_map(|s| s.resident())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .fold((0u32, 0u32), |(on, all), r| {
            let t = track_record(r, states.iter().copied());
            (on + t.checkins_on_time, all + t.checkins_total)
        });
    assert!(total.1 > 100 && total.0 == total.1, "on time {total:?}");
}

#[test]
fn demo_feeds_the_metrics() {
    let now = utc(2026, 6, 1);
    let people = residents(200);
    let evs = demo_histories(5, &people, &jobs(), &hub(), utc(2025, 1, 1), now);
    let region = RegionId::from("demo");
    let input = MetricsInput {
        residents: people
            .iter()
            .map(|(id, residency)| ResidentFacts {
                id: id.clone(),
                region: region.clone(),
                municipality: None,
                residency: *residency,
                registered_at: utc(2024, 12, 1),
            })
            .collect(),
        courses: vec![],
        verifications: vec![],
        engagements: fold_all(&evs)
            .into_values()
            .map(|f| EngagementFacts {
                region: region.clone(),
                hourly_yen: 1100,
                state: f.state,
            })
            .collect(),
    };
    let r = region_report(&input, &region, Period::fiscal_year(2025).expect("period"));
    let reached: Vec<Option<u64>> = r.funnel.iter().map(|row| row.reached.value()).collect();
    assert_eq!(r.funnel[0].count, Cell::Value(200));
    // No courses or verifications in this input: nobody trained or verified.
    assert_eq!(reached[1..3], [None, None]);
    // Matched ⊇ working ⊇ retained.
    let (m, w, k) = (reached[3], reached[4], reached[5]);
    assert!(
        m.zip(w).zip(k).is_some_and(|((m, w), k)| m >= w && w >= k),
        "{:?}",
        r.funnel
    );
    assert!(r.work.hours.value().is_some_and(|h| h > 1000));
    assert!(r.work.yen.value().is_some());
    assert!(r.work.gini.value().is_some_and(|g| (0.0..1.0).contains(&g)));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    #[test]
    fn any_seed_and_span_folds_cleanly(seed in proptest::prelude::any::<u64>(), span_days in 0i64..900) {
        let now = utc(2026, 6, 1);
        let start = now - TimeDelta::days(span_days);
        let evs = demo(seed, 40, start, now);
        for (_, f) in fold_all(&evs) {
            proptest::prop_assert!(f.rejected.is_empty(), "{:?}", f.rejected);
        }
        proptest::prop_assert!(evs.iter().all(|e| start <= e.at && e.at <= now));
    }
}
