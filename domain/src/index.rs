//! A compact, packed index of one region's residents, so the worker (and the app, in wasm) can rank
//! 100,000 residents for a job in a few milliseconds from one stored binary value.
//!
//! # Why this shape
//!
//! * **Struct of arrays.** Each field is its own column, so a scan touches only the bytes the job
//!   needs. Skills are three 128-bit planes (level low bit, level high bit, verified) over a
//!   [`TaskSpace`] of at most 128 task kinds; a job's task is then three bit reads per row.
//!   A row is 57 bytes ([`ROW_BYTES`]); ids live in their own section.
//! * **One binary value, read in place.** [`IndexBuilder::to_bytes`] writes a versioned,
//!   little-endian layout; [`IndexView::from_bytes`] checks the header and section sizes (O(1):
//!   ids are checked when read) and then borrows it: no JSON parsing, no allocation per row.
//! * **Same numbers as [`crate::matching`].** The index scores with tables built by the very
//!   functions `matching` adds up, and its hard filter is `matching::hard_check` on packed flags
//!   (tested by property).
//! * **Read your writes.** The stored value is rebuilt now and then; recent changes travel in an
//!   [`Overlay`] of upserts and deletes that the query merges (the base rows they replace are
//!   skipped).
//!
//! # Layout (version 1, little-endian)
//!
//! ```text
//! magic "MSBI" | version u16 | reserved u16 | rows u32 | tasks u16 | region len u16
//! region bytes | tasks × (len u8, bytes) | zero padding to a multiple of 16
//! lo[rows] u128 | hi[rows] u128 | verified[rows] u128
//! windows[rows] u8 | hours[rows] u8 | flags[rows] u8 | min_pay[rows] u16
//! finished[rows] u8 | renewed[rows] u8 | active[rows] u8
//! id_end[rows] u32 (end offset of each id) | id bytes (UTF-8, rows sorted by id)
//! ```

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use crate::matching::{
    self, JobTerms, PAY_POINTS, Page, ResidentTerms, TOTAL_POINTS, TaskSkill, fairness_points,
    hard_check, hours_points, no_task_points, schedule_points, task_points, track_points,
    verified_points,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    CompanyId, DataAccess, Devices, Job, JobId, JobStatus, Level, MunicipalityId, Pay, RegionId,
    Residency, Resident, ResidentId, SkillClaim, TaskKindId, TaskRequirement, TimeWindows,
    TrackRecord, WhoMayApply, Wishes, WorkPlace,
};
use crate::verification::VerificationMark;
use crate::vocabulary::Taxonomy;

pub const INDEX_VERSION: u16 = 1;
const MAGIC: [u8; 4] = *b"MSBI";
/// Bytes per resident in the columns (ids not counted).
pub const ROW_BYTES: usize = 3 * 16 + 9;

const FLAG_PC: u8 = 1;
const FLAG_LOCAL: u8 = 2;
const FLAG_MUNICIPALITY: u8 = 4;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("a task space holds at most 128 task kinds, got {0}")]
    TooManyTasks(usize),
    #[error("task {0} is not in the index's task space")]
    UnknownTask(TaskKindId),
    #[error("resident {0} belongs to another region")]
    OtherRegion(ResidentId),
    #[error("not a musubi index: {0}")]
    Malformed(&'static str),
    #[error("index version {0} is not supported")]
    Version(u16),
}

/// Task kinds → bit positions 0..128, in the given order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSpace {
    ids: Vec<TaskKindId>,
}

impl TaskSpace {
    pub const MAX: usize = 128;

    /// Duplicates are dropped (first position wins).
    pub fn new(ids: impl IntoIterator<Item = TaskKindId>) -> Result<Self, IndexError> {
        let mut seen = BTreeSet::new();
        let ids: Vec<TaskKindId> = ids.into_iter().filter(|t| seen.insert(t.clone())).collect();
        if ids.len() > Self::MAX {
            return Err(IndexError::TooManyTasks(ids.len()));
        }
        Ok(TaskSpace { ids })
    }

    /// The taxonomy's tasks at their own bit positions (`Taxonomy::task_index`).
    pub fn from_taxonomy(taxonomy: &Taxonomy) -> Result<Self, IndexError> {
        Self::new(taxonomy.tasks.iter().map(|t| t.id.clone()))
    }

    /// FNV-1a (32 bit) of the task ids in order: two spaces with the same bits agree.
    pub fn fingerprint(&self) -> u32 {
        let mut h: u32 = 0x811c_9dc5;
        for id in &self.ids {
            for b in id.as_str().bytes().chain(std::iter::once(b'\n')) {
                h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
            }
        }
        h
    }

    pub fn bit(&self, task: &TaskKindId) -> Option<u8> {
        let i = self.ids.iter().position(|t| t == task)?;
        u8::try_from(i).ok()
    }

    pub fn ids(&self) -> &[TaskKindId] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One resident, packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Row {
    pub lo: u128,
    pub hi: u128,
    pub verified: u128,
    pub flags: u8,
    pub terms: ResidentTerms,
}

impl Row {
    pub fn of(r: &Resident, space: &TaskSpace) -> Result<Row, IndexError> {
        let mut row = Row {
            terms: ResidentTerms::of(r),
            flags: flags_of(r),
            ..Row::default()
        };
        for claim in &r.skills {
            let bit = space
                .bit(&claim.task)
                .ok_or_else(|| IndexError::UnknownTask(claim.task.clone()))?;
            let skill = matching::task_skill(r, &claim.task);
            let mask = 1u128 << bit;
            if skill.level & 1 != 0 {
                row.lo |= mask;
            }
            if skill.level & 2 != 0 {
                row.hi |= mask;
            }
            if skill.verified {
                row.verified |= mask;
            }
        }
        Ok(row)
    }
}

/// Version of [`Row::encode`]'s text.
pub const ROW_CODE_VERSION: &str = "1";
/// Bytes of one row in [`Row::encode`] (three planes, then the eight byte-sized terms).
pub const ROW_CODE_BYTES: usize = 3 * 16 + 8;
/// Most bytes KV keeps as a key's list metadata (serialised as JSON).
pub const KV_METADATA_MAX: usize = 1024;

impl Row {
    /// A stable, compact text of the row for KV list metadata:
    /// `1:{task space fingerprint, 8 hex}:{packed row, 112 hex}` (124 characters). The
    /// fingerprint ties the bit positions to the task space they were made with, so a row made
    /// under another taxonomy is refused instead of misread.
    pub fn encode(&self, space: &TaskSpace) -> String {
        let mut packed = Vec::with_capacity(ROW_CODE_BYTES);
        for plane in [self.lo, self.hi, self.verified] {
            packed.extend_from_slice(&plane.to_le_bytes());
        }
        let t = &self.terms;
        packed.extend_from_slice(&[t.windows, t.hours, self.flags]);
        packed.extend_from_slice(&t.min_pay.to_le_bytes());
        packed.extend_from_slice(&[t.finished, t.renewed, t.active]);
        let mut out = String::with_capacity(ROW_CODE_BYTES * 2 + 12);
        out.push_str(ROW_CODE_VERSION);
        out.push(':');
        push_hex(&mut out, &space.fingerprint().to_be_bytes());
        out.push(':');
        push_hex(&mut out, &packed);
        out
    }

    /// The row of [`Row::encode`]'s text, if it was made under this task space.
    pub fn decode(text: &str, space: &TaskSpace) -> Result<Row, IndexError> {
        let mut parts = text.split(':');
        let (Some(version), Some(print), Some(packed), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(IndexError::Malformed("row code: not version:space:row"));
        };
        if version != ROW_CODE_VERSION {
            return Err(IndexError::Malformed("row code: unknown version"));
        }
        if from_hex(print)? != space.fingerprint().to_be_bytes() {
            return Err(IndexError::Malformed("row code: another task space"));
        }
        let bytes = from_hex(packed)?;
        if bytes.len() != ROW_CODE_BYTES {
            return Err(IndexError::Malformed("row code: wrong length"));
        }
        let mut r = Reader {
            bytes: &bytes,
            pos: 0,
        };
        let mut plane = || -> Result<u128, IndexError> {
            let b = r.take(16)?;
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            Ok(u128::from_le_bytes(a))
        };
        let (lo, hi, verified) = (plane()?, plane()?, plane()?);
        let (windows, hours, flags) = (r.u8()?, r.u8()?, r.u8()?);
        let min_pay = r.u16()?;
        let (finished, renewed, active) = (r.u8()?, r.u8()?, r.u8()?);
        Ok(Row {
            lo,
            hi,
            verified,
            flags,
            terms: ResidentTerms {
                windows,
                hours,
                min_pay,
                finished,
                renewed,
                active,
            },
        })
    }

    /// Lays one verification onto the row as `verification::overlay` lays it onto the profile:
    /// the task becomes verified; the hub's level replaces the claimed one; a course keeps the
    /// claimed level, or gives the beginner level to a task the resident did not list.
    pub fn verify(
        &mut self,
        space: &TaskSpace,
        task: &TaskKindId,
        level: Option<Level>,
    ) -> Result<(), IndexError> {
        let bit = space
            .bit(task)
            .ok_or_else(|| IndexError::UnknownTask(task.clone()))?;
        let mask = 1u128 << bit;
        let claimed = (self.lo | self.hi) & mask != 0;
        let level = match level {
            Some(l) => l as u8,
            None if claimed => {
                self.verified |= mask;
                return Ok(());
            }
            None => Level::Beginner as u8,
        };
        self.lo = if level & 1 != 0 {
            self.lo | mask
        } else {
            self.lo & !mask
        };
        self.hi = if level & 2 != 0 {
            self.hi | mask
        } else {
            self.hi & !mask
        };
        self.verified |= mask;
        Ok(())
    }

    /// Lays a resident's verifications onto the row: the latest per task (by time; on a tie the
    /// later one in the slice), as `verification::overlay` does. A task outside the task space
    /// is skipped (the index cannot hold it). Exact as long as no verification on the profile
    /// itself is newer than the records (profile edits copy the records' own times).
    pub fn apply_verifications(&mut self, space: &TaskSpace, marks: &[VerificationMark]) {
        let mut latest: Vec<&VerificationMark> = Vec::new();
        for m in marks {
            match latest.iter_mut().find(|l| l.task == m.task) {
                Some(l) if m.at >= l.at => *l = m,
                Some(_) => {}
                None => latest.push(m),
            }
        }
        for m in latest {
            // An unknown task is left out, as documented above.
            self.verify(space, &m.task, m.level).ok();
        }
    }
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

fn from_hex(text: &str) -> Result<Vec<u8>, IndexError> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        _ => Err(IndexError::Malformed("row code: not lowercase hex")),
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return Err(IndexError::Malformed("row code: odd hex length"));
    }
    bytes
        .chunks_exact(2)
        .map(|p| Ok(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

/// What ranking needs of an open job: all of it but the title and the description, small enough
/// for the KV list metadata of its membership marker (`idx:{region}:job:{id}`), so that ranking
/// the open jobs for a resident reads no job record. Short field names keep it small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobMark {
    #[serde(rename = "v")]
    pub version: u8,
    #[serde(rename = "c")]
    pub company: CompanyId,
    #[serde(rename = "t")]
    pub tasks: Vec<(TaskKindId, Level)>,
    #[serde(rename = "h")]
    pub hours_per_week: u32,
    #[serde(rename = "m")]
    pub min_hours_per_person: u32,
    #[serde(rename = "w")]
    pub windows: TimeWindows,
    #[serde(rename = "d")]
    pub duration_weeks: u32,
    #[serde(rename = "p")]
    pub place: WorkPlace,
    #[serde(rename = "y")]
    pub pay: Pay,
    #[serde(rename = "a")]
    pub who_may_apply: WhoMayApply,
    #[serde(rename = "team")]
    pub team_allowed: bool,
    #[serde(rename = "pc")]
    pub needs_pc: bool,
    #[serde(rename = "da")]
    pub data_access: DataAccess,
    #[serde(rename = "s")]
    pub status: JobStatus,
    #[serde(rename = "at")]
    pub created_at: DateTime<Utc>,
}

impl JobMark {
    pub const VERSION: u8 = 1;

    pub fn of(job: &Job) -> JobMark {
        JobMark {
            version: Self::VERSION,
            company: job.company_id.clone(),
            tasks: job
                .tasks
                .iter()
                .map(|t| (t.task.clone(), t.level))
                .collect(),
            hours_per_week: job.hours_per_week,
            min_hours_per_person: job.min_hours_per_person,
            windows: job.windows,
            duration_weeks: job.duration_weeks,
            place: job.place.clone(),
            pay: job.pay,
            who_may_apply: job.who_may_apply,
            team_allowed: job.team_allowed,
            needs_pc: job.needs_pc,
            data_access: job.data_access,
            status: job.status,
            created_at: job.created_at,
        }
    }

    /// The metadata value for the job's marker, or `None` when it would exceed what KV keeps
    /// ([`KV_METADATA_MAX`]); readers then read the job itself.
    pub fn metadata(job: &Job) -> Option<serde_json::Value> {
        let value = serde_json::to_value(JobMark::of(job)).ok()?;
        let size = serde_json::to_string(&value).ok()?.len();
        (size <= KV_METADATA_MAX).then_some(value)
    }

    /// Read back from list metadata; `None` for another version or shape.
    pub fn from_metadata(value: &serde_json::Value) -> Option<JobMark> {
        let mark: JobMark = serde_json::from_value(value.clone()).ok()?;
        (mark.version == Self::VERSION).then_some(mark)
    }

    /// The job as ranking sees it: title and description empty, the default pay calendar
    /// (ranking reads neither), everything else as posted.
    pub fn into_job(self, id: JobId, region: RegionId) -> Job {
        Job {
            id,
            company_id: self.company,
            region_id: region,
            title: String::new(),
            description: String::new(),
            tasks: self
                .tasks
                .into_iter()
                .map(|(task, level)| TaskRequirement { task, level })
                .collect(),
            hours_per_week: self.hours_per_week,
            min_hours_per_person: self.min_hours_per_person,
            windows: self.windows,
            duration_weeks: self.duration_weeks,
            place: self.place,
            pay: self.pay,
            who_may_apply: self.who_may_apply,
            team_allowed: self.team_allowed,
            needs_pc: self.needs_pc,
            data_access: self.data_access,
            status: self.status,
            created_at: self.created_at,
            pay_schedule: Default::default(),
            closure: None,
        }
    }
}

/// What ranking reads of a resident profile: all of it but the personal data (the name, the
/// phone) and the registration time. The region's desk keeps it beside the profile's facts, so a
/// course's placement ranks its graduates without reading their profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentMark {
    #[serde(rename = "r")]
    pub region: RegionId,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<MunicipalityId>,
    #[serde(rename = "l")]
    pub residency: Residency,
    #[serde(rename = "s")]
    pub skills: Vec<SkillClaim>,
    #[serde(rename = "h")]
    pub hours_per_week: u32,
    #[serde(rename = "w")]
    pub windows: TimeWindows,
    #[serde(rename = "d")]
    pub devices: Devices,
    #[serde(rename = "x")]
    pub wishes: Wishes,
    #[serde(rename = "t")]
    pub track: TrackRecord,
}

impl ResidentMark {
    pub fn of(r: &Resident) -> ResidentMark {
        ResidentMark {
            region: r.region_id.clone(),
            municipality: r.municipality_id.clone(),
            residency: r.residency,
            skills: r.skills.clone(),
            hours_per_week: r.hours_per_week,
            windows: r.windows,
            devices: r.devices,
            wishes: r.wishes.clone(),
            track: r.track,
        }
    }

    /// The profile as ranking sees it: no name, no phone, registered at the epoch.
    pub fn into_resident(self, id: ResidentId) -> Resident {
        Resident {
            id,
            region_id: self.region,
            municipality_id: self.municipality,
            residency: self.residency,
            display_name: String::new(),
            phone: None,
            skills: self.skills,
            hours_per_week: self.hours_per_week,
            windows: self.windows,
            devices: self.devices,
            wishes: self.wishes,
            track: self.track,
            created_at: DateTime::<Utc>::default(),
        }
    }
}

/// A resident's hard-constraint flags (PC, local, a municipality), as [`Filter`] reads them.
pub(crate) fn flags_of(r: &Resident) -> u8 {
    let mut flags = 0;
    if r.devices == Devices::Pc {
        flags |= FLAG_PC;
    }
    if r.residency == Residency::Local {
        flags |= FLAG_LOCAL;
    }
    if r.municipality_id.is_some() {
        flags |= FLAG_MUNICIPALITY;
    }
    flags
}

/// Collects a region's residents and writes the packed index.
#[derive(Debug, Clone)]
pub struct IndexBuilder {
    region: RegionId,
    space: TaskSpace,
    rows: Vec<(ResidentId, Row)>,
}

impl IndexBuilder {
    pub fn new(region: RegionId, space: TaskSpace) -> Self {
        IndexBuilder {
            region,
            space,
            rows: Vec::new(),
        }
    }

    /// Adds (or, if the id was pushed before, replaces) a resident of the region.
    pub fn push(&mut self, r: &Resident) -> Result<(), IndexError> {
        if r.region_id != self.region {
            return Err(IndexError::OtherRegion(r.id.clone()));
        }
        self.rows.push((r.id.clone(), Row::of(r, &self.space)?));
        Ok(())
    }

    /// Adds (or replaces) a resident's row made elsewhere (KV list metadata, [`Row::decode`]).
    /// The caller vouches for the region and the task space.
    pub fn push_row(&mut self, id: ResidentId, row: Row) {
        self.rows.push((id, row));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The packed value; rows sorted by id (so ties break by row number), last push per id wins.
    pub fn to_bytes(&self) -> Vec<u8> {
        let rows = self.sorted_rows();
        let mut out = self.header(rows.len());
        let planes: [fn(&Row) -> u128; 3] = [|r| r.lo, |r| r.hi, |r| r.verified];
        for plane in planes {
            rows.iter()
                .for_each(|(_, r)| out.extend_from_slice(&plane(r).to_le_bytes()));
        }
        let bytes: [fn(&Row) -> u8; 3] = [|r| r.terms.windows, |r| r.terms.hours, |r| r.flags];
        for column in bytes {
            out.extend(rows.iter().map(|(_, r)| column(r)));
        }
        rows.iter()
            .for_each(|(_, r)| out.extend_from_slice(&r.terms.min_pay.to_le_bytes()));
        let tail: [fn(&Row) -> u8; 3] = [
            |r| r.terms.finished,
            |r| r.terms.renewed,
            |r| r.terms.active,
        ];
        for column in tail {
            out.extend(rows.iter().map(|(_, r)| column(r)));
        }
        let mut end = 0u32;
        for (id, _) in &rows {
            end = end.saturating_add(len_u32(id.as_str().len()));
            out.extend_from_slice(&end.to_le_bytes());
        }
        rows.iter()
            .for_each(|(id, _)| out.extend_from_slice(id.as_str().as_bytes()));
        out
    }

    fn sorted_rows(&self) -> Vec<&(ResidentId, Row)> {
        // Stable sort keeps push order within an id; the last push is the one kept.
        let mut rows: Vec<&(ResidentId, Row)> = self.rows.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<&(ResidentId, Row)> = Vec::with_capacity(rows.len());
        for row in rows {
            match kept.last_mut() {
                Some(last) if last.0 == row.0 => *last = row,
                _ => kept.push(row),
            }
        }
        kept
    }

    fn header(&self, rows: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + rows * (ROW_BYTES + 16));
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&INDEX_VERSION.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&len_u32(rows).to_le_bytes());
        let tasks = u16::try_from(self.space.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&tasks.to_le_bytes());
        let region = self.region.as_str().as_bytes();
        let region = &region[..region.len().min(usize::from(u16::MAX))];
        out.extend_from_slice(
            &u16::try_from(region.len())
                .unwrap_or(u16::MAX)
                .to_le_bytes(),
        );
        out.extend_from_slice(region);
        for t in self.space.ids() {
            let id = t.as_str().as_bytes();
            let id = &id[..id.len().min(usize::from(u8::MAX))];
            out.push(u8::try_from(id.len()).unwrap_or(u8::MAX));
            out.extend_from_slice(id);
        }
        out.resize(out.len().next_multiple_of(16), 0);
        out
    }
}

fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads a byte slice front to back, failing instead of panicking on short input.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or(IndexError::Malformed("truncated"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, IndexError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, IndexError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, IndexError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn str(&mut self, n: usize) -> Result<&'a str, IndexError> {
        std::str::from_utf8(self.take(n)?).map_err(|_| IndexError::Malformed("text is not UTF-8"))
    }
}

/// A packed index, borrowed and read in place.
#[derive(Debug, Clone)]
pub struct IndexView<'a> {
    rows: usize,
    total_bytes: usize,
    region: &'a str,
    tasks: Vec<&'a str>,
    lo: &'a [u8],
    hi: &'a [u8],
    verified: &'a [u8],
    windows: &'a [u8],
    hours: &'a [u8],
    flags: &'a [u8],
    min_pay: &'a [u8],
    finished: &'a [u8],
    renewed: &'a [u8],
    active: &'a [u8],
    id_end: &'a [u8],
    ids: &'a [u8],
}

/// What a company's talent filter reads of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFacts {
    pub windows: TimeWindows,
    pub hours: u32,
    pub local: bool,
    pub any_verified: bool,
}

/// One ranked resident from the index: id and points (reasons come from `matching::score`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub resident: ResidentId,
    pub points: u32,
}

impl Hit {
    pub fn value(&self) -> f64 {
        f64::from(self.points) / f64::from(TOTAL_POINTS)
    }
}

/// Recent changes not yet in the packed value, merged at query time (read your writes).
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    upserts: BTreeMap<ResidentId, Resident>,
    deletes: BTreeSet<ResidentId>,
}

impl Overlay {
    pub fn upsert(&mut self, r: Resident) {
        self.deletes.remove(&r.id);
        self.upserts.insert(r.id.clone(), r);
    }

    pub fn delete(&mut self, id: ResidentId) {
        self.upserts.remove(&id);
        self.deletes.insert(id);
    }

    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.deletes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.upserts.len() + self.deletes.len()
    }

    fn touched(&self) -> impl Iterator<Item = &ResidentId> {
        self.upserts.keys().chain(self.deletes.iter())
    }
}

impl<'a> IndexView<'a> {
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, IndexError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(IndexError::Malformed("bad magic"));
        }
        let version = r.u16()?;
        if version != INDEX_VERSION {
            return Err(IndexError::Version(version));
        }
        r.u16()?;
        let rows = r.u32()? as usize;
        let task_count = usize::from(r.u16()?);
        if task_count > TaskSpace::MAX {
            return Err(IndexError::TooManyTasks(task_count));
        }
        let region_len = usize::from(r.u16()?);
        let region = r.str(region_len)?;
        let mut tasks = Vec::with_capacity(task_count);
        for _ in 0..task_count {
            let n = usize::from(r.u8()?);
            tasks.push(r.str(n)?);
        }
        r.take(r.pos.next_multiple_of(16) - r.pos)?;
        let plane = rows
            .checked_mul(16)
            .ok_or(IndexError::Malformed("too many rows"))?;
        let mut view = IndexView {
            rows,
            total_bytes: bytes.len(),
            region,
            tasks,
            lo: r.take(plane)?,
            hi: r.take(plane)?,
            verified: r.take(plane)?,
            windows: r.take(rows)?,
            hours: r.take(rows)?,
            flags: r.take(rows)?,
            min_pay: r.take(2 * rows)?,
            finished: r.take(rows)?,
            renewed: r.take(rows)?,
            active: r.take(rows)?,
            id_end: r.take(4 * rows)?,
            ids: &[],
        };
        let id_bytes = match rows.checked_sub(1) {
            Some(last) => view.id_end_at(last).unwrap_or(0) as usize,
            None => 0,
        };
        // Ids are checked when read (UTF-8, boundaries), so opening stays O(1) whatever the size.
        view.ids = r.take(id_bytes)?;
        Ok(view)
    }

    fn id_end_at(&self, i: usize) -> Option<u32> {
        let start = i.checked_mul(4)?;
        let b = self.id_end.get(start..start.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn region(&self) -> &'a str {
        self.region
    }

    pub fn task_ids(&self) -> &[&'a str] {
        &self.tasks
    }

    /// The id of row `i`.
    pub fn id(&self, i: usize) -> Option<&'a str> {
        let start = if i == 0 { 0 } else { self.id_end_at(i - 1)? };
        let end = self.id_end_at(i)?;
        std::str::from_utf8(self.ids.get(start as usize..end as usize)?).ok()
    }

    /// The row of a resident, by binary search over the sorted ids (the builder sorts them; an
    /// index not written by it may find nothing, but never panics).
    pub fn find(&self, id: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.rows);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.id(mid)?.cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// What row `i` holds for a task: level (0 to 3) and whether it is verified; `None` for a
    /// task outside the index's task space or a row out of range.
    pub fn task_skill(&self, i: usize, task: &str) -> Option<TaskSkill> {
        let bit = self.tasks.iter().position(|t| *t == task)?;
        let b = i.checked_mul(16)?.checked_add(bit / 8)?;
        let shift = bit % 8;
        let (lo, hi, verified) = (self.lo.get(b)?, self.hi.get(b)?, self.verified.get(b)?);
        Some(TaskSkill {
            level: ((lo >> shift) & 1) | (((hi >> shift) & 1) << 1),
            verified: (verified >> shift) & 1 != 0,
        })
    }

    /// Row `i`'s windows, hours, whether it lives in the region, and whether any skill is
    /// verified (what a company's filter reads); `None` out of range.
    pub fn row_facts(&self, i: usize) -> Option<RowFacts> {
        let verified = self.verified.get(16 * i..16 * i + 16)?;
        Some(RowFacts {
            windows: TimeWindows(*self.windows.get(i)?),
            hours: u32::from(*self.hours.get(i)?),
            local: self.flags.get(i)? & FLAG_LOCAL != 0,
            any_verified: verified.iter().any(|b| *b != 0),
        })
    }

    /// Bytes per resident of the whole value (header and ids included).
    pub fn bytes_per_resident(&self) -> f64 {
        self.total_bytes as f64 / self.rows.max(1) as f64
    }

    /// Residents passing the job's hard constraints, best first (ties: smaller id), the `page`
    /// of them, with `overlay` merged in.
    pub fn rank(&self, job: &Job, page: Page, overlay: &Overlay) -> Vec<Hit> {
        self.rank_where(job, page, overlay, &|_, _| true, &|_| true)
    }

    /// `rank` of only the rows (and overlay residents) a company's filter admits
    /// (`crate::talent::TalentFilter`); the filter runs before scoring, so a narrow filter costs
    /// no more than an open one.
    pub fn rank_where(
        &self,
        job: &Job,
        page: Page,
        overlay: &Overlay,
        admit_row: &dyn Fn(&IndexView<'_>, usize) -> bool,
        admit_resident: &dyn Fn(&Resident) -> bool,
    ) -> Vec<Hit> {
        let keep = page.end();
        if keep == 0 {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .top_rows(job, keep, &self.rows_replaced_by(overlay), admit_row)
            .into_iter()
            .filter_map(|(points, row)| {
                Some(Hit {
                    resident: ResidentId(self.id(row)?.to_owned()),
                    points,
                })
            })
            .collect();
        let terms = JobTerms::new(job);
        hits.extend(
            overlay
                .upserts
                .values()
                .filter(|r| hard_check(job, r).is_ok() && admit_resident(r))
                .map(|r| Hit {
                    resident: r.id.clone(),
                    points: matching::score_points(&terms, r),
                }),
        );
        matching::take_page(hits, page, |a, b| {
            b.points.cmp(&a.points).then(a.resident.cmp(&b.resident))
        })
    }

    /// Sorted rows an overlay upserts or deletes, so the scan skips them.
    fn rows_replaced_by(&self, overlay: &Overlay) -> Vec<usize> {
        let mut rows: Vec<usize> = overlay
            .touched()
            .filter_map(|id| self.find(id.as_str()))
            .collect();
        rows.sort_unstable();
        rows
    }

    /// The best `keep` base rows as (points, row), best first.
    fn top_rows(
        &self,
        job: &Job,
        keep: usize,
        skip: &[usize],
        admit: &dyn Fn(&IndexView<'_>, usize) -> bool,
    ) -> Vec<(u32, usize)> {
        let Some(filter) = Filter::of(job, self.region) else {
            return Vec::new();
        };
        let scorer = Scorer::new(job, &self.tasks);
        // Min-heap of the best so far; a key is (points, Reverse(row)): bigger is better.
        let mut heap: BinaryHeap<Reverse<(u32, Reverse<usize>)>> =
            BinaryHeap::with_capacity(keep.min(self.rows) + 1);
        let mut skip = skip.iter().peekable();
        for i in 0..self.rows {
            if skip.next_if(|s| **s == i).is_some() || !filter.passes(self, i) || !admit(self, i) {
                continue;
            }
            let tasks = scorer.task_points(self, i);
            // Rows come in id order, so a later row needs strictly more points to get in; most
            // rows lack the job's tasks and stop here without reading the other columns.
            let worst = heap.peek().filter(|_| heap.len() == keep).map(|w| (w.0).0);
            if worst.is_some_and(|w| tasks + scorer.other_max <= w) {
                continue;
            }
            let key = (tasks + scorer.other_points(self, i), Reverse(i));
            if heap.len() < keep {
                heap.push(Reverse(key));
            } else if heap.peek().is_some_and(|worst| key > worst.0) {
                heap.pop();
                heap.push(Reverse(key));
            }
        }
        let mut best: Vec<(u32, usize)> = heap
            .into_iter()
            .map(|Reverse((p, Reverse(i)))| (p, i))
            .collect();
        best.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        best
    }

    /// The points of row `i` for `job` (no hard filter).
    pub fn points(&self, job: &Job, i: usize) -> u32 {
        Scorer::new(job, &self.tasks).points(self, i)
    }
}

/// The job's hard constraints as flags every passing row must have; see `matching::hard_check`.
pub(crate) struct Filter {
    need: u8,
    min_hours: u32,
}

impl Filter {
    /// None when nobody in this region may take the job.
    pub(crate) fn of(job: &Job, region: &str) -> Option<Filter> {
        let same_region = job.region_id.as_str() == region;
        if job.status == JobStatus::Closed {
            return None;
        }
        let mut need = 0;
        match job.who_may_apply {
            WhoMayApply::LocalOnly if !same_region => return None,
            WhoMayApply::LocalOnly => need |= FLAG_LOCAL,
            WhoMayApply::LocalAndRelated if !same_region => return None,
            _ => {}
        }
        if job.needs_pc {
            need |= FLAG_PC;
        }
        if job.place.needs_presence() {
            if !same_region {
                return None;
            }
            need |= FLAG_LOCAL | FLAG_MUNICIPALITY;
        }
        Some(Filter {
            need,
            min_hours: job.min_hours_per_person,
        })
    }

    fn passes(&self, v: &IndexView<'_>, i: usize) -> bool {
        self.admits(v.flags[i], v.hours[i])
    }

    /// Whether a resident of the region with these flags ([`flags_of`]) and weekly hours
    /// (`ResidentTerms::hours`) may take the job: `matching::hard_check`'s answer.
    pub(crate) fn admits(&self, flags: u8, hours: u8) -> bool {
        flags & self.need == self.need && u32::from(hours) >= self.min_hours
    }
}

/// Where a job's task sits in the planes (byte, bit; None: not in the task space) and the points
/// for each `level | verified << 2`.
type TaskLookup = (Option<(usize, u8)>, [u32; 8]);

/// A job's points as lookup tables, built by `matching`'s own point functions.
struct Scorer {
    tasks: Vec<TaskLookup>,
    no_tasks: u32,
    schedule: [u32; 256],
    hours: [u32; 256],
    pay: u32,
    track: [u32; 256],
    fairness: [u32; 3],
    /// The most `other_points` can add, to skip rows that cannot reach the top.
    other_max: u32,
}

impl Scorer {
    fn new(job: &Job, space: &[&str]) -> Scorer {
        let terms = JobTerms::new(job);
        let tasks = terms
            .tasks
            .iter()
            .map(|t| {
                let at = space
                    .iter()
                    .position(|s| *s == t.task.as_str())
                    .map(|b| (b / 8, (b % 8) as u8));
                let table = std::array::from_fn(|code| {
                    let skill = TaskSkill {
                        level: (code & 3) as u8,
                        verified: code & 4 != 0,
                    };
                    task_points(t, skill) + verified_points(t, skill)
                });
                (at, table)
            })
            .collect();
        let no_tasks = if terms.tasks.is_empty() {
            no_task_points()
        } else {
            0
        };
        let schedule = std::array::from_fn(|w| schedule_points(terms.windows, w as u8));
        let hours = std::array::from_fn(|h| hours_points(terms.hours, h as u8));
        // Indexed by finished + 2 × renewed, capped; track_points only sees that sum.
        let track = std::array::from_fn(|n| track_points((n.min(255)) as u8, 0));
        let fairness = [fairness_points(0), fairness_points(1), fairness_points(2)];
        let max = |t: &[u32]| t.iter().copied().max().unwrap_or(0);
        let other_max = max(&schedule) + max(&hours) + PAY_POINTS + max(&track) + max(&fairness);
        Scorer {
            tasks,
            no_tasks,
            schedule,
            hours,
            pay: terms.pay,
            track,
            fairness,
            other_max,
        }
    }

    fn points(&self, v: &IndexView<'_>, i: usize) -> u32 {
        self.task_points(v, i) + self.other_points(v, i)
    }

    fn task_points(&self, v: &IndexView<'_>, i: usize) -> u32 {
        let mut p = self.no_tasks;
        for (at, table) in &self.tasks {
            let code = at.map_or(0, |(byte, bit)| {
                let b = 16 * i + byte;
                ((v.lo[b] >> bit) & 1)
                    | (((v.hi[b] >> bit) & 1) << 1)
                    | (((v.verified[b] >> bit) & 1) << 2)
            });
            p += table[usize::from(code)];
        }
        p
    }

    fn other_points(&self, v: &IndexView<'_>, i: usize) -> u32 {
        let wish = u16::from_le_bytes([v.min_pay[2 * i], v.min_pay[2 * i + 1]]);
        let record = usize::from(v.finished[i]) + 2 * usize::from(v.renewed[i]);
        self.schedule[usize::from(v.windows[i])]
            + self.hours[usize::from(v.hours[i])]
            + matching::pay_points(self.pay, wish)
            + self.track[record.min(255)]
            + self.fairness[usize::from(v.active[i].min(2))]
    }
}

#[cfg(test)]
mod tests;
