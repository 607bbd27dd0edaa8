//! What the worker asks a region desk and what it answers: JSON over the stub's `fetch`, one
//! command per request. Defined once, used by both ends (`client` and `object`).

use chrono::{DateTime, Utc};
use domain::account::{Invite, InviteProblem};
use domain::model::{CompanyId, UserId};
use domain::terms::{TermsDocument, TermsInput};
use domain::validate::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// Counts the invite's uses and records one for `user` if the invite allows it.
    ClaimInvite {
        invite: Invite,
        user: UserId,
        has_email: bool,
        at: DateTime<Utc>,
    },
    /// Gives a claimed use back (the registration failed after claiming it).
    ReleaseInvite { code: String, user: UserId },
    /// A deleted account's uses stay counted under a name that leads nowhere (`anonymous`).
    ForgetInviteUser { user: UserId, anonymous: String },
    /// How often each code was used, in order.
    InviteUses { codes: Vec<String> },
    /// May this login try reach the password check? If so it counts as a failure until
    /// `LoginSucceeded` (`domain::account::guard`).
    LoginBegin {
        login: String,
        address: String,
        at: DateTime<Utc>,
    },
    /// The password was right: forget the login name's failures.
    LoginSucceeded { login: String },
    /// The latest version of a company's terms it published, if any.
    Terms { company: CompanyId },
    /// Publishes the next version after the latest (or after `default`, the template).
    PublishTerms {
        input: TermsInput,
        default: TermsDocument,
        by: UserId,
        at: DateTime<Utc>,
    },
    /// Reserves an `Idempotency-Key` (`key`: already scoped by account and path) for a request
    /// (`request`: its hash) before the handler runs: `Done` when this call holds it now,
    /// `Replay` with the kept answer, `IdemInProgress` while another request holds it,
    /// `IdemReused` when it answered another request.
    IdemReserve {
        key: String,
        account: UserId,
        request: String,
        at: DateTime<Utc>,
    },
    /// Keeps the answer of a reserved key (replayed for a day).
    IdemStore {
        key: String,
        status: u16,
        body: String,
        at: DateTime<Utc>,
    },
    /// Gives a reserved key back without an answer (the handler failed with a server error: a
    /// retry gets another chance).
    IdemRelease { key: String },
    /// Erases every key and kept answer of an account (its deletion).
    IdemForget { account: UserId },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    Done,
    InviteRefused {
        problem: InviteProblem,
    },
    Counts {
        counts: Vec<u32>,
    },
    LoginRefused {
        retry_after_secs: u32,
    },
    Terms {
        doc: Option<TermsDocument>,
    },
    /// The input broke a domain rule (422, naming the fields).
    Invalid {
        fields: Vec<FieldError>,
    },
    /// The kept answer of an `Idempotency-Key`.
    Replay {
        status: u16,
        body: String,
    },
    /// Another request with the same key is running.
    IdemInProgress,
    /// The key answered another request (another body or path).
    IdemReused,
}
