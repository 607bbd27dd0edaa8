//! What the worker asks a region desk and what it answers: JSON over the stub's `fetch`, one
//! command per request. Defined once, used by both ends (`client` and `object`).
//!
//! Every enum on this wire is externally tagged (serde's default: `{"variant": {…}}`), never
//! `tag = "…"`: serde reads an internally or adjacently tagged enum through its buffered
//! `Content`, which keeps a second copy of every nested type's deserializer in the wasm (measured:
//! the worker 1,401 → 1,306 KB gzip, with the as-text step between) and cannot stream.

use chrono::{DateTime, Utc};
use domain::account::{Invite, InviteProblem};
use domain::engagement::{EngagementEvent, EngagementState, Stage};
use domain::matching::{Page, RankedJob};
use domain::model::{
    CompanyId, EngagementId, JobId, Localized, ProgramId, RegionId, ResidentId, UserId,
};
use domain::resident_view::ExcludedJobs;
use domain::terms::{TermsDocument, TermsInput};
use domain::validate::FieldError;
use serde::{Deserialize, Serialize};

use super::enrolment::{EnrolmentAnswer, EnrolmentCommand};
use super::fair_work::{FairAnswer, FairCommand};
use super::shortlist::{ShortlistAnswer, ShortlistCommand};
use super::views::{PlacementInputs, ViewAnswer, ViewCommand};

/// The header the desk's answer to `Command::KeptPage` carries its stamp in when no page is
/// kept (its body is then the page's inputs).
pub const KEPT_STAMP_HEADER: &str = "x-kept-stamp";

/// A page the region's desk keeps (`desk::kept`), built by the desk or, from older rows, by the
/// worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerPage {
    /// A course's placement (`domain::city::placement`) of its graduates living in `region`.
    Placement {
        program: ProgramId,
        region: RegionId,
    },
}

/// What the desk holds of a [`WorkerPage`]'s inputs, answered when the page is not kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageInputs {
    Placement(PlacementInputs),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// Posts one event: reads the engagement's state row, applies the event
    /// (`domain::engagement::apply`) and writes event and new state in the same transaction.
    /// `open` (a `Proposed` event) is applied first when the engagement has no parties yet.
    PostEvent {
        open: Option<EngagementEvent>,
        event: EngagementEvent,
    },
    /// A page built from what the desk (and, for older rows, KV) holds (`desk::kept`): its
    /// JSON if it is kept and none of the rows it was built from changed since, or as the desk
    /// builds it when it holds every input; otherwise what the desk holds of its inputs, and the
    /// stamp to keep the page the worker builds from them under.
    KeptPage { page: WorkerPage },
    /// The open jobs of the region ranked for `resident` (`page` of them: the worker asks one
    /// more to tell whether there are more), from the ranking marks the desk keeps
    /// (`desk::placements`); `None` while the resident or an open job has no mark.
    RankJobs {
        resident: ResidentId,
        region: RegionId,
        page: Page,
    },
    /// Keeps a page the worker built from what it read after `KeptPage` answered `stamp`: kept
    /// only if none of the rows it is built from changed in between.
    KeepPage {
        page: WorkerPage,
        stamp: String,
        json: String,
    },
    /// Stores events as they are (the demo seed); each engagement's state is their fold.
    ImportEvents { events: Vec<EngagementEvent> },
    /// One engagement's state.
    Engagement { id: EngagementId },
    /// The engagements a party (resident or company) takes part in, or, with `None`, every
    /// engagement of the region; only those with parties. (The region's views inside the desk
    /// read the states with only their latest note: `engagements::rows(…, true)`.)
    Engagements { party: Option<String> },
    /// The same, each with its events in order (timelines, exports, the skill record).
    Histories { party: String },
    /// The events one account posted, by engagement (a company member's or the hub's export).
    EventsBy { actor: UserId },
    /// How many residents work now (trial passed, not ended, not deleted): `Counts` of one.
    Working,
    /// A deleted person: the free text of every event of their engagements is erased
    /// (`EngagementEvent::without_free_text`), the person renamed to `anonymous` in every event,
    /// state and column, and each state folded again. They leave every company's shortlist.
    ForgetParty { party: String, anonymous: String },
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
    /// Fair work records (issue 19), all in `desk::fair_work`.
    Fair { command: FairCommand },
    /// What the region's views read of residents, courses, jobs and track records (issue 14),
    /// all in `desk::views`.
    View { command: ViewCommand },
    /// A view's answer as the API's JSON (`views::execute_json`): the desk answers `Body`,
    /// which it sends as its response's bytes, and the worker passes on unread.
    ViewJson { command: ViewCommand },
    /// Erases the free text of at most `batch` engagements that ended more than five years
    /// before `now` (`desk::retention`): `Counts` of one, how many.
    EraseOldFreeText { now: DateTime<Utc>, batch: u32 },
    /// A company's shortlist of cards for a job, all in `desk::shortlist`.
    Shortlist { command: ShortlistCommand },
    /// The people put on the region's courses, all in `desk::enrolment`.
    Enrolment { command: EnrolmentCommand },
}

/// A resident's matches ranked in the desk (`Command::RankJobs`): the page's jobs with the
/// reasons of their scores, the jobs each hard rule leaves out, and where each of the
/// resident's engagements stands, by job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedMatches {
    pub ranked: Vec<RankedJob>,
    pub excluded: Vec<ExcludedJobs>,
    pub stages: Vec<(JobId, Stage)>,
}

/// One engagement as the desk keeps it: its state row and how many stored events its fold set
/// aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngagementRow {
    pub id: EngagementId,
    pub state: EngagementState,
    pub rejected: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    Engagement {
        row: Option<Box<EngagementRow>>,
    },
    /// The event is not a valid next step (`domain::engagement::TransitionError`).
    TransitionRefused {
        message: Localized,
    },
    /// A start or an end the fair-work rules refuse (terms not confirmed by both; Art. 16's
    /// notice).
    FairWorkRefused {
        refusal: domain::fair_work::Refusal,
    },
    Engagements {
        rows: Vec<EngagementRow>,
    },
    Histories {
        list: Vec<(EngagementId, Vec<EngagementEvent>)>,
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
    /// What a fair-work command answered (`desk::fair_work`).
    Fair {
        fair: Box<FairAnswer>,
    },
    /// What a view command answered (`desk::views`).
    View {
        view: Box<ViewAnswer>,
    },
    /// JSON made in the desk for the API's answer (`Command::ViewJson`): the desk's response is
    /// these bytes alone, not this enum.
    Body {
        json: String,
    },
    /// `Command::KeptPage`'s answer. The object sends a kept page as its bytes, and otherwise
    /// the inputs as JSON with the stamp in [`KEPT_STAMP_HEADER`].
    KeptPage {
        stamp: String,
        json: Option<String>,
        inputs: Option<PageInputs>,
    },
    /// `Command::RankJobs`' answer.
    Ranked {
        matches: Option<RankedMatches>,
    },
    /// What a shortlist command answered (`desk::shortlist`).
    Shortlist {
        shortlist: ShortlistAnswer,
    },
    /// What an enrolment command answered (`desk::enrolment`).
    Enrolment {
        enrolment: Box<EnrolmentAnswer>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::enrolment::EnrolmentAnswer;

    #[test]
    fn commands_and_answers_are_externally_tagged_and_come_back_whole() {
        let command = Command::Shortlist {
            command: ShortlistCommand::Remove {
                company: CompanyId::from("c1"),
                job: domain::model::JobId::from("j1"),
                card: "k1".into(),
            },
        };
        let text = serde_json::to_string(&command).expect("serialize");
        let outer: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(
            outer["shortlist"]["command"]["remove"]["card"], "k1",
            "each enum is one key named after its variant: {text}"
        );
        let back: Command = serde_json::from_str(&text).expect("deserialize");
        assert_eq!(serde_json::to_string(&back).expect("again"), text);

        let answer = Answer::Enrolment {
            enrolment: Box::new(EnrolmentAnswer::Imported { new: 3 }),
        };
        let text = serde_json::to_string(&answer).expect("serialize");
        assert_eq!(
            serde_json::from_str::<Answer>(&text).expect("deserialize"),
            answer
        );
        assert_eq!(
            serde_json::from_str::<Answer>("\"done\"").expect("a unit variant"),
            Answer::Done
        );
    }
}
