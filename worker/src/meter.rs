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

    /// A region desk call ended.
    pub fn desk_call(&self) {
        self.0.desk.set(self.0.desk.get().saturating_add(1));
        self.end();
    }

    pub fn kv(&self) -> u32 {
        self.0.kv.get()
    }

    pub fn desk(&self) -> u32 {
        self.0.desk.get()
    }

    pub fn server_timing(&self) -> String {
        server_timing(self.0.millis.get(), self.kv(), self.desk())
    }
}

/// `storage;dur=<ms>;desc="kv=<n> do=<m>"`.
pub fn server_timing(millis: f64, kv: u32, desk: u32) -> String {
    format!("storage;dur={millis:.0};desc=\"kv={kv} do={desk}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_kv_operations_and_desk_calls() {
        assert_eq!(
            server_timing(12.4, 3, 1),
            "storage;dur=12;desc=\"kv=3 do=1\""
        );
        assert_eq!(server_timing(0.0, 0, 0), "storage;dur=0;desc=\"kv=0 do=0\"");
    }
}
