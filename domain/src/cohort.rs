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

/// Both sides' acceptable partners by number (residents `0..R`, jobs `0..J`, as a
/// [`ScoreTable`] holds them), most preferred first, and each job's slots.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ranked {
    /// Each resident's jobs.
    pub jobs: Vec<Vec<usize>>,
    /// Each job's residents.
    pub residents: Vec<Vec<usize>>,
    pub capacity: Vec<usize>,
}

impl Ranked {
    /// Resident-proposing deferred acceptance: each resident's job, and whether the result is
    /// stable (no blocking pair; it always is, and the placement says so from this check).
    pub fn place(&self) -> (Vec<Option<usize>>, bool) {
        // Each resident is its own entry.
        let numbers: Vec<usize> = (0..self.jobs.len()).collect();
        let lists = Lists {
            jobs_of: &self.jobs,
            resident_of: &numbers,
            ranks: ranks_by_number(self.residents.iter().map(|l| l.iter().map(|&r| Some(r)))),
            capacity: &self.capacity,
        };
        let mut assigned = vec![None; self.jobs.len()];
        for (job, slots) in propose(&lists).iter().enumerate() {
            for &(_, r) in slots {
                assigned[r] = Some(job);
            }
        }
        // Per job: its ranks of the residents it was given.
        let mut taken: Vec<Vec<usize>> = vec![Vec::new(); self.residents.len()];
        for (r, job) in assigned.iter().enumerate() {
            if let Some(job) = *job
                && let Some(rank) = lists.rank(job, r)
            {
                taken[job].push(rank);
            }
        }
        let blocked = (0..self.jobs.len()).any(|r| {
            self.jobs[r]
                .iter()
                .take_while(|&&job| Some(job) != assigned[r])
                .any(|&job| lists.blocks(&taken[job], job, r))
        });
        (assigned, !blocked)
    }
}

/// Both sides' lists by number, as the proposals and the stability check read them.
struct Lists<'a> {
    /// Each resident entry's jobs, most preferred first (jobs without an entry left out).
    jobs_of: &'a [Vec<usize>],
    /// Each resident entry's number: the first entry with its id.
    resident_of: &'a [usize],
    /// Each job's rank of the residents it lists (0 = best; a resident listed twice keeps its
    /// first rank), sorted by resident number for lookup.
    ranks: Vec<Vec<(usize, usize)>>,
    capacity: &'a [usize],
}

impl Lists<'_> {
    /// Job `job`'s rank of resident entry `r`, if it lists that resident.
    fn rank(&self, job: usize, r: usize) -> Option<usize> {
        rank_of_number(&self.ranks[job], self.resident_of[r])
    }

    /// Whether resident entry `r` and `job`, holding residents of these ranks, would both
    /// rather have each other.
    fn blocks(&self, taken: &[usize], job: usize, r: usize) -> bool {
        self.rank(job, r)
            .is_some_and(|mine| taken.len() < self.capacity[job] || taken.iter().any(|&t| t > mine))
    }
}

/// Each job's (resident number, rank) pairs, sorted by number (a resident listed twice keeps
/// its first rank; `None`: a resident with no number, which still takes its rank).
fn ranks_by_number<L, I>(lists: L) -> Vec<Vec<(usize, usize)>>
where
    L: Iterator<Item = I>,
    I: Iterator<Item = Option<usize>>,
{
    lists
        .map(|list| {
            let mut ranks: Vec<(usize, usize)> = list
                .enumerate()
                .filter_map(|(rank, n)| Some((n?, rank)))
                .collect();
            // Stable: the first rank of a resident listed twice comes first.
            ranks.sort_by_key(|&(n, _)| n);
            ranks.dedup_by_key(|&mut (n, _)| n);
            ranks
        })
        .collect()
}

fn rank_of_number(ranks: &[(usize, usize)], n: usize) -> Option<usize> {
    ranks
        .binary_search_by_key(&n, |&(m, _)| m)
        .ok()
        .map(|i| ranks[i].1)
}

/// The id lists numbered: jobs and residents by their first entry.
struct Numbered<'a> {
    job_number: BTreeMap<&'a JobId, usize>,
    resident_number: BTreeMap<&'a ResidentId, usize>,
    jobs_of: Vec<Vec<usize>>,
    resident_of: Vec<usize>,
    capacity: Vec<usize>,
}

impl<'a> Numbered<'a> {
    fn of(residents: &'a [ResidentPrefs], jobs: &'a [JobPrefs]) -> Self {
        let mut job_number: BTreeMap<&JobId, usize> = BTreeMap::new();
        for (i, j) in jobs.iter().enumerate() {
            job_number.entry(&j.job).or_insert(i);
        }
        let mut resident_number: BTreeMap<&ResidentId, usize> = BTreeMap::new();
        let resident_of: Vec<usize> = residents
            .iter()
            .enumerate()
            .map(|(i, r)| *resident_number.entry(&r.resident).or_insert(i))
            .collect();
        let jobs_of = residents
            .iter()
            .map(|r| {
                r.jobs
                    .iter()
                    .filter_map(|j| job_number.get(j).copied())
                    .collect()
            })
            .collect();
        Numbered {
            job_number,
            resident_number,
            jobs_of,
            resident_of,
            capacity: jobs.iter().map(|j| j.capacity).collect(),
        }
    }

    fn lists(&self, jobs: &[JobPrefs]) -> Lists<'_> {
        Lists {
            jobs_of: &self.jobs_of,
            resident_of: &self.resident_of,
            ranks: ranks_by_number(jobs.iter().map(|j| {
                j.residents
                    .iter()
                    .map(|r| self.resident_number.get(r).copied())
            })),
            capacity: &self.capacity,
        }
    }
}

/// Resident-proposing deferred acceptance. A job or resident listed twice counts once, by its
/// first entry.
pub fn deferred_acceptance(residents: &[ResidentPrefs], jobs: &[JobPrefs]) -> Cohort {
    let numbered = Numbered::of(residents, jobs);
    let held = propose(&numbered.lists(jobs));
    let mut matches = BTreeMap::new();
    for (job, slots) in held.iter().enumerate() {
        for &(_, r) in slots {
            matches.insert(residents[r].resident.clone(), jobs[job].job.clone());
        }
    }
    let unmatched = residents
        .iter()
        .filter(|p| !matches.contains_key(&p.resident))
        .map(|p| p.resident.clone())
        .collect();
    Cohort { matches, unmatched }
}

/// The proposals: per job, the held (rank, resident entry) pairs.
fn propose(lists: &Lists) -> Vec<Vec<(usize, usize)>> {
    let residents = lists.jobs_of.len();
    let mut held: Vec<Vec<(usize, usize)>> = vec![Vec::new(); lists.ranks.len()];
    let mut next = vec![0usize; residents];
    let mut free: VecDeque<usize> = (0..residents).collect();
    while let Some(r) = free.pop_front() {
        let Some(&job) = lists.jobs_of[r].get(next[r]) else {
            continue; // Out of acceptable jobs: stays unmatched.
        };
        next[r] += 1;
        let Some(rank) = lists.rank(job, r) else {
            free.push_back(r);
            continue;
        };
        let slots = &mut held[job];
        slots.push((rank, r));
        slots.sort_unstable();
        if slots.len() > lists.capacity[job]
            && let Some((_, worst)) = slots.pop()
        {
            free.push_back(worst);
        }
    }
    held
}

/// A resident and a job who both prefer each other to what `matches` gives them, if any.
pub fn blocking_pair(
    residents: &[ResidentPrefs],
    jobs: &[JobPrefs],
    matches: &BTreeMap<ResidentId, JobId>,
) -> Option<(ResidentId, JobId)> {
    let numbered = Numbered::of(residents, jobs);
    let lists = numbered.lists(jobs);
    // Per job: its ranks of the residents it was given (of those it lists).
    let mut taken: Vec<Vec<usize>> = vec![Vec::new(); jobs.len()];
    for (r, job) in matches {
        let Some(&job) = numbered.job_number.get(job) else {
            continue;
        };
        let rank = match numbered.resident_number.get(r) {
            Some(&n) => rank_of_number(&lists.ranks[job], n),
            None => jobs[job].residents.iter().position(|x| x == r),
        };
        if let Some(rank) = rank {
            taken[job].push(rank);
        }
    }
    for (r, p) in residents.iter().enumerate() {
        let current = matches.get(&p.resident);
        for job in &p.jobs {
            if Some(job) == current {
                break; // Everything after is worse for this resident.
            }
            if let Some(&n) = numbered.job_number.get(job)
                && lists.blocks(&taken[n], n, r)
            {
                return Some((p.resident.clone(), job.clone()));
            }
        }
    }
    None
}

/// Both sides' preferences from the matching score: only pairs that pass the hard constraints,
/// each side's best `depth` by score (ties: smaller id); `capacity(job)` slots per job.
pub fn preferences_from_scores(
    jobs: &[Job],
    residents: &[Resident],
    depth: usize,
    capacity: &dyn Fn(&Job) -> usize,
) -> (Vec<ResidentPrefs>, Vec<JobPrefs>) {
    let mut table = ScoreTable::default();
    table.update(jobs.to_vec(), residents.to_vec());
    table.preferences(depth, capacity)
}

/// A pair that fails a hard constraint, in [`ScoreTable`]'s points.
const NOT_A_PAIR: u32 = u32::MAX;

/// Every resident's points with every job (a course's ~300 graduates against a region's ~350
/// open jobs is ~100,000 pairs), kept between placements so that the next one scores only the
/// pairs of a job or a resident that changed: a job edit rescores one column, a profile save
/// one row. What a pair's score reads of each side is prepared once per update: each
/// resident's claim on every task some job asks for, and the resident's terms. The points are
/// `JobTerms::points`, the one place the arithmetic lives, so they equal `score_points` (a unit
/// test compares).
#[derive(Debug, Clone, Default)]
pub struct ScoreTable {
    jobs: Vec<Job>,
    residents: Vec<Resident>,
    /// `points[resident * jobs.len() + job]`, [`NOT_A_PAIR`] where a hard constraint fails.
    points: Vec<u32>,
    /// How many pairs the last update scored.
    scored: usize,
    /// Each side's best pairs as the last [`ScoreTable::ranked`] found them, kept up to date
    /// by updates that keep every id in its place (an edit): only the lists a changed pair
    /// could enter or leave are found again.
    lists: Option<BestLists>,
}

/// Each resident's and each job's best keys (`sort_key`) at one depth, with the places in id
/// order the keys were made with.
#[derive(Debug, Clone)]
struct BestLists {
    depth: usize,
    rows: Vec<Best>,
    columns: Vec<Best>,
    resident_order: Vec<u32>,
    residents_in_order: Vec<usize>,
    job_order: Vec<u32>,
    jobs_in_order: Vec<usize>,
}

impl ScoreTable {
    /// The jobs, in the order given to the last [`ScoreTable::update`].
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// The residents, in the order given to the last [`ScoreTable::update`].
    pub fn residents(&self) -> &[Resident] {
        &self.residents
    }

    /// How many pairs the last [`ScoreTable::update`] scored.
    pub fn scored(&self) -> usize {
        self.scored
    }

    /// Makes the table `jobs` × `residents`, keeping the points of every pair whose job and
    /// resident are both unchanged (equal to the ones the table held) and scoring the rest.
    /// Returns how many pairs it scored.
    pub fn update(&mut self, jobs: Vec<Job>, residents: Vec<Resident>) -> usize {
        let old_jobs: BTreeMap<&JobId, usize> = self
            .jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (&j.id, i))
            .collect();
        let old_residents: BTreeMap<&ResidentId, usize> = self
            .residents
            .iter()
            .enumerate()
            .map(|(i, r)| (&r.id, i))
            .collect();
        // Where each new job's and resident's points were, when they are unchanged.
        let kept_job: Vec<Option<usize>> = jobs
            .iter()
            .map(|j| old_jobs.get(&j.id).copied().filter(|&o| self.jobs[o] == *j))
            .collect();
        let kept_resident: Vec<Option<usize>> = residents
            .iter()
            .map(|r| {
                old_residents
                    .get(&r.id)
                    .copied()
                    .filter(|&o| self.residents[o] == *r)
            })
            .collect();
        let (width, old_width) = (jobs.len(), self.jobs.len());
        let new_columns: Vec<usize> = (0..width).filter(|&j| kept_job[j].is_none()).collect();
        let all: Vec<usize> = (0..width).collect();
        // Every job is prepared when a row is scored whole; else only the new columns' jobs.
        let needed = if kept_resident.iter().any(Option::is_none) {
            &all
        } else {
            &new_columns
        };
        let scoring = Scoring::of(&jobs, &residents, needed);
        // The kept columns where they were (a job edited or none changed): rows copied whole.
        let in_place = width == old_width
            && kept_job
                .iter()
                .enumerate()
                .all(|(j, k)| k.is_none_or(|o| o == j));
        let mut points = vec![NOT_A_PAIR; residents.len() * width];
        let mut scored = 0;
        for (ri, r) in residents.iter().enumerate() {
            let row = &mut points[ri * width..(ri + 1) * width];
            let columns = match kept_resident[ri] {
                Some(old) => {
                    let old_row = &self.points[old * old_width..(old + 1) * old_width];
                    if in_place {
                        row.copy_from_slice(old_row);
                    } else {
                        for (cell, kept) in row.iter_mut().zip(&kept_job) {
                            if let Some(o) = kept {
                                *cell = old_row[*o];
                            }
                        }
                    }
                    &new_columns
                }
                None => &all,
            };
            scoring.score(r, columns, row);
            scored += columns.len();
        }
        let same_places = width == old_width
            && residents.len() == self.residents.len()
            && jobs.iter().zip(&self.jobs).all(|(a, b)| a.id == b.id)
            && residents
                .iter()
                .zip(&self.residents)
                .all(|(a, b)| a.id == b.id);
        let old_points = std::mem::replace(&mut self.points, points);
        self.jobs = jobs;
        self.residents = residents;
        self.scored = scored;
        match self.lists.take() {
            Some(mut lists) if same_places => {
                let changed_rows: Vec<usize> = (0..self.residents.len())
                    .filter(|&r| kept_resident[r].is_none())
                    .collect();
                self.refresh(&mut lists, &old_points, &changed_rows, &new_columns);
                self.lists = Some(lists);
            }
            _ => {}
        }
        scored
    }

    /// Brings `lists` up to date after the pairs of `rows` and `columns` were scored again
    /// (every id in its place): a list is found again when a changed pair was in it or now
    /// beats its worst.
    fn refresh(&self, lists: &mut BestLists, old: &[u32], rows: &[usize], columns: &[usize]) {
        let width = self.jobs.len();
        let mut dirty_rows = vec![false; self.residents.len()];
        let mut dirty_columns = vec![false; width];
        let mut touched = |r: usize, j: usize| {
            let (was, now) = (old[r * width + j], self.points[r * width + j]);
            if was == now {
                return;
            }
            let row_key = |p: u32| sort_key(p, lists.job_order[j]);
            let column_key = |p: u32| sort_key(p, lists.resident_order[r]);
            dirty_rows[r] |= lists.rows[r].moved(was, now, row_key);
            dirty_columns[j] |= lists.columns[j].moved(was, now, column_key);
        };
        for &r in rows {
            for j in 0..width {
                touched(r, j);
            }
        }
        for &j in columns {
            for r in 0..self.residents.len() {
                touched(r, j);
            }
        }
        for (r, _) in dirty_rows.iter().enumerate().filter(|(_, d)| **d) {
            let row = &self.points[r * width..(r + 1) * width];
            lists.rows[r] = Best::of(
                lists.depth,
                row.iter().copied().zip(lists.job_order.iter().copied()),
            );
        }
        for (j, _) in dirty_columns.iter().enumerate().filter(|(_, d)| **d) {
            let column = (0..self.residents.len()).map(|r| self.points[r * width + j]);
            lists.columns[j] = Best::of(
                lists.depth,
                column.zip(lists.resident_order.iter().copied()),
            );
        }
    }

    /// Both sides' preferences: only pairs that pass the hard constraints, each side's best
    /// `depth` by points (ties: smaller id); `capacity(job)` slots per job.
    pub fn preferences(
        &self,
        depth: usize,
        capacity: &dyn Fn(&Job) -> usize,
    ) -> (Vec<ResidentPrefs>, Vec<JobPrefs>) {
        let ranked = self.ranked_from(&self.lists(depth), capacity);
        let (jobs, residents) = (&self.jobs, &self.residents);
        let resident_prefs = residents
            .iter()
            .zip(ranked.jobs)
            .map(|(r, list)| ResidentPrefs {
                resident: r.id.clone(),
                jobs: list.into_iter().map(|j| jobs[j].id.clone()).collect(),
            })
            .collect();
        let job_prefs = jobs
            .iter()
            .zip(ranked.residents)
            .zip(ranked.capacity)
            .map(|((j, list), capacity)| JobPrefs {
                job: j.id.clone(),
                capacity,
                residents: list.into_iter().map(|r| residents[r].id.clone()).collect(),
            })
            .collect();
        (resident_prefs, job_prefs)
    }

    /// [`ScoreTable::preferences`] by number: the table's residents and jobs by position. The
    /// lists are kept for the next call, and kept up to date by the updates between.
    pub fn ranked(&mut self, depth: usize, capacity: &dyn Fn(&Job) -> usize) -> Ranked {
        let lists = match self.lists.take() {
            Some(lists) if lists.depth == depth => lists,
            _ => self.lists(depth),
        };
        let ranked = self.ranked_from(&lists, capacity);
        self.lists = Some(lists);
        ranked
    }

    fn ranked_from(&self, lists: &BestLists, capacity: &dyn Fn(&Job) -> usize) -> Ranked {
        Ranked {
            jobs: lists
                .rows
                .iter()
                .map(|best| best.places().map(|p| lists.jobs_in_order[p]).collect())
                .collect(),
            residents: lists
                .columns
                .iter()
                .map(|best| best.places().map(|p| lists.residents_in_order[p]).collect())
                .collect(),
            capacity: self.jobs.iter().map(capacity).collect(),
        }
    }

    /// Each side's best `depth` pairs, found from every pair.
    fn lists(&self, depth: usize) -> BestLists {
        let (residents, width) = (&self.residents, self.jobs.len());
        // Ties go to the smaller id: each side's place in id order, so a list sorts by numbers.
        let (resident_order, residents_in_order) = id_order(residents.iter().map(|r| &r.id));
        let (job_order, jobs_in_order) = id_order(self.jobs.iter().map(|j| &j.id));
        let mut columns: Vec<Best> = (0..width).map(|_| Best::new(depth)).collect();
        // Each job's worst key kept once its list is full (0 before: every key is above it),
        // beside the row's loop: most pairs are below both and cost two comparisons.
        let mut column_floor = vec![0u64; width];
        let mut rows = Vec::with_capacity(residents.len());
        for (ri, &place) in resident_order.iter().enumerate() {
            let row = &self.points[ri * width..(ri + 1) * width];
            let mut mine = Best::new(depth);
            for (ji, &points) in row.iter().enumerate() {
                if points == NOT_A_PAIR {
                    continue;
                }
                let key = sort_key(points, job_order[ji]);
                if key > mine.floor {
                    mine.offer(key);
                }
                let key = sort_key(points, place);
                if key > column_floor[ji] {
                    columns[ji].offer(key);
                    column_floor[ji] = columns[ji].floor;
                }
            }
            rows.push(mine);
        }
        BestLists {
            depth,
            rows,
            columns,
            resident_order,
            residents_in_order,
            job_order,
            jobs_in_order,
        }
    }
}

/// The best `depth` sort keys offered, best first: a short sorted list, so that most keys (below
/// the worst one kept) cost one comparison.
#[derive(Debug, Clone)]
struct Best {
    keys: Vec<u64>,
    depth: usize,
    /// A key must be above this to be kept: the worst kept once `depth` are (every key is
    /// above 0: its low half is `u32::MAX - place`).
    floor: u64,
}

impl Best {
    fn new(depth: usize) -> Self {
        Best {
            keys: Vec::with_capacity(depth),
            depth,
            floor: if depth == 0 { u64::MAX } else { 0 },
        }
    }

    /// The best `depth` of these (points, place in id order) pairs; pairs that fail a hard
    /// constraint are left out.
    fn of(depth: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Self {
        let mut best = Best::new(depth);
        for (points, place) in pairs {
            if points != NOT_A_PAIR {
                best.offer(sort_key(points, place));
            }
        }
        best
    }

    fn offer(&mut self, key: u64) {
        if key <= self.floor {
            return;
        }
        if self.keys.len() == self.depth {
            self.keys.pop();
        }
        let at = self.keys.partition_point(|&k| k > key);
        self.keys.insert(at, key);
        if self.keys.len() == self.depth {
            self.floor = self.keys.last().copied().unwrap_or(u64::MAX);
        }
    }

    /// The places in id order of the keys kept, best first.
    fn places(&self) -> impl Iterator<Item = usize> + '_ {
        // The low half holds `u32::MAX - place`.
        self.keys
            .iter()
            .map(|k| (u32::MAX - (k & u64::from(u32::MAX)) as u32) as usize)
    }

    /// Whether a pair whose points went from `was` to `now` (`key` makes its key) leaves or
    /// enters this list.
    fn moved(&self, was: u32, now: u32, key: impl Fn(u32) -> u64) -> bool {
        (was != NOT_A_PAIR && self.keys.contains(&key(was)))
            || (now != NOT_A_PAIR && key(now) > self.floor)
    }
}

/// What a pair's points read of the jobs, prepared once for a table's update (for the jobs
/// it scores).
struct Scoring<'a> {
    terms: Vec<Option<JobTerms>>,
    /// The tasks any of those jobs asks for, numbered.
    tasks: Vec<&'a TaskKindId>,
    /// Each job's tasks by number.
    asks: Vec<Vec<usize>>,
    regions: Vec<&'a RegionId>,
    /// The hard constraints as the index packs them (`index::Filter`, `hard_check`'s answer,
    /// tested by property there): each job's filter for each region the residents live in.
    filters: Vec<Vec<Option<Filter>>>,
}

impl<'a> Scoring<'a> {
    /// Prepared for the jobs at `columns`.
    fn of(jobs: &'a [Job], residents: &'a [Resident], columns: &[usize]) -> Self {
        let mut terms: Vec<Option<JobTerms>> = vec![None; jobs.len()];
        let mut asks: Vec<Vec<usize>> = vec![Vec::new(); jobs.len()];
        let mut numbers: BTreeMap<&TaskKindId, usize> = BTreeMap::new();
        let mut tasks = Vec::new();
        for &j in columns {
            terms[j] = Some(JobTerms::new(&jobs[j]));
            asks[j] = jobs[j]
                .tasks
                .iter()
                .map(|t| {
                    *numbers.entry(&t.task).or_insert_with(|| {
                        tasks.push(&t.task);
                        tasks.len() - 1
                    })
                })
                .collect();
        }
        let mut regions: Vec<&RegionId> = Vec::new();
        for r in residents {
            if !regions.contains(&&r.region_id) {
                regions.push(&r.region_id);
            }
        }
        let filters = regions
            .iter()
            .map(|g| {
                let mut filters: Vec<Option<Filter>> = (0..jobs.len()).map(|_| None).collect();
                for &j in columns {
                    filters[j] = Filter::of(&jobs[j], g.as_str());
                }
                filters
            })
            .collect();
        Scoring {
            terms,
            tasks,
            asks,
            regions,
            filters,
        }
    }

    /// Scores `r` with the jobs at `columns`, into its `row`.
    fn score(&self, r: &Resident, columns: &[usize], row: &mut [u32]) {
        if columns.is_empty() {
            return;
        }
        let region = self
            .regions
            .iter()
            .position(|g| **g == r.region_id)
            .unwrap_or_default();
        let mine = ResidentTerms::of(r);
        let flags = flags_of(r);
        // Each claim read once, when a job asks for it.
        let mut claims: Vec<Option<TaskSkill>> = vec![None; self.tasks.len()];
        for &ji in columns {
            let admitted = self.filters[region][ji]
                .as_ref()
                .is_some_and(|f| f.admits(flags, mine.hours));
            if !admitted {
                row[ji] = NOT_A_PAIR;
                continue;
            }
            for &n in &self.asks[ji] {
                if claims[n].is_none() {
                    claims[n] = Some(task_skill(r, self.tasks[n]));
                }
            }
            let Some(terms) = &self.terms[ji] else {
                row[ji] = NOT_A_PAIR;
                continue;
            };
            row[ji] = terms.points(
                |i| {
                    self.asks[ji]
                        .get(i)
                        .and_then(|&n| claims[n])
                        .unwrap_or_default()
                },
                &mine,
            );
        }
    }
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

#[cfg(test)]
mod tests;
