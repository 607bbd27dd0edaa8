use super::*;
use domain::matching::{Page, hard_check, rank_residents_for_job};

fn demo(seed: u64, residents: usize) -> DemoRegion {
    DemoRegion::new(DemoConfig {
        seed,
        residents,
        companies: 24,
    })
}

#[test]
fn same_seed_same_region() {
    let (a, b) = (demo(7, 50), demo(7, 50));
    assert_eq!(a.region(), b.region());
    assert_eq!(a.companies(), b.companies());
    assert_eq!(a.jobs(), b.jobs());
    assert_eq!(a.programs(), b.programs());
    assert_eq!(
        a.residents().collect::<Vec<_>>(),
        b.residents().collect::<Vec<_>>()
    );
    let c = demo(8, 50);
    assert_ne!(
        a.residents().collect::<Vec<_>>(),
        c.residents().collect::<Vec<_>>()
    );
}

#[test]
fn region_is_midori_in_nagano() {
    for seed in 0..20 {
        let r = demo(seed, 50).region();
        assert_eq!(r.name.ja, "みどり圏域");
        assert_eq!(r.prefecture, 20);
        assert!(
            (4..=6).contains(&r.municipalities.len()),
            "{}",
            r.municipalities.len()
        );
        assert_eq!(r.municipalities[0].name.ja, "緑川市");
    }
}

#[test]
fn residents_are_independent_of_the_count() {
    let small = demo(3, 50);
    let large = demo(3, 1_000_000);
    assert_eq!(small.resident(10), large.resident(10));
    assert_eq!(large.resident(999_999).id.as_str(), "res-0999999");
    assert_eq!(large.residents().size_hint(), (1_000_000, Some(1_000_000)));
}

#[test]
fn every_task_id_is_in_the_vocabulary() {
    let tax = Taxonomy::builtin();
    let d = demo(1, 300);
    let known = |t: &TaskKindId| assert!(tax.contains_task(t.as_str()), "unknown task {t}");
    d.jobs()
        .iter()
        .flat_map(|j| j.tasks.iter())
        .for_each(|t| known(&t.task));
    d.residents()
        .flat_map(|r| r.skills)
        .for_each(|s| known(&s.task));
    for p in d.programs() {
        if let ProgramKind::Course { certifies, .. } = p.kind {
            certifies.iter().for_each(known);
        }
    }
}

#[test]
fn distributions_are_plausible() {
    let d = demo(5, 4000);
    let rs: Vec<Resident> = d.residents().collect();
    let share = |f: &dyn Fn(&Resident) -> bool| rs.iter().filter(|r| f(r)).count() * 100 / rs.len();
    let related = share(&|r| r.residency == Residency::Related);
    assert!((12..=18).contains(&related), "関係人口 {related}%");
    assert!(
        rs.iter()
            .all(|r| (r.residency == Residency::Related) == r.municipality_id.is_none())
    );
    let course = share(&|r| {
        r.skills
            .iter()
            .any(|s| matches!(s.verification, Some(Verification::Course { .. })))
    });
    assert!((5..=40).contains(&course), "course-verified {course}%");
    let no_skill = share(&|r| r.skills.is_empty());
    assert!((5..=15).contains(&no_skill));
    assert!(
        rs.iter()
            .all(|r| r.display_name.contains(' ') && !r.windows.is_empty())
    );
    let ids: std::collections::BTreeSet<&ResidentId> = rs.iter().map(|r| &r.id).collect();
    assert_eq!(ids.len(), rs.len());
}

#[test]
fn companies_and_jobs_look_real_and_find_people() {
    let d = demo(9, 600);
    let companies = d.companies();
    let names: std::collections::BTreeSet<&str> =
        companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), companies.len(), "company names are distinct");
    assert!(
        companies
            .iter()
            .all(|c| c.prefecture == 20 && c.name.contains("会社"))
    );
    let jobs = d.jobs();
    assert!(jobs.len() >= companies.len());
    assert!(
        jobs.iter()
            .any(|j| j.hours_per_week >= 40 || j.tasks.len() >= 2)
    );
    let rs: Vec<Resident> = d.residents().collect();
    let names = Taxonomy::builtin();
    for j in jobs.iter().filter(|j| j.status == JobStatus::Open) {
        let eligible = rs.iter().filter(|r| hard_check(j, r).is_ok()).count();
        assert!(eligible > 10, "{} has {eligible} eligible", j.id);
        let top = rank_residents_for_job(j, &rs, names, Page::top(3));
        assert!(
            top[0].score.value() > 0.5,
            "{}: {}",
            j.id,
            top[0].score.value()
        );
    }
}

#[test]
fn programs_have_courses_schemes_and_coworking() {
    let p = demo(2, 50).programs();
    let count = |f: fn(&ProgramKind) -> bool| p.iter().filter(|x| f(&x.kind)).count();
    assert!(count(|k| matches!(k, ProgramKind::Course { .. })) >= 5);
    assert!(count(|k| matches!(k, ProgramKind::SupportScheme { .. })) >= 2);
    assert!(count(|k| matches!(k, ProgramKind::Coworking { .. })) >= 2);
}

#[test]
fn jobs_pay_at_least_the_minimum_wage() {
    for seed in 0..5 {
        for job in demo(seed, 50).jobs() {
            let warnings =
                domain::pay::pay_warnings(&job.pay, PREFECTURE_NAGANO, job.created_at.date_naive());
            assert!(
                warnings
                    .iter()
                    .all(|w| w.code != domain::pay::PayWarningCode::BelowMinimumWage),
                "{} pays {:?}",
                job.id,
                job.pay
            );
        }
    }
}
