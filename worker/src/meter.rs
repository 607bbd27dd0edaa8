//! What one request spends on storage: KV operations (a list page or a bulk read is one) and
//! region desk calls, and the milliseconds spent waiting for them. Shared by every `Store` and
//! `Desk` the request opens; written as `Server-Timing` on the response.

use std::cell::Cell;
use std::rc::Rc;

#[derive(Debug, Default)]
struct Counts {
    kv: Cell<u32>,
    desk: Cell<u32>,
    /// Wall-clock milliseconds during which at least one operation was in flight (operations
    /// awaited together count once).
    millis: Cell<f64>,
    in_flight: Cell<u32>,
    since: Cell<f64>,
    /// Milliseconds spent waiting on desk calls alone (each call from its send to its answer's
    /// headers): with `millis`, tells a slow view's desk time from its KV time.
    desk_millis: Cell<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Meter(Rc<Counts>);

impl Meter {
    pub fn new() -> Self {
        Meter::default()
    }

    /// An operation starts (workerd's clock moves across I/O only).
    pub fn start(&self) {
        let c = &self.0;
        if c.in_flight.get() == 0 {
            c.since.set(js_sys::Date::now());
        }
        c.in_flight.set(c.in_flight.get().saturating_add(1));
    }

    fn end(&self) {
        let c = &self.0;
        c.in_flight.set(c.in_flight.get().saturating_sub(1));
        if c.in_flight.get() == 0 {
            let d = (js_sys::Date::now() - c.since.get()).max(0.0);
            c.millis.set(c.millis.get() + d);
        }
    }

    /// A KV operation (a get, put, delete or one list page) ended.
    pub fn kv_op(&self) {
        self.0.kv.set(self.0.kv.get().saturating_add(1));
        self.end();
    }

    /// A region desk call sent at `sent` (`now()`) ended.
    pub fn desk_call(&self, sent: f64) {
        let c = &self.0;
        c.desk.set(c.desk.get().saturating_add(1));
        c.desk_millis
            .set(c.desk_millis.get() + (js_sys::Date::now() - sent).max(0.0));
        self.end();
    }

    /// The clock the meter reads (workerd's moves across I/O only).
    pub fn now() -> f64 {
        js_sys::Date::now()
    }

    pub fn kv(&self) -> u32 {
        self.0.kv.get()
    }

    pub fn desk(&self) -> u32 {
        self.0.desk.get()
    }

    pub fn server_timing(&self) -> String {
        server_timing(
            self.0.millis.get(),
            self.kv(),
            self.desk(),
            self.0.desk_millis.get(),
        )
    }
}

/// `storage;dur=<ms>;desc="kv=<n> do=<m>", desk;dur=<ms>`: all storage, then the desk calls'
/// part of it.
pub fn server_timing(millis: f64, kv: u32, desk: u32, desk_millis: f64) -> String {
    format!("storage;dur={millis:.0};desc=\"kv={kv} do={desk}\", desk;dur={desk_millis:.0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_kv_operations_and_desk_calls() {
        assert_eq!(
            server_timing(12.4, 3, 1, 7.6),
            "storage;dur=12;desc=\"kv=3 do=1\", desk;dur=8"
        );
        assert_eq!(
            server_timing(0.0, 0, 0, 0.0),
            "storage;dur=0;desc=\"kv=0 do=0\", desk;dur=0"
        );
    }
}
