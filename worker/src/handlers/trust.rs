//! Trust on talent cards (`domain::trust`): the hub's identity check of a resident
//! (`POST /api/v1/residents/{id}/identity`) and the security course's completion (written by
//! `programs::complete` through `records::trust::security_course_done`). Each is an append-only record plus the
//! region's membership marker (`idx:{region}:identity:{id}`, `idx:{region}:security:{id}`),
//! which the talent routes list to show and filter the facts without reading a profile.

use domain::model::Resident;
use domain::trust::{IdentityCheck, IdentityCheckInput};
use worker::Response;

use crate::auth::hub_session;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::store::keys;

/// `POST /api/v1/residents/{id}/identity` with `{method}`: the hub saw the resident's official
/// document in person. Only the kind of document is kept, never its number. The region's hub
/// only, for a resident of its region (else 404).
pub async fn identity_check(ctx: &Ctx) -> ApiResult<Response> {
    let (session, region) = hub_session(ctx).await?;
    let id = ctx.param("id")?.to_owned();
    let input: IdentityCheckInput = ctx.json()?;
    let method = input.validate()?;
    let store = ctx.store()?;
    let resident: Resident = store
        .get_json(&keys::resident(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    if resident.region_id != region || crate::records::is_gone(&store, &id).await? {
        return Err(ApiError::NotFound);
    }
    let check = IdentityCheck {
        resident: resident.id.clone(),
        method,
        by: session.user,
        at: clock::now(),
    };
    store
        .put_json(
            &keys::identity_check(&id, check.at.timestamp_millis()),
            &check,
        )
        .await?;
    store
        .put_text(&keys::member(region.as_str(), "identity", &id), "", None)
        .await?;
    crate::records::facts::set_trust(
        &ctx.desk(region.as_str())?,
        &domain::model::ResidentId(id.clone()),
        "identity",
    )
    .await?;
    http::json_status(201, &check)
}
