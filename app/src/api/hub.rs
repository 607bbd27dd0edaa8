//! The hub's console: the board, check-ins due, whom to call, handover timelines, check-ins.

use domain::engagement::EventKind;
use domain::engagement::PipelineStage;
use domain::hub::{Attention, AttentionList, Board, BoardFilter, Due, EventAnswer, Timeline};

use super::{ApiError, Method, get, send};

/// One page of the board, narrowed by `filter`: at most `BOARD_PAGE` cards of each column, and
/// with `column`, that column's cards from `offset` (its "show more").
pub async fn pipeline_page(
    filter: &BoardFilter,
    column: Option<PipelineStage>,
    offset: usize,
) -> Result<Board, ApiError> {
    let mut path = format!("/api/v1/hub/pipeline?limit={}", domain::hub::BOARD_PAGE);
    for (name, value) in [
        ("company", &filter.company),
        ("task", &filter.task),
        ("coordinator", &filter.coordinator),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            path.push_str(&format!("&{name}={}", super::encode(v)));
        }
    }
    if let Some(c) = column {
        path.push_str(&format!("&column={}&offset={offset}", c.as_str()));
    }
    get(&path).await
}

/// Check-ins due per page: each comes with its form, and ten forms are a long page on a tablet.
pub const DUE_PAGE: usize = 10;

/// A page of the check-ins due from `offset` (the first from 0).
pub async fn due(offset: usize) -> Result<Due, ApiError> {
    get(&format!("/api/v1/hub/due?limit={DUE_PAGE}&offset={offset}")).await
}

/// A page of the attention lists: at most `limit` of each, and with `more_of`, that list's from
/// its offset (its "show more").
pub async fn attention(
    limit: usize,
    more_of: Option<(AttentionList, usize)>,
) -> Result<Attention, ApiError> {
    let mut path = format!("/api/v1/hub/attention?limit={limit}");
    if let Some((list, offset)) = more_of {
        path.push_str(&format!("&list={}&offset={offset}", list.as_str()));
    }
    get(&path).await
}

/// `kind` is `residents` or `companies`.
pub async fn timeline(kind: &str, id: &str) -> Result<Timeline, ApiError> {
    get(&format!(
        "/api/v1/hub/{kind}/{}/timeline",
        super::encode(id)
    ))
    .await
}

/// Records a check-in (or any other event the hub may post).
pub async fn post_event(
    engagement: &str,
    event: &EventKind,
    idempotency_key: &str,
) -> Result<EventAnswer, ApiError> {
    let path = format!("/api/v1/engagements/{}/events", super::encode(engagement));
    send(Method::Post, &path, Some(event), Some(idempotency_key)).await
}

/// The companies of the region with their approval, pending first.
pub async fn companies() -> Result<domain::hub::CompanyQueue, ApiError> {
    get("/api/v1/hub/companies").await
}

/// Approves a company (`reason` empty) or rejects it with a reason the company is shown.
pub async fn decide(
    company: &str,
    input: &domain::approval::ApprovalInput,
) -> Result<domain::model::Approval, ApiError> {
    let path = format!("/api/v1/companies/{}/approval", super::encode(company));
    send(Method::Post, &path, Some(input), None).await
}

/// Confirms a resident's skill: task kind, level and how it was seen.
pub async fn verify(
    resident: &str,
    input: &domain::validate::SkillVerificationInput,
    idempotency_key: &str,
) -> Result<serde::de::IgnoredAny, ApiError> {
    let path = format!(
        "/api/v1/residents/{}/verifications",
        super::encode(resident)
    );
    send(Method::Post, &path, Some(input), Some(idempotency_key)).await
}

/// The region's programs (to issue an invite for a course).
pub async fn programs() -> Result<Vec<domain::model::Program>, ApiError> {
    get("/api/v1/programs").await
}

/// Issues an invite code (for a course, or for an event with several uses).
pub async fn invite(
    input: &domain::account::InviteInput,
    idempotency_key: &str,
) -> Result<IssuedInvite, ApiError> {
    send(
        Method::Post,
        "/api/v1/invites",
        Some(input),
        Some(idempotency_key),
    )
    .await
}

/// What the console shows of an issued invite (the rest of the answer is skipped).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct IssuedInvite {
    pub code: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub max_uses: u32,
    #[serde(default)]
    pub label: Option<String>,
}

/// The region's invite codes, the newest first, with their uses.
pub async fn invites() -> Result<domain::account::InviteList, ApiError> {
    get("/api/v1/invites").await
}

/// Records that the hub saw a resident's identity document (only its kind is sent); the answer
/// is read as the check the timeline shows.
pub async fn check_identity(
    resident: &str,
    input: &domain::trust::IdentityCheckInput,
    idempotency_key: &str,
) -> Result<domain::trust::IdentityCheckSeen, ApiError> {
    let path = format!("/api/v1/residents/{}/identity", super::encode(resident));
    send(Method::Post, &path, Some(input), Some(idempotency_key)).await
}

/// The region's work requests, what needs the hub first.
pub async fn work_requests() -> Result<Vec<domain::scoping::RequestBrief>, ApiError> {
    get("/api/v1/hub/work-requests").await
}

/// The cards the workspace starts from (the proposal in force, or the first split).
pub async fn workspace(request: &str) -> Result<domain::scoping::Workspace, ApiError> {
    get(&format!(
        "/api/v1/work-requests/{}/workspace",
        super::encode(request)
    ))
    .await
}

/// Each card's pay guidance and team with backups, before proposing.
pub async fn check_scope(
    request: &str,
    input: &domain::scoping::ScopeInput,
) -> Result<domain::scoping::ScopeCheck, ApiError> {
    let path = format!("/api/v1/work-requests/{}/check", super::encode(request));
    send(Method::Post, &path, Some(input), None).await
}

/// Sends (or revises) the proposal to the company.
pub async fn propose(
    request: &str,
    input: &domain::scoping::ScopeInput,
) -> Result<domain::scoping::RequestBrief, ApiError> {
    let path = format!("/api/v1/work-requests/{}/proposal", super::encode(request));
    send(Method::Put, &path, Some(input), None).await
}

/// The need templates, to add a card to a proposal.
pub async fn needs() -> Result<Vec<domain::needs::NeedProposal>, ApiError> {
    get("/api/v1/needs").await
}
