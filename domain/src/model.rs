//! The nouns of musubi, shared by every role. Validated values only: raw input
//! goes through `crate::validate` before it becomes one of these.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Text in both of musubi's languages. Japanese first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub ja: String,
    pub en: String,
}

impl Localized {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_newtype!(
    /// A task kind of the shared vocabulary, e.g. `sns.post` (SNS投稿作成).
    TaskKindId
);
id_newtype!(
    /// A skill family of the shared vocabulary, e.g. `sns` (SNS運用).
    FamilyId
);
id_newtype!(RegionId);
id_newtype!(MunicipalityId);
id_newtype!(ProgramId);
id_newtype!(CompanyId);
id_newtype!(JobId);
id_newtype!(ResidentId);
id_newtype!(
    /// Any account: resident, company member, municipality staff, hub coordinator, admin.
    UserId
);
id_newtype!(EngagementId);
id_newtype!(
    /// A company's rough request for work, as the hub scopes it (`domain::scoping`).
    WorkRequestId
);

/// Three level descriptors every task kind has: はじめて / 経験あり / 人に教えられる.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Beginner = 1,
    Experienced = 2,
    CanTeach = 3,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Beginner, Level::Experienced, Level::CanTeach];

    pub fn label(self) -> Localized {
        match self {
            Level::Beginner => Localized::new("はじめて", "New to it"),
            Level::Experienced => Localized::new("経験あり", "Experienced"),
            Level::CanTeach => Localized::new("人に教えられる", "Can teach others"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Weekday,
    Weekend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    Morning,
    Daytime,
    Evening,
    Night,
}

/// When someone can work (or when work happens): weekday/weekend × morning/daytime/evening/night,
/// as an 8-bit set so that overlap is one AND.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimeWindows(pub u8);

impl TimeWindows {
    pub const NONE: TimeWindows = TimeWindows(0);
    pub const ALL: TimeWindows = TimeWindows(0xff);
    pub const DAY_KINDS: [DayKind; 2] = [DayKind::Weekday, DayKind::Weekend];
    pub const DAY_PARTS: [DayPart; 4] = [
        DayPart::Morning,
        DayPart::Daytime,
        DayPart::Evening,
        DayPart::Night,
    ];

    pub fn bit(day: DayKind, part: DayPart) -> u8 {
        let d = match day {
            DayKind::Weekday => 0,
            DayKind::Weekend => 4,
        };
        let p = match part {
            DayPart::Morning => 0,
            DayPart::Daytime => 1,
            DayPart::Evening => 2,
            DayPart::Night => 3,
        };
        1 << (d + p)
    }

    pub fn with(self, day: DayKind, part: DayPart) -> Self {
        TimeWindows(self.0 | Self::bit(day, part))
    }

    pub fn contains(self, day: DayKind, part: DayPart) -> bool {
        self.0 & Self::bit(day, part) != 0
    }

    pub fn overlap(self, other: TimeWindows) -> TimeWindows {
        TimeWindows(self.0 & other.0)
    }

    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Every (day, part) slot in the set, weekday first, morning first.
    pub fn slots(self) -> impl Iterator<Item = (DayKind, DayPart)> {
        Self::DAY_KINDS
            .into_iter()
            .flat_map(|d| Self::DAY_PARTS.into_iter().map(move |p| (d, p)))
            .filter(move |&(d, p)| self.contains(d, p))
    }
}

/// Living in the region, or helping from outside it (関係人口).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Residency {
    Local,
    /// 関係人口: a remote person outside the region who helps it.
    Related,
}

/// Who a job is open to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhoMayApply {
    LocalOnly,
    LocalAndRelated,
    Anyone,
}

/// The device a resident works on. A smartphone-only resident cannot take work that needs a PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Devices {
    Pc,
    SmartphoneOnly,
}

/// Written as an internally tagged enum, read through a flat struct (`WorkPlaceWire`; see
/// `engagement::Stage` for why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "WorkPlaceWire")]
pub enum WorkPlace {
    Remote,
    /// Work at a place in a municipality of the job's region.
    OnSite {
        municipality: MunicipalityId,
    },
    /// Partly remote, partly at a place in a municipality of the job's region.
    Hybrid {
        municipality: MunicipalityId,
        /// Days a week at the place, 1 to 4 (the rest remote).
        days_on_site: u8,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum WorkPlaceTag {
    Remote,
    OnSite,
    Hybrid,
}

#[derive(Deserialize)]
struct WorkPlaceWire {
    kind: WorkPlaceTag,
    #[serde(default)]
    municipality: Option<MunicipalityId>,
    #[serde(default)]
    days_on_site: Option<u8>,
}

impl TryFrom<WorkPlaceWire> for WorkPlace {
    type Error = &'static str;

    fn try_from(w: WorkPlaceWire) -> Result<Self, Self::Error> {
        const NO_PLACE: &str = "missing field `municipality`";
        Ok(match w.kind {
            WorkPlaceTag::Remote => WorkPlace::Remote,
            WorkPlaceTag::OnSite => WorkPlace::OnSite {
                municipality: w.municipality.ok_or(NO_PLACE)?,
            },
            WorkPlaceTag::Hybrid => WorkPlace::Hybrid {
                municipality: w.municipality.ok_or(NO_PLACE)?,
                days_on_site: w.days_on_site.ok_or("missing field `days_on_site`")?,
            },
        })
    }
}

impl WorkPlace {
    /// The municipality one must come to, for on-site and hybrid work.
    pub fn municipality(&self) -> Option<&MunicipalityId> {
        match self {
            WorkPlace::Remote => None,
            WorkPlace::OnSite { municipality } | WorkPlace::Hybrid { municipality, .. } => {
                Some(municipality)
            }
        }
    }

    /// Whether the work asks the person to come to a place (on-site or hybrid).
    pub fn needs_presence(&self) -> bool {
        self.municipality().is_some()
    }

    /// "リモート" / "現地（{place}）" / "ハイブリッド（{place}・週{n}日出社）".
    pub fn label(&self, place_name: &Localized) -> Localized {
        match self {
            WorkPlace::Remote => Localized::new("リモート", "Remote"),
            WorkPlace::OnSite { .. } => Localized::new(
                format!("現地（{}）", place_name.ja),
                format!("On site ({})", place_name.en),
            ),
            WorkPlace::Hybrid { days_on_site, .. } => Localized::new(
                format!("ハイブリッド（{}・週{days_on_site}日出社）", place_name.ja),
                format!(
                    "Hybrid ({}, {days_on_site} day(s) a week on site)",
                    place_name.en
                ),
            ),
        }
    }
}

/// Written as an internally tagged enum, read through a flat struct (`PayWire`; see
/// `engagement::Stage` for why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "PayWire")]
pub enum Pay {
    Hourly {
        yen: u32,
    },
    /// Paid per finished task; `minutes_per_task` is the company's estimate, used for the hourly equivalent.
    PerTask {
        yen: u32,
        minutes_per_task: u32,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PayTag {
    Hourly,
    PerTask,
}

#[derive(Deserialize)]
struct PayWire {
    kind: PayTag,
    yen: u32,
    #[serde(default)]
    minutes_per_task: Option<u32>,
}

impl TryFrom<PayWire> for Pay {
    type Error = &'static str;

    fn try_from(w: PayWire) -> Result<Self, Self::Error> {
        Ok(match w.kind {
            PayTag::Hourly => Pay::Hourly { yen: w.yen },
            PayTag::PerTask => Pay::PerTask {
                yen: w.yen,
                minutes_per_task: w
                    .minutes_per_task
                    .ok_or("missing field `minutes_per_task`")?,
            },
        })
    }
}

impl Pay {
    /// Yen per hour, rounded down; per-task pay is converted with the company's time estimate.
    pub fn hourly_equivalent(self) -> u32 {
        match self {
            Pay::Hourly { yen } => yen,
            Pay::PerTask {
                yen,
                minutes_per_task,
            } => (u64::from(yen) * 60 / u64::from(minutes_per_task.max(1))) as u32,
        }
    }
}

/// How sensitive the material a job touches is. Higher levels require the resident to accept the
/// company's confidentiality terms before contact is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataAccess {
    PublicOnly,
    Internal,
    CustomerPersonalData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRequirement {
    pub task: TaskKindId,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: JobId,
    pub company_id: CompanyId,
    pub region_id: RegionId,
    pub title: String,
    pub description: String,
    pub tasks: Vec<TaskRequirement>,
    /// Total hours of work per week (may need a team if larger than one person gives).
    pub hours_per_week: u32,
    /// The fewest hours a week one person must offer to take part.
    pub min_hours_per_person: u32,
    pub windows: TimeWindows,
    pub duration_weeks: u32,
    pub place: WorkPlace,
    pub pay: Pay,
    pub who_may_apply: WhoMayApply,
    pub team_allowed: bool,
    pub needs_pc: bool,
    pub data_access: DataAccess,
    /// When the work is paid (closing and payment day); jobs posted before it was asked for
    /// read 末日締め翌月末日払い.
    #[serde(default)]
    pub pay_schedule: crate::fair_work::pay_calendar::PaySchedule,
    pub status: JobStatus,
    #[serde(with = "crate::wire_time::instant")]
    pub created_at: DateTime<Utc>,
    /// When and why the job was closed; none while open (and for jobs closed before this was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<JobClosure>,
}

/// Why a company closed a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// The people were found.
    Filled,
    /// The work is no longer needed.
    NoLongerNeeded,
    /// No suitable person came forward.
    NoCandidates,
    Other,
}

impl CloseReason {
    pub const ALL: [CloseReason; 4] = [
        CloseReason::Filled,
        CloseReason::NoLongerNeeded,
        CloseReason::NoCandidates,
        CloseReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::Filled => "filled",
            CloseReason::NoLongerNeeded => "no_longer_needed",
            CloseReason::NoCandidates => "no_candidates",
            CloseReason::Other => "other",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            CloseReason::Filled => Localized::new("人が決まった", "The people were found"),
            CloseReason::NoLongerNeeded => {
                Localized::new("仕事がなくなった", "The work is no longer needed")
            }
            CloseReason::NoCandidates => Localized::new(
                "合う人が見つからなかった",
                "No suitable person came forward",
            ),
            CloseReason::Other => Localized::new("その他", "Other"),
        }
    }
}

/// The closing of a job: when, by whom, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobClosure {
    #[serde(with = "crate::wire_time::instant")]
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub reason: CloseReason,
    /// The company's own words (required for `Other`).
    #[serde(default)]
    pub note: String,
}

/// Who confirmed that a resident can do a task. Written as serde's internally tagged enum
/// (`{"by":"course","program":…,"at":…}`), read through a flat struct (`VerificationWire`), as
/// `Stage`, `WorkPlace` and `Pay` are: the same JSON without serde's buffered path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", try_from = "VerificationWire")]
pub enum Verification {
    /// Completed a training course (講座) that certifies this task kind.
    Course {
        program: ProgramId,
        at: DateTime<Utc>,
    },
    /// A hub coordinator saw the work and confirmed it, with a note of how.
    Hub {
        coordinator: UserId,
        note: String,
        at: DateTime<Utc>,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum VerificationTag {
    Course,
    Hub,
}

#[derive(Deserialize)]
struct VerificationWire {
    by: VerificationTag,
    #[serde(default)]
    program: Option<ProgramId>,
    #[serde(default)]
    coordinator: Option<UserId>,
    #[serde(default)]
    note: Option<String>,
    at: DateTime<Utc>,
}

impl TryFrom<VerificationWire> for Verification {
    type Error = &'static str;

    fn try_from(w: VerificationWire) -> Result<Self, Self::Error> {
        Ok(match w.by {
            VerificationTag::Course => Verification::Course {
                program: w.program.ok_or("missing field `program`")?,
                at: w.at,
            },
            VerificationTag::Hub => Verification::Hub {
                coordinator: w.coordinator.ok_or("missing field `coordinator`")?,
                note: w.note.ok_or("missing field `note`")?,
                at: w.at,
            },
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillClaim {
    pub task: TaskKindId,
    /// Self-declared level.
    pub level: Level,
    pub verification: Option<Verification>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Wishes {
    /// Skill families the resident would like to work in (empty: anything).
    pub families: Vec<FamilyId>,
    /// The lowest hourly pay the resident accepts, in yen (None: no minimum stated).
    pub min_hourly_yen: Option<u32>,
    pub team_ok: bool,
}

/// Finished work, as the engagement history tells it. Feeds matching and the skill record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TrackRecord {
    pub finished: u32,
    pub renewed: u32,
    /// Engagements running now (trial or working).
    pub active: u32,
    pub checkins_on_time: u32,
    pub checkins_total: u32,
    /// Companies' reviews (1–5) of finished work: how many, and their sum.
    #[serde(default)]
    pub reviews: u32,
    #[serde(default)]
    pub rating_total: u32,
}

impl TrackRecord {
    /// The average review, one decimal, if any.
    pub fn average_rating(&self) -> Option<f32> {
        (self.reviews > 0).then(|| {
            let avg = self.rating_total as f32 / self.reviews as f32;
            (avg * 10.0).round() / 10.0
        })
    }

    /// Both records together (e.g. what a resident brought along plus musubi's engagements).
    pub fn plus(self, other: TrackRecord) -> TrackRecord {
        TrackRecord {
            finished: self.finished.saturating_add(other.finished),
            renewed: self.renewed.saturating_add(other.renewed),
            active: self.active.saturating_add(other.active),
            checkins_on_time: self.checkins_on_time.saturating_add(other.checkins_on_time),
            checkins_total: self.checkins_total.saturating_add(other.checkins_total),
            reviews: self.reviews.saturating_add(other.reviews),
            rating_total: self.rating_total.saturating_add(other.rating_total),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub id: ResidentId,
    pub region_id: RegionId,
    /// Where the resident lives; None for 関係人口 living outside the region.
    pub municipality_id: Option<MunicipalityId>,
    pub residency: Residency,
    /// Personal data: never shown to a company before mutual interest.
    pub display_name: String,
    /// The phone number the resident gave (optional; digits from `0`, 10 or 11 of them).
    /// Personal data: shown to a company only once contacts open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub skills: Vec<SkillClaim>,
    pub hours_per_week: u32,
    pub windows: TimeWindows,
    pub devices: Devices,
    pub wishes: Wishes,
    pub track: TrackRecord,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    pub id: MunicipalityId,
    pub name: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub id: RegionId,
    pub name: Localized,
    /// JIS X 0401 prefecture code, 1 (北海道) to 47 (沖縄県).
    pub prefecture: u8,
    pub municipalities: Vec<Municipality>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgramKind {
    /// 講座: a training course whose completion verifies task kinds.
    Course {
        certifies: Vec<TaskKindId>,
        #[serde(with = "crate::wire_time::date")]
        starts_on: NaiveDate,
        #[serde(with = "crate::wire_time::date")]
        ends_on: NaiveDate,
        online: bool,
        place: Option<String>,
        capacity: u32,
    },
    /// 支援制度: a support scheme.
    SupportScheme {
        for_whom: String,
        link: Option<String>,
    },
    /// A coworking place.
    Coworking { address: String, open_hours: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub id: ProgramId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    pub name: Localized,
    pub description: Localized,
    pub kind: ProgramKind,
    /// A course on information security and confidentiality: completing it marks the resident
    /// as having finished a security course (shown on talent cards).
    #[serde(default)]
    pub security_course: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanySize {
    Micro,
    Small,
    Medium,
    Large,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Approval {
    Pending,
    Approved {
        by: UserId,
        #[serde(with = "crate::wire_time::instant")]
        at: DateTime<Utc>,
    },
    Rejected {
        by: UserId,
        #[serde(with = "crate::wire_time::instant")]
        at: DateTime<Utc>,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: CompanyId,
    pub region_id: RegionId,
    pub name: String,
    pub industry: String,
    pub prefecture: u8,
    pub municipality: String,
    pub size: CompanySize,
    pub contact_person: String,
    #[serde(with = "crate::wire_time::instant")]
    pub created_at: DateTime<Utc>,
}

/// The coordinator of a region's hub (推進ハブ), who accompanies every engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubCoordinator {
    pub id: UserId,
    pub region_id: RegionId,
    pub display_name: String,
}
