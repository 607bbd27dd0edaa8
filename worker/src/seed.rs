//! The demo region, written into KV by `POST /api/v1/dev/seed`. Idempotent: ids are
//! deterministic and a marker records the seeded version, so a second run writes nothing new.

use serde::Serialize;
use worker::Env;

use crate::error::ApiResult;
use crate::handlers::summary;
use crate::store::{Store, keys};

/// Bump when the demo data changes shape, so that an old local KV is re-seeded.
pub const SEED_VERSION: &str = "1";

#[derive(Debug, Serialize)]
pub struct SeedReport {
    pub seeded: bool,
    pub version: String,
    pub region: String,
}

pub async fn seed_demo(env: &Env) -> ApiResult<SeedReport> {
    let store = Store::open(env)?;
    let region = summary::default_region(env);
    if store.get_text(keys::SEED_MARKER).await?.as_deref() == Some(SEED_VERSION) {
        return Ok(SeedReport {
            seeded: false,
            version: SEED_VERSION.to_owned(),
            region,
        });
    }
    let demo = domain::model::Region {
        id: domain::model::RegionId(region.clone()),
        name: domain::model::Localized::new("みどり圏域", "Midori area"),
        prefecture: 5,
        municipalities: Vec::new(),
    };
    store.put_json(&keys::region(&region), &demo).await?;
    summary::refresh_all(env).await?;
    store
        .put_text(keys::SEED_MARKER, SEED_VERSION, None)
        .await?;
    Ok(SeedReport {
        seeded: true,
        version: SEED_VERSION.to_owned(),
        region,
    })
}
