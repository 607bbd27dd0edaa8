//! What the worker asks a region desk and what it answers: JSON over the stub's `fetch`, one
//! command per request. Defined once, used by both ends (`client` and `object`).

use chrono::{DateTime, Utc};
use domain::account::{Invite, InviteProblem};
use domain::model::{CompanyId, UserId};
use domain::terms::{TermsDocument, TermsInput};
use domain::validate::FieldError;
use serde::{Deserialize, Serialize};

use super::fair_work::{FairAnswer, FairCommand};

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
    /// Fair work records (issue 19), all in `desk::fair_work`.
    Fair { command: FairCommand },
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
    /// What a fair-work command answered (`desk::fair_work`).
    Fair {
        fair: Box<FairAnswer>,
    },
}
