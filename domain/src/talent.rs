//! The company's side of talent (人材を探す) and running work: filters over the ranked anonymous
//! cards, the side-by-side comparison, swapping a team member, and the company's view of its
//! engagements (only the hub's check-ins meant for the company, and the next steps it may take).
//!
//! Nothing here ever carries a name or contact: cards and engagement views are built from
//! opaque ids, skills, hours, times and the track record.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::api::{TalentCard, VerifiedBy};
use crate::engagement::{CheckInWith, EngagementState, ReviewRecord, Stage, Viewer};
use crate::index::IndexView;
use crate::matching::{TaskNames, task_skill, windows_text};
use crate::model::{
    CloseReason, EngagementId, Job, JobClosure, JobId, Level, Localized, MunicipalityId, Residency,
    Resident, ResidentId, TaskKindId, TimeWindows,
};
use crate::team::{Team, form_team, swap_member};
use crate::trust::{Trust, TrustFilter};
use crate::validate::{ErrorCode, FieldError, ValidationErrors};
use crate::vocabulary::Taxonomy;

/// Most cards compared side by side.
pub const MAX_COMPARE: usize = 3;
/// Most cards one job's shortlist keeps.
pub const MAX_SHORTLIST: usize = 30;

/// May a card join a job's shortlist that holds `listed` cards? A card already on it may be
/// added again (nothing changes); a new one only while there is room.
pub fn check_shortlist_room(already_listed: bool, listed: usize) -> Result<(), Localized> {
    if already_listed || listed < MAX_SHORTLIST {
        return Ok(());
    }
    Err(Localized::new(
        format!("候補リストは{MAX_SHORTLIST}人までです。外してから追加してください。"),
        format!("A shortlist holds {MAX_SHORTLIST} cards; remove one first."),
    ))
}

/// Fewer registered residents than this in a municipality, and a card names only the region:
/// a place that small could point at one person (the metrics' `MIN_CELL`).
pub const MIN_RESIDENTS_FOR_PLACE: usize = crate::metrics::MIN_CELL as usize;

/// A card's place, coarsened: the municipality only where at least
/// [`MIN_RESIDENTS_FOR_PLACE`] registered residents live (`living_there` counts them), else
/// the region alone (no municipality).
pub fn coarsen_place(card: &mut TalentCard, living_there: impl Fn(&MunicipalityId) -> usize) {
    if card
        .municipality
        .as_ref()
        .is_some_and(|m| living_there(m) < MIN_RESIDENTS_FOR_PLACE)
    {
        card.municipality = None;
    }
}

/// What a company narrows the ranked cards to. Every field is optional; empty admits all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalentFilter {
    /// Has this task kind (at `level` or above when given).
    pub task: Option<TaskKindId>,
    pub level: Option<Level>,
    /// Only residents with a skill confirmed by a course or the hub (the filtered task's, when
    /// a task is given).
    pub verified_only: bool,
    /// Offers at least this many hours a week.
    pub min_hours: Option<u32>,
    /// Can work in at least one of these time windows.
    pub windows: TimeWindows,
    /// Lives in the region (not 関係人口).
    pub local_only: bool,
    /// The hub has checked the resident's identity (`domain::trust`).
    #[serde(default)]
    pub identity_only: bool,
    /// The resident finished a security course.
    #[serde(default)]
    pub security_only: bool,
}

const LEVELS: [(&str, Level); 3] = [
    ("beginner", Level::Beginner),
    ("experienced", Level::Experienced),
    ("can_teach", Level::CanTeach),
];

/// Slot names as the job form uses them, weekday first.
pub const SLOT_NAMES: [&str; 8] = [
    "weekday_morning",
    "weekday_daytime",
    "weekday_evening",
    "weekday_night",
    "weekend_morning",
    "weekend_daytime",
    "weekend_evening",
    "weekend_night",
];

fn bad(field: &str, code: ErrorCode, ja: &str, en: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code,
        message: Localized::new(ja, en),
    }
}

fn is_on(v: &str) -> bool {
    matches!(v, "1" | "true" | "on" | "yes")
}

impl TalentFilter {
    /// From query parameters (`task`, `level`, `verified`, `min_hours`, `windows` comma-separated
    /// slot names, `local`); every bad one is named.
    pub fn parse(
        get: impl Fn(&str) -> Option<String>,
        taxonomy: &Taxonomy,
    ) -> Result<TalentFilter, ValidationErrors> {
        let mut errors = Vec::new();
        let mut f = TalentFilter::default();
        let given = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        if let Some(task) = given("task") {
            if taxonomy.contains_task(&task) {
                f.task = Some(TaskKindId(task));
            } else {
                errors.push(bad(
                    "task",
                    ErrorCode::UnknownTask,
                    "仕事の種類が共通の言葉にありません。",
                    "The task kind is not in the shared vocabulary.",
                ));
            }
        }
        if let Some(level) = given("level") {
            match LEVELS.iter().find(|(n, _)| *n == level) {
                Some((_, l)) => f.level = Some(*l),
                None => errors.push(bad(
                    "level",
                    ErrorCode::InvalidChoice,
                    "できる程度は「はじめて」「経験あり」「人に教えられる」から選んでください。",
                    "Choose the level: beginner, experienced or can teach.",
                )),
            }
        }
        if let Some(hours) = given("min_hours") {
            match hours.parse::<u32>() {
                Ok(h) if (1..=80).contains(&h) => f.min_hours = Some(h),
                _ => errors.push(bad(
                    "min_hours",
                    ErrorCode::OutOfRange,
                    "週あたりの時間は1〜80の数字で入力してください。",
                    "Enter the hours a week as a number from 1 to 80.",
                )),
            }
        }
        if let Some(list) = given("windows") {
            for name in list.split(',') {
                match SLOT_NAMES.iter().position(|s| *s == name.trim()) {
                    Some(bit) => f.windows = TimeWindows(f.windows.0 | (1 << bit)),
                    None => {
                        errors.push(bad(
                            "windows",
                            ErrorCode::InvalidChoice,
                            "時間帯は一覧から選んでください。",
                            "Choose the time windows from the list.",
                        ));
                        break;
                    }
                }
            }
        }
        f.verified_only = given("verified").is_some_and(|v| is_on(&v));
        f.local_only = given("local").is_some_and(|v| is_on(&v));
        f.identity_only = given("identity").is_some_and(|v| is_on(&v));
        f.security_only = given("security").is_some_and(|v| is_on(&v));
        if errors.is_empty() {
            Ok(f)
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// The query string `parse` reads back (without `?`; empty for no filter).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = &self.task {
            parts.push(format!("task={t}"));
        }
        if let Some(l) = self
            .level
            .and_then(|l| LEVELS.iter().find(|(_, x)| *x == l))
        {
            parts.push(format!("level={}", l.0));
        }
        if self.verified_only {
            parts.push("verified=1".into());
        }
        if let Some(h) = self.min_hours {
            parts.push(format!("min_hours={h}"));
        }
        if !self.windows.is_empty() {
            let names: Vec<&str> = (0..8)
                .filter(|b| self.windows.0 & (1 << b) != 0)
                .map(|b| SLOT_NAMES[b])
                .collect();
            parts.push(format!("windows={}", names.join(",")));
        }
        if self.local_only {
            parts.push("local=1".into());
        }
        if self.identity_only {
            parts.push("identity=1".into());
        }
        if self.security_only {
            parts.push("security=1".into());
        }
        parts.join("&")
    }

    pub fn is_empty(&self) -> bool {
        *self == TalentFilter::default()
    }

    /// The trust part of the filter, which the index rows do not hold: the worker applies it
    /// with the region's `Trust` (`domain::trust`) beside `admits_row` and `admits`.
    pub fn trust(&self) -> TrustFilter {
        TrustFilter {
            identity_only: self.identity_only,
            security_only: self.security_only,
        }
    }

    /// Whether a resident's profile passes (the overlay of recent changes).
    pub fn admits(&self, r: &Resident) -> bool {
        let skill_ok = match &self.task {
            Some(t) => {
                let s = task_skill(r, t);
                s.level >= self.level.map_or(1, |l| l as u8) && (!self.verified_only || s.verified)
            }
            None => !self.verified_only || r.skills.iter().any(|s| s.verification.is_some()),
        };
        skill_ok
            && self
                .min_hours
                .is_none_or(|h| crate::matching::clamp_hours(r.hours_per_week) >= h)
            && (self.windows.is_empty() || !r.windows.overlap(self.windows).is_empty())
            && (!self.local_only || r.residency == Residency::Local)
    }

    /// Whether row `i` of the packed index passes; the same rule as `admits`.
    pub fn admits_row(&self, v: &IndexView<'_>, i: usize) -> bool {
        let Some(facts) = v.row_facts(i) else {
            return false;
        };
        let skill_ok = match &self.task {
            Some(t) => v.task_skill(i, t.as_str()).is_some_and(|s| {
                s.level >= self.level.map_or(1, |l| l as u8) && (!self.verified_only || s.verified)
            }),
            None => !self.verified_only || facts.any_verified,
        };
        skill_ok
            && self.min_hours.is_none_or(|h| facts.hours >= h)
            && (self.windows.is_empty() || !facts.windows.overlap(self.windows).is_empty())
            && (!self.local_only || facts.local)
    }
}

/// One line of the comparison: what it is about and each card's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    pub label: Localized,
    pub values: Vec<Localized>,
}

fn verified_text(by: Option<VerifiedBy>) -> (&'static str, &'static str) {
    match by {
        Some(VerifiedBy::Course) => ("講座で確認", "confirmed by a course"),
        Some(VerifiedBy::Hub) => ("推進ハブが確認", "confirmed by the hub"),
        None => ("自己申告", "self-declared"),
    }
}

/// A card's skills in one line: "SNS投稿作成（経験あり・講座で確認）".
pub fn skills_text(card: &TalentCard) -> Localized {
    let (ja, en): (Vec<String>, Vec<String>) = card
        .skills
        .iter()
        .map(|s| {
            let l = s.level.label();
            let (vja, ven) = verified_text(s.verified_by);
            (
                format!("{}（{}・{vja}）", s.name.ja, l.ja),
                format!("{} ({}, {ven})", s.name.en, l.en.to_lowercase()),
            )
        })
        .unzip();
    Localized::new(ja.join("、"), en.join("; "))
}

/// Where a card's person works from.
pub fn residency_text(card: &TalentCard) -> Localized {
    match card.residency {
        Residency::Local => Localized::new("圏域に在住", "Lives in the region"),
        Residency::Related => {
            Localized::new("関係人口（圏域外から）", "Related person (from outside)")
        }
    }
}

/// A card's track record in words, with the average review when there is one.
pub fn track_text(card: &TalentCard) -> Localized {
    let t = card.track;
    let (rja, ren) = match t.average_rating() {
        Some(avg) => (
            format!("・評価 平均{avg:.1}（{}件）", t.reviews),
            format!(", reviews {avg:.1} on average ({})", t.reviews),
        ),
        None => ("・評価 まだなし".to_owned(), ", no reviews yet".to_owned()),
    };
    Localized::new(
        format!(
            "完了{}件・更新{}件・面談 期限内{}/{}回{rja}",
            t.finished, t.renewed, t.checkins_on_time, t.checkins_total
        ),
        format!(
            "{} finished, {} renewed, check-ins on time {}/{}{ren}",
            t.finished, t.renewed, t.checkins_on_time, t.checkins_total
        ),
    )
}

/// A card's trust facts in words: identity checked by the hub, security course finished.
pub fn trust_text(card: &TalentCard) -> Localized {
    let id = if card.identity_verified {
        ("本人確認済み（推進ハブ）", "Identity checked by the hub")
    } else {
        ("本人確認まだ", "Identity not checked yet")
    };
    let sec = if card.security_course {
        ("セキュリティ講座修了", "Security course finished")
    } else {
        ("セキュリティ講座未修了", "No security course yet")
    };
    Localized::new(
        format!("{}・{}", id.0, sec.0),
        format!("{}; {}", id.1, sec.1),
    )
}

/// Lays the region's trust facts onto a card.
pub fn with_trust(mut card: TalentCard, trust: &Trust) -> TalentCard {
    card.identity_verified = trust.identity_verified(&card.card);
    card.security_course = trust.security_course(&card.card);
    card
}

/// Up to `MAX_COMPARE` cards side by side, row by row; more is refused.
pub fn compare(cards: &[TalentCard]) -> Option<Vec<CompareRow>> {
    if cards.is_empty() || cards.len() > MAX_COMPARE {
        return None;
    }
    let row = |ja: &str, en: &str, f: &dyn Fn(&TalentCard) -> Localized| CompareRow {
        label: Localized::new(ja, en),
        values: cards.iter().map(f).collect(),
    };
    Some(vec![
        row("合う度合い", "Fit", &|c| {
            let pct = c.score.value() * 100.0;
            Localized::new(format!("{pct:.0}%"), format!("{pct:.0}%"))
        }),
        row("できること", "Skills", &skills_text),
        row("週あたりの時間", "Hours a week", &|c| {
            Localized::new(
                format!("週{}時間", c.hours_per_week),
                format!("{} h", c.hours_per_week),
            )
        }),
        row("時間帯", "Time windows", &|c| windows_text(c.windows)),
        row("住まい", "Lives", &residency_text),
        row("これまでの実績", "Track record", &track_text),
        row(
            "本人確認・講座",
            "Identity and security course",
            &trust_text,
        ),
        row("合う点", "Strengths", &|c| {
            reasons_text(&c.score.strengths_and_gaps().0)
        }),
        row("足りない点", "Gaps", &|c| {
            reasons_text(&c.score.strengths_and_gaps().1)
        }),
    ])
}

/// Every reason of a list, joined (「なし」 when there is none).
fn reasons_text(list: &[&crate::matching::Reason]) -> Localized {
    if list.is_empty() {
        return Localized::new("なし", "none");
    }
    let (ja, en): (Vec<&str>, Vec<&str>) = list
        .iter()
        .map(|r| (r.text.ja.as_str(), r.text.en.as_str()))
        .unzip();
    Localized::new(ja.join("／"), en.join("; "))
}

/// A job's short reference (「掲載番号 K7QMA3」) that tells two jobs of the same title apart on
/// screen, from its id (six letters of the same unambiguous set as [`card_label`]).
pub fn job_ref(job: &JobId) -> String {
    let mut s = card_label(job, &ResidentId::from("job"));
    s.push(char::from(
        LABEL_LETTERS[job.as_str().len() % LABEL_LETTERS.len()],
    ));
    s
}

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L, 2/Z, 5/S, B).
const LABEL_LETTERS: &[u8; 26] = b"ACDEFGHJKMNPQRTUVWXY346789";

/// One stable label per person within a job's list (「候補 K7QMA」): the same on the talent
/// list whatever the filter or page, on the shortlist, in compare and on the team page; a
/// different one for another job, so that lists of two jobs cannot be joined. Five letters
/// (11.8 million labels): two people of one region share one by chance about once in 80,000
/// pairs.
pub fn card_label(job: &JobId, person: &ResidentId) -> String {
    // FNV-1a, 64 bits, over the job, a separator and the person.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in job
        .as_str()
        .bytes()
        .chain(std::iter::once(0))
        .chain(person.as_str().bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..5)
        .map(|i| {
            let n = LABEL_LETTERS.len() as u64;
            let k = (h / n.pow(i)) % n;
            char::from(LABEL_LETTERS[k as usize])
        })
        .collect()
}

/// The proposed team with each of `without` swapped out in turn for the next-best candidate
/// (the others stay; nobody swapped out comes back, also not as a backup).
pub fn team_without(
    job: &Job,
    candidates: &[Resident],
    max_members: usize,
    without: &[ResidentId],
    names: &dyn TaskNames,
) -> Team {
    let mut team = form_team(job, candidates, max_members, names);
    let mut gone: BTreeSet<&ResidentId> = BTreeSet::new();
    for member in without {
        gone.insert(member);
        let pool: Vec<Resident> = candidates
            .iter()
            .filter(|r| !gone.contains(&r.id) || &r.id == member)
            .cloned()
            .collect();
        team = swap_member(job, &team, member, &pool, names);
    }
    team
}

/// How the company's list groups its engagements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementGroup {
    /// Interest shown by one side, waiting for the other.
    Waiting,
    /// Both interested: contacts open (or waiting for the confidentiality terms).
    Matched,
    /// Trial, working, renewed or paused.
    Running,
    Ended,
}

impl EngagementGroup {
    pub const ALL: [EngagementGroup; 4] = [
        EngagementGroup::Waiting,
        EngagementGroup::Matched,
        EngagementGroup::Running,
        EngagementGroup::Ended,
    ];

    pub fn of(stage: Stage) -> EngagementGroup {
        match stage {
            Stage::Empty | Stage::Proposed | Stage::Interest { .. } => EngagementGroup::Waiting,
            Stage::Matched => EngagementGroup::Matched,
            Stage::Trial | Stage::Working | Stage::Renewed | Stage::Paused { .. } => {
                EngagementGroup::Running
            }
            Stage::Completed | Stage::Cancelled => EngagementGroup::Ended,
        }
    }

    /// The wire name (serde's), for the company's list's test ids.
    pub fn as_str(self) -> &'static str {
        match self {
            EngagementGroup::Waiting => "waiting",
            EngagementGroup::Matched => "matched",
            EngagementGroup::Running => "running",
            EngagementGroup::Ended => "ended",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            EngagementGroup::Waiting => Localized::new("返事待ち", "Waiting for an answer"),
            EngagementGroup::Matched => Localized::new("マッチング成立", "Matched"),
            EngagementGroup::Running => Localized::new("進行中", "Running"),
            EngagementGroup::Ended => Localized::new("終了", "Ended"),
        }
    }
}

/// A next step the company may take on an engagement (`POST /engagements/{id}/events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyAction {
    StartTrial,
    PassTrial,
    Renew,
    Complete,
    Cancel,
    Review,
}

impl CompanyAction {
    pub const ALL: [CompanyAction; 6] = [
        CompanyAction::StartTrial,
        CompanyAction::PassTrial,
        CompanyAction::Renew,
        CompanyAction::Complete,
        CompanyAction::Cancel,
        CompanyAction::Review,
    ];

    /// The wire name (serde's), for the buttons' data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyAction::StartTrial => "start_trial",
            CompanyAction::PassTrial => "pass_trial",
            CompanyAction::Renew => "renew",
            CompanyAction::Complete => "complete",
            CompanyAction::Cancel => "cancel",
            CompanyAction::Review => "review",
        }
    }
}

/// What the company may do now, by the engagement's state (the domain's state machine decides
/// again when the event is posted).
pub fn company_actions(s: &EngagementState) -> Vec<CompanyAction> {
    use CompanyAction::*;
    let mut out = Vec::new();
    match s.stage {
        Stage::Matched if s.contact_revealed() => out.push(StartTrial),
        Stage::Trial => out.extend([PassTrial, Complete]),
        Stage::Working | Stage::Renewed => out.extend([Renew, Complete]),
        Stage::Paused { .. } => out.push(Complete),
        Stage::Completed if s.review.is_none() => out.push(Review),
        _ => {}
    }
    if !s.stage.is_ended() && s.stage != Stage::Empty {
        out.push(Cancel);
    }
    out
}

/// A check-in the hub recorded with the company (or with both sides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyCheckIn {
    pub at: String,
    pub mood: u8,
    pub note: String,
    pub follow_up: Option<String>,
    pub with: CheckInWith,
}

/// One engagement as its company sees it in the list: no name, no contact (those come from
/// `GET /engagements/{id}` once interest is mutual).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyEngagement {
    pub id: EngagementId,
    pub job: JobId,
    pub job_title: String,
    /// The resident's anonymous card id.
    pub card: ResidentId,
    pub group: EngagementGroup,
    pub stage_label: Localized,
    pub hours_per_week: u32,
    pub needs_terms: bool,
    pub terms_accepted: bool,
    /// The terms version the resident accepted, and when (JST date and time).
    #[serde(default)]
    pub terms_version: Option<u32>,
    #[serde(default)]
    pub terms_accepted_at: Option<String>,
    pub contact_revealed: bool,
    /// The company already showed interest in this person for this job.
    #[serde(default)]
    pub company_interested: bool,
    pub renewals: u32,
    pub checkins: Vec<CompanyCheckIn>,
    pub review: Option<ReviewRecord>,
    pub actions: Vec<CompanyAction>,
    /// Requests the company has not answered yet (Freelance Act Art. 13, Art. 16(2)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awaiting_answer: Vec<crate::fair_work::waiting::WaitingKind>,
}

/// Has the company already shown interest in this card for this job (on an earlier visit, from
/// the talent list or the team page)? Then the card says so instead of offering a second button.
pub fn company_interested_in(list: &[CompanyEngagement], job: &JobId, card: &ResidentId) -> bool {
    list.iter()
        .any(|e| &e.job == job && &e.card == card && e.company_interested)
}

/// The company's view of one engagement; `None` for one not yet proposed.
pub fn for_company(
    id: EngagementId,
    s: &EngagementState,
    job_title: &str,
) -> Option<CompanyEngagement> {
    let parties = s.parties.as_ref()?;
    Some(CompanyEngagement {
        id,
        job: parties.job.clone(),
        job_title: job_title.to_owned(),
        card: parties.resident.clone(),
        group: EngagementGroup::of(s.stage),
        stage_label: s.stage.label(),
        hours_per_week: s.hours_per_week,
        needs_terms: s.needs_terms,
        terms_accepted: s.terms_version.is_some(),
        terms_version: s.terms_version,
        terms_accepted_at: s.terms_version_accepted_at.map(jst_minute),
        contact_revealed: s.contact_revealed(),
        company_interested: s.company_interest_at.is_some(),
        renewals: s.renewals,
        // What the company may read: check-ins held with it, their notes only when shared.
        checkins: s
            .as_seen_by(Viewer::Company)
            .checkins
            .iter()
            .map(|c| CompanyCheckIn {
                at: c.at.format("%Y-%m-%d").to_string(),
                mood: c.mood,
                note: c.note.clone(),
                follow_up: c.follow_up.clone(),
                with: c.with,
            })
            .collect(),
        review: s.review.clone(),
        actions: company_actions(s),
        awaiting_answer: Vec::new(),
    })
}

#[cfg(test)]
mod tests;

/// `POST /api/v1/jobs/{id}/close`: why the company closes a job, in its words when `other`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloseJobInput {
    /// `filled`, `no_longer_needed`, `no_candidates` or `other`.
    pub reason: String,
    pub note: String,
}

/// Longest note on closing a job.
pub const MAX_CLOSE_NOTE: usize = 500;

impl CloseJobInput {
    /// The closing as it is stored on the job.
    pub fn validate(
        &self,
        by: crate::model::UserId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<JobClosure, ValidationErrors> {
        let mut errors = Vec::new();
        let reason = CloseReason::ALL
            .into_iter()
            .find(|r| r.as_str() == self.reason.trim());
        if reason.is_none() {
            errors.push(bad(
                "reason",
                if self.reason.trim().is_empty() {
                    ErrorCode::Required
                } else {
                    ErrorCode::InvalidChoice
                },
                "締め切る理由を選んでください。",
                "Choose why you close the job.",
            ));
        }
        let note = self.note.trim().to_owned();
        if note.chars().count() > MAX_CLOSE_NOTE {
            errors.push(bad(
                "note",
                ErrorCode::TooLong,
                "メモは500文字までです。",
                "The note may have at most 500 characters.",
            ));
        } else if note.chars().any(|c| c.is_control() && c != '\n') {
            errors.push(bad(
                "note",
                ErrorCode::InvalidCharacters,
                "使えない文字（制御文字）が含まれています。",
                "The note contains control characters that cannot be used.",
            ));
        } else if reason == Some(CloseReason::Other) && note.is_empty() {
            errors.push(bad(
                "note",
                ErrorCode::Required,
                "「その他」を選んだときは理由を書いてください。",
                "Please say why when you choose \"other\".",
            ));
        }
        match reason {
            Some(reason) if errors.is_empty() => Ok(JobClosure {
                at,
                by,
                reason,
                note,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// A closed job's line on the company's home page: when (JST date) and why.
pub fn closure_text(closure: &JobClosure) -> Localized {
    let date = jst_day(closure.at);
    let label = closure.reason.label();
    let (nja, nen) = if closure.note.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("（{}）", closure.note),
            format!(" ({})", closure.note),
        )
    };
    Localized::new(
        format!("{date}に締め切り・{}{nja}", label.ja),
        format!("Closed on {date}: {}{nen}", label.en),
    )
}

/// A time as "2026-04-01 09:30" in Japan's time. Written by hand: chrono's `format` would bring its
/// format-string machinery into the company's wasm.
pub fn jst_minute(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let t = (at + chrono::TimeDelta::hours(9)).naive_utc();
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// A time's date in Japan, "2026-04-01".
pub fn jst_day(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::TimeDelta::hours(9)).date_naive().to_string()
}
