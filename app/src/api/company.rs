//! The company area's calls: registration and approval, need templates and the job preview,
//! talent with filters, the shortlist, teams, interest and the company's engagements.

use domain::api::{ApprovalView, EngagementContacts, Paged, TalentCard};
use domain::engagement::EventKind;
use domain::model::{Company, Job, Region};
use domain::needs::{JobPreview, NeedProposal};
use domain::scoping::{AnswerInput, RequestView};
use domain::talent::{CloseJobInput, CompanyEngagement, TalentFilter};
use domain::team::Team;
use domain::terms::{EngagementTerms, TermsDocument, TermsInput};
use domain::validate::{CompanyRegistrationInput, JobInput};
use serde::de::IgnoredAny;

use super::{ApiError, Method, encode, get, send};

pub async fn register(input: &CompanyRegistrationInput) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(Method::Post, "/api/v1/companies", Some(input), None)
        .await
        .map(|_| ())
}

pub async fn company(id: &str) -> Result<Company, ApiError> {
    get(&format!("/api/v1/companies/{id}")).await
}

pub async fn approval(id: &str) -> Result<ApprovalView, ApiError> {
    get(&format!("/api/v1/companies/{id}/approval")).await
}

pub async fn region(id: &str) -> Result<Region, ApiError> {
    get(&format!("/api/v1/regions/{id}")).await
}

pub async fn needs(q: &str) -> Result<Vec<NeedProposal>, ApiError> {
    get(&format!("/api/v1/needs?q={}", encode(q))).await
}

pub async fn preview(input: &JobInput) -> Result<JobPreview, ApiError> {
    send(Method::Post, "/api/v1/jobs/preview", Some(input), None).await
}

pub async fn post_job(input: &JobInput, key: &str) -> Result<Job, ApiError> {
    send(Method::Post, "/api/v1/jobs", Some(input), Some(key)).await
}

pub async fn jobs(company: &str) -> Result<Vec<Job>, ApiError> {
    get(&format!("/api/v1/companies/{company}/jobs")).await
}

pub async fn job(id: &str) -> Result<Job, ApiError> {
    get(&format!("/api/v1/jobs/{id}")).await
}

pub async fn talent(
    job: &str,
    filter: &TalentFilter,
    offset: usize,
) -> Result<Paged<TalentCard>, ApiError> {
    get(&format!(
        "/api/v1/jobs/{job}/talent?limit=10&offset={offset}&{}",
        filter.to_query()
    ))
    .await
}

pub async fn team(job: &str, without: &[String]) -> Result<Team, ApiError> {
    get(&format!(
        "/api/v1/jobs/{job}/team?members=4&without={}",
        without.join(",")
    ))
    .await
}

pub async fn shortlist(job: &str) -> Result<Vec<TalentCard>, ApiError> {
    get(&format!("/api/v1/jobs/{job}/shortlist")).await
}

pub async fn set_shortlisted(job: &str, card: &str, on: bool) -> Result<(), ApiError> {
    let method = if on { Method::Put } else { Method::Delete };
    send::<(), IgnoredAny>(
        method,
        &format!("/api/v1/jobs/{job}/shortlist/{card}"),
        None,
        None,
    )
    .await
    .map(|_| ())
}

pub async fn interest(job: &str, card: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/jobs/{job}/talent/{card}/interest");
    send::<(), IgnoredAny>(Method::Post, &path, None, None)
        .await
        .map(|_| ())
}

pub async fn engagements(company: &str) -> Result<Vec<CompanyEngagement>, ApiError> {
    get(&format!("/api/v1/companies/{company}/engagements")).await
}

pub async fn contacts(engagement: &str) -> Result<EngagementContacts, ApiError> {
    get(&format!("/api/v1/engagements/{engagement}")).await
}

pub async fn post_event(engagement: &str, kind: &EventKind, key: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/events");
    send::<_, IgnoredAny>(Method::Post, &path, Some(kind), Some(key))
        .await
        .map(|_| ())
}

pub async fn closed_jobs(company: &str) -> Result<Vec<Job>, ApiError> {
    get(&format!("/api/v1/companies/{company}/jobs?status=closed")).await
}

pub async fn close_job(job: &str, input: &CloseJobInput) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(
        Method::Post,
        &format!("/api/v1/jobs/{job}/close"),
        Some(input),
        None,
    )
    .await
    .map(|_| ())
}

pub async fn terms(company: &str) -> Result<TermsDocument, ApiError> {
    get(&format!("/api/v1/companies/{company}/terms")).await
}

/// Publishes the next version; the page reloads the terms in force afterwards.
pub async fn publish_terms(company: &str, input: &TermsInput) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(
        Method::Put,
        &format!("/api/v1/companies/{company}/terms"),
        Some(input),
        None,
    )
    .await
    .map(|_| ())
}

pub async fn engagement_terms(engagement: &str) -> Result<EngagementTerms, ApiError> {
    get(&format!("/api/v1/engagements/{engagement}/terms")).await
}

/// The company's requests to the hub with the hub's proposals, newest first.
pub async fn work_requests(company: &str) -> Result<Vec<RequestView>, ApiError> {
    get(&format!(
        "/api/v1/companies/{}/work-requests",
        encode(company)
    ))
    .await
}

/// The same list read for where each request stands only (the home's count of proposals waiting).
pub async fn work_request_standing(
    company: &str,
) -> Result<Vec<domain::scoping::RequestStanding>, ApiError> {
    get(&format!(
        "/api/v1/companies/{}/work-requests",
        encode(company)
    ))
    .await
}

/// Accepts (the cards become jobs) or declines the hub's proposal.
pub async fn answer_proposal(
    request: &str,
    input: &AnswerInput,
    key: &str,
) -> Result<RequestView, ApiError> {
    let path = format!("/api/v1/work-requests/{}/answer", encode(request));
    send(Method::Post, &path, Some(input), Some(key)).await
}
