//! A company's shortlist of cards for one of its jobs, kept in the region's desk
//! (`desk::shortlist`): its members write it, the room on it is checked as a card is added.

use chrono::{DateTime, Utc};
use domain::model::{CompanyId, JobId, ResidentId};

use crate::desk::Desk;
use crate::desk::shortlist::{ShortlistAnswer, ShortlistCommand};
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::records::facts::unexpected;

async fn call(desk: &Desk, command: ShortlistCommand) -> ApiResult<ShortlistAnswer> {
    match desk.call(&Command::Shortlist { command }).await? {
        Answer::Shortlist { shortlist } => Ok(shortlist),
        other => Err(unexpected(other)),
    }
}

/// The cards on a job's list, in the order they were added.
pub async fn cards(desk: &Desk, company: &CompanyId, job: &JobId) -> ApiResult<Vec<String>> {
    match call(
        desk,
        ShortlistCommand::Cards {
            company: company.clone(),
            job: job.clone(),
        },
    )
    .await?
    {
        ShortlistAnswer::Cards { cards } => Ok(cards),
        other => Err(unexpected(other)),
    }
}

/// Keeps `card` (standing for `resident`) on the list; 409 `shortlist_full` when there is no room.
pub async fn add(
    desk: &Desk,
    company: &CompanyId,
    job: &JobId,
    card: &str,
    resident: &ResidentId,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    let command = ShortlistCommand::Add {
        company: company.clone(),
        job: job.clone(),
        card: card.to_owned(),
        resident: resident.clone(),
        at,
    };
    match call(desk, command).await? {
        ShortlistAnswer::Done => Ok(()),
        ShortlistAnswer::Full { message } => Err(ApiError::Conflict {
            code: "shortlist_full",
            message,
        }),
        other @ ShortlistAnswer::Cards { .. } => Err(unexpected(other)),
    }
}

pub async fn remove(desk: &Desk, company: &CompanyId, job: &JobId, card: &str) -> ApiResult<()> {
    let command = ShortlistCommand::Remove {
        company: company.clone(),
        job: job.clone(),
        card: card.to_owned(),
    };
    match call(desk, command).await? {
        ShortlistAnswer::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}
