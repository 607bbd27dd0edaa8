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
