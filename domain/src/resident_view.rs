//! What a resident sees after onboarding, as rules: filters of the match list, their
//! engagements with the next step explained, and the inbox of what changed (a company showed
//! interest, a hub check-in is due), derived from the engagements' folded state.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::api::CardFacts;
use crate::engagement::{EngagementState, Side, Stage, next_checkin_due};
use crate::model::{EngagementId, JobId, Localized};

/// One of my engagements as the server works out my inbox from it: its whole state as I may
/// see it (`EngagementState::as_seen_by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyEngagement {
    pub id: EngagementId,
    pub state: EngagementState,
}

impl MyEngagement {
    pub fn job(&self) -> Option<&JobId> {
        self.state.parties.as_ref().map(|p| &p.job)
    }
}

/// An engagement as the resident's list of engagements reads it: its stage, its job, whether
/// both sides showed interest and whether the confidentiality terms wait for the resident. The
/// answer carries the whole state, whose history (dates, check-ins, notes, review) is ignored,
/// so the list reads no dates.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EngagementCard {
    pub id: EngagementId,
    pub stage: Stage,
    /// The job's title, which the resident's list carries (`GET /me/engagements`).
    #[serde(default)]
    pub job_title: Option<String>,
    state: CardState,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct CardState {
    parties: Option<CardParties>,
    needs_terms: bool,
    terms_version: Option<u32>,
    /// Read for whether it is there (`EngagementState::is_mutual`), not for the instant.
    resident_interest_at: Option<serde::de::IgnoredAny>,
    company_interest_at: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct CardParties {
    job: JobId,
}

impl EngagementCard {
    pub fn job(&self) -> Option<&JobId> {
        self.state.parties.as_ref().map(|p| &p.job)
    }

    /// Both sides showed interest (the same rule as `EngagementState::is_mutual`).
    pub fn is_mutual(&self) -> bool {
        self.state.resident_interest_at.is_some() && self.state.company_interest_at.is_some()
    }

    /// Where the resident accepts the terms, while they wait: a job above the public data level,
    /// not ended, no version accepted yet (`waits_for_terms`, the rule on the whole state too).
    pub fn terms_to_accept(&self) -> Option<String> {
        let s = &self.state;
        waits_for_terms(s.needs_terms, s.terms_version, self.stage).then(|| terms_page(&self.id))
    }
}

/// What a page reads of an engagement when it needs only where it stands (the answer to
/// "興味あり"; the answer carries more, which is ignored): the resident's first page then reads
/// no `EngagementState`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementStage {
    pub id: EngagementId,
    pub stage: Stage,
}

/// Marks each match whose job I already have an engagement on with where that engagement
/// stands (`mine`: my engagements as (job, stage), in the order they are listed; the first
/// one on the job counts).
pub fn mark_sent(items: &mut [crate::api::JobMatch], mine: &[(JobId, Stage)]) {
    for item in items {
        item.sent = mine
            .iter()
            .find(|(job, _)| *job == item.job.id)
            .map(|(_, stage)| *stage);
    }
}

/// What happens next at this stage, in plain words for the resident.
pub fn next_step(stage: Stage) -> Localized {
    match stage {
        Stage::Empty
        | Stage::Proposed
        | Stage::Interest {
            side: Side::Resident,
        } => Localized::new(
            "企業があなたのカード（名前は伏せています）を見て、興味ありを返すと連絡先が交換されます。",
            "The company sees your card (without your name); if it is interested too, you exchange contacts.",
        ),
        Stage::Interest {
            side: Side::Company,
        } => Localized::new(
            "企業があなたに興味を持っています。仕事を見て「興味あり」を押すとマッチングが成立します。",
            "A company is interested in you. Open the job and tap \"Interested\" to match.",
        ),
        Stage::Matched => Localized::new(
            "マッチング成立です。推進ハブのコーディネーターが、お試し期間の始め方を連絡します。",
            "You matched. The hub's coordinator will contact you about starting a trial.",
        ),
        Stage::Trial | Stage::Working | Stage::Renewed => Localized::new(
            "働いている間、推進ハブが定期的に様子を聞きます（チェックイン）。困ったらいつでも相談できます。",
            "While you work, the hub checks in with you regularly. You can ask for help at any time.",
        ),
        Stage::Paused { .. } => Localized::new(
            "一時休止中です。再開はハブと企業と相談して決めます。",
            "Paused. You, the company and the hub decide together when to resume.",
        ),
        Stage::Completed => Localized::new(
            "完了しました。この仕事はスキル証明の実績に入ります。",
            "Finished. This work counts in your skill record.",
        ),
        Stage::Cancelled => Localized::new(
            "この件は終了しました。ほかの仕事を探せます。",
            "This one has ended. You can look for other work.",
        ),
    }
}

/// What an inbox entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// The resident's own "興味あり" (listed, never unread: the resident did it).
    YouInterested,
    CompanyInterested,
    Matched,
    /// The resident accepted the confidentiality terms (own step, never unread).
    TermsAccepted,
    TrialStarted,
    Working,
    CheckInDue,
    Ended,
}

impl InboxKind {
    /// A step the resident took: listed so the inbox tells the whole story, never "new".
    pub fn is_own(self) -> bool {
        matches!(self, InboxKind::YouInterested | InboxKind::TermsAccepted)
    }

    /// The kind's name on the wire and in the page's `data-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            InboxKind::YouInterested => "you_interested",
            InboxKind::CompanyInterested => "company_interested",
            InboxKind::Matched => "matched",
            InboxKind::TermsAccepted => "terms_accepted",
            InboxKind::TrialStarted => "trial_started",
            InboxKind::Working => "working",
            InboxKind::CheckInDue => "check_in_due",
            InboxKind::Ended => "ended",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub kind: InboxKind,
    pub engagement: EngagementId,
    pub job: Option<JobId>,
    /// When it happened, or when the check-in is due.
    pub at: DateTime<Utc>,
    pub text: Localized,
}

/// Check-ins due within this many days appear in the inbox.
pub const CHECKIN_NOTICE_DAYS: i64 = 7;

impl InboxItem {
    /// When the item first appeared in the inbox: when it happened, or for a due check-in, when
    /// it came within the notice window (its `at` is the due date, which may still be ahead).
    pub fn appeared_at(&self) -> DateTime<Utc> {
        match self.kind {
            InboxKind::CheckInDue => self.at - TimeDelta::days(CHECKIN_NOTICE_DAYS),
            _ => self.at,
        }
    }

    /// Unread: it appeared after the resident last opened the inbox (`None`: never opened);
    /// the resident's own steps are never unread.
    pub fn is_unread(&self, last_opened: Option<DateTime<Utc>>) -> bool {
        unread(
            self.kind,
            self.appeared_at().timestamp_millis(),
            last_opened.map(|o| o.timestamp_millis()),
        )
    }
}

fn unread(kind: InboxKind, appeared_ms: i64, last_opened_ms: Option<i64>) -> bool {
    !kind.is_own() && last_opened_ms.is_none_or(|opened| appeared_ms > opened)
}

/// How many entries are unread since the inbox was last opened (the device's mark, in ms).
pub fn unread_count(entries: &[InboxEntry], last_opened_ms: Option<i64>) -> usize {
    entries
        .iter()
        .filter(|i| i.is_unread(last_opened_ms))
        .count()
}

/// `GET /api/v1/me/inbox`: my inbox, newest first, worked out by the server from my
/// engagements' whole states (`inbox`), so that the page reads no engagement history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyInbox {
    pub items: Vec<InboxEntry>,
}

/// An inbox item as the API sends it: its instant as text, its day in Japan, and when it first
/// appeared in milliseconds, which the page compares with the device's mark of the last visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub kind: InboxKind,
    pub engagement: EngagementId,
    pub job: Option<JobId>,
    /// The job's title (none when the job's record is gone).
    pub job_title: Option<String>,
    /// When it happened, or when the check-in is due (RFC 3339, UTC, milliseconds).
    pub at: String,
    /// `at`'s day in Japan (`2026-04-01`).
    pub day: String,
    /// When it first appeared in the inbox (`InboxItem::appeared_at`), in ms since 1970.
    pub appeared_ms: i64,
    pub text: Localized,
}

impl InboxEntry {
    /// The same rule as `InboxItem::is_unread`, against the device's mark in milliseconds.
    pub fn is_unread(&self, last_opened_ms: Option<i64>) -> bool {
        unread(self.kind, self.appeared_ms, last_opened_ms)
    }
}

impl InboxEntry {
    /// The entry of `item`, naming its job by `title`.
    pub fn of(item: InboxItem, title: Option<String>) -> Self {
        InboxEntry {
            job_title: title,
            at: item.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            day: crate::talent::jst_day(item.at),
            appeared_ms: item.appeared_at().timestamp_millis(),
            kind: item.kind,
            engagement: item.engagement,
            job: item.job,
            text: item.text,
        }
    }
}

/// The inbox: one entry per step of each engagement (the resident's own included) and per
/// thing that needs the resident, newest first.
pub fn inbox(engagements: &[MyEngagement], now: DateTime<Utc>) -> Vec<InboxItem> {
    let mut items = Vec::new();
    for e in engagements {
        let s = &e.state;
        let mut push = |kind, at, text| {
            items.push(InboxItem {
                kind,
                engagement: e.id.clone(),
                job: e.job().cloned(),
                at,
                text,
            });
        };
        if let Some(at) = s.resident_interest_at {
            push(
                InboxKind::YouInterested,
                at,
                Localized::new(
                    "あなたが「興味あり」を送りました。企業の返事を待っています。",
                    "You sent \"I'm interested\". Waiting for the company's answer.",
                ),
            );
        }
        if let Some(at) = s.company_interest_at {
            push(
                InboxKind::CompanyInterested,
                at,
                Localized::new(
                    "企業があなたに興味を示しました。",
                    "A company showed interest in you.",
                ),
            );
        }
        if let Some(at) = s.matched_at {
            push(
                InboxKind::Matched,
                at,
                Localized::new(
                    "マッチングが成立しました。連絡先が交換されます。",
                    "You matched: contacts are exchanged.",
                ),
            );
        }
        if let Some(at) = s.terms_version_accepted_at.or(s.terms_accepted_at) {
            push(
                InboxKind::TermsAccepted,
                at,
                Localized::new(
                    "あなたが守秘の約束に同意しました。",
                    "You accepted the confidentiality terms.",
                ),
            );
        }
        if let Some(at) = s.trial_started_at {
            push(
                InboxKind::TrialStarted,
                at,
                Localized::new("お試し期間が始まりました。", "Your trial period began."),
            );
        }
        if let Some(at) = s.working_since {
            push(
                InboxKind::Working,
                at,
                Localized::new(
                    "お試し期間が終わり、本番の仕事が始まりました。",
                    "The trial is over: regular work began.",
                ),
            );
        }
        if let Some(due) = next_checkin_due(s)
            && due <= now + TimeDelta::days(CHECKIN_NOTICE_DAYS)
        {
            push(
                InboxKind::CheckInDue,
                due,
                Localized::new(
                    "推進ハブとのチェックインの時期です。",
                    "A check-in with the hub is due.",
                ),
            );
        }
        if let (Some(at), true) = (s.ended_at, s.stage.is_ended()) {
            push(InboxKind::Ended, at, s.stage.label());
        }
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.at));
    items
}

/// What the resident's match card shows of `job`: its pay an hour, hours, pay calendar in words
/// and the names of its tasks' skill families (a task's family is the vocabulary's, else the
/// id's first part, as the task ids are written).
pub fn card_facts(job: &crate::model::Job, taxonomy: &crate::vocabulary::Taxonomy) -> CardFacts {
    let mut families: Vec<crate::api::FamilyBrief> = Vec::new();
    for requirement in &job.tasks {
        let id = taxonomy.task(requirement.task.as_str()).map_or_else(
            || {
                let first = requirement
                    .task
                    .as_str()
                    .split('.')
                    .next()
                    .unwrap_or_default();
                crate::model::FamilyId::from(first)
            },
            |t| t.family.clone(),
        );
        if families.iter().any(|f| f.id == id) {
            continue;
        }
        let name = taxonomy.family(id.as_str()).map_or_else(
            || Localized::new(id.as_str(), id.as_str()),
            |f| f.name.clone(),
        );
        families.push(crate::api::FamilyBrief { id, name });
    }
    CardFacts {
        hourly_yen: job.pay.hourly_equivalent(),
        hours: hours_label(job),
        min_hours_per_person: job.min_hours_per_person,
        remote: matches!(job.place, crate::model::WorkPlace::Remote),
        pay_schedule: Localized::new(
            job.pay_schedule.text(crate::model::Lang::Ja),
            job.pay_schedule.text(crate::model::Lang::En),
        ),
        families,
    }
}

/// The filters of the resident's match list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchFilter {
    /// A skill family id: keep jobs with a task of that family.
    pub family: Option<String>,
    /// Keep jobs one can join with at most this many hours a week.
    pub max_hours: Option<u32>,
    /// `Some(true)`: remote only; `Some(false)`: on-site only.
    pub remote: Option<bool>,
}

impl MatchFilter {
    pub fn keeps(&self, job: &CardFacts) -> bool {
        let family_ok = self
            .family
            .as_deref()
            .is_none_or(|fam| job.families.iter().any(|f| f.id.as_str() == fam));
        let hours_ok = self.max_hours.is_none_or(|h| job.min_hours_per_person <= h);
        let place_ok = self.remote.is_none_or(|remote| remote == job.remote);
        family_ok && hours_ok && place_ok
    }
}

/// Jobs a hard rule leaves out of the resident's matches, for one rule: counted on `/me` with
/// the reason in plain words, and listed when the person asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedJobs {
    /// The rule's key: `needs_pc`, `on_site`, `who_may_apply`, `hours`.
    pub rule: String,
    pub reason: Localized,
    pub jobs: Vec<JobId>,
}

/// Groups the jobs `resident` may not take by the hard rule that leaves each out (closed jobs
/// are not counted: they are not on offer). Groups in a fixed order; empty groups are left out.
pub fn excluded_jobs(
    resident: &crate::model::Resident,
    jobs: &[crate::model::Job],
) -> Vec<ExcludedJobs> {
    use crate::matching::{HardFail, clamp_hours, hard_check};
    let offered = clamp_hours(resident.hours_per_week);
    let rules: [(&str, Localized); 4] = [
        (
            "needs_pc",
            Localized::new(
                "パソコンが必要な仕事（スマートフォンだけでは応募できません）",
                "Jobs that need a PC (a smartphone alone is not enough)",
            ),
        ),
        (
            "on_site",
            Localized::new(
                "圏域の中の仕事場に通う仕事（圏域にお住まいの方が対象）",
                "Jobs at a place in the region, for people who live there",
            ),
        ),
        (
            "who_may_apply",
            Localized::new(
                "圏域にお住まいの方だけが応募できる仕事",
                "Jobs open only to people who live in the region",
            ),
        ),
        (
            "hours",
            Localized::new(
                format!("1人あたり、あなたの週{offered}時間より長く働く仕事"),
                format!("Jobs that need more than your {offered} h a week from each person"),
            ),
        ),
    ];
    let mut groups: Vec<ExcludedJobs> = rules
        .into_iter()
        .map(|(rule, reason)| ExcludedJobs {
            rule: rule.to_owned(),
            reason,
            jobs: Vec::new(),
        })
        .collect();
    for job in jobs {
        let at = match hard_check(job, resident) {
            Ok(()) | Err(HardFail::JobClosed) => continue,
            Err(HardFail::NeedsPc) => 0,
            Err(HardFail::OnSiteOutsideRegion) => 1,
            Err(HardFail::LocalOnly | HardFail::OtherRegion) => 2,
            Err(HardFail::TooFewHours { .. }) => 3,
        };
        groups[at].jobs.push(job.id.clone());
    }
    groups.retain(|g| !g.jobs.is_empty());
    groups
}

/// A job's hours worded one way everywhere on the resident's pages: what one person gives,
/// then the whole job's hours when they differ.
pub fn hours_label(job: &crate::model::Job) -> Localized {
    let (min, total) = (job.min_hours_per_person, job.hours_per_week);
    if min >= total {
        Localized::new(format!("週{total}時間"), format!("{total} h a week"))
    } else {
        Localized::new(
            format!("1人 週{min}時間から（仕事全体では週{total}時間）"),
            format!("from {min} h a week per person (the whole job is {total} h a week)"),
        )
    }
}

/// The body `DELETE /api/v1/me` requires, so that no stray request deletes an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeleteConfirmation {
    pub confirm: &'static str,
}

impl Default for DeleteConfirmation {
    fn default() -> Self {
        DeleteConfirmation { confirm: "DELETE" }
    }
}

/// Whether an engagement waits for the resident to accept the company's confidentiality terms
/// (read and accepted on a page of the resident's own area, `terms_page`).
fn waits_for_terms(needs_terms: bool, accepted: Option<u32>, stage: Stage) -> bool {
    needs_terms && accepted.is_none() && !stage.is_ended() && stage != Stage::Empty
}

fn terms_page(engagement: &EngagementId) -> String {
    format!("/me/engagements/{engagement}/terms")
}

/// Why the terms step exists, in one sentence the resident reads before opening it.
pub fn terms_explained() -> Localized {
    Localized::new(
        "この仕事では会社の資料やお客様の情報を扱うため、連絡先を交換する前に、秘密を守る約束（守秘の約束）を読んで同意していただきます。",
        "This work involves the company's papers or its customers' details, so before contacts are exchanged you read and accept a promise to keep them secret (the confidentiality terms).",
    )
}

/// An engagement's stage as the resident reads it: spoken to the resident, not about them.
pub fn stage_for_you(stage: Stage) -> Localized {
    match stage {
        Stage::Empty | Stage::Proposed => Localized::new("ご提案中", "Suggested to you"),
        Stage::Interest {
            side: Side::Resident,
        } => Localized::new(
            "あなたが興味ありを送りました",
            "You sent \"I'm interested\"",
        ),
        Stage::Interest {
            side: Side::Company,
        } => Localized::new(
            "企業があなたに興味ありを送りました",
            "The company is interested in you",
        ),
        Stage::Matched => Localized::new(
            "おたがいに興味あり（マッチング成立）",
            "You are both interested (matched)",
        ),
        other => other.label(),
    }
}

#[cfg(test)]
mod tests;
