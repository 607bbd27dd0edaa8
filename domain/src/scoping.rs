//! 仕事の切り出し with the hub (推進ハブ): a company's rough request in its own words, the hub's
//! proposal that splits it into task cards (each a job form, with the team the domain would form
//! for it), and the company's answer.
//!
//! Each lives under its own key with one writer: the request by whoever wrote it down (once), the
//! proposal by the hub (a new version each time it is revised), the answer by the company, naming
//! the version it answers. No two parties ever write the same key, and a proposal revised after
//! the company answered is simply open again ([`status`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::WorkRequestId;
use crate::model::{CompanyId, JobId, Localized, RegionId, ResidentId, TaskKindId, UserId};
use crate::needs::{self, JobPreview, NeedProposal, ONE_PERSON_HOURS};
use crate::team::Team;
use crate::text::HOUR_UNITS;
use crate::validate::checker::{Checker, label};
use crate::validate::job::MAX_JOB_HOURS;
use crate::validate::{JobInput, Raw, ValidJob, ValidationContext, ValidationErrors};
use crate::vocabulary::Taxonomy;

pub const MAX_REQUEST_TEXT: usize = 1000;
/// Most task cards one proposal holds; a larger request is two proposals.
pub const MAX_CARDS: usize = 6;
pub const MAX_NOTE: usize = 1000;
pub const MAX_REASON: usize = 500;

/// A request as typed: by the company, or by the hub for a company (after a call or a visit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkRequestInput {
    /// Only when the hub writes the request down: the company it is for.
    pub company: Raw,
    pub text: Raw,
    /// Total hours a week, if the company can say; optional.
    pub hours_per_week: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidWorkRequest {
    pub text: String,
    pub hours_per_week: Option<u32>,
}

impl WorkRequestInput {
    /// The text and hours; the handler checks `company` against the hub's region.
    pub fn validate(&self) -> Result<ValidWorkRequest, ValidationErrors> {
        let mut c = Checker::default();
        let text = c.text(
            "text",
            label("ご相談の内容", "the request"),
            &self.text,
            MAX_REQUEST_TEXT,
        );
        let hours = c.optional_number(
            "hours_per_week",
            label(
                "1週間の仕事量の見込み（時間）",
                "the hours a week you expect",
            ),
            &self.hours_per_week,
            HOUR_UNITS,
            1..=MAX_JOB_HOURS,
        );
        match (text, hours) {
            (Some(text), Some(hours_per_week)) => c.into_result(ValidWorkRequest {
                text,
                hours_per_week,
            }),
            _ => Err(c.into_errors()),
        }
    }
}

/// The hub wrote a request down for a company that is not one of its region's.
pub fn unknown_company() -> ValidationErrors {
    ValidationErrors(vec![crate::validate::FieldError {
        field: "company".to_owned(),
        code: crate::validate::ErrorCode::InvalidChoice,
        message: Localized::new(
            "相談を受けた企業を、圏域の企業の一覧から選んでください。",
            "Choose the company from your region's list.",
        ),
    }])
}

/// Who wrote the request down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Company,
    Hub,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRequest {
    pub id: WorkRequestId,
    pub company: CompanyId,
    pub region: RegionId,
    pub text: String,
    pub hours_per_week: Option<u32>,
    pub written_by: Author,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

/// The hub's first split of a request: the needs its words name, each as a task card (an
/// editable job form). Hours the company stated are spread over the cards in proportion to each
/// card's usual size, and a card above one person's hours is opened to a team. Empty when the
/// words name no known need: the hub then picks cards from the list itself.
pub fn first_split(request: &WorkRequest, taxonomy: &Taxonomy) -> Vec<NeedProposal> {
    let mut cards = needs::named_in(&request.text, taxonomy);
    cards.truncate(MAX_CARDS);
    if let Some(total) = request.hours_per_week {
        let usual: Vec<u32> = cards.iter().map(|c| hours_of(&c.draft)).collect();
        for (card, hours) in cards.iter_mut().zip(spread(total, &usual)) {
            set_hours(&mut card.draft, hours);
        }
    }
    cards
}

fn hours_of(draft: &JobInput) -> u32 {
    draft.hours_per_week.as_str().trim().parse().unwrap_or(1)
}

/// Gives a card its share: the minimum per person never exceeds the card, and more than one
/// person's hours is work for a team.
fn set_hours(draft: &mut JobInput, hours: u32) {
    draft.hours_per_week = Raw(hours.to_string());
    let min = draft
        .min_hours_per_person
        .as_str()
        .trim()
        .parse()
        .unwrap_or(hours);
    draft.min_hours_per_person = Raw(hours.min(min).max(1).to_string());
    if hours > ONE_PERSON_HOURS {
        draft.team_allowed = Raw("true".to_owned());
    }
}

/// `total` in parts proportional to `weights` (largest remainders, ties to the earlier part),
/// each part at least 1 while `total` allows it. The parts sum to `total`.
pub fn spread(total: u32, weights: &[u32]) -> Vec<u32> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: u64 = weights.iter().map(|&w| u64::from(w.max(1))).sum();
    let share = |w: u32| u64::from(total) * u64::from(w.max(1));
    let mut parts: Vec<u32> = weights
        .iter()
        .map(|&w| u32::try_from(share(w) / sum).unwrap_or(total))
        .collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(share(weights[i]) % sum));
    let given: u32 = parts.iter().sum();
    for &i in order.iter().cycle().take((total - given) as usize) {
        parts[i] += 1;
    }
    // A card of 0 hours is no card: take an hour from the largest part while one has two.
    while let Some(empty) = parts.iter().position(|&p| p == 0) {
        let Some(largest) = (0..parts.len())
            .filter(|&i| parts[i] > 1)
            .max_by_key(|&i| parts[i])
        else {
            break;
        };
        parts[largest] -= 1;
        parts[empty] = 1;
    }
    parts
}

/// The hub's proposal as sent: the task cards and a note to the company.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScopeInput {
    #[serde(deserialize_with = "crate::validate::loose_list")]
    pub cards: Vec<JobInput>,
    pub note: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidScope {
    pub cards: Vec<ValidJob>,
    pub note: String,
}

impl ScopeInput {
    /// Every card is checked as the company's own job form is; a card's errors name the card
    /// (`cards[1].hours_per_week`, "作業カード2: …").
    pub fn validate(&self, ctx: &ValidationContext<'_>) -> Result<ValidScope, ValidationErrors> {
        let mut c = Checker::default();
        let note = c.optional_text(
            "note",
            label("会社へのひとこと", "the note to the company"),
            &self.note,
            MAX_NOTE,
        );
        let counted = c.list_len(
            "cards",
            label("作業カード", "task cards"),
            &self.cards,
            true,
            MAX_CARDS,
        );
        let mut cards = Vec::with_capacity(self.cards.len());
        for (i, card) in self.cards.iter().enumerate().take(MAX_CARDS) {
            match card.validate(ctx) {
                Ok(job) => cards.push(job),
                Err(errors) => name_card(&mut c, i, errors),
            }
        }
        match note {
            Some(note) if counted && cards.len() == self.cards.len() => {
                c.into_result(ValidScope { cards, note })
            }
            _ => Err(c.into_errors()),
        }
    }
}

/// What posting holds a proposal's cards to ([`ValidJob::check_posting`]: the minimum wage in
/// each card's work prefecture, the pay calendar, on `on`): a card that fails is named as its
/// field errors are (`cards[0].pay_yen`, "作業カード1: …"). Checked when the hub checks or sends a
/// proposal and again when the company accepts it.
pub fn check_posting<'a>(
    cards: impl IntoIterator<Item = &'a ValidJob>,
    company_prefecture: Option<u8>,
    region_prefecture: u8,
    on: chrono::NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut c = Checker::default();
    for (i, card) in cards.into_iter().enumerate() {
        if let Err(errors) = card.check_posting(company_prefecture, region_prefecture, on) {
            name_card(&mut c, i, errors);
        }
    }
    c.into_result(())
}

fn name_card(c: &mut Checker, i: usize, errors: ValidationErrors) {
    for e in errors.0 {
        c.push(
            &format!("cards[{i}].{}", e.field),
            e.code,
            format!("作業カード{}: {}", i + 1, e.message.ja),
            format!("Task card {}: {}", i + 1, e.message.en),
        );
    }
}

/// What the company is shown of a card's team: how many people, their hours and tasks, which
/// tasks have a backup and what is still open. No one is named: the company meets the people
/// on the job's own team page once it has accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOutline {
    pub members: Vec<MemberOutline>,
    pub tasks_with_backup: usize,
    pub uncovered_tasks: Vec<TaskKindId>,
    pub uncovered_hours: u32,
    pub summary: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberOutline {
    pub hours: u32,
    pub tasks: Vec<TaskKindId>,
}

impl From<&Team> for TeamOutline {
    fn from(team: &Team) -> Self {
        TeamOutline {
            members: team
                .members
                .iter()
                .map(|m| MemberOutline {
                    hours: m.hours,
                    tasks: m.tasks.clone(),
                })
                .collect(),
            tasks_with_backup: team.backups.iter().filter(|b| b.backup.is_some()).count(),
            uncovered_tasks: team.uncovered_tasks.clone(),
            uncovered_hours: team.uncovered_hours,
            summary: team.summary.clone(),
        }
    }
}

impl TeamOutline {
    /// "3人・週12/10/8時間・2つの作業に控えあり" in plain words, for the company.
    pub fn text(&self) -> Localized {
        let hours: Vec<String> = self.members.iter().map(|m| m.hours.to_string()).collect();
        let backups = match self.tasks_with_backup {
            0 => Localized::new("控えの人はまだいません", "no backup yet"),
            n => Localized {
                ja: format!("{n}つの作業に控えの人がいます"),
                en: format!("a backup for {n} task(s)"),
            },
        };
        Localized {
            ja: format!(
                "{}人（週{}時間）・{}",
                self.members.len(),
                hours.join("・"),
                backups.ja
            ),
            en: format!(
                "{} people ({} h a week) · {}",
                self.members.len(),
                hours.join(", "),
                backups.en
            ),
        }
    }
}

/// A card's size and pay in one line: "週30時間・12週間・時給1,300円".
pub fn card_line(job: &ValidJob) -> Localized {
    use crate::matching::thousands;
    use crate::model::Pay;
    let (pay_ja, pay_en) = match job.pay {
        Pay::Hourly { yen } => (
            format!("時給{}円", thousands(yen)),
            format!("{} yen an hour", thousands(yen)),
        ),
        Pay::PerTask { yen, .. } => (
            format!("1件{}円", thousands(yen)),
            format!("{} yen per task", thousands(yen)),
        ),
    };
    Localized {
        ja: format!(
            "週{}時間・{}週間・{pay_ja}",
            job.hours_per_week, job.duration_weeks
        ),
        en: format!(
            "{} h a week · {} weeks · {pay_en}",
            job.hours_per_week, job.duration_weeks
        ),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopedCard {
    pub job: ValidJob,
    pub team: TeamOutline,
}

/// One version of the hub's proposal for a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeProposal {
    pub request: WorkRequestId,
    pub version: u32,
    pub cards: Vec<ScopedCard>,
    pub note: String,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

/// The company's answer as sent: `accept` or `decline` (with a reason), for `version`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub decision: Raw,
    pub version: Raw,
    pub reason: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Decline { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAnswer {
    pub decision: Decision,
    pub version: u32,
}

#[derive(Clone, Copy)]
enum DecisionKind {
    Accept,
    Decline,
}

impl AnswerInput {
    /// A decline needs a reason: the hub revises the proposal from it.
    pub fn validate(&self) -> Result<ValidAnswer, ValidationErrors> {
        let mut c = Checker::default();
        let kind = c.choice(
            "decision",
            label("お返事", "your answer"),
            &self.decision,
            &[
                ("accept", DecisionKind::Accept),
                ("decline", DecisionKind::Decline),
            ],
        );
        let version = c.number(
            "version",
            label("提案の版", "the proposal's version"),
            &self.version,
            &[],
            1..=u32::MAX,
        );
        let decision = match kind {
            Some(DecisionKind::Accept) => Some(Decision::Accept),
            Some(DecisionKind::Decline) => c
                .text(
                    "reason",
                    label("見送る理由", "the reason for declining"),
                    &self.reason,
                    MAX_REASON,
                )
                .map(|reason| Decision::Decline { reason }),
            None => None,
        };
        match (decision, version) {
            (Some(decision), Some(version)) => c.into_result(ValidAnswer { decision, version }),
            _ => Err(c.into_errors()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The cards became these jobs, in card order.
    Accepted {
        jobs: Vec<JobId>,
    },
    Declined {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeAnswer {
    pub request: WorkRequestId,
    pub version: u32,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

/// Why a proposal or an answer is refused (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScopeRefusal {
    #[error("no proposal yet")]
    NoProposal,
    #[error("the proposal changed")]
    Stale { current: u32 },
    #[error("already answered")]
    AlreadyAnswered,
    #[error("already accepted")]
    AlreadyAccepted,
}

impl ScopeRefusal {
    pub fn code(self) -> &'static str {
        match self {
            ScopeRefusal::NoProposal => "no_proposal",
            ScopeRefusal::Stale { .. } => "proposal_changed",
            ScopeRefusal::AlreadyAnswered => "already_answered",
            ScopeRefusal::AlreadyAccepted => "already_accepted",
        }
    }

    pub fn message(self) -> Localized {
        match self {
            ScopeRefusal::NoProposal => Localized::new(
                "推進ハブからの提案はまだありません。",
                "The hub has not sent a proposal yet.",
            ),
            ScopeRefusal::Stale { current } => Localized {
                ja: format!(
                    "推進ハブが提案を見直しました（第{current}版）。新しい提案を読んでからお返事ください。"
                ),
                en: format!(
                    "The hub has revised the proposal (version {current}). Please read the new one before answering."
                ),
            },
            ScopeRefusal::AlreadyAnswered => Localized::new(
                "この提案にはすでにお返事をいただいています。",
                "This proposal has already been answered.",
            ),
            ScopeRefusal::AlreadyAccepted => Localized::new(
                "会社が提案を受け入れ、仕事はすでに掲載されています。変更は各仕事のページで行ってください。",
                "The company has accepted and the jobs are posted; change them on each job's page.",
            ),
        }
    }
}

/// May the company answer `version` now? Only the version in force, and only once.
pub fn check_answer(
    version: u32,
    proposal: Option<&ScopeProposal>,
    answer: Option<&ScopeAnswer>,
) -> Result<(), ScopeRefusal> {
    let proposal = proposal.ok_or(ScopeRefusal::NoProposal)?;
    if version != proposal.version {
        return Err(ScopeRefusal::Stale {
            current: proposal.version,
        });
    }
    match answer {
        Some(a) if a.version == version => Err(ScopeRefusal::AlreadyAnswered),
        _ => Ok(()),
    }
}

/// May the hub send a (revised) proposal? Not once one was accepted: the jobs exist then.
pub fn check_proposal(answer: Option<&ScopeAnswer>) -> Result<(), ScopeRefusal> {
    match answer {
        Some(ScopeAnswer {
            outcome: Outcome::Accepted { .. },
            ..
        }) => Err(ScopeRefusal::AlreadyAccepted),
        _ => Ok(()),
    }
}

pub fn next_version(previous: Option<&ScopeProposal>) -> u32 {
    previous.map_or(1, |p| p.version + 1)
}

/// Where a request stands, from the proposal in force and the company's latest answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the hub's proposal.
    New,
    /// Waiting for the company's answer to this version.
    Proposed {
        version: u32,
    },
    Accepted {
        version: u32,
        jobs: Vec<JobId>,
    },
    /// The hub revises from the reason.
    Declined {
        version: u32,
        reason: String,
    },
}

pub fn status(proposal: Option<&ScopeProposal>, answer: Option<&ScopeAnswer>) -> RequestStatus {
    let Some(proposal) = proposal else {
        return RequestStatus::New;
    };
    match answer {
        Some(a) if a.version == proposal.version => match &a.outcome {
            Outcome::Accepted { jobs } => RequestStatus::Accepted {
                version: a.version,
                jobs: jobs.clone(),
            },
            Outcome::Declined { reason } => RequestStatus::Declined {
                version: a.version,
                reason: reason.clone(),
            },
        },
        _ => RequestStatus::Proposed {
            version: proposal.version,
        },
    }
}

impl RequestStatus {
    pub fn code(&self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::Proposed { .. } => "proposed",
            RequestStatus::Accepted { .. } => "accepted",
            RequestStatus::Declined { .. } => "declined",
        }
    }

    pub fn label(&self) -> Localized {
        match self {
            RequestStatus::New => Localized::new("提案待ち", "Waiting for a proposal"),
            RequestStatus::Proposed { .. } => {
                Localized::new("会社のお返事待ち", "Waiting for the company")
            }
            RequestStatus::Accepted { .. } => {
                Localized::new("受け入れ・掲載済み", "Accepted and posted")
            }
            RequestStatus::Declined { .. } => {
                Localized::new("見送り・見直し待ち", "Declined: to revise")
            }
        }
    }

    /// The hub's next step comes first in its list: new requests, then declined ones to revise,
    /// then those waiting for the company, then the accepted.
    fn hub_rank(&self) -> u8 {
        match self {
            RequestStatus::New => 0,
            RequestStatus::Declined { .. } => 1,
            RequestStatus::Proposed { .. } => 2,
            RequestStatus::Accepted { .. } => 3,
        }
    }
}

/// A request with where it stands, for the hub's and the company's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub request: WorkRequest,
    pub company_name: String,
    pub status: RequestStatus,
    pub proposal: Option<ScopeProposal>,
    pub answer: Option<ScopeAnswer>,
}

impl RequestView {
    pub fn new(
        request: WorkRequest,
        company_name: String,
        proposal: Option<ScopeProposal>,
        answer: Option<ScopeAnswer>,
    ) -> Self {
        let status = status(proposal.as_ref(), answer.as_ref());
        RequestView {
            request,
            company_name,
            status,
            proposal,
            answer,
        }
    }
}

/// A request and where it stands, without the proposal's jobs: the hub's list, its workspace and
/// a company's handover timeline need no more (and the hub's wasm then reads no job).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBrief {
    pub request: WorkRequest,
    pub company_name: String,
    pub status: RequestStatus,
}

impl From<RequestView> for RequestBrief {
    fn from(v: RequestView) -> Self {
        RequestBrief {
            request: v.request,
            company_name: v.company_name,
            status: v.status,
        }
    }
}

/// How many proposals wait for the company's answer (its home page says so).
pub fn waiting_for_answer(list: &[RequestView]) -> usize {
    list.iter()
        .filter(|v| matches!(v.status, RequestStatus::Proposed { .. }))
        .count()
}

/// One `RequestView` of the company's list read for where it stands only (serde skips the
/// request, the proposal and the answer): the company's home counts the proposals waiting
/// without linking their readers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RequestStanding {
    pub status: StandingTag,
}

/// The `state` tag of a `RequestStatus`, without its fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StandingTag {
    pub state: String,
}

/// `waiting_for_answer` on the list read as `RequestStanding`.
pub fn waiting_in(list: &[RequestStanding]) -> usize {
    list.iter().filter(|v| v.status.state == "proposed").count()
}

/// The hub's list: what needs the hub first, newest first within each group.
pub fn hub_order(list: &mut [RequestBrief]) {
    list.sort_by(|a, b| {
        a.status
            .hub_rank()
            .cmp(&b.status.hub_rank())
            .then(b.request.at.cmp(&a.request.at))
            .then(a.request.id.cmp(&b.request.id))
    });
}

/// The workspace's check of the cards before proposing: each card's pay guidance and the team
/// the domain forms for it now, with backups. Only the hub sees it, so members carry names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCheck {
    pub cards: Vec<CardCheck>,
    /// Display names of the residents in the teams (the hub's own region only).
    pub names: Vec<(ResidentId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardCheck {
    pub preview: JobPreview,
    pub team: CheckedTeam,
}

/// The team of a card as the hub checks it: who, how many hours, which tasks, the backup per
/// task and what is missing (`Team` without the scores and reasons the workspace does not show).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedTeam {
    pub members: Vec<CheckedMember>,
    pub backups: Vec<crate::team::TaskBackup>,
    pub uncovered_tasks: Vec<TaskKindId>,
    pub uncovered_hours: u32,
    pub summary: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedMember {
    pub resident: ResidentId,
    pub hours: u32,
    pub tasks: Vec<TaskKindId>,
}

impl From<&Team> for CheckedTeam {
    fn from(team: &Team) -> Self {
        CheckedTeam {
            members: team
                .members
                .iter()
                .map(|m| CheckedMember {
                    resident: m.resident.clone(),
                    hours: m.hours,
                    tasks: m.tasks.clone(),
                })
                .collect(),
            backups: team.backups.clone(),
            uncovered_tasks: team.uncovered_tasks.clone(),
            uncovered_hours: team.uncovered_hours,
            summary: team.summary.clone(),
        }
    }
}

/// The request as the workspace opens it: where it stands and the first split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub brief: RequestBrief,
    /// The note of the proposal in force (empty without one).
    pub note: String,
    /// The cards to start from: the proposal in force, or else the first split.
    pub cards: Vec<JobInput>,
    /// Why each first-split card is cut that way (empty for a proposal's cards).
    pub explain: Vec<Localized>,
}

/// The cards the workspace starts from: those of the proposal in force (so a declined proposal
/// is revised, not redone), else the first split.
pub fn workspace(view: RequestView, taxonomy: &Taxonomy) -> Workspace {
    match view.proposal.clone() {
        Some(p) => Workspace {
            brief: view.into(),
            note: p.note,
            cards: p.cards.iter().map(|c| JobInput::from(&c.job)).collect(),
            explain: Vec::new(),
        },
        None => {
            let split = first_split(&view.request, taxonomy);
            Workspace {
                brief: view.into(),
                note: String::new(),
                explain: split.iter().map(|p| p.explain.clone()).collect(),
                cards: split.into_iter().map(|p| p.draft).collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests;
