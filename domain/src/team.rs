//! Teams for jobs larger than one person (e.g. 40 h a week of data entry and SNS): who, how many
//! hours each, which tasks, and a named backup per task.
//!
//! Greedy and deterministic: each step adds the candidate who covers the most still-uncovered
//! tasks at the required level, then the best score, then the most still-needed hours, then the
//! smaller id. Hours go to members in the order they joined (at least the job's minimum per
//! person). Whatever cannot be covered is reported, never hidden. A resident who said they do
//! not want team work (`Wishes::team_ok`) is only proposed when they can do the whole job alone.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::matching::{JobTerms, Score, TaskNames, hard_check, score, score_points, task_skill};
use crate::model::{Job, JobId, Localized, Resident, ResidentId, TaskKindId, TaskRequirement};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub resident: ResidentId,
    /// This member's share of the job's weekly hours.
    pub hours: u32,
    /// The required tasks this member does (those they have at the required level).
    pub tasks: Vec<TaskKindId>,
    pub score: Score,
    pub why: Localized,
}

/// The next best candidate for a task who is not in the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskBackup {
    pub task: TaskKindId,
    pub backup: Option<ResidentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub job: JobId,
    pub max_members: usize,
    pub members: Vec<TeamMember>,
    pub backups: Vec<TaskBackup>,
    /// Required tasks no member has at the required level.
    pub uncovered_tasks: Vec<TaskKindId>,
    /// Weekly hours no member is there for.
    pub uncovered_hours: u32,
    pub summary: Localized,
}

/// Proposes a team of at most `max_members` (1 when the job does not allow teams).
pub fn form_team(
    job: &Job,
    candidates: &[Resident],
    max_members: usize,
    names: &dyn TaskNames,
) -> Team {
    build(job, candidates, &[], &BTreeSet::new(), max_members, names)
}

/// The team without `member`, who is replaced by the next best candidate (or nobody, with the gap
/// reported). `member` is not proposed again, also not as a backup.
pub fn swap_member(
    job: &Job,
    team: &Team,
    member: &ResidentId,
    candidates: &[Resident],
    names: &dyn TaskNames,
) -> Team {
    let keep: Vec<ResidentId> = team
        .members
        .iter()
        .map(|m| m.resident.clone())
        .filter(|id| id != member)
        .collect();
    let excluded = BTreeSet::from([member.clone()]);
    build(job, candidates, &keep, &excluded, team.max_members, names)
}

/// A candidate with what the greedy steps need.
struct Candidate<'a> {
    resident: &'a Resident,
    points: u32,
    /// Per required task: has it at the required level.
    covers: Vec<bool>,
    hours: u32,
}

fn build(
    job: &Job,
    candidates: &[Resident],
    keep: &[ResidentId],
    excluded: &BTreeSet<ResidentId>,
    max_members: usize,
    names: &dyn TaskNames,
) -> Team {
    let max = if job.team_allowed {
        max_members
    } else {
        max_members.min(1)
    };
    let terms = JobTerms::new(job);
    let mut pool: Vec<Candidate<'_>> = candidates
        .iter()
        .filter(|r| !excluded.contains(&r.id) && hard_check(job, r).is_ok())
        .map(|r| Candidate {
            resident: r,
            points: score_points(&terms, r),
            covers: job.tasks.iter().map(|t| covers(r, t)).collect(),
            hours: crate::matching::clamp_hours(r.hours_per_week),
        })
        .collect();
    // Input order must not matter: ids decide ties.
    pool.sort_by(|a, b| a.resident.id.cmp(&b.resident.id));
    pool.dedup_by(|a, b| a.resident.id == b.resident.id);
    let kept: Vec<usize> = keep
        .iter()
        .filter_map(|id| pool.iter().position(|c| &c.resident.id == id))
        .collect();
    let alone = greedy(job, &pool, &kept, max.min(1), |_| true);
    let chosen = if max <= 1 || is_complete(job, &pool, &alone) {
        alone
    } else {
        greedy(job, &pool, &kept, max, |c| c.resident.wishes.team_ok)
    };
    finish(job, &pool, &chosen, max, names)
}

fn greedy(
    job: &Job,
    pool: &[Candidate<'_>],
    kept: &[usize],
    max: usize,
    allowed: impl Fn(&Candidate<'_>) -> bool,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = kept.iter().copied().take(max).collect();
    while chosen.len() < max {
        match next_member(job, pool, &chosen, &allowed) {
            Some(i) => chosen.push(i),
            None => break,
        }
    }
    chosen
}

fn is_complete(job: &Job, pool: &[Candidate<'_>], chosen: &[usize]) -> bool {
    let given: u32 = shares(job, pool, chosen).iter().sum();
    given >= job.hours_per_week
        && (0..job.tasks.len()).all(|t| chosen.iter().any(|i| pool[*i].covers[t]))
}

fn covers(r: &Resident, t: &TaskRequirement) -> bool {
    task_skill(r, &t.task).level >= t.level as u8
}

/// Hours per chosen member, in joining order: what is still needed, at least the job's minimum.
fn shares(job: &Job, pool: &[Candidate<'_>], chosen: &[usize]) -> Vec<u32> {
    let mut left = job.hours_per_week;
    chosen
        .iter()
        .map(|i| {
            let hours = pool[*i].hours;
            let share = hours.min(left.max(job.min_hours_per_person));
            left = left.saturating_sub(share);
            share
        })
        .collect()
}

fn next_member(
    job: &Job,
    pool: &[Candidate<'_>],
    chosen: &[usize],
    allowed: &dyn Fn(&Candidate<'_>) -> bool,
) -> Option<usize> {
    let uncovered: Vec<bool> = (0..job.tasks.len())
        .map(|t| !chosen.iter().any(|i| pool[*i].covers[t]))
        .collect();
    let given: u32 = shares(job, pool, chosen).iter().sum();
    let hours_left = job.hours_per_week.saturating_sub(given);
    pool.iter()
        .enumerate()
        .filter(|(i, c)| !chosen.contains(i) && allowed(c))
        .filter_map(|(i, c)| {
            let new_tasks = c
                .covers
                .iter()
                .zip(&uncovered)
                .filter(|(a, b)| **a && **b)
                .count();
            let useful = job.tasks.is_empty() || c.covers.iter().any(|x| *x);
            let new_hours = c.hours.min(hours_left);
            (useful && (new_tasks > 0 || new_hours > 0))
                .then_some(((new_tasks, c.points, new_hours), i))
        })
        // Smaller id wins ties: the pool is sorted by id, so prefer the earlier index.
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i)| i)
}

fn finish(
    job: &Job,
    pool: &[Candidate<'_>],
    chosen: &[usize],
    max_members: usize,
    names: &dyn TaskNames,
) -> Team {
    let hours = shares(job, pool, chosen);
    let members: Vec<TeamMember> = chosen
        .iter()
        .zip(&hours)
        .map(|(i, h)| member(job, &pool[*i], *h, names))
        .collect();
    let uncovered_tasks: Vec<TaskKindId> = job
        .tasks
        .iter()
        .enumerate()
        .filter(|(t, _)| !chosen.iter().any(|i| pool[*i].covers[*t]))
        .map(|(_, r)| r.task.clone())
        .collect();
    let uncovered_hours = job.hours_per_week.saturating_sub(hours.iter().sum());
    let backups = job
        .tasks
        .iter()
        .enumerate()
        .map(|(t, req)| TaskBackup {
            task: req.task.clone(),
            backup: backup_for(pool, chosen, t),
        })
        .collect();
    let summary = summary(
        members.len(),
        job.hours_per_week,
        &uncovered_tasks,
        uncovered_hours,
        names,
    );
    Team {
        job: job.id.clone(),
        max_members,
        members,
        backups,
        uncovered_tasks,
        uncovered_hours,
        summary,
    }
}

fn backup_for(pool: &[Candidate<'_>], chosen: &[usize], task: usize) -> Option<ResidentId> {
    pool.iter()
        .enumerate()
        .filter(|(i, c)| !chosen.contains(i) && c.covers[task])
        .max_by(|a, b| a.1.points.cmp(&b.1.points).then(b.0.cmp(&a.0)))
        .map(|(_, c)| c.resident.id.clone())
}

fn member(job: &Job, c: &Candidate<'_>, hours: u32, names: &dyn TaskNames) -> TeamMember {
    let tasks: Vec<TaskKindId> = job
        .tasks
        .iter()
        .zip(&c.covers)
        .filter(|(_, covers)| **covers)
        .map(|(t, _)| t.task.clone())
        .collect();
    let (ja, en): (Vec<String>, Vec<String>) = tasks
        .iter()
        .map(|t| {
            let n = names.task_name(t);
            (n.ja, n.en)
        })
        .unzip();
    let why = if tasks.is_empty() {
        Localized::new(format!("週{hours}時間"), format!("{hours} h a week"))
    } else {
        Localized::new(
            format!("{}を担当、週{hours}時間", ja.join("・")),
            format!("{}, {hours} h a week", en.join(" and ")),
        )
    };
    TeamMember {
        resident: c.resident.id.clone(),
        hours,
        tasks,
        score: score(job, c.resident, names),
        why,
    }
}

fn summary(
    members: usize,
    hours: u32,
    uncovered_tasks: &[TaskKindId],
    uncovered_hours: u32,
    names: &dyn TaskNames,
) -> Localized {
    if uncovered_tasks.is_empty() && uncovered_hours == 0 {
        return Localized::new(
            format!("{members}人で週{hours}時間・すべての作業をカバー"),
            format!("{members} people cover all tasks and {hours} h a week"),
        );
    }
    let (ja, en): (Vec<String>, Vec<String>) = uncovered_tasks
        .iter()
        .map(|t| {
            let n = names.task_name(t);
            (format!("「{}」", n.ja), n.en)
        })
        .unzip();
    let mut missing_ja = Vec::new();
    let mut missing_en = Vec::new();
    if !ja.is_empty() {
        missing_ja.push(format!("{}の担当者", ja.join("")));
        missing_en.push(format!("someone for {}", en.join(", ")));
    }
    if uncovered_hours > 0 {
        missing_ja.push(format!("週{uncovered_hours}時間分"));
        missing_en.push(format!("{uncovered_hours} h a week"));
    }
    Localized::new(
        format!(
            "{members}人では足りません: {}が見つかっていません",
            missing_ja.join("と")
        ),
        format!(
            "{members} people are not enough: still missing {}",
            missing_en.join(" and ")
        ),
    )
}

#[cfg(test)]
mod tests;
