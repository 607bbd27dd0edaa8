//! Courses' placements and residents' matches built in the desk, from what it kept of its last
//! builds.
//!
//! A placement scores every graduate of a course against every open job of the region (~280 ×
//! 360 pairs at the large size) from ~640 JSON marks. Between two builds, one input usually
//! changed: a job edited, a profile saved, a course completed. Every such write stamps its row
//! with the inputs' version (`rev`, `kept::REVISION_MIGRATION`'s triggers). The desk keeps, in
//! its memory, each graduate and job it parsed with the `rev` it parsed, and each course's
//! `ScoreTable`. A build reads the graduates' and the open jobs' ids and revisions, parses only
//! the rows whose revision moved, and the table scores only the pairs of a job or a graduate
//! that is not equal to the one it holds. The page equals one built from nothing (a unit test
//! compares after each kind of change). A desk evicted from memory starts empty.
//!
//! A resident's matches (`Command::RankJobs`) rank the same kept open jobs for the resident's
//! mark, read the same way: only the page, the excluded jobs and the stages leave the desk.

use std::collections::BTreeMap;

use domain::cohort::ScoreTable;
use domain::index::{JobMark, ResidentMark};
use domain::matching::Page;
use domain::model::{Job, JobId, ProgramId, RegionId, Resident, ResidentId};
use domain::vocabulary::Taxonomy;
use serde::Deserialize;

use super::sql::{Arg, DeskError, DeskResult, Sql, array, marks, parse};
use super::views::{GRADUATES, placement_inputs, stages_of, verifications_of};
use super::wire::{PageInputs, RankedMatches};

/// Courses whose score tables are kept at most (each ~0.4 MB at the large size).
const TABLES: usize = 8;

/// Residents kept at most (a region's graduates, and those who read their matches).
const RESIDENTS: usize = 20_000;

/// Rows read in one statement (under `sql::MAX_BOUND`).
const CHUNK: usize = 90;

/// A value parsed from a row, with the row's revision then.
#[derive(Debug)]
struct Revised<T> {
    rev: i64,
    value: T,
}

/// What the desk kept of its last placement builds and matches ranked.
#[derive(Debug, Default)]
pub struct Placements {
    /// Each graduate (and each resident whose matches were ranked) as ranking sees it: the mark
    /// with the verifications laid over.
    residents: BTreeMap<ResidentId, Revised<Resident>>,
    /// Each open job as ranking sees it, with its title.
    jobs: BTreeMap<JobId, Revised<Job>>,
    tables: BTreeMap<ProgramId, ScoreTable>,
}

/// A graduate's or an open job's id, revision, whether it has its mark, and `marked` (0 for a
/// job saved before version 17; 1 for a graduate).
#[derive(Debug, Deserialize)]
struct Head<K>(K, i64, i64, i64);

/// The region's open jobs' heads, in id order (a job saved before version 17 is listed too).
fn open_heads<S: Sql>(sql: &S) -> DeskResult<Vec<Head<JobId>>> {
    array(
        sql,
        "SELECT json_group_array(json_array(job, rev, mark IS NOT NULL, marked) ORDER BY job)
             AS doc
         FROM job_fact WHERE mark IS NOT NULL OR marked = 0",
        &[],
    )
}

/// Whether every open job has its mark.
fn all_marked(jobs: &[Head<JobId>]) -> bool {
    jobs.iter()
        .all(|Head(_, _, has, marked)| *has == 1 && *marked == 1)
}

impl Placements {
    /// The placement of `program` (the API's JSON), or, while a graduate or an open job has no
    /// mark (saved before versions 19 and 17), the inputs the desk has, for the worker to
    /// build it.
    pub fn build<S: Sql>(
        &mut self,
        sql: &S,
        program: &ProgramId,
        region: &RegionId,
    ) -> DeskResult<Result<String, PageInputs>> {
        let course = [Arg::from(program.as_str())];
        let graduates: Vec<Head<ResidentId>> = array(
            sql,
            &format!(
                "SELECT json_group_array(json_array(resident, rev, mark IS NOT NULL, 1)
                                         ORDER BY resident) AS doc
                 FROM ({GRADUATES})"
            ),
            &course,
        )?;
        let jobs = open_heads(sql)?;
        if !graduates.iter().all(|Head(_, _, has, _)| *has == 1) || !all_marked(&jobs) {
            return Ok(Err(PageInputs::Placement(placement_inputs(sql, program)?)));
        }
        self.read_residents(sql, &graduates)?;
        let open = self.open_jobs(sql, &jobs, region)?;
        let mut residents = Vec::with_capacity(graduates.len());
        for Head(id, ..) in &graduates {
            if let Some(kept) = self.residents.get(id)
                && kept.value.region_id == *region
            {
                residents.push(kept.value.clone());
            }
        }
        if self.residents.len() > RESIDENTS {
            self.residents.clear();
        }
        if !self.tables.contains_key(program) && self.tables.len() >= TABLES {
            self.tables.clear();
        }
        let table = self.tables.entry(program.clone()).or_default();
        let placement = domain::city::placement_in(table, program, residents, open);
        serde_json::to_string(&placement)
            .map(Ok)
            .map_err(|e| DeskError(format!("placement: {e}")))
    }

    /// The region's open jobs for `resident` (`Command::RankJobs`): `page` of them ranked
    /// (`domain::matching::rank_jobs_for_resident`), those each hard rule leaves out, and where
    /// the resident's engagements stand; from the marks kept, re-read only where a revision
    /// moved, as a placement reads them. `None` while the resident or an open job has no mark
    /// (the worker then ranks from the profile and the KV markers).
    pub fn rank_for<S: Sql>(
        &mut self,
        sql: &S,
        resident: &ResidentId,
        region: &RegionId,
        page: Page,
    ) -> DeskResult<Option<RankedMatches>> {
        let me: Vec<Head<ResidentId>> = array(
            sql,
            "SELECT json_group_array(json_array(resident, rev, mark IS NOT NULL, 1)) AS doc
             FROM resident_fact WHERE resident = ?",
            &[resident.as_str().into()],
        )?;
        let jobs = open_heads(sql)?;
        if !matches!(me.as_slice(), [Head(_, _, 1, _)]) || !all_marked(&jobs) {
            return Ok(None);
        }
        // Each resident who reads their matches is kept too: bounded as a placement's are.
        if self.residents.len() > RESIDENTS {
            self.residents.clear();
        }
        self.read_residents(sql, &me)?;
        let open = self.open_jobs(sql, &jobs, region)?;
        let Some(me) = self.residents.get(resident).map(|kept| &kept.value) else {
            return Ok(None);
        };
        let ranked = domain::matching::rank_jobs_for_resident(me, &open, Taxonomy::builtin(), page);
        let excluded = domain::resident_view::excluded_jobs(me, &open);
        let stages = stages_of(sql, std::slice::from_ref(resident))?
            .into_iter()
            .map(|(_, job, stage)| (job, stage))
            .collect();
        Ok(Some(RankedMatches {
            ranked,
            excluded,
            stages,
        }))
    }

    /// The open jobs of `heads` as ranking sees them, parsing those whose revision moved; closed
    /// or deleted jobs are no longer kept.
    fn open_jobs<S: Sql>(
        &mut self,
        sql: &S,
        heads: &[Head<JobId>],
        region: &RegionId,
    ) -> DeskResult<Vec<Job>> {
        self.read_jobs(sql, heads, region)?;
        let open = heads
            .iter()
            .filter_map(|Head(id, ..)| self.jobs.get(id).map(|kept| kept.value.clone()))
            .collect();
        self.jobs
            .retain(|id, _| heads.binary_search_by(|h| h.0.cmp(id)).is_ok());
        Ok(open)
    }

    /// Parses the graduates whose revision moved since they were kept (or never were).
    fn read_residents<S: Sql>(
        &mut self,
        sql: &S,
        graduates: &[Head<ResidentId>],
    ) -> DeskResult<()> {
        let stale: Vec<ResidentId> = graduates
            .iter()
            .filter(|Head(id, rev, ..)| self.residents.get(id).is_none_or(|kept| kept.rev != *rev))
            .map(|Head(id, ..)| id.clone())
            .collect();
        #[derive(Deserialize)]
        struct Row {
            resident: String,
            mark: String,
            rev: i64,
        }
        let mut verifications = verifications_of(sql, &stale)?;
        for chunk in stale.chunks(CHUNK) {
            let args: Vec<Arg> = chunk.iter().map(|r| r.as_str().into()).collect();
            for row in sql.rows::<Row>(
                &format!(
                    "SELECT resident, mark, rev FROM resident_fact
                     WHERE resident IN ({}) AND mark IS NOT NULL",
                    marks(chunk.len())
                ),
                &args,
            )? {
                let id = ResidentId(row.resident);
                let mark: ResidentMark = parse(&row.mark)?;
                let mut resident = mark.into_resident(id.clone());
                if let Some(verified) = verifications.remove(&id) {
                    domain::verification::overlay(&mut resident, &verified);
                }
                self.residents.insert(
                    id,
                    Revised {
                        rev: row.rev,
                        value: resident,
                    },
                );
            }
        }
        Ok(())
    }

    /// Parses the open jobs whose revision moved since they were kept (or never were).
    fn read_jobs<S: Sql>(
        &mut self,
        sql: &S,
        jobs: &[Head<JobId>],
        region: &RegionId,
    ) -> DeskResult<()> {
        let stale: Vec<&str> = jobs
            .iter()
            .filter(|Head(id, rev, ..)| {
                self.jobs
                    .get(id)
                    .is_none_or(|kept| kept.rev != *rev || kept.value.region_id != *region)
            })
            .map(|Head(id, ..)| id.as_str())
            .collect();
        #[derive(Deserialize)]
        struct Row {
            job: String,
            mark: String,
            title: String,
            rev: i64,
        }
        for chunk in stale.chunks(CHUNK) {
            let args: Vec<Arg> = chunk.iter().map(|&j| j.into()).collect();
            for row in sql.rows::<Row>(
                &format!(
                    "SELECT job, mark, title, rev FROM job_fact
                     WHERE job IN ({}) AND mark IS NOT NULL",
                    marks(chunk.len())
                ),
                &args,
            )? {
                let mark: JobMark = parse(&row.mark)?;
                let mut job = mark.into_job(JobId(row.job), region.clone());
                job.title = row.title;
                self.jobs.insert(
                    job.id.clone(),
                    Revised {
                        rev: row.rev,
                        value: job,
                    },
                );
            }
        }
        Ok(())
    }

    /// How many pairs the last build of `program` scored.
    #[cfg(test)]
    pub fn scored(&self, program: &ProgramId) -> Option<usize> {
        self.tables.get(program).map(ScoreTable::scored)
    }
}

#[cfg(test)]
mod tests {
    use super::super::board::tests::generated;
    use super::super::logic::execute;
    use super::super::sql::memory::Memory;
    use super::super::views::{JobFact, ViewAnswer, ViewCommand};
    use super::super::wire::{Answer, Command};
    use super::*;
    use domain::model::JobStatus;

    /// The matches the worker ranks from the whole profile and the jobs in full.
    fn from_profiles(db: &Memory, resident: &Resident, jobs: &[Job], page: Page) -> RankedMatches {
        let ViewAnswer::Cards { stages, .. } = super::super::views::execute(
            db,
            ViewCommand::Cards {
                residents: vec![resident.id.clone()],
                places: Vec::new(),
                home_places: false,
                stages: true,
                open_jobs: false,
            },
        )
        .expect("cards") else {
            panic!("cards")
        };
        RankedMatches {
            ranked: domain::matching::rank_jobs_for_resident(
                resident,
                jobs,
                Taxonomy::builtin(),
                page,
            ),
            excluded: domain::resident_view::excluded_jobs(resident, jobs),
            stages: stages
                .into_iter()
                .map(|(_, job, stage)| (job, stage))
                .collect(),
        }
    }

    #[test]
    fn the_desk_ranks_a_residents_matches_as_the_worker_ranks_them_from_the_profile() {
        let (db, demo) = generated();
        let region = demo.region().id;
        let mut jobs: Vec<Job> = demo
            .jobs()
            .into_iter()
            .filter(|j| j.status == JobStatus::Open)
            .collect();
        let residents: Vec<Resident> = demo.residents().step_by(20).collect();
        let mut kept = Placements::default();
        let rank = |kept: &mut Placements, r: &Resident, page: Page| {
            kept.rank_for(&db, &r.id, &region, page)
                .expect("rank")
                .expect("every mark is kept")
        };
        let (mut shown, mut sent) = (0, 0);
        for r in &residents {
            for page in [
                Page::top(11),
                Page {
                    offset: 7,
                    limit: 5,
                },
            ] {
                let got = rank(&mut kept, r, page);
                assert_eq!(got, from_profiles(&db, r, &jobs, page), "{} {page:?}", r.id);
                shown += got.ranked.len();
                sent += got.stages.len();
            }
        }
        assert!(
            shown > 100 && sent > 10,
            "{shown} ranked, {sent} engagements"
        );
        // A job edited: the kept ranking reads it again, as a desk that kept nothing does.
        let job = &mut jobs[0];
        job.min_hours_per_person = 1;
        job.needs_pc = !job.needs_pc;
        db.transaction(|db| {
            execute(
                db,
                Command::View {
                    command: ViewCommand::SaveJob {
                        fact: JobFact::of(job),
                    },
                },
            )
        })
        .expect("job saved");
        for r in &residents {
            let page = Page::top(40);
            let expected = from_profiles(&db, r, &jobs, page);
            assert_eq!(rank(&mut kept, r, page), expected, "{}", r.id);
            let fresh = db
                .transaction(|db| {
                    execute(
                        db,
                        Command::RankJobs {
                            resident: r.id.clone(),
                            region: region.clone(),
                            page,
                        },
                    )
                })
                .expect("ranked");
            assert_eq!(
                fresh,
                Answer::Ranked {
                    matches: Some(expected)
                }
            );
        }
        // Without a mark (a profile or a job saved before them), the worker ranks.
        let first = &residents[0];
        db.run(
            "UPDATE resident_fact SET mark = NULL WHERE resident = ?",
            &[first.id.as_str().into()],
        )
        .expect("no mark");
        assert_eq!(
            kept.rank_for(&db, &first.id, &region, Page::top(5)),
            Ok(None)
        );
        let other = &residents[1];
        assert!(
            kept.rank_for(&db, &other.id, &region, Page::top(5))
                .expect("rank")
                .is_some()
        );
        db.run(
            "UPDATE job_fact SET marked = 0 WHERE job = ?",
            &[jobs[1].id.as_str().into()],
        )
        .expect("no mark");
        assert_eq!(
            kept.rank_for(&db, &other.id, &region, Page::top(5)),
            Ok(None)
        );
        let nobody = ResidentId("res-nobody".into());
        assert_eq!(
            Placements::default().rank_for(&db, &nobody, &region, Page::top(5)),
            Ok(None)
        );
    }
}
