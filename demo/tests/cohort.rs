//! A course cohort's stable assignment (`domain::cohort`) on the demo region's scores.

use domain::cohort::*;
use domain::matching::hard_check;
use domain::model::*;

#[test]
fn demo_scores_give_a_stable_cohort() {
    let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig {
        seed: 4,
        residents: 200,
        companies: 12,
    });
    let residents: Vec<Resident> = demo.residents().collect();
    let jobs = demo.jobs();
    let (rp, jp) = preferences_from_scores(&jobs, &residents, 10, &|j: &Job| {
        (j.hours_per_week / j.min_hours_per_person.max(1)).clamp(1, 4) as usize
    });
    let c = deferred_acceptance(&rp, &jp);
    assert!(!c.matches.is_empty());
    assert_eq!(blocking_pair(&rp, &jp, &c.matches), None);
    for (r, j) in &c.matches {
        let (r, j) = (
            residents.iter().find(|x| &x.id == r),
            jobs.iter().find(|x| &x.id == j),
        );
        assert!(r.zip(j).is_some_and(|(r, j)| hard_check(j, r).is_ok()));
    }
}

/// Both sides' lists as the rule states them, one pair at a time: every pair that passes the
/// hard constraints scored by `score_points`, each list sorted whole and cut at `depth`.
fn preferences_one_pair_at_a_time(
    jobs: &[Job],
    residents: &[Resident],
    depth: usize,
) -> (Vec<Vec<JobId>>, Vec<Vec<ResidentId>>) {
    use domain::matching::{JobTerms, score_points};
    let mut by_resident: Vec<Vec<(u32, JobId)>> = vec![Vec::new(); residents.len()];
    let mut by_job: Vec<Vec<(u32, ResidentId)>> = vec![Vec::new(); jobs.len()];
    for (ri, r) in residents.iter().enumerate() {
        for (ji, j) in jobs.iter().enumerate() {
            if hard_check(j, r).is_ok() {
                let points = score_points(&JobTerms::new(j), r);
                by_resident[ri].push((points, j.id.clone()));
                by_job[ji].push((points, r.id.clone()));
            }
        }
    }
    fn cut<T: Ord>(mut v: Vec<(u32, T)>, depth: usize) -> Vec<T> {
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        v.into_iter().take(depth).map(|(_, id)| id).collect()
    }
    (
        by_resident.into_iter().map(|v| cut(v, depth)).collect(),
        by_job.into_iter().map(|v| cut(v, depth)).collect(),
    )
}

#[test]
fn prepared_scores_give_the_lists_one_pair_at_a_time_gives() {
    let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig {
        seed: 9,
        residents: 400,
        companies: 30,
    });
    // Out of id order, some from another region (the hard constraints read the region), and a
    // closed job.
    let mut residents: Vec<Resident> = demo.residents().collect();
    residents.reverse();
    for r in residents.iter_mut().step_by(7) {
        r.region_id = RegionId::from("elsewhere");
        r.residency = Residency::Related;
    }
    let mut jobs = demo.jobs();
    jobs.rotate_left(5);
    jobs[0].status = JobStatus::Closed;
    for depth in [0, 1, 3, 10, 1_000] {
        let (rp, jp) = preferences_from_scores(&jobs, &residents, depth, &|_: &Job| 1);
        let (residents_lists, jobs_lists) =
            preferences_one_pair_at_a_time(&jobs, &residents, depth);
        assert_eq!(
            rp.iter().map(|p| p.jobs.clone()).collect::<Vec<_>>(),
            residents_lists,
            "depth {depth}"
        );
        assert_eq!(
            jp.iter().map(|p| p.residents.clone()).collect::<Vec<_>>(),
            jobs_lists,
            "depth {depth}"
        );
        if depth == 10 {
            assert!(rp.iter().filter(|p| p.jobs.len() == 10).count() > 100);
            assert!(jp.iter().filter(|p| p.residents.len() == 10).count() > 10);
        }
    }
}
