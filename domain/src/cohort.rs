//! Matching a whole cohort at once (e.g. everyone who finished a course against the open jobs):
//! resident-proposing deferred acceptance (Gale–Shapley) with slot capacities per job.
//!
//! Why this algorithm: the result is *stable* (no resident and job who both would rather have
//! each other than what they got) and *resident-optimal* (every resident gets the best job they
//! can have in any stable result), and it does not depend on the order of the input. A pair is
//! acceptable only when each side lists the other.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::matching::{JobTerms, ResidentTerms, TaskSkill, hard_check, task_skill};
use crate::model::{Job, JobId, Resident, ResidentId, TaskKindId};

/// A resident's acceptable jobs, most preferred first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentPrefs {
    pub resident: ResidentId,
    pub jobs: Vec<JobId>,
}

/// A job's acceptable residents, most preferred first, and how many it can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPrefs {
    pub job: JobId,
    pub capacity: usize,
    pub residents: Vec<ResidentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cohort {
    pub matches: BTreeMap<ResidentId, JobId>,
    /// Residents left without a job, in input order.
    pub unmatched: Vec<ResidentId>,
}

impl Cohort {
    pub fn residents_of(&self, job: &JobId) -> Vec<&ResidentId> {
        self.matches
            .iter()
            .filter(|(_, j)| *j == job)
            .map(|(r, _)| r)
            .collect()
    }
}

/// A job's rank of each resident it lists (0 = best).
fn job_ranks(jobs: &[JobPrefs]) -> BTreeMap<&JobId, BTreeMap<&ResidentId, usize>> {
    jobs.iter()
        .map(|j| {
            let mut ranks = BTreeMap::new();
            for (i, r) in j.residents.iter().enumerate() {
                ranks.entry(r).or_insert(i);
            }
            (&j.job, ranks)
        })
        .collect()
}

/// Resident-proposing deferred acceptance.
pub fn deferred_acceptance(residents: &[ResidentPrefs], jobs: &[JobPrefs]) -> Cohort {
    let ranks = job_ranks(jobs);
    let capacity: BTreeMap<&JobId, usize> = jobs.iter().map(|j| (&j.job, j.capacity)).collect();
    // Per job: held proposals as (job's rank of the resident, resident index).
    let mut held: BTreeMap<&JobId, Vec<(usize, usize)>> = BTreeMap::new();
    let mut next = vec![0usize; residents.len()];
    let mut free: VecDeque<usize> = (0..residents.len()).collect();
    while let Some(r) = free.pop_front() {
        let Some(job) = residents[r].jobs.get(next[r]) else {
            continue; // Out of acceptable jobs: stays unmatched.
        };
        next[r] += 1;
        let rank = ranks.get(job).and_then(|m| m.get(&residents[r].resident));
        let (Some(&rank), Some(&cap)) = (rank, capacity.get(job)) else {
            free.push_back(r);
            continue;
        };
        let slots = held.entry(job).or_default();
        slots.push((rank, r));
        slots.sort_unstable();
        if slots.len() > cap
            && let Some((_, worst)) = slots.pop()
        {
            free.push_back(worst);
        }
    }
    let mut matches = BTreeMap::new();
    for (job, slots) in held {
        for (_, r) in slots {
            matches.insert(residents[r].resident.clone(), job.clone());
        }
    }
    let unmatched = residents
        .iter()
        .filter(|p| !matches.contains_key(&p.resident))
        .map(|p| p.resident.clone())
        .collect();
    Cohort { matches, unmatched }
}

/// A resident and a job who both prefer each other to what `matches` gives them, if any.
pub fn blocking_pair(
    residents: &[ResidentPrefs],
    jobs: &[JobPrefs],
    matches: &BTreeMap<ResidentId, JobId>,
) -> Option<(ResidentId, JobId)> {
    let ranks = job_ranks(jobs);
    for p in residents {
        let current = matches.get(&p.resident);
        for job in &p.jobs {
            if Some(job) == current {
                break; // Everything after is worse for this resident.
            }
            let Some(j) = jobs.iter().find(|j| &j.job == job) else {
                continue;
            };
            let Some(my_rank) = ranks.get(job).and_then(|m| m.get(&p.resident)) else {
                continue;
            };
            let taken: Vec<usize> = matches
                .iter()
                .filter(|(_, mj)| *mj == job)
                .filter_map(|(r, _)| ranks.get(job).and_then(|m| m.get(r)).copied())
                .collect();
            let has_room = taken.len() < j.capacity;
            if has_room || taken.iter().any(|t| t > my_rank) {
                return Some((p.resident.clone(), job.clone()));
            }
        }
    }
    None
}

/// Both sides' preferences from the matching score: only pairs that pass the hard constraints,
/// each side's best `depth` by score (ties: smaller id); `capacity(job)` slots per job.
///
/// Every pair is scored (a course's ~300 graduates against a region's ~350 open jobs is ~100,000
/// pairs), so what a score reads of each side is prepared once: each resident's claim on every
/// task some job asks for, and the resident's terms. The points are `JobTerms::points`, the one
/// place the arithmetic lives, so they equal `score_points` (a unit test compares).
pub fn preferences_from_scores(
    jobs: &[Job],
    residents: &[Resident],
    depth: usize,
    capacity: &dyn Fn(&Job) -> usize,
) -> (Vec<ResidentPrefs>, Vec<JobPrefs>) {
    let terms: Vec<JobTerms> = jobs.iter().map(JobTerms::new).collect();
    // The tasks any job asks for, numbered; each job's tasks by number.
    let mut numbers: BTreeMap<&TaskKindId, usize> = BTreeMap::new();
    for t in terms.iter().flat_map(|t| &t.tasks) {
        let next = numbers.len();
        numbers.entry(&t.task).or_insert(next);
    }
    let asks: Vec<Vec<usize>> = terms
        .iter()
        .map(|t| t.tasks.iter().map(|task| numbers[&task.task]).collect())
        .collect();
    let mut by_resident: Vec<Vec<(u32, &JobId)>> = vec![Vec::new(); residents.len()];
    let mut by_job: Vec<Vec<(u32, &ResidentId)>> = vec![Vec::new(); jobs.len()];
    let mut claims = vec![TaskSkill::default(); numbers.len()];
    for (ri, r) in residents.iter().enumerate() {
        for (task, &n) in &numbers {
            claims[n] = task_skill(r, task);
        }
        let mine = ResidentTerms::of(r);
        for (ji, j) in jobs.iter().enumerate() {
            if hard_check(j, r).is_ok() {
                let points = terms[ji].points(
                    |i| {
                        asks[ji]
                            .get(i)
                            .map_or_else(TaskSkill::default, |&n| claims[n])
                    },
                    &mine,
                );
                by_resident[ri].push((points, &j.id));
                by_job[ji].push((points, &r.id));
            }
        }
    }
    let resident_prefs = residents
        .iter()
        .zip(by_resident)
        .map(|(r, v)| ResidentPrefs {
            resident: r.id.clone(),
            jobs: best_ids(v, depth),
        })
        .collect();
    let job_prefs = jobs
        .iter()
        .zip(by_job)
        .map(|(j, v)| JobPrefs {
            job: j.id.clone(),
            capacity: capacity(j),
            residents: best_ids(v, depth),
        })
        .collect();
    (resident_prefs, job_prefs)
}

/// The ids of the best `depth` by points (ties: smaller id): the best chosen first, then only
/// those sorted (a job lists ~300 scored graduates and keeps 10).
fn best_ids<T: Ord + Clone>(mut scored: Vec<(u32, &T)>, depth: usize) -> Vec<T> {
    let order = |a: &(u32, &T), b: &(u32, &T)| b.0.cmp(&a.0).then(a.1.cmp(b.1));
    if depth == 0 {
        return Vec::new();
    }
    if scored.len() > depth {
        scored.select_nth_unstable_by(depth - 1, order);
        scored.truncate(depth);
    }
    scored.sort_by(order);
    scored.into_iter().map(|(_, id)| id.clone()).collect()
}

#[cfg(test)]
mod tests;
