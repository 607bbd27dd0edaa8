//! A company's job offer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::checker::{Checker, Label, label};
use super::resident::{MAX_HOURS_PER_PERSON, SkillInput, skills};
use super::{ErrorCode, Raw, ValidationContext, ValidationErrors};
use crate::fair_work::pay_calendar::{self, MonthDay, PaySchedule};
use crate::model::{
    CompanyId, DataAccess, Job, JobId, JobStatus, Pay, Region, TaskRequirement, TimeWindows,
    WhoMayApply, WorkPlace,
};
use crate::text::{self, HOUR_UNITS, YEN_UNITS};

pub const MAX_TITLE: usize = 80;
pub const MAX_DESCRIPTION: usize = 4000;
/// Most task kinds one job may ask for; a longer list is several jobs.
pub const MAX_JOB_TASKS: usize = 10;
/// Most hours a week a whole job (a team) may need: about seven full-time people.
pub const MAX_JOB_HOURS: u32 = 400;
pub const MAX_DURATION_WEEKS: u32 = 104;
/// Per hour or per task; more is a typing mistake (an extra zero).
pub const MAX_PAY_YEN: u32 = 100_000;
/// Longest estimate for one task: a working day.
pub const MAX_MINUTES_PER_TASK: u32 = 480;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobInput {
    pub title: Raw,
    pub description: Raw,
    #[serde(deserialize_with = "super::loose_list")]
    pub tasks: Vec<SkillInput>,
    /// Total hours a week of the whole job.
    pub hours_per_week: Raw,
    /// The fewest hours a week one person must offer.
    pub min_hours_per_person: Raw,
    #[serde(deserialize_with = "super::loose_list")]
    pub windows: Vec<Raw>,
    pub duration_weeks: Raw,
    /// `remote`, or the id of a municipality of the region for on-site or hybrid work.
    pub place: Raw,
    /// `remote`, `on_site` or `hybrid`; blank reads `place` alone (remote, or on site at the
    /// municipality it names), as before this field existed.
    pub place_kind: Raw,
    /// Only for `hybrid`: days a week at the place, 1 to 4.
    pub days_on_site: Raw,
    /// `hourly` or `per_task`.
    pub pay_kind: Raw,
    pub pay_yen: Raw,
    /// Only for `per_task`: the company's estimate of minutes one task takes.
    pub minutes_per_task: Raw,
    /// `local_only`, `local_and_related` or `anyone`.
    pub who_may_apply: Raw,
    pub team_allowed: Raw,
    pub needs_pc: Raw,
    /// `public_only`, `internal` or `customer_personal_data`.
    pub data_access: Raw,
    /// The pay calendar (Freelance Act Art. 4): the closing day, 1–28 or `end` (末日); blank is
    /// `end`.
    pub closing_day: Raw,
    /// 0 (当月), 1 (翌月) or 2 (翌々月); blank is 1.
    pub pay_months_after: Raw,
    /// 1–28 or `end`; blank is `end`. Blank all three: 末日締め翌月末日払い.
    pub pay_day: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidJob {
    pub title: String,
    pub description: String,
    pub tasks: Vec<TaskRequirement>,
    pub hours_per_week: u32,
    pub min_hours_per_person: u32,
    pub windows: TimeWindows,
    pub duration_weeks: u32,
    pub place: WorkPlace,
    pub pay: Pay,
    pub who_may_apply: WhoMayApply,
    pub team_allowed: bool,
    pub needs_pc: bool,
    pub data_access: DataAccess,
    pub pay_schedule: PaySchedule,
}

const WHO: &[(&str, WhoMayApply)] = &[
    ("local_only", WhoMayApply::LocalOnly),
    ("local_and_related", WhoMayApply::LocalAndRelated),
    ("anyone", WhoMayApply::Anyone),
];
const ACCESS: &[(&str, DataAccess)] = &[
    ("public_only", DataAccess::PublicOnly),
    ("internal", DataAccess::Internal),
    ("customer_personal_data", DataAccess::CustomerPersonalData),
];

impl JobInput {
    pub fn validate(&self, ctx: &ValidationContext<'_>) -> Result<ValidJob, ValidationErrors> {
        let mut c = Checker::default();
        let title = c
            .line(
                "title",
                label("仕事の名前", "the job title"),
                &self.title,
                MAX_TITLE,
            )
            .map(|t| keep_wide_parentheses(self.title.as_str(), t));
        let description = c.text(
            "description",
            label("仕事の説明", "the job description"),
            &self.description,
            MAX_DESCRIPTION,
        );
        let tasks = job_tasks(&mut c, &self.tasks, ctx);
        let hours = c.number(
            "hours_per_week",
            label("1週間の仕事量（時間）", "hours of work a week"),
            &self.hours_per_week,
            HOUR_UNITS,
            1..=MAX_JOB_HOURS,
        );
        let min_hours = c.number(
            "min_hours_per_person",
            label(
                "1人あたり最低の時間（週）",
                "the fewest hours a week per person",
            ),
            &self.min_hours_per_person,
            HOUR_UNITS,
            1..=MAX_HOURS_PER_PERSON,
        );
        let windows = c.windows(
            "windows",
            label("仕事をする時間帯", "the times the work happens"),
            &self.windows,
        );
        let duration = c.number(
            "duration_weeks",
            label("期間（週）", "the duration in weeks"),
            &self.duration_weeks,
            &["週", "週間", "weeks"],
            1..=MAX_DURATION_WEEKS,
        );
        let place = place(&mut c, self, ctx);
        let pay = pay(&mut c, self);
        let who = c.choice(
            "who_may_apply",
            label("応募できる人", "who may apply"),
            &self.who_may_apply,
            WHO,
        );
        let team = c.flag(
            "team_allowed",
            label("チームでの受け入れ", "team work"),
            &self.team_allowed,
        );
        let needs_pc = c.flag(
            "needs_pc",
            label("パソコンが必要か", "whether a PC is needed"),
            &self.needs_pc,
        );
        let access = c.choice(
            "data_access",
            label("扱う情報の種類", "the kind of data handled"),
            &self.data_access,
            ACCESS,
        );
        let pay_schedule = pay_schedule(&mut c, self);
        let (
            Some(title),
            Some(description),
            Some(tasks),
            Some(hours_per_week),
            Some(min_hours_per_person),
            Some(windows),
            Some(duration_weeks),
            Some(place),
            Some(pay),
            Some(who_may_apply),
            Some(team_allowed),
            Some(needs_pc),
            Some(data_access),
            Some(pay_schedule),
        ) = (
            title,
            description,
            tasks,
            hours,
            min_hours,
            windows,
            duration,
            place,
            pay,
            who,
            team,
            needs_pc,
            access,
            pay_schedule,
        )
        else {
            return Err(c.into_errors());
        };
        check_hours(&mut c, hours_per_week, min_hours_per_person, team_allowed);
        c.into_result(ValidJob {
            title,
            description,
            tasks,
            hours_per_week,
            min_hours_per_person,
            windows,
            duration_weeks,
            place,
            pay,
            who_may_apply,
            team_allowed,
            needs_pc,
            data_access,
            pay_schedule,
        })
    }
}

/// Normalising (NFKC) turns 「（」「）」 into ASCII parentheses; a title written with the
/// full-width ones only keeps them, as the company wrote it.
fn keep_wide_parentheses(raw: &str, normalized: String) -> String {
    let wide = raw.contains(['（', '）']);
    let ascii = raw.contains(['(', ')']);
    if wide && !ascii {
        normalized.replace('(', "（").replace(')', "）")
    } else {
        normalized
    }
}

fn job_tasks(
    c: &mut Checker,
    raw: &[SkillInput],
    ctx: &ValidationContext<'_>,
) -> Option<Vec<TaskRequirement>> {
    if !c.list_len(
        "tasks",
        label("仕事の種類", "tasks"),
        raw,
        true,
        MAX_JOB_TASKS,
    ) {
        return None;
    }
    let list = skills(c, "tasks", raw, ctx)?;
    Some(
        list.into_iter()
            .map(|(task, level)| TaskRequirement { task, level })
            .collect(),
    )
}

/// Most days a week at the place for hybrid work (five would be on-site work).
pub const MAX_DAYS_ON_SITE: u32 = 4;

fn place(c: &mut Checker, input: &JobInput, ctx: &ValidationContext<'_>) -> Option<WorkPlace> {
    #[derive(Debug, Clone, Copy)]
    enum Kind {
        Remote,
        OnSite,
        Hybrid,
    }
    let raw = &input.place;
    let l = label("働く場所", "the place of work");
    let remote_words = text::normalize_line(raw.as_str()).to_lowercase() == "remote";
    let kind = if input.place_kind.is_blank() {
        if remote_words {
            Kind::Remote
        } else {
            Kind::OnSite
        }
    } else {
        c.choice(
            "place_kind",
            label(
                "働き方（リモート・現地・ハイブリッド）",
                "remote, on-site or hybrid",
            ),
            &input.place_kind,
            &[
                ("remote", Kind::Remote),
                ("on_site", Kind::OnSite),
                ("hybrid", Kind::Hybrid),
            ],
        )?
    };
    match kind {
        Kind::Remote => Some(WorkPlace::Remote),
        Kind::OnSite => c
            .municipality("place", l, raw, ctx)
            .map(|municipality| WorkPlace::OnSite { municipality }),
        Kind::Hybrid => {
            let municipality = c.municipality("place", l, raw, ctx);
            let days = c.number(
                "days_on_site",
                label("出社する日数（週）", "days a week on site"),
                &input.days_on_site,
                &["日", "days", "day"],
                1..=MAX_DAYS_ON_SITE,
            );
            Some(WorkPlace::Hybrid {
                municipality: municipality?,
                days_on_site: u8::try_from(days?).ok()?,
            })
        }
    }
}

fn pay(c: &mut Checker, input: &JobInput) -> Option<Pay> {
    #[derive(Debug, Clone, Copy)]
    enum Kind {
        Hourly,
        PerTask,
    }
    let kind = c.choice(
        "pay_kind",
        label("報酬の払い方", "how pay is counted"),
        &input.pay_kind,
        &[("hourly", Kind::Hourly), ("per_task", Kind::PerTask)],
    );
    let yen = c.number(
        "pay_yen",
        label("報酬（円）", "the pay in yen"),
        &input.pay_yen,
        YEN_UNITS,
        1..=MAX_PAY_YEN,
    );
    match kind? {
        Kind::Hourly => Some(Pay::Hourly { yen: yen? }),
        Kind::PerTask => {
            let minutes = c.number(
                "minutes_per_task",
                label(
                    "1件にかかる見込み時間（分）",
                    "the estimated minutes per task",
                ),
                &input.minutes_per_task,
                &["分", "min", "minutes"],
                1..=MAX_MINUTES_PER_TASK,
            );
            Some(Pay::PerTask {
                yen: yen?,
                minutes_per_task: minutes?,
            })
        }
    }
}

/// A day of the month on the form: 1–28, or the last day as `end`, 末日 or 31 (months without
/// a 29th–31st make those days ambiguous, so they are refused). Blank is the last day.
fn month_day(c: &mut Checker, field: &str, l: Label<'_>, raw: &Raw) -> Option<MonthDay> {
    let key = text::normalize_line(raw.as_str()).to_lowercase();
    if key.is_empty() || ["end", "末日", "last"].contains(&key.as_str()) {
        return Some(MonthDay::EndOfMonth);
    }
    match c.number(field, l, raw, &["日"], 1..=31)? {
        31 => Some(MonthDay::EndOfMonth),
        n @ 1..=MAX_NUMBERED_DAY_U32 => u8::try_from(n).ok().map(MonthDay::Day),
        _ => {
            c.push(
                field,
                ErrorCode::OutOfRange,
                format!("「{}」は1日〜28日か末日を選んでください。", l.ja),
                format!("Please choose day 1 to 28 or the last day as {}.", l.en),
            );
            None
        }
    }
}

const MAX_NUMBERED_DAY_U32: u32 = pay_calendar::MAX_NUMBERED_DAY as u32;

/// The pay calendar's shape (the payment day after the closing day when paid the same month);
/// whether it pays in time is [`ValidJob::check_pay_schedule`], which needs today's date.
fn pay_schedule(c: &mut Checker, input: &JobInput) -> Option<PaySchedule> {
    let closing = month_day(
        c,
        "closing_day",
        label("締め日", "the closing day"),
        &input.closing_day,
    );
    let pay_day = month_day(
        c,
        "pay_day",
        label("支払日", "the payment day"),
        &input.pay_day,
    );
    let months = if input.pay_months_after.is_blank() {
        Some(1)
    } else {
        c.choice(
            "pay_months_after",
            label("支払月（当月・翌月・翌々月）", "the month of payment"),
            &input.pay_months_after,
            &[("0", 0), ("1", 1), ("2", 2)],
        )
    };
    let schedule = PaySchedule {
        closing: closing?,
        pay_months_after: months?,
        pay_day: pay_day?,
    };
    match schedule.validate() {
        Ok(()) => Some(schedule),
        Err(errors) => {
            for e in errors.0 {
                c.push(&e.field, e.code, e.message.ja, e.message.en);
            }
            None
        }
    }
}

/// Hours that fit together: one person cannot be asked for more than the whole job, and a job
/// larger than one person's week needs a team.
fn check_hours(c: &mut Checker, total: u32, per_person: u32, team_allowed: bool) {
    if per_person > total {
        c.push(
            "min_hours_per_person",
            ErrorCode::Inconsistent,
            "「1人あたり最低の時間」が、仕事全体の時間より多くなっています。".to_owned(),
            "The fewest hours per person is more than the whole job's hours.".to_owned(),
        );
    }
    if total > MAX_HOURS_PER_PERSON && !team_allowed {
        c.push(
            "team_allowed",
            ErrorCode::Inconsistent,
            format!("1週間{total}時間は1人では多すぎます（1人{MAX_HOURS_PER_PERSON}時間まで）。チームでの受け入れを選んでください。"),
            format!("{total} hours a week is too much for one person (at most {MAX_HOURS_PER_PERSON}). Please allow a team."),
        );
    }
}

/// A valid job back as the form that gives it: the hub's proposal is reopened for revision as
/// editable cards. Validating the result gives the same job (tested).
impl From<&ValidJob> for JobInput {
    fn from(job: &ValidJob) -> Self {
        let raw = |s: &str| Raw(s.to_owned());
        let (place, place_kind, days) = match &job.place {
            WorkPlace::Remote => ("remote".to_owned(), "remote", String::new()),
            WorkPlace::OnSite { municipality } => {
                (municipality.0.clone(), "on_site", String::new())
            }
            WorkPlace::Hybrid {
                municipality,
                days_on_site,
            } => (municipality.0.clone(), "hybrid", days_on_site.to_string()),
        };
        let (pay_kind, yen, minutes) = match job.pay {
            Pay::Hourly { yen } => ("hourly", yen, String::new()),
            Pay::PerTask {
                yen,
                minutes_per_task,
            } => ("per_task", yen, minutes_per_task.to_string()),
        };
        JobInput {
            title: raw(&job.title),
            description: raw(&job.description),
            tasks: job
                .tasks
                .iter()
                .map(|t| SkillInput {
                    task: raw(t.task.as_str()),
                    level: raw(level_name(t.level)),
                })
                .collect(),
            hours_per_week: Raw(job.hours_per_week.to_string()),
            min_hours_per_person: Raw(job.min_hours_per_person.to_string()),
            windows: (0..8)
                .filter(|bit| job.windows.0 & (1 << bit) != 0)
                .map(|bit| raw(crate::talent::SLOT_NAMES[bit]))
                .collect(),
            duration_weeks: Raw(job.duration_weeks.to_string()),
            place: Raw(place),
            place_kind: raw(place_kind),
            days_on_site: Raw(days),
            pay_kind: raw(pay_kind),
            pay_yen: Raw(yen.to_string()),
            minutes_per_task: Raw(minutes),
            who_may_apply: raw(name_of(WHO, job.who_may_apply)),
            team_allowed: Raw(job.team_allowed.to_string()),
            needs_pc: Raw(job.needs_pc.to_string()),
            data_access: raw(name_of(ACCESS, job.data_access)),
            closing_day: raw(&day_name(job.pay_schedule.closing)),
            pay_months_after: Raw(job.pay_schedule.pay_months_after.to_string()),
            pay_day: raw(&day_name(job.pay_schedule.pay_day)),
        }
    }
}

/// The form's name of an option (the first of the validator's table that gives it).
fn name_of<T: PartialEq>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, x)| *x == value)
        .map_or("", |(name, _)| *name)
}

/// The form's name of a day of the month.
fn day_name(day: MonthDay) -> String {
    match day {
        MonthDay::Day(n) => n.to_string(),
        MonthDay::EndOfMonth => "end".to_owned(),
    }
}

fn level_name(level: crate::model::Level) -> &'static str {
    match level {
        crate::model::Level::Beginner => "beginner",
        crate::model::Level::Experienced => "experienced",
        crate::model::Level::CanTeach => "can_teach",
    }
}

impl ValidJob {
    /// The prefecture whose minimum wage applies to this work (`crate::pay::work_prefecture`).
    pub fn work_prefecture(&self, company_prefecture: Option<u8>, region_prefecture: u8) -> u8 {
        crate::pay::work_prefecture(&self.place, company_prefecture, region_prefecture)
    }

    /// The minimum-wage floor: refused (on `pay_yen`) when the hourly equivalent is below the
    /// minimum wage in force on `on` where the work is.
    pub fn check_minimum_wage(
        &self,
        company_prefecture: Option<u8>,
        region_prefecture: u8,
        on: chrono::NaiveDate,
    ) -> Result<(), ValidationErrors> {
        let prefecture = self.work_prefecture(company_prefecture, region_prefecture);
        crate::pay::floor(&self.pay, prefecture, on).map_err(|b| b.into_errors("pay_yen"))
    }

    /// What posting holds every job to, on `on` (Japan's date): the minimum wage where the work
    /// is, then the pay calendar. The preview and the post run the same checks.
    pub fn check_posting(
        &self,
        company_prefecture: Option<u8>,
        region_prefecture: u8,
        on: chrono::NaiveDate,
    ) -> Result<(), ValidationErrors> {
        self.check_minimum_wage(company_prefecture, region_prefecture, on)?;
        self.check_pay_schedule(on)
    }

    /// Art. 4(1): the job's pay calendar pays every period in time (from `on`'s month); refused
    /// on `pay_day`, naming the work that would be paid late. musubi holds every posting to it,
    /// whether or not the company is a 特定業務委託事業者 today (its staff can change while the
    /// posting is open, and the terms statement starts from the posting's calendar).
    pub fn check_pay_schedule(&self, on: chrono::NaiveDate) -> Result<(), ValidationErrors> {
        self.pay_schedule.check(on).map_err(|r| {
            ValidationErrors(vec![super::FieldError {
                field: "pay_day".to_owned(),
                code: ErrorCode::OutOfRange,
                message: r.message,
            }])
        })
    }

    /// Pay guidance for this offer in the context's region (minimum wage of its prefecture,
    /// typical pay of its tasks), to show the company before it publishes.
    pub fn pay_guidance(
        &self,
        ctx: &ValidationContext<'_>,
        on: chrono::NaiveDate,
    ) -> crate::pay::PayGuidance {
        let tasks: Vec<_> = self.tasks.iter().map(|t| t.task.clone()).collect();
        crate::pay::pay_guidance(ctx.taxonomy, &tasks, &self.pay, ctx.region.prefecture, on)
    }

    pub fn into_job(
        self,
        id: JobId,
        company_id: CompanyId,
        region: &Region,
        now: DateTime<Utc>,
    ) -> Job {
        Job {
            id,
            company_id,
            region_id: region.id.clone(),
            title: self.title,
            description: self.description,
            tasks: self.tasks,
            hours_per_week: self.hours_per_week,
            min_hours_per_person: self.min_hours_per_person,
            windows: self.windows,
            duration_weeks: self.duration_weeks,
            place: self.place,
            pay: self.pay,
            who_may_apply: self.who_may_apply,
            team_allowed: self.team_allowed,
            needs_pc: self.needs_pc,
            data_access: self.data_access,
            pay_schedule: self.pay_schedule,
            status: JobStatus::Open,
            closure: None,
            created_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, MunicipalityId, TaskKindId};
    use crate::validate::test_support::{ctx_fixture, region};
    use proptest::prelude::*;

    #[test]
    fn a_valid_job_reads_back_as_the_form_that_gives_it() {
        let (taxonomy, region) = ctx_fixture();
        let ctx = ValidationContext::new(taxonomy, &region);
        let mut inputs = vec![good()];
        let mut hybrid = good();
        hybrid.place_kind = "hybrid".into();
        hybrid.place = region.municipalities[0].id.0.as_str().into();
        hybrid.days_on_site = "2".into();
        hybrid.pay_kind = "per_task".into();
        hybrid.minutes_per_task = "30".into();
        hybrid.windows = vec!["weekend_night".into(), "weekday_morning".into()];
        inputs.push(hybrid);
        for input in inputs {
            let job = input.validate(&ctx).expect("valid");
            let again = JobInput::from(&job).validate(&ctx).expect("still valid");
            assert_eq!(again, job);
        }
    }

    fn good() -> JobInput {
        JobInput {
            title: "ＳＮＳ投稿の作成".into(),
            description: "旅館のインスタグラムに\r\n週3回投稿します。".into(),
            tasks: vec![SkillInput {
                task: "sns.post".into(),
                level: "experienced".into(),
            }],
            hours_per_week: "10".into(),
            min_hours_per_person: "5".into(),
            windows: vec!["weekday_daytime".into()],
            duration_weeks: "12週".into(),
            place: "remote".into(),
            pay_kind: "hourly".into(),
            pay_yen: "1,200".into(),
            minutes_per_task: "".into(),
            who_may_apply: "local_and_related".into(),
            team_allowed: "false".into(),
            needs_pc: "".into(),
            data_access: "public_only".into(),
            ..JobInput::default()
        }
    }

    #[test]
    fn remote_on_site_and_hybrid_with_a_place() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let with = |kind: &str, place: &str, days: &str| JobInput {
            place_kind: kind.into(),
            place: place.into(),
            days_on_site: days.into(),
            ..good()
        };
        let v = with("remote", "", "").validate(&ctx).expect("remote");
        assert_eq!(v.place, WorkPlace::Remote);
        let v = with("on_site", "m1", "").validate(&ctx).expect("on site");
        assert_eq!(
            v.place,
            WorkPlace::OnSite {
                municipality: MunicipalityId::from("m1")
            }
        );
        let v = with("hybrid", "m1", "2日").validate(&ctx).expect("hybrid");
        assert_eq!(
            v.place,
            WorkPlace::Hybrid {
                municipality: MunicipalityId::from("m1"),
                days_on_site: 2
            }
        );
        assert!(v.place.needs_presence());
        let e = with("hybrid", "", "5")
            .validate(&ctx)
            .expect_err("no place, five days");
        assert!(
            e.has("place", ErrorCode::Required) || e.has("place", ErrorCode::UnknownMunicipality)
        );
        assert!(e.has("days_on_site", ErrorCode::OutOfRange));
        let e = with("on_site", "nowhere", "")
            .validate(&ctx)
            .expect_err("unknown place");
        assert!(e.has("place", ErrorCode::UnknownMunicipality));
        let e = with("boat", "m1", "")
            .validate(&ctx)
            .expect_err("unknown kind");
        assert!(e.has("place_kind", ErrorCode::InvalidChoice));
        // Without `place_kind` the place alone says it, as before.
        let v = with("", "m1", "").validate(&ctx).expect("old form");
        assert_eq!(
            v.place,
            WorkPlace::OnSite {
                municipality: MunicipalityId::from("m1")
            }
        );
    }

    #[test]
    fn the_pay_calendar_is_chosen_on_the_job_form_and_blank_is_end_of_next_month() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let v = good().validate(&ctx).expect("blank calendar");
        assert_eq!(v.pay_schedule, PaySchedule::END_NEXT_END);
        let with = |closing: &str, months: &str, pay: &str| JobInput {
            closing_day: closing.into(),
            pay_months_after: months.into(),
            pay_day: pay.into(),
            ..good()
        };
        let v = with("20", "1", "10日")
            .validate(&ctx)
            .expect("20th, 10th next");
        assert_eq!(
            v.pay_schedule,
            PaySchedule {
                closing: MonthDay::Day(20),
                pay_months_after: 1,
                pay_day: MonthDay::Day(10),
            }
        );
        assert_eq!(
            v.pay_schedule.text(crate::model::Lang::Ja),
            "毎月20日締め、翌月10日払い"
        );
        for end in ["end", "末日", "31"] {
            let v = with(end, "1", "end").validate(&ctx).expect(end);
            assert_eq!(v.pay_schedule.closing, MonthDay::EndOfMonth);
        }
        let e = with("30", "1", "end").validate(&ctx).expect_err("30th");
        assert!(e.has("closing_day", ErrorCode::OutOfRange));
        assert!(e.0[0].message.ja.contains("末日"));
        let e = with("15", "3", "end")
            .validate(&ctx)
            .expect_err("3 months after");
        assert!(e.has("pay_months_after", ErrorCode::InvalidChoice));
        let e = with("20", "0", "10")
            .validate(&ctx)
            .expect_err("paid before closing");
        assert!(e.has("pay_day", ErrorCode::DateOrder));
    }

    #[test]
    fn a_calendar_that_pays_late_is_refused_naming_the_late_day() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let late = JobInput {
            closing_day: "end".into(),
            pay_months_after: "2".into(),
            pay_day: "25".into(),
            ..good()
        };
        // The shape is fine; paying on the 25th of the month after next is not (Art. 4(1)).
        let v = late.validate(&ctx).expect("shape");
        let e = v.check_pay_schedule(on).expect_err("too late");
        assert!(e.has("pay_day", ErrorCode::OutOfRange));
        assert!(
            e.0[0].message.ja.contains("60日以内"),
            "{}",
            e.0[0].message.ja
        );
        assert!(e.0[0].message.en.contains("2026"), "{}", e.0[0].message.en);
        let v = good().validate(&ctx).expect("default");
        assert!(v.check_pay_schedule(on).is_ok());
        // The calendar reaches the job, and reads back as the form that gave it.
        let job = v.clone().into_job(
            JobId::from("j1"),
            CompanyId::from("c1"),
            &reg,
            chrono::DateTime::UNIX_EPOCH,
        );
        assert_eq!(job.pay_schedule, PaySchedule::END_NEXT_END);
        assert_eq!(JobInput::from(&v).validate(&ctx).expect("again"), v);
    }

    #[test]
    fn a_job_stored_before_the_calendar_reads_end_of_next_month() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let job = good().validate(&ctx).expect("valid").into_job(
            JobId::from("j1"),
            CompanyId::from("c1"),
            &reg,
            chrono::DateTime::UNIX_EPOCH,
        );
        let mut json = serde_json::to_value(&job).expect("json");
        json.as_object_mut().expect("object").remove("pay_schedule");
        let old: Job = serde_json::from_value(json).expect("old job");
        assert_eq!(old.pay_schedule, PaySchedule::END_NEXT_END);
    }

    #[test]
    fn a_good_offer_becomes_an_open_job() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let v = good().validate(&ctx).expect("valid");
        assert_eq!(v.title, "SNS投稿の作成");
        assert_eq!(v.description, "旅館のインスタグラムに\n週3回投稿します。");
        assert_eq!(v.pay, Pay::Hourly { yen: 1200 });
        assert_eq!(
            v.tasks[0],
            TaskRequirement {
                task: TaskKindId::from("sns.post"),
                level: Level::Experienced
            }
        );
        let job = v.into_job(
            JobId::from("j1"),
            CompanyId::from("c1"),
            &region(),
            DateTime::<Utc>::UNIX_EPOCH,
        );
        assert_eq!(job.status, JobStatus::Open);
        assert!(!job.needs_pc);
    }

    #[test]
    fn per_task_pay_needs_a_time_estimate() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = JobInput {
            pay_kind: "per_task".into(),
            pay_yen: "300円".into(),
            ..good()
        };
        let e = input.validate(&ctx).expect_err("no minutes");
        assert!(e.has("minutes_per_task", ErrorCode::Required));
        let input = JobInput {
            pay_kind: "per_task".into(),
            pay_yen: "300".into(),
            minutes_per_task: "15分".into(),
            place: "m1".into(),
            ..good()
        };
        let v = input.validate(&ctx).expect("valid");
        assert_eq!(
            v.pay,
            Pay::PerTask {
                yen: 300,
                minutes_per_task: 15
            }
        );
        assert_eq!(
            v.place,
            WorkPlace::OnSite {
                municipality: MunicipalityId::from("m1")
            }
        );
    }

    #[test]
    fn hours_must_fit_together() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = JobInput {
            hours_per_week: "80".into(),
            min_hours_per_person: "20".into(),
            ..good()
        };
        assert!(
            input
                .validate(&ctx)
                .expect_err("team")
                .has("team_allowed", ErrorCode::Inconsistent)
        );
        let input = JobInput {
            hours_per_week: "80".into(),
            min_hours_per_person: "20".into(),
            team_allowed: "on".into(),
            ..good()
        };
        assert!(input.validate(&ctx).is_ok());
        let input = JobInput {
            hours_per_week: "4".into(),
            min_hours_per_person: "5".into(),
            ..good()
        };
        assert!(
            input
                .validate(&ctx)
                .expect_err("per person")
                .has("min_hours_per_person", ErrorCode::Inconsistent)
        );
        let input = JobInput {
            min_hours_per_person: "61".into(),
            ..good()
        };
        assert!(
            input
                .validate(&ctx)
                .expect_err("61")
                .has("min_hours_per_person", ErrorCode::OutOfRange)
        );
    }

    #[test]
    fn an_empty_form_names_every_required_field() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let e = JobInput::default().validate(&ctx).expect_err("empty");
        for f in [
            "title",
            "description",
            "tasks",
            "hours_per_week",
            "min_hours_per_person",
            "windows",
            "duration_weeks",
            "place",
            "pay_kind",
            "pay_yen",
            "who_may_apply",
            "data_access",
        ] {
            assert!(e.has(f, ErrorCode::Required), "{f}: {e}");
        }
        assert!(!e.fields().any(|f| f == "team_allowed" || f == "needs_pc"));
    }

    #[test]
    fn unknown_tasks_and_too_many_tasks_are_refused() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = JobInput {
            tasks: vec![SkillInput {
                task: "sns:post".into(),
                level: "1".into(),
            }],
            ..good()
        };
        assert!(
            input
                .validate(&ctx)
                .expect_err("unknown")
                .has("tasks[0].task", ErrorCode::UnknownTask)
        );
        let many = tax
            .tasks
            .iter()
            .take(11)
            .map(|t| SkillInput {
                task: Raw(t.id.0.clone()),
                level: "1".into(),
            })
            .collect();
        let input = JobInput {
            tasks: many,
            ..good()
        };
        assert!(
            input
                .validate(&ctx)
                .expect_err("many")
                .has("tasks", ErrorCode::TooMany)
        );
    }

    #[test]
    fn full_width_parentheses_in_a_title_stay_as_written() {
        let (taxonomy, region) = ctx_fixture();
        let ctx = ValidationContext::new(taxonomy, &region);
        let v = JobInput {
            title: "申込書のデータ入力（月末）".into(),
            ..good()
        }
        .validate(&ctx)
        .expect("valid");
        assert_eq!(v.title, "申込書のデータ入力（月末）");
        let v = JobInput {
            title: "データ入力 (Excel)".into(),
            ..good()
        }
        .validate(&ctx)
        .expect("valid");
        assert_eq!(v.title, "データ入力 (Excel)");
    }

    #[test]
    fn pay_below_the_minimum_wage_of_the_works_prefecture_is_refused() {
        let (taxonomy, region) = ctx_fixture();
        let ctx = ValidationContext::new(taxonomy, &region);
        let on = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).expect("date");
        // Remote: the region's prefecture (熊本, 1034 yen from 2026-01-01).
        let low = JobInput {
            pay_yen: "500".into(),
            ..good()
        }
        .validate(&ctx)
        .expect("valid form");
        let e = low
            .check_minimum_wage(Some(13), region.prefecture, on)
            .expect_err("refused");
        assert!(e.has("pay_yen", ErrorCode::BelowMinimumWage));
        let m = &e.0[0].message;
        assert!(
            m.ja.contains("500円") && m.ja.contains("熊本県") && m.ja.contains("1,034円"),
            "{}",
            m.ja
        );
        assert!(m.ja.contains("2026年1月1日"), "{}", m.ja);
        assert!(
            m.en.contains("Kumamoto") && m.en.contains("2026-01-01"),
            "{}",
            m.en
        );
        // Exactly the minimum is lawful.
        let exact = JobInput {
            pay_yen: "1034".into(),
            ..good()
        }
        .validate(&ctx)
        .expect("valid form");
        assert!(
            exact
                .check_minimum_wage(None, region.prefecture, on)
                .is_ok()
        );
        // On site: the company's own prefecture (東京 1226 yen) is the floor.
        let mut on_site = exact.clone();
        on_site.place = WorkPlace::OnSite {
            municipality: MunicipalityId::from("m1"),
        };
        assert_eq!(on_site.work_prefecture(Some(13), region.prefecture), 13);
        let e = on_site
            .check_minimum_wage(Some(13), region.prefecture, on)
            .expect_err("below Tokyo's");
        assert!(e.0[0].message.ja.contains("東京都"));
        // A company without a known prefecture falls back to the region's.
        assert!(
            on_site
                .check_minimum_wage(Some(0), region.prefecture, on)
                .is_ok()
        );
        // Per-task pay is compared as hourly: 100 yen per 10 minutes = 600 yen an hour.
        let per_task = JobInput {
            pay_kind: "per_task".into(),
            pay_yen: "100".into(),
            minutes_per_task: "10".into(),
            ..good()
        }
        .validate(&ctx)
        .expect("valid form");
        let e = per_task
            .check_minimum_wage(None, region.prefecture, on)
            .expect_err("refused");
        assert!(e.0[0].message.ja.contains("600円"));
    }

    #[test]
    fn a_valid_job_gets_pay_guidance_for_its_region() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let v = JobInput {
            pay_yen: "900".into(),
            ..good()
        }
        .validate(&ctx)
        .expect("valid");
        let on = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).expect("date");
        let g = v.pay_guidance(&ctx, on);
        assert_eq!(g.minimum_wage.map(|m| m.yen), Some(1034));
        assert_eq!(
            g.warnings.first().map(|w| w.code),
            Some(crate::pay::PayWarningCode::BelowMinimumWage)
        );
    }

    proptest! {
        #[test]
        fn never_panics(a in any::<String>(), b in any::<String>(), c in any::<String>(), d in any::<String>(), e in any::<String>()) {
            let (tax, reg) = ctx_fixture();
            let ctx = ValidationContext::new(tax, &reg);
            let input = JobInput {
                title: Raw(a.clone()), description: Raw(b), hours_per_week: Raw(c.clone()), min_hours_per_person: Raw(c),
                pay_kind: Raw(d.clone()), pay_yen: Raw(d), minutes_per_task: Raw(e.clone()), place: Raw(e),
                tasks: vec![SkillInput { task: Raw(a.clone()), level: Raw(a) }], ..good()
            };
            let _ = input.validate(&ctx);
        }
    }
}
