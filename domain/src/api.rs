//! Wire types of the HTTP API under `/api/v1`: defined once, used by the worker to answer and by
//! the app to read, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::matching::{Score, TaskNames};
use crate::model::{
    Devices, Job, Level, Localized, MunicipalityId, Residency, Resident, ResidentId, TaskKindId,
    TimeWindows, TrackRecord, Verification,
};

/// The API version string; also the path segment `/api/v1`.
pub const API_PREFIX: &str = "/api/v1";

/// The one JSON error shape every failing response has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable code, e.g. `validation_failed`, `not_found`.
    pub code: String,
    pub message: Localized,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorBody {
    pub field: String,
    pub code: String,
    pub message: Localized,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when every check passed, else `degraded`.
    pub status: String,
    pub version: String,
    pub environment: String,
    pub kv: KvCheck,
}

/// A real write and read back of a KV key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KvCheck {
    pub ok: bool,
    pub round_trip_ms: f64,
}

/// `GET /api/v1/public/summary`: the public figures of the landing page, aggregates only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSummary {
    pub region: Option<Localized>,
    /// Counts of people: `None` (JSON null) when fewer than 5, as the metrics suppress them
    /// (`metrics::public_people`), so no one can be picked out of the figures.
    pub residents: Option<u64>,
    pub related_residents: Option<u64>,
    pub companies: u64,
    pub open_jobs: u64,
    pub working: Option<u64>,
    pub courses: u64,
    /// When the figures were computed (UTC, RFC 3339).
    pub as_of: String,
}

/// One page of a list; `has_more` says whether asking from `offset + limit` finds more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub offset: usize,
    pub limit: usize,
    pub has_more: bool,
}

/// How a talent card's skill was confirmed, without saying by whom personally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifiedBy {
    Course,
    Hub,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSkill {
    pub task: TaskKindId,
    pub name: Localized,
    pub level: Level,
    pub verified_by: Option<VerifiedBy>,
}

/// What a company sees of a resident before mutual interest: skills, hours, times, where from
/// (municipality or 関係人口) and the track record. Never a name, photo or contact: the type has
/// no field that could carry one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalentCard {
    /// The resident's opaque id, to show interest with; it names no one.
    pub card: ResidentId,
    pub skills: Vec<CardSkill>,
    pub hours_per_week: u32,
    pub windows: TimeWindows,
    pub devices: Devices,
    pub residency: Residency,
    pub municipality: Option<MunicipalityId>,
    pub track: TrackRecord,
    pub score: Score,
    /// The hub has checked the person's identity (never which document's details: only that).
    #[serde(default)]
    pub identity_verified: bool,
    /// The person finished a course the municipality marked as a security course.
    #[serde(default)]
    pub security_course: bool,
}

impl TalentCard {
    pub fn new(resident: &Resident, score: Score, names: &dyn TaskNames) -> Self {
        let skills = resident
            .skills
            .iter()
            .map(|s| CardSkill {
                task: s.task.clone(),
                name: names.task_name(&s.task),
                level: s.level,
                verified_by: s.verification.as_ref().map(|v| match v {
                    Verification::Course { .. } => VerifiedBy::Course,
                    Verification::Hub { .. } => VerifiedBy::Hub,
                }),
            })
            .collect();
        TalentCard {
            card: resident.id.clone(),
            skills,
            hours_per_week: resident.hours_per_week,
            windows: resident.windows,
            devices: resident.devices,
            residency: resident.residency,
            municipality: resident.municipality_id.clone(),
            track: resident.track,
            score,
            identity_verified: false,
            security_course: false,
        }
    }
}

/// What a page reads of `GET /api/v1/jobs/{id}` when it shows only the job's title (an
/// engagement card names only the job's id): the answer carries the whole job, which is
/// ignored, so such a page reads no `Job`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobTitleOnly {
    pub title: String,
}

/// A job as a resident sees it in the match list, with the reasons of its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobMatch {
    pub job: Job,
    pub score: Score,
    /// Where the work is, with the town's name for on-site and hybrid work
    /// (`WorkPlace::label`).
    #[serde(default)]
    pub place: Option<crate::model::Localized>,
    /// Where my engagement on this job stands, once I (or the hub) started one: the card says
    /// "興味あり" was sent and what happens next (`resident_view::mark_sent`).
    #[serde(default)]
    pub sent: Option<crate::engagement::Stage>,
    /// What the card shows of the job, worked out here (`resident_view::card_facts`).
    pub facts: CardFacts,
}

/// What a resident's match card shows of its job, in words the server has worked out
/// (`resident_view::card_facts`), so that the card and its filters read no `Job`, `Pay`,
/// `WorkPlace` or pay calendar, and the page fetches no vocabulary for the families' names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFacts {
    /// Yen an hour, whichever way the job pays (`Pay::hourly_equivalent`).
    pub hourly_yen: u32,
    /// `週10時間`, or from how many hours one person joins (`resident_view::hours_label`).
    pub hours: crate::model::Localized,
    /// The fewest hours a week one person must offer (the filter by hours).
    pub min_hours_per_person: u32,
    /// Done from home, with no day at a workplace (the filter by place).
    pub remote: bool,
    /// When the work is paid, as the terms statement will state it (`PaySchedule::text`).
    pub pay_schedule: crate::model::Localized,
    /// The skill families of the job's tasks, each once, in the tasks' order (the filter by
    /// kind of work names them).
    pub families: Vec<FamilyBrief>,
}

/// `GET /api/v1/me/matches?view=card`: the same page as [`MyMatches`] with each match as its
/// card shows it ([`MatchCardBrief`]: no task list, hours, pay terms or reason kinds): ten demo
/// matches are 1.8 KB brotli instead of 2.5 on a resident's first screen, and the page reads no
/// more than it shows. The full form reads as this one too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMatchCards {
    pub items: Vec<MatchCardBrief>,
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub limit: usize,
    pub has_more: bool,
    #[serde(default)]
    pub excluded: Vec<crate::resident_view::ExcludedJobs>,
}

impl MyMatchCards {
    /// The card form of a page of matches.
    pub fn of(page: &MyMatches) -> Self {
        Self {
            items: page.items.iter().map(MatchCardBrief::of).collect(),
            offset: page.offset,
            limit: page.limit,
            has_more: page.has_more,
            excluded: page.excluded.clone(),
        }
    }
}

/// One match as its card reads it (see [`JobMatch`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchCardBrief {
    pub job: JobHead,
    pub score: ScoreBrief,
    #[serde(default)]
    pub place: Option<crate::model::Localized>,
    #[serde(default)]
    pub sent: Option<crate::engagement::Stage>,
    pub facts: CardFacts,
}

impl MatchCardBrief {
    /// What the card shows of a match.
    pub fn of(m: &JobMatch) -> Self {
        Self {
            job: JobHead {
                id: m.job.id.clone(),
                title: m.job.title.clone(),
                description: m.job.description.clone(),
            },
            score: ScoreBrief {
                reasons: m
                    .score
                    .reasons
                    .iter()
                    .map(|r| ReasonBrief {
                        points: r.points,
                        text: r.text.clone(),
                        gap: r.gap,
                    })
                    .collect(),
            },
            place: m.place.clone(),
            sent: m.sent,
            facts: m.facts.clone(),
        }
    }
}

/// A job's id, title and description (the rest of the job is ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobHead {
    pub id: crate::model::JobId,
    pub title: String,
    pub description: String,
}

/// A score's reasons as a card shows them (their kinds are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreBrief {
    pub reasons: Vec<ReasonBrief>,
}

/// A reason as a card shows it: its words, and whether it fits or falls short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonBrief {
    pub points: u32,
    pub text: crate::model::Localized,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
}

impl ReasonBrief {
    /// The same rule as `matching::Reason::fits`.
    pub fn fits(&self) -> bool {
        !self.gap && self.points > 0
    }
}

/// `GET /api/v1/me/matches`: a page of the jobs ranked for me, and the jobs a hard rule leaves
/// out, counted by rule (on every page, so the first screen can say so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMatches {
    pub items: Vec<JobMatch>,
    pub offset: usize,
    pub limit: usize,
    pub has_more: bool,
    #[serde(default)]
    pub excluded: Vec<crate::resident_view::ExcludedJobs>,
}

// The company workspace.

/// `GET /api/v1/companies/{id}/approval`: where the hub's approval of a company stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalView {
    pub company: crate::model::CompanyId,
    pub approval: crate::model::Approval,
}

/// Contact details in `GET /api/v1/engagements/{id}`, present only once interest is mutual
/// (and the confidentiality terms accepted when the job needs them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    pub resident_name: String,
    pub resident_email: Option<String>,
    /// The phone the resident gave in their profile, if any.
    #[serde(default)]
    pub resident_phone: Option<String>,
    /// The resident deleted the account: name and contact are never shown again.
    pub resident_deleted: bool,
    pub company_name: String,
    pub company_contact: String,
}

/// What the app reads of `GET /api/v1/engagements/{id}`: the contacts, when revealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementContacts {
    pub contact_revealed: bool,
    pub contacts: Option<Contacts>,
}

/// The part of the vocabulary a pick list or a filter reads: each family's and task kind's id and
/// name (the full [`crate::vocabulary::Taxonomy`] decodes into it; the rest is skipped, so the
/// wasm carries no decoder for descriptions, examples and levels). The app's build also writes
/// it as a compact static file of its own (scripts/build-app.mjs), which the app reads instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VocabularyBrief {
    #[serde(default)]
    pub families: Vec<FamilyBrief>,
    pub tasks: Vec<TaskBrief>,
}

impl VocabularyBrief {
    /// A family's name, by its id.
    pub fn family(&self, id: &str) -> Option<&FamilyBrief> {
        self.families.iter().find(|f| f.id.as_str() == id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyBrief {
    pub id: crate::model::FamilyId,
    pub name: crate::model::Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskBrief {
    pub id: crate::model::TaskKindId,
    pub name: crate::model::Localized,
}

#[cfg(test)]
mod vocabulary_brief_tests {
    use super::*;

    #[test]
    fn the_served_vocabulary_reads_as_its_brief() {
        let full = crate::vocabulary::Taxonomy::builtin();
        let json = serde_json::to_string(full).expect("json");
        let brief: VocabularyBrief = serde_json::from_str(&json).expect("brief");
        assert_eq!(brief.tasks.len(), full.tasks.len());
        assert_eq!(brief.tasks[0].id, full.tasks[0].id);
        assert_eq!(brief.tasks[0].name, full.tasks[0].name);
        assert_eq!(brief.families.len(), full.families.len());
        let first = &full.families[0];
        assert_eq!(
            brief.family(first.id.as_str()).map(|f| &f.name),
            Some(&first.name)
        );
        assert!(brief.family("no-such-family").is_none());
    }
}

#[cfg(test)]
mod brief_reads {
    use super::*;
    use crate::engagement::{Running, Side, Stage};
    use crate::model::{MunicipalityId, Pay, WorkPlace};

    /// The tagged enums read through flat structs read back every variant as written, and
    /// refuse a variant without its fields or an unknown tag.
    #[test]
    fn tagged_enums_read_back_as_they_are_written() {
        fn round<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: T) {
            let json = serde_json::to_string(&v).expect("json");
            assert_eq!(serde_json::from_str::<T>(&json).expect(&json), v, "{json}");
        }
        for stage in [
            Stage::Empty,
            Stage::Proposed,
            Stage::Interest {
                side: Side::Resident,
            },
            Stage::Interest {
                side: Side::Company,
            },
            Stage::Matched,
            Stage::Trial,
            Stage::Working,
            Stage::Renewed,
            Stage::Paused {
                resume_to: Running::Working,
            },
            Stage::Completed,
            Stage::Cancelled,
        ] {
            round(stage);
        }
        let m = MunicipalityId::from("m1");
        round(WorkPlace::Remote);
        round(WorkPlace::OnSite {
            municipality: m.clone(),
        });
        round(WorkPlace::Hybrid {
            municipality: m,
            days_on_site: 2,
        });
        round(Pay::Hourly { yen: 1_100 });
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("instant");
        round(crate::model::Verification::Course {
            program: crate::model::ProgramId::from("p1"),
            at,
        });
        round(crate::model::Verification::Hub {
            coordinator: crate::model::UserId::from("u1"),
            note: "見て確かめた".into(),
            at,
        });
        for bad in [
            r#"{"by":"course","at":"2027-01-15T08:00:00Z"}"#,
            r#"{"by":"hub","note":"x","at":"2027-01-15T08:00:00Z"}"#,
            r#"{"by":"self","at":"2027-01-15T08:00:00Z"}"#,
            r#"{"by":"course","program":"p1"}"#,
        ] {
            assert!(
                serde_json::from_str::<crate::model::Verification>(bad).is_err(),
                "{bad}"
            );
        }
        round(Pay::PerTask {
            yen: 300,
            minutes_per_task: 20,
        });
        assert_eq!(
            serde_json::from_str::<Stage>(
                r#"{"stage":"paused","resume_to":"trial","side":"company"}"#
            )
            .ok(),
            Some(Stage::Paused {
                resume_to: Running::Trial
            }),
            "fields of other variants are ignored, as before"
        );
        for bad in [
            r#"{"stage":"interest"}"#,
            r#"{"stage":"paused"}"#,
            r#"{"stage":"nope"}"#,
            r#"{}"#,
        ] {
            assert!(serde_json::from_str::<Stage>(bad).is_err(), "{bad}");
        }
        for bad in [
            r#"{"kind":"on_site"}"#,
            r#"{"kind":"hybrid","municipality":"m1"}"#,
            r#"{"kind":"moon"}"#,
        ] {
            assert!(serde_json::from_str::<WorkPlace>(bad).is_err(), "{bad}");
        }
        for bad in [r#"{"kind":"per_task","yen":300}"#, r#"{"kind":"hourly"}"#] {
            assert!(serde_json::from_str::<Pay>(bad).is_err(), "{bad}");
        }
    }

    /// A page of matches as the worker writes it reads as the card's brief: the same job head,
    /// reasons (fits and gaps as the full reason says), place, stage and facts; and the card
    /// form (`?view=card`) is exactly that brief, in fewer bytes.
    #[test]
    fn served_matches_read_as_the_cards_brief() {
        use crate::matching::{Reason, ReasonKind, Score};
        let job =
            crate::matching::fixtures::job("j1", &[("sns.post", crate::model::Level::Beginner)]);
        let reason = |points, gap| Reason {
            kind: ReasonKind::Hours,
            points,
            text: crate::model::Localized::new("時間", "hours"),
            gap,
        };
        let reasons = vec![reason(10, false), reason(0, true), reason(0, false)];
        let page = MyMatches {
            items: vec![JobMatch {
                facts: crate::resident_view::card_facts(
                    &job,
                    crate::vocabulary::Taxonomy::builtin(),
                ),
                job: job.clone(),
                score: Score {
                    points: 10,
                    reasons: reasons.clone(),
                },
                place: Some(crate::model::Localized::new("在宅", "Remote")),
                sent: Some(Stage::Matched),
            }],
            offset: 0,
            limit: 10,
            has_more: true,
            excluded: Vec::new(),
        };
        let json = serde_json::to_string(&page).expect("json");
        let read: MyMatchCards = serde_json::from_str(&json).expect("brief");
        // The card form the server sends is what the card reads of the full form.
        assert_eq!(read, MyMatchCards::of(&page));
        let lean = serde_json::to_string(&MyMatchCards::of(&page)).expect("json");
        assert_eq!(
            serde_json::from_str::<MyMatchCards>(&lean).expect("card"),
            read
        );
        assert!(
            lean.len() < json.len(),
            "{} of {} bytes",
            lean.len(),
            json.len()
        );
        assert!(read.has_more);
        let card = &read.items[0];
        assert_eq!(
            (&card.job.id, &card.job.title, &card.job.description),
            (&job.id, &job.title, &job.description)
        );
        assert_eq!(card.facts, page.items[0].facts);
        assert_eq!(card.place, page.items[0].place);
        assert_eq!(card.sent, Some(Stage::Matched));
        let fits: Vec<_> = card
            .score
            .reasons
            .iter()
            .map(|r| (r.fits(), r.gap))
            .collect();
        let expected: Vec<_> = reasons.iter().map(|r| (r.fits(), r.gap)).collect();
        assert_eq!(fits, expected);
    }

    #[test]
    fn a_served_job_and_engagement_read_as_the_briefs_pages_take_of_them() {
        let job = crate::matching::fixtures::job("j1", &[]);
        let json = serde_json::to_string(&job).expect("json");
        let title: JobTitleOnly = serde_json::from_str(&json).expect("title");
        assert_eq!(title.title, job.title);
        let state = crate::engagement::EngagementState {
            stage: crate::engagement::Stage::Matched,
            ..crate::engagement::EngagementState::default()
        };
        let served = serde_json::json!({ "id": "e1", "stage": state.stage, "state": state });
        let stage: crate::resident_view::EngagementStage =
            serde_json::from_value(served).expect("stage");
        assert_eq!(stage.stage, crate::engagement::Stage::Matched);
    }
}
