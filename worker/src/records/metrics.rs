//! What a region's metrics read (`metrics_input`: residents, verifications, accepted courses and
//! the engagements' states, all from the region's desk in one call). Read by the city's report,
//! the placement of a course's graduates and the hub's attention list.

use std::collections::BTreeMap;

use domain::metrics::MetricsInput;
use domain::model::JobId;

use crate::desk::views::{ViewAnswer, ViewCommand};
use crate::error::ApiResult;
use crate::records;

/// Everything the region's metrics read, and each job's planned weeks: one desk call
/// (`desk::views::metrics`: the residents' facts kept when each profile was saved, the
/// verifications, the courses residents accepted and the engagements with their jobs' pay).
pub async fn metrics_input_with_weeks(
    desk: &crate::desk::Desk,
) -> ApiResult<(MetricsInput, BTreeMap<JobId, u32>)> {
    match records::facts::view(desk, ViewCommand::Metrics).await? {
        ViewAnswer::Metrics { input, weeks } => Ok((input, weeks)),
        other => Err(records::facts::unexpected(other)),
    }
}

/// Everything the region's metrics read (`metrics_input_with_weeks`).
pub async fn metrics_input(desk: &crate::desk::Desk) -> ApiResult<MetricsInput> {
    Ok(metrics_input_with_weeks(desk).await?.0)
}
