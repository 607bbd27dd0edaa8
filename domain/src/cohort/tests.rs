use super::*;
use crate::matching::fixtures::*;
use crate::matching::hard_check;
use crate::model::Level;
use proptest::prelude::*;

fn rid(i: usize) -> ResidentId {
    ResidentId(format!("r{i}"))
}

fn jid(i: usize) -> JobId {
    JobId(format!("j{i}"))
}

fn rp(i: usize, jobs: &[usize]) -> ResidentPrefs {
    ResidentPrefs {
        resident: rid(i),
        jobs: jobs.iter().map(|j| jid(*j)).collect(),
    }
}

fn jp(i: usize, capacity: usize, residents: &[usize]) -> JobPrefs {
    JobPrefs {
        job: jid(i),
        capacity,
        residents: residents.iter().map(|r| rid(*r)).collect(),
    }
}

#[test]
fn textbook_case_is_resident_optimal() {
    // Residents both prefer j0; j0 (one slot) prefers r1; r0 falls back to j1.
    let residents = [rp(0, &[0, 1]), rp(1, &[0, 1])];
    let jobs = [jp(0, 1, &[1, 0]), jp(1, 1, &[0, 1])];
    let c = deferred_acceptance(&residents, &jobs);
    assert_eq!(c.matches.get(&rid(0)), Some(&jid(1)));
    assert_eq!(c.matches.get(&rid(1)), Some(&jid(0)));
    assert!(c.unmatched.is_empty());
    assert_eq!(blocking_pair(&residents, &jobs, &c.matches), None);
}

#[test]
fn capacity_and_acceptability_are_respected() {
    let residents = [rp(0, &[0]), rp(1, &[0]), rp(2, &[0]), rp(3, &[1])];
    let jobs = [jp(0, 2, &[2, 0, 1]), jp(1, 3, &[])];
    let c = deferred_acceptance(&residents, &jobs);
    assert_eq!(c.residents_of(&jid(0)), [&rid(0), &rid(2)]);
    assert_eq!(c.unmatched, [rid(1), rid(3)]);
}

/// Every matching that respects lists and capacities, by brute force.
fn all_matchings(rs: &[ResidentPrefs], js: &[JobPrefs]) -> Vec<BTreeMap<ResidentId, JobId>> {
    let mut out = vec![BTreeMap::new()];
    for p in rs {
        let mut grown = Vec::new();
        for m in &out {
            grown.push(m.clone());
            for j in &p.jobs {
                let Some(jp) = js.iter().find(|x| &x.job == j) else {
                    continue;
                };
                let used = m.values().filter(|x| *x == j).count();
                if jp.residents.contains(&p.resident) && used < jp.capacity {
                    let mut m = m.clone();
                    m.insert(p.resident.clone(), j.clone());
                    grown.push(m);
                }
            }
        }
        out = grown;
    }
    out
}

/// Position in the resident's list; unmatched is worst.
fn rank_of(p: &ResidentPrefs, job: Option<&JobId>) -> usize {
    job.and_then(|j| p.jobs.iter().position(|x| x == j))
        .unwrap_or(usize::MAX)
}

fn small_instance() -> impl Strategy<Value = (Vec<ResidentPrefs>, Vec<JobPrefs>)> {
    (1usize..6, 1usize..4).prop_flat_map(|(nr, nj)| {
        let resident_lists = prop::collection::vec(
            Just((0..nj).collect::<Vec<_>>())
                .prop_shuffle()
                .prop_flat_map(move |v| (0..=nj).prop_map(move |k| v[..k].to_vec())),
            nr,
        );
        let job_lists = prop::collection::vec(
            (
                1usize..3,
                Just((0..nr).collect::<Vec<_>>())
                    .prop_shuffle()
                    .prop_flat_map(move |v| (0..=nr).prop_map(move |k| v[..k].to_vec())),
            ),
            nj,
        );
        (resident_lists, job_lists).prop_map(|(rl, jl)| {
            let rs = rl.iter().enumerate().map(|(i, l)| rp(i, l)).collect();
            let js = jl
                .iter()
                .enumerate()
                .map(|(i, (c, l))| jp(i, *c, l))
                .collect();
            (rs, js)
        })
    })
}

proptest! {
    #[test]
    fn deferred_acceptance_is_stable_and_resident_optimal((rs, js) in small_instance()) {
        let c = deferred_acceptance(&rs, &js);
        let all = all_matchings(&rs, &js);
        prop_assert!(all.contains(&c.matches), "respects lists and capacities");
        prop_assert_eq!(blocking_pair(&rs, &js, &c.matches), None);
        for m in all.iter().filter(|m| blocking_pair(&rs, &js, m).is_none()) {
            for p in &rs {
                prop_assert!(
                    rank_of(p, c.matches.get(&p.resident)) <= rank_of(p, m.get(&p.resident)),
                    "{} does better in another stable matching", p.resident
                );
            }
        }
    }

    #[test]
    fn input_order_does_not_change_the_result((rs, js) in small_instance()) {
        let mut reversed = rs.clone();
        reversed.reverse();
        prop_assert_eq!(deferred_acceptance(&rs, &js).matches, deferred_acceptance(&reversed, &js).matches);
    }

    #[test]
    fn score_preferences_only_pair_eligible_people(jobs in arb_jobs(5), rs in arb_residents(10)) {
        let (rp, jp) = preferences_from_scores(&jobs, &rs, 5, &|_: &Job| 2);
        let c = deferred_acceptance(&rp, &jp);
        prop_assert_eq!(blocking_pair(&rp, &jp, &c.matches), None);
        for (r, j) in &c.matches {
            let r = rs.iter().find(|x| &x.id == r);
            let j = jobs.iter().find(|x| &x.id == j);
            prop_assert!(r.zip(j).is_some_and(|(r, j)| hard_check(j, r).is_ok()));
        }
    }
}

/// A table made from nothing for these lists.
fn fresh(jobs: &[Job], residents: &[Resident]) -> ScoreTable {
    let mut table = ScoreTable::default();
    table.update(jobs.to_vec(), residents.to_vec());
    table
}

proptest! {
    #[test]
    fn a_table_brought_up_to_date_equals_one_scored_from_nothing(
        jobs in arb_jobs(8),
        rs in arb_residents(12),
        edits in prop::collection::vec((0usize..6, any::<prop::sample::Index>(), 1u32..45), 1..6),
        new_job in arb_job(),
        new_resident in arb_resident(),
    ) {
        let mut table = fresh(&jobs, &rs);
        table.ranked(4, &|_| 2);
        let (mut jobs, mut rs) = (jobs, rs);
        for (kind, at, hours) in edits {
            match kind {
                // A job edited, closed, posted; a profile saved, a graduate more, one fewer.
                0 if !jobs.is_empty() => {
                    let i = at.index(jobs.len());
                    jobs[i].hours_per_week = hours;
                }
                1 if !jobs.is_empty() => { jobs.remove(at.index(jobs.len())); }
                2 => {
                    let mut job = new_job.clone();
                    job.id = JobId(format!("j9{:02}", jobs.len()));
                    jobs.insert(at.index(jobs.len() + 1), job);
                }
                3 if !rs.is_empty() => {
                    let i = at.index(rs.len());
                    rs[i].hours_per_week = hours;
                }
                4 => {
                    let mut r = new_resident.clone();
                    r.id = ResidentId(format!("r9{:03}", rs.len()));
                    rs.insert(at.index(rs.len() + 1), r);
                }
                5 if !rs.is_empty() => { rs.remove(at.index(rs.len())); }
                _ => {}
            }
            table.update(jobs.clone(), rs.clone());
            let mut scratch = fresh(&jobs, &rs);
            prop_assert_eq!(&table.points, &scratch.points);
            prop_assert_eq!(table.preferences(4, &|_| 2), scratch.preferences(4, &|_| 2));
            // The lists kept from the last `ranked` and brought up to date by this update
            // equal the ones found from every pair.
            prop_assert_eq!(table.ranked(4, &|_| 2), scratch.ranked(4, &|_| 2));
        }
    }
}

#[test]
fn an_edit_rescores_only_its_column_or_row() {
    let jobs: Vec<Job> = (0..4)
        .map(|i| job(&format!("j{i}"), &[("data_entry", Level::Beginner)]))
        .collect();
    let rs: Vec<Resident> = (0..5)
        .map(|i| resident(&format!("r{i}"), &[("data_entry", Level::Beginner, false)]))
        .collect();
    let mut table = ScoreTable::default();
    assert_eq!(
        table.update(jobs.clone(), rs.clone()),
        20,
        "everything, the first time"
    );
    assert_eq!(table.update(jobs.clone(), rs.clone()), 0, "nothing changed");
    let mut edited = jobs.clone();
    edited[2].hours_per_week += 3;
    assert_eq!(
        table.update(edited.clone(), rs.clone()),
        5,
        "one job: its column"
    );
    let mut saved = rs.clone();
    saved[1].hours_per_week += 5;
    assert_eq!(
        table.update(edited.clone(), saved.clone()),
        4,
        "one profile: its row"
    );
    saved.push(resident("r9", &[]));
    assert_eq!(table.update(edited, saved), 4, "a graduate more: a row");
}
