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

use crate::desk::Desk;
use crate::desk::parties::CompanyFact;
use crate::desk::views::{JobFact, ResidentFact, TimelineHead, ViewAnswer, ViewCommand};
use crate::desk::wire::{Answer, Command};
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

/// A resident's or a company's handover timeline as the API's JSON, its engagements named and
/// what the worker read of the party set on it (its name, a company's requests, a resident's
/// trust): one desk call, passed on unread.
pub async fn timeline_json(
    desk: &Desk,
    kind: &str,
    party: &str,
    party_name: String,
    work_requests: Vec<domain::scoping::RequestBrief>,
    trust: Option<domain::trust::ResidentTrust>,
) -> ApiResult<Vec<u8>> {
    let command = ViewCommand::Timeline {
        kind: kind.to_owned(),
        party: party.to_owned(),
        head: TimelineHead {
            party_name,
            work_requests,
            trust,
        },
    };
    desk.call_json(&Command::ViewJson { command }).await
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
    /// With `Extra::Stages`: each engagement of these residents as (resident, job, stage).
    pub stages: Vec<(ResidentId, domain::model::JobId, domain::engagement::Stage)>,
}

/// What a card read asks of the desk beside the cards' own facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    Nothing,
    /// How many live in each place the residents live in (a talent page).
    HomePlaces,
    /// Where each of the residents' engagements stands (the resident's own matches).
    Stages,
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
            stages: extra == Extra::Stages,
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
        } => Ok(CardFacts {
            verifications,
            tracks,
            living,
            trust: trust_of(identity, security),
            stages,
        }),
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

/// A page of the hub's attention lists, named, computed in the desk (one call).
pub async fn attention(
    desk: &Desk,
    region: domain::model::RegionId,
    now: DateTime<Utc>,
    (idle_days, ending_days): (u32, u32),
    page: domain::matching::Page,
    list: Option<domain::hub::AttentionList>,
) -> ApiResult<domain::hub::Attention> {
    match view(
        desk,
        ViewCommand::Attention {
            region,
            now,
            idle_days,
            ending_days,
            page,
            list,
        },
    )
    .await?
    {
        ViewAnswer::Attention { attention } => Ok(*attention),
        other => Err(unexpected(other)),
    }
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
