//! The skill record (スキル証明): a resident's verified skills — each named by the shared
//! vocabulary's id, so another platform can map it to its own taxonomy — and finished work,
//! signed by the server so that anyone can check it is genuine.
//!
//! The signature is ECDSA P-256 with SHA-256 (`ES256`, raw r‖s, hex) over the record's
//! canonical form: its JSON with every object's keys sorted and no whitespace. A verifier
//! rebuilds that form from the record it received (JSON.stringify with sorted keys) and checks
//! it with the public key published at `GET /api/v1/records/public-key`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::VerifiedBy;
use crate::engagement::{EngagementState, Stage};
use crate::matching::TaskNames;
use crate::model::{
    EngagementId, JobId, Level, Localized, RegionId, Resident, TaskKindId, Verification,
};

pub const ALGORITHM: &str = "ES256";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSkill {
    /// The shared vocabulary's id, e.g. `sns.post`.
    pub task: TaskKindId,
    pub name: Localized,
    pub level: Level,
    pub verified_by: VerifiedBy,
    pub verified_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedWork {
    pub engagement: EngagementId,
    pub job: JobId,
    pub title: String,
    pub hours: u64,
    pub ended_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillRecord {
    /// The public id of the record (its shareable link), not the account's.
    pub id: String,
    pub holder: String,
    pub region: RegionId,
    pub vocabulary_version: u32,
    pub skills: Vec<RecordSkill>,
    pub finished_work: Vec<FinishedWork>,
    pub issued_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSignature {
    pub algorithm: String,
    pub key_id: String,
    /// Hex of the raw (r‖s) signature over [`canonical`].
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRecord {
    pub record: SkillRecord,
    pub signature: RecordSignature,
}

/// The answer of `POST /api/v1/records/verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCheck {
    pub valid: bool,
}

/// A finished engagement as the record lists it: its state and the job's title.
#[derive(Debug, Clone, Copy)]
pub struct Finished<'a> {
    pub id: &'a EngagementId,
    pub state: &'a EngagementState,
    pub title: &'a str,
}

/// The record of a resident: only verified skills (sorted by vocabulary id) and only completed
/// work (oldest first).
pub fn build(
    id: String,
    resident: &Resident,
    names: &dyn TaskNames,
    vocabulary_version: u32,
    finished: &[Finished<'_>],
    issued_at: DateTime<Utc>,
) -> SkillRecord {
    let mut skills: Vec<RecordSkill> = resident
        .skills
        .iter()
        .filter_map(|s| {
            let (by, at) = match s.verification.as_ref()? {
                Verification::Course { at, .. } => (VerifiedBy::Course, *at),
                Verification::Hub { at, .. } => (VerifiedBy::Hub, *at),
            };
            Some(RecordSkill {
                task: s.task.clone(),
                name: names.task_name(&s.task),
                level: s.level,
                verified_by: by,
                verified_at: at,
            })
        })
        .collect();
    skills.sort_by(|a, b| a.task.cmp(&b.task));
    let mut finished_work: Vec<FinishedWork> = finished
        .iter()
        .filter(|f| f.state.stage == Stage::Completed)
        .filter_map(|f| {
            Some(FinishedWork {
                engagement: f.id.clone(),
                job: f.state.parties.as_ref()?.job.clone(),
                title: f.title.to_owned(),
                hours: f.state.hours_worked(),
                ended_at: f.state.ended_at?,
            })
        })
        .collect();
    finished_work.sort_by_key(|w| w.ended_at);
    SkillRecord {
        id,
        holder: resident.display_name.clone(),
        region: resident.region_id.clone(),
        vocabulary_version,
        skills,
        finished_work,
        issued_at,
    }
}

/// The bytes that are signed: the record's JSON with sorted keys and no whitespace
/// (serde_json's `Value` keeps object keys sorted).
pub fn canonical(record: &SkillRecord) -> String {
    serde_json::to_value(record)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
