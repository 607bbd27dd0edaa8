//! What a region's metrics read (`metrics_input`: residents, verifications, enrolments and the
//! engagements' states from the region's desk), and the enrolment records they count. Read by the
//! city's report, the placement of a course's graduates and the hub's attention list.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use domain::metrics::{
    CourseFacts, EngagementFacts, MetricsInput, ResidentFacts, VerificationFacts,
};
use domain::model::{Job, JobId, ProgramId, Resident, ResidentId, UserId, Verification};
use domain::validate::Contact;
use domain::verification::SkillVerification;
use serde::{Deserialize, Serialize};

use crate::auth::{self, crypto};
use crate::error::ApiResult;
use crate::records;
use crate::store::{Store, keys};

/// One person enrolled in a course, as the municipality's list names them (personal data: only
/// the course's municipality reads it; metrics count it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Enrolment {
    pub program: ProgramId,
    pub name: String,
    pub contact: Contact,
    pub enrolled_at: DateTime<Utc>,
    pub by: UserId,
}

/// The enrolment key's name for a contact: SHA-256 of its normalised form, so the same person
/// in a re-imported file addresses the same key and no contact is a key name.
pub fn contact_hash(contact: &Contact) -> String {
    let text = match contact {
        Contact::Email(e) => format!("email:{e}"),
        Contact::Phone(p) => format!("phone:{p}"),
    };
    crypto::sha256_hex(text.as_bytes())
}

/// Everything the region's metrics read. Residents are read as they stored themselves (their own
/// profile's verifications) plus the `verif:` records; course facts come from enrolments (matched
/// to residents by the account's email) and course verifications.
pub async fn metrics_input(
    store: &Store,
    desk: &crate::desk::Desk,
    region: &domain::model::RegionId,
) -> ApiResult<MetricsInput> {
    let mut input = MetricsInput::default();
    let mut completions: BTreeMap<(ResidentId, ProgramId), DateTime<Utc>> = BTreeMap::new();
    let mut complete = |resident: &ResidentId, program: &ProgramId, at: DateTime<Utc>| {
        let entry = completions
            .entry((resident.clone(), program.clone()))
            .or_insert(at);
        *entry = (*entry).min(at);
    };
    let prefix = keys::member_prefix(region.as_str(), "resident");
    let mut in_region: BTreeSet<ResidentId> = BTreeSet::new();
    for key in store.list_keys(&prefix).await? {
        let id = key.trim_start_matches(&prefix);
        let Some(r) = store.get_json::<Resident>(&keys::resident(id)).await? else {
            continue;
        };
        input.residents.push(ResidentFacts::from_resident(&r));
        input
            .verifications
            .extend(VerificationFacts::from_resident(&r));
        for s in &r.skills {
            if let Some(Verification::Course { program, at }) = &s.verification {
                complete(&r.id, program, *at);
            }
        }
        in_region.insert(r.id);
    }
    for key in store.list_keys(keys::VERIFICATIONS_ALL_PREFIX).await? {
        let mut parts = key.splitn(4, ':').skip(1);
        let Some(resident) = parts.next().map(|r| ResidentId(r.to_owned())) else {
            continue;
        };
        if !in_region.contains(&resident) {
            continue;
        }
        if let Some(v) = store.get_json::<SkillVerification>(&key).await? {
            if let Verification::Course { program, at } = &v.verification {
                complete(&resident, program, *at);
            }
            input.verifications.push(VerificationFacts {
                resident,
                at: v.at(),
            });
        }
    }
    let courses = keys::member_prefix(region.as_str(), "course");
    let mut enrolled: BTreeSet<(ResidentId, ProgramId)> = BTreeSet::new();
    for key in store.list_keys(&courses).await? {
        let program = ProgramId(key.trim_start_matches(&courses).to_owned());
        for ekey in store
            .list_keys(&keys::enrolments_prefix(program.as_str()))
            .await?
        {
            let Some(e) = store.get_json::<Enrolment>(&ekey).await? else {
                continue;
            };
            let Contact::Email(email) = &e.contact else {
                continue;
            };
            let Some(account) = auth::account_by_login(store, email).await? else {
                continue;
            };
            let resident = ResidentId(account.id.as_str().to_owned());
            if !in_region.contains(&resident)
                || !enrolled.insert((resident.clone(), program.clone()))
            {
                continue;
            }
            input.courses.push(CourseFacts {
                completed_at: completions
                    .get(&(resident.clone(), program.clone()))
                    .copied(),
                resident,
                program: program.clone(),
                enrolled_at: e.enrolled_at,
            });
        }
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
    let mut jobs: BTreeMap<JobId, Option<Job>> = BTreeMap::new();
    for (_, state) in records::engagements::of_region(desk).await? {
        let Some(parties) = &state.parties else {
            continue;
        };
        if !jobs.contains_key(&parties.job) {
            let job = store
                .get_json::<Job>(&keys::job(parties.job.as_str()))
                .await?;
            jobs.insert(parties.job.clone(), job);
        }
        if let Some(Some(job)) = jobs.get(&parties.job) {
            input
                .engagements
                .push(EngagementFacts::new(job, state.clone()));
        }
    }
    Ok(input)
}
