//! Trust on talent cards (`domain::trust`): the hub's identity check of a resident
//! (`POST /api/v1/residents/{id}/identity`) and the security course's completion (written by
//! `programs::complete` through `security_course_done`). Each is an append-only record plus the
//! region's membership marker (`idx:{region}:identity:{id}`, `idx:{region}:security:{id}`),
//! which the talent routes list to show and filter the facts without reading a profile.

use chrono::{DateTime, Utc};
use domain::model::{Program, Resident, UserId};
use domain::trust::{IdentityCheck, IdentityCheckInput, ResidentTrust, SecurityCourseDone};
use worker::Response;

use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::handlers::hub::hub_session;
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

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
    http::json_status(201, &check)
}

/// A resident's trust as the hub's timeline shows it: the `idcheck:` records (one list and a
/// read each, in parallel; a resident has one or two) and whether any `secdone:` record exists.
pub async fn resident_trust(store: &Store, resident: &str) -> ApiResult<ResidentTrust> {
    let names = store
        .list_keys(&keys::identity_checks_prefix(resident))
        .await?;
    let read = |key: String| async move { store.get_json::<IdentityCheck>(&key).await };
    let checks = futures_util::future::try_join_all(names.into_iter().map(read)).await?;
    let security = !store
        .list_keys(&keys::security_done_prefix(resident))
        .await?
        .is_empty();
    Ok(ResidentTrust::new(
        checks.into_iter().flatten().collect(),
        security,
    ))
}

/// Records that residents finished a security course (`Program::security_course`): one record
/// each and the region's marker. Writer: the course's municipality (its completion), once.
pub async fn security_course_done(
    store: &Store,
    program: &Program,
    residents: &[Resident],
    by: &UserId,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    if !program.security_course {
        return Ok(());
    }
    for r in residents {
        let done = SecurityCourseDone {
            resident: r.id.clone(),
            program: program.id.clone(),
            by: by.clone(),
            at,
        };
        store
            .put_json(
                &keys::security_done(r.id.as_str(), program.id.as_str()),
                &done,
            )
            .await?;
        store
            .put_text(
                &keys::member(r.region_id.as_str(), "security", r.id.as_str()),
                "",
                None,
            )
            .await?;
    }
    Ok(())
}
