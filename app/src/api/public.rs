//! What anybody may read, logged in or not.

use domain::api::PublicSummary;

use super::{ApiError, get};

pub async fn public_summary() -> Result<PublicSummary, ApiError> {
    get("/api/v1/public/summary").await
}
