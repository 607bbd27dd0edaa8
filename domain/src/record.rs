//! The skill record (スキル証明): a resident's verified skills — each named by the shared
//! vocabulary's id, so another platform can map it to its own taxonomy — and finished work,
//! signed by the server so that anyone can check it is genuine.
//!
//! The signature is ECDSA P-256 with SHA-256 (`ES256`, raw r‖s, hex) over the record's
//! canonical form: its JSON with every object's keys sorted and no whitespace. A verifier
//! rebuilds that form from the record it received (JSON.stringify with sorted keys) and checks
//! it with the public key published at `GET /api/v1/records/public-key` (or, for a record
//! signed before a key rotation, the key of its `key_id` in `GET /api/v1/records/keys`).
//!
//! Musubi's own check (`canonical_of_received`) re-derives the canonical form from the record
//! exactly as received: a field added (`"identity_verified": true`), removed or of another form
//! makes it invalid, not silently dropped. A record names its holder and its id together under
//! the signature, is valid for [`VALID_DAYS`] after it was issued, and can be revoked by its
//! holder or the region's hub ([`Revocation`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::VerifiedBy;
use crate::engagement::{EngagementState, Stage};
use crate::matching::TaskNames;
use crate::model::{
    EngagementId, JobId, Level, Localized, RegionId, Resident, TaskKindId, Verification,
};

pub const ALGORITHM: &str = "ES256";
/// How long a record is valid after it was issued; the holder gets a fresh one any time.
pub const VALID_DAYS: i64 = 365;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSkill {
    /// The shared vocabulary's id, e.g. `sns.post`.
    pub task: TaskKindId,
    pub name: Localized,
    pub level: Level,
    pub verified_by: VerifiedBy,
    pub verified_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishedWork {
    pub engagement: EngagementId,
    pub job: JobId,
    pub title: String,
    pub hours: u64,
    pub ended_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillRecord {
    /// The public id of the record (its shareable link), not the account's. Signed together
    /// with the holder: the id is issued to one holder once, and `GET /records/{id}` and the
    /// check answer only for the record issued under it.
    pub id: String,
    pub holder: String,
    pub region: RegionId,
    pub vocabulary_version: u32,
    pub skills: Vec<RecordSkill>,
    pub finished_work: Vec<FinishedWork>,
    pub issued_at: DateTime<Utc>,
    /// `issued_at` + [`VALID_DAYS`].
    pub expires_at: DateTime<Utc>,
}

/// Who withdrew a record's link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevokedBy {
    Holder,
    Hub,
}

/// A revoked record: its link still opens, and says so; the check answers invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub at: DateTime<Utc>,
    pub by: RevokedBy,
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
    /// Set on `GET /api/v1/records/{id}` once the record was revoked (never signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
}

/// The answer of `POST /api/v1/records/verify`: `valid` only when the signature holds over the
/// record exactly as received, it is not expired and not revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCheck {
    pub valid: bool,
    #[serde(default)]
    pub signature_ok: bool,
    #[serde(default)]
    pub expired: bool,
    #[serde(default)]
    pub revoked: bool,
}

impl RecordCheck {
    pub fn of(signature_ok: bool, record: &SkillRecord, revoked: bool, now: DateTime<Utc>) -> Self {
        let expired = now >= record.expires_at;
        RecordCheck {
            valid: signature_ok && !expired && !revoked,
            signature_ok,
            expired,
            revoked,
        }
    }
}

/// The canonical form of a record as received (JSON), if it is exactly the shape musubi signs:
/// every field there, none added, each in the form musubi writes it. `None` otherwise, so an
/// added `"identity_verified": true` or a dropped field can never verify.
pub fn canonical_of_received(raw: &serde_json::Value) -> Option<(SkillRecord, String)> {
    let typed: SkillRecord = serde_json::from_value(raw.clone()).ok()?;
    let again = serde_json::to_value(&typed).ok()?;
    (again == *raw).then(|| {
        let text = again.to_string();
        (typed, text)
    })
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
        expires_at: issued_at + chrono::TimeDelta::days(VALID_DAYS),
    }
}

/// The bytes that are signed: the record's JSON with sorted keys and no whitespace
/// (serde_json's `Value` keeps object keys sorted).
pub fn canonical(record: &SkillRecord) -> String {
    serde_json::to_value(record)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// What the skill record's page reads of a `SignedRecord` to show it: no signature (the page
/// sends the record's text back as it came to have it checked) and the instants as their text,
/// so the page links neither chrono's parser nor the full record's reader. The served JSON
/// carries more, which is ignored.
#[derive(Debug, Deserialize)]
pub struct Shown {
    pub record: ShownRecord,
    #[serde(default)]
    pub revoked: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Deserialize)]
pub struct ShownRecord {
    pub id: String,
    pub holder: String,
    pub skills: Vec<ShownSkill>,
    pub finished_work: Vec<ShownWork>,
    /// RFC 3339, UTC (`day` gives its date).
    pub issued_at: String,
    pub expires_at: String,
}

#[derive(Debug, Deserialize)]
pub struct ShownSkill {
    pub name: Localized,
    pub level: Level,
    pub verified_by: VerifiedBy,
}

#[derive(Debug, Deserialize)]
pub struct ShownWork {
    pub title: String,
    pub hours: u64,
    pub ended_at: String,
}

/// `YYYY-MM-DD` of a served instant (RFC 3339 in UTC): what `date_naive()` gives for it.
pub fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_owned()
}

#[cfg(test)]
mod tests;
