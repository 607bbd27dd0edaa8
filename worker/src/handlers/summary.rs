//! Public aggregate figures for the landing page (`records::summary` computes and refreshes them).

use domain::api::PublicSummary;
use worker::Response;

use crate::clock;
use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::records::summary::{compute, default_region};
use crate::store::keys;

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
