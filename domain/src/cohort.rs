//! Matching a whole cohort at once (e.g. everyone who finished a course against the open jobs):
//! resident-proposing deferred acceptance (Gale–Shapley) with slot capacities per job.
//!
//! Why this algorithm: the result is *stable* (no resident and job who both would rather have
//! each other than what they got) and *resident-optimal* (every resident gets the best job they
//! can have in any stable result), and it does not depend on the order of the input. A pair is
//! acceptable only when each side lists the other.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::index::{Filter, flags_of};
use crate::matching::{JobTerms, ResidentTerms, TaskSkill, task_skill};
use crate::model::{Job, JobId, RegionId, Resident, ResidentId, TaskKindId};

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
    let mut by_id: BTreeMap<&JobId, &JobPrefs> = BTreeMap::new();
    for j in jobs {
        by_id.entry(&j.job).or_insert(j);
    }
    // Per job: its ranks of the residents it was given (of those it lists).
    let mut taken: BTreeMap<&JobId, Vec<usize>> = BTreeMap::new();
    for (r, job) in matches {
        if let Some(&rank) = ranks.get(job).and_then(|m| m.get(r)) {
            taken.entry(job).or_default().push(rank);
        }
    }
    for p in residents {
        let current = matches.get(&p.resident);
        for job in &p.jobs {
            if Some(job) == current {
                break; // Everything after is worse for this resident.
            }
            let Some(j) = by_id.get(job) else {
                continue;
            };
            let Some(my_rank) = ranks.get(job).and_then(|m| m.get(&p.resident)) else {
                continue;
            };
            let taken = taken.get(job).map_or(&[][..], Vec::as_slice);
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
    // The hard constraints as the index packs them (`index::Filter`, `hard_check`'s answer, tested
    // by property there): each job's filter for each region the residents live in.
    let mut regions: Vec<&RegionId> = Vec::new();
    let region_of: Vec<usize> = residents
        .iter()
        .map(|r| match regions.iter().position(|g| **g == r.region_id) {
            Some(i) => i,
            None => {
                regions.push(&r.region_id);
                regions.len() - 1
            }
        })
        .collect();
    let filters: Vec<Vec<Option<Filter>>> = regions
        .iter()
        .map(|g| jobs.iter().map(|j| Filter::of(j, g.as_str())).collect())
        .collect();
    // Ties go to the smaller id: each side's place in id order, so a list sorts by numbers.
    let (resident_order, residents_in_order) = id_order(residents.iter().map(|r| &r.id));
    let (job_order, jobs_in_order) = id_order(jobs.iter().map(|j| &j.id));
    // (Not `vec![…; n]`: a clone of an empty vector keeps no capacity.)
    let mut by_resident: Vec<Vec<u64>> = (0..residents.len())
        .map(|_| Vec::with_capacity(jobs.len()))
        .collect();
    let mut by_job: Vec<Vec<u64>> = (0..jobs.len())
        .map(|_| Vec::with_capacity(residents.len()))
        .collect();
    let mut claims = vec![TaskSkill::default(); numbers.len()];
    for (ri, r) in residents.iter().enumerate() {
        for (task, &n) in &numbers {
            claims[n] = task_skill(r, task);
        }
        let mine = ResidentTerms::of(r);
        let flags = flags_of(r);
        for (ji, filter) in filters[region_of[ri]].iter().enumerate() {
            if filter.as_ref().is_some_and(|f| f.admits(flags, mine.hours)) {
                let points = terms[ji].points(
                    |i| {
                        asks[ji]
                            .get(i)
                            .map_or_else(TaskSkill::default, |&n| claims[n])
                    },
                    &mine,
                );
                by_resident[ri].push(sort_key(points, job_order[ji]));
                by_job[ji].push(sort_key(points, resident_order[ri]));
            }
        }
    }
    let resident_prefs = residents
        .iter()
        .zip(by_resident)
        .map(|(r, keys)| ResidentPrefs {
            resident: r.id.clone(),
            jobs: best(keys, depth)
                .map(|place| jobs[jobs_in_order[place]].id.clone())
                .collect(),
        })
        .collect();
    let job_prefs = jobs
        .iter()
        .zip(by_job)
        .map(|(j, keys)| JobPrefs {
            job: j.id.clone(),
            capacity: capacity(j),
            residents: best(keys, depth)
                .map(|place| residents[residents_in_order[place]].id.clone())
                .collect(),
        })
        .collect();
    (resident_prefs, job_prefs)
}

/// Each item's place in id order, and the items (by index) in that order.
fn id_order<'a, T: Ord + 'a>(ids: impl Iterator<Item = &'a T>) -> (Vec<u32>, Vec<usize>) {
    let ids: Vec<&T> = ids.collect();
    let mut in_order: Vec<usize> = (0..ids.len()).collect();
    in_order.sort_by(|a, b| ids[*a].cmp(ids[*b]));
    let mut place = vec![0u32; ids.len()];
    for (p, &i) in in_order.iter().enumerate() {
        place[i] = u32::try_from(p).unwrap_or(u32::MAX);
    }
    (place, in_order)
}

/// A scored entry as one number that sorts descending: more points first, then the smaller
/// place in id order.
fn sort_key(points: u32, place: u32) -> u64 {
    (u64::from(points) << 32) | u64::from(u32::MAX - place)
}

/// The places in id order of the best `depth` entries, best first: the best chosen first, then
/// only those sorted (a job scores ~300 graduates and keeps 10).
fn best(mut keys: Vec<u64>, depth: usize) -> impl Iterator<Item = usize> {
    if depth == 0 {
        keys.clear();
    } else if keys.len() > depth {
        keys.select_nth_unstable_by(depth - 1, |a, b| b.cmp(a));
        keys.truncate(depth);
    }
    keys.sort_unstable_by(|a, b| b.cmp(a));
    // The low half holds `u32::MAX - place`.
    keys.into_iter()
        .map(|k| (u32::MAX - (k & u64::from(u32::MAX)) as u32) as usize)
}

#[cfg(test)]
mod tests;
