//! The facts the region's views read, kept in the region's desk (`desk::views`): written by the
//! one writer of each record (the resident's profile, the hub's or a course's verifications, the
//! resident's answer to a course, the job's company), read by the views in one call.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::hub::CompanyApplication;
use domain::model::{
    Approval, Company, CompanyId, Job, MunicipalityId, Program, RegionId, Resident, ResidentId,
    TrackRecord, UserId,
};
use domain::trust::Trust;
use domain::verification::SkillVerification;
use serde::Serialize;

use crate::desk::Desk;
use crate::desk::parties::CompanyFact;
use crate::desk::views::{AttentionQuery, JobFact, ResidentFact, ViewAnswer, ViewCommand};
use crate::desk::wire::{Answer, Command, RankedMatches};
use crate::error::{ApiError, ApiResult};

pub(crate) fn unexpected(answer: impl std::fmt::Debug) -> ApiError {
    ApiError::internal(format!("desk answered {answer:?}"))
}

/// One view command, one desk call.
pub async fn view(desk: &Desk, command: ViewCommand) -> ApiResult<ViewAnswer> {
    match desk.call(&Command::View { command }).await? {
        Answer::View { view } => Ok(*view),
        other => Err(unexpected(other)),
    }
}

/// The region's open jobs with their ranking facts as the desk keeps them (one company's, when
/// given), `None` while the desk does not know every job's facts.
pub async fn open_jobs(desk: &Desk, company: Option<CompanyId>) -> ApiResult<OpenJobMarks> {
    match view(desk, ViewCommand::OpenJobs { company }).await? {
        ViewAnswer::OpenJobs { jobs } => Ok(jobs),
        other => Err(unexpected(other)),
    }
}

/// The open jobs' ranking facts by id, `None` while the desk does not know every job's.
pub type OpenJobMarks = Option<Vec<(domain::model::JobId, domain::index::JobMark)>>;

async fn done(desk: &Desk, command: ViewCommand) -> ApiResult<()> {
    match view(desk, command).await? {
        ViewAnswer::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// A resident saved the profile. Writer: that resident.
pub async fn save_resident(desk: &Desk, r: &Resident) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::SaveResident {
            fact: ResidentFact::of(r),
        },
    )
    .await
}

/// The hub or a course verified skills (each with its KV name under `verif:`).
pub async fn save_verifications(
    desk: &Desk,
    records: Vec<(String, SkillVerification)>,
) -> ApiResult<()> {
    done(desk, ViewCommand::SaveVerifications { records }).await
}

/// A job was saved. Writer: its company, or the region's hub for it.
pub async fn save_job(desk: &Desk, job: &Job) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::SaveJob {
            fact: JobFact::of(job),
        },
    )
    .await
}

/// A company's profile was saved. Writer: its members (the seed for the demo's).
pub async fn save_company(desk: &Desk, company: &Company) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::SaveCompany {
            fact: CompanyFact::of(company),
        },
    )
    .await
}

/// The name a hub member's cards show. Writer: the account's creation.
pub async fn save_coordinator(desk: &Desk, user: &UserId, name: &str) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::SaveCoordinator {
            user: user.clone(),
            name: name.to_owned(),
        },
    )
    .await
}

/// The hub decided on a company. Writer: the region's hub.
pub async fn decide_company(
    desk: &Desk,
    company: &CompanyId,
    approval: &Approval,
) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::DecideCompany {
            company: company.clone(),
            approval: approval.clone(),
        },
    )
    .await
}

/// The region's companies with the hub's decision on each: one desk call.
pub async fn companies(desk: &Desk, region: &RegionId) -> ApiResult<Vec<CompanyApplication>> {
    match view(
        desk,
        ViewCommand::Companies {
            region: region.clone(),
        },
    )
    .await?
    {
        ViewAnswer::Companies { list } => Ok(list),
        other => Err(unexpected(other)),
    }
}

/// A resident's or a company's handover timeline as the desk writes it: its engagements named,
/// without what the worker reads of the party ([`TimelineHead`], added by [`with_head`]), so the
/// two are read at once. One desk call, passed on unread.
pub async fn timeline_json(desk: &Desk, kind: &str, party: &str) -> ApiResult<Vec<u8>> {
    let command = ViewCommand::Timeline {
        kind: kind.to_owned(),
        party: party.to_owned(),
    };
    desk.call_json(&Command::ViewJson { command }).await
}

/// The fields of `domain::hub::Timeline` the worker reads in KV: the party's name, a company's
/// work requests with their proposals, a resident's trust. The desk's JSON leaves them out.
#[derive(Debug, Serialize)]
pub struct TimelineHead {
    pub party_name: String,
    pub work_requests: Vec<domain::scoping::RequestBrief>,
    pub trust: Option<domain::trust::ResidentTrust>,
}

/// The desk's timeline JSON with the head's fields added, unread: `{…}` + `{"party_name":…}`
/// → `{…,"party_name":…}`.
pub fn with_head(timeline: Vec<u8>, head: &TimelineHead) -> ApiResult<Vec<u8>> {
    with_fields(timeline, &serde_json::to_vec(head)?)
}

/// Two JSON objects as one, the first's bytes kept as they are; the second's keys must not be in
/// the first (the desk leaves its head fields out while unset).
fn with_fields(mut object: Vec<u8>, extra: &[u8]) -> ApiResult<Vec<u8>> {
    let (Some(b'{'), Some(b'}'), Some(b'{'), Some(b'}')) =
        (object.first(), object.last(), extra.first(), extra.last())
    else {
        return Err(ApiError::internal(
            "a timeline or its head is not a JSON object",
        ));
    };
    let inner = &extra[1..extra.len() - 1];
    if inner.is_empty() {
        return Ok(object);
    }
    object.pop();
    if object.len() > 1 {
        object.push(b',');
    }
    object.extend_from_slice(inner);
    object.push(b'}');
    Ok(object)
}

/// What the demo seed hands the desk in one call.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub residents: Vec<ResidentFact>,
    pub jobs: Vec<JobFact>,
    pub companies: Vec<(CompanyFact, Approval)>,
    pub programs: Vec<Program>,
    pub trust: Vec<(ResidentId, String)>,
}

/// The demo seed: many residents, jobs and companies in one call.
pub async fn import(desk: &Desk, facts: Imported) -> ApiResult<()> {
    let Imported {
        residents,
        jobs,
        companies,
        programs,
        trust,
    } = facts;
    done(
        desk,
        ViewCommand::Import {
            residents,
            jobs,
            companies,
            programs,
            trust,
        },
    )
    .await
}

/// A trust fact of a resident (`identity` or `security`). Writers: the hub's identity check, a
/// security course's completion.
pub async fn set_trust(desk: &Desk, resident: &ResidentId, kind: &str) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::SetTrust {
            resident: resident.clone(),
            kind: kind.to_owned(),
        },
    )
    .await
}

/// Which residents of the region have a checked identity and a finished security course.
pub async fn trust(desk: &Desk) -> ApiResult<Trust> {
    match view(desk, ViewCommand::Trust).await? {
        ViewAnswer::Trust { identity, security } => Ok(trust_of(identity, security)),
        other => Err(unexpected(other)),
    }
}

fn trust_of(identity: Vec<ResidentId>, security: Vec<ResidentId>) -> Trust {
    Trust {
        identity: identity.into_iter().collect(),
        security: security.into_iter().collect(),
    }
}

/// A municipality saved a program (also under `program:` in KV, which its pages read).
pub async fn save_program(desk: &Desk, program: &Program) -> ApiResult<()> {
    done(
        desk,
        ViewCommand::SaveProgram {
            program: program.clone(),
        },
    )
    .await
}

/// The region's programs, courses first: one desk call.
pub async fn programs(desk: &Desk) -> ApiResult<Vec<Program>> {
    match view(desk, ViewCommand::Programs).await? {
        ViewAnswer::Programs { list } => Ok(list),
        other => Err(unexpected(other)),
    }
}

/// What a page of residents needs beside their profiles: verifications (oldest first), track
/// records in musubi, and how many residents live in each of the places.
#[derive(Debug, Default)]
pub struct CardFacts {
    pub verifications: BTreeMap<ResidentId, Vec<SkillVerification>>,
    pub tracks: BTreeMap<ResidentId, TrackRecord>,
    pub living: BTreeMap<MunicipalityId, u32>,
    /// The trust facts of these residents (not of the whole region).
    pub trust: Trust,
    /// With `Extra::Matches`: each engagement of these residents as (resident, job, stage).
    pub stages: Vec<(ResidentId, domain::model::JobId, domain::engagement::Stage)>,
    /// With `Extra::Matches`: the region's open jobs to rank with their ranking facts, by id;
    /// `None` while the desk does not know every job's (`records::open_jobs_for_ranking` then
    /// lists the KV markers).
    pub open_jobs: Option<Vec<(domain::model::JobId, domain::index::JobMark)>>,
}

/// What a card read asks of the desk beside the cards' own facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    Nothing,
    /// How many live in each place the residents live in (a talent page).
    HomePlaces,
    /// Where each of the residents' engagements stands, and the region's open jobs to rank
    /// (the resident's own matches: one desk call instead of a KV list of every job).
    Matches,
}

/// The facts of these residents' cards, and what `extra` asks, in the same call.
pub async fn cards(
    desk: &Desk,
    residents: Vec<ResidentId>,
    places: Vec<MunicipalityId>,
    extra: Extra,
) -> ApiResult<CardFacts> {
    if residents.is_empty() && places.is_empty() {
        return Ok(CardFacts::default());
    }
    match view(
        desk,
        ViewCommand::Cards {
            residents,
            places,
            home_places: extra == Extra::HomePlaces,
            stages: extra == Extra::Matches,
            open_jobs: extra == Extra::Matches,
        },
    )
    .await?
    {
        ViewAnswer::Cards {
            verifications,
            tracks,
            living,
            identity,
            security,
            stages,
            open_jobs,
        } => Ok(CardFacts {
            verifications,
            tracks,
            living,
            trust: trust_of(identity, security),
            stages,
            open_jobs,
        }),
        other => Err(unexpected(other)),
    }
}

/// The region's open jobs ranked for `resident` in the desk, from the ranking marks it keeps
/// (one call); `None` while the resident or an open job has no mark.
pub async fn ranked_jobs(
    desk: &Desk,
    resident: ResidentId,
    region: domain::model::RegionId,
    page: domain::matching::Page,
) -> ApiResult<Option<RankedMatches>> {
    match desk
        .call(&Command::RankJobs {
            resident,
            region,
            page,
        })
        .await?
    {
        Answer::Ranked { matches } => Ok(matches),
        other => Err(unexpected(other)),
    }
}

/// A page of the hub's due list built and named in the desk (one call), as the API's JSON.
pub async fn due_json(
    desk: &Desk,
    region: domain::model::RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    page: domain::matching::Page,
) -> ApiResult<Vec<u8>> {
    let command = ViewCommand::Due {
        region,
        now,
        stalled_days,
        page,
    };
    desk.call_json(&Command::ViewJson { command }).await
}

/// The region's report, computed in the desk from what metrics count (one call).
pub async fn report(
    desk: &Desk,
    region: domain::model::RegionId,
    period: domain::metrics::Period,
    today: chrono::NaiveDate,
) -> ApiResult<domain::metrics::RegionReport> {
    match view(
        desk,
        ViewCommand::Report {
            region,
            period,
            today,
        },
    )
    .await?
    {
        ViewAnswer::Report { report } => Ok(*report),
        other => Err(unexpected(other)),
    }
}

/// A page of the hub's attention lists computed and named in the desk (one call), as the API's
/// JSON.
pub async fn attention_json(
    desk: &Desk,
    region: domain::model::RegionId,
    now: DateTime<Utc>,
    (idle_days, ending_days): (u32, u32),
    page: domain::matching::Page,
    list: Option<domain::hub::AttentionList>,
) -> ApiResult<Vec<u8>> {
    let command = ViewCommand::Attention {
        query: AttentionQuery {
            region,
            now,
            idle_days,
            ending_days,
            page,
            list,
        },
    };
    desk.call_json(&Command::ViewJson { command }).await
}

/// A page of the hub's board built and named in the desk (one call), as the API's JSON.
pub async fn pipeline_json(
    desk: &Desk,
    region: domain::model::RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    filter: domain::hub::BoardFilter,
    page: domain::hub::BoardPage,
) -> ApiResult<Vec<u8>> {
    let command = ViewCommand::Pipeline {
        region,
        now,
        stalled_days,
        filter,
        page: Some(page),
    };
    desk.call_json(&Command::ViewJson { command }).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::hub::Timeline;

    fn timeline() -> Timeline {
        Timeline {
            party_kind: "resident".into(),
            party: "r1".into(),
            party_name: None,
            engagements: Vec::new(),
            entries: Vec::new(),
            work_requests: Vec::new(),
            trust: None,
        }
    }

    #[test]
    fn the_head_completes_the_desks_timeline_as_the_domain_reads_it() {
        let desk = serde_json::to_vec(&timeline()).expect("json");
        let trust = domain::trust::ResidentTrust::new(Vec::new(), true);
        let head = TimelineHead {
            party_name: "滝沢 千尋".into(),
            work_requests: Vec::new(),
            trust: Some(trust.clone()),
        };
        let whole = with_head(desk, &head).expect("joined");
        let read: Timeline = serde_json::from_slice(&whole).expect("one object");
        assert_eq!(
            read,
            Timeline {
                party_name: Some("滝沢 千尋".into()),
                trust: Some(trust),
                ..timeline()
            }
        );
        // Every key once, and every field of the API's timeline there (none left to a default).
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&whole).expect("object");
        let text = String::from_utf8(whole).expect("utf-8");
        for key in object.keys() {
            assert_eq!(text.matches(&format!("\"{key}\":")).count(), 1, "{key}");
        }
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "engagements",
                "entries",
                "party",
                "party_kind",
                "party_name",
                "trust",
                "work_requests"
            ]
        );
    }

    #[test]
    fn objects_join_and_anything_else_is_refused() {
        let join = |a: &str, b: &str| {
            with_fields(a.as_bytes().to_vec(), b.as_bytes())
                .map(|v| String::from_utf8(v).expect("utf-8"))
        };
        assert_eq!(
            join(r#"{"a":1}"#, r#"{"b":[2]}"#).ok().as_deref(),
            Some(r#"{"a":1,"b":[2]}"#)
        );
        assert_eq!(join("{}", r#"{"b":2}"#).ok().as_deref(), Some(r#"{"b":2}"#));
        assert_eq!(join(r#"{"a":1}"#, "{}").ok().as_deref(), Some(r#"{"a":1}"#));
        for (a, b) in [("[1]", r#"{"b":2}"#), (r#"{"a":1}"#, "null"), ("", "{}")] {
            assert!(join(a, b).is_err(), "{a} + {b}");
        }
    }
}
