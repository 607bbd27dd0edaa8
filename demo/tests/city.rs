//! A course's placement (`domain::city`) of the demo region's graduates.

use domain::city::*;
use domain::model::*;
use musubi_demo::{DemoConfig, DemoRegion};

#[test]
fn a_placement_of_demo_graduates_is_stable_and_labels_them() {
    let demo = DemoRegion::new(DemoConfig::default());
    let jobs: Vec<Job> = demo.jobs().into_iter().take(20).collect();
    let residents: Vec<Resident> = demo.residents().take(40).collect();
    let p = placement(&ProgramId::from("course-x"), residents.clone(), &jobs);
    assert!(p.stable);
    assert_eq!(p.graduates, 40);
    assert_eq!(p.placed.len() + p.unplaced.len(), 40);
    assert!(!p.placed.is_empty());
    let json = serde_json::to_string(&p).unwrap_or_default();
    for r in &residents {
        assert!(!json.contains(r.id.as_str()) && !json.contains(&r.display_name));
    }
    for x in &p.placed {
        assert!(x.graduate_rank >= 1 && x.job_rank >= 1, "{x:?}");
    }
    for j in &jobs {
        let n = p.placed.iter().filter(|x| x.job == j.id).count();
        assert!(n <= slots_of(j));
    }
}

#[test]
fn a_placement_from_the_graduates_ranking_marks_equals_the_one_from_their_profiles() {
    let demo = DemoRegion::new(DemoConfig::default());
    let jobs: Vec<Job> = demo.jobs().into_iter().take(60).collect();
    let residents: Vec<Resident> = demo.residents().take(120).collect();
    let from_marks: Vec<Resident> = residents
        .iter()
        .map(|r| {
            // As the desk keeps it: JSON, read back.
            let json = serde_json::to_string(&domain::index::ResidentMark::of(r)).expect("json");
            let mark: domain::index::ResidentMark = serde_json::from_str(&json).expect("read");
            assert!(!json.contains(&r.display_name), "no name in the mark");
            mark.into_resident(r.id.clone())
        })
        .collect();
    for (r, m) in residents.iter().zip(&from_marks) {
        for j in &jobs {
            assert_eq!(
                domain::matching::hard_check(j, r),
                domain::matching::hard_check(j, m)
            );
            assert_eq!(
                domain::matching::score_points(&domain::matching::JobTerms::new(j), r),
                domain::matching::score_points(&domain::matching::JobTerms::new(j), m),
            );
        }
    }
    let program = ProgramId::from("course-x");
    assert_eq!(
        placement(&program, from_marks, &jobs),
        placement(&program, residents, &jobs)
    );
}
