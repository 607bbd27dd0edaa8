//! The worker's only clock read; the domain is always handed time.

use chrono::{DateTime, Utc};

pub fn now() -> DateTime<Utc> {
    let millis = worker::Date::now().as_millis();
    DateTime::from_timestamp_millis(millis as i64).unwrap_or_default()
}

/// Milliseconds with sub-millisecond precision where the runtime gives it (for timing checks).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
