//! `GET /api/v1/health`: version and a real KV read round trip. Anyone may call it, so it
//! writes nothing: an anonymous request never adds to storage.

use domain::api::{Health, KvCheck};
use worker::Response;

use crate::clock;
use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::store::keys;

pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let started = clock::now_ms();
    // A read of a key nobody writes: KV answered if the read did (with nothing).
    let ok = store.get_text(&keys::health_probe()).await.is_ok();
    let round_trip_ms = clock::now_ms() - started;
    let health = Health {
        status: if ok { "ok" } else { "degraded" }.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        environment: ctx
            .var("MUSUBI_ENV")
            .unwrap_or_else(|| "production".to_owned()),
        kv: KvCheck { ok, round_trip_ms },
    };
    http::json_status(if ok { 200 } else { 503 }, &health)
}
