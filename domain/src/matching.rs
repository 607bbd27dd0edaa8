//! Matching a job and residents: hard constraints first (a failed one excludes, with a reason the
//! person can read), then a soft score with reasons whose points add up exactly to the score.
//!
//! # Score
//!
//! Integer points out of [`TOTAL_POINTS`], so reasons never drift from the total by float rounding
//! and the packed [`crate::index`] computes the very same number (both go through [`JobTerms`]):
//!
//! | part | points | how |
//! |---|---|---|
//! | tasks | 400 | per required task: at the level or above: its full share; one level below: half |
//! | verified | 120 | per required task the resident has and a course or the hub confirmed |
//! | schedule | 120 | share of the job's time windows the resident can work in (any time: all) |
//! | hours | 100 | share of the job's weekly hours the resident offers |
//! | pay | 80 | full at or above the resident's minimum wish, falling to 0 at 75% of it |
//! | track | 80 | finished + 2 × renewed engagements, full at 6 |
//! | fairness | 100 | no running work: all; one: half; more: none — so work does not pile up on a few |
//!
//! Task shares are apportioned (`total·(i+1)/n − total·i/n`) so they add up to the part exactly.

use serde::{Deserialize, Serialize};

use crate::model::{
    DayKind, DayPart, Devices, Job, JobId, JobStatus, Level, Localized, Residency, Resident,
    ResidentId, TaskKindId, TimeWindows, Verification, WhoMayApply,
};

pub const TOTAL_POINTS: u32 = 1000;
pub const TASK_POINTS: u32 = 400;
pub const VERIFIED_POINTS: u32 = 120;
pub const SCHEDULE_POINTS: u32 = 120;
pub const HOURS_POINTS: u32 = 100;
pub const PAY_POINTS: u32 = 80;
pub const TRACK_POINTS: u32 = 80;
pub const FAIRNESS_POINTS: u32 = 100;
const _: () = assert!(
    TASK_POINTS
        + VERIFIED_POINTS
        + SCHEDULE_POINTS
        + HOURS_POINTS
        + PAY_POINTS
        + TRACK_POINTS
        + FAIRNESS_POINTS
        == TOTAL_POINTS
);

/// Nobody works more than the hours of a week; larger inputs are clamped so the index's `u8`
/// holds every value this module scores with.
pub const MAX_HOURS: u32 = 168;
/// Finished + 2 × renewed at which the track record part is full.
const TRACK_FULL: u32 = 6;

/// Task names for reasons, so this module does not depend on the vocabulary's data.
pub trait TaskNames {
    fn task_name(&self, task: &TaskKindId) -> Localized;
}

impl<F: Fn(&TaskKindId) -> Localized + ?Sized> TaskNames for F {
    fn task_name(&self, task: &TaskKindId) -> Localized {
        self(task)
    }
}

/// Names from the shared vocabulary; an unknown task reads as its id.
impl TaskNames for crate::vocabulary::Taxonomy {
    fn task_name(&self, task: &TaskKindId) -> Localized {
        self.task(task.as_str()).map_or_else(
            || Localized::new(task.as_str(), task.as_str()),
            |t| t.name.clone(),
        )
    }
}

/// The hard constraint a resident fails for a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HardFail {
    JobClosed,
    /// The job is open to people living in the region only.
    LocalOnly,
    /// The job is open to the region's residents and 関係人口 only.
    OtherRegion,
    /// The job needs a PC and the resident works on a smartphone only.
    NeedsPc,
    /// The work is on site and the resident does not live in the job's region.
    OnSiteOutsideRegion,
    TooFewHours {
        needed: u32,
        offered: u32,
    },
}

impl HardFail {
    pub fn reason(self) -> Localized {
        match self {
            HardFail::JobClosed => Localized::new("募集は終了しています", "The job is closed"),
            HardFail::LocalOnly => Localized::new(
                "圏域にお住まいの方のみの募集です",
                "Open only to people living in the region",
            ),
            HardFail::OtherRegion => Localized::new(
                "この圏域の住民と関係人口の方のみの募集です",
                "Open only to the region's residents and related people",
            ),
            HardFail::NeedsPc => Localized::new(
                "パソコンが必要な仕事です（スマートフォンのみでは不可）",
                "Needs a PC (a smartphone alone is not enough)",
            ),
            HardFail::OnSiteOutsideRegion => Localized::new(
                "現地での仕事のため、圏域にお住まいの方が対象です",
                "On-site work, for people living in the region",
            ),
            HardFail::TooFewHours { needed, offered } => Localized::new(
                format!("1人あたり週{needed}時間以上が必要です（週{offered}時間）"),
                format!("Needs at least {needed} h a week per person ({offered} h offered)"),
            ),
        }
    }
}

/// Whether `resident` may take `job` at all; the first constraint that fails.
pub fn hard_check(job: &Job, resident: &Resident) -> Result<(), HardFail> {
    let same_region = resident.region_id == job.region_id;
    let lives_here =
        same_region && resident.residency == Residency::Local && resident.municipality_id.is_some();
    if job.status == JobStatus::Closed {
        return Err(HardFail::JobClosed);
    }
    match job.who_may_apply {
        WhoMayApply::LocalOnly if !(same_region && resident.residency == Residency::Local) => {
            return Err(HardFail::LocalOnly);
        }
        WhoMayApply::LocalAndRelated if !same_region => return Err(HardFail::OtherRegion),
        _ => {}
    }
    if job.needs_pc && resident.devices == Devices::SmartphoneOnly {
        return Err(HardFail::NeedsPc);
    }
    if job.place.needs_presence() && !lives_here {
        return Err(HardFail::OnSiteOutsideRegion);
    }
    let offered = clamp_hours(resident.hours_per_week);
    if offered < job.min_hours_per_person {
        return Err(HardFail::TooFewHours {
            needed: job.min_hours_per_person,
            offered,
        });
    }
    Ok(())
}

pub fn clamp_hours(hours: u32) -> u32 {
    hours.min(MAX_HOURS)
}

/// What scoring needs about a resident besides skills, in the compact form the index stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResidentTerms {
    pub windows: u8,
    pub hours: u8,
    /// Lowest acceptable hourly yen, 0 when none is stated (saturates at 65,535).
    pub min_pay: u16,
    pub finished: u8,
    pub renewed: u8,
    pub active: u8,
}

impl ResidentTerms {
    pub fn of(r: &Resident) -> Self {
        let sat8 = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
        ResidentTerms {
            windows: r.windows.0,
            hours: sat8(clamp_hours(r.hours_per_week)),
            min_pay: r
                .wishes
                .min_hourly_yen
                .map_or(0, |y| u16::try_from(y).unwrap_or(u16::MAX)),
            finished: sat8(r.track.finished),
            renewed: sat8(r.track.renewed),
            active: sat8(r.track.active),
        }
    }
}

/// A resident's claim on one task: level 0 (none) to 3, and whether it was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TaskSkill {
    pub level: u8,
    pub verified: bool,
}

/// The best claim of `resident` on `task` (several claims on one task: highest level; verified if
/// any was).
pub fn task_skill(resident: &Resident, task: &TaskKindId) -> TaskSkill {
    resident
        .skills
        .iter()
        .filter(|s| &s.task == task)
        .fold(TaskSkill::default(), |acc, s| TaskSkill {
            level: acc.level.max(s.level as u8),
            verified: acc.verified || s.verification.is_some(),
        })
}

/// One required task of a job with its apportioned shares of the task and verified parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTerm {
    pub task: TaskKindId,
    pub required: u8,
    pub task_share: u32,
    pub verified_share: u32,
}

/// A job prepared for scoring many residents: the one place the point arithmetic lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobTerms {
    pub tasks: Vec<TaskTerm>,
    pub windows: u8,
    pub hours: u32,
    pub pay: u32,
}

fn share(total: u32, i: usize, n: usize) -> u32 {
    let (i, n, total) = (i as u64, n as u64, u64::from(total));
    ((total * (i + 1) / n) - (total * i / n)) as u32
}

impl JobTerms {
    pub fn new(job: &Job) -> Self {
        let n = job.tasks.len();
        let tasks = job
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| TaskTerm {
                task: t.task.clone(),
                required: t.level as u8,
                task_share: share(TASK_POINTS, i, n),
                verified_share: share(VERIFIED_POINTS, i, n),
            })
            .collect();
        JobTerms {
            tasks,
            windows: job.windows.0,
            hours: job.hours_per_week,
            pay: job.pay.hourly_equivalent(),
        }
    }

    /// The score in points; `skill(i)` is the resident's claim on the job's `i`-th task.
    pub fn points(&self, skill: impl Fn(usize) -> TaskSkill, r: &ResidentTerms) -> u32 {
        let tasks: u32 = if self.tasks.is_empty() {
            no_task_points()
        } else {
            self.tasks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let s = skill(i);
                    task_points(t, s) + verified_points(t, s)
                })
                .sum()
        };
        tasks + self.other_points(r).iter().sum::<u32>()
    }

    /// Schedule, hours, pay, track and fairness points, in that order.
    pub fn other_points(&self, r: &ResidentTerms) -> [u32; 5] {
        [
            schedule_points(self.windows, r.windows),
            hours_points(self.hours, r.hours),
            pay_points(self.pay, r.min_pay),
            track_points(r.finished, r.renewed),
            fairness_points(r.active),
        ]
    }
}

/// A job naming no task: everyone covers it fully.
pub(crate) fn no_task_points() -> u32 {
    TASK_POINTS + VERIFIED_POINTS
}

pub(crate) fn task_points(t: &TaskTerm, s: TaskSkill) -> u32 {
    if s.level >= t.required {
        t.task_share
    } else if s.level > 0 && s.level + 1 == t.required {
        t.task_share / 2
    } else {
        0
    }
}

pub(crate) fn verified_points(t: &TaskTerm, s: TaskSkill) -> u32 {
    if s.verified && s.level > 0 {
        t.verified_share
    } else {
        0
    }
}

pub(crate) fn schedule_points(job: u8, resident: u8) -> u32 {
    let wanted = job.count_ones();
    if wanted == 0 {
        return SCHEDULE_POINTS;
    }
    SCHEDULE_POINTS * (job & resident).count_ones() / wanted
}

pub(crate) fn hours_points(job: u32, resident: u8) -> u32 {
    if job == 0 {
        return HOURS_POINTS;
    }
    let offered = u64::from(resident).min(u64::from(job));
    (u64::from(HOURS_POINTS) * offered / u64::from(job)) as u32
}

pub(crate) fn pay_points(pay: u32, wish: u16) -> u32 {
    let (pay, wish) = (u64::from(pay), u64::from(wish));
    if pay >= wish {
        return PAY_POINTS;
    }
    // Linear from 75% of the wish (0 points) up to the wish (full).
    let above_floor = (4 * pay).saturating_sub(3 * wish);
    (u64::from(PAY_POINTS) * above_floor / wish) as u32
}

pub(crate) fn track_points(finished: u8, renewed: u8) -> u32 {
    let record = (u32::from(finished) + 2 * u32::from(renewed)).min(TRACK_FULL);
    TRACK_POINTS * record / TRACK_FULL
}

pub(crate) fn fairness_points(active: u8) -> u32 {
    match active {
        0 => FAIRNESS_POINTS,
        1 => FAIRNESS_POINTS / 2,
        _ => 0,
    }
}

/// What a reason is about, for grouping and icons in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "task", rename_all = "snake_case")]
pub enum ReasonKind {
    Task(TaskKindId),
    Verified(TaskKindId),
    /// The job names no task: everyone covers it.
    NoTasks,
    Schedule,
    Hours,
    Pay,
    Track,
    Fairness,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub kind: ReasonKind,
    pub points: u32,
    pub text: Localized,
    /// The person falls short here (a task below the level asked for, no common hours, pay
    /// below the wish): the resident's card lists it under 「足りない点」, apart from what fits.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
}

impl Reason {
    /// A reason that says something fits: not a gap, and worth points.
    pub fn fits(&self) -> bool {
        !self.gap && self.points > 0
    }
}

/// A score out of [`TOTAL_POINTS`]; `points` is exactly the sum of the reasons' points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub points: u32,
    pub reasons: Vec<Reason>,
}

impl Score {
    /// The reasons that earned points (strengths), then those that earned none (gaps), each
    /// in the order the score gives them: a card shows all of them, apart.
    pub fn strengths_and_gaps(&self) -> (Vec<&Reason>, Vec<&Reason>) {
        self.reasons.iter().partition(|r| r.points > 0)
    }

    /// The score in [0, 1].
    pub fn value(&self) -> f64 {
        f64::from(self.points) / f64::from(TOTAL_POINTS)
    }
}

/// The score in points without building reasons (for ranking many).
pub fn score_points(job: &JobTerms, resident: &Resident) -> u32 {
    job.points(
        |i| {
            job.tasks
                .get(i)
                .map_or_else(TaskSkill::default, |t| task_skill(resident, &t.task))
        },
        &ResidentTerms::of(resident),
    )
}

/// The score with its reasons, in plain Japanese and English.
pub fn score(job: &Job, resident: &Resident, names: &dyn TaskNames) -> Score {
    let terms = JobTerms::new(job);
    let r = ResidentTerms::of(resident);
    let mut reasons = task_reasons(&terms, resident, names);
    let [sched, hours, pay, track, fair] = terms.other_points(&r);
    reasons.push(Reason {
        kind: ReasonKind::Schedule,
        points: sched,
        text: schedule_text(job.windows, resident.windows, r.hours),
        gap: !job.windows.is_empty() && job.windows.overlap(resident.windows).is_empty(),
    });
    reasons.push(Reason {
        kind: ReasonKind::Hours,
        points: hours,
        text: hours_text(r.hours, job.hours_per_week),
        gap: false,
    });
    reasons.push(Reason {
        kind: ReasonKind::Pay,
        points: pay,
        text: pay_text(terms.pay, r.min_pay),
        gap: r.min_pay > 0 && terms.pay < u32::from(r.min_pay),
    });
    reasons.push(Reason {
        kind: ReasonKind::Track,
        points: track,
        text: track_text(r.finished, r.renewed),
        gap: false,
    });
    reasons.push(Reason {
        kind: ReasonKind::Fairness,
        points: fair,
        text: fairness_text(r.active),
        gap: false,
    });
    Score {
        points: reasons.iter().map(|r| r.points).sum(),
        reasons,
    }
}

fn task_reasons(terms: &JobTerms, resident: &Resident, names: &dyn TaskNames) -> Vec<Reason> {
    if terms.tasks.is_empty() {
        return vec![Reason {
            kind: ReasonKind::NoTasks,
            points: no_task_points(),
            text: Localized::new("特別なスキルは不要", "No particular skill needed"),
            gap: false,
        }];
    }
    let mut reasons = Vec::new();
    for t in &terms.tasks {
        let skill = task_skill(resident, &t.task);
        let name = names.task_name(&t.task);
        reasons.push(Reason {
            kind: ReasonKind::Task(t.task.clone()),
            points: task_points(t, skill),
            text: level_text(&name, skill.level, t.required),
            gap: skill.level < t.required,
        });
        if skill.level > 0 {
            reasons.push(Reason {
                kind: ReasonKind::Verified(t.task.clone()),
                points: verified_points(t, skill),
                text: verified_text(&name, resident, &t.task),
                gap: false,
            });
        }
    }
    reasons
}

fn level_of(n: u8) -> Option<Level> {
    Level::ALL.into_iter().find(|l| *l as u8 == n)
}

fn level_text(name: &Localized, level: u8, required: u8) -> Localized {
    let needed = level_of(required).map(Level::label);
    let (need_ja, need_en) = needed.map_or((String::new(), String::new()), |l| (l.ja, l.en));
    match level_of(level).map(Level::label) {
        None => Localized::new(
            format!("{}: 未経験（求める水準: {need_ja}）", name.ja),
            format!("{}: no experience yet (needs: {need_en})", name.en),
        ),
        Some(l) => Localized::new(
            format!("{}: {}（求める水準: {need_ja}）", name.ja, l.ja),
            format!("{}: {} (needs: {need_en})", name.en, l.en),
        ),
    }
}

fn verified_text(name: &Localized, resident: &Resident, task: &TaskKindId) -> Localized {
    let how = resident
        .skills
        .iter()
        .filter(|s| &s.task == task)
        .find_map(|s| s.verification.as_ref());
    match how {
        Some(Verification::Course { .. }) => Localized::new(
            format!("{}: 講座修了で確認済み", name.ja),
            format!("{}: verified by a completed course", name.en),
        ),
        Some(Verification::Hub { .. }) => Localized::new(
            format!("{}: ハブのコーディネーターが確認済み", name.ja),
            format!("{}: verified by the hub coordinator", name.en),
        ),
        None => Localized::new(
            format!("{}: 自己申告（未確認）", name.ja),
            format!("{}: self-declared, not yet verified", name.en),
        ),
    }
}

/// "平日の午前・夕方、週末の日中" / "weekday mornings and evenings, weekend daytime".
pub fn windows_text(w: TimeWindows) -> Localized {
    let mut ja = Vec::new();
    let mut en = Vec::new();
    for day in TimeWindows::DAY_KINDS {
        let parts: Vec<DayPart> = TimeWindows::DAY_PARTS
            .into_iter()
            .filter(|p| w.contains(day, *p))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let (day_ja, day_en) = match day {
            DayKind::Weekday => ("平日", "weekday"),
            DayKind::Weekend => ("週末", "weekend"),
        };
        let names: Vec<(&str, &str)> = parts.iter().map(|p| part_name(*p)).collect();
        let parts_ja: Vec<&str> = names.iter().map(|n| n.0).collect();
        let parts_en: Vec<&str> = names.iter().map(|n| n.1).collect();
        ja.push(format!("{day_ja}の{}", parts_ja.join("・")));
        en.push(format!("{day_en} {}", parts_en.join(" and ")));
    }
    Localized::new(ja.join("、"), en.join(", "))
}

fn part_name(p: DayPart) -> (&'static str, &'static str) {
    match p {
        DayPart::Morning => ("午前", "mornings"),
        DayPart::Daytime => ("日中", "daytime"),
        DayPart::Evening => ("夕方", "evenings"),
        DayPart::Night => ("夜", "nights"),
    }
}

fn schedule_text(job: TimeWindows, resident: TimeWindows, hours: u8) -> Localized {
    if job.is_empty() {
        return Localized::new(
            format!("時間帯の指定なし、週{hours}時間"),
            format!("any time, {hours} h a week"),
        );
    }
    let both = job.overlap(resident);
    if both.is_empty() {
        let wanted = windows_text(job);
        return Localized::new(
            format!("募集の時間帯（{}）と重なりません", wanted.ja),
            format!("does not overlap the job's times ({})", wanted.en),
        );
    }
    let common = windows_text(both);
    Localized::new(
        format!("{}に週{hours}時間", common.ja),
        format!("{}, {hours} h a week", common.en),
    )
}

fn hours_text(offered: u8, needed: u32) -> Localized {
    Localized::new(
        format!("あなたは週{offered}時間（仕事全体では週{needed}時間）"),
        format!("you offer {offered} h a week (the whole job is {needed} h a week)"),
    )
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pay_text(pay: u32, wish: u16) -> Localized {
    let (p, w) = (thousands(pay), thousands(u32::from(wish)));
    if wish == 0 {
        Localized::new(
            format!("時給{p}円（希望額の指定なし）"),
            format!("¥{p} an hour (no minimum stated)"),
        )
    } else if pay >= u32::from(wish) {
        Localized::new(
            format!("時給{p}円（希望 {w}円以上を満たす）"),
            format!("¥{p} an hour (meets the wish of ¥{w})"),
        )
    } else {
        Localized::new(
            format!("時給{p}円は希望の{w}円を下回る"),
            format!("¥{p} an hour is below the wish of ¥{w}"),
        )
    }
}

fn track_text(finished: u8, renewed: u8) -> Localized {
    if finished == 0 && renewed == 0 {
        return Localized::new("まだ実績はありません（これから）", "no finished work yet");
    }
    Localized::new(
        format!("完了{finished}件・更新{renewed}件の実績"),
        format!("{finished} finished and {renewed} renewed engagements"),
    )
}

fn fairness_text(active: u8) -> Localized {
    match active {
        0 => Localized::new(
            "いま進行中の仕事がないため優先",
            "no work running now, so given priority",
        ),
        1 => Localized::new("進行中の仕事が1件", "one engagement running"),
        n => Localized::new(
            format!("進行中の仕事が{n}件（仕事が偏らないよう調整）"),
            format!("{n} engagements running (balanced so work is shared)"),
        ),
    }
}

/// Which slice of a ranking to return: `limit` results after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

/// The most a page may hold, and the furthest a client may page: nothing the server allocates
/// grows with a number the client sends beyond these.
pub const MAX_PAGE_LIMIT: usize = 50;
pub const MAX_PAGE_OFFSET: usize = 10_000;
pub const DEFAULT_PAGE_LIMIT: usize = 20;

impl Page {
    /// `?offset=&limit=` as a client sent them: absent means 0 and 20; a value that is not a
    /// whole number, a limit outside 1–50 or an offset past 10,000 is refused, naming the field
    /// in both languages.
    pub fn parse(
        offset: Option<&str>,
        limit: Option<&str>,
    ) -> Result<Page, crate::validate::ValidationErrors> {
        use crate::validate::{ErrorCode, FieldError, ValidationErrors};
        let mut errors = Vec::new();
        let mut number =
            |value: Option<&str>, default: usize, name: &str, min: usize, max: usize| {
                let Some(text) = value else { return default };
                let (code, ja, en) = match text.trim().parse::<usize>() {
                    Ok(n) if (min..=max).contains(&n) => return n,
                    Ok(_) => (
                        ErrorCode::OutOfRange,
                        format!("{name} は {min} から {max} までの数で指定してください。"),
                        format!("`{name}` must be between {min} and {max}."),
                    ),
                    Err(_) => (
                        ErrorCode::NotANumber,
                        format!("{name} には 0 以上の整数を指定してください。"),
                        format!("`{name}` must be a whole number, 0 or more."),
                    ),
                };
                errors.push(FieldError {
                    field: name.to_owned(),
                    code,
                    message: Localized::new(ja, en),
                });
                default
            };
        let offset = number(offset, 0, "offset", 0, MAX_PAGE_OFFSET);
        let limit = number(limit, DEFAULT_PAGE_LIMIT, "limit", 1, MAX_PAGE_LIMIT);
        if errors.is_empty() {
            Ok(Page { offset, limit })
        } else {
            Err(ValidationErrors(errors))
        }
    }

    pub fn top(k: usize) -> Self {
        Page {
            offset: 0,
            limit: k,
        }
    }

    pub(crate) fn end(self) -> usize {
        self.offset.saturating_add(self.limit)
    }
}

/// Keeps the `page` of `items` in ranking order (`better` first) without sorting everything:
/// select the first `offset + limit`, then sort only those.
pub(crate) fn take_page<T>(
    mut items: Vec<T>,
    page: Page,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let end = page.end().min(items.len());
    if end == 0 {
        return Vec::new();
    }
    if end < items.len() {
        items.select_nth_unstable_by(end - 1, &order);
        items.truncate(end);
    }
    items.sort_unstable_by(&order);
    items.drain(page.offset.min(end)..).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedResident {
    pub resident: ResidentId,
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedJob {
    pub job: JobId,
    pub score: Score,
}

/// Residents who pass the hard constraints, best first (ties: smaller id first).
pub fn rank_residents_for_job(
    job: &Job,
    residents: &[Resident],
    names: &dyn TaskNames,
    page: Page,
) -> Vec<RankedResident> {
    let terms = JobTerms::new(job);
    let scored: Vec<(u32, &Resident)> = residents
        .iter()
        .filter(|r| hard_check(job, r).is_ok())
        .map(|r| (score_points(&terms, r), r))
        .collect();
    take_page(scored, page, |a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)))
        .into_iter()
        .map(|(_, r)| RankedResident {
            resident: r.id.clone(),
            score: score(job, r, names),
        })
        .collect()
}

/// Jobs `resident` may take, best first (ties: smaller id first).
pub fn rank_jobs_for_resident(
    resident: &Resident,
    jobs: &[Job],
    names: &dyn TaskNames,
    page: Page,
) -> Vec<RankedJob> {
    let scored: Vec<(u32, &Job)> = jobs
        .iter()
        .filter(|j| hard_check(j, resident).is_ok())
        .map(|j| (score_points(&JobTerms::new(j), resident), j))
        .collect();
    take_page(scored, page, |a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)))
        .into_iter()
        .map(|(_, j)| RankedJob {
            job: j.id.clone(),
            score: score(j, resident, names),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
