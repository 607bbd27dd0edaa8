//! The demo region, written into KV by `POST /api/v1/dev/seed`. The writes are planned from
//! `musubi_demo` (deterministic ids and values) and carried out in chunks, because one Workers
//! invocation may make at most 1,000 KV operations. Idempotent: the same keys get the same values,
//! and a marker records the seeded version, so a second run writes nothing.

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use domain::account::Role;
use domain::engagement;
use domain::index::{IndexBuilder, JobMark};
use domain::model::{
    Approval, CompanyId, JobId, JobStatus, ProgramKind, Residency, ResidentId, UserId,
};
use musubi_demo::history;
use musubi_demo::{DemoConfig, DemoRegion};
use serde::Serialize;
use worker::Env;

use crate::auth;
use crate::clock;
use crate::desk::parties::CompanyFact;
use crate::desk::views::{JobFact, ResidentFact};
use crate::error::{ApiError, ApiResult};
use crate::records;
use crate::records::summary;
use crate::store::{Store, keys};

/// Bump when the demo data changes shape, so that an old local KV is re-seeded.
pub const SEED_VERSION: &str = "12";

/// The hub coordinator the demo data names in its verifications and approvals.
pub const DEMO_HUB_USER: &str = "hub-midori-1";
/// The demo logins, one per role (README lists them). Local development only.
pub const DEMO_PASSWORD: &str = "musubi-demo-2026";
pub const DEMO_RESIDENT: &str = "resident@demo.musubi.example";
pub const DEMO_COMPANY: &str = "company@demo.musubi.example";
pub const DEMO_HUB: &str = "hub@demo.musubi.example";
pub const DEMO_MUNICIPALITY: &str = "city@demo.musubi.example";

/// Writes per call: well below the 1,000 KV operations one invocation may make.
pub const CHUNK: usize = 250;

#[derive(Debug, Serialize)]
pub struct SeedReport {
    /// False when this version was already seeded and nothing was written.
    pub seeded: bool,
    pub version: String,
    pub region: String,
    /// Where the next call continues (`?from=`), or None when the seed is complete.
    pub next: Option<usize>,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Json(String),
    Bytes(Vec<u8>),
    /// An empty membership marker with KV list metadata (a resident's packed index row, an open
    /// job's `JobMark`), as the records' own writers write it.
    Marker(serde_json::Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub key: String,
    pub value: Value,
}

fn json<T: Serialize>(key: String, value: &T) -> ApiResult<Write> {
    Ok(Write {
        key,
        value: Value::Json(serde_json::to_string(value)?),
    })
}

fn marker_with(region: &str, kind: &str, id: &str, metadata: Option<serde_json::Value>) -> Write {
    match metadata {
        Some(m) => Write {
            key: keys::member(region, kind, id),
            value: Value::Marker(m),
        },
        None => marker(region, kind, id),
    }
}

fn marker(region: &str, kind: &str, id: &str) -> Write {
    Write {
        key: keys::member(region, kind, id),
        value: Value::Json(String::new()),
    }
}

/// Every demo company is approved by the demo hub when it registered.
fn demo_approval(c: &domain::model::Company) -> Approval {
    Approval::Approved {
        by: UserId(DEMO_HUB_USER.to_owned()),
        at: c.created_at,
    }
}

/// Every write of the demo region, in a fixed order.
pub fn plan(demo: &DemoRegion) -> ApiResult<Vec<Write>> {
    let region = demo.region();
    let r = region.id.as_str();
    let mut out = vec![json(keys::region(r), &region)?];
    for p in demo.programs() {
        out.push(json(keys::program(p.id.as_str()), &p)?);
        if matches!(p.kind, ProgramKind::Course { .. }) {
            out.push(marker(r, "course", p.id.as_str()));
        }
    }
    for c in demo.companies() {
        out.push(json(keys::company(c.id.as_str()), &c)?);
        out.push(marker(r, "company", c.id.as_str()));
        out.push(json(keys::approval(c.id.as_str()), &demo_approval(&c))?);
    }
    for j in demo.jobs() {
        out.push(json(keys::job(j.id.as_str()), &j)?);
        if j.status == JobStatus::Open {
            out.push(marker_with(r, "job", j.id.as_str(), JobMark::metadata(&j)));
        }
    }
    let space = records::task_space()?;
    let mut index = IndexBuilder::new(region.id.clone(), space.clone());
    for res in demo.residents() {
        index.push(&res).map_err(ApiError::internal)?;
        out.push(json(keys::resident(res.id.as_str()), &res)?);
        let row = records::resident_marker_metadata(&res, &space);
        out.push(marker_with(r, "resident", res.id.as_str(), row));
        if res.residency == Residency::Related {
            out.push(marker(r, "related", res.id.as_str()));
        }
        if let Some(m) = &res.municipality_id {
            out.push(marker(r, &keys::lives_in_kind(m.as_str()), res.id.as_str()));
        }
    }
    // Trust on the cards: the hub's identity checks and the security course's graduates.
    for c in demo.identity_checks() {
        let id = c.resident.as_str();
        out.push(json(keys::identity_check(id, c.at.timestamp_millis()), &c)?);
        out.push(marker(r, "identity", id));
    }
    for s in demo.security_completions() {
        let id = s.resident.as_str();
        out.push(json(keys::security_done(id, s.program.as_str()), &s)?);
        out.push(marker(r, "security", id));
    }
    out.push(Write {
        key: keys::match_index(r),
        value: Value::Bytes(index.to_bytes()),
    });
    Ok(out)
}

/// How big a region the seed writes: the demo (`make run`, the tests) or the large region of
/// `make bench-region` (`POST /api/v1/dev/seed?size=large`, a fresh state folder only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Demo,
    Large,
}

impl Size {
    fn config(self) -> DemoConfig {
        match self {
            Size::Demo => DemoConfig::default(),
            Size::Large => DemoConfig {
                residents: 10_000,
                companies: 200,
                ..DemoConfig::default()
            },
        }
    }

    /// Residents whose engagement histories the seed tells: the demo's are enough for every
    /// pipeline column and for metrics cells of five and more, few enough to seed in seconds;
    /// the large region's give about 3,000 engagements.
    fn with_history(self) -> usize {
        match self {
            Size::Demo => 80,
            Size::Large => 3_700,
        }
    }

    /// How far back the histories start: the large region's run longer, with more check-ins.
    fn history_days(self) -> i64 {
        match self {
            Size::Demo => 540,
            Size::Large => 1_460,
        }
    }

    fn marker(self) -> String {
        match self {
            Size::Demo => SEED_VERSION.to_owned(),
            Size::Large => format!("{SEED_VERSION}-large"),
        }
    }
}

/// Engagements whose events one seed call hands the desk.
const ENGAGEMENTS_PER_IMPORT: usize = 150;

/// The demo's engagement histories (`musubi_demo::history`), as append-only events; they go to the
/// region's desk (`records::engagements::import`), not to KV.
#[cfg(test)]
pub fn demo_events(demo: &DemoRegion, today: DateTime<Utc>) -> Vec<engagement::EngagementEvent> {
    events_of(demo, today, Size::Demo)
}

fn events_of(
    demo: &DemoRegion,
    today: DateTime<Utc>,
    size: Size,
) -> Vec<engagement::EngagementEvent> {
    let residents: Vec<(ResidentId, Residency)> = demo
        .residents()
        .take(size.with_history())
        .map(|res| (res.id, res.residency))
        .collect();
    let jobs: Vec<(JobId, CompanyId, u32)> = demo
        .jobs()
        .into_iter()
        .map(|j| (j.id, j.company_id, j.min_hours_per_person.max(1)))
        .collect();
    let start = today - TimeDelta::days(size.history_days());
    let hub = UserId(DEMO_HUB_USER.to_owned());
    let events = history::demo_histories(demo.config().seed, &residents, &jobs, &hub, start, today);
    match size {
        Size::Demo => events,
        // The large region's coordinators also keep a handover note a minute after each step,
        // as a busy hub does: about 40,000 events in all.
        Size::Large => {
            let mut out = Vec::with_capacity(events.len() * 2);
            for (i, ev) in events.into_iter().enumerate() {
                let note =
                    (!matches!(ev.kind, engagement::EventKind::Proposed { .. })).then(|| {
                        let at = ev.at + TimeDelta::minutes(1);
                        engagement::EngagementEvent {
                            id: engagement::EventId(format!(
                                "{:013}-note{i}",
                                at.timestamp_millis()
                            )),
                            engagement_id: ev.engagement_id.clone(),
                            at,
                            actor: engagement::Actor {
                                user: hub.clone(),
                                role: engagement::Role::Hub,
                            },
                            kind: engagement::EventKind::Note {
                                text: "様子を確認し、次の予定を共有しました。".to_owned(),
                            },
                        }
                    });
                out.push(ev);
                out.extend(note);
            }
            out
        }
    }
}

/// One login per role. The resident's profile is demo resident 0's, under the new account's id
/// (a resident's profile id is the account id).
async fn demo_logins(store: &Store, demo: &DemoRegion) -> ApiResult<()> {
    let region = demo.region();
    let now = clock::now();
    let first_company = demo.companies().into_iter().next().map(|c| c.id);
    let first_municipality = region.municipalities.first().map(|m| m.id.clone());
    let (Some(company), Some(municipality)) = (first_company, first_municipality) else {
        return Err(ApiError::internal(
            "the demo region has no company or municipality",
        ));
    };
    let logins = [
        (DEMO_RESIDENT, Role::Resident),
        (DEMO_COMPANY, Role::CompanyMember { company }),
        (
            DEMO_HUB,
            Role::Hub {
                region: region.id.clone(),
            },
        ),
        (DEMO_MUNICIPALITY, Role::MunicipalityStaff { municipality }),
    ];
    for (email, role) in logins {
        let account =
            auth::create_account(store, email, DEMO_PASSWORD, role, &region.id, now).await?;
        if account.role == Role::Resident {
            let mut profile = demo.resident(0);
            profile.id = ResidentId(account.id.as_str().to_owned());
            records::save_resident(store, &profile).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub fn demo_region() -> DemoRegion {
    DemoRegion::new(DemoConfig::default())
}

/// The events in batches of whole engagements, in engagement order (the desk folds each
/// engagement from all its events, so one engagement's events go in one call).
fn import_batches(
    events: Vec<engagement::EngagementEvent>,
) -> Vec<Vec<engagement::EngagementEvent>> {
    let mut by: std::collections::BTreeMap<String, Vec<engagement::EngagementEvent>> =
        std::collections::BTreeMap::new();
    for ev in events {
        by.entry(ev.engagement_id.0.clone()).or_default().push(ev);
    }
    let groups: Vec<Vec<engagement::EngagementEvent>> = by.into_values().collect();
    groups
        .chunks(ENGAGEMENTS_PER_IMPORT)
        .map(|c| c.concat())
        .collect()
}

/// The first terms of each demo engagement that started (work starts only on terms both
/// confirmed): the company commissions directly, from the day before the trial to the job's
/// length, at the job's pay, 末日締め翌月末日払い, built by the same rule as the API's
/// (`TermsStatement::of_engagement`), confirmed by both an hour before the trial started.
fn demo_terms(
    demo: &DemoRegion,
    events: &[engagement::EngagementEvent],
) -> Vec<crate::desk::fair_work::ImportedTerms> {
    use domain::fair_work::api::{Contracting, FairTermsInput};
    use domain::fair_work::pay_calendar::PaySchedule;
    use domain::fair_work::terms_statement::{
        Amount, EngagementFacts, Party, PaymentDue, RateUnit, TermsStatement, place_text,
    };
    use domain::fair_work::{Yen, withholding};
    use domain::model::{Pay, WorkPlace};
    use std::collections::HashMap;
    let region = demo.region();
    let jobs: HashMap<JobId, domain::model::Job> =
        demo.jobs().into_iter().map(|j| (j.id.clone(), j)).collect();
    let companies: HashMap<CompanyId, String> = demo
        .companies()
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let started: Vec<(&engagement::EngagementEvent, DateTime<Utc>)> = events
        .iter()
        .filter(|e| matches!(e.kind, engagement::EventKind::Proposed { .. }))
        .filter_map(|opened| {
            events
                .iter()
                .find(|e| {
                    e.engagement_id == opened.engagement_id
                        && matches!(e.kind, engagement::EventKind::TrialStarted { .. })
                })
                .map(|trial| (opened, trial.at))
        })
        .collect();
    let wanted: std::collections::HashSet<ResidentId> = started
        .iter()
        .filter_map(|(opened, _)| match &opened.kind {
            engagement::EventKind::Proposed { resident, .. } => Some(resident.clone()),
            _ => None,
        })
        .collect();
    let names: HashMap<ResidentId, String> = demo
        .residents()
        .filter(|r| wanted.contains(&r.id))
        .map(|r| (r.id, r.display_name))
        .collect();
    started
        .into_iter()
        .filter_map(|(opened, trial_at)| {
            let engagement::EventKind::Proposed {
                job,
                company,
                resident,
                ..
            } = &opened.kind
            else {
                return None;
            };
            let job = jobs.get(job)?;
            let company_name = companies.get(company)?.clone();
            let first = domain::metrics::jst_date(trial_at);
            let municipality = match &job.place {
                WorkPlace::Remote => String::new(),
                WorkPlace::OnSite { municipality } | WorkPlace::Hybrid { municipality, .. } => {
                    region
                        .municipalities
                        .iter()
                        .find(|m| &m.id == municipality)
                        .map_or_else(|| municipality.as_str().to_owned(), |m| m.name.ja.clone())
                }
            };
            let (yen, per) = match job.pay {
                Pay::Hourly { yen } => (yen, RateUnit::Hour),
                Pay::PerTask { yen, .. } => (yen, RateUnit::Item),
            };
            let input = FairTermsInput {
                contracting: Contracting::Direct,
                original_client: None,
                original_due: None,
                commissioned_on: Some(first),
                content: None,
                delivery_from: first,
                delivery_to: first + TimeDelta::weeks(i64::from(job.duration_weeks.max(1))),
                place: None,
                inspection_days: 5,
                amount: Amount::Rate {
                    yen: Yen(u64::from(yen)),
                    per,
                },
                payment_due: PaymentDue::Schedule(PaySchedule::END_NEXT_END),
                payment_method: "銀行振込（振込手数料は発注者負担）".to_owned(),
            };
            let facts = EngagementFacts {
                commissioner: Party {
                    name: company_name,
                    id: None,
                },
                recommission_client: None,
                contractor: names.get(resident)?.clone(),
                job_title: job.title.clone(),
                job_description: job.description.clone(),
                place: place_text(&job.place, &municipality),
            };
            let tasks: Vec<_> = job.tasks.iter().map(|t| t.task.clone()).collect();
            Some(crate::desk::fair_work::ImportedTerms {
                engagement: opened.engagement_id.0.clone(),
                doc: crate::desk::fair_work::TermsDoc {
                    statement: TermsStatement::of_engagement(facts, &input, first),
                    contracting: Contracting::Direct,
                    job: job.id.clone(),
                    company: company.clone(),
                    resident: resident.clone(),
                    region: region.id.clone(),
                    // A demo company has not answered the Act's questions: every duty applies.
                    specified: true,
                    withholding: withholding::applies_to(
                        domain::vocabulary::Taxonomy::builtin(),
                        &tasks,
                    ),
                },
                agreed_at: trial_at - TimeDelta::hours(1),
            })
        })
        .collect()
}

/// Resident facts one seed call hands the desk.
const RESIDENTS_PER_IMPORT: usize = 1_000;

/// One call into the region's desk: a batch of engagements' events, or of what the region's
/// views read of residents and jobs (`desk::views`, as `records::save_resident` and
/// `records::save_job` keep them).
#[derive(Debug, Clone)]
enum DeskStep {
    Events(Vec<engagement::EngagementEvent>),
    Facts(records::facts::Imported),
}

/// The demo's residents and jobs as the desk keeps them for the views, in batches (the jobs
/// with the first).
fn fact_batches(demo: &DemoRegion) -> Vec<DeskStep> {
    let residents: Vec<ResidentFact> = demo.residents().map(|r| ResidentFact::of(&r)).collect();
    let mut jobs: Vec<JobFact> = demo.jobs().iter().map(JobFact::of).collect();
    // The companies, each approved as the plan's `approval:` says.
    let mut companies: Vec<(CompanyFact, Approval)> = demo
        .companies()
        .iter()
        .map(|c| (CompanyFact::of(c), demo_approval(c)))
        .collect();
    // The programs the plan lists (its courses), as `programs::save` keeps them.
    let mut programs: Vec<domain::model::Program> = demo
        .programs()
        .into_iter()
        .filter(|p| matches!(p.kind, ProgramKind::Course { .. }))
        .collect();
    // The trust facts on cards, as the plan's `identity` and `security` markers say.
    let mut trust: Vec<(ResidentId, String)> = demo
        .identity_checks()
        .into_iter()
        .map(|c| (c.resident, "identity".to_owned()))
        .chain(
            demo.security_completions()
                .into_iter()
                .map(|s| (s.resident, "security".to_owned())),
        )
        .collect();
    residents
        .chunks(RESIDENTS_PER_IMPORT)
        .map(|c| {
            DeskStep::Facts(records::facts::Imported {
                residents: c.to_vec(),
                jobs: std::mem::take(&mut jobs),
                companies: std::mem::take(&mut companies),
                programs: std::mem::take(&mut programs),
                trust: std::mem::take(&mut trust),
            })
        })
        .collect()
}

/// Carries out the seed from `from` on, one step per call: a chunk of KV writes, or (after them)
/// one batch of engagements into the region's desk, counted as `CHUNK` steps. The last step also
/// makes the demo logins, refreshes the summary and records the seed version.
pub async fn seed_demo(env: &Env, from: usize, size: Size) -> ApiResult<SeedReport> {
    let store = Store::open(env)?;
    let demo = DemoRegion::new(size.config());
    let region = demo.region().id.0;
    let done = store.get_text(keys::SEED_MARKER).await?.as_deref() == Some(&size.marker());
    // The plan must be the same for every chunk: histories end at the start of today (UTC).
    let today = clock::now().date_naive().and_time(NaiveTime::MIN).and_utc();
    let (writes, batches) = if done {
        (Vec::new(), Vec::new())
    } else {
        let mut steps: Vec<DeskStep> = import_batches(events_of(&demo, today, size))
            .into_iter()
            .map(DeskStep::Events)
            .collect();
        steps.extend(fact_batches(&demo));
        (plan(&demo)?, steps)
    };
    let total = writes.len() + batches.len() * CHUNK;
    let desk = crate::desk::Desk::of(env, &region, crate::meter::Meter::new())?;
    let end = if from < writes.len() {
        let end = (from + CHUNK).min(writes.len());
        for w in writes.get(from..end).unwrap_or_default() {
            match &w.value {
                Value::Json(text) => store.put_text(&w.key, text, None).await?,
                Value::Bytes(bytes) => store.put_bytes(&w.key, bytes).await?,
                Value::Marker(metadata) => {
                    store
                        .put_with_metadata(&w.key, "", Some(metadata.clone()), None)
                        .await?
                }
            }
        }
        end
    } else {
        let k = (from - writes.len()) / CHUNK;
        match batches.get(k) {
            Some(DeskStep::Events(batch)) => {
                records::engagements::import(&desk, batch.clone()).await?;
                records::engagements::import_terms(&desk, demo_terms(&demo, batch)).await?;
            }
            Some(DeskStep::Facts(facts)) => {
                records::facts::import(&desk, facts.clone()).await?;
            }
            None => {}
        }
        (writes.len() + (k + 1) * CHUNK).min(total)
    };
    let next = (end < total).then_some(end);
    if !done && next.is_none() {
        demo_logins(&store, &demo).await?;
        summary::refresh(&store, &desk, &region).await?;
        store
            .put_text(keys::SEED_MARKER, &size.marker(), None)
            .await?;
    }
    Ok(SeedReport {
        seeded: !done,
        version: size.marker(),
        region,
        next,
        total,
    })
}

/// A second, small region for the tests (`POST /api/v1/dev/seed?region=yamabiko`): its own hub,
/// municipality staff and two approved companies, each with a login (password as the demo's),
/// and no residents (tests add them through the hub's invites). Idempotent.
pub const SECOND_REGION: &str = "yamabiko";
pub const SECOND_HUB: &str = "hub@yamabiko.musubi.example";
pub const SECOND_MUNICIPALITY: &str = "city@yamabiko.musubi.example";
pub const SECOND_COMPANY: &str = "company@yamabiko.musubi.example";
pub const SECOND_OTHER_COMPANY: &str = "company2@yamabiko.musubi.example";

pub async fn seed_second_region(env: &Env) -> ApiResult<SeedReport> {
    use domain::model::{
        Company, CompanySize, Localized, Municipality, MunicipalityId, Region, RegionId,
    };
    let store = Store::open(env)?;
    let now = clock::now();
    let id = RegionId(SECOND_REGION.to_owned());
    let region = Region {
        id: id.clone(),
        name: Localized::new("やまびこ圏域", "Yamabiko region"),
        prefecture: 3,
        municipalities: vec![
            Municipality {
                id: MunicipalityId("yamabiko-kita".into()),
                name: Localized::new("やまびこ北町", "Yamabiko-kita Town"),
            },
            Municipality {
                id: MunicipalityId("yamabiko-minami".into()),
                name: Localized::new("やまびこ南村", "Yamabiko-minami Village"),
            },
        ],
    };
    store
        .put_json(&keys::region(SECOND_REGION), &region)
        .await?;
    let hub_role = Role::Hub { region: id.clone() };
    let hub = auth::create_account(&store, SECOND_HUB, DEMO_PASSWORD, hub_role, &id, now).await?;
    let staff = Role::MunicipalityStaff {
        municipality: region.municipalities[0].id.clone(),
    };
    auth::create_account(&store, SECOND_MUNICIPALITY, DEMO_PASSWORD, staff, &id, now).await?;
    for (n, email) in [(1, SECOND_COMPANY), (2, SECOND_OTHER_COMPANY)] {
        let company = Company {
            id: CompanyId(format!("co-yamabiko-{n}")),
            region_id: id.clone(),
            name: format!("やまびこ商事{n}"),
            industry: "小売業".into(),
            prefecture: 3,
            municipality: "やまびこ北町".into(),
            size: CompanySize::Small,
            contact_person: format!("山彦 {n}郎"),
            created_at: now,
        };
        store
            .put_json(&keys::company(company.id.as_str()), &company)
            .await?;
        store
            .put_text(
                &keys::member(SECOND_REGION, "company", company.id.as_str()),
                "",
                None,
            )
            .await?;
        let approval = Approval::Approved {
            by: hub.id.clone(),
            at: now,
        };
        store
            .put_json(&keys::approval(company.id.as_str()), &approval)
            .await?;
        let desk = store.desk(SECOND_REGION)?;
        records::facts::save_company(&desk, &company).await?;
        records::facts::decide_company(&desk, &company.id, &approval).await?;
        let role = Role::CompanyMember {
            company: company.id.clone(),
        };
        auth::create_account(&store, email, DEMO_PASSWORD, role, &id, now).await?;
    }
    Ok(SeedReport {
        seeded: true,
        version: SEED_VERSION.to_owned(),
        region: SECOND_REGION.to_owned(),
        next: None,
        total: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_today() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T00:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn plan_is_deterministic_and_every_key_is_written_once() {
        let a = plan(&demo_region()).expect("plan");
        let b = plan(&demo_region()).expect("plan");
        assert_eq!(a, b);
        let mut keys: Vec<&str> = a.iter().map(|w| w.key.as_str()).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is written twice");
    }

    #[test]
    fn plan_holds_residents_companies_jobs_courses_and_the_index() {
        let writes = plan(&demo_region()).expect("plan");
        let count = |prefix: &str| writes.iter().filter(|w| w.key.starts_with(prefix)).count();
        let config = DemoConfig::default();
        assert_eq!(count("resident:"), config.residents);
        assert_eq!(count("idx:midori:resident:"), config.residents);
        assert_eq!(count("company:"), config.companies);
        assert!(count("idx:midori:related:") > 0);
        assert!(count("idx:midori:job:") > 0);
        assert!(count("idx:midori:course:") > 0);
        assert_eq!(count("matchidx:midori"), 1);
        assert_eq!(
            count("ev:") + count("of:"),
            0,
            "engagements live in the desk"
        );
        assert!(
            writes.len() < 12 * CHUNK,
            "seeding takes {} calls",
            writes.len().div_ceil(CHUNK)
        );
    }

    #[test]
    fn demo_engagements_have_histories_and_some_residents_work_now() {
        let events = demo_events(&demo_region(), test_today());
        assert!(events.len() > 100, "demo engagements have histories");
        let folded = engagement::fold_all(&events);
        assert!(folded.len() >= 5);
        let working: std::collections::BTreeSet<_> = folded
            .values()
            .filter(|f| {
                matches!(
                    f.state.stage,
                    engagement::Stage::Working | engagement::Stage::Renewed
                )
            })
            .filter_map(|f| f.state.resident().cloned())
            .collect();
        assert!(working.len() >= 5, "some demo residents work now");
    }

    #[test]
    fn every_started_demo_engagement_has_terms_both_confirmed_before_its_trial() {
        let demo = demo_region();
        let events = demo_events(&demo, test_today());
        let states = engagement::fold_all(&events);
        let started: Vec<(&str, DateTime<Utc>)> = states
            .iter()
            .filter_map(|(id, f)| f.state.trial_started_at.map(|at| (id.0.as_str(), at)))
            .collect();
        assert!(started.len() >= 20, "{} started", started.len());
        let terms: Vec<_> = import_batches(events)
            .iter()
            .flat_map(|batch| demo_terms(&demo, batch))
            .collect();
        assert_eq!(
            terms.len(),
            started.len(),
            "one set of terms per started engagement"
        );
        for t in &terms {
            let (_, trial_at) = started
                .iter()
                .find(|(id, _)| *id == t.engagement.as_str())
                .expect("a started engagement");
            assert!(t.agreed_at < *trial_at);
            assert_eq!(t.doc.statement.validate(true), Ok(()), "{}", t.engagement);
            assert!(!t.doc.statement.contractor.name.is_empty());
        }
    }

    #[test]
    fn the_large_region_has_about_3000_engagements_and_40000_events() {
        let demo = DemoRegion::new(Size::Large.config());
        let events = events_of(&demo, test_today(), Size::Large);
        let engagements = engagement::fold_all(&events).len();
        println!(
            "large region: {engagements} engagements, {} events",
            events.len()
        );
        assert!(
            (2_500..=3_500).contains(&engagements),
            "{engagements} engagements"
        );
        assert!(events.len() >= 35_000, "{} events", events.len());
        let batches = import_batches(events.clone());
        assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), events.len());
        assert_eq!(batches.len(), engagements.div_ceil(ENGAGEMENTS_PER_IMPORT));
    }

    #[test]
    fn the_index_built_from_marker_metadata_equals_the_seeded_index() {
        let writes = plan(&demo_region()).expect("plan");
        let space = records::task_space().expect("space");
        let region = demo_region().region().id;
        let prefix = keys::member_prefix(region.as_str(), "resident");
        let mut from_markers = IndexBuilder::new(region.clone(), space.clone());
        for w in writes.iter().filter(|w| w.key.starts_with(&prefix)) {
            let Value::Marker(serde_json::Value::String(text)) = &w.value else {
                panic!("{} has no row metadata", w.key);
            };
            let row = domain::index::Row::decode(text, &space).expect("a row");
            let id = ResidentId(w.key.trim_start_matches(&prefix).to_owned());
            from_markers.push_row(id, row);
        }
        let seeded = writes
            .iter()
            .find(|w| w.key == keys::match_index(region.as_str()))
            .map(|w| w.value.clone());
        assert_eq!(seeded, Some(Value::Bytes(from_markers.to_bytes())));
        let jobs = keys::member_prefix(region.as_str(), "job");
        for w in writes.iter().filter(|w| w.key.starts_with(&jobs)) {
            let Value::Marker(m) = &w.value else {
                panic!("{} has no job metadata", w.key);
            };
            assert!(JobMark::from_metadata(m).is_some(), "{}", w.key);
        }
    }

    #[test]
    fn every_id_could_be_a_path_parameter() {
        for w in plan(&demo_region()).expect("plan") {
            let id = w.key.rsplit(':').next().unwrap_or_default();
            assert!(domain::validate::is_opaque_id(id), "{}", w.key);
        }
    }
}
