//! The public summary of a region: counted from its KV markers and its desk, kept in KV by the
//! scheduled refresh (and the seed).

use domain::api::PublicSummary;
use domain::metrics::public_people;
use domain::model::Region;
use worker::Env;

use crate::clock;
use crate::desk::Desk;
use crate::error::ApiResult;
use crate::meter::Meter;
use crate::records::engagements;
use crate::store::{Store, keys};

/// The region the landing page shows when none is asked for.
pub fn default_region(env: &Env) -> String {
    env.var("DEFAULT_REGION")
        .map(|v| v.to_string())
        .unwrap_or_else(|_| "midori".to_owned())
}

/// Counts a region's records from their membership markers, and the residents working now
/// from the engagements' states in its desk.
pub async fn compute(store: &Store, desk: &Desk, region: &str) -> ApiResult<PublicSummary> {
    let count = |kind: &'static str| async move {
        store
            .list_keys(&keys::member_prefix(region, kind))
            .await
            .map(|k| k.len() as u64)
    };
    let region_record: Option<Region> = store.get_json(&keys::region(region)).await?;
    Ok(PublicSummary {
        region: region_record.map(|r| r.name),
        residents: public_people(count("resident").await?),
        related_residents: public_people(count("related").await?),
        companies: count("company").await?,
        open_jobs: count("job").await?,
        working: public_people(engagements::working(desk).await?),
        courses: count("course").await?,
        as_of: clock::now().to_rfc3339(),
    })
}

/// Recomputes and stores the summary of the default region (the cron trigger's job).
pub async fn refresh_all(env: &Env) -> ApiResult<()> {
    let region = default_region(env);
    let desk = Desk::of(env, &region, Meter::new())?;
    refresh(&Store::open(env)?, &desk, &region).await?;
    Ok(())
}

/// The scheduled erasure of the free text of engagements ended more than five years ago
/// (`records::engagements::erase_old_free_text`), in the default region's desk.
pub async fn erase_old_free_text_all(env: &Env) -> ApiResult<u32> {
    let desk = Desk::of(env, &default_region(env), Meter::new())?;
    super::engagements::erase_old_free_text(&desk, crate::clock::now()).await
}

/// Recomputes and stores one region's summary.
pub async fn refresh(store: &Store, desk: &Desk, region: &str) -> ApiResult<PublicSummary> {
    let summary = compute(store, desk, region).await?;
    store.put_json(&keys::summary(region), &summary).await?;
    Ok(summary)
}
