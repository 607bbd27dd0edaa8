//! What a region's metrics read (`metrics_input`: residents, verifications, enrolments and the
//! engagements' states, all from the region's desk in one call), and the enrolment records they count. Read by the
//! city's report, the placement of a course's graduates and the hub's attention list.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::city::OfferState;
use domain::metrics::MetricsInput;
use domain::model::{JobId, ProgramId, UserId};
use domain::validate::Contact;
use serde::{Deserialize, Serialize};

use crate::auth::crypto;
use crate::desk::views::{ViewAnswer, ViewCommand};
use crate::error::ApiResult;
use crate::records;

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

/// Everything the region's metrics read, and each job's planned weeks: one desk call
/// (`desk::views::metrics`: the residents' facts kept when each profile was saved, the
/// verifications, the courses residents accepted and the engagements with their jobs' pay).
pub async fn metrics_input_with_weeks(
    desk: &crate::desk::Desk,
) -> ApiResult<(MetricsInput, BTreeMap<JobId, u32>)> {
    match records::facts::view(desk, ViewCommand::Metrics).await? {
        ViewAnswer::Metrics { input, weeks } => Ok((input, weeks)),
        other => Err(crate::error::ApiError::internal(format!(
            "desk answered {other:?}"
        ))),
    }
}

/// Everything the region's metrics read (`metrics_input_with_weeks`).
pub async fn metrics_input(desk: &crate::desk::Desk) -> ApiResult<MetricsInput> {
    Ok(metrics_input_with_weeks(desk).await?.0)
}
