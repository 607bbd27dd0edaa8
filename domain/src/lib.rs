//! musubi's domain: every rule a product person would name lives here, free of I/O and clocks
//! (time is passed in), so it compiles natively for fast tests and to wasm for app and worker.

pub mod engagement;
pub mod model;
pub mod metrics;
pub mod history;
