//! Residents and jobs for tests of matching, index, team and cohort: hand-made and arbitrary.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

use crate::model::{
    CompanyId, DataAccess, Devices, Job, JobId, JobStatus, Level, Localized, MunicipalityId, Pay,
    ProgramId, RegionId, Residency, Resident, ResidentId, SkillClaim, TaskKindId, TaskRequirement,
    TimeWindows, TrackRecord, UserId, Verification, WhoMayApply, Wishes, WorkPlace,
};

pub const REGION: &str = "midori";
pub const TASKS: [&str; 6] = [
    "sns.post",
    "data.entry",
    "design.banner",
    "support.email",
    "writing.article",
    "accounting.invoice",
];

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Task names from the shared vocabulary.
pub fn names(task: &TaskKindId) -> Localized {
    use crate::matching::TaskNames;
    crate::vocabulary::Taxonomy::builtin().task_name(task)
}

pub fn course() -> Option<Verification> {
    Some(Verification::Course {
        program: ProgramId::from("course-sns"),
        at: t0(),
    })
}

pub fn resident(id: &str, skills: &[(&str, Level, bool)]) -> Resident {
    Resident {
        id: ResidentId::from(id),
        region_id: RegionId::from(REGION),
        municipality_id: Some(MunicipalityId::from("m1")),
        residency: Residency::Local,
        display_name: format!("住民 {id}"),
        phone: None,
        skills: skills
            .iter()
            .map(|(t, level, verified)| SkillClaim {
                task: TaskKindId::from(*t),
                level: *level,
                verification: if *verified { course() } else { None },
            })
            .collect(),
        hours_per_week: 10,
        windows: TimeWindows(0b0000_0011),
        devices: Devices::Pc,
        wishes: Wishes::default(),
        track: TrackRecord::default(),
        created_at: t0(),
    }
}

pub fn job(id: &str, tasks: &[(&str, Level)]) -> Job {
    Job {
        id: JobId::from(id),
        company_id: CompanyId::from("co-1"),
        region_id: RegionId::from(REGION),
        title: format!("仕事 {id}"),
        description: String::new(),
        tasks: tasks
            .iter()
            .map(|(t, level)| TaskRequirement {
                task: TaskKindId::from(*t),
                level: *level,
            })
            .collect(),
        hours_per_week: 10,
        min_hours_per_person: 5,
        windows: TimeWindows(0b0000_0001),
        duration_weeks: 12,
        place: WorkPlace::Remote,
        pay: Pay::Hourly { yen: 1100 },
        who_may_apply: WhoMayApply::Anyone,
        team_allowed: true,
        needs_pc: false,
        data_access: DataAccess::PublicOnly,
        status: JobStatus::Open,
        pay_schedule: Default::default(),
        closure: None,
        created_at: t0(),
    }
}

fn arb_level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

fn arb_task() -> impl Strategy<Value = TaskKindId> {
    prop::sample::select(TASKS.to_vec()).prop_map(TaskKindId::from)
}

fn arb_skill() -> impl Strategy<Value = SkillClaim> {
    (arb_task(), arb_level(), 0u8..3).prop_map(|(task, level, v)| SkillClaim {
        task,
        level,
        verification: match v {
            0 => None,
            1 => course(),
            _ => Some(Verification::Hub {
                coordinator: UserId::from("hub-1"),
                note: "作業を確認".into(),
                at: t0(),
            }),
        },
    })
}

prop_compose! {
    pub fn arb_resident()(
        n in 0u32..1000,
        other_region in prop::bool::weighted(0.1),
        related in prop::bool::weighted(0.2),
        skills in prop::collection::vec(arb_skill(), 0..5),
        hours in 0u32..45,
        windows in any::<u8>(),
        smartphone in prop::bool::weighted(0.2),
        min_pay in prop::option::of(800u32..2000),
        track in (0u32..5, 0u32..3, 0u32..4),
    ) -> Resident {
        let mut r = resident(&format!("r{n:04}"), &[]);
        if other_region {
            r.region_id = RegionId::from("elsewhere");
        }
        if related {
            r.residency = Residency::Related;
            r.municipality_id = None;
        }
        r.skills = skills;
        r.hours_per_week = hours;
        r.windows = TimeWindows(windows);
        r.devices = if smartphone { Devices::SmartphoneOnly } else { Devices::Pc };
        r.wishes.min_hourly_yen = min_pay;
        r.track = TrackRecord { finished: track.0, renewed: track.1, active: track.2, ..TrackRecord::default() };
        r
    }
}

prop_compose! {
    pub fn arb_job()(
        n in 0u32..100,
        tasks in prop::collection::vec((arb_task(), arb_level()), 0..4),
        hours in 1u32..50,
        min_hours in 0u32..20,
        windows in any::<u8>(),
        on_site in prop::bool::weighted(0.2),
        pay in 700u32..2200,
        who in 0u8..3,
        needs_pc in any::<bool>(),
        closed in prop::bool::weighted(0.05),
    ) -> Job {
        let mut j = job(&format!("j{n:03}"), &[]);
        j.tasks = tasks.into_iter().map(|(task, level)| TaskRequirement { task, level }).collect();
        j.hours_per_week = hours;
        j.min_hours_per_person = min_hours;
        j.windows = TimeWindows(windows);
        if on_site {
            j.place = WorkPlace::OnSite { municipality: MunicipalityId::from("m1") };
        }
        j.pay = Pay::Hourly { yen: pay };
        j.who_may_apply = match who {
            0 => WhoMayApply::LocalOnly,
            1 => WhoMayApply::LocalAndRelated,
            _ => WhoMayApply::Anyone,
        };
        j.needs_pc = needs_pc;
        if closed {
            j.status = JobStatus::Closed;
        }
        j
    }
}

/// Residents with distinct ids (`r0000`, `r0001`, … by position).
pub fn arb_residents(max: usize) -> impl Strategy<Value = Vec<Resident>> {
    prop::collection::vec(arb_resident(), 0..max).prop_map(|mut rs| {
        for (i, r) in rs.iter_mut().enumerate() {
            r.id = ResidentId(format!("r{i:04}"));
        }
        rs
    })
}

/// Jobs with distinct ids (`j000`, … by position).
pub fn arb_jobs(max: usize) -> impl Strategy<Value = Vec<Job>> {
    prop::collection::vec(arb_job(), 0..max).prop_map(|mut js| {
        for (i, j) in js.iter_mut().enumerate() {
            j.id = JobId(format!("j{i:03}"));
        }
        js
    })
}
