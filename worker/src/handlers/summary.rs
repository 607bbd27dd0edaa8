//! Public aggregate figures for the landing page, and their scheduled refresh.

use domain::api::PublicSummary;
use domain::metrics::public_people;
use domain::model::Region;
use worker::{Env, Response};

use crate::clock;
use crate::desk::Desk;
use crate::meter::Meter;
use crate::records::engagements;
use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

/// The region the landing page shows when none is asked for.
pub fn default_region(env: &Env) -> String {
    env.var("DEFAULT_REGION")
        .map(|v| v.to_string())
        .unwrap_or_else(|_| "midori".to_owned())
}

pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let region = default_region(&ctx.env);
    let summary = match store
        .get_json::<PublicSummary>(&keys::summary(&region))
        .await?
    {
        Some(s) => s,
        // Not refreshed yet: computed, not kept. An anonymous request writes nothing; the
        // scheduled refresh (and the seed) store it. Dated at the start of the refresh's
        // 10-minute window, so its ETag holds until the next one.
        None => {
            let mut s = compute(&store, &ctx.desk(&region)?, &region).await?;
            let now = clock::now().timestamp();
            s.as_of = chrono::DateTime::from_timestamp(now - now.rem_euclid(600), 0)
                .unwrap_or_else(clock::now)
                .to_rfc3339();
            s
        }
    };
    http::json_cached(ctx, &summary)
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

/// Recomputes and stores one region's summary.
pub async fn refresh(store: &Store, desk: &Desk, region: &str) -> ApiResult<PublicSummary> {
    let summary = compute(store, desk, region).await?;
    store.put_json(&keys::summary(region), &summary).await?;
    Ok(summary)
}
