//! The hub's console: the board, check-ins due, whom to call, handover timelines, check-ins.

use domain::engagement::EventKind;
use domain::hub::{Attention, Board, Due, EventAnswer, Timeline};

use super::{ApiError, Method, get, send};

pub async fn pipeline() -> Result<Board, ApiError> {
    get("/api/v1/hub/pipeline").await
}

pub async fn due() -> Result<Due, ApiError> {
    get("/api/v1/hub/due").await
}

pub async fn attention() -> Result<Attention, ApiError> {
    get("/api/v1/hub/attention").await
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
