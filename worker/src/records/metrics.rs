//! What a region's metrics read (`metrics_input`: residents, verifications, enrolments and the
//! engagements' states from the region's desk), and the enrolment records they count. Read by the
//! city's report, the placement of a course's graduates and the hub's attention list.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use domain::city::OfferState;
use domain::metrics::{
    CourseFacts, EngagementFacts, MetricsInput, ResidentFacts, VerificationFacts,
};
use domain::model::{Job, ProgramId, Resident, ResidentId, UserId, Verification};
use domain::validate::Contact;
use domain::verification::SkillVerification;
use serde::{Deserialize, Serialize};

use crate::auth::crypto;
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
    /// The account that accepted the course in its inbox: only then is the person enrolled.
    #[serde(default)]
    pub accepted_by: Option<UserId>,
    #[serde(default)]
    pub declined: bool,
}

impl Enrolment {
    pub fn state(&self) -> OfferState {
        match (&self.accepted_by, self.declined) {
            (Some(_), _) => OfferState::Accepted,
            (None, true) => OfferState::Declined,
            (None, false) => OfferState::Invited,
        }
    }

    /// The account enrolled by this row: the one that accepted, never one found by its email.
    pub fn enrolled_account(&self) -> Option<&UserId> {
        self.state()
            .is_enrolled()
            .then_some(self.accepted_by.as_ref())
            .flatten()
    }
}

/// The contact hashes that reach a person: their login email and the phone they gave.
pub fn contact_hashes(email: Option<&str>, phone: Option<&str>) -> Vec<String> {
    email
        .map(|e| contact_hash(&Contact::Email(e.to_owned())))
        .into_iter()
        .chain(phone.map(|p| contact_hash(&Contact::Phone(p.to_owned()))))
        .collect()
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
/// profile's verifications) plus the `verif:` records; course facts come from enrolments (the
/// accounts that accepted the course) and course verifications.
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
    // Every resident's profile in bulk reads (one KV operation per 100), in key order.
    let ids = store.list_suffixes(&prefix).await?;
    let profile_keys: Vec<String> = ids.iter().map(|id| keys::resident(id)).collect();
    let mut profiles = store.get_many_json::<Resident>(&profile_keys).await?;
    for key in &profile_keys {
        let Some(r) = profiles.remove(key) else {
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
    // The region's residents' `verif:` records: one list, then bulk reads.
    let of_region: Vec<(ResidentId, String)> = store
        .list_keys(keys::VERIFICATIONS_ALL_PREFIX)
        .await?
        .into_iter()
        .filter_map(|key| {
            let resident = ResidentId(key.split(':').nth(1)?.to_owned());
            in_region.contains(&resident).then_some((resident, key))
        })
        .collect();
    let verif_keys: Vec<String> = of_region.iter().map(|(_, k)| k.clone()).collect();
    let mut found = store
        .get_many_json::<SkillVerification>(&verif_keys)
        .await?;
    for (resident, key) in of_region {
        if let Some(v) = found.remove(&key) {
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
            // Enrolled only once the person accepted (never by matching an email).
            let Some(account) = e.enrolled_account() else {
                continue;
            };
            let resident = ResidentId(account.as_str().to_owned());
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
    let states = records::engagements::of_region(desk).await?;
    let job_keys: Vec<String> = states
        .iter()
        .filter_map(|(_, s)| s.parties.as_ref().map(|p| keys::job(p.job.as_str())))
        .collect();
    let jobs = store.get_many_json::<Job>(&job_keys).await?;
    for (_, state) in states {
        let Some(parties) = &state.parties else {
            continue;
        };
        if let Some(job) = jobs.get(&keys::job(parties.job.as_str())) {
            input
                .engagements
                .push(EngagementFacts::new(job, state.clone()));
        }
    }
    Ok(input)
}
