//! Regional metrics (点を面に): how far residents get from registering to lasting work, how much
//! work the region gains, and how evenly it is spread.
//!
//! # Definitions
//!
//! * **Periods** are Japanese calendar periods: a month, or a fiscal year (April – March,
//!   [`fiscal_year`]). Every instant is turned into a JST date to decide its period, so a
//!   check-in at 2026-03-31T16:00Z (01:00 on 1 April in Japan) belongs to FY2026.
//! * **Funnel** (stocks, as of the period end): registered → trained (≥1 course completed) →
//!   verified (≥1 verified skill) → matched (mutual interest) → working (work started, i.e. the
//!   trial started: a trial is real, paid work) → retained 90 days (the engagement had not ended
//!   90 days after the trial start) → renewed (≥1 renewal). All counts are of distinct residents
//!   of the region, and only engagements on jobs of the region count. `count` is the strict
//!   funnel: residents who reached this stage *and every earlier one*, so it never grows down the
//!   funnel. `reached` counts registered residents who reached the stage by any path (a resident
//!   matched without a course is in `reached` of matched but not in `count`).
//! * **Programs**: the same funnel per course, starting from the residents enrolled in it.
//! * **Work** (flows, within the period): hours are what the hub recorded at check-ins dated in
//!   the period (measured, not planned: agreed hours × weeks would count pauses and no-shows);
//!   yen = those hours × the job's hourly pay (per-task pay converted with
//!   [`crate::model::Pay::hourly_equivalent`]). Working residents = residents with an engagement
//!   running (trial started, not ended) at some time in the period; contributors = those with
//!   hours > 0. The 関係人口 share is their share of the hours (a resident missing from the
//!   resident list counts as 関係人口: they live outside the region's records). The Gini
//!   coefficient and the top-10% share are over the hours of every working resident, zeros
//!   included.
//!
//! # Suppression
//!
//! Only aggregates leave this module, and a count of fewer than [`MIN_CELL`] people (0 included)
//! is [`Cell::Suppressed`]. A ratio is suppressed when a count it derives from is. Work
//! aggregates (hours, yen, Gini) need ≥5 contributors; the 関係人口 share needs ≥5 related *and*
//! ≥5 local contributors (else the complement reveals the smaller group); the top-10% share needs
//! the top group itself to hold ≥5 people (≥41 working residents).
//!
//! Left as is: differences of adjacent published cells (e.g. matched − working) can reveal a
//! group smaller than 5; secondary suppression is not done.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::engagement::EngagementState;
use crate::model::{
    Job, Localized, MunicipalityId, ProgramId, RegionId, Residency, Resident, ResidentId,
    Verification,
};

/// Smallest number of people a published cell may describe.
pub const MIN_CELL: u64 = 5;
/// Days after the start of work at which an engagement counts as lasting.
pub const RETENTION_DAYS: i64 = 90;
/// Shown in CSV for a suppressed cell (as in e-Stat tables).
pub const SUPPRESSED_MARK: &str = "X";
/// Shown in CSV where a value does not apply.
pub const NOT_APPLICABLE_MARK: &str = "-";

/// A published value, or why it is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell<T> {
    Value(T),
    /// Fewer than [`MIN_CELL`] people behind it.
    Suppressed,
    /// Nothing to compute (e.g. the rate of the first funnel stage).
    NotApplicable,
}

impl<T: Copy> Cell<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> Cell<T> {
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Cell::Suppressed)
    }
}

impl Cell<u64> {
    /// A count of people, suppressed under [`MIN_CELL`].
    pub fn people(n: u64) -> Self {
        if n < MIN_CELL {
            Cell::Suppressed
        } else {
            Cell::Value(n)
        }
    }
}

/// A count of people for a public figure: `None` under [`MIN_CELL`] (the public summary's
/// residents, related residents and working people), exactly as [`Cell::people`] suppresses it.
pub fn public_people(n: u64) -> Option<u64> {
    Cell::people(n).value()
}

/// Japan Standard Time (no daylight saving).
const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// The date in Japan of an instant.
pub fn jst_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&JST).date_naive()
}

/// The Japanese fiscal year (年度) of a date: April to March, named by the year it starts in.
pub fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The instant a JST date begins.
fn jst_midnight_utc(date: NaiveDate) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::MIN);
    local
        .checked_sub_signed(TimeDelta::hours(9))
        .unwrap_or(local)
        .and_utc()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    FiscalYear,
}

/// A span of JST dates, `start` included, `end` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    #[serde(with = "crate::wire_time::date")]
    pub start: NaiveDate,
    #[serde(with = "crate::wire_time::date")]
    pub end: NaiveDate,
}

impl Period {
    /// A calendar month; `None` for an invalid month.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let end = if month == 12 {
            NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Period {
            kind: PeriodKind::Month,
            start,
            end,
        })
    }

    /// Fiscal year `fy`: 1 April `fy` to 31 March `fy + 1`.
    pub fn fiscal_year(fy: i32) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::FiscalYear,
            start: NaiveDate::from_ymd_opt(fy, 4, 1)?,
            end: NaiveDate::from_ymd_opt(fy.checked_add(1)?, 4, 1)?,
        })
    }

    /// The month containing a date.
    pub fn month_of(date: NaiveDate) -> Option<Period> {
        Period::month(date.year(), date.month())
    }

    /// The fiscal year containing a date.
    pub fn fiscal_year_of(date: NaiveDate) -> Option<Period> {
        Period::fiscal_year(fiscal_year(date))
    }

    pub fn start_utc(&self) -> DateTime<Utc> {
        jst_midnight_utc(self.start)
    }

    /// The first instant after the period (metrics "as of the period end" count what happened
    /// strictly before it).
    pub fn end_utc(&self) -> DateTime<Utc> {
        jst_midnight_utc(self.end)
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        let d = jst_date(at);
        self.start <= d && d < self.end
    }

    pub fn label(&self) -> Localized {
        match self.kind {
            PeriodKind::Month => Localized::new(
                format!("{}年{}月", self.start.year(), self.start.month()),
                self.start.format("%B %Y").to_string(),
            ),
            PeriodKind::FiscalYear => Localized::new(
                format!("{}年度", self.start.year()),
                format!("FY{}", self.start.year()),
            ),
        }
    }
}

// ---------------------------------------------------------------- input

/// A registered resident, as metrics need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentFacts {
    pub id: ResidentId,
    pub region: RegionId,
    pub municipality: Option<MunicipalityId>,
    pub residency: Residency,
    pub registered_at: DateTime<Utc>,
}

impl ResidentFacts {
    pub fn from_resident(r: &Resident) -> Self {
        ResidentFacts {
            id: r.id.clone(),
            region: r.region_id.clone(),
            municipality: r.municipality_id.clone(),
            residency: r.residency,
            registered_at: r.created_at,
        }
    }
}

/// An enrolment in a course, completed or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseFacts {
    pub resident: ResidentId,
    pub program: ProgramId,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// One verified skill of a resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationFacts {
    pub resident: ResidentId,
    pub at: DateTime<Utc>,
}

impl VerificationFacts {
    /// Every verified skill of a resident profile.
    pub fn from_resident(r: &Resident) -> Vec<Self> {
        r.skills
            .iter()
            .filter_map(|s| s.verification.as_ref())
            .map(|v| VerificationFacts {
                resident: r.id.clone(),
                at: match v {
                    Verification::Course { at, .. } | Verification::Hub { at, .. } => *at,
                },
            })
            .collect()
    }
}

/// A folded engagement with what metrics need from its job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementFacts {
    /// The job's region.
    pub region: RegionId,
    /// The job's hourly pay (or hourly equivalent), in yen.
    pub hourly_yen: u32,
    pub state: EngagementState,
}

impl EngagementFacts {
    pub fn new(job: &Job, state: EngagementState) -> Self {
        EngagementFacts {
            region: job.region_id.clone(),
            hourly_yen: job.pay.hourly_equivalent(),
            state,
        }
    }
}

/// Everything metrics read, built by the caller from stored data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MetricsInput {
    pub residents: Vec<ResidentFacts>,
    pub courses: Vec<CourseFacts>,
    pub verifications: Vec<VerificationFacts>,
    pub engagements: Vec<EngagementFacts>,
}

// ---------------------------------------------------------------- output

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelStage {
    Registered,
    /// First stage of a program's funnel.
    Enrolled,
    Trained,
    Verified,
    Matched,
    Working,
    Retained90,
    Renewed,
}

impl FunnelStage {
    pub const ALL: [FunnelStage; 8] = [
        FunnelStage::Registered,
        FunnelStage::Enrolled,
        FunnelStage::Trained,
        FunnelStage::Verified,
        FunnelStage::Matched,
        FunnelStage::Working,
        FunnelStage::Retained90,
        FunnelStage::Renewed,
    ];

    /// The wire name (serde's), for the dashboard's data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            FunnelStage::Registered => "registered",
            FunnelStage::Enrolled => "enrolled",
            FunnelStage::Trained => "trained",
            FunnelStage::Verified => "verified",
            FunnelStage::Matched => "matched",
            FunnelStage::Working => "working",
            FunnelStage::Retained90 => "retained90",
            FunnelStage::Renewed => "renewed",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            FunnelStage::Registered => Localized::new("登録", "Registered"),
            FunnelStage::Enrolled => Localized::new("受講申込", "Enrolled"),
            FunnelStage::Trained => Localized::new("講座修了", "Completed a course"),
            FunnelStage::Verified => Localized::new("スキル認定", "Verified skill"),
            FunnelStage::Matched => Localized::new("マッチング成立", "Matched"),
            FunnelStage::Working => Localized::new("就業開始", "Started work"),
            FunnelStage::Retained90 => Localized::new("90日定着", "Still working after 90 days"),
            FunnelStage::Renewed => Localized::new("契約更新", "Renewed"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FunnelRow {
    pub stage: FunnelStage,
    /// Residents who reached this stage and every earlier one.
    pub count: Cell<u64>,
    /// Residents of the funnel's base who reached this stage by any path.
    pub reached: Cell<u64>,
    /// `count` over the previous row's `count`.
    pub rate_from_previous: Cell<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramFunnel {
    pub program: ProgramId,
    /// The course's title ([`RegionReport::name`]), shown and exported instead of its id.
    #[serde(default)]
    pub program_name: Option<Localized>,
    pub rows: Vec<FunnelRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WorkSummary {
    /// Residents with an engagement running at some time in the period.
    pub working_residents: Cell<u64>,
    /// Residents with hours recorded in the period.
    pub contributors: Cell<u64>,
    pub hours: Cell<u64>,
    pub yen: Cell<u64>,
    /// Share of the hours done by 関係人口, 0..=1.
    pub related_hours_share: Cell<f64>,
    /// Gini coefficient of hours per working resident, 0 (even) ..= (n-1)/n.
    pub gini: Cell<f64>,
    /// Share of the hours done by the top 10% of working residents.
    pub top10_share: Cell<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionReport {
    pub region: RegionId,
    /// The region's and the reading municipality's names ([`RegionReport::name`]): the screen,
    /// the A4 print and the CSV name them, never their ids.
    #[serde(default)]
    pub region_name: Option<Localized>,
    #[serde(default)]
    pub municipality_name: Option<Localized>,
    /// The day (Japan) the report was made, for the screen and the A4 print.
    #[serde(default, with = "crate::wire_time::date_opt")]
    pub made_on: Option<NaiveDate>,
    pub period: Period,
    pub funnel: Vec<FunnelRow>,
    pub work: WorkSummary,
    pub programs: Vec<ProgramFunnel>,
    /// The twelve months up to the period's last month (or this month, while the period runs):
    /// [`trend`]. Empty from [`region_report`]; filled by [`region_report_with_trend`].
    #[serde(default)]
    pub trend: Vec<TrendPoint>,
}

/// Months a trend shows.
pub const TREND_MONTHS: u32 = 12;

/// One month of the trend, each figure as that month's own report gives it (so suppressed in
/// exactly the same way: under [`MIN_CELL`] people it is [`Cell::Suppressed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// The first day of the month.
    #[serde(with = "crate::wire_time::date")]
    pub month: NaiveDate,
    /// Residents registered by the month's end (a stock).
    pub registered: Cell<u64>,
    /// Residents with work running at some time in the month.
    pub working: Cell<u64>,
    /// Hours the hub recorded at check-ins dated in the month.
    pub hours: Cell<u64>,
}

// ---------------------------------------------------------------- computation

/// Gini coefficient of non-negative values; `None` when empty or all zero.
pub fn gini(values: &[u64]) -> Option<f64> {
    let n = values.len();
    let total: u128 = values.iter().map(|&v| u128::from(v)).sum();
    if n == 0 || total == 0 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    // G = 2 Σ i·x_(i) / (n Σx) − (n+1)/n, i from 1, ascending.
    let weighted: u128 = sorted
        .iter()
        .zip(1u128..)
        .map(|(&x, i)| i * u128::from(x))
        .sum();
    let n_f = n as f64;
    Some((2.0 * weighted as f64) / (n_f * total as f64) - (n_f + 1.0) / n_f)
}

/// Share of the total held by the largest `ceil(n / 10)` values, with that group's size.
fn top10(values: &[u64]) -> Option<(f64, usize)> {
    let total: u128 = values.iter().map(|&v| u128::from(v)).sum();
    if total == 0 {
        return None;
    }
    let k = values.len().div_ceil(10);
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top: u128 = sorted.iter().take(k).map(|&v| u128::from(v)).sum();
    Some((top as f64 / total as f64, k))
}

/// What one resident reached by a moment, from the inputs.
#[derive(Debug, Clone, Copy, Default)]
struct Reached {
    trained: bool,
    verified: bool,
    matched: bool,
    working: bool,
    retained: bool,
    renewed: bool,
}

impl Reached {
    fn stage(&self, stage: FunnelStage) -> bool {
        match stage {
            FunnelStage::Registered | FunnelStage::Enrolled => true,
            FunnelStage::Trained => self.trained,
            FunnelStage::Verified => self.verified,
            FunnelStage::Matched => self.matched,
            FunnelStage::Working => self.working,
            FunnelStage::Retained90 => self.retained,
            FunnelStage::Renewed => self.renewed,
        }
    }
}

const LATER_STAGES: [FunnelStage; 6] = [
    FunnelStage::Trained,
    FunnelStage::Verified,
    FunnelStage::Matched,
    FunnelStage::Working,
    FunnelStage::Retained90,
    FunnelStage::Renewed,
];

fn retained(s: &EngagementState, as_of: DateTime<Utc>) -> bool {
    let Some(start) = s.trial_started_at else {
        return false;
    };
    let Some(day90) = start.checked_add_signed(TimeDelta::days(RETENTION_DAYS)) else {
        return false;
    };
    day90 <= as_of && s.ended_at.is_none_or(|end| end >= day90)
}

fn funnel_rows<'a>(base: FunnelStage, people: impl Iterator<Item = &'a Reached>) -> Vec<FunnelRow> {
    let people: Vec<&Reached> = people.collect();
    let mut counts = FunnelCounts {
        base: people.len() as u64,
        ..FunnelCounts::default()
    };
    let mut strict: Vec<&Reached> = people.clone();
    for (i, stage) in LATER_STAGES.into_iter().enumerate() {
        let has = |r: &Reached| r.stage(stage);
        strict.retain(|r| has(r));
        counts.strict[i] = strict.len() as u64;
        counts.reached[i] = people.iter().filter(|r| has(r)).count() as u64;
    }
    funnel_from_counts(base, &counts)
}

/// How many people a funnel holds: its base, and for each later stage (trained, verified,
/// matched, working, retained 90 days, renewed) how many reached it and every earlier one
/// (`strict`) and how many reached it by any path (`reached`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FunnelCounts {
    pub base: u64,
    pub strict: [u64; 6],
    pub reached: [u64; 6],
}

/// A funnel's rows from its counts: each count suppressed under [`MIN_CELL`], each rate from
/// the previous row's count.
pub fn funnel_from_counts(base: FunnelStage, counts: &FunnelCounts) -> Vec<FunnelRow> {
    let stages = std::iter::once((base, counts.base, counts.base)).chain(
        LATER_STAGES
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s, counts.strict[i], counts.reached[i])),
    );
    let mut rows: Vec<FunnelRow> = Vec::with_capacity(LATER_STAGES.len() + 1);
    for (stage, strict, reached) in stages {
        let count = Cell::people(strict);
        let rate_from_previous = match rows.last() {
            None => Cell::NotApplicable,
            Some(prev) => match (prev.count, count) {
                (Cell::Value(p), Cell::Value(c)) if p > 0 => Cell::Value(c as f64 / p as f64),
                _ => Cell::Suppressed,
            },
        };
        rows.push(FunnelRow {
            stage,
            count,
            reached: Cell::people(reached),
            rate_from_previous,
        });
    }
    rows
}

/// The period's work from its working residents (each one's hours in the period, and whether
/// they count as 関係人口) and the yen those hours earned: hours, yen and shares suppressed
/// under [`MIN_CELL`] contributors (module docs).
pub fn work_summary(people: &[(u64, bool)], yen: u64) -> WorkSummary {
    let values: Vec<u64> = people.iter().map(|&(h, _)| h).collect();
    let total: u64 = values.iter().sum();
    let contributors = values.iter().filter(|&&h| h > 0).count() as u64;
    let related_contributors = people.iter().filter(|&&(h, r)| h > 0 && r).count() as u64;
    let local_contributors = contributors - related_contributors;
    let related_hours: u64 = people.iter().filter(|&&(_, r)| r).map(|&(h, _)| h).sum();
    let enough = contributors >= MIN_CELL;
    let shown = |v: f64| {
        if enough {
            Cell::Value(v)
        } else {
            Cell::Suppressed
        }
    };
    WorkSummary {
        working_residents: Cell::people(values.len() as u64),
        contributors: Cell::people(contributors),
        hours: work_hours(contributors, total),
        yen: if enough {
            Cell::Value(yen)
        } else {
            Cell::Suppressed
        },
        related_hours_share: if enough
            && related_contributors >= MIN_CELL
            && local_contributors >= MIN_CELL
        {
            Cell::Value(related_hours as f64 / total as f64)
        } else {
            Cell::Suppressed
        },
        gini: gini(&values).map_or(Cell::Suppressed, shown),
        top10_share: match top10(&values) {
            Some((share, k)) if enough && k as u64 >= MIN_CELL => Cell::Value(share),
            _ => Cell::Suppressed,
        },
    }
}

/// A period's hours: published with at least [`MIN_CELL`] contributors.
fn work_hours(contributors: u64, hours: u64) -> Cell<u64> {
    if contributors >= MIN_CELL {
        Cell::Value(hours)
    } else {
        Cell::Suppressed
    }
}

/// One month of the trend from its counts: the residents registered by its end, those working
/// in it, those with hours and their hours ([`trend`] gives the same from the month's report).
pub fn trend_point(
    month: NaiveDate,
    registered: u64,
    working: u64,
    contributors: u64,
    hours: u64,
) -> TrendPoint {
    TrendPoint {
        month,
        registered: Cell::people(registered),
        working: Cell::people(working),
        hours: work_hours(contributors, hours),
    }
}

/// The months of the trend ending with the month that starts on `last`, oldest first.
pub fn trend_months(last: NaiveDate, months: u32) -> Vec<Period> {
    let first = last
        .checked_sub_months(chrono::Months::new(months.saturating_sub(1)))
        .unwrap_or(last);
    (0..months)
        .filter_map(|i| first.checked_add_months(chrono::Months::new(i)))
        .filter_map(Period::month_of)
        .collect()
}

/// What one engagement adds to its resident's funnel, as of any moment `as_of`
/// ([`region_report`]): matched, working (the trial started) and renewed count when their
/// instant is before `as_of`; retained 90 days when `retained` is at or before it (day 90 of the
/// work, kept only when the engagement had not ended before that day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngagementMarks {
    pub matched: Option<DateTime<Utc>>,
    pub working: Option<DateTime<Utc>>,
    pub retained: Option<DateTime<Utc>>,
    pub renewed: Option<DateTime<Utc>>,
    /// When it ended (work runs in a period from `working` to here).
    pub ended: Option<DateTime<Utc>>,
}

impl EngagementMarks {
    pub fn of(s: &EngagementState) -> Self {
        let day90 = s
            .trial_started_at
            .and_then(|t| t.checked_add_signed(TimeDelta::days(RETENTION_DAYS)));
        EngagementMarks {
            matched: s.matched_at,
            working: s.trial_started_at,
            retained: day90.filter(|d| s.ended_at.is_none_or(|end| end >= *d)),
            renewed: s.first_renewed_at,
            ended: s.ended_at,
        }
    }
}

/// The report of one region for one period.
pub fn region_report(input: &MetricsInput, region: &RegionId, period: Period) -> RegionReport {
    let start = period.start_utc();
    let as_of = period.end_utc();

    let residents: BTreeMap<&ResidentId, &ResidentFacts> = input
        .residents
        .iter()
        .filter(|r| &r.region == region && r.registered_at < as_of)
        .map(|r| (&r.id, r))
        .collect();
    let engagements: Vec<&EngagementFacts> = input
        .engagements
        .iter()
        .filter(|e| &e.region == region)
        .collect();

    // Funnel facts per registered resident.
    let mut reached: BTreeMap<&ResidentId, Reached> = residents
        .keys()
        .map(|&id| (id, Reached::default()))
        .collect();
    let mut completed: BTreeMap<&ResidentId, BTreeSet<&ProgramId>> = BTreeMap::new();
    for c in &input.courses {
        if let Some(r) = reached.get_mut(&c.resident)
            && c.completed_at.is_some_and(|t| t < as_of)
        {
            r.trained = true;
            completed.entry(&c.resident).or_default().insert(&c.program);
        }
    }
    for v in &input.verifications {
        if let Some(r) = reached.get_mut(&v.resident)
            && v.at < as_of
        {
            r.verified = true;
        }
    }
    for e in &engagements {
        let s = &e.state;
        let Some(r) = s.resident().and_then(|id| reached.get_mut(id)) else {
            continue;
        };
        r.matched |= s.matched_at.is_some_and(|t| t < as_of);
        r.working |= s.trial_started_at.is_some_and(|t| t < as_of);
        r.retained |= retained(s, as_of);
        r.renewed |= s.first_renewed_at.is_some_and(|t| t < as_of);
    }
    let funnel = funnel_rows(FunnelStage::Registered, reached.values());

    // Per program: residents enrolled before the end, "trained" = completed this program.
    let mut enrolled: BTreeMap<&ProgramId, BTreeSet<&ResidentId>> = BTreeMap::new();
    for c in &input.courses {
        if reached.contains_key(&c.resident) && c.enrolled_at < as_of {
            enrolled.entry(&c.program).or_default().insert(&c.resident);
        }
    }
    let programs = enrolled
        .into_iter()
        .map(|(program, ids)| {
            // Within a program's funnel, "trained" means completed this program.
            let people: Vec<Reached> = ids
                .iter()
                .filter_map(|id| {
                    let did = completed.get(id).is_some_and(|ps| ps.contains(program));
                    reached.get(id).map(|r| Reached { trained: did, ..*r })
                })
                .collect();
            ProgramFunnel {
                program: program.clone(),
                program_name: None,
                rows: funnel_rows(FunnelStage::Enrolled, people.iter()),
            }
        })
        .collect();

    // Work in the period.
    let mut hours: BTreeMap<&ResidentId, u64> = BTreeMap::new();
    let mut yen: u64 = 0;
    for e in &engagements {
        let s = &e.state;
        let Some(id) = s.resident() else { continue };
        let running_in_period =
            s.trial_started_at.is_some_and(|t| t < as_of) && s.ended_at.is_none_or(|t| t >= start);
        let in_period: u64 = s
            .checkins
            .iter()
            .filter(|c| period.contains(c.at))
            .map(|c| u64::from(c.hours_worked))
            .sum();
        if running_in_period || in_period > 0 {
            *hours.entry(id).or_default() += in_period;
        }
        yen = yen.saturating_add(in_period.saturating_mul(u64::from(e.hourly_yen)));
    }
    let is_related = |id: &ResidentId| {
        residents
            .get(id)
            .is_none_or(|r| r.residency == Residency::Related)
    };
    let people: Vec<(u64, bool)> = hours.iter().map(|(id, &h)| (h, is_related(id))).collect();
    let work = work_summary(&people, yen);

    RegionReport {
        region: region.clone(),
        region_name: None,
        municipality_name: None,
        made_on: None,
        period,
        funnel,
        work,
        programs,
        trend: Vec::new(),
    }
}

impl RegionReport {
    /// Names the report: the region, the municipality reading it and each course by its
    /// title (a course no longer listed keeps no name and is exported as 「（削除された講座）」).
    pub fn name(
        &mut self,
        region: &crate::model::Region,
        municipality: &crate::model::MunicipalityId,
        programs: &[crate::model::Program],
    ) {
        self.region_name = Some(region.name.clone());
        self.municipality_name = region
            .municipalities
            .iter()
            .find(|m| &m.id == municipality)
            .map(|m| m.name.clone());
        for p in &mut self.programs {
            p.program_name = programs
                .iter()
                .find(|x| x.id == p.program)
                .map(|x| x.name.clone());
        }
    }
}

// ---------------------------------------------------------------- trend

/// The first day of the last month a period's trend shows: the period's last month, or the
/// month of `today` while the period is still running (no empty future months).
pub fn trend_end(period: &Period, today: NaiveDate) -> NaiveDate {
    let last_day = period.end.pred_opt().unwrap_or(period.end);
    let last = if today < last_day && today >= period.start {
        today
    } else {
        last_day
    };
    last.with_day(1).unwrap_or(last)
}

/// `months` months ending with the month that starts on `last` (oldest first), each from the
/// month's own [`region_report`].
pub fn trend(
    input: &MetricsInput,
    region: &RegionId,
    last: NaiveDate,
    months: u32,
) -> Vec<TrendPoint> {
    trend_months(last, months)
        .into_iter()
        .map(|month| {
            let r = region_report(input, region, month);
            let registered = r
                .funnel
                .iter()
                .find(|row| row.stage == FunnelStage::Registered)
                .map_or(Cell::Suppressed, |row| row.count);
            TrendPoint {
                month: month.start,
                registered,
                working: r.work.working_residents,
                hours: r.work.hours,
            }
        })
        .collect()
}

/// [`region_report`] with its [`trend`]: the twelve months up to [`trend_end`].
pub fn region_report_with_trend(
    input: &MetricsInput,
    region: &RegionId,
    period: Period,
    today: NaiveDate,
) -> RegionReport {
    let mut report = region_report(input, region, period);
    report.trend = trend(input, region, trend_end(&period, today), TREND_MONTHS);
    report
}

// ---------------------------------------------------------------- CSV

fn count_text(c: Cell<u64>) -> String {
    match c {
        Cell::Value(v) => v.to_string(),
        Cell::Suppressed => SUPPRESSED_MARK.to_owned(),
        Cell::NotApplicable => NOT_APPLICABLE_MARK.to_owned(),
    }
}

fn ratio_text(c: Cell<f64>, percent: bool) -> String {
    match c {
        Cell::Value(v) if percent => format!("{:.1}", v * 100.0),
        Cell::Value(v) => format!("{v:.3}"),
        Cell::Suppressed => SUPPRESSED_MARK.to_owned(),
        Cell::NotApplicable => NOT_APPLICABLE_MARK.to_owned(),
    }
}

/// The header of [`to_csv_rows`].
pub const CSV_HEADER: [&str; 7] = ["地域", "期間", "区分", "講座", "項目", "値", "単位"];

/// The report as rows of a long-format table (header first) in Japanese. Suppressed cells are
/// [`SUPPRESSED_MARK`], inapplicable ones [`NOT_APPLICABLE_MARK`]; percentages have one decimal.
pub fn to_csv_rows(report: &RegionReport) -> Vec<Vec<String>> {
    let region = report
        .region_name
        .as_ref()
        .map_or_else(|| "（地域）".to_owned(), |n| n.ja.clone());
    let period = report.period.label().ja;
    let trend_rows: Vec<(String, &TrendPoint)> = report
        .trend
        .iter()
        .map(|t| {
            let label = Period::month_of(t.month).map_or_else(String::new, |m| m.label().ja);
            (label, t)
        })
        .collect();
    let mut rows: Vec<Vec<String>> = vec![CSV_HEADER.iter().map(|s| (*s).to_owned()).collect()];
    let mut push = |group: &str, program: &str, item: &str, value: String, unit: &str| {
        rows.push(vec![
            region.clone(),
            period.clone(),
            group.to_owned(),
            program.to_owned(),
            item.to_owned(),
            value,
            unit.to_owned(),
        ]);
    };
    let funnel = |push: &mut dyn FnMut(&str, &str, &str, String, &str),
                  prefix: &str,
                  program: &str,
                  rows: &[FunnelRow]| {
        for r in rows {
            let item = r.stage.label().ja;
            push(
                &format!("{prefix}ファネル"),
                program,
                &item,
                count_text(r.count),
                "人",
            );
        }
        for r in rows {
            let item = r.stage.label().ja;
            push(
                &format!("{prefix}到達人数"),
                program,
                &item,
                count_text(r.reached),
                "人",
            );
        }
        for r in rows {
            let item = r.stage.label().ja;
            let v = ratio_text(r.rate_from_previous, true);
            push(
                &format!("{prefix}前段階からの移行率"),
                program,
                &item,
                v,
                "%",
            );
        }
    };
    funnel(&mut push, "", "", &report.funnel);
    let w = &report.work;
    push(
        "就業",
        "",
        "就業者数",
        count_text(w.working_residents),
        "人",
    );
    push("就業", "", "稼働者数", count_text(w.contributors), "人");
    push("就業", "", "稼働時間", count_text(w.hours), "時間");
    push("就業", "", "報酬額", count_text(w.yen), "円");
    push(
        "就業",
        "",
        "関係人口による時間の割合",
        ratio_text(w.related_hours_share, true),
        "%",
    );
    push("就業", "", "ジニ係数", ratio_text(w.gini, false), "");
    push(
        "就業",
        "",
        "上位10%の時間シェア",
        ratio_text(w.top10_share, true),
        "%",
    );
    for p in &report.programs {
        let name = p
            .program_name
            .as_ref()
            .map_or_else(|| "（削除された講座）".to_owned(), |n| n.ja.clone());
        funnel(&mut push, "講座別", &name, &p.rows);
    }
    // The twelve-month trend, one row per month and figure (the month in the 期間 column).
    for (month, t) in &trend_rows {
        for (item, cell, unit) in [
            ("登録した住民", t.registered, "人"),
            ("働いた住民", t.working, "人"),
            ("稼働時間", t.hours, "時間"),
        ] {
            rows.push(vec![
                region.clone(),
                month.clone(),
                "12か月の推移".to_owned(),
                String::new(),
                item.to_owned(),
                count_text(cell),
                unit.to_owned(),
            ]);
        }
    }
    rows
}

/// Rows as CSV text with a UTF-8 BOM (so that Excel opens Japanese correctly) and CRLF line ends;
/// fields with commas, quotes or line breaks are quoted.
pub fn csv_with_bom(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests;
