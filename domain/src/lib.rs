//! musubi's domain: every rule a product person would name lives here, free of I/O and clocks
//! (time is passed in), so it compiles natively for fast tests and to wasm for app and worker.
//! (The demo region generator is its own crate, `demo/`.)

pub mod account;
pub mod api;
pub mod approval;
pub mod city;
pub mod cohort;
pub mod engagement;
pub mod fair_work;
pub mod hub;
pub mod index;
pub mod matching;
pub mod metrics;
pub mod model;
pub mod needs;
pub mod onboarding;
pub mod pay;
pub mod profile_summary;
pub mod record;
pub mod resident_view;
pub mod scoping;
pub mod talent;
pub mod team;
pub mod terms;
pub mod text;
pub mod trust;
pub mod validate;
pub mod verification;
pub mod vocabulary;
pub mod wire_time;
