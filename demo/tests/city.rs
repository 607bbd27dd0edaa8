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

/// The placement as the id-keyed steps give it (`preferences_from_scores`, `deferred_acceptance`,
/// `blocking_pair`): what `placement` computes by number must equal it.
fn placement_by_ids(program: &ProgramId, mut graduates: Vec<Resident>, jobs: &[Job]) -> Placement {
    use domain::cohort::{blocking_pair, deferred_acceptance, preferences_from_scores};
    graduates.sort_by(|a, b| a.id.cmp(&b.id));
    let (rp, jp) = preferences_from_scores(jobs, &graduates, PLACEMENT_DEPTH, &slots_of);
    let cohort = deferred_acceptance(&rp, &jp);
    let label = |id: &ResidentId| {
        let i = graduates
            .iter()
            .position(|r| &r.id == id)
            .expect("a graduate");
        format!("G{}", i + 1)
    };
    let title = |id: &JobId| jobs.iter().find(|j| &j.id == id).map(|j| j.title.clone());
    let placed = rp
        .iter()
        .filter_map(|p| {
            let job = cohort.matches.get(&p.resident)?;
            let list = &jp.iter().find(|j| &j.job == job)?.residents;
            Some(Placed {
                graduate: label(&p.resident),
                job: job.clone(),
                job_title: title(job).unwrap_or_default(),
                graduate_rank: p.jobs.iter().position(|j| j == job).map_or(0, |i| i + 1),
                job_rank: list
                    .iter()
                    .position(|r| r == &p.resident)
                    .map_or(0, |i| i + 1),
            })
        })
        .collect();
    Placement {
        program: program.clone(),
        graduates: graduates.len(),
        placed,
        unplaced: cohort.unmatched.iter().map(label).collect(),
        graduate_prefs: rp
            .iter()
            .map(|p| (label(&p.resident), p.jobs.clone()))
            .collect(),
        job_prefs: jp
            .iter()
            .filter(|j| !j.residents.is_empty())
            .map(|j| {
                (
                    j.job.clone(),
                    j.capacity,
                    j.residents.iter().map(label).collect(),
                )
            })
            .collect(),
        stable: blocking_pair(&rp, &jp, &cohort.matches).is_none(),
    }
}

#[test]
fn a_placement_by_number_and_one_brought_up_to_date_equal_the_one_by_ids() {
    let demo = DemoRegion::new(DemoConfig::default());
    let mut jobs: Vec<Job> = demo.jobs().into_iter().take(80).collect();
    let mut graduates: Vec<Resident> = demo.residents().skip(7).take(150).collect();
    graduates.reverse();
    let program = ProgramId::from("course-x");
    let by_ids = placement_by_ids(&program, graduates.clone(), &jobs);
    assert!(
        by_ids.placed.len() > 20,
        "a real placement: {}",
        by_ids.placed.len()
    );
    assert_eq!(placement(&program, graduates.clone(), &jobs), by_ids);
    // The desk's way: one table, kept while jobs and graduates change.
    let mut table = domain::cohort::ScoreTable::default();
    assert_eq!(
        placement_in(&mut table, &program, graduates.clone(), jobs.clone()),
        by_ids
    );
    jobs[3].hours_per_week += 7;
    jobs[5].status = JobStatus::Closed;
    jobs.remove(9);
    graduates[4].hours_per_week = 2;
    graduates.truncate(140);
    graduates.extend(demo.residents().skip(400).take(5));
    assert_eq!(
        placement_in(&mut table, &program, graduates.clone(), jobs.clone()),
        placement_by_ids(&program, graduates, &jobs)
    );
}

/// What a course's placement costs at the large bench region's size, step by step (run by hand:
/// `cargo test --release -p musubi-demo --test city placement_cost -- --ignored --nocapture`).
#[test]
#[ignore]
fn placement_cost() {
    use std::time::Instant;
    let demo = DemoRegion::new(DemoConfig {
        residents: 10_000,
        companies: 200,
        ..DemoConfig::default()
    });
    let jobs: Vec<Job> = demo
        .jobs()
        .into_iter()
        .filter(|j| j.status == JobStatus::Open)
        .collect();
    let graduates: Vec<Resident> = demo.residents().take(270).collect();
    let marks: Vec<(ResidentId, domain::index::ResidentMark)> = graduates
        .iter()
        .map(|r| (r.id.clone(), domain::index::ResidentMark::of(r)))
        .collect();
    let marks_json = serde_json::to_string(&marks).expect("json");
    let job_marks: Vec<(JobId, domain::index::JobMark)> = jobs
        .iter()
        .map(|j| (j.id.clone(), domain::index::JobMark::of(j)))
        .collect();
    let jobs_json = serde_json::to_string(&job_marks).expect("json");
    println!(
        "{} graduates ({} KB of marks), {} open jobs ({} KB)",
        graduates.len(),
        marks_json.len() / 1000,
        jobs.len(),
        jobs_json.len() / 1000
    );
    for _ in 0..3 {
        let t = Instant::now();
        let marks: Vec<(ResidentId, domain::index::ResidentMark)> =
            serde_json::from_str(&marks_json).expect("read");
        let job_marks: Vec<(JobId, domain::index::JobMark)> =
            serde_json::from_str(&jobs_json).expect("read");
        let parsed = t.elapsed();
        let residents: Vec<Resident> = marks
            .into_iter()
            .map(|(id, m)| m.into_resident(id))
            .collect();
        let jobs: Vec<Job> = job_marks
            .into_iter()
            .map(|(id, m)| m.into_job(id, RegionId::from("midori")))
            .collect();
        let t4 = Instant::now();
        let (rp, jp) =
            domain::cohort::preferences_from_scores(&jobs, &residents, PLACEMENT_DEPTH, &slots_of);
        let prefs = t4.elapsed();
        let t5 = Instant::now();
        let cohort = domain::cohort::deferred_acceptance(&rp, &jp);
        let da = t5.elapsed();
        let t6 = Instant::now();
        let blocking = domain::cohort::blocking_pair(&rp, &jp, &cohort.matches);
        println!(
            "  preferences {prefs:?}, deferred acceptance {da:?}, stability check {:?} ({blocking:?})",
            t6.elapsed()
        );
        let t2 = Instant::now();
        let p = placement(&ProgramId::from("course-x"), residents, &jobs);
        let placed = t2.elapsed();
        let t3 = Instant::now();
        let out = serde_json::to_string(&p).expect("json");
        println!(
            "parse {:?}, placement {:?}, answer {:?} ({} KB)",
            parsed,
            placed,
            t3.elapsed(),
            out.len() / 1000
        );
    }
    // The desk keeps the course's score table between builds: a job edited, then built again.
    let program = ProgramId::from("course-x");
    let mut table = domain::cohort::ScoreTable::default();
    let first = placement_in(&mut table, &program, graduates.clone(), jobs.clone());
    let mut edited = jobs.clone();
    for i in 0..3 {
        edited[7].hours_per_week = 10 + i;
        let (g, e) = (graduates.clone(), edited.clone());
        let mut copy = table.clone();
        let t = Instant::now();
        let scored = copy.update(e.clone(), g.clone());
        let updated = t.elapsed();
        let t = Instant::now();
        let _ = copy.preferences(PLACEMENT_DEPTH, &slots_of);
        println!(
            "  update {updated:?} ({scored} pairs scored), preferences {:?}",
            t.elapsed()
        );
        let t = Instant::now();
        let again = placement_in(&mut table, &program, graduates.clone(), edited.clone());
        println!(
            "after a job edit, with the table kept: {:?} ({} placed, first {})",
            t.elapsed(),
            again.placed.len(),
            first.placed.len()
        );
    }
}
