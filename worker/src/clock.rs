//! The worker's only clock read; the domain is always handed time.
//!
//! Development only: a settable clock. `PUT /api/v1/dev/clock` stores an offset from the real
//! time in KV (`dev:clock`); [`load_dev_offset`] reads it at the start of each API request where
//! `MUSUBI_ENV` is `development`, and [`now`] adds it, so tests of due dates, notice periods and
//! the minimum wage's effective dates do not depend on today's date. Production never reads
//! the key (the route is 404 there) and the offset stays 0.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::error::ApiResult;
use crate::store::Store;

/// KV key of the development clock's offset (milliseconds, as text).
pub const DEV_CLOCK_KEY: &str = "dev:clock";

thread_local! {
    /// Milliseconds added to the real time. 0 unless a development request loaded an offset.
    static OFFSET_MS: Cell<i64> = const { Cell::new(0) };
}

/// The real time, without any development offset.
pub fn real_now() -> DateTime<Utc> {
    let millis = worker::Date::now().as_millis();
    DateTime::from_timestamp_millis(millis as i64).unwrap_or_default()
}

pub fn now() -> DateTime<Utc> {
    let offset = OFFSET_MS.with(Cell::get);
    let real = real_now();
    DateTime::from_timestamp_millis(real.timestamp_millis().saturating_add(offset)).unwrap_or(real)
}

/// Whether a development offset is in force.
pub fn is_set() -> bool {
    OFFSET_MS.with(Cell::get) != 0
}

/// Sets the offset for this isolate (the caller has stored it).
pub fn set_offset(ms: i64) {
    OFFSET_MS.with(|o| o.set(ms));
}

/// At the start of an API request: the stored development offset (`development` only; the read
/// is not counted on the request's meter, so `Server-Timing` shows what the handler spent).
pub async fn load_dev_offset(env: &worker::Env, development: bool) -> ApiResult<()> {
    if !development {
        set_offset(0);
        return Ok(());
    }
    let store = Store::open(env)?;
    let offset = store
        .get_text(DEV_CLOCK_KEY)
        .await?
        .and_then(|t| t.parse::<i64>().ok())
        .unwrap_or(0);
    set_offset(offset);
    Ok(())
}

/// Milliseconds with sub-millisecond precision where the runtime gives it (for timing checks).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
