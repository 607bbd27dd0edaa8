//! Fair-work reads that more than one area's handlers share (the rest of the fair-work records
//! are the fair-work handlers' own, `handlers/fair_work.rs`).

use chrono::NaiveDate;
use domain::fair_work::waiting::WaitingRequest;

use crate::desk::Desk;
use crate::desk::fair_work::{FairAnswer, FairCommand};
use crate::desk::wire::{Answer, Command};
use crate::error::ApiResult;
use crate::records::facts::unexpected;

/// The region's requests waiting for the commissioner's answer as of `today`, the longest
/// waiting first (the hub's attention page), or with `company` those on its engagements only
/// (the marks on them).
pub async fn waiting(
    desk: &Desk,
    today: NaiveDate,
    company: Option<&str>,
) -> ApiResult<Vec<WaitingRequest>> {
    let command = FairCommand::Waiting {
        today,
        company: company.map(str::to_owned),
    };
    match desk.call(&Command::Fair { command }).await? {
        Answer::Fair { fair } => match *fair {
            FairAnswer::Waiting { waiting } => Ok(waiting),
            other => Err(unexpected(other)),
        },
        other => Err(unexpected(other)),
    }
}
