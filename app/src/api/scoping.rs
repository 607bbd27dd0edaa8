//! Work requests (`domain::scoping`), the one call both the company and the hub make: writing a
//! request down (the company for itself, the hub for a company of its region).

use domain::scoping::WorkRequestInput;
use serde::de::IgnoredAny;

use super::{ApiError, Method, send};

pub async fn write_request(
    input: &WorkRequestInput,
    idempotency_key: &str,
) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(
        Method::Post,
        "/api/v1/work-requests",
        Some(input),
        Some(idempotency_key),
    )
    .await
    .map(drop)
}
