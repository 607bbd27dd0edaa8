//! `GET /api/v1/health`: version and a real KV write/read round trip.

use domain::api::{Health, KvCheck};
use worker::Response;

use crate::clock;
use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::store::keys;

pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let nonce = format!(
        "{:x}",
        (clock::now_ms() * 1000.0) as u64 ^ js_sys::Math::random().to_bits()
    );
    let key = keys::health_probe(&nonce);
    let started = clock::now_ms();
    store.put_text(&key, &nonce, Some(60)).await?;
    let read = store.get_text(&key).await?;
    let round_trip_ms = clock::now_ms() - started;
    let ok = read.as_deref() == Some(nonce.as_str());
    store.delete(&key).await?;
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
