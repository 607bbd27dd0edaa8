//! Courses' placements built in the desk, from what it kept of its last builds.
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

use std::collections::BTreeMap;

use domain::cohort::ScoreTable;
use domain::index::{JobMark, ResidentMark};
use domain::model::{Job, JobId, ProgramId, RegionId, Resident, ResidentId};
use serde::Deserialize;

use super::sql::{Arg, DeskError, DeskResult, Sql, array, parse};
use super::views::{GRADUATES, marks, placement_inputs, verifications_of};
use super::wire::PageInputs;

/// Courses whose score tables are kept at most (each ~0.4 MB at the large size).
const TABLES: usize = 8;

/// Graduates kept at most (a region's residents).
const RESIDENTS: usize = 20_000;

/// Rows read in one statement (under `sql::MAX_BOUND`).
const CHUNK: usize = 90;

/// A value parsed from a row, with the row's revision then.
#[derive(Debug)]
struct Revised<T> {
    rev: i64,
    value: T,
}

/// What the desk kept of its last placement builds.
#[derive(Debug, Default)]
pub struct Placements {
    /// Each graduate as ranking sees it: the mark with the verifications laid over.
    residents: BTreeMap<ResidentId, Revised<Resident>>,
    /// Each open job as ranking sees it, with its title.
    jobs: BTreeMap<JobId, Revised<Job>>,
    tables: BTreeMap<ProgramId, ScoreTable>,
}

/// A graduate's or an open job's id, revision, whether it has its mark, and `marked` (0 for a
/// job saved before version 17; 1 for a graduate).
#[derive(Debug, Deserialize)]
struct Head<K>(K, i64, i64, i64);

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
        let jobs: Vec<Head<JobId>> = array(
            sql,
            "SELECT json_group_array(json_array(job, rev, mark IS NOT NULL, marked) ORDER BY job)
                 AS doc
             FROM job_fact WHERE mark IS NOT NULL OR marked = 0",
            &[],
        )?;
        let complete = graduates.iter().all(|Head(_, _, has, _)| *has == 1)
            && jobs
                .iter()
                .all(|Head(_, _, has, marked)| *has == 1 && *marked == 1);
        if !complete {
            return Ok(Err(PageInputs::Placement(placement_inputs(sql, program)?)));
        }
        self.read_residents(sql, &graduates)?;
        self.read_jobs(sql, &jobs, region)?;
        let mut residents = Vec::with_capacity(graduates.len());
        for Head(id, ..) in &graduates {
            if let Some(kept) = self.residents.get(id)
                && kept.value.region_id == *region
            {
                residents.push(kept.value.clone());
            }
        }
        let mut open = Vec::with_capacity(jobs.len());
        for Head(id, ..) in &jobs {
            if let Some(kept) = self.jobs.get(id) {
                open.push(kept.value.clone());
            }
        }
        // Closed or deleted jobs are not kept.
        self.jobs
            .retain(|id, _| jobs.binary_search_by(|h| h.0.cmp(id)).is_ok());
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
