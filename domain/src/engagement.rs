//! The life cycle of one engagement (伴走): a job of a company, a resident, and the hub
//! coordinator who accompanies them until the work lasts.
//!
//! # Storage model
//!
//! Workers KV is eventually consistent and last-writer-wins per key, so an engagement is never a
//! single mutable record. Every party appends [`EngagementEvent`]s (one KV key per event, keyed by
//! engagement id and event id) and readers [`fold`] them. `fold` sorts by `(at, id)` (then by the
//! whole event, so even malformed duplicates order deterministically) and applies each event with
//! [`apply`]. An event that is not valid at its place in that order is kept aside in
//! [`Folded::rejected`] with its reason: a late-arriving invalid event never destroys the state.
//!
//! # Decisions
//!
//! * **Matched is derived, never posted.** There is no `Matched` event: the engagement is matched
//!   the moment the second side's `InterestShown` is applied. Two parties posting interest at the
//!   same moment therefore both survive, in either order, and no single actor can claim a match
//!   without the other side's own consent.
//! * **Interest is shown by the party itself.** Only a resident account may post resident-side
//!   interest and only a company account company-side interest; the hub cannot consent for them.
//! * **Confidentiality terms** are needed when the job's data access is above public
//!   ([`needs_terms`]); the flag is stored in `Proposed`. Contact is revealed when interest is
//!   mutual and, if needed, terms are accepted ([`EngagementState::contact_revealed`]); a trial
//!   cannot start before that.
//! * **Trial becomes working by an explicit `TrialPassed` event** (company or hub), not by the
//!   clock: the fold stays free of "now", and a trial whose planned length has run out shows on
//!   the board via [`trial_decision_due`] instead of silently turning into work.
//! * **Renewed is a running state** like working: check-ins continue, it may be renewed again, and
//!   it ends by `Completed` or `Cancelled`.
//! * **Paused is a side state** of a running engagement (trial / working / renewed). It remembers
//!   where to resume; no check-ins are due while paused, and on resuming the whole remaining
//!   check-in schedule moves later by the length of the pause. A paused engagement is not
//!   "stalled" (waiting is its purpose) and not "active" in the track record.
//! * **Check-in schedule**: due at weeks 2, 6 and 12 after the trial starts, then every 13 weeks
//!   (25, 38, 51, …). A check-in satisfies every outstanding slot due up to
//!   [`CHECKIN_EARLY_DAYS`] after it (so an early visit counts, and a late one catches up); a slot
//!   is on time when satisfied no later than [`CHECKIN_GRACE_DAYS`] after its due time, and the
//!   engagement is overdue once that grace has passed. Extra check-ins that satisfy no slot are
//!   kept (hours, mood, notes) but do not count in the track record.
//! * The domain checks the actor's **role**; that the actor really is this engagement's resident,
//!   a member of its company or a coordinator of its region is the worker's job.
//!
//! # State machine
//!
//! | event | posted by | valid in | goes to |
//! |---|---|---|---|
//! | `Proposed` | hub, system | (empty) | proposed |
//! | `InterestShown{resident}` | resident | proposed, interest(company) | interest(resident) / matched |
//! | `InterestShown{company}` | company | proposed, interest(resident) | interest(company) / matched |
//! | `TermsAccepted{version}` | resident | any open stage, version above the last | (same) |
//! | `TrialStarted{trial_weeks}` | hub, company | matched, contact revealed | trial |
//! | `TrialPassed` | hub, company | trial | working |
//! | `CheckIn{..}` | hub | trial, working, renewed | (same) |
//! | `Paused{reason}` | hub | trial, working, renewed | paused |
//! | `Resumed` | hub | paused | the stage it was paused from |
//! | `Renewed{weeks}` | hub, company | working, renewed | renewed |
//! | `Completed` | hub, company | trial, working, renewed, paused | completed |
//! | `Cancelled{reason}` | resident, company, hub, system, admin | any open stage | cancelled |
//! | `Note{text}` | hub, admin | any stage after proposed, ended too | (same) |
//! | `Review{rating, note}` | company | completed, once | (same) |
//!
//! "Open" = proposed, interest, matched, trial, working, renewed, paused. Municipality accounts
//! read but post nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    CompanyId, DataAccess, EngagementId, JobId, Localized, ResidentId, TrackRecord, UserId,
};

/// Weeks after the trial start at which the first three check-ins are due.
pub const FIRST_CHECKIN_WEEKS: [u32; 3] = [2, 6, 12];
/// After the first three, a check-in is due every this many weeks (quarterly).
pub const QUARTERLY_CHECKIN_WEEKS: u32 = 13;
/// A check-in up to this many days before a slot's due time satisfies it.
pub const CHECKIN_EARLY_DAYS: i64 = 7;
/// A slot satisfied up to this many days after its due time is on time; after that it is overdue.
pub const CHECKIN_GRACE_DAYS: i64 = 3;
/// Longest planned trial.
pub const MAX_TRIAL_WEEKS: u32 = 26;
/// Longest single renewal.
pub const MAX_RENEWAL_WEEKS: u32 = 104;
/// Most hours one check-in may report (a quarter of long weeks); more is a typing mistake.
pub const MAX_CHECKIN_HOURS: u32 = 800;

/// Unique id of an event, made by the caller; time-ordered and sortable (e.g. millis + random).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub String);

impl From<&str> for EventId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Company,
    Hub,
    Municipality,
    Admin,
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Actor {
    pub user: UserId,
    pub role: Role,
}

/// The two parties whose interest makes a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Resident,
    Company,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Resident => Side::Company,
            Side::Company => Side::Resident,
        }
    }
}

/// Whom the hub talked with at a check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckInWith {
    Resident,
    Company,
    Both,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The hub (or the matching system) proposes this resident for this job.
    Proposed {
        job: JobId,
        company: CompanyId,
        resident: ResidentId,
        /// The job touches more than public material: terms must be accepted before contact.
        needs_terms: bool,
        /// Hours a week agreed for this resident (the job's share for one person).
        hours_per_week: u32,
    },
    InterestShown {
        side: Side,
    },
    /// The resident accepts the company's confidentiality terms of this version. `text_hash`
    /// records the exact text accepted (`records::terms_text_hash`): the server sets it from the
    /// terms in force when it takes the event, so the acceptance and its text are one record.
    TermsAccepted {
        version: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text_hash: Option<String>,
    },
    TrialStarted {
        /// Planned length of the trial, 1..=26 weeks.
        trial_weeks: u32,
    },
    /// The trial went well: from now on this is regular work.
    TrialPassed,
    CheckIn {
        /// How the work is going for whom the hub talked with, 1 (bad) ..= 5 (good).
        mood: u8,
        /// Whole hours worked since the previous check-in (or the start).
        hours_worked: u32,
        note: String,
        /// What the hub will do next, if anything.
        follow_up: Option<String>,
        with: CheckInWith,
        /// The hub meant the note (and follow-up) for the company too. Events written before
        /// this field existed read as `false`: their notes stay with the hub.
        #[serde(default)]
        shared_with_company: bool,
        /// The next check-in's date (Japan) as the hub chose it, after this check-in's day;
        /// `None` keeps the schedule's. The worker holds it within the work's dates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_on: Option<chrono::NaiveDate>,
    },
    Paused {
        reason: String,
    },
    Resumed,
    Completed,
    Renewed {
        weeks: u32,
    },
    Cancelled {
        reason: String,
    },
    /// A handover note between coordinators.
    Note {
        text: String,
    },
    /// The company's review at the end.
    Review {
        rating: u8,
        note: String,
    },
}

impl EventKind {
    /// The resident's acceptance of a terms version, as a client sends it (the server adds the
    /// text's hash).
    pub fn accept_terms(version: u32) -> EventKind {
        EventKind::TermsAccepted {
            version,
            text_hash: None,
        }
    }

    /// Stable snake_case name, as in the JSON `type` field.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Proposed { .. } => "proposed",
            EventKind::InterestShown { .. } => "interest_shown",
            EventKind::TermsAccepted { .. } => "terms_accepted",
            EventKind::TrialStarted { .. } => "trial_started",
            EventKind::TrialPassed => "trial_passed",
            EventKind::CheckIn { .. } => "check_in",
            EventKind::Paused { .. } => "paused",
            EventKind::Resumed => "resumed",
            EventKind::Completed => "completed",
            EventKind::Renewed { .. } => "renewed",
            EventKind::Cancelled { .. } => "cancelled",
            EventKind::Note { .. } => "note",
            EventKind::Review { .. } => "review",
        }
    }
}

impl EventKind {
    /// The event in plain words, for the console's history (never the snake_case name).
    pub fn label(&self) -> Localized {
        let (ja, en) = match self {
            EventKind::Proposed { .. } => ("推進ハブが提案", "Proposed by the hub"),
            EventKind::InterestShown {
                side: Side::Resident,
            } => ("住民が興味あり", "The resident is interested"),
            EventKind::InterestShown {
                side: Side::Company,
            } => ("企業が興味あり", "The company is interested"),
            EventKind::TermsAccepted { .. } => ("守秘の約束に同意", "Terms accepted"),
            EventKind::TrialStarted { .. } => ("お試し開始", "Trial started"),
            EventKind::TrialPassed => ("お試し終了・本採用", "Trial passed"),
            EventKind::CheckIn { .. } => ("チェックイン", "Check-in"),
            EventKind::Paused { .. } => ("一時休止", "Paused"),
            EventKind::Resumed => ("再開", "Resumed"),
            EventKind::Completed => ("完了", "Completed"),
            EventKind::Renewed { .. } => ("契約更新", "Renewed"),
            EventKind::Cancelled { .. } => ("中止", "Cancelled"),
            EventKind::Note { .. } => ("引き継ぎメモ", "Handover note"),
            EventKind::Review { .. } => ("企業の評価", "Company's review"),
        };
        Localized::new(ja, en)
    }
}

/// One fact in an engagement's history, stored as JSON under its own KV key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EngagementEvent {
    pub id: EventId,
    pub engagement_id: EngagementId,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: EventKind,
}

/// Roles that may post an event of this kind (for `InterestShown`, only the side's own role).
pub fn allowed_roles(kind: &EventKind) -> &'static [Role] {
    match kind {
        EventKind::Proposed { .. } => &[Role::Hub, Role::System],
        EventKind::InterestShown {
            side: Side::Resident,
        } => &[Role::Resident],
        EventKind::InterestShown {
            side: Side::Company,
        } => &[Role::Company],
        EventKind::TermsAccepted { .. } => &[Role::Resident],
        EventKind::TrialStarted { .. }
        | EventKind::TrialPassed
        | EventKind::Renewed { .. }
        | EventKind::Completed => &[Role::Hub, Role::Company],
        EventKind::CheckIn { .. } | EventKind::Paused { .. } | EventKind::Resumed => &[Role::Hub],
        EventKind::Cancelled { .. } => &[
            Role::Resident,
            Role::Company,
            Role::Hub,
            Role::System,
            Role::Admin,
        ],
        EventKind::Note { .. } => &[Role::Hub, Role::Admin],
        EventKind::Review { .. } => &[Role::Company],
    }
}

/// Whether a job with this data access needs confidentiality terms before contact is opened.
pub fn needs_terms(access: DataAccess) -> bool {
    access > DataAccess::PublicOnly
}

/// The running stages an engagement can be paused from and resumed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Running {
    Trial,
    Working,
    Renewed,
}

impl Running {
    pub fn stage(self) -> Stage {
        match self {
            Running::Trial => Stage::Trial,
            Running::Working => Stage::Working,
            Running::Renewed => Stage::Renewed,
        }
    }
}

/// Written as serde's internally tagged enum (`{"stage":"paused","resume_to":"working"}`), read
/// through a flat struct (`StageWire`): the same JSON, without serde's buffered `Content` path,
/// whose code for every tagged enum weighs several KB in each page that reads one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case", try_from = "StageWire")]
pub enum Stage {
    /// No `Proposed` event applied yet.
    #[default]
    Empty,
    Proposed,
    /// One side has shown interest.
    Interest {
        side: Side,
    },
    /// Both sides have shown interest.
    Matched,
    Trial,
    Working,
    Renewed,
    Paused {
        resume_to: Running,
    },
    Completed,
    Cancelled,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum StageTag {
    Empty,
    Proposed,
    Interest,
    Matched,
    Trial,
    Working,
    Renewed,
    Paused,
    Completed,
    Cancelled,
}

/// How a `Stage` is read: its tag and the fields of every variant.
#[derive(Deserialize)]
struct StageWire {
    stage: StageTag,
    #[serde(default)]
    side: Option<Side>,
    #[serde(default)]
    resume_to: Option<Running>,
}

impl TryFrom<StageWire> for Stage {
    type Error = &'static str;

    fn try_from(w: StageWire) -> Result<Self, Self::Error> {
        Ok(match w.stage {
            StageTag::Empty => Stage::Empty,
            StageTag::Proposed => Stage::Proposed,
            StageTag::Interest => Stage::Interest {
                side: w.side.ok_or("missing field `side`")?,
            },
            StageTag::Matched => Stage::Matched,
            StageTag::Trial => Stage::Trial,
            StageTag::Working => Stage::Working,
            StageTag::Renewed => Stage::Renewed,
            StageTag::Paused => Stage::Paused {
                resume_to: w.resume_to.ok_or("missing field `resume_to`")?,
            },
            StageTag::Completed => Stage::Completed,
            StageTag::Cancelled => Stage::Cancelled,
        })
    }
}

impl Stage {
    /// Trial, working or renewed: work is happening and check-ins are due.
    pub fn running(self) -> Option<Running> {
        match self {
            Stage::Trial => Some(Running::Trial),
            Stage::Working => Some(Running::Working),
            Stage::Renewed => Some(Running::Renewed),
            _ => None,
        }
    }

    pub fn is_ended(self) -> bool {
        matches!(self, Stage::Completed | Stage::Cancelled)
    }

    /// Proposed through renewed, not paused: someone should be moving it forward.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Stage::Proposed
                | Stage::Interest { .. }
                | Stage::Matched
                | Stage::Trial
                | Stage::Working
                | Stage::Renewed
        )
    }

    pub fn label(self) -> Localized {
        match self {
            Stage::Empty => Localized::new("未作成", "Not created"),
            Stage::Proposed => Localized::new("提案中", "Proposed"),
            Stage::Interest {
                side: Side::Resident,
            } => Localized::new("住民が関心あり", "Resident interested"),
            Stage::Interest {
                side: Side::Company,
            } => Localized::new("企業が関心あり", "Company interested"),
            Stage::Matched => Localized::new("マッチング成立", "Matched"),
            Stage::Trial => Localized::new("お試し期間", "Trial"),
            Stage::Working => Localized::new("就業中", "Working"),
            Stage::Renewed => Localized::new("契約更新", "Renewed"),
            Stage::Paused { .. } => Localized::new("一時休止", "Paused"),
            Stage::Completed => Localized::new("完了", "Completed"),
            Stage::Cancelled => Localized::new("中止", "Cancelled"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    pub job: JobId,
    pub company: CompanyId,
    pub resident: ResidentId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInRecord {
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub mood: u8,
    pub hours_worked: u32,
    pub with: CheckInWith,
    pub note: String,
    pub follow_up: Option<String>,
    /// The company may read the note and follow-up (when the check-in was held with it).
    #[serde(default)]
    pub shared_with_company: bool,
    /// Schedule slots this check-in satisfied (0 for an extra check-in).
    pub slots_satisfied: u32,
    /// Of those, how many were satisfied on time.
    pub slots_on_time: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverNote {
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub rating: u8,
    pub note: String,
}

/// An engagement as its applied events tell it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EngagementState {
    pub engagement_id: Option<EngagementId>,
    pub stage: Stage,
    pub parties: Option<Parties>,
    pub needs_terms: bool,
    pub hours_per_week: u32,
    pub proposed_at: Option<DateTime<Utc>>,
    pub resident_interest_at: Option<DateTime<Utc>>,
    pub company_interest_at: Option<DateTime<Utc>>,
    /// When the second interest arrived.
    pub matched_at: Option<DateTime<Utc>>,
    /// Highest terms version accepted.
    pub terms_version: Option<u32>,
    /// The hash of the exact text of that version as accepted (none for acceptances recorded
    /// before the event carried it).
    #[serde(default)]
    pub terms_text_hash: Option<String>,
    pub terms_accepted_at: Option<DateTime<Utc>>,
    /// When the version in `terms_version` was accepted (`terms_accepted_at` keeps the first).
    #[serde(default)]
    pub terms_version_accepted_at: Option<DateTime<Utc>>,
    pub trial_started_at: Option<DateTime<Utc>>,
    pub trial_weeks: u32,
    /// When the trial passed and regular work began.
    pub working_since: Option<DateTime<Utc>>,
    pub renewals: u32,
    pub renewed_weeks: u32,
    pub first_renewed_at: Option<DateTime<Utc>>,
    pub paused_at: Option<DateTime<Utc>>,
    pub pause_reason: Option<String>,
    pub pauses: u32,
    /// Completed or cancelled at.
    pub ended_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub cancelled_by: Option<Role>,
    /// Origin of the check-in schedule: the trial start, moved later by every pause.
    pub schedule_anchor: Option<DateTime<Utc>>,
    /// Check-in slots satisfied so far.
    pub slots_done: u32,
    /// The next check-in's date the hub chose at the latest check-in (until the next one).
    #[serde(default)]
    pub next_checkin_on: Option<chrono::NaiveDate>,
    pub checkins: Vec<CheckInRecord>,
    pub notes: Vec<HandoverNote>,
    pub review: Option<ReviewRecord>,
    /// Time of the latest applied event of any kind.
    pub last_activity: Option<DateTime<Utc>>,
}

/// Which side of an engagement is reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Resident,
    Company,
    /// The hub (and an administrator): every check-in and the handover notes.
    Hub,
}

/// What replaces a deleted person's free text in the events that stay for the statistics.
pub const ERASED_TEXT: &str = "（削除済み / erased）";

/// How long an ended engagement keeps the free text of its events (notes, check-in notes and
/// follow-ups, review comments, reasons): five years after it ended. After that it keeps what
/// the resident's track record and the region's figures need (stage, dates, hours, the rating),
/// as a deleted resident's engagements do (`without_free_text`).
pub const FREE_TEXT_YEARS: u32 = 5;

/// Engagements that ended before this instant lose their events' free text.
pub fn free_text_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_months(chrono::Months::new(FREE_TEXT_YEARS * 12))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl EngagementEvent {
    /// The event with every free text erased (check-in notes and follow-ups, handover notes,
    /// review notes, pause and cancel reasons), for the engagements of a deleted person: what
    /// stays is the shape the region's figures need. `None` when there was nothing to erase.
    pub fn without_free_text(&self) -> Option<EngagementEvent> {
        let mut e = self.clone();
        let erase = |t: &mut String| {
            if t.is_empty() || t == ERASED_TEXT {
                false
            } else {
                *t = ERASED_TEXT.to_owned();
                true
            }
        };
        let changed = match &mut e.kind {
            EventKind::CheckIn {
                note, follow_up, ..
            } => {
                let a = erase(note);
                let b = follow_up.as_mut().is_some_and(erase);
                a || b
            }
            EventKind::Note { text } => erase(text),
            EventKind::Review { note, .. } => erase(note),
            EventKind::Paused { reason } | EventKind::Cancelled { reason } => erase(reason),
            _ => false,
        };
        changed.then_some(e)
    }

    /// The event as `viewer` may read it in an export (`GET /me/export`), following the views:
    /// `None` when that side never sees it (the hub's handover notes; a check-in held with the
    /// other side alone); a check-in note not shared with the company is cleared for it; the
    /// company's review is its own feedback (the resident reads only that a review exists);
    /// another person's account id is not theirs to take away (`actor.user` cleared unless it
    /// is `me`).
    pub fn as_seen_by(&self, viewer: Viewer, me: &UserId) -> Option<EngagementEvent> {
        let mut seen = self.clone();
        match (&mut seen.kind, viewer) {
            (_, Viewer::Hub) => {}
            (EventKind::Note { .. }, _) => return None,
            (EventKind::CheckIn { with, .. }, Viewer::Resident)
                if *with == CheckInWith::Company =>
            {
                return None;
            }
            (
                EventKind::CheckIn {
                    with,
                    note,
                    follow_up,
                    shared_with_company,
                    ..
                },
                Viewer::Company,
            ) => {
                if *with == CheckInWith::Resident {
                    return None;
                }
                if !*shared_with_company {
                    note.clear();
                    *follow_up = None;
                }
            }
            (EventKind::Review { note, .. }, Viewer::Resident) => note.clear(),
            _ => {}
        }
        if &seen.actor.user != me {
            seen.actor.user = UserId(String::new());
        }
        Some(seen)
    }
}

impl EngagementState {
    /// The state as one side may read it: a check-in held with the other side alone and the
    /// hub's handover notes are the hub's working notes, not for the resident or the company.
    /// The company reads a check-in's note and follow-up only when the hub shared them with it
    /// (`shared_with_company`); otherwise it sees that the check-in happened and its mood.
    pub fn as_seen_by(&self, viewer: Viewer) -> EngagementState {
        let mut seen = self.clone();
        let shared_with = |with: CheckInWith| match viewer {
            Viewer::Hub => true,
            Viewer::Resident => with != CheckInWith::Company,
            Viewer::Company => with != CheckInWith::Resident,
        };
        seen.checkins.retain(|c| shared_with(c.with));
        if viewer == Viewer::Company {
            for c in seen.checkins.iter_mut().filter(|c| !c.shared_with_company) {
                c.note.clear();
                c.follow_up = None;
            }
        }
        if viewer != Viewer::Hub {
            seen.notes.clear();
        }
        seen
    }

    pub fn resident(&self) -> Option<&ResidentId> {
        self.parties.as_ref().map(|p| &p.resident)
    }

    pub fn is_mutual(&self) -> bool {
        self.resident_interest_at.is_some() && self.company_interest_at.is_some()
    }

    /// Personal contact details may be shown to both sides: mutual interest, plus accepted
    /// confidentiality terms when the job needs them. Stays true after the engagement ends.
    pub fn contact_revealed(&self) -> bool {
        self.is_mutual() && (!self.needs_terms || self.terms_version.is_some())
    }

    /// Whether contacts may be shown *now*: mutual interest and, when the job as it stands now
    /// needs terms (its data level may have been raised since the engagement opened), an
    /// acceptance whose text is the text in force (`accepted_text_current`: the hash kept at
    /// acceptance equals the hash of that version's text now).
    pub fn contacts_open(&self, needs_terms_now: bool, accepted_text_current: bool) -> bool {
        self.is_mutual()
            && (!(needs_terms_now || self.needs_terms)
                || (self.terms_version.is_some() && accepted_text_current))
    }

    pub fn last_checkin(&self) -> Option<DateTime<Utc>> {
        self.checkins.last().map(|c| c.at)
    }

    /// Sum of hours reported at check-ins.
    pub fn hours_worked(&self) -> u64 {
        self.checkins
            .iter()
            .map(|c| u64::from(c.hours_worked))
            .sum()
    }

    /// End of the planned trial period.
    pub fn trial_ends_at(&self) -> Option<DateTime<Utc>> {
        self.trial_started_at
            .map(|t| add_weeks(t, u64::from(self.trial_weeks)))
    }

    /// Scheduled check-in slots satisfied, and of those satisfied on time.
    pub fn slots_on_time(&self) -> (u32, u32) {
        self.checkins.iter().fold((0u32, 0u32), |(on, all), c| {
            (
                on.saturating_add(c.slots_on_time),
                all.saturating_add(c.slots_satisfied),
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// No `Proposed` event before this one.
    NotProposed,
    AlreadyProposed,
    /// The event belongs to another engagement.
    OtherEngagement,
    RoleNotAllowed,
    /// A resident or company tried to show interest for the other side.
    WrongSide,
    AlreadyShown,
    AlreadyAccepted,
    NotAllowedInStage,
    TermsNotAccepted,
    AlreadyEnded,
    AlreadyReviewed,
    InvalidValue,
    /// Another event with the same id but different content.
    DuplicateEvent,
}

impl ReasonCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::NotProposed => "not_proposed",
            ReasonCode::AlreadyProposed => "already_proposed",
            ReasonCode::OtherEngagement => "other_engagement",
            ReasonCode::RoleNotAllowed => "role_not_allowed",
            ReasonCode::WrongSide => "wrong_side",
            ReasonCode::AlreadyShown => "already_shown",
            ReasonCode::AlreadyAccepted => "already_accepted",
            ReasonCode::NotAllowedInStage => "not_allowed_in_stage",
            ReasonCode::TermsNotAccepted => "terms_not_accepted",
            ReasonCode::AlreadyEnded => "already_ended",
            ReasonCode::AlreadyReviewed => "already_reviewed",
            ReasonCode::InvalidValue => "invalid_value",
            ReasonCode::DuplicateEvent => "duplicate_event",
        }
    }
}

/// Why an event cannot be applied, as a code for programs and plain words for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}: {}", .code.as_str(), .message.en)]
pub struct TransitionError {
    pub code: ReasonCode,
    pub message: Localized,
}

/// Starting a trial opens the work to the resident, so it needs what contacts need *now*: the
/// job's data level may have been raised since the engagement opened (`needs_terms` in the state
/// is the level at opening), and an acceptance counts only for the text in force.
pub fn check_trial_start_terms(
    state: &EngagementState,
    needs_terms_now: bool,
    accepted_text_current: bool,
) -> Result<(), TransitionError> {
    if state.is_mutual() && !state.contacts_open(needs_terms_now, accepted_text_current) {
        return Err(err(
            ReasonCode::TermsNotAccepted,
            "守秘義務の規約への同意が先に必要です（仕事で扱うデータが変わりました）。",
            "The resident must accept the confidentiality terms first (the data this work touches has changed).",
        ));
    }
    Ok(())
}

fn err(code: ReasonCode, ja: &str, en: &str) -> TransitionError {
    TransitionError {
        code,
        message: Localized::new(ja, en),
    }
}

fn not_in_stage(stage: Stage, what_ja: &str, what_en: &str) -> TransitionError {
    let label = stage.label();
    TransitionError {
        code: ReasonCode::NotAllowedInStage,
        message: Localized::new(
            format!("「{}」の段階では{}できません。", label.ja, what_ja),
            format!(
                "Cannot {} while the engagement is \"{}\".",
                what_en, label.en
            ),
        ),
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn check_values(kind: &EventKind) -> Result<(), TransitionError> {
    let bad = |ja: &str, en: &str| Err(err(ReasonCode::InvalidValue, ja, en));
    match kind {
        EventKind::TrialStarted { trial_weeks } if !(1..=MAX_TRIAL_WEEKS).contains(trial_weeks) => {
            bad(
                "お試し期間は1〜26週で指定してください。",
                "A trial lasts 1 to 26 weeks.",
            )
        }
        EventKind::CheckIn { mood, .. } if !(1..=5).contains(mood) => bad(
            "調子は1〜5で記録してください。",
            "Mood is recorded from 1 to 5.",
        ),
        EventKind::CheckIn { hours_worked, .. } if *hours_worked > MAX_CHECKIN_HOURS => bad(
            "稼働時間が多すぎます。入力を確認してください。",
            "Too many hours for one check-in. Please check the number.",
        ),
        EventKind::Renewed { weeks } if !(1..=MAX_RENEWAL_WEEKS).contains(weeks) => bad(
            "更新期間は1〜104週で指定してください。",
            "A renewal lasts 1 to 104 weeks.",
        ),
        EventKind::Review { rating, .. } if !(1..=5).contains(rating) => {
            bad("評価は1〜5で記録してください。", "A rating is from 1 to 5.")
        }
        EventKind::Paused { reason } | EventKind::Cancelled { reason } if blank(reason) => {
            bad("理由を書いてください。", "Please give a reason.")
        }
        EventKind::Note { text } if blank(text) => bad("メモが空です。", "The note is empty."),
        _ => Ok(()),
    }
}

/// Applies one event to a state: the new state, or why the event is not valid here.
pub fn apply(
    state: &EngagementState,
    event: &EngagementEvent,
) -> Result<EngagementState, TransitionError> {
    let mut next = state.clone();
    apply_in_place(&mut next, event)?;
    Ok(next)
}

/// Like [`apply`], in place. On error the state is untouched: every check runs before any change.
fn apply_in_place(s: &mut EngagementState, ev: &EngagementEvent) -> Result<(), TransitionError> {
    if let Some(id) = &s.engagement_id
        && *id != ev.engagement_id
    {
        return Err(err(
            ReasonCode::OtherEngagement,
            "別の案件の記録です。",
            "This event belongs to another engagement.",
        ));
    }
    let role = ev.actor.role;
    if !allowed_roles(&ev.kind).contains(&role) {
        if let EventKind::InterestShown { .. } = ev.kind
            && matches!(role, Role::Resident | Role::Company)
        {
            return Err(err(
                ReasonCode::WrongSide,
                "相手側の関心を代わりに示すことはできません。",
                "You can only show interest for your own side.",
            ));
        }
        return Err(err(
            ReasonCode::RoleNotAllowed,
            "この立場ではこの操作はできません。",
            "Your role cannot do this.",
        ));
    }
    check_values(&ev.kind)?;
    let at = ev.at;
    let stage = s.stage;
    if stage == Stage::Empty && !matches!(ev.kind, EventKind::Proposed { .. }) {
        return Err(err(
            ReasonCode::NotProposed,
            "まだ提案されていない案件です。",
            "This engagement has not been proposed yet.",
        ));
    }
    let ended = stage.is_ended();
    if ended && !matches!(ev.kind, EventKind::Note { .. } | EventKind::Review { .. }) {
        return Err(err(
            ReasonCode::AlreadyEnded,
            "この案件はすでに終了しています。",
            "This engagement has already ended.",
        ));
    }
    match &ev.kind {
        EventKind::Proposed {
            job,
            company,
            resident,
            needs_terms,
            hours_per_week,
        } => {
            if stage != Stage::Empty {
                return Err(err(
                    ReasonCode::AlreadyProposed,
                    "この案件はすでに提案されています。",
                    "This engagement has already been proposed.",
                ));
            }
            s.engagement_id = Some(ev.engagement_id.clone());
            s.parties = Some(Parties {
                job: job.clone(),
                company: company.clone(),
                resident: resident.clone(),
            });
            s.needs_terms = *needs_terms;
            s.hours_per_week = *hours_per_week;
            s.proposed_at = Some(at);
            s.stage = Stage::Proposed;
        }
        EventKind::InterestShown { side } => {
            let mine = match side {
                Side::Resident => s.resident_interest_at,
                Side::Company => s.company_interest_at,
            };
            if mine.is_some() {
                return Err(err(
                    ReasonCode::AlreadyShown,
                    "関心はすでに示されています。",
                    "Interest has already been shown.",
                ));
            }
            let next = match stage {
                Stage::Proposed => Stage::Interest { side: *side },
                Stage::Interest { side: other } if other == side.other() => Stage::Matched,
                _ => return Err(not_in_stage(stage, "関心を示すことは", "show interest")),
            };
            match side {
                Side::Resident => s.resident_interest_at = Some(at),
                Side::Company => s.company_interest_at = Some(at),
            }
            if next == Stage::Matched {
                s.matched_at = Some(at);
            }
            s.stage = next;
        }
        EventKind::TermsAccepted { version, text_hash } => {
            if s.terms_version.is_some_and(|v| v >= *version) {
                return Err(err(
                    ReasonCode::AlreadyAccepted,
                    "この版の規約はすでに同意済みです。",
                    "These terms (or a newer version) are already accepted.",
                ));
            }
            s.terms_version = Some(*version);
            s.terms_text_hash.clone_from(text_hash);
            s.terms_accepted_at.get_or_insert(at);
            s.terms_version_accepted_at = Some(at);
        }
        EventKind::TrialStarted { trial_weeks } => {
            if stage != Stage::Matched {
                return Err(not_in_stage(stage, "お試しを始めることは", "start a trial"));
            }
            if !s.contact_revealed() {
                return Err(err(
                    ReasonCode::TermsNotAccepted,
                    "守秘義務の規約への同意が先に必要です。",
                    "The resident must accept the confidentiality terms first.",
                ));
            }
            s.trial_started_at = Some(at);
            s.trial_weeks = *trial_weeks;
            s.schedule_anchor = Some(at);
            s.slots_done = 0;
            s.stage = Stage::Trial;
        }
        EventKind::TrialPassed => {
            if stage != Stage::Trial {
                return Err(not_in_stage(stage, "本採用にすることは", "pass the trial"));
            }
            s.working_since = Some(at);
            s.stage = Stage::Working;
        }
        EventKind::CheckIn {
            mood,
            hours_worked,
            note,
            follow_up,
            with,
            shared_with_company,
            next_on,
        } => {
            if stage.running().is_none() {
                return Err(not_in_stage(
                    stage,
                    "定期面談を記録することは",
                    "record a check-in",
                ));
            }
            if next_on.is_some_and(|d| d <= crate::metrics::jst_date(at)) {
                return Err(err(
                    ReasonCode::InvalidValue,
                    "次のチェックインの日は、今回より後の日にしてください。",
                    "The next check-in must be after this one.",
                ));
            }
            s.next_checkin_on = *next_on;
            let anchor = s.schedule_anchor.unwrap_or(at);
            let done = s.slots_done;
            let reach = slots_due_by(anchor, add_secs(at, CHECKIN_EARLY_DAYS * DAY_SECS));
            let new_done = done.max(reach);
            // Slots due before `at - grace` are late; the others it satisfies are on time.
            let late_by = slots_due_by(anchor, add_nanos(at, -(CHECKIN_GRACE_DAYS * DAY_SECS), -1));
            let late = late_by.clamp(done, new_done) - done;
            s.slots_done = new_done;
            s.checkins.push(CheckInRecord {
                at,
                by: ev.actor.user.clone(),
                mood: *mood,
                hours_worked: *hours_worked,
                with: *with,
                note: note.clone(),
                follow_up: follow_up.clone(),
                // Only a check-in held with the company can carry a note for it.
                shared_with_company: *shared_with_company && *with != CheckInWith::Resident,
                slots_satisfied: new_done - done,
                slots_on_time: new_done - done - late,
            });
        }
        EventKind::Paused { reason } => {
            let Some(running) = stage.running() else {
                return Err(not_in_stage(stage, "一時休止することは", "pause"));
            };
            s.paused_at = Some(at);
            // The schedule moves with the pause; a date chosen before it no longer holds.
            s.next_checkin_on = None;
            s.pause_reason = Some(reason.clone());
            s.pauses = s.pauses.saturating_add(1);
            s.stage = Stage::Paused { resume_to: running };
        }
        EventKind::Resumed => {
            let Stage::Paused { resume_to } = stage else {
                return Err(not_in_stage(stage, "再開することは", "resume"));
            };
            if let (Some(anchor), Some(paused_at)) = (s.schedule_anchor, s.paused_at) {
                let pause = at.signed_duration_since(paused_at).max(TimeDelta::zero());
                s.schedule_anchor = Some(add_delta(anchor, pause));
            }
            s.paused_at = None;
            s.stage = resume_to.stage();
        }
        EventKind::Completed => {
            if stage.running().is_none() && !matches!(stage, Stage::Paused { .. }) {
                return Err(not_in_stage(stage, "完了にすることは", "complete"));
            }
            s.ended_at = Some(at);
            s.paused_at = None;
            s.stage = Stage::Completed;
        }
        EventKind::Renewed { weeks } => {
            if !matches!(stage, Stage::Working | Stage::Renewed) {
                return Err(not_in_stage(stage, "契約を更新することは", "renew"));
            }
            s.renewals = s.renewals.saturating_add(1);
            s.renewed_weeks = s.renewed_weeks.saturating_add(*weeks);
            s.first_renewed_at.get_or_insert(at);
            s.stage = Stage::Renewed;
        }
        EventKind::Cancelled { reason } => {
            s.ended_at = Some(at);
            s.cancel_reason = Some(reason.clone());
            s.cancelled_by = Some(role);
            s.paused_at = None;
            s.stage = Stage::Cancelled;
        }
        EventKind::Note { text } => {
            s.notes.push(HandoverNote {
                at,
                by: ev.actor.user.clone(),
                text: text.clone(),
            });
        }
        EventKind::Review { rating, note } => {
            if stage != Stage::Completed {
                return Err(not_in_stage(stage, "評価を記録することは", "review"));
            }
            if s.review.is_some() {
                return Err(err(
                    ReasonCode::AlreadyReviewed,
                    "評価はすでに記録されています。",
                    "A review has already been recorded.",
                ));
            }
            s.review = Some(ReviewRecord {
                at,
                by: ev.actor.user.clone(),
                rating: *rating,
                note: note.clone(),
            });
        }
    }
    s.last_activity = Some(s.last_activity.map_or(at, |t| t.max(at)));
    Ok(())
}

/// An event that could not be applied, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub event: EngagementEvent,
    pub error: TransitionError,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Folded {
    pub state: EngagementState,
    /// Events kept aside, in fold order.
    pub rejected: Vec<Rejected>,
}

/// The canonical order of events: by time, then id, then content (only malformed duplicates of
/// an id get that far).
pub fn canonical_order(a: &EngagementEvent, b: &EngagementEvent) -> std::cmp::Ordering {
    a.at.cmp(&b.at)
        .then_with(|| a.id.cmp(&b.id))
        .then_with(|| a.cmp(b))
}

/// Folds the events of one engagement, in any input order, into its state.
///
/// Exact copies of an event (same id, same content) are dropped silently; a second event with an
/// id already used but different content is rejected as [`ReasonCode::DuplicateEvent`].
pub fn fold(events: &[EngagementEvent]) -> Folded {
    let mut sorted: Vec<&EngagementEvent> = events.iter().collect();
    sorted.sort_by(|a, b| canonical_order(a, b));
    let mut out = Folded::default();
    let mut seen: BTreeSet<&EventId> = BTreeSet::new();
    let mut prev: Option<&EngagementEvent> = None;
    for ev in sorted {
        if prev == Some(ev) {
            continue;
        }
        prev = Some(ev);
        if !seen.insert(&ev.id) {
            out.rejected.push(Rejected {
                event: ev.clone(),
                error: err(
                    ReasonCode::DuplicateEvent,
                    "同じIDの別の記録があります。",
                    "Another event already has this id.",
                ),
            });
            continue;
        }
        if let Err(error) = apply_in_place(&mut out.state, ev) {
            out.rejected.push(Rejected {
                event: ev.clone(),
                error,
            });
        }
    }
    out
}

/// Groups events by engagement and folds each group.
pub fn fold_all(events: &[EngagementEvent]) -> BTreeMap<EngagementId, Folded> {
    let mut groups: BTreeMap<&EngagementId, Vec<EngagementEvent>> = BTreeMap::new();
    for ev in events {
        groups
            .entry(&ev.engagement_id)
            .or_default()
            .push(ev.clone());
    }
    groups
        .into_iter()
        .map(|(id, evs)| (id.clone(), fold(&evs)))
        .collect()
}

const DAY_SECS: i64 = 86_400;
const WEEK_SECS: i64 = 7 * DAY_SECS;

fn add_delta(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(if d > TimeDelta::zero() {
        DateTime::<Utc>::MAX_UTC
    } else {
        DateTime::<Utc>::MIN_UTC
    })
}

fn add_secs(t: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    add_nanos(t, secs, 0)
}

fn add_nanos(t: DateTime<Utc>, secs: i64, nanos: i64) -> DateTime<Utc> {
    let d = TimeDelta::try_seconds(secs)
        .and_then(|d| d.checked_add(&TimeDelta::nanoseconds(nanos)))
        .unwrap_or(if secs >= 0 {
            TimeDelta::MAX
        } else {
            TimeDelta::MIN
        });
    add_delta(t, d)
}

fn add_weeks(t: DateTime<Utc>, weeks: u64) -> DateTime<Utc> {
    let secs = i64::try_from(weeks)
        .ok()
        .and_then(|w| w.checked_mul(WEEK_SECS));
    match secs {
        Some(secs) => add_secs(t, secs),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// Weeks after the schedule origin at which check-in slot `k` (0-based) is due:
/// 2, 6, 12, then every 13 weeks (25, 38, …).
pub fn checkin_offset_weeks(k: u32) -> u64 {
    match k {
        0..=2 => u64::from(FIRST_CHECKIN_WEEKS[k as usize]),
        _ => 12 + u64::from(QUARTERLY_CHECKIN_WEEKS) * u64::from(k - 2),
    }
}

/// How many slots of a schedule starting at `anchor` are due at or before `limit`.
fn slots_due_by(anchor: DateTime<Utc>, limit: DateTime<Utc>) -> u32 {
    let e = limit.signed_duration_since(anchor).num_seconds();
    let mut n = 0u32;
    for w in FIRST_CHECKIN_WEEKS {
        if i64::from(w) * WEEK_SECS <= e {
            n += 1;
        } else {
            return n;
        }
    }
    let rest = e - 12 * WEEK_SECS;
    let extra = rest / (i64::from(QUARTERLY_CHECKIN_WEEKS) * WEEK_SECS);
    n.saturating_add(u32::try_from(extra).unwrap_or(u32::MAX))
}

/// When the next check-in is due; `None` unless trial, working or renewed. The date the hub
/// chose at the latest check-in (its start in Japan), else the schedule's next slot.
pub fn next_checkin_due(state: &EngagementState) -> Option<DateTime<Utc>> {
    state.stage.running()?;
    if let Some(day) = state.next_checkin_on {
        let midnight_jst = day.and_hms_opt(0, 0, 0)?.and_utc();
        return midnight_jst.checked_sub_signed(TimeDelta::hours(9));
    }
    let anchor = state.schedule_anchor?;
    Some(add_weeks(anchor, checkin_offset_weeks(state.slots_done)))
}

/// The next check-in's grace period has passed without one.
pub fn is_overdue(state: &EngagementState, now: DateTime<Utc>) -> bool {
    next_checkin_due(state).is_some_and(|due| now > add_secs(due, CHECKIN_GRACE_DAYS * DAY_SECS))
}

/// Active (proposed … renewed, not paused, not ended) and nothing happened — no check-in, no
/// event at all — for at least `n_days` days.
pub fn is_stalled(state: &EngagementState, now: DateTime<Utc>, n_days: u32) -> bool {
    state.stage.is_active()
        && state.last_activity.is_some_and(|last| {
            now.signed_duration_since(last) >= TimeDelta::days(i64::from(n_days))
        })
}

/// Still in trial after the planned trial length: the company and hub should decide.
pub fn trial_decision_due(state: &EngagementState, now: DateTime<Utc>) -> bool {
    state.stage == Stage::Trial && state.trial_ends_at().is_some_and(|end| now >= end)
}

/// The columns of the hub's board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PipelineStage {
    Proposed,
    Interest,
    Matched,
    Trial,
    Working,
    Renewed,
    Ended,
}

impl PipelineStage {
    pub const ALL: [PipelineStage; 7] = [
        PipelineStage::Proposed,
        PipelineStage::Interest,
        PipelineStage::Matched,
        PipelineStage::Trial,
        PipelineStage::Working,
        PipelineStage::Renewed,
        PipelineStage::Ended,
    ];

    /// The wire name (serde's), for the board's ids and data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineStage::Proposed => "proposed",
            PipelineStage::Interest => "interest",
            PipelineStage::Matched => "matched",
            PipelineStage::Trial => "trial",
            PipelineStage::Working => "working",
            PipelineStage::Renewed => "renewed",
            PipelineStage::Ended => "ended",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            PipelineStage::Proposed => Localized::new("提案", "Proposed"),
            PipelineStage::Interest => Localized::new("関心あり", "Interest"),
            PipelineStage::Matched => Localized::new("マッチング", "Matched"),
            PipelineStage::Trial => Localized::new("お試し", "Trial"),
            PipelineStage::Working => Localized::new("就業中", "Working"),
            PipelineStage::Renewed => Localized::new("更新", "Renewed"),
            PipelineStage::Ended => Localized::new("終了", "Ended"),
        }
    }
}

/// The board column of an engagement; a paused one stays in the column it was paused from
/// (show it with a "paused" badge). `None` for an empty state.
pub fn pipeline_column(state: &EngagementState) -> Option<PipelineStage> {
    let stage = match state.stage {
        Stage::Paused { resume_to } => resume_to.stage(),
        s => s,
    };
    Some(match stage {
        Stage::Empty => return None,
        Stage::Proposed => PipelineStage::Proposed,
        Stage::Interest { .. } => PipelineStage::Interest,
        Stage::Matched => PipelineStage::Matched,
        Stage::Trial => PipelineStage::Trial,
        Stage::Working => PipelineStage::Working,
        Stage::Renewed => PipelineStage::Renewed,
        Stage::Paused { .. } | Stage::Completed | Stage::Cancelled => PipelineStage::Ended,
    })
}

/// A resident's track record from engagement states (others' engagements are skipped).
///
/// finished = completed; renewed = engagements renewed at least once; active = trial, working or
/// renewed now (paused ones are not counted); check-ins = scheduled slots satisfied, on time or
/// not (extra check-ins are not counted, overdue slots count once a later check-in catches up);
/// reviews = the company's reviews of finished work, with their sum for the average.
pub fn track_record<'a>(
    resident: &ResidentId,
    engagements: impl IntoIterator<Item = &'a EngagementState>,
) -> TrackRecord {
    let mut t = TrackRecord::default();
    for s in engagements
        .into_iter()
        .filter(|s| s.resident() == Some(resident))
    {
        if s.stage == Stage::Completed {
            t.finished += 1;
        }
        if s.renewals > 0 {
            t.renewed += 1;
        }
        if s.stage.running().is_some() {
            t.active += 1;
        }
        let (on, all) = s.slots_on_time();
        t.checkins_on_time = t.checkins_on_time.saturating_add(on);
        t.checkins_total = t.checkins_total.saturating_add(all);
        if let Some(review) = &s.review {
            t.reviews = t.reviews.saturating_add(1);
            t.rating_total = t.rating_total.saturating_add(u32::from(review.rating));
        }
    }
    t
}

#[cfg(test)]
mod tests;
