//! What a resident sees after onboarding, as rules: filters of the match list, their
//! engagements with the next step explained, and the inbox of what changed (a company showed
//! interest, a hub check-in is due), derived from the engagements' folded state.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::engagement::{EngagementState, Side, Stage, next_checkin_due};
use crate::model::{EngagementId, JobId, Localized};

/// An engagement as `GET /api/v1/me/engagements` lists it (the fields a resident's pages use;
/// the answer carries more, which is ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementBrief {
    pub id: EngagementId,
    pub stage: Stage,
    pub contact_revealed: bool,
    pub state: EngagementState,
}

impl EngagementBrief {
    pub fn job(&self) -> Option<&JobId> {
        self.state.parties.as_ref().map(|p| &p.job)
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
    CompanyInterested,
    Matched,
    CheckInDue,
    Ended,
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

    /// Unread: it appeared after the resident last opened the inbox (`None`: never opened).
    pub fn is_unread(&self, last_opened: Option<DateTime<Utc>>) -> bool {
        last_opened.is_none_or(|opened| self.appeared_at() > opened)
    }
}

/// How many items are unread since the inbox was last opened.
pub fn unread_count(items: &[InboxItem], last_opened: Option<DateTime<Utc>>) -> usize {
    items.iter().filter(|i| i.is_unread(last_opened)).count()
}

/// The inbox: one entry per thing that changed or needs the resident, newest first.
pub fn inbox(engagements: &[EngagementBrief], now: DateTime<Utc>) -> Vec<InboxItem> {
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
        if let (Some(at), true) = (s.ended_at, e.stage.is_ended()) {
            push(InboxKind::Ended, at, e.stage.label());
        }
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.at));
    items
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
    pub fn keeps(&self, job: &crate::model::Job) -> bool {
        let family_ok = self.family.as_deref().is_none_or(|fam| {
            job.tasks
                .iter()
                .any(|t| t.task.as_str().split('.').next() == Some(fam))
        });
        let hours_ok = self.max_hours.is_none_or(|h| job.min_hours_per_person <= h);
        let place_ok = self
            .remote
            .is_none_or(|remote| remote == matches!(job.place, crate::model::WorkPlace::Remote));
        family_ok && hours_ok && place_ok
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

/// Where the resident reads and accepts the company's confidentiality terms, when this
/// engagement still waits for them (a job above the public data level, not ended, no version
/// accepted yet): the company area's page for the engagement's parties.
pub fn terms_to_accept(e: &EngagementBrief) -> Option<String> {
    let s = &e.state;
    (s.needs_terms && s.terms_version.is_none() && !s.stage.is_ended() && s.stage != Stage::Empty)
        .then(|| format!("/company/engagements/{}/terms", e.id))
}

#[cfg(test)]
mod tests;
