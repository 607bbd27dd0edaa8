//! The boundary where a payment provider would plug in (issue 19). Moving money is outside
//! musubi today: the paying party pays by its own bank and records the payment here
//! ([`RecordedByPayer`]). A provider (a bank API, an escrow service) would implement
//! [`PaymentRail`] too, make the transfer, and record what it confirmed; handlers call the
//! rail, never the desk's payment command directly.

use chrono::{DateTime, NaiveDate, Utc};
use domain::fair_work::Yen;

use crate::desk::Desk;
use crate::desk::fair_work::{FairAnswer, FairCommand};
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};

/// A way money reaches a resident for an invoice.
pub trait PaymentRail {
    /// Pays (or records a payment of) `amount` on `invoice`, dated `paid_on`; answers the
    /// invoice as it stands after, or the desk's refusal (e.g. more than is left to pay).
    fn pay(
        &self,
        desk: &Desk,
        invoice: &str,
        paid_on: NaiveDate,
        amount: Yen,
        at: DateTime<Utc>,
    ) -> impl std::future::Future<Output = ApiResult<FairAnswer>>;
}

/// Today's rail: the paying party transferred the money itself and records it.
#[derive(Debug, Clone, Copy)]
pub struct RecordedByPayer;

impl PaymentRail for RecordedByPayer {
    async fn pay(
        &self,
        desk: &Desk,
        invoice: &str,
        paid_on: NaiveDate,
        amount: Yen,
        at: DateTime<Utc>,
    ) -> ApiResult<FairAnswer> {
        let command = Command::Fair {
            command: FairCommand::RecordPayment {
                invoice: invoice.to_owned(),
                paid_on,
                amount,
                at,
            },
        };
        match desk.call(&command).await? {
            Answer::Fair { fair } => Ok(*fair),
            other => Err(ApiError::internal(format!("desk answered {other:?}"))),
        }
    }
}
