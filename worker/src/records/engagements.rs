//! Engagements, their events and each one's folded state: all in the region's desk
//! (`desk::engagements`). Handlers read and write them only through these functions.

use chrono::{DateTime, Utc};
use domain::account::Role as AccountRole;
use domain::engagement::EngagementEvent;
use domain::model::{EngagementId, UserId};

use crate::desk::Desk;
use crate::desk::wire::{Answer, Command, EngagementRow};
use crate::error::{ApiError, ApiResult};
use crate::records::facts::unexpected;

/// Whose engagements a session lists: a resident's or a company's own, or (the hub) every one of
/// its region. Municipality staff and admins take part in none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    One(String),
    Region,
}

pub fn party_of(role: &AccountRole, user: &UserId) -> Option<Party> {
    match role {
        AccountRole::Resident => Some(Party::One(user.as_str().to_owned())),
        AccountRole::CompanyMember { company } => Some(Party::One(company.as_str().to_owned())),
        AccountRole::Hub { .. } => Some(Party::Region),
        AccountRole::MunicipalityStaff { .. } | AccountRole::Admin => None,
    }
}

/// One engagement's state row, if it exists.
pub async fn get(desk: &Desk, id: &str) -> ApiResult<Option<EngagementRow>> {
    match desk
        .call(&Command::Engagement {
            id: EngagementId(id.to_owned()),
        })
        .await?
    {
        Answer::Engagement { row } => Ok(row.map(|r| *r)),
        other => Err(unexpected(other)),
    }
}

/// Posts an event (after `open`, when the engagement is new): the desk applies it to the state
/// row and stores both at once, or answers why it is not a valid next step (409).
pub async fn post(
    desk: &Desk,
    open: Option<EngagementEvent>,
    event: EngagementEvent,
) -> ApiResult<EngagementRow> {
    match desk.call(&Command::PostEvent { open, event }).await? {
        Answer::Engagement { row: Some(row) } => Ok(*row),
        Answer::TransitionRefused { message } => Err(ApiError::Conflict {
            code: "invalid_transition",
            message,
        }),
        // 409 `terms_not_agreed` (work starts on terms both confirmed), 422 `notice_too_short`
        // (6 months of work end only after 30 days' recorded notice).
        Answer::FairWorkRefused { refusal } => Err(refusal.into()),
        other => Err(unexpected(other)),
    }
}

/// A party's engagements (or the whole region's), states only: one desk call.
pub async fn of(desk: &Desk, party: &Party) -> ApiResult<Vec<EngagementRow>> {
    let party = match party {
        Party::One(id) => Some(id.clone()),
        Party::Region => None,
    };
    match desk.call(&Command::Engagements { party }).await? {
        Answer::Engagements { rows } => Ok(rows),
        other => Err(unexpected(other)),
    }
}

/// A resident's or a company's engagements with their events in order: one desk call.
pub async fn histories(
    desk: &Desk,
    party: &str,
) -> ApiResult<Vec<(EngagementId, Vec<EngagementEvent>)>> {
    match desk
        .call(&Command::Histories {
            party: party.to_owned(),
        })
        .await?
    {
        Answer::Histories { list } => Ok(list),
        other => Err(unexpected(other)),
    }
}

/// The events one account posted, by engagement: one desk call.
pub async fn events_by(
    desk: &Desk,
    actor: &UserId,
) -> ApiResult<Vec<(EngagementId, Vec<EngagementEvent>)>> {
    match desk
        .call(&Command::EventsBy {
            actor: actor.clone(),
        })
        .await?
    {
        Answer::Histories { list } => Ok(list),
        other => Err(unexpected(other)),
    }
}

/// A deleted person: their engagements' free text erased and their id replaced by a random one
/// that leads nowhere; the events kept for the figures. They leave every shortlist.
pub async fn forget(desk: &Desk, party: &str) -> ApiResult<()> {
    let anonymous = domain::account::forgotten_id(&crate::auth::crypto::random_bytes(12)?);
    match desk
        .call(&Command::ForgetParty {
            party: party.to_owned(),
            anonymous,
        })
        .await?
    {
        Answer::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// Engagements a desk call erases the free text of, at most.
const ERASE_BATCH: u32 = 100;

/// Erases the free text of engagements that ended more than five years ago
/// (`desk::retention`), a batch per desk call, at most 20 calls a run (the scheduled refresh runs
/// daily, so a backlog clears over days); answers how many it erased.
pub async fn erase_old_free_text(desk: &Desk, now: DateTime<Utc>) -> ApiResult<u32> {
    let mut erased = 0;
    for _ in 0..20 {
        let n = match desk
            .call(&Command::EraseOldFreeText {
                now,
                batch: ERASE_BATCH,
            })
            .await?
        {
            Answer::Counts { counts } => counts.first().copied().unwrap_or(0),
            other => return Err(unexpected(other)),
        };
        erased += n;
        if n < ERASE_BATCH {
            break;
        }
    }
    Ok(erased)
}

/// Stores events as they are (the demo seed), in one desk call per batch.
pub async fn import(desk: &Desk, events: Vec<EngagementEvent>) -> ApiResult<()> {
    match desk.call(&Command::ImportEvents { events }).await? {
        Answer::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// The demo seed's terms for its started engagements (both confirmed before the start), in one
/// desk call per batch.
pub async fn import_terms(
    desk: &Desk,
    terms: Vec<crate::desk::fair_work::ImportedTerms>,
) -> ApiResult<()> {
    let command = crate::desk::fair_work::FairCommand::ImportTerms { terms };
    match desk.call(&Command::Fair { command }).await? {
        Answer::Fair { .. } => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// How many residents of the desk's region work now (trial passed, not ended, not deleted).
pub async fn working(desk: &Desk) -> ApiResult<u64> {
    match desk.call(&Command::Working).await? {
        Answer::Counts { counts } => Ok(counts.first().copied().map_or(0, u64::from)),
        other => Err(unexpected(other)),
    }
}
