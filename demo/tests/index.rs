//! The packed matching index (`domain::index`) on the demo region: it ranks as the matching
//! does, rows with verification marks equal overlaid residents, job marks fit KV metadata.

use domain::index::*;
use domain::matching::{self, Page};
use domain::model::*;
use domain::verification::VerificationMark;

#[test]
fn demo_region_ranks_the_same_through_index_and_matching() {
    let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig {
        seed: 11,
        residents: 3000,
        companies: 20,
    });
    let tax = domain::vocabulary::Taxonomy::builtin();
    let mut b = IndexBuilder::new(
        RegionId::from(musubi_demo::REGION_ID),
        TaskSpace::from_taxonomy(tax).expect("fits"),
    );
    let rs: Vec<Resident> = demo.residents().collect();
    for r in &rs {
        assert_eq!(b.push(r), Ok(()));
    }
    let bytes = b.to_bytes();
    let view = IndexView::from_bytes(&bytes).expect("valid index");
    for job in demo.jobs() {
        let page = Page {
            offset: 5,
            limit: 30,
        };
        let want: Vec<(u32, String)> = matching::rank_residents_for_job(&job, &rs, tax, page)
            .into_iter()
            .map(|r| (r.score.points, r.resident.0))
            .collect();
        assert_eq!(
            pairs(view.rank(&job, page, &Overlay::default())),
            want,
            "{}",
            job.id
        );
    }
}

#[test]
fn demo_region_from_row_codes_and_marks_equals_from_residents() {
    let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig::default());
    let tax = domain::vocabulary::Taxonomy::builtin();
    let space = TaskSpace::from_taxonomy(tax).expect("fits");
    let rs: Vec<Resident> = demo.residents().collect();
    // Hub and course verifications for every seventh resident: a claimed task (re-levelled, then
    // a later course), and an unclaimed one.
    let unclaimed = |r: &Resident| {
        tax.tasks
            .iter()
            .map(|t| t.id.clone())
            .find(|t| r.skills.iter().all(|c| &c.task != t))
    };
    let mut records = Vec::new();
    for r in rs.iter().step_by(7) {
        if let Some(claim) = r.skills.first() {
            let hub = VerificationMark {
                task: claim.task.clone(),
                level: Some(Level::CanTeach),
                at: later_than_fixtures(1),
            };
            records.push(record(r, &hub));
            if r.id.as_str().len() % 2 == 0 {
                let course = VerificationMark {
                    level: None,
                    at: later_than_fixtures(2),
                    ..hub
                };
                records.push(record(r, &course));
            }
        }
        if let Some(task) = unclaimed(r) {
            let level = if r.skills.len() % 2 == 0 {
                Some(Level::Experienced)
            } else {
                None
            };
            records.push(record(
                r,
                &VerificationMark {
                    task,
                    level,
                    at: later_than_fixtures(3),
                },
            ));
        }
    }
    assert!(records.len() > 40);
    let mut from_residents = IndexBuilder::new(demo.region().id.clone(), space.clone());
    let mut from_rows = IndexBuilder::new(demo.region().id.clone(), space.clone());
    for r in &rs {
        let mine: Vec<_> = records
            .iter()
            .filter(|v| v.resident == r.id)
            .cloned()
            .collect();
        let mut overlaid = r.clone();
        domain::verification::overlay(&mut overlaid, &mine);
        from_residents.push(&overlaid).expect("pushed");
        let text = Row::of(r, &space).expect("row").encode(&space);
        let mut row = Row::decode(&text, &space).expect("decoded");
        let marks: Vec<_> = mine.iter().map(|v| v.mark()).collect();
        row.apply_verifications(&space, &marks);
        from_rows.push_row(r.id.clone(), row);
    }
    assert_eq!(from_rows.to_bytes(), from_residents.to_bytes());
}

#[test]
fn job_marks_fit_kv_metadata_and_rank_like_the_job() {
    let tax = domain::vocabulary::Taxonomy::builtin();
    let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig::default());
    let mut longest = demo.jobs().into_iter().next().expect("a demo job");
    // The longest a valid job can be: the most tasks, the longest task ids, 64-character ids
    // (the router's limit), on site, paid per task; title and description are not carried.
    let mut ids: Vec<&domain::vocabulary::TaskKind> = tax.tasks.iter().collect();
    ids.sort_by_key(|t| std::cmp::Reverse(t.id.as_str().len()));
    longest.tasks = ids
        .iter()
        .take(domain::validate::job::MAX_JOB_TASKS)
        .map(|t| domain::model::TaskRequirement {
            task: t.id.clone(),
            level: Level::Experienced,
        })
        .collect();
    longest.company_id = domain::model::CompanyId("c".repeat(64));
    longest.place = WorkPlace::OnSite {
        municipality: domain::model::MunicipalityId("m".repeat(64)),
    };
    longest.pay = domain::model::Pay::PerTask {
        yen: 100_000,
        minutes_per_task: 480,
    };
    longest.title = "長".repeat(domain::validate::job::MAX_TITLE);
    let value = JobMark::metadata(&longest).expect("fits KV metadata");
    let size = serde_json::to_string(&value).map_or(usize::MAX, |s| s.len());
    assert!(size <= KV_METADATA_MAX, "{size}");
    let back = JobMark::from_metadata(&value).expect("read back");
    let job = back.into_job(longest.id.clone(), longest.region_id.clone());
    assert_eq!(
        Job {
            title: longest.title.clone(),
            description: longest.description.clone(),
            ..job
        },
        longest
    );
    // Too big (ids are never this long): no metadata, the reader falls back to the job.
    longest.company_id = domain::model::CompanyId("c".repeat(2000));
    assert_eq!(JobMark::metadata(&longest), None);
    // Ranking from marks equals ranking from the jobs.
    let jobs = demo.jobs();
    let stubs: Vec<Job> = jobs
        .iter()
        .filter_map(|j| {
            JobMark::metadata(j)
                .and_then(|v| JobMark::from_metadata(&v))
                .map(|m| m.into_job(j.id.clone(), j.region_id.clone()))
        })
        .collect();
    assert_eq!(stubs.len(), jobs.len());
    for r in demo.residents().take(50) {
        let page = Page {
            offset: 0,
            limit: 10,
        };
        let a = matching::rank_jobs_for_resident(&r, &jobs, tax, page);
        let b = matching::rank_jobs_for_resident(&r, &stubs, tax, page);
        assert_eq!(a, b);
    }
}

fn pairs(hits: Vec<Hit>) -> Vec<(u32, String)> {
    hits.into_iter().map(|h| (h.points, h.resident.0)).collect()
}

fn record(r: &Resident, m: &VerificationMark) -> domain::verification::SkillVerification {
    let at = chrono::DateTime::from_timestamp_millis(m.at).unwrap_or_default();
    domain::verification::SkillVerification {
        resident: r.id.clone(),
        task: m.task.clone(),
        level: m.level,
        verification: match m.level {
            Some(_) => domain::model::Verification::Hub {
                coordinator: domain::model::UserId::from("hub"),
                note: String::new(),
                at,
            },
            None => domain::model::Verification::Course {
                program: domain::model::ProgramId::from("p"),
                at,
            },
        },
    }
}

/// Verification times after any the fixtures put on a profile.
fn later_than_fixtures(day: i64) -> i64 {
    4_000_000_000_000 + day * 86_400_000
}
