//! What the region's views need of residents, verifications, courses, jobs and track records,
//! kept in the desk (issue 14), so that the city's metrics, the hub's attention list, a
//! company's talent cards and a resident's matches are a few SQL queries, whatever the region's
//! size:
//!
//! - `resident_fact`: what metrics count of each resident profile (`ResidentFacts`, its name, the
//!   times of the skills its profile says were verified, and the courses it says it completed),
//!   and what ranking reads of it (`mark`), written when the profile is saved
//!   (`records::save_resident`) and erased with the account.
//! - `verification_fact`: each `SkillVerification` the hub or a course wrote (also under `verif:`
//!   in KV, which the index rebuild and the data export read).
//! - `course_fact`: a course a resident accepted in the inbox (only then is the person enrolled).
//! - `job_fact`: what the views need of a job (its hourly pay, its planned weeks), written with
//!   the job (`records::save_job`).
//! - `track_mark`: each engagement's part in its resident's track record after the last event
//!   posted to it (`EngagementTrack`), written by `post_event` in the event's transaction.
//!
//! Every rule stays the domain's: this module only reads and writes rows.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use domain::hub::{Attention, AttentionList, Board, BoardFilter, BoardPage, CompanyApplication};
use domain::index::{JobMark, ResidentMark};
use domain::matching::Page;
#[cfg(test)]
use domain::metrics::{CourseFacts, EngagementFacts, MetricsInput};
use domain::metrics::{Period, RegionReport, ResidentFacts, VerificationFacts};
use domain::model::{
    Approval, CompanyId, Job, JobId, JobStatus, MunicipalityId, Program, ProgramId, ProgramKind,
    RegionId, Resident, ResidentId, TaskKindId, TrackRecord, UserId, Verification,
};
use domain::trust::{EngagementTrack, track_from_marks};
use domain::verification::SkillVerification;
use serde::{Deserialize, Serialize};

use super::parties::CompanyFact;
use super::sql::{Arg, DeskResult, Sql, array, json, marks, parse};

/// The tables (one forward migration, appended to `schema::MIGRATIONS` as version 5).
pub const MIGRATION: &[&str] = &[
    "CREATE TABLE resident_fact (
        resident TEXT PRIMARY KEY,
        municipality TEXT,
        doc TEXT NOT NULL
    )",
    "CREATE INDEX resident_fact_by_municipality ON resident_fact (municipality)",
    // `key`: the record's KV name (`verif:{resident}:{task}:{millis}`), so they sort the same.
    "CREATE TABLE verification_fact (
        resident TEXT NOT NULL,
        key TEXT NOT NULL,
        program TEXT,
        at_ms INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (resident, key)
    )",
    "CREATE TABLE course_fact (
        resident TEXT NOT NULL,
        program TEXT NOT NULL,
        enrolled_ms INTEGER NOT NULL,
        PRIMARY KEY (resident, program)
    )",
    // `tasks`: the job's task kinds (JSON array), for the board's cards and its task filter.
    "CREATE TABLE job_fact (
        job TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        hourly_yen INTEGER NOT NULL,
        duration_weeks INTEGER NOT NULL,
        title TEXT NOT NULL,
        tasks TEXT NOT NULL
    )",
    "CREATE TABLE track_mark (
        engagement TEXT PRIMARY KEY,
        resident TEXT NOT NULL,
        event TEXT NOT NULL,
        mark TEXT NOT NULL
    )",
    "CREATE INDEX track_mark_by_resident ON track_mark (resident)",
    // A resident's trust facts on cards: `identity` (the hub checked a document) or `security`
    // (finished a security course).
    "CREATE TABLE trust_fact (
        resident TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (resident, kind)
    )",
    // The region's programs (`Program` JSON), listed by kind (`rank`: course, scheme, coworking).
    "CREATE TABLE program (
        id TEXT PRIMARY KEY,
        rank INTEGER NOT NULL,
        doc TEXT NOT NULL
    )",
];

/// What the desk keeps of one resident profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentFact {
    pub facts: ResidentFacts,
    pub name: String,
    /// When each skill the profile says is verified was verified.
    pub verified: Vec<DateTime<Utc>>,
    /// The courses the profile says it completed, and when.
    pub completed: Vec<(ProgramId, DateTime<Utc>)>,
    /// What ranking reads of the profile (`ResidentMark`), kept in its own column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<ResidentMark>,
}

impl ResidentFact {
    pub fn of(r: &Resident) -> Self {
        ResidentFact {
            facts: ResidentFacts::from_resident(r),
            name: r.display_name.clone(),
            verified: VerificationFacts::from_resident(r)
                .into_iter()
                .map(|v| v.at)
                .collect(),
            completed: r
                .skills
                .iter()
                .filter_map(|s| match &s.verification {
                    Some(Verification::Course { program, at }) => Some((program.clone(), *at)),
                    _ => None,
                })
                .collect(),
            mark: Some(ResidentMark::of(r)),
        }
    }
}

/// What the desk keeps of one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobFact {
    pub job: JobId,
    pub region: RegionId,
    pub hourly_yen: u32,
    pub duration_weeks: u32,
    pub title: String,
    pub tasks: Vec<TaskKindId>,
    /// What ranking reads of the job (`JobMark`), while it is open; `None` once closed.
    #[serde(default)]
    pub mark: Option<JobMark>,
}

impl JobFact {
    pub fn of(job: &Job) -> Self {
        JobFact {
            job: job.id.clone(),
            region: job.region_id.clone(),
            hourly_yen: job.pay.hourly_equivalent(),
            duration_weeks: job.duration_weeks,
            title: job.title.clone(),
            tasks: job.tasks.iter().map(|t| t.task.clone()).collect(),
            mark: (job.status == JobStatus::Open).then(|| JobMark::of(job)),
        }
    }
}

/// Version 17: each job's ranking facts while open (`mark`, `JobMark` JSON), so that a
/// resident's matches read the open jobs in the desk call they already make, not through a KV
/// list of every job marker. `marked` is 1 for a row written since (a job saved before v17 has
/// no mark yet, and the worker lists the markers until every job of the region was saved again
/// or re-seeded).
pub const JOB_MARK_MIGRATION: &[&str] = &[
    "ALTER TABLE job_fact ADD COLUMN mark TEXT",
    "ALTER TABLE job_fact ADD COLUMN marked INTEGER NOT NULL DEFAULT 0",
];

/// Version 19: each resident's ranking facts (`mark`, `ResidentMark` JSON), so that a course's
/// placement ranks its graduates without reading their profiles. `NULL` for a profile saved
/// before (the worker reads those profiles until they are saved again or re-seeded).
pub const RESIDENT_MARK_MIGRATION: &[&str] = &["ALTER TABLE resident_fact ADD COLUMN mark TEXT"];

/// The open jobs of the region (of one company, when given) with their ranking facts, in id
/// order; `None` while a job saved before version 17 has none (the caller then lists the KV
/// markers).
fn open_jobs<S: Sql>(
    sql: &S,
    company: Option<&CompanyId>,
) -> DeskResult<Option<Vec<(JobId, JobMark)>>> {
    #[derive(Deserialize)]
    struct Marked {
        job: String,
        mark: Option<String>,
        marked: i64,
    }
    let rows = match company {
        None => sql.rows::<Marked>(
            "SELECT job, mark, marked FROM job_fact WHERE mark IS NOT NULL OR marked = 0
             ORDER BY job",
            &[],
        )?,
        // The company is the mark's `c` (`JobMark::company`).
        Some(company) => sql.rows::<Marked>(
            "SELECT job, mark, marked FROM job_fact
             WHERE (mark IS NOT NULL AND json_extract(mark, '$.c') = ?) OR marked = 0
             ORDER BY job",
            &[company.as_str().into()],
        )?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        match (row.marked, row.mark) {
            (1, Some(mark)) => out.push((JobId(row.job), parse(&mark)?)),
            (1, None) => {}
            _ => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// What the hub's attention page asks: the lists as of `now`, a graduate idle after `idle_days`
/// and work ending within `ending_days`, one page (of `list`, or of both).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttentionQuery {
    pub region: RegionId,
    pub now: DateTime<Utc>,
    pub idle_days: u32,
    pub ending_days: u32,
    pub page: Page,
    pub list: Option<AttentionList>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewCommand {
    /// A resident saved the profile.
    SaveResident {
        fact: ResidentFact,
    },
    /// The hub or a course verified skills (`key`: each record's KV name).
    SaveVerifications {
        records: Vec<(String, SkillVerification)>,
    },
    /// A resident accepted a course (`Some`: when they were put on it) or declined it (`None`).
    SetCourse {
        resident: ResidentId,
        program: ProgramId,
        enrolled_at: Option<DateTime<Utc>>,
    },
    SaveJob {
        fact: JobFact,
    },
    /// A company's profile, new or changed (`desk::parties`).
    SaveCompany {
        fact: CompanyFact,
    },
    /// The hub decided on a company.
    DecideCompany {
        company: CompanyId,
        approval: Approval,
    },
    /// The region's companies with the hub's decisions (its approval queue).
    Companies {
        region: RegionId,
    },
    /// The name a hub member's cards show (`desk::parties`).
    SaveCoordinator {
        user: UserId,
        name: String,
    },
    /// The demo seed: many residents and jobs at once.
    Import {
        residents: Vec<ResidentFact>,
        jobs: Vec<JobFact>,
        /// The companies and the hub's decision on each.
        #[serde(default)]
        companies: Vec<(CompanyFact, Approval)>,
        #[serde(default)]
        programs: Vec<Program>,
        #[serde(default)]
        trust: Vec<(ResidentId, String)>,
    },
    /// The hub checked a resident's identity (`identity`) or a course made them a security
    /// course graduate (`security`).
    SetTrust {
        resident: ResidentId,
        kind: String,
    },
    /// Which residents have each trust fact.
    Trust,
    /// A municipality saved a program.
    SaveProgram {
        program: Program,
    },
    /// The region's programs, courses first, then schemes, then coworking spaces.
    Programs,
    /// The hub's board (`domain::hub::board`) built here from every engagement, and every
    /// coordinator of the region (the worker names those on the cards it sends).
    Pipeline {
        region: RegionId,
        now: DateTime<Utc>,
        stalled_days: u32,
        filter: BoardFilter,
        page: Option<BoardPage>,
    },
    /// The hub's due list: the cards whose check-in is due on the JST day of `now` or earlier
    /// (`domain::hub::due_list`), and every coordinator of the region.
    Due {
        region: RegionId,
        now: DateTime<Utc>,
        stalled_days: u32,
        page: Page,
    },
    /// The region's report (`domain::metrics::region_report_with_trend`), computed here so
    /// that only the report leaves the desk.
    Report {
        region: RegionId,
        period: Period,
        today: NaiveDate,
    },
    /// The hub's attention lists (`domain::hub::attention`), named, computed here.
    Attention {
        query: AttentionQuery,
    },
    /// What a page of cards needs: each resident's verifications (oldest first), track record
    /// in musubi and trust facts, and how many residents live in each of these places (and, with
    /// `home_places`, in each place the residents live in).
    Cards {
        residents: Vec<ResidentId>,
        places: Vec<MunicipalityId>,
        #[serde(default)]
        home_places: bool,
        /// Also where each of these residents' engagements stands, by job (`stages`).
        #[serde(default)]
        stages: bool,
        /// Also the region's open jobs with their ranking facts (`open_jobs`).
        #[serde(default)]
        open_jobs: bool,
    },
    /// A resident's or a company's handover timeline (`domain::hub::timeline`; `kind`:
    /// `resident` or `company`), each engagement named by its company, resident and job as the
    /// desk keeps them. What the worker reads of the party in KV (its name, a company's requests,
    /// a resident's trust) is not asked first: the worker reads it while the desk answers, and
    /// adds it to the desk's JSON (`records::facts::timeline_json`).
    Timeline {
        kind: String,
        party: String,
    },
    /// The region's open jobs with their ranking facts (of one company, when given): what the
    /// worker would otherwise list from every job's KV marker.
    OpenJobs {
        company: Option<CompanyId>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewAnswer {
    Done,
    Programs {
        list: Vec<Program>,
    },
    Companies {
        list: Vec<CompanyApplication>,
    },
    Trust {
        identity: Vec<ResidentId>,
        security: Vec<ResidentId>,
    },
    Report {
        report: Box<RegionReport>,
    },
    Due {
        due: Box<domain::hub::Due>,
        coordinators: Vec<UserId>,
    },
    Pipeline {
        board: Box<Board>,
        /// Every coordinator named on any card of the region, in order.
        coordinators: Vec<UserId>,
    },
    Attention {
        attention: Box<Attention>,
    },
    Cards {
        verifications: BTreeMap<ResidentId, Vec<SkillVerification>>,
        tracks: BTreeMap<ResidentId, TrackRecord>,
        living: BTreeMap<MunicipalityId, u32>,
        /// Which of the residents have a checked identity and a finished security course, as
        /// `Trust` answers them for the region.
        #[serde(default)]
        identity: Vec<ResidentId>,
        #[serde(default)]
        security: Vec<ResidentId>,
        /// Each engagement of these residents as (resident, job, stage), in id order.
        #[serde(default)]
        stages: Vec<(ResidentId, JobId, domain::engagement::Stage)>,
        /// When asked: the region's open jobs to rank, by id; `None` while the desk does not
        /// know every job's facts (saved before version 17).
        #[serde(default)]
        open_jobs: Option<Vec<(JobId, JobMark)>>,
    },
    Timeline {
        timeline: Box<domain::hub::Timeline>,
    },
    /// By id; `None` while the desk does not know every job's facts (saved before version 17).
    OpenJobs {
        jobs: Option<Vec<(JobId, JobMark)>>,
    },
}

/// What a course's placement (`domain::city::placement`) is built from in the desk, answered in
/// one call when no placement is kept (`desk::kept`): the course's graduates, their
/// verifications, and the region's open jobs with their ranking facts and titles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlacementInputs {
    /// In id order.
    pub graduates: Vec<ResidentId>,
    /// The graduates' ranking facts; one whose profile was saved before version 19 has none
    /// (the worker reads that profile).
    pub marks: BTreeMap<ResidentId, ResidentMark>,
    pub verifications: BTreeMap<ResidentId, Vec<SkillVerification>>,
    /// By id; `None` while the desk does not know every job's facts (saved before version 17).
    pub jobs: Option<Vec<(JobId, JobMark)>>,
    pub titles: BTreeMap<JobId, String>,
}

impl PlacementInputs {
    /// Whether the desk holds all of it: every graduate's mark and every open job's facts. Then
    /// the desk builds the placement itself (`desk::kept`); otherwise the worker reads what is
    /// missing from KV.
    pub fn complete(&self) -> bool {
        self.jobs.is_some() && self.marks.len() == self.graduates.len()
    }

    /// The graduates the desk has marks of, as ranking sees them, and the ids of those it has
    /// none of.
    pub fn take_residents(&mut self) -> (Vec<Resident>, Vec<ResidentId>) {
        let mut residents = Vec::with_capacity(self.graduates.len());
        let mut unmarked = Vec::new();
        for id in &self.graduates {
            match self.marks.remove(id) {
                Some(mark) => residents.push(mark.into_resident(id.clone())),
                None => unmarked.push(id.clone()),
            }
        }
        (residents, unmarked)
    }

    /// The open jobs as ranking sees them, with their titles; `None` while the desk does not
    /// know every job's facts.
    pub fn take_jobs(&mut self, region: &RegionId) -> Option<Vec<Job>> {
        let marks = self.jobs.take()?;
        Some(
            marks
                .into_iter()
                .map(|(id, mark)| {
                    let mut job = mark.into_job(id, region.clone());
                    job.title = self.titles.remove(&job.id).unwrap_or_default();
                    job
                })
                .collect(),
        )
    }
}

/// A course's placement as the API answers it: the graduates of `region` with the
/// verifications the desk keeps laid over (as matching reads them), placed into `jobs`.
pub fn placement_json(
    program: &ProgramId,
    region: &RegionId,
    graduates: Vec<Resident>,
    verifications: &BTreeMap<ResidentId, Vec<SkillVerification>>,
    jobs: &[Job],
) -> serde_json::Result<String> {
    let graduates: Vec<Resident> = graduates
        .into_iter()
        .filter(|r| r.region_id == *region)
        .collect();
    let graduates = with_verifications(graduates, verifications);
    serde_json::to_string(&domain::city::placement(program, graduates, jobs))
}

/// Profiles with the verifications the desk keeps of them laid over
/// (`domain::verification::overlay`), as everyone else sees them.
pub fn with_verifications(
    residents: Vec<Resident>,
    verifications: &BTreeMap<ResidentId, Vec<SkillVerification>>,
) -> Vec<Resident> {
    residents
        .into_iter()
        .map(|mut r| {
            if let Some(v) = verifications.get(&r.id) {
                domain::verification::overlay(&mut r, v);
            }
            r
        })
        .collect()
}

/// [`PlacementInputs`] of `program`: what the worker builds the page from while a row from
/// before the marks lacks one (the desk builds it otherwise, `desk::placements`).
pub fn placement_inputs<S: Sql>(sql: &S, program: &ProgramId) -> DeskResult<PlacementInputs> {
    let rows: Vec<(ResidentId, Option<String>)> = array(
        sql,
        &format!(
            "SELECT json_group_array(json_array(resident, mark) ORDER BY resident) AS doc
             FROM ({GRADUATES})"
        ),
        &[program.as_str().into()],
    )?;
    let mut graduates = Vec::with_capacity(rows.len());
    let mut marks = BTreeMap::new();
    for (id, mark) in rows {
        if let Some(mark) = mark {
            marks.insert(id.clone(), parse(&mark)?);
        }
        graduates.push(id);
    }
    let verifications = verifications_of(sql, &graduates)?;
    let jobs = open_jobs(sql, None)?;
    let titles = match jobs {
        Some(_) => array::<S, (JobId, String)>(
            sql,
            "SELECT json_group_array(json_array(job, title)) AS doc FROM job_fact
             WHERE mark IS NOT NULL",
            &[],
        )?
        .into_iter()
        .collect(),
        None => BTreeMap::new(),
    };
    Ok(PlacementInputs {
        graduates,
        marks,
        verifications,
        jobs,
        titles,
    })
}

/// The residents of the region who completed the course bound to `?1`, as the city's report
/// credits them: a completion their profile states or a verification the course gave.
pub const GRADUATES: &str = "SELECT resident, mark, rev FROM resident_fact
     WHERE resident IN (SELECT resident FROM completion_fact WHERE program = ?1
                        UNION SELECT resident FROM verification_fact WHERE program = ?1)";

/// The verifications of these residents, each one's in key order.
pub fn verifications_of<S: Sql>(
    sql: &S,
    residents: &[ResidentId],
) -> DeskResult<BTreeMap<ResidentId, Vec<SkillVerification>>> {
    let mut verifications: BTreeMap<ResidentId, Vec<SkillVerification>> = BTreeMap::new();
    for chunk in residents.chunks(90) {
        let args: Vec<Arg> = chunk.iter().map(|r| r.as_str().into()).collect();
        for row in sql.rows::<Doc>(
            &format!(
                "SELECT doc FROM verification_fact WHERE resident IN ({}) ORDER BY resident, key",
                marks(chunk.len())
            ),
            &args,
        )? {
            let v: SkillVerification = parse(&row.doc)?;
            verifications.entry(v.resident.clone()).or_default().push(v);
        }
    }
    Ok(verifications)
}

#[cfg(test)]
fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn save_resident<S: Sql>(sql: &S, fact: &ResidentFact) -> DeskResult<()> {
    super::attention::save(sql, fact)?;
    // The mark in its own column: the views that read the doc do not parse it.
    let doc = ResidentFact {
        mark: None,
        ..fact.clone()
    };
    sql.run(
        "INSERT OR REPLACE INTO resident_fact (resident, municipality, doc, mark)
         VALUES (?, ?, ?, ?)",
        &[
            fact.facts.id.as_str().into(),
            fact.facts
                .municipality
                .as_ref()
                .map_or(Arg::Null, |m| m.as_str().into()),
            json(&doc)?.into(),
            match &fact.mark {
                Some(mark) => json(mark)?.into(),
                None => Arg::Null,
            },
        ],
    )?;
    super::report::write_resident(sql, fact)
}

fn save_job<S: Sql>(sql: &S, fact: &JobFact) -> DeskResult<()> {
    super::board::job_saved(sql, fact.job.as_str(), fact.duration_weeks)?;
    let saved = sql.run(
        "INSERT OR REPLACE INTO job_fact (job, region, hourly_yen, duration_weeks, title, tasks,
            mark, marked) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
        &[
            fact.job.as_str().into(),
            fact.region.as_str().into(),
            i64::from(fact.hourly_yen).into(),
            i64::from(fact.duration_weeks).into(),
            fact.title.as_str().into(),
            json(&fact.tasks)?.into(),
            match &fact.mark {
                Some(mark) => json(mark)?.into(),
                None => Arg::Null,
            },
        ],
    );
    saved?;
    // Which engagements count for their residents' region may change with the job.
    super::report::refresh(
        sql,
        "resident IN (SELECT resident FROM engagement WHERE job = ?)",
        &[fact.job.as_str().into()],
    )
}

/// A `trust_fact` row.
#[derive(Deserialize)]
struct TrustRow {
    resident: String,
    kind: String,
}

/// Who among `rows` has a checked identity and who finished a security course (the kinds
/// `set_trust` writes), each in the rows' order.
fn trust_lists(rows: Vec<TrustRow>) -> (Vec<ResidentId>, Vec<ResidentId>) {
    let (mut identity, mut security) = (Vec::new(), Vec::new());
    for r in rows {
        match r.kind.as_str() {
            "identity" => identity.push(ResidentId(r.resident)),
            "security" => security.push(ResidentId(r.resident)),
            _ => {}
        }
    }
    (identity, security)
}

fn set_trust<S: Sql>(sql: &S, resident: &ResidentId, kind: &str) -> DeskResult<()> {
    sql.run(
        "INSERT OR IGNORE INTO trust_fact (resident, kind) VALUES (?, ?)",
        &[resident.as_str().into(), kind.into()],
    )
}

fn save_program<S: Sql>(sql: &S, program: &Program) -> DeskResult<()> {
    let rank: i64 = match program.kind {
        ProgramKind::Course { .. } => 0,
        ProgramKind::SupportScheme { .. } => 1,
        ProgramKind::Coworking { .. } => 2,
    };
    sql.run(
        "INSERT OR REPLACE INTO program (id, rank, doc) VALUES (?, ?, ?)",
        &[
            program.id.as_str().into(),
            rank.into(),
            json(program)?.into(),
        ],
    )
}

/// Writes the engagement's part in its resident's track record after an event (called by
/// `engagements::post_event` in the event's transaction).
pub fn save_track<S: Sql>(
    sql: &S,
    state: &domain::engagement::EngagementState,
    event: &str,
) -> DeskResult<()> {
    let (Some(id), Some(resident)) = (&state.engagement_id, state.resident()) else {
        return Ok(());
    };
    sql.run(
        "INSERT OR REPLACE INTO track_mark (engagement, resident, event, mark) VALUES (?, ?, ?, ?)",
        &[
            id.as_str().into(),
            resident.as_str().into(),
            event.into(),
            json(&EngagementTrack::of(state))?.into(),
        ],
    )
}

/// A deleted person: every fact the desk kept of them goes.
pub fn forget<S: Sql>(sql: &S, party: &str) -> DeskResult<()> {
    for table in [
        "resident_fact",
        "verification_fact",
        "course_fact",
        "track_mark",
        "trust_fact",
        "completion_fact",
    ] {
        sql.run(
            &format!("DELETE FROM {table} WHERE resident = ?"),
            &[party.into()],
        )?;
    }
    Ok(())
}

use super::sql::Doc;

#[cfg(test)]
#[derive(Deserialize)]
struct VerifRow {
    resident: String,
    program: Option<String>,
    at_ms: i64,
}

#[cfg(test)]
#[derive(Deserialize)]
struct CourseRow {
    resident: String,
    program: String,
    enrolled_ms: i64,
}

#[cfg(test)]
#[derive(Deserialize)]
struct JobRow {
    job: String,
    region: String,
    hourly_yen: i64,
    duration_weeks: i64,
    title: String,
    tasks: String,
}

#[cfg(test)]
impl JobRow {
    fn fact(self) -> DeskResult<JobFact> {
        Ok(JobFact {
            job: JobId(self.job),
            region: RegionId(self.region),
            hourly_yen: u32::try_from(self.hourly_yen).unwrap_or(0),
            duration_weeks: u32::try_from(self.duration_weeks).unwrap_or(0),
            title: self.title,
            tasks: parse(&self.tasks)?,
            // Not read back here: `open_jobs` alone reads the marks.
            mark: None,
        })
    }
}

/// Every job's facts as the unit tests' reference metrics read them, without the ranking marks
/// (`open_jobs` alone reads those).
#[cfg(test)]
fn job_facts<S: Sql>(sql: &S) -> DeskResult<BTreeMap<JobId, JobFact>> {
    sql.rows::<JobRow>(
        "SELECT job, region, hourly_yen, duration_weeks, title, tasks FROM job_fact",
        &[],
    )?
    .into_iter()
    .map(|j| j.fact().map(|f| (f.job.clone(), f)))
    .collect()
}

/// One engagement as the hub's board reads it: its state (with only its latest note), its job's
/// facts and its resident's name, if the desk has them.
#[cfg(test)]
struct BoardRow {
    pub id: domain::model::EngagementId,
    pub state: domain::engagement::EngagementState,
    pub job: Option<JobFact>,
    pub name: Option<String>,
}

/// Every engagement of the region with its job's facts and its resident's name (the board and
/// the check-ins due, as they were built before the board's columns: the unit tests compare).
#[cfg(test)]
fn board<S: Sql>(sql: &S) -> DeskResult<Vec<BoardRow>> {
    #[derive(Deserialize)]
    struct Name {
        resident: String,
        name: Option<String>,
    }
    let jobs = job_facts(sql)?;
    let names: BTreeMap<String, String> = sql
        .rows::<Name>(
            "SELECT resident, json_extract(doc, '$.name') AS name FROM resident_fact
             WHERE resident IN (SELECT resident FROM engagement)",
            &[],
        )?
        .into_iter()
        .filter_map(|n| Some((n.resident, n.name?)))
        .collect();
    Ok(super::engagements::rows(sql, None, true)?
        .into_iter()
        .filter_map(|row| {
            let parties = row.state.parties.as_ref()?;
            Some(BoardRow {
                job: jobs.get(&parties.job).cloned(),
                name: names.get(parties.resident.as_str()).cloned(),
                id: row.id,
                state: row.state,
            })
        })
        .collect())
}

/// Every card of the region as of `now` (`domain::hub::card`) from the full states, and every
/// coordinator named on them, in order (the unit tests compare the SQL path with this).
#[cfg(test)]
pub fn pure_cards<S: Sql>(
    sql: &S,
    now: DateTime<Utc>,
    stalled_days: u32,
) -> DeskResult<(Vec<domain::hub::Card>, Vec<UserId>)> {
    let rows = board(sql)?;
    let coordinators: BTreeSet<UserId> = rows
        .iter()
        .filter_map(|r| domain::hub::coordinator(&r.state))
        .collect();
    // The companies' names as the desk keeps them (`desk::parties`).
    #[derive(Deserialize)]
    struct Named {
        company: String,
        name: String,
    }
    let company_names: BTreeMap<String, String> = sql
        .rows::<Named>("SELECT company, name FROM company_fact", &[])?
        .into_iter()
        .map(|n| (n.company, n.name))
        .collect();
    let cards = rows
        .into_iter()
        .filter_map(|r| {
            let job = r.job.as_ref().map(|j| domain::hub::CardJob {
                title: &j.title,
                tasks: &j.tasks,
                weeks: j.duration_weeks,
            });
            domain::hub::card(r.id.clone(), &r.state, job, r.name, now, stalled_days)
        })
        .map(|mut card| {
            card.company_name = company_names
                .get(card.company.as_str())
                .cloned()
                .unwrap_or_default();
            card
        })
        .collect();
    Ok((cards, coordinators.into_iter().collect()))
}

/// The hub's board, built here (`desk::board`): only the board (one page of each column when
/// asked) leaves the desk.
fn pipeline<S: Sql>(
    sql: &S,
    region: RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    filter: &BoardFilter,
    page: Option<BoardPage>,
) -> DeskResult<ViewAnswer> {
    let board = super::board::board(sql, region, now, stalled_days, filter, page)?;
    let coordinators = super::board::coordinators(sql)?;
    named_pipeline(sql, board, coordinators)
}

/// The board with its coordinators named (`coordinators`: every one on the board, in order).
pub fn named_pipeline<S: Sql>(
    sql: &S,
    mut board: Board,
    coordinators: Vec<UserId>,
) -> DeskResult<ViewAnswer> {
    let Board { today, columns, .. } = &mut board;
    super::parties::name_coordinators(
        sql,
        today
            .checkins
            .iter_mut()
            .chain(today.stalled.iter_mut())
            .chain(columns.iter_mut().flat_map(|c| c.cards.iter_mut())),
        &coordinators,
    )?;
    Ok(ViewAnswer::Pipeline {
        board: Box::new(board),
        coordinators,
    })
}

/// A page of the check-ins due by `now`'s JST day (`desk::board::due`): only it leaves the desk.
fn due<S: Sql>(
    sql: &S,
    region: RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    page: Page,
) -> DeskResult<ViewAnswer> {
    let mut due = super::board::due(sql, region, now, stalled_days, page)?;
    let coordinators = super::board::coordinators(sql)?;
    super::parties::name_coordinators(sql, due.items.iter_mut(), &coordinators)?;
    Ok(ViewAnswer::Due {
        due: Box::new(due),
        coordinators,
    })
}

/// A page of the hub's attention lists (`desk::attention`) as of the whole minute (as the board
/// is: `kept`), named from the residents' facts (only the page's); with the graduates the desk
/// keeps in memory when given.
pub fn attention<S: Sql>(
    sql: &S,
    query: AttentionQuery,
    kept: Option<&mut super::attention::Graduates>,
) -> DeskResult<ViewAnswer> {
    let now = domain::hub::board_instant(query.now);
    let (idle, ending) = (query.idle_days, query.ending_days);
    let all = match kept {
        Some(kept) => super::attention::kept_attention(sql, kept, query.region, now, idle, ending)?,
        None => super::attention::attention(sql, query.region, now, idle, ending)?,
    };
    let mut out = domain::hub::page_attention(all, query.page, query.list);
    let ids: BTreeSet<ResidentId> = out
        .idle
        .iter()
        .map(|g| g.resident.clone())
        .chain(out.at_risk.iter().map(|a| a.resident.clone()))
        .collect();
    let names = names(sql, &ids.into_iter().collect::<Vec<_>>())?;
    domain::hub::name_attention(&mut out, &names);
    Ok(ViewAnswer::Attention {
        attention: Box::new(out),
    })
}

/// The attention lists (unnamed) from everything metrics read, as they were built before the
/// rows of `desk::attention` (the unit tests compare).
#[cfg(test)]
pub fn pure_attention<S: Sql>(
    sql: &S,
    region: RegionId,
    now: DateTime<Utc>,
    idle_days: u32,
    ending_days: u32,
) -> DeskResult<Attention> {
    let (input, weeks) = metrics(sql)?;
    let states: Vec<domain::engagement::EngagementState> =
        input.engagements.into_iter().map(|e| e.state).collect();
    Ok(domain::hub::attention(
        region,
        &input.courses,
        &states,
        &weeks,
        now,
        idle_days,
        ending_days,
    ))
}

/// Everything metrics count, as the worker once read it from KV: the residents' profiles, their
/// verifications (profile and records), the courses they accepted (and those a completion
/// credits without an enrolment), and the engagements with their jobs' pay. The unit tests'
/// reference for the views computed in SQL (no request reads the whole region).
#[cfg(test)]
pub fn metrics<S: Sql>(sql: &S) -> DeskResult<(MetricsInput, BTreeMap<JobId, u32>)> {
    let mut input = MetricsInput::default();
    let mut completions: BTreeMap<(ResidentId, ProgramId), DateTime<Utc>> = BTreeMap::new();
    let mut complete = |resident: &ResidentId, program: &ProgramId, at: DateTime<Utc>| {
        let entry = completions
            .entry((resident.clone(), program.clone()))
            .or_insert(at);
        *entry = (*entry).min(at);
    };
    let mut in_region: BTreeSet<ResidentId> = BTreeSet::new();
    for row in sql.rows::<Doc>("SELECT doc FROM resident_fact ORDER BY resident", &[])? {
        let fact: ResidentFact = parse(&row.doc)?;
        let id = fact.facts.id.clone();
        for at in &fact.verified {
            input.verifications.push(VerificationFacts {
                resident: id.clone(),
                at: *at,
            });
        }
        for (program, at) in &fact.completed {
            complete(&id, program, *at);
        }
        input.residents.push(fact.facts);
        in_region.insert(id);
    }
    for v in sql.rows::<VerifRow>(
        "SELECT resident, program, at_ms FROM verification_fact ORDER BY resident, key",
        &[],
    )? {
        let resident = ResidentId(v.resident);
        if !in_region.contains(&resident) {
            continue;
        }
        let at = time(v.at_ms);
        if let Some(program) = v.program {
            complete(&resident, &ProgramId(program), at);
        }
        input.verifications.push(VerificationFacts { resident, at });
    }
    let mut enrolled: BTreeSet<(ResidentId, ProgramId)> = BTreeSet::new();
    for c in sql.rows::<CourseRow>(
        "SELECT resident, program, enrolled_ms FROM course_fact ORDER BY program, resident",
        &[],
    )? {
        let (resident, program) = (ResidentId(c.resident), ProgramId(c.program));
        if !in_region.contains(&resident) || !enrolled.insert((resident.clone(), program.clone())) {
            continue;
        }
        input.courses.push(CourseFacts {
            completed_at: completions
                .get(&(resident.clone(), program.clone()))
                .copied(),
            resident,
            program,
            enrolled_at: time(c.enrolled_ms),
        });
    }
    for ((resident, program), at) in &completions {
        if !enrolled.contains(&(resident.clone(), program.clone())) {
            input.courses.push(CourseFacts {
                resident: resident.clone(),
                program: program.clone(),
                enrolled_at: *at,
                completed_at: Some(*at),
            });
        }
    }
    let mut jobs: BTreeMap<JobId, (RegionId, u32)> = BTreeMap::new();
    let mut weeks: BTreeMap<JobId, u32> = BTreeMap::new();
    for (id, j) in job_facts(sql)? {
        weeks.insert(id.clone(), j.duration_weeks);
        jobs.insert(id, (j.region, j.hourly_yen));
    }
    for row in super::engagements::rows(sql, None, true)? {
        let Some(parties) = &row.state.parties else {
            continue;
        };
        if let Some((region, hourly_yen)) = jobs.get(&parties.job) {
            input.engagements.push(EngagementFacts {
                region: region.clone(),
                hourly_yen: *hourly_yen,
                state: row.state,
            });
        }
    }
    Ok((input, weeks))
}

fn names<S: Sql>(sql: &S, residents: &[ResidentId]) -> DeskResult<BTreeMap<ResidentId, String>> {
    // Only the name leaves SQLite (the attention list names up to every idle graduate).
    #[derive(Deserialize)]
    struct Name {
        resident: String,
        name: Option<String>,
    }
    let mut names = BTreeMap::new();
    for chunk in residents.chunks(90) {
        let args: Vec<Arg> = chunk.iter().map(|r| r.as_str().into()).collect();
        for row in sql.rows::<Name>(
            &format!(
                "SELECT resident, json_extract(doc, '$.name') AS name FROM resident_fact
                 WHERE resident IN ({})",
                marks(chunk.len())
            ),
            &args,
        )? {
            if let Some(name) = row.name {
                names.insert(ResidentId(row.resident), name);
            }
        }
    }
    Ok(names)
}

fn cards<S: Sql>(
    sql: &S,
    residents: &[ResidentId],
    places: &[MunicipalityId],
    (home_places, with_stages, with_jobs): (bool, bool, bool),
) -> DeskResult<ViewAnswer> {
    #[derive(Deserialize)]
    struct Mark {
        resident: String,
        engagement: String,
        event: String,
        mark: String,
    }
    #[derive(Deserialize)]
    struct Place {
        municipality: String,
        n: i64,
    }
    #[derive(Deserialize)]
    struct Home {
        municipality: String,
    }
    let mut places: BTreeSet<&str> = places.iter().map(MunicipalityId::as_str).collect();
    let mut homes: BTreeSet<String> = BTreeSet::new();
    let mut trusted = Vec::new();
    let verifications = verifications_of(sql, residents)?;
    let stages = if with_stages {
        stages_of(sql, residents)?
    } else {
        Vec::new()
    };
    let mut marks_of: BTreeMap<
        ResidentId,
        Vec<(domain::model::EngagementId, String, EngagementTrack)>,
    > = BTreeMap::new();
    for chunk in residents.chunks(90) {
        let args: Vec<Arg> = chunk.iter().map(|r| r.as_str().into()).collect();
        let list = marks(chunk.len());
        for m in sql.rows::<Mark>(
            &format!("SELECT resident, engagement, event, mark FROM track_mark WHERE resident IN ({list})"),
            &args,
        )? {
            marks_of.entry(ResidentId(m.resident)).or_default().push((
                domain::model::EngagementId(m.engagement),
                m.event,
                parse(&m.mark)?,
            ));
        }
        trusted.extend(sql.rows::<TrustRow>(
            &format!("SELECT resident, kind FROM trust_fact WHERE resident IN ({list}) ORDER BY resident, kind"),
            &args,
        )?);
        if home_places {
            homes.extend(
                sql.rows::<Home>(
                    &format!("SELECT DISTINCT municipality FROM resident_fact WHERE resident IN ({list}) AND municipality IS NOT NULL"),
                    &args,
                )?
                .into_iter()
                .map(|h| h.municipality),
            );
        }
    }
    places.extend(homes.iter().map(String::as_str));
    let places: Vec<&str> = places.into_iter().collect();
    let tracks = marks_of
        .into_iter()
        .map(|(r, ms)| {
            let record = track_from_marks(ms.iter().map(|(e, ev, m)| (e, ev.as_str(), *m)));
            (r, record)
        })
        .collect();
    let mut living = BTreeMap::new();
    for places in places.chunks(90) {
        let args: Vec<Arg> = places.iter().map(|m| Arg::from(*m)).collect();
        for p in sql.rows::<Place>(
            &format!(
                "SELECT municipality, COUNT(*) AS n FROM resident_fact WHERE municipality IN ({}) GROUP BY municipality",
                marks(places.len())
            ),
            &args,
        )? {
            living.insert(
                MunicipalityId(p.municipality),
                u32::try_from(p.n).unwrap_or(0),
            );
        }
    }
    let (identity, security) = trust_lists(trusted);
    Ok(ViewAnswer::Cards {
        verifications,
        tracks,
        living,
        identity,
        security,
        stages,
        open_jobs: if with_jobs {
            open_jobs(sql, None)?
        } else {
            None
        },
    })
}

/// Where each engagement of `residents` stands, by resident and job, in the engagements' order
/// within each 90 residents.
pub fn stages_of<S: Sql>(
    sql: &S,
    residents: &[ResidentId],
) -> DeskResult<Vec<(ResidentId, JobId, domain::engagement::Stage)>> {
    #[derive(Deserialize)]
    struct StageRow {
        resident: String,
        job: String,
        stage: String,
    }
    let mut stages = Vec::new();
    for chunk in residents.chunks(90) {
        let args: Vec<Arg> = chunk.iter().map(|r| r.as_str().into()).collect();
        // The stage as the state holds it (the `stage` column keeps its tag only).
        for row in sql.rows::<StageRow>(
            &format!(
                "SELECT resident, job, json_extract(state, '$.stage') AS stage FROM engagement
                 WHERE resident IN ({}) ORDER BY id",
                marks(chunk.len())
            ),
            &args,
        )? {
            stages.push((ResidentId(row.resident), JobId(row.job), parse(&row.stage)?));
        }
    }
    Ok(stages)
}

/// A view's answer as the JSON the API sends: the board or the due page alone (their parties
/// named here), any other view whole. The worker passes it on unread.
pub fn execute_json<S: Sql>(sql: &S, command: ViewCommand) -> DeskResult<String> {
    answer_json(execute(sql, command)?)
}

/// A view's answer as the JSON the API sends ([`execute_json`]).
pub fn answer_json(answer: ViewAnswer) -> DeskResult<String> {
    match answer {
        ViewAnswer::Pipeline { board, .. } => json(&board),
        ViewAnswer::Due { due, .. } => json(&due),
        ViewAnswer::Timeline { timeline } => json(&timeline),
        ViewAnswer::Attention { attention } => json(&attention),
        other => json(&other),
    }
}

pub fn execute<S: Sql>(sql: &S, command: ViewCommand) -> DeskResult<ViewAnswer> {
    match command {
        ViewCommand::SaveResident { fact } => {
            save_resident(sql, &fact)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::SaveVerifications { records } => {
            for (key, v) in &records {
                let program = match &v.verification {
                    Verification::Course { program, .. } => Arg::from(program.as_str()),
                    Verification::Hub { .. } => Arg::Null,
                };
                sql.run(
                    "INSERT OR REPLACE INTO verification_fact (resident, key, program, at_ms, doc) VALUES (?, ?, ?, ?, ?)",
                    &[
                        v.resident.as_str().into(),
                        key.as_str().into(),
                        program,
                        v.at().timestamp_millis().into(),
                        json(v)?.into(),
                    ],
                )?;
                super::report::refresh(sql, "resident = ?", &[v.resident.as_str().into()])?;
            }
            Ok(ViewAnswer::Done)
        }
        ViewCommand::SetCourse {
            resident,
            program,
            enrolled_at,
        } => {
            match enrolled_at {
                Some(at) => sql.run(
                    "INSERT OR REPLACE INTO course_fact (resident, program, enrolled_ms) VALUES (?, ?, ?)",
                    &[
                        resident.as_str().into(),
                        program.as_str().into(),
                        at.timestamp_millis().into(),
                    ],
                )?,
                None => sql.run(
                    "DELETE FROM course_fact WHERE resident = ? AND program = ?",
                    &[resident.as_str().into(), program.as_str().into()],
                )?,
            }
            Ok(ViewAnswer::Done)
        }
        ViewCommand::SaveJob { fact } => {
            save_job(sql, &fact)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::SaveCompany { fact } => {
            super::parties::save(sql, &fact)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::DecideCompany { company, approval } => {
            super::parties::decide(sql, &company, &approval)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::Companies { region } => Ok(ViewAnswer::Companies {
            list: super::parties::applications(sql, &region)?,
        }),
        ViewCommand::SaveCoordinator { user, name } => {
            super::parties::save_coordinator(sql, &user, &name)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::Import {
            residents,
            jobs,
            companies,
            programs,
            trust,
        } => {
            for (fact, approval) in &companies {
                super::parties::save(sql, fact)?;
                super::parties::decide(sql, &fact.company, approval)?;
            }
            for (resident, kind) in &trust {
                set_trust(sql, resident, kind)?;
            }
            for r in &residents {
                save_resident(sql, r)?;
            }
            for j in &jobs {
                save_job(sql, j)?;
            }
            for p in &programs {
                save_program(sql, p)?;
            }
            Ok(ViewAnswer::Done)
        }
        ViewCommand::SetTrust { resident, kind } => {
            set_trust(sql, &resident, &kind)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::Trust => {
            let (identity, security) = trust_lists(sql.rows::<TrustRow>(
                "SELECT resident, kind FROM trust_fact ORDER BY resident",
                &[],
            )?);
            Ok(ViewAnswer::Trust { identity, security })
        }
        ViewCommand::SaveProgram { program } => {
            save_program(sql, &program)?;
            Ok(ViewAnswer::Done)
        }
        ViewCommand::Programs => Ok(ViewAnswer::Programs {
            list: sql
                .rows::<Doc>("SELECT doc FROM program ORDER BY rank, id", &[])?
                .into_iter()
                .map(|d| parse(&d.doc))
                .collect::<DeskResult<_>>()?,
        }),
        ViewCommand::Due {
            region,
            now,
            stalled_days,
            page,
        } => {
            // As of the minute, as the board is: its "today" and this page agree.
            let now = domain::hub::board_instant(now);
            due(sql, region, now, stalled_days, page)
        }
        ViewCommand::Pipeline {
            region,
            now,
            stalled_days,
            filter,
            page,
        } => {
            // As of the whole minute, so that the desk may keep the answer (`kept`).
            let now = domain::hub::board_instant(now);
            pipeline(sql, region, now, stalled_days, &filter, page)
        }
        ViewCommand::Report {
            region,
            period,
            today,
        } => Ok(ViewAnswer::Report {
            report: Box::new(super::report::report(sql, &region, period, today)?),
        }),
        ViewCommand::Attention { query } => attention(sql, query, None),
        ViewCommand::Cards {
            residents,
            places,
            home_places,
            stages,
            open_jobs,
        } => cards(sql, &residents, &places, (home_places, stages, open_jobs)),
        ViewCommand::Timeline { kind, party } => Ok(ViewAnswer::Timeline {
            timeline: Box::new(timeline(sql, &kind, &party)?),
        }),
        ViewCommand::OpenJobs { company } => Ok(ViewAnswer::OpenJobs {
            jobs: open_jobs(sql, company.as_ref())?,
        }),
    }
}

/// The party's timeline from its engagements' histories, with the words a coordinator reads
/// instead of ids: one statement names every engagement (the rows the names come from are the
/// region's own, and a deleted resident's are gone with them).
fn timeline<S: Sql>(sql: &S, kind: &str, party: &str) -> DeskResult<domain::hub::Timeline> {
    #[derive(Deserialize)]
    struct Names {
        id: String,
        company_name: Option<String>,
        job_title: Option<String>,
        resident_name: Option<String>,
    }
    let histories = super::engagements::histories(sql, party)?;
    let mut out = domain::hub::timeline(kind, party, &histories);
    let mut names: BTreeMap<String, Names> = sql
        .rows::<Names>(
            "SELECT e.id, c.name AS company_name, j.title AS job_title,
                json_extract(r.doc, '$.name') AS resident_name
             FROM engagement e
             LEFT JOIN company_fact c ON c.company = e.company
             LEFT JOIN job_fact j ON j.job = e.job
             LEFT JOIN resident_fact r ON r.resident = e.resident
             WHERE e.resident = ? OR e.company = ?",
            &[party.into(), party.into()],
        )?
        .into_iter()
        .map(|n| (n.id.clone(), n))
        .collect();
    for e in &mut out.engagements {
        if let Some(n) = names.remove(e.engagement.as_str()) {
            e.company_name = n.company_name;
            e.job_title = n.job_title;
            e.resident_name = n.resident_name;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::logic::execute as run_command;

    use super::super::sql::memory::Memory;
    use super::super::testing::{desk, event};
    use super::super::wire::{Answer, Command};
    use super::*;
    use domain::engagement::{EngagementEvent, EventKind, Role, Side};
    use domain::model::{EngagementId, Residency, TaskKindId};

    fn t(days: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_775_000_000_000 + days * 86_400_000).expect("time")
    }

    fn view(db: &Memory, command: ViewCommand) -> ViewAnswer {
        match db
            .transaction(|db| run_command(db, Command::View { command }))
            .expect("command")
        {
            Answer::View { view } => *view,
            other => panic!("{other:?}"),
        }
    }

    fn fact(id: &str, place: &str) -> ResidentFact {
        ResidentFact {
            facts: ResidentFacts {
                id: ResidentId(id.into()),
                region: RegionId("midori".into()),
                municipality: Some(MunicipalityId(place.into())),
                residency: Residency::Local,
                registered_at: t(0),
            },
            name: format!("name of {id}"),
            verified: vec![t(1)],
            completed: Vec::new(),
            mark: None,
        }
    }

    fn ev(id: &str, day: i64, user: &str, role: Role, kind: EventKind) -> EngagementEvent {
        event(id, t(day), user, role, kind)
    }

    /// r1 and r2 registered in two places, r1 accepted course p1 and completed it, r2 declined
    /// it; r1 is matched on job j1 through the desk's engagements.
    fn region() -> Memory {
        let db = desk();
        view(
            &db,
            ViewCommand::Import {
                residents: vec![fact("r1", "m1"), fact("r2", "m2")],
                jobs: vec![JobFact {
                    job: JobId("j1".into()),
                    region: RegionId("midori".into()),
                    hourly_yen: 1_200,
                    duration_weeks: 8,
                    title: "入力".into(),
                    tasks: vec![TaskKindId("data.entry".into())],
                    mark: None,
                }],
                companies: vec![(
                    CompanyFact {
                        company: CompanyId("c1".into()),
                        region: RegionId("midori".into()),
                        name: "みどり工業".into(),
                        industry: "製造業".into(),
                        municipality: "m1".into(),
                        contact_person: "山田 太郎".into(),
                        registered_at: DateTime::from_timestamp_millis(0).unwrap_or_default(),
                    },
                    Approval::Pending,
                )],
                programs: Vec::new(),
                trust: vec![(ResidentId("r1".into()), "identity".into())],
            },
        );
        for (who, enrolled) in [("r1", Some(t(2))), ("r2", Some(t(2))), ("r2", None)] {
            view(
                &db,
                ViewCommand::SetCourse {
                    resident: ResidentId(who.into()),
                    program: ProgramId("p1".into()),
                    enrolled_at: enrolled,
                },
            );
        }
        let completion = SkillVerification {
            resident: ResidentId("r1".into()),
            task: TaskKindId("data.entry".into()),
            level: None,
            verification: Verification::Course {
                program: ProgramId("p1".into()),
                at: t(20),
            },
        };
        view(
            &db,
            ViewCommand::SaveVerifications {
                records: vec![("verif:r1:data.entry:1".into(), completion)],
            },
        );
        let open = super::super::testing::proposed(t(21));
        for (id, user, role, side) in [
            ("x-1", "r1", Role::Resident, Side::Resident),
            ("x-2", "m1", Role::Company, Side::Company),
        ] {
            db.transaction(|db| {
                run_command(
                    db,
                    Command::PostEvent {
                        open: Some(open.clone()),
                        event: ev(id, 22, user, role, EventKind::InterestShown { side }),
                    },
                )
            })
            .expect("event");
        }
        db
    }

    #[test]
    fn a_timeline_names_its_engagements_from_the_desk_and_forgets_a_deleted_resident() {
        let db = region();
        let timeline = |party: &str, kind: &str| match view(
            &db,
            ViewCommand::Timeline {
                kind: kind.into(),
                party: party.into(),
            },
        ) {
            ViewAnswer::Timeline { timeline } => *timeline,
            other => panic!("{other:?}"),
        };
        for (party, kind) in [("c1", "company"), ("r1", "resident")] {
            let t = timeline(party, kind);
            assert_eq!(t.party_kind, kind);
            assert_eq!(t.party, party);
            assert_eq!(t.engagements.len(), 1, "{party}");
            let e = &t.engagements[0];
            assert_eq!(e.company_name.as_deref(), Some("みどり工業"));
            assert_eq!(e.job_title.as_deref(), Some("入力"));
            assert_eq!(e.resident_name.as_deref(), Some("name of r1"));
            // The proposal and both interests, the newest first.
            assert_eq!(t.entries.len(), 3, "{:?}", t.entries);
            assert!(t.entries.windows(2).all(|w| w[0].at >= w[1].at));
        }
        assert!(timeline("r2", "resident").engagements.is_empty());
        db.transaction(|db| forget(db, "r1")).expect("forget");
        let t = timeline("c1", "company");
        assert_eq!(
            t.engagements[0].resident_name, None,
            "a deleted resident goes unnamed"
        );
        assert_eq!(t.engagements[0].company_name.as_deref(), Some("みどり工業"));
    }

    #[test]
    fn the_board_names_its_coordinators_in_the_desk_and_its_json_is_the_apis() {
        let db = region();
        db.transaction(|db| {
            run_command(
                db,
                Command::PostEvent {
                    open: None,
                    event: ev(
                        "x-3",
                        23,
                        "hub-9",
                        Role::Hub,
                        EventKind::Note {
                            text: "引き継ぎ".into(),
                        },
                    ),
                },
            )
        })
        .expect("note");
        let pipeline = || ViewCommand::Pipeline {
            region: RegionId("midori".into()),
            now: t(24),
            stalled_days: 14,
            filter: BoardFilter::default(),
            page: Some(BoardPage::default()),
        };
        let coordinator_of = |board: &Board| {
            board
                .columns
                .iter()
                .flat_map(|c| &c.cards)
                .find_map(|c| c.coordinator_name.clone())
        };
        // No account name kept: named by its place among the region's coordinators.
        let ViewAnswer::Pipeline { board, .. } = view(&db, pipeline()) else {
            panic!("pipeline");
        };
        assert_eq!(
            coordinator_of(&board).as_deref(),
            Some("コーディネーター1 / Coordinator 1")
        );
        view(
            &db,
            ViewCommand::SaveCoordinator {
                user: UserId("hub-9".into()),
                name: "hub9@example.jp".into(),
            },
        );
        let ViewAnswer::Pipeline { board, .. } = view(&db, pipeline()) else {
            panic!("pipeline");
        };
        assert_eq!(coordinator_of(&board).as_deref(), Some("hub9@example.jp"));
        // The JSON the worker passes on is the board itself, named.
        let json = db
            .transaction(|db| execute_json(db, pipeline()))
            .expect("json");
        assert_eq!(
            serde_json::from_str::<Board>(&json).expect("a board"),
            *board
        );
    }

    #[test]
    fn metrics_read_residents_courses_verifications_and_engagements_from_the_facts() {
        let db = region();
        let (input, weeks) = metrics(&db).expect("metrics");
        assert_eq!(input.residents.len(), 2);
        assert_eq!(
            input.courses,
            vec![CourseFacts {
                resident: ResidentId("r1".into()),
                program: ProgramId("p1".into()),
                enrolled_at: t(2),
                completed_at: Some(t(20)),
            }],
            "only the accepted course, completed by the verification"
        );
        // Each profile's verified skill and r1's course verification.
        assert_eq!(input.verifications.len(), 3);
        assert_eq!(input.engagements.len(), 1);
        assert_eq!(input.engagements[0].hourly_yen, 1_200);
        assert_eq!(weeks.get(&JobId("j1".into())), Some(&8));
    }

    #[test]
    fn the_hubs_board_due_list_attention_and_report_are_computed_in_the_desk() {
        let db = region();
        let now = t(23);
        let ViewAnswer::Pipeline {
            board,
            coordinators,
        } = view(
            &db,
            ViewCommand::Pipeline {
                region: RegionId("midori".into()),
                now,
                stalled_days: 14,
                filter: BoardFilter::default(),
                page: None,
            },
        )
        else {
            panic!("pipeline");
        };
        assert_eq!(board.total, 1);
        let card = board
            .columns
            .iter()
            .flat_map(|c| &c.cards)
            .next()
            .expect("a card");
        assert_eq!(card.resident_name.as_deref(), Some("name of r1"));
        assert_eq!(card.job_title, "入力");
        assert_eq!(card.engagement, EngagementId("e1".into()));
        assert_eq!(
            card.company_name, "みどり工業",
            "named from the desk's companies"
        );
        assert!(coordinators.is_empty(), "nobody checked in yet");
        // Another company's filter keeps nothing; a page keeps the count.
        let ViewAnswer::Pipeline { board, .. } = view(
            &db,
            ViewCommand::Pipeline {
                region: RegionId("midori".into()),
                now,
                stalled_days: 14,
                filter: BoardFilter {
                    company: Some("c2".into()),
                    ..BoardFilter::default()
                },
                page: Some(BoardPage::default()),
            },
        ) else {
            panic!("pipeline");
        };
        assert_eq!(board.total, 0);
        let ViewAnswer::Due { due, .. } = view(
            &db,
            ViewCommand::Due {
                region: RegionId("midori".into()),
                now,
                stalled_days: 14,
                page: Page::top(20),
            },
        ) else {
            panic!("due");
        };
        assert_eq!(due.total, due.items.len());
        assert!(
            due.items
                .iter()
                .all(|c| domain::hub::due_on(c.next_checkin_due, domain::metrics::jst_date(now))),
            "only check-ins due"
        );
        let ViewAnswer::Attention { attention } = view(
            &db,
            ViewCommand::Attention {
                query: AttentionQuery {
                    region: RegionId("midori".into()),
                    now: t(60),
                    idle_days: 30,
                    ending_days: 21,
                    page: Page::top(20),
                    list: None,
                },
            },
        ) else {
            panic!("attention");
        };
        assert_eq!((attention.idle_total, attention.idle_more), (1, false));
        // r1 completed p1 on day 20 and has only a proposal since: idle 40 days, named.
        assert_eq!(attention.idle.len(), 1);
        assert_eq!(
            attention.idle[0].resident_name.as_deref(),
            Some("name of r1")
        );
        let (input, _) = metrics(&db).expect("metrics");
        let period = Period::fiscal_year(2026).expect("period");
        let ViewAnswer::Report { report } = view(
            &db,
            ViewCommand::Report {
                region: RegionId("midori".into()),
                period,
                today: domain::metrics::jst_date(now),
            },
        ) else {
            panic!("report");
        };
        assert_eq!(
            *report,
            domain::metrics::region_report_with_trend(
                &input,
                &RegionId("midori".into()),
                period,
                domain::metrics::jst_date(now)
            ),
            "the same report the worker computed from the facts"
        );
    }

    #[test]
    fn the_open_jobs_to_rank_come_with_their_marks_and_none_while_a_job_has_no_mark_yet() {
        let db = region();
        let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig::default());
        let mut jobs: Vec<Job> = demo.jobs().iter().take(3).cloned().collect();
        jobs[1].status = JobStatus::Closed;
        for job in &jobs {
            view(
                &db,
                ViewCommand::SaveJob {
                    fact: JobFact::of(job),
                },
            );
        }
        let open_jobs = || {
            let ViewAnswer::Cards { open_jobs, .. } = view(
                &db,
                ViewCommand::Cards {
                    residents: vec![ResidentId("r1".into())],
                    places: Vec::new(),
                    home_places: false,
                    stages: true,
                    open_jobs: true,
                },
            ) else {
                panic!("cards");
            };
            open_jobs
        };
        let mut expected: Vec<(JobId, JobMark)> = [&jobs[0], &jobs[2]]
            .into_iter()
            .map(|j| (j.id.clone(), JobMark::of(j)))
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            open_jobs(),
            Some(expected.clone()),
            "the open ones, by id; the closed one (and j1, saved without a mark) left out"
        );
        // One company's: the same facts, of its jobs only (and none of a company without any).
        let of_company = |company: &str| {
            let ViewAnswer::OpenJobs { jobs } = view(
                &db,
                ViewCommand::OpenJobs {
                    company: Some(CompanyId(company.into())),
                },
            ) else {
                panic!("open jobs");
            };
            jobs
        };
        for job in [&jobs[0], &jobs[2]] {
            let company = &job.company_id;
            let mine: Vec<(JobId, JobMark)> = expected
                .iter()
                .filter(|(_, mark)| mark.company == *company)
                .cloned()
                .collect();
            assert!(mine.iter().any(|(id, _)| *id == job.id));
            assert_eq!(of_company(company.as_str()), Some(mine), "{company:?}");
        }
        assert_eq!(of_company("no-such-company"), Some(Vec::new()));
        let ViewAnswer::OpenJobs { jobs: every } =
            view(&db, ViewCommand::OpenJobs { company: None })
        else {
            panic!("open jobs");
        };
        assert_eq!(every, Some(expected.clone()));
        // A placement's inputs: the same jobs, with their titles.
        let inputs = || {
            db.transaction(|db| placement_inputs(db, &ProgramId("p-none".into())))
                .expect("inputs")
        };
        let placing = inputs();
        assert_eq!(placing.jobs, Some(expected));
        assert_eq!(
            placing.titles,
            [&jobs[0], &jobs[2]]
                .into_iter()
                .map(|j| (j.id.clone(), j.title.clone()))
                .collect::<BTreeMap<_, _>>(),
            "the open jobs' titles"
        );
        // A row written before version 17 has no mark yet: the desk cannot say, for any company.
        db.run("UPDATE job_fact SET marked = 0 WHERE job = 'j1'", &[])
            .expect("an old row");
        assert_eq!(open_jobs(), None);
        assert_eq!(of_company(jobs[2].company_id.as_str()), None);
        assert_eq!((inputs().jobs, inputs().titles.len()), (None, 0));
        // Saved again, it is known; closing a job takes it off.
        view(
            &db,
            ViewCommand::SaveJob {
                fact: JobFact {
                    mark: None,
                    ..job_facts(&db).expect("facts")[&JobId("j1".into())].clone()
                },
            },
        );
        jobs[0].status = JobStatus::Closed;
        view(
            &db,
            ViewCommand::SaveJob {
                fact: JobFact::of(&jobs[0]),
            },
        );
        assert_eq!(
            open_jobs(),
            Some(vec![(jobs[2].id.clone(), JobMark::of(&jobs[2]))])
        );
    }

    #[test]
    fn cards_read_verifications_track_records_and_places_and_a_deletion_erases_them() {
        let db = region();
        let cards = || {
            view(
                &db,
                ViewCommand::Cards {
                    residents: vec![ResidentId("r1".into()), ResidentId("r2".into())],
                    places: vec![MunicipalityId("m1".into()), MunicipalityId("m3".into())],
                    home_places: false,
                    stages: false,
                    open_jobs: false,
                },
            )
        };
        let ViewAnswer::Cards {
            verifications,
            tracks,
            living,
            identity,
            security,
            stages,
            open_jobs,
        } = cards()
        else {
            panic!("cards");
        };
        assert!(stages.is_empty(), "stages only when asked");
        assert_eq!(open_jobs, None, "open jobs only when asked");
        assert_eq!(identity, vec![ResidentId("r1".into())]);
        assert!(security.is_empty());
        // With `home_places`, the places the residents live in are counted too.
        let ViewAnswer::Cards {
            living: at_home, ..
        } = view(
            &db,
            ViewCommand::Cards {
                residents: vec![ResidentId("r1".into()), ResidentId("r2".into())],
                places: Vec::new(),
                home_places: true,
                stages: false,
                open_jobs: false,
            },
        )
        else {
            panic!("cards");
        };
        assert_eq!(
            at_home,
            BTreeMap::from([
                (MunicipalityId("m1".into()), 1),
                (MunicipalityId("m2".into()), 1)
            ])
        );
        // With `stages`, where each of their engagements stands, by job: r1 is matched on j1.
        let ViewAnswer::Cards { stages, .. } = view(
            &db,
            ViewCommand::Cards {
                residents: vec![ResidentId("r1".into()), ResidentId("r2".into())],
                places: Vec::new(),
                home_places: false,
                stages: true,
                open_jobs: false,
            },
        ) else {
            panic!("cards");
        };
        assert_eq!(
            stages,
            vec![(
                ResidentId("r1".into()),
                JobId("j1".into()),
                domain::engagement::Stage::Matched
            )]
        );
        assert_eq!(
            verifications.get(&ResidentId("r1".into())).map(Vec::len),
            Some(1)
        );
        assert!(
            tracks.contains_key(&ResidentId("r1".into())),
            "the posted events left a mark"
        );
        assert!(!tracks.contains_key(&ResidentId("r2".into())));
        assert_eq!(living.get(&MunicipalityId("m1".into())), Some(&1));
        assert_eq!(living.get(&MunicipalityId("m3".into())), None);
        db.transaction(|db| {
            run_command(
                db,
                Command::ForgetParty {
                    party: "r1".into(),
                    anonymous: "x0".into(),
                },
            )
        })
        .expect("forget");
        let ViewAnswer::Cards {
            verifications,
            tracks,
            living,
            ..
        } = cards()
        else {
            panic!("cards");
        };
        assert!(verifications.is_empty() && tracks.is_empty());
        assert_eq!(living.get(&MunicipalityId("m1".into())), None);
        let names = names(&db, &[ResidentId("r1".into()), ResidentId("r2".into())]).expect("names");
        assert_eq!(names.len(), 1, "the deleted resident has no name");
        let (input, _) = metrics(&db).expect("metrics");
        assert_eq!(input.residents.len(), 1);
        assert!(input.courses.is_empty());
        assert_eq!(
            input.engagements.len(),
            1,
            "the engagement is still counted"
        );
    }
}
