//! Courses' placements built in the desk, from what it kept of its last builds.
//!
//! A placement scores every graduate of a course against every open job of the region (~270 ×
//! 350 pairs at the large size) and reads ~630 JSON marks to do it. Between two builds, one
//! input usually changed: a job edited, a profile saved, a course completed. The desk keeps, in
//! its memory, each mark it parsed with the text it parsed it from, and each course's
//! `ScoreTable`. A build reads the rows as text (`PlacementRows`), parses only the texts that
//! differ from the ones kept, and the table scores only the pairs of a job or a graduate that is
//! not equal to the one it holds. What is kept is compared, not trusted: a row that changed in
//! any way is parsed and scored again, so the page equals one built from nothing (a unit test
//! compares after each kind of change). A desk evicted from memory starts empty.

use std::collections::BTreeMap;

use domain::cohort::ScoreTable;
use domain::index::{JobMark, ResidentMark};
use domain::model::{Job, JobId, ProgramId, RegionId, Resident, ResidentId};
use domain::verification::SkillVerification;

use super::sql::{DeskError, DeskResult, parse};
use super::views::PlacementRows;

/// Courses whose score tables are kept at most (each ~0.4 MB at the large size).
const TABLES: usize = 8;

/// Graduates whose parsed facts are kept at most (a region's residents).
const RESIDENTS: usize = 20_000;

/// A value parsed from SQLite's text, kept with that text.
#[derive(Debug)]
struct Parsed<T> {
    text: String,
    value: T,
}

/// What the desk kept of its last placement builds.
#[derive(Debug, Default)]
pub struct Placements {
    /// Each graduate as ranking sees it (mark and verifications), by the mark's and the
    /// verifications' text.
    residents: BTreeMap<ResidentId, Parsed<Resident>>,
    /// Each open job as ranking sees it, by its mark's text (and its title).
    jobs: BTreeMap<JobId, Parsed<Job>>,
    tables: BTreeMap<ProgramId, ScoreTable>,
}

impl Placements {
    /// The placement of `program` (the API's JSON) from `rows`, which must be complete
    /// (`PlacementRows::complete`): every graduate's mark and every open job's.
    pub fn json(
        &mut self,
        program: &ProgramId,
        region: &RegionId,
        rows: PlacementRows,
    ) -> DeskResult<String> {
        let PlacementRows {
            graduates,
            mut verifications,
            jobs,
            mut titles,
        } = rows;
        let mut residents = Vec::with_capacity(graduates.len());
        for (id, mark) in graduates {
            let mark = mark.ok_or_else(|| DeskError(format!("placement: {id} has no mark")))?;
            let docs = verifications.remove(&id).unwrap_or_default();
            let resident = self.resident(id, mark, &docs)?;
            if resident.region_id == *region {
                residents.push(resident.clone());
            }
        }
        let jobs = jobs.ok_or_else(|| DeskError("placement: a job has no mark".into()))?;
        let mut open = Vec::with_capacity(jobs.len());
        for (id, mark) in &jobs {
            let title = titles.remove(id).unwrap_or_default();
            open.push(self.job(id, mark, title, region)?.clone());
        }
        // Closed or deleted jobs are not kept.
        self.jobs
            .retain(|id, _| jobs.binary_search_by(|(j, _)| j.cmp(id)).is_ok());
        if self.residents.len() > RESIDENTS {
            self.residents.clear();
        }
        if !self.tables.contains_key(program) && self.tables.len() >= TABLES {
            self.tables.clear();
        }
        let table = self.tables.entry(program.clone()).or_default();
        serde_json::to_string(&domain::city::placement_in(table, program, residents, open))
            .map_err(|e| DeskError(format!("placement: {e}")))
    }

    /// How many pairs the last build of `program` scored.
    #[cfg(test)]
    pub fn scored(&self, program: &ProgramId) -> Option<usize> {
        self.tables.get(program).map(ScoreTable::scored)
    }

    /// The graduate `id` from its mark and its verifications' docs: the one kept when the
    /// texts are the same, else parsed (and kept).
    fn resident(&mut self, id: ResidentId, mark: String, docs: &[String]) -> DeskResult<&Resident> {
        let mut text = mark;
        for doc in docs {
            // Docs are JSON objects: no NUL inside one.
            text.push('\0');
            text.push_str(doc);
        }
        let fresh = self.residents.get(&id).is_none_or(|kept| kept.text != text);
        if fresh {
            let (mark, _) = text.split_once('\0').unwrap_or((&text, ""));
            let mark: ResidentMark = parse(mark)?;
            let mut resident = mark.into_resident(id.clone());
            let verifications: Vec<SkillVerification> =
                docs.iter().map(|d| parse(d)).collect::<DeskResult<_>>()?;
            domain::verification::overlay(&mut resident, &verifications);
            self.residents.insert(
                id.clone(),
                Parsed {
                    text,
                    value: resident,
                },
            );
        }
        self.residents
            .get(&id)
            .map(|p| &p.value)
            .ok_or_else(|| DeskError("placement: a graduate was not kept".into()))
    }

    /// The open job `id` from its mark and title: the one kept when both are the same, else
    /// parsed (and kept).
    fn job(
        &mut self,
        id: &JobId,
        mark: &str,
        title: String,
        region: &RegionId,
    ) -> DeskResult<&Job> {
        let fresh = self.jobs.get(id).is_none_or(|kept| {
            kept.text != mark || kept.value.title != title || kept.value.region_id != *region
        });
        if fresh {
            let parsed: JobMark = parse(mark)?;
            let mut job = parsed.into_job(id.clone(), region.clone());
            job.title = title;
            let text = mark.to_owned();
            self.jobs.insert(id.clone(), Parsed { text, value: job });
        }
        self.jobs
            .get(id)
            .map(|p| &p.value)
            .ok_or_else(|| DeskError("placement: a job was not kept".into()))
    }
}
